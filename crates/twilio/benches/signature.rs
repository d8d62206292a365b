//! Criterion benchmark: validating the signature of a typical Twilio voice webhook.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use switchboard_twilio::{WebhookValidator, compute_signature};

const TOKEN: &str = "12345";
const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

/// The parameters of an incoming-call webhook (15 of them).
fn voice_params() -> Vec<(String, String)> {
    [
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", "CA0123456789abcdef0123456789abcdef"),
        ("CallStatus", "ringing"),
        ("Called", "+18005551212"),
        ("Caller", "+14158675309"),
        ("Direction", "inbound"),
        ("From", "+14158675309"),
        ("FromCity", "SAN FRANCISCO"),
        ("FromCountry", "US"),
        ("FromState", "CA"),
        ("FromZip", "94105"),
        ("To", "+18005551212"),
        ("ToCountry", "US"),
        ("ToState", "CA"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn validate_form(c: &mut Criterion) {
    let validator = WebhookValidator::new(TOKEN);
    let params = voice_params();
    let valid = compute_signature(TOKEN, URL, &params);
    let invalid = "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=";

    c.bench_function("validate_form/voice_15_params/valid", |b| {
        b.iter(|| validator.validate_form(black_box(URL), black_box(&params), black_box(&valid)));
    });
    c.bench_function("validate_form/voice_15_params/invalid", |b| {
        b.iter(|| validator.validate_form(black_box(URL), black_box(&params), black_box(invalid)));
    });
    c.bench_function("compute_signature/voice_15_params", |b| {
        b.iter(|| compute_signature(black_box(TOKEN), black_box(URL), black_box(&params)));
    });
}

criterion_group!(benches, validate_form);
criterion_main!(benches);
