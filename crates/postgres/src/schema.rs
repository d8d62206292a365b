//! Diesel table definitions, matching `migrations/`.

diesel::table! {
    voicemail_sessions (id) {
        id -> Uuid,
        user_id -> Text,
        phone_number -> Text,
        greeting_url -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}
