DROP TABLE auto_replies;
DROP TABLE messages;
