//! Tests of the spec checker on the embedded subset: the operations it holds, requests and
//! responses that pass and the departures reported, and every example it carries.

use serde_json::{Value, json};

use super::Spec;
use crate::pairs::owned_pairs;

const AC: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn spec() -> &'static Spec {
    Spec::embedded().expect("the embedded subset loads")
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    owned_pairs(items.iter().copied())
}

fn calls_path() -> String {
    format!("/2010-04-01/Accounts/{AC}/Calls.json")
}

fn messages(violations: &[super::Violation]) -> Vec<String> {
    violations.iter().map(ToString::to_string).collect()
}

#[test]
fn the_subset_holds_exactly_the_operations_the_project_uses() {
    let mut operations = spec().operations();
    operations.sort();
    let a = "/2010-04-01/Accounts/{AccountSid}";
    let mut expected = vec![
        format!("GET {a}/AvailablePhoneNumbers/{{CountryCode}}/Local.json"),
        format!("GET {a}/AvailablePhoneNumbers/{{CountryCode}}/TollFree.json"),
        format!("GET {a}/AvailablePhoneNumbers/{{CountryCode}}/Mobile.json"),
        format!("GET {a}/IncomingPhoneNumbers.json"),
        format!("POST {a}/IncomingPhoneNumbers.json"),
        format!("GET {a}/IncomingPhoneNumbers/{{Sid}}.json"),
        format!("POST {a}/IncomingPhoneNumbers/{{Sid}}.json"),
        format!("DELETE {a}/IncomingPhoneNumbers/{{Sid}}.json"),
        "GET /2010-04-01/Accounts/{Sid}.json".to_owned(),
        format!("GET {a}/Applications.json"),
        format!("POST {a}/Applications.json"),
        format!("GET {a}/Applications/{{Sid}}.json"),
        format!("POST {a}/Applications/{{Sid}}.json"),
        format!("DELETE {a}/Applications/{{Sid}}.json"),
        format!("GET {a}/Calls.json"),
        format!("POST {a}/Calls.json"),
        format!("GET {a}/Calls/{{Sid}}.json"),
        format!("POST {a}/Calls/{{Sid}}.json"),
        format!("GET {a}/Recordings/{{Sid}}.json"),
        format!("DELETE {a}/Recordings/{{Sid}}.json"),
        format!("GET {a}/Messages.json"),
        format!("POST {a}/Messages.json"),
        format!("GET {a}/Messages/{{Sid}}.json"),
    ];
    expected.sort();
    assert_eq!(operations, expected);
}

#[test]
fn a_well_formed_call_create_has_no_violations() {
    let params = pairs(&[
        ("To", "+14155550100"),
        ("From", "+14155550101"),
        ("Url", "https://app.example/voice"),
        ("StatusCallback", "https://app.example/status"),
        ("StatusCallbackEvent", "ringing"),
        ("StatusCallbackEvent", "completed"),
        ("Record", "true"),
        ("Timeout", "30"),
    ]);
    let found = spec().check_request("POST", &calls_path(), &params);
    assert!(found.is_empty(), "{:?}", messages(&found));
}

#[test]
fn an_undeclared_parameter_is_reported() {
    let params = pairs(&[
        ("To", "+14155550100"),
        ("From", "+14155550101"),
        ("Url", "https://app.example/voice"),
        ("VoiceUrl", "https://app.example/voice"),
    ]);
    let found = spec().check_request("POST", &calls_path(), &params);
    assert_eq!(found.len(), 1, "{:?}", messages(&found));
    assert_eq!(found[0].location, "param VoiceUrl");
    assert!(found[0].message.contains("not a declared form field"));
    assert_eq!(
        found[0].operation,
        "POST /2010-04-01/Accounts/{AccountSid}/Calls.json"
    );
}

#[test]
fn a_bad_enum_value_is_reported() {
    let path = format!("/2010-04-01/Accounts/{AC}/Calls/CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json");
    let found = spec().check_request("POST", &path, &pairs(&[("Status", "busy")]));
    assert_eq!(found.len(), 1, "{:?}", messages(&found));
    assert!(found[0].message.contains("is not one of"), "{}", found[0]);
}

#[test]
fn a_missing_required_field_is_reported() {
    let found = spec().check_request("POST", &calls_path(), &pairs(&[("To", "+14155550100")]));
    assert_eq!(found.len(), 1, "{:?}", messages(&found));
    assert_eq!(found[0].location, "param From");
    assert!(found[0].message.contains("missing"));
}

#[test]
fn wrong_types_repeats_and_relative_urls_are_reported() {
    let params = pairs(&[
        ("To", "+14155550100"),
        ("From", "+14155550101"),
        ("To", "+14155550102"),
        ("Url", "/voice"),
        ("Timeout", "soon"),
        ("Record", "yes"),
    ]);
    let found = messages(&spec().check_request("POST", &calls_path(), &params));
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found.iter().any(|m| m.contains("`To` is repeated 2 times")));
    assert!(found.iter().any(|m| m.contains("not an absolute URL")));
    assert!(found.iter().any(|m| m.contains("`soon` is not an integer")));
    assert!(found.iter().any(|m| m.contains("`yes` is not a boolean")));
}

#[test]
fn query_parameters_are_checked_for_reads() {
    let path = format!("/2010-04-01/Accounts/{AC}/AvailablePhoneNumbers/US/Local.json");
    let ok = spec().check_request(
        "GET",
        &path,
        &pairs(&[
            ("AreaCode", "415"),
            ("SmsEnabled", "true"),
            ("PageSize", "5"),
        ]),
    );
    assert!(ok.is_empty(), "{:?}", messages(&ok));
    let bad = messages(&spec().check_request(
        "GET",
        &path,
        &pairs(&[("AreaCode", "four"), ("Foo", "1")]),
    ));
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(
        bad.iter()
            .any(|m| m.contains("not a declared query parameter"))
    );
}

