//! The REST API v2010 client against a wiremock server: every operation's request (method,
//! path, Basic auth, exact query or form parameters) and answer mapping, the error and retry
//! paths, secret hygiene, and the request plans against the OpenAPI document.

mod applications;
mod calls;
mod errors;
mod messages;
mod numbers;
mod plan_vs_spec;
mod recordings;
mod retries;
mod secrets;
mod support;
