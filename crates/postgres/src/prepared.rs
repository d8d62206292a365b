//! Statements PostgreSQL plans once per connection. diesel never caches a `sql_query` as a
//! prepared statement (each run is parsed and planned again, which for the hot paths'
//! statements costs more than executing them), but it caches a query type with a static
//! [`QueryId`](diesel::query_builder::QueryId) by that id. [`prepared_statement!`] makes such
//! a type for one SQL text whose placeholders `$1`, `$2`, ... each appear once, in order:
//! its fields are the binds, pushed where the placeholders stand.

/// The text of `sql` around its placeholders `$1` to `$n`: `n + 1` pieces; `None` when a
/// placeholder is missing or out of order (a programming error: the statement then fails
/// to build, and its store's tests with it).
pub(crate) fn around_placeholders(sql: &'static str, n: usize) -> Option<Vec<&'static str>> {
    let mut pieces = Vec::with_capacity(n + 1);
    let mut rest = sql;
    for k in 1..=n {
        let marker = format!("${k}");
        let at = rest.match_indices(&marker).map(|(at, _)| at).find(|&at| {
            !rest[at + marker.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        });
        pieces.push(&rest[..at?]);
        rest = &rest[at? + marker.len()..];
    }
    pieces.push(rest);
    Some(pieces)
}

/// `prepared_statement!(Name<'a> { field: RustType => SqlType, ... } = SQL)`: a query type
/// for `SQL`, loaded with `QueryableByName` rows, whose fields bind `$1`, `$2`, ... in order.
macro_rules! prepared_statement {
    (
        $(#[$meta:meta])*
        $name:ident<$lt:lifetime> { $($field:ident: $rust:ty => $sql_type:ty),* $(,)? } = $sql:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub(crate) struct $name<$lt> {
            $(pub(crate) $field: $rust,)*
        }

        impl $name<'_> {
            fn pieces() -> Option<&'static [&'static str]> {
                static PIECES: std::sync::OnceLock<Option<Vec<&'static str>>> =
                    std::sync::OnceLock::new();
                PIECES
                    .get_or_init(|| {
                        let binds = [$(stringify!($field)),*].len();
                        $crate::prepared::around_placeholders($sql, binds)
                    })
                    .as_deref()
            }
        }

        impl diesel::query_builder::QueryId for $name<'_> {
            type QueryId = $name<'static>;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl diesel::query_builder::Query for $name<'_> {
            type SqlType = diesel::sql_types::Untyped;
        }

        impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for $name<'_> {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
            ) -> diesel::QueryResult<()> {
                let mut pieces = Self::pieces()
                    .ok_or_else(|| {
                        diesel::result::Error::QueryBuilderError(
                            concat!(stringify!($name), ": a placeholder is missing or out of order").into(),
                        )
                    })?
                    .iter();
                $(
                    out.push_sql(pieces.next().copied().unwrap_or_default());
                    out.push_bind_param::<$sql_type, _>(&self.$field)?;
                )*
                out.push_sql(pieces.next().copied().unwrap_or_default());
                Ok(())
            }
        }
    };
}

pub(crate) use prepared_statement;

#[cfg(test)]
mod tests {
    use super::around_placeholders;

    #[test]
    fn the_text_is_cut_at_each_placeholder_in_order() {
        assert_eq!(
            around_placeholders("SELECT $1, $2 WHERE x = $10 OR $3", 3),
            Some(vec!["SELECT ", ", ", " WHERE x = $10 OR ", ""])
        );
    }

    #[test]
    fn a_missing_or_misordered_placeholder_is_caught() {
        assert_eq!(around_placeholders("SELECT $1", 2), None);
        assert_eq!(around_placeholders("SELECT $2, $1", 2), None);
    }
}
