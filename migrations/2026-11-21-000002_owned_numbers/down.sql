DROP TABLE owned_numbers;
