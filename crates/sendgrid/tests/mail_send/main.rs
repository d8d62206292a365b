//! The mail-send client against a wiremock server (the request it sends, every answer
//! SendGrid can give, retries and timeouts, secret hygiene), every body it can build
//! against SendGrid's OpenAPI document, and the client talking to the SendGrid stand-in.

mod against_sim;
mod answers;
mod body_vs_spec;
mod retries;
mod secrets;
mod shapes;
mod support;
