use super::*;
use crate::email::{JsonNumber, TemplateData, TemplateId, TemplateValue};

fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

fn draft() -> EmailDraft {
    EmailDraft {
        to: vec![address("alex@example.com")],
        from: address("noreply@switchboard.example"),
        subject: Some("Your voicemail".into()),
        text: Some("You have a new voicemail.".into()),
        html: None,
        attachments: Vec::new(),
        template: None,
    }
}

fn template() -> Template {
    Template {
        id: TemplateId::parse("d-0123456789abcdef0123456789abcdef").unwrap(),
        data: TemplateData::new(),
    }
}

fn attachment(bytes: usize) -> Attachment {
    Attachment {
        filename: "greeting.wav".into(),
        content: vec![7; bytes],
        content_type: Some("audio/wav".into()),
    }
}

fn refused(change: impl FnOnce(&mut EmailDraft)) -> InvalidEmail {
    let mut d = draft();
    change(&mut d);
    OutgoingEmail::new(d).unwrap_err()
}

#[test]
fn a_plain_email_passes_and_reads_back() {
    let email = OutgoingEmail::new(draft()).unwrap();
    assert_eq!(email.to()[0].as_str(), "alex@example.com");
    assert_eq!(email.from().as_str(), "noreply@switchboard.example");
    assert_eq!(email.subject(), Some("Your voicemail"));
    assert_eq!(email.text(), Some("You have a new voicemail."));
    assert_eq!(email.html(), None);
    assert!(email.attachments().is_empty());
    assert!(email.template().is_none());
    assert_eq!(email.into_draft(), draft());
}

#[test]
fn recipients_number_one_to_fifty_and_are_distinct() {
    assert_eq!(refused(|d| d.to.clear()), InvalidEmail::NoRecipients);
    let fifty: Vec<_> = (0..50)
        .map(|i| address(&format!("r{i}@example.com")))
        .collect();
    let mut ok = draft();
    ok.to = fifty.clone();
    assert!(OutgoingEmail::new(ok).is_ok());
    let mut too_many = fifty;
    too_many.push(address("r50@example.com"));
    assert_eq!(
        refused(|d| d.to = too_many),
        InvalidEmail::TooManyRecipients(51)
    );
    let twice = refused(|d| d.to.push(address("Alex@Example.COM")));
    assert_eq!(
        twice,
        InvalidEmail::DuplicateRecipient("Alex@Example.COM".into())
    );
    assert_eq!(twice.field(), "to");
}

#[test]
fn a_body_or_a_template_is_required_and_parts_are_not_empty() {
    let none = refused(|d| d.text = None);
    assert_eq!(none, InvalidEmail::NoContent);
    assert_eq!(refused(|d| d.text = Some(String::new())).field(), "text");
    assert_eq!(
        refused(|d| d.html = Some(String::new())),
        InvalidEmail::EmptyBody("html")
    );
    let mut html_only = draft();
    html_only.text = None;
    html_only.html = Some("<p>Hi</p>".into());
    assert!(OutgoingEmail::new(html_only).is_ok());
    let mut template_only = draft();
    template_only.text = None;
    template_only.subject = None;
    template_only.template = Some(template());
    assert!(OutgoingEmail::new(template_only).is_ok());
}

#[test]
fn the_subject_is_required_without_a_template_and_is_one_line() {
    assert_eq!(refused(|d| d.subject = None), InvalidEmail::MissingSubject);
    for bad in ["", "Hello\r\nBcc: x@example.com", "tab\tbed"] {
        let err = refused(|d| d.subject = Some(bad.into()));
        assert!(matches!(err, InvalidEmail::InvalidSubject(_)), "{bad:?}");
        assert_eq!(err.field(), "subject");
    }
    assert!(matches!(
        refused(|d| d.subject = Some("s".repeat(999))),
        InvalidEmail::InvalidSubject(_)
    ));
    let mut with_template = draft();
    with_template.template = Some(template());
    with_template.subject = Some("Overridden by the template".into());
    assert!(OutgoingEmail::new(with_template).is_ok());
}

#[test]
fn attachments_are_bounded_in_number_and_size() {
    let mut ten = draft();
    ten.attachments = vec![attachment(10); 10];
    assert!(OutgoingEmail::new(ten).is_ok());
    assert_eq!(
        refused(|d| d.attachments = vec![attachment(10); 11]),
        InvalidEmail::TooManyAttachments(11)
    );
    let mut limit = draft();
    limit.attachments = vec![attachment(MAX_ATTACHMENT_BYTES - 1), attachment(1)];
    assert!(OutgoingEmail::new(limit).is_ok());
    assert_eq!(
        refused(|d| d.attachments = vec![attachment(MAX_ATTACHMENT_BYTES), attachment(1)]),
        InvalidEmail::AttachmentsTooLarge(MAX_ATTACHMENT_BYTES + 1)
    );
}

#[test]
fn each_attachment_has_a_name_content_and_a_plausible_type() {
    let with = |change: fn(&mut Attachment)| {
        let mut a = attachment(3);
        change(&mut a);
        refused(|d| d.attachments = vec![attachment(1), a])
    };
    for err in [
        with(|a| a.filename = " ".into()),
        with(|a| a.filename = "../etc/passwd".into()),
        with(|a| a.filename = "a\r\nb.txt".into()),
        with(|a| a.filename = "n".repeat(256)),
        with(|a| a.content.clear()),
        with(|a| a.content_type = Some("pdf".into())),
        with(|a| a.content_type = Some("text/ plain".into())),
        with(|a| a.content_type = Some(String::new())),
    ] {
        assert!(
            matches!(err, InvalidEmail::InvalidAttachment { index: 1, .. }),
            "{err:?}"
        );
        assert_eq!(err.field(), "attachments");
    }
    let mut ok = draft();
    ok.attachments = vec![Attachment {
        filename: "notes (1).txt".into(),
        content: b"hi".to_vec(),
        content_type: Some("text/plain; charset=utf-8".into()),
    }];
    assert!(OutgoingEmail::new(ok).is_ok());
    let mut untyped = draft();
    untyped.attachments = vec![Attachment {
        content_type: None,
        ..attachment(1)
    }];
    assert!(OutgoingEmail::new(untyped).is_ok());
}

#[test]
fn template_data_may_not_nest_without_bound() {
    let mut value = TemplateValue::Number(JsonNumber::from(1_i64));
    for _ in 0..MAX_TEMPLATE_DATA_DEPTH {
        value = TemplateValue::Array(vec![value]);
    }
    let mut data = TemplateData::new();
    data.insert("deep".into(), value.clone());
    let mut ok = draft();
    ok.template = Some(Template {
        data: data.clone(),
        ..template()
    });
    assert!(OutgoingEmail::new(ok).is_ok());
    data.insert("deeper".into(), TemplateValue::Array(vec![value]));
    let err = refused(|d| {
        d.template = Some(Template { data, ..template() });
    });
    assert_eq!(err, InvalidEmail::TemplateDataTooDeep);
    assert_eq!(err.field(), "template");
}
