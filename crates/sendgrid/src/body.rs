//! The JSON body of `POST /v3/mail/send` for an [`OutgoingEmail`]: one personalization
//! holding every recipient (and the template's data), the sender, the subject, the content
//! (`text/plain` before `text/html`, as SendGrid requires), the attachments in base64 and
//! the template's id.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use serde_json::{Map, Number, Value};
use switchboard_domain::email::{EmailAddress, OutgoingEmail, TemplateData, TemplateValue};

/// The path of the mail-send operation, under the base URL.
pub const MAIL_SEND_PATH: &str = "/v3/mail/send";

#[derive(Serialize)]
struct MailSend<'a> {
    personalizations: [Personalization<'a>; 1],
    from: Address<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    content: Vec<Content<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<Attachment<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail_settings: Option<MailSettings>,
}

#[derive(Serialize)]
struct Personalization<'a> {
    to: Vec<Address<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamic_template_data: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct Address<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> From<&'a EmailAddress> for Address<'a> {
    fn from(address: &'a EmailAddress) -> Self {
        Self {
            email: address.as_str(),
            name: address.name(),
        }
    }
}

#[derive(Serialize)]
struct Content<'a> {
    #[serde(rename = "type")]
    mime_type: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct Attachment<'a> {
    content: String,
    filename: &'a str,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    mime_type: Option<&'a str>,
    disposition: &'static str,
}

#[derive(Serialize)]
struct MailSettings {
    sandbox_mode: Enable,
}

#[derive(Serialize)]
struct Enable {
    enable: bool,
}

/// The request body for `email`; with `sandbox_mode`, SendGrid validates it but delivers
/// nothing.
#[must_use]
pub fn mail_send_body(email: &OutgoingEmail, sandbox_mode: bool) -> Value {
    let mut content = Vec::with_capacity(2);
    if let Some(text) = email.text() {
        content.push(Content {
            mime_type: "text/plain",
            value: text,
        });
    }
    if let Some(html) = email.html() {
        content.push(Content {
            mime_type: "text/html",
            value: html,
        });
    }
    let template = email.template();
    let body = MailSend {
        personalizations: [Personalization {
            to: email.to().iter().map(Address::from).collect(),
            dynamic_template_data: template
                .filter(|t| !t.data.is_empty())
                .map(|t| object(&t.data)),
        }],
        from: email.from().into(),
        subject: email.subject(),
        content,
        attachments: email
            .attachments()
            .iter()
            .map(|a| Attachment {
                content: BASE64.encode(&a.content),
                filename: &a.filename,
                mime_type: a.content_type.as_deref(),
                disposition: "attachment",
            })
            .collect(),
        template_id: template.map(|t| t.id.as_str()),
        mail_settings: sandbox_mode.then_some(MailSettings {
            sandbox_mode: Enable { enable: true },
        }),
    };
    // Serialising plain structs of strings, arrays and JSON values cannot fail.
    serde_json::to_value(body).unwrap_or(Value::Null)
}

fn object(data: &TemplateData) -> Map<String, Value> {
    data.iter().map(|(k, v)| (k.clone(), value(v))).collect()
}

/// A template value as JSON. A number too large for serde_json's `f64` (`1e999`) is sent
/// as its text, a string, rather than lost.
fn value(value: &TemplateValue) -> Value {
    match value {
        TemplateValue::Null => Value::Null,
        TemplateValue::Bool(b) => Value::Bool(*b),
        TemplateValue::Number(n) => n
            .as_str()
            .parse::<Number>()
            .map_or_else(|_| Value::String(n.as_str().to_owned()), Value::Number),
        TemplateValue::String(s) => Value::String(s.clone()),
        TemplateValue::Array(items) => Value::Array(items.iter().map(self::value).collect()),
        TemplateValue::Object(fields) => Value::Object(object(fields)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use switchboard_domain::email::{
        Attachment as DomainAttachment, EmailDraft, JsonNumber, Template, TemplateId,
    };

    fn address(text: &str) -> EmailAddress {
        EmailAddress::parse(text).unwrap()
    }

    #[test]
    fn a_full_email_has_every_part_in_sendgrids_shape() {
        let mut data = TemplateData::new();
        data.insert("name".into(), TemplateValue::String("Alex".into()));
        data.insert(
            "count".into(),
            TemplateValue::Number(JsonNumber::from(3_i64)),
        );
        data.insert(
            "huge".into(),
            TemplateValue::Number(JsonNumber::parse("1e999").unwrap()),
        );
        data.insert(
            "list".into(),
            TemplateValue::Array(vec![TemplateValue::Bool(true), TemplateValue::Null]),
        );
        let email = OutgoingEmail::new(EmailDraft {
            to: vec![
                address("alex@example.com").with_name("Alex").unwrap(),
                address("bola@example.com"),
            ],
            from: address("noreply@example.com"),
            subject: Some("Hi".into()),
            text: Some("plain".into()),
            html: Some("<p>html</p>".into()),
            attachments: vec![DomainAttachment {
                filename: "a.txt".into(),
                content: b"hello".to_vec(),
                content_type: Some("text/plain".into()),
            }],
            template: Some(Template {
                id: TemplateId::parse("d-abc123").unwrap(),
                data,
            }),
        })
        .unwrap();
        assert_eq!(
            mail_send_body(&email, true),
            json!({
                "personalizations": [{
                    "to": [{"email": "alex@example.com", "name": "Alex"}, {"email": "bola@example.com"}],
                    "dynamic_template_data": {"name": "Alex", "count": 3, "huge": "1e999", "list": [true, null]}
                }],
                "from": {"email": "noreply@example.com"},
                "subject": "Hi",
                "content": [
                    {"type": "text/plain", "value": "plain"},
                    {"type": "text/html", "value": "<p>html</p>"}
                ],
                "attachments": [{"content": "aGVsbG8=", "filename": "a.txt", "type": "text/plain", "disposition": "attachment"}],
                "template_id": "d-abc123",
                "mail_settings": {"sandbox_mode": {"enable": true}}
            })
        );
    }

    #[test]
    fn absent_parts_are_left_out() {
        let email = OutgoingEmail::new(EmailDraft {
            to: vec![address("alex@example.com")],
            from: address("noreply@example.com"),
            subject: None,
            text: None,
            html: None,
            attachments: Vec::new(),
            template: Some(Template {
                id: TemplateId::parse("d-abc123").unwrap(),
                data: TemplateData::new(),
            }),
        })
        .unwrap();
        assert_eq!(
            mail_send_body(&email, false),
            json!({
                "personalizations": [{"to": [{"email": "alex@example.com"}]}],
                "from": {"email": "noreply@example.com"},
                "template_id": "d-abc123"
            })
        );
    }
}
