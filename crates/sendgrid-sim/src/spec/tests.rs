use serde_json::{Value, json};

use super::*;

fn spec() -> &'static MailSendSpec {
    MailSendSpec::embedded().unwrap()
}

fn minimal() -> Value {
    json!({
        "personalizations": [{"to": [{"email": "alex@example.com", "name": "Alex"}]}],
        "from": {"email": "noreply@example.com"},
        "subject": "Hi",
        "content": [{"type": "text/plain", "value": "Hello"}]
    })
}

fn fields(found: &[Violation]) -> Vec<Option<&str>> {
    found.iter().map(|v| v.field.as_deref()).collect()
}

#[test]
fn the_embedded_subset_loads_and_documents_the_operation() {
    assert_eq!(
        spec().documented_statuses(),
        [202, 400, 401, 403, 404, 405, 413, 500]
    );
    assert!(MailSendSpec::from_json("{}").is_err());
    assert!(MailSendSpec::from_json("not json").is_err());
}

#[test]
fn the_documents_own_examples_fit_its_schema() {
    let examples = spec().request_examples();
    assert_eq!(examples.len(), 2);
    for (name, example) in examples {
        let found = spec().check_request(&example);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
    assert!(spec().check_request(&minimal()).is_empty());
}

#[test]
fn schema_departures_are_named_by_field() {
    let cases: Vec<(Value, &str)> = vec![
        (json!({"personalizations": []}), "from"),
        (
            json!({"from": {"email": "noreply@example.com"}}),
            "personalizations",
        ),
        (
            json!({"personalizations": [{}], "from": {"email": "a@example.com"}}),
            "personalizations.0.to",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "not-an-address"}]}], "from": {"email": "a@example.com"}}),
            "personalizations.0.to.0.email",
        ),
        (
            json!({"personalizations": [{"to": [{"name": "x"}]}], "from": {"email": "a@example.com"}}),
            "personalizations.0.to.0.email",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "content": [{"type": "text/plain", "value": ""}]}),
            "content.0.value",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "subject": ""}),
            "subject",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "attachments": [{"content": "aGk=", "filename": "a.txt", "disposition": "sideways"}]}),
            "attachments.0.disposition",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "attachments": [{"content": "aGk="}]}),
            "attachments.0.filename",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "categories": ["a","b","c","d","e","f","g","h","i","j","k"]}),
            "categories",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "categories": ["a", "a"]}),
            "categories",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}], "send_at": "soon"}], "from": {"email": "a@example.com"}}),
            "personalizations.0.send_at",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}]}], "from": {"email": "a@example.com"}, "tempalte_id": "d-1"}),
            "tempalte_id",
        ),
        (
            json!({"personalizations": [{"to": [{"email": "b@example.com"}], "substitutions": {"-name-": 3}}], "from": {"email": "a@example.com"}}),
            "personalizations.0.substitutions.-name-",
        ),
    ];
    for (body, field) in cases {
        let found = spec().check_request(&body);
        assert!(
            fields(&found).contains(&Some(field)),
            "{field} not reported for {body}: {found:#?}"
        );
        let v = found
            .iter()
            .find(|v| v.field.as_deref() == Some(field))
            .unwrap();
        assert!(v.message.starts_with(field), "{v:?}");
    }
}

#[test]
fn free_form_objects_take_anything() {
    let mut body = minimal();
    body["personalizations"][0]["dynamic_template_data"] =
        json!({"deep": {"list": [1, "two", null]}});
    body["headers"] = json!({"X-Campaign": "spring"});
    assert!(spec().check_request(&body).is_empty());
}

#[test]
fn error_answers_are_checked_against_error_response() {
    let good = json!({"errors": [{"message": "authorization required", "field": null}]});
    assert!(spec().check_error_body(401, &good).is_empty());
    assert!(spec().check_error_body(429, &good).is_empty());
    let bad = json!({"errors": [{"message": 3}]});
    assert_eq!(
        fields(&spec().check_error_body(400, &bad)),
        [Some("errors.0.message")]
    );
}
