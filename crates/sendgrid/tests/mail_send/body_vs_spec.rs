//! Every body the adapter can build, held against the mail-send schema of SendGrid's
//! OpenAPI document (this crate's copy in `tests/openapi/`) and against what SendGrid
//! refuses beyond it, with the stand-in's checker. The checker is shown to catch what it
//! should, so that an empty list of problems means something.

use serde_json::{Value, json};
use switchboard_sendgrid::mail_send_body;
use switchboard_sendgrid_sim::spec::SUBSET_JSON;
use switchboard_sendgrid_sim::{MailSendSpec, Violation, rules};

use crate::shapes::every_shape;

const OUR_COPY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/openapi/tsg_mail_v3.mail_send.json"
));

fn spec() -> MailSendSpec {
    MailSendSpec::from_json(OUR_COPY).expect("the copy loads")
}

fn problems(spec: &MailSendSpec, body: &Value) -> Vec<Violation> {
    let mut found = spec.check_request(body);
    found.extend(rules::check(body, rules::unix_now()));
    found
}

#[test]
fn our_copy_of_the_spec_is_the_stand_ins() {
    assert!(
        OUR_COPY == SUBSET_JSON,
        "re-run crates/sendgrid-sim/openapi/extract.py"
    );
}

#[test]
fn every_body_the_adapter_builds_fits_the_spec_and_sendgrids_rules() {
    let spec = spec();
    let shapes = every_shape();
    assert!(shapes.len() >= 8);
    for (name, email) in &shapes {
        for sandbox in [false, true] {
            let body = mail_send_body(email, sandbox);
            let found = problems(&spec, &body);
            assert!(
                found.is_empty(),
                "{name} (sandbox {sandbox}): {found:#?}\n{body:#}"
            );
        }
    }
    let fifty = &shapes
        .iter()
        .find(|(n, _)| *n == "50 recipients")
        .expect("a shape")
        .1;
    let body = mail_send_body(fifty, false);
    assert_eq!(body["personalizations"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        body["personalizations"][0]["to"].as_array().map(Vec::len),
        Some(50)
    );
}

#[test]
fn the_checker_catches_what_it_should() {
    let spec = spec();
    let shapes = every_shape();
    let full = |name: &str| {
        let email = &shapes.iter().find(|(n, _)| *n == name).expect("a shape").1;
        mail_send_body(email, false)
    };
    type Mutation = fn(&mut Value);
    let cases: [(&str, &str, Mutation); 7] = [
        ("text and html", "content.0.type", |b| {
            b["content"].as_array_mut().expect("content").reverse();
        }),
        ("text", "content.0.value", |b| {
            b["content"][0]["value"] = json!("")
        }),
        ("text", "personalisations", |b| {
            let p = b
                .as_object_mut()
                .expect("an object")
                .remove("personalizations");
            b["personalisations"] = p.unwrap_or_default();
        }),
        ("attachments", "attachments.0.content", |b| {
            b["attachments"][0]["content"] = json!("%%%");
        }),
        ("attachments", "attachments.0.disposition", |b| {
            b["attachments"][0]["disposition"] = json!("download");
        }),
        ("text", "subject", |b| {
            drop(b.as_object_mut().map(|o| o.remove("subject")))
        }),
        ("template with data", "personalizations.0.to.0.email", |b| {
            b["personalizations"][0]["to"][0]["email"] = json!("alex at example.com");
        }),
    ];
    for (shape, field, mutate) in cases {
        let mut body = full(shape);
        mutate(&mut body);
        let found = problems(&spec, &body);
        assert!(
            found.iter().any(|v| v.field.as_deref() == Some(field)),
            "{shape}: {field} went unnoticed: {found:#?}"
        );
    }
}
