//! Every request the client can send ([`describe_requests`]) against Twilio's OpenAPI
//! document: the operation exists at that path and method, path parameters fit, every
//! parameter is declared where it is sent, arrays alone repeat, booleans, integers and enums
//! are valid, required fields are present and the success status is the documented one.
//!
//! The document is the extract of the official `twilio_api_v2010.json` kept by the Twilio
//! stand-in (`crates/twilio-sim/openapi/`), completed with the operations it lacks from the
//! extract in `tests/openapi/` (TwiML Apps; see its `SOURCE.md`).

use std::collections::BTreeMap;

use serde_json::Value;
use switchboard_twilio::rest::describe_requests;
use switchboard_twilio::rest::plan::{HttpMethod, ParamLocation, PlannedRequest};

const SPEC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../twilio-sim/openapi/twilio_api_v2010.subset.json"
));

const SUPPLEMENT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/openapi/twilio_api_v2010.applications.json"
));

/// The stand-in's document, with the supplement's paths and schemas it does not have.
fn spec() -> Value {
    let mut spec: Value = serde_json::from_str(SPEC).expect("the OpenAPI document is JSON");
    let supplement: Value = serde_json::from_str(SUPPLEMENT).expect("the supplement is JSON");
    for (section, pointer) in [("paths", "/paths"), ("schemas", "/components/schemas")] {
        let extra = supplement
            .pointer(pointer)
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("the supplement has {section}"));
        let into = spec
            .pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("the document has {section}"));
        for (name, value) in extra {
            into.entry(name.clone()).or_insert_with(|| value.clone());
        }
    }
    spec
}