#[test]
fn path_parameters_are_checked_against_their_pattern() {
    let found = spec().check_request(
        "GET",
        "/2010-04-01/Accounts/ACnothex/Calls/CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json",
        &[],
    );
    assert!(
        found.iter().any(|v| v.location == "path AccountSid"),
        "{:?}",
        messages(&found)
    );
}

#[test]
fn unknown_paths_and_undeclared_methods_are_violations() {
    let unknown = spec().check_request("GET", "/2010-04-01/Accounts/AC1/Nope.json", &[]);
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].message.contains("no operation"));
    let method = spec().check_request("DELETE", &calls_path(), &[]);
    assert_eq!(method.len(), 1);
    assert!(
        method[0].message.contains("DELETE is not declared"),
        "{}",
        method[0]
    );
}

/// Every example response in the subset validates: the checker agrees with Twilio's own
/// examples, including the leniencies its module documentation explains.
#[test]
fn every_example_in_the_spec_passes_the_response_check() {
    let spec = spec();
    let mut checked = 0;
    for (template, item) in spec.document()["paths"].as_object().expect("paths") {
        let concrete = template
            .replace("{AccountSid}", AC)
            .replace("{CountryCode}", "US")
            .replace("{Sid}", "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        for (method, op) in item.as_object().expect("path item") {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                let status: u16 = status.parse().expect("numeric status");
                let examples = response
                    .pointer("/content/application~1json/examples")
                    .and_then(Value::as_object);
                for (name, example) in examples.into_iter().flatten() {
                    // Path params are only checked by check_request, so any SID fits here.
                    let found = spec.check_response(method, &concrete, status, &example["value"]);
                    assert!(
                        found.is_empty(),
                        "{method} {template} {name}: {:?}",
                        messages(&found)
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 15, "only {checked} examples checked");
}

fn call_example() -> Value {
    spec().document()["paths"]["/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"]["get"]
        ["responses"]["200"]["content"]["application/json"]["examples"]["fetch"]["value"]
        .clone()
}

fn call_path() -> String {
    format!("/2010-04-01/Accounts/{AC}/Calls/CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json")
}

#[test]
fn a_response_missing_a_non_nullable_field_is_reported() {
    let mut body = call_example();
    body.as_object_mut().expect("object").remove("status");
    let found = spec().check_response("GET", &call_path(), 200, &body);
    assert_eq!(found.len(), 1, "{:?}", messages(&found));
    assert!(found[0].message.contains("missing field `status`"));
    // A nullable field may be absent.
    let mut body = call_example();
    body.as_object_mut().expect("object").remove("answered_by");
    assert!(
        spec()
            .check_response("GET", &call_path(), 200, &body)
            .is_empty()
    );
}

#[test]
fn a_response_with_a_wrong_type_bad_enum_or_bad_sid_is_reported() {
    let mut body = call_example();
    body["duration"] = json!(15);
    body["status"] = json!("ended");
    body["sid"] = json!("CAxyz");
    body["date_created"] = json!("2010-08-31T20:36:28Z");
    let found = messages(&spec().check_response("GET", &call_path(), 200, &body));
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(
        found
            .iter()
            .any(|m| m.contains("body$.duration") && m.contains("expected a string"))
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("body$.status") && m.contains("not one of"))
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("body$.sid") && m.contains("does not match"))
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("body$.sid") && m.contains("shorter than 34"))
    );
    assert!(found.iter().any(|m| m.contains("RFC 2822")));
}

#[test]
fn a_null_in_a_non_nullable_field_is_reported() {
    let mut body = call_example();
    body["status"] = Value::Null;
    let found = spec().check_response("GET", &call_path(), 200, &body);
    assert_eq!(found.len(), 1, "{:?}", messages(&found));
    assert!(found[0].message.contains("not nullable"));
}

#[test]
fn undeclared_statuses_and_bodies_on_204_are_reported() {
    let found = spec().check_response("POST", &calls_path(), 200, &call_example());
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("declared: 201"), "{}", found[0]);
    let path =
        format!("/2010-04-01/Accounts/{AC}/Recordings/REaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json");
    assert!(
        spec()
            .check_response("DELETE", &path, 204, &Value::Null)
            .is_empty()
    );
    assert_eq!(
        spec()
            .check_response("DELETE", &path, 204, &json!({}))
            .len(),
        1
    );
}

#[test]
fn error_bodies_are_checked_against_twilios_error_shape() {
    let good = json!({
        "code": 20404,
        "message": "The requested resource was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404
    });
    assert!(
        spec()
            .check_response("GET", &call_path(), 404, &good)
            .is_empty()
    );
    let bad = json!({"code": "20404", "message": "x", "status": 400});
    let found = messages(&spec().check_response("GET", &call_path(), 404, &bad));
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn capability_keys_match_in_either_case() {
    let path = format!(
        "/2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"
    );
    let mut body = spec().document()["paths"]["/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"]
        ["get"]["responses"]["200"]["content"]["application/json"]["examples"]["fetch"]["value"]
        .clone();
    body["capabilities"] = json!({"voice": true, "SMS": true, "MMS": "yes", "fax": false});
    let found = spec().check_response("GET", &path, 200, &body);
    assert_eq!(found.len(), 1, "{:?}", messages(&found));
    assert!(found[0].location.ends_with(".mms"), "{}", found[0]);
}

#[test]
fn response_schemas_resolve_for_every_success_status() {
    let schema = spec()
        .response_schema("GET", &call_path(), 200)
        .expect("the call schema");
    assert!(schema["properties"].get("status").is_some());
}
