DROP INDEX messages_by_number;
DROP INDEX calls_by_number;
