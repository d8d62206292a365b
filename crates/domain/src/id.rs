//! The UUID v7 ids of the log's entities: one definition for every id that is a plain,
//! time-ordered UUID.

/// Defines `$name`, a UUID v7 id: `new_v7`, `from_uuid`, `parse` (`None` for anything but a
/// UUID: the API answers 404 then), `as_uuid`, and `Display` as the UUID.
macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// A new time-ordered id.
            #[must_use]
            pub fn new_v7() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// Wraps a stored id.
            #[must_use]
            pub fn from_uuid(id: uuid::Uuid) -> Self {
                Self(id)
            }

            /// Parses an id; `None` when it is not a UUID (the API answers 404 then).
            #[must_use]
            pub fn parse(input: &str) -> Option<Self> {
                uuid::Uuid::parse_str(input).ok().map(Self)
            }

            /// The UUID.
            #[must_use]
            pub fn as_uuid(self) -> uuid::Uuid {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

pub(crate) use uuid_id;
