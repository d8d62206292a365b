//! Emails of every shape the API allows, for the checks against the spec and the stand-in.

use switchboard_domain::email::{
    Attachment, EmailDraft, JsonNumber, OutgoingEmail, Template, TemplateData, TemplateId,
    TemplateValue,
};

use crate::support::{address, base};

/// Every shape of email the API allows: text, HTML, both, attachments (typed and not),
/// a template with and without data and subject, 50 named and unnamed recipients.
pub fn every_shape() -> Vec<(&'static str, OutgoingEmail)> {
    let mut shapes = Vec::new();
    let mut push = |name, change: &dyn Fn(&mut EmailDraft)| {
        let mut draft = base();
        change(&mut draft);
        shapes.push((name, OutgoingEmail::new(draft).expect("a valid fixture")));
    };
    push("text", &|_| {});
    push("html", &|d| {
        d.text = None;
        d.html = Some("<p>You have a new <b>voicemail</b>.</p>".into());
    });
    push("text and html", &|d| {
        d.html = Some("<p>You have a new voicemail.</p>".into());
    });
    push("attachments", &|d| {
        d.attachments = vec![
            Attachment {
                filename: "voicemail.wav".into(),
                content: vec![0x52, 0x49, 0x46, 0x46, 0, 1, 2, 3, 255],
                content_type: Some("audio/wav".into()),
            },
            Attachment {
                filename: "notes.txt".into(),
                content: b"call back".to_vec(),
                content_type: None,
            },
        ];
    });
    push("template with data", &|d| {
        d.text = None;
        d.subject = None;
        d.template = Some(template(true));
    });
    push("template without data, with a subject", &|d| {
        d.text = None;
        d.template = Some(template(false));
    });
    push("template and html", &|d| {
        d.html = Some("<p>fallback</p>".into());
        d.template = Some(template(true));
    });
    push("50 recipients", &|d| {
        d.to = (0..50)
            .map(|i| {
                let a = address(&format!("recipient{i}@example.com"));
                if i % 2 == 0 {
                    a.with_name(&format!("Recipient {i}"))
                        .expect("a valid name")
                } else {
                    a
                }
            })
            .collect();
    });
    shapes
}

fn template(with_data: bool) -> Template {
    let mut data = TemplateData::new();
    if with_data {
        data.insert("first_name".into(), TemplateValue::String("Alex".into()));
        data.insert(
            "missed_calls".into(),
            TemplateValue::Number(JsonNumber::from(3_i64)),
        );
        data.insert(
            "calls".into(),
            TemplateValue::Array(vec![TemplateValue::Object(
                [
                    (
                        "from".to_owned(),
                        TemplateValue::String("+14155550100".into()),
                    ),
                    ("answered".to_owned(), TemplateValue::Bool(false)),
                ]
                .into(),
            )]),
        );
    }
    Template {
        id: TemplateId::parse("d-0123456789abcdef0123456789abcdef").expect("a valid id"),
        data,
    }
}
