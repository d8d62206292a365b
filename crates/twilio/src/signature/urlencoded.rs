//! `application/x-www-form-urlencoded` decoding with `url::form_urlencoded`: one query
//! parameter read from a raw URL, and a form body parsed into decoded pairs.

use url::form_urlencoded;

/// The decoded value of the first `name` parameter in `url`'s query (between the first `?`
/// and any `#`), or `None` if it is absent. Keys and values are form-decoded
/// (`+` is a space, `%XX` a byte).
pub(crate) fn query_param(url: &str, name: &str) -> Option<Vec<u8>> {
    let before_fragment = url.split_once('#').map_or(url, |(head, _)| head);
    let (_, query) = before_fragment.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned().into_bytes())
}

/// Parses a form body into `(key, value)` pairs in body order, decoded as browsers and Twilio
/// encode them. Empty segments are skipped; a segment without `=` has an empty value;
/// invalid UTF-8 is replaced with U+FFFD.
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::{parse_form, query_param};

    /// One form value decoded, as bytes: `+` → space, `%XX` → byte, a `%` not followed by
    /// two hex digits kept literally.
    fn form_decode(raw: &[u8]) -> Vec<u8> {
        let body = [b"k=".as_slice(), raw].concat();
        parse_form(&body).remove(0).1.into_bytes()
    }

    #[test]
    fn decodes_plus_and_percent_escapes() {
        assert_eq!(form_decode(b"a+b%2B%2bc%C3%B1"), "a b++cñ".as_bytes());
        assert_eq!(form_decode(b"100%"), b"100%");
        assert_eq!(form_decode(b"%zz%4"), b"%zz%4");
    }

    #[test]
    fn finds_the_first_matching_query_parameter() {
        let url = "https://h/p?foo=1&bodySHA256=ab%63d&bodySHA256=zzz#bodySHA256=frag";
        assert_eq!(query_param(url, "bodySHA256"), Some(b"abcd".to_vec()));
        assert_eq!(query_param(url, "foo"), Some(b"1".to_vec()));
        assert_eq!(query_param(url, "bar"), None);
        assert_eq!(query_param("https://h/p?x&&y=", "x"), Some(Vec::new()));
        assert_eq!(query_param("https://h/p?x&&y=", "y"), Some(Vec::new()));
    }

    #[test]
    fn ignores_fragments_and_missing_queries() {
        assert_eq!(query_param("https://h/p#?bodySHA256=1", "bodySHA256"), None);
        assert_eq!(query_param("https://h/p", "bodySHA256"), None);
        assert_eq!(query_param("https://h/p?bodysha256=1", "bodySHA256"), None);
    }

    #[test]
    fn parses_form_bodies() {
        let pairs = parse_form(b"From=%2B14158675309&Body=It%27s+amazing&&Flag&Empty=&a=b=c");
        let expected = [
            ("From", "+14158675309"),
            ("Body", "It's amazing"),
            ("Flag", ""),
            ("Empty", ""),
            ("a", "b=c"),
        ];
        assert_eq!(pairs.len(), expected.len());
        for ((k, v), (ek, ev)) in pairs.iter().zip(expected) {
            assert_eq!((k.as_str(), v.as_str()), (ek, ev));
        }
        assert!(parse_form(b"").is_empty());
    }
}
