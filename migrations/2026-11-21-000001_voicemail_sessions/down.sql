DROP TABLE rate_limits;
DROP TABLE voicemail_sessions;
DROP TABLE pool_numbers;
