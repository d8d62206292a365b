use serde_json::{Value, json};

use super::check;

const NOW: i64 = 1_700_000_000;

fn minimal() -> Value {
    json!({
        "personalizations": [{"to": [{"email": "alex@example.com"}]}],
        "from": {"email": "noreply@example.com"},
        "subject": "Hi",
        "content": [{"type": "text/plain", "value": "Hello"}]
    })
}

fn fields_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut body = minimal();
    change(&mut body);
    check(&body, NOW)
        .into_iter()
        .map(|v| v.field.unwrap_or_default())
        .collect()
}

#[test]
fn a_plain_send_breaks_no_rule() {
    assert!(check(&minimal(), NOW).is_empty());
}

#[test]
fn content_and_subject_are_needed_without_a_template() {
    assert_eq!(
        fields_after(|b| drop(b.as_object_mut().unwrap().remove("content"))),
        ["content"]
    );
    assert_eq!(fields_after(|b| b["content"] = json!([])), ["content"]);
    assert_eq!(
        fields_after(|b| drop(b.as_object_mut().unwrap().remove("subject"))),
        ["subject"]
    );
    let templated = fields_after(|b| {
        let o = b.as_object_mut().unwrap();
        o.remove("content");
        o.remove("subject");
        o.insert("template_id".into(), json!("d-123"));
    });
    assert!(templated.is_empty(), "{templated:?}");
    let subject_in_personalization = fields_after(|b| {
        b.as_object_mut().unwrap().remove("subject");
        b["personalizations"][0]["subject"] = json!("Per recipient");
    });
    assert!(subject_in_personalization.is_empty());
}

#[test]
fn plain_text_comes_first_then_html() {
    assert_eq!(
        fields_after(|b| b["content"] = json!([
            {"type": "text/html", "value": "<p>x</p>"},
            {"type": "text/plain", "value": "x"}
        ])),
        ["content.1.type", "content.0.type"]
    );
    assert!(
        fields_after(|b| b["content"] = json!([
            {"type": "text/plain", "value": "x"},
            {"type": "text/html", "value": "<p>x</p>"}
        ]))
        .is_empty()
    );
    assert!(
        fields_after(|b| b["content"] = json!([{"type": "text/html", "value": "<p>x</p>"}]))
            .is_empty()
    );
}

#[test]
fn recipients_are_present_unique_and_bounded() {
    assert_eq!(
        fields_after(|b| b["personalizations"] = json!([])),
        ["personalizations"]
    );
    assert_eq!(
        fields_after(|b| b["personalizations"][0]["to"] = json!([])),
        ["personalizations.0.to"]
    );
    assert_eq!(
        fields_after(|b| b["personalizations"][0]["cc"] = json!([{"email": "ALEX@example.com"}])),
        ["personalizations.0.cc.0.email"]
    );
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"email": format!("r{i}@example.com")}))
        .collect();
    assert_eq!(
        fields_after(|b| b["personalizations"][0]["to"] = Value::Array(many)),
        ["personalizations.0"]
    );
}

#[test]
fn attachments_are_base64() {
    let with = |content: &str| {
        let content = content.to_owned();
        fields_after(move |b| b["attachments"] = json!([{"content": content, "filename": "a.txt"}]))
    };
    assert!(with("aGVsbG8=").is_empty());
    assert_eq!(with("hello world!"), ["attachments.0.content"]);
    assert_eq!(with("aGVsbG8"), ["attachments.0.content"]);
    assert_eq!(with("aGVs\nbG8="), ["attachments.0.content"]);
}

#[test]
fn reply_to_send_at_and_headers_follow_sendgrids_limits() {
    assert_eq!(
        fields_after(|b| {
            b["reply_to"] = json!({"email": "r@example.com"});
            b["reply_to_list"] = json!([{"email": "r@example.com"}]);
        }),
        ["reply_to_list"]
    );
    assert_eq!(
        fields_after(|b| b["send_at"] = json!(NOW + 73 * 3600)),
        ["send_at"]
    );
    assert!(fields_after(|b| b["send_at"] = json!(NOW + 71 * 3600)).is_empty());
    assert_eq!(
        fields_after(|b| b["personalizations"][0]["send_at"] = json!(NOW + 100 * 3600)),
        ["personalizations.0.send_at"]
    );
    assert_eq!(
        fields_after(|b| b["headers"] = json!({"X-Campaign": "a", "Subject": "b"})),
        ["headers.Subject"]
    );
    assert_eq!(
        fields_after(|b| b["personalizations"][0]["headers"] = json!({"bcc": "x@example.com"})),
        ["personalizations.0.headers.bcc"]
    );
}
