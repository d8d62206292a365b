DROP TABLE voicemail_settings;
DROP TABLE ivr_menus;
DROP TABLE forwarding_rules;