/// Follows a `$ref` into `components/schemas`.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/components/schemas/")
                .expect("a local schema reference");
            &spec["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Problems with `value` against `schema` (an item schema for arrays).
fn check_value(spec: &Value, name: &str, schema: &Value, value: &str) -> Vec<String> {
    let schema = resolve(spec, schema);
    let mut problems = Vec::new();
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.iter().any(|a| a.as_str() == Some(value))
    {
        problems.push(format!("{name}={value:?} is not one of {allowed:?}"));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("boolean") if value != "true" && value != "false" => {
            problems.push(format!("{name}={value:?} is not a boolean"));
        }
        Some("integer") => match value.parse::<i64>() {
            Ok(n) => {
                if let Some(min) = schema.get("minimum").and_then(Value::as_i64)
                    && n < min
                {
                    problems.push(format!("{name}={n} is below {min}"));
                }
                if let Some(max) = schema.get("maximum").and_then(Value::as_i64)
                    && n > max
                {
                    problems.push(format!("{name}={n} is above {max}"));
                }
            }
            Err(_) => problems.push(format!("{name}={value:?} is not an integer")),
        },
        _ => {}
    }
    if schema.get("format").and_then(Value::as_str) == Some("uri")
        && url::Url::parse(value).is_err()
    {
        problems.push(format!("{name}={value:?} is not a URI"));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        match sid_pattern(pattern) {
            Some((prefixes, hex)) => {
                let fits = prefixes.iter().any(|p| {
                    value.strip_prefix(p.as_str()).is_some_and(|rest| {
                        rest.len() == hex && rest.bytes().all(|b| b.is_ascii_hexdigit())
                    })
                });
                if !fits {
                    problems.push(format!("{name}={value:?} does not match {pattern}"));
                }
            }
            None => problems.push(format!("{name}: pattern {pattern} is not understood here")),
        }
    }
    let length = value.chars().count();
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && (length as u64) < min
    {
        problems.push(format!("{name}={value:?} is shorter than {min}"));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && (length as u64) > max
    {
        problems.push(format!("{name}={value:?} is longer than {max}"));
    }
    problems
}

/// Reads the SID patterns the spec uses, `^AC[0-9a-fA-F]{32}$` and
/// `^(SM|MM)[0-9a-fA-F]{32}$`, as (prefixes, hex digit count).
fn sid_pattern(pattern: &str) -> Option<(Vec<String>, usize)> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let (prefixes, rest) = match body.strip_prefix('(') {
        Some(group) => {
            let (alternatives, rest) = group.split_once(')')?;
            (alternatives.split('|').map(str::to_owned).collect(), rest)
        }
        None => {
            let at = body.find('[')?;
            (vec![body[..at].to_owned()], &body[at..])
        }
    };
    let count = rest.strip_prefix("[0-9a-fA-F]{")?.strip_suffix('}')?;
    Some((prefixes, count.parse().ok()?))
}

/// Matches a concrete path to a template; returns the path parameters, or `None`.
fn match_path(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let template: Vec<_> = template.split('/').collect();
    let path: Vec<_> = path.split('/').collect();
    if template.len() != path.len() {
        return None;
    }
    let mut found = BTreeMap::new();
    for (t, p) in template.iter().zip(&path) {
        match (t.find('{'), t.find('}')) {
            (Some(open), Some(close)) => {
                let (prefix, suffix) = (&t[..open], &t[close + 1..]);
                let value = p.strip_prefix(prefix)?.strip_suffix(suffix)?;
                found.insert(t[open + 1..close].to_owned(), value.to_owned());
            }
            _ if t == p => {}
            _ => return None,
        }
    }
    Some(found)
}

/// Every problem of one planned request against the document.
fn check(spec: &Value, request: &PlannedRequest) -> Vec<String> {
    let label = request.label();
    let mut problems = Vec::new();
    let Some(path_params) = match_path(request.path_template, &request.path) else {
        return vec![format!(
            "{label}: the path does not fit {}",
            request.path_template
        )];
    };
    let Some(operation_id) = request.operation_id else {
        if spec["paths"].get(request.path_template).is_some() {
            problems.push(format!(
                "{label}: in the spec but planned without an operation"
            ));
        }
        return problems;
    };
    let method = match request.method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Delete => "delete",
    };
    let Some(operation) = spec["paths"]
        .get(request.path_template)
        .and_then(|p| p.get(method))
    else {
        return vec![format!("{label}: no {method} at {}", request.path_template)];
    };
    if operation["operationId"].as_str() != Some(operation_id) {
        problems.push(format!(
            "{label}: the spec calls it {}, the plan {operation_id}",
            operation["operationId"]
        ));
    }
    if operation["responses"]
        .get(request.expected_status.to_string())
        .is_none()
    {
        problems.push(format!(
            "{label}: the spec documents no {} answer",
            request.expected_status
        ));
    }

    let declared = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for parameter in declared.iter().filter(|p| p["in"] == "path") {
        let name = parameter["name"].as_str().unwrap_or_default();
        match path_params.get(name) {
            Some(value) => problems.extend(check_value(spec, name, &parameter["schema"], value)),
            None => problems.push(format!("{label}: path parameter {name} is missing")),
        }
    }

    let (schemas, required): (BTreeMap<String, Value>, Vec<String>) = match request.param_location()
    {
        ParamLocation::Query => (
            declared
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or_default().to_owned(),
                        p["schema"].clone(),
                    )
                })
                .collect(),
            declared
                .iter()
                .filter(|p| p["in"] == "query" && p["required"] == true)
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect(),
        ),
        ParamLocation::FormBody => {
            let body =
                &operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
            let body = resolve(spec, body);
            (
                body["properties"]
                    .as_object()
                    .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default(),
                body["required"]
                    .as_array()
                    .map(|r| {
                        r.iter()
                            .filter_map(|n| n.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        }
    };
    if request.param_location() == ParamLocation::FormBody && schemas.is_empty() {
        problems.push(format!("{label}: the spec has no form body for it"));
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, value) in &request.params {
        *counts.entry(name).or_default() += 1;
        let Some(schema) = schemas.get(name) else {
            problems.push(format!("{label}: {name} is not a declared parameter"));
            continue;
        };
        let schema = resolve(spec, schema);
        let item = if schema["type"] == "array" {
            &schema["items"]
        } else {
            schema
        };
        problems.extend(
            check_value(spec, name, item, value)
                .into_iter()
                .map(|p| format!("{label}: {p}")),
        );
    }
    for (name, count) in counts {
        let is_array = schemas
            .get(name)
            .is_some_and(|s| resolve(spec, s)["type"] == "array");
        if count > 1 && !is_array {
            problems.push(format!("{label}: {name} repeats but is not an array"));
        }
    }
    for name in required {
        if request.param_values(&name).is_empty() {
            problems.push(format!("{label}: required {name} is missing"));
        }
    }
    problems
}

#[test]
fn every_planned_request_conforms_to_the_openapi_document() {
    let spec = spec();
    let requests = describe_requests();
    assert!(requests.len() >= 20, "{} examples", requests.len());
    let problems: Vec<String> = requests.iter().flat_map(|r| check(&spec, r)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

type Mutation = dyn Fn(&mut PlannedRequest);

#[test]
fn the_checker_catches_what_it_should() {
    let spec = spec();
    let good = describe_requests()
        .into_iter()
        .find(|r| r.operation_id == Some("CreateCall") && r.param_values("Record") == ["true"])
        .expect("a full call example");
    assert!(check(&spec, &good).is_empty());

    let mutate = |f: &Mutation| {
        let mut bad = good.clone();
        f(&mut bad);
        check(&spec, &bad)
    };
    let cases: [(&str, &Mutation); 7] = [
        ("undeclared", &|r| {
            r.params.push(("Recording".into(), "true".into()))
        }),
        ("boolean", &|r| {
            r.params.retain(|(k, _)| k != "Record");
            r.params.push(("Record".into(), "yes".into()));
        }),
        ("integer", &|r| {
            r.params.push(("Timeout".into(), "soon".into()))
        }),
        ("repeats", &|r| {
            r.params.push(("To".into(), "+14155550198".into()))
        }),
        ("required", &|r| r.params.retain(|(k, _)| k != "From")),
        ("enum", &|r| {
            r.params.retain(|(k, _)| k != "StatusCallbackMethod");
            r.params.push(("StatusCallbackMethod".into(), "PUT".into()));
        }),
        ("path", &|r| {
            r.path = r.path.replace("/Accounts/AC", "/Accounts/XX")
        }),
    ];
    for (what, change) in cases {
        assert!(!mutate(change).is_empty(), "{what} went unnoticed");
    }
}

#[test]
fn the_twiml_app_requests_are_checked_too() {
    let spec = spec();
    let good = describe_requests()
        .into_iter()
        .find(|r| {
            r.operation_id == Some("CreateApplication")
                && !r.param_values("StatusCallback").is_empty()
        })
        .expect("a full TwiML App example");
    assert!(check(&spec, &good).is_empty());
    let cases: [(&str, &Mutation); 3] = [
        ("undeclared", &|r| {
            r.params.push(("Url".into(), "https://x.example".into()))
        }),
        ("enum", &|r| {
            r.params.retain(|(k, _)| k != "VoiceMethod");
            r.params.push(("VoiceMethod".into(), "PUT".into()));
        }),
        ("uri", &|r| {
            r.params.retain(|(k, _)| k != "VoiceUrl");
            r.params.push(("VoiceUrl".into(), "not a url".into()));
        }),
    ];
    for (what, change) in cases {
        let mut bad = good.clone();
        change(&mut bad);
        assert!(!check(&spec, &bad).is_empty(), "{what} went unnoticed");
    }
    let mut bad_sid = describe_requests()
        .into_iter()
        .find(|r| r.operation_id == Some("UpdateApplication"))
        .expect("an update example");
    bad_sid.path = bad_sid.path.replace("/Applications/AP", "/Applications/PN");
    assert!(
        !check(&spec, &bad_sid).is_empty(),
        "a non-AP SID went unnoticed"
    );
}
