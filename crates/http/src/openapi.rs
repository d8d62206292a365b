//! What the OpenAPI document says about every operation alike: the problem+json error
//! responses (each with the `code`s it may carry), the bearer security scheme, and the
//! `X-Request-Id` header of every response. The operations themselves are documented on
//! their handlers, from the types they decode and serialise.

// The response types below only describe: utoipa reads their field's type, nothing reads a
// value of them.
#![expect(dead_code, reason = "documentation-only response types")]

use utoipa::Modify;
use utoipa::openapi::OpenApi;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ObjectBuilder, Ref, RefOr, Type};

use crate::problem::Problem;

/// A problem+json body, as an operation's own error responses name it.
pub(crate) type ProblemBody = Problem<'static>;

/// The name of the bearer security scheme every `/v1` operation requires (the handlers'
/// `security(("bearer" = []))` name it as a literal, as utoipa wants).
const BEARER: &str = "bearer";

/// The request-id header, set on every response.
const REQUEST_ID_HEADER: &str = "X-Request-Id";

/// `invalid_request`: malformed JSON, a value of the wrong type, an unknown field or query
/// parameter, or a failed validation; `detail` names the field first.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct InvalidRequest(Problem<'static>);

/// `unauthorized`: the bearer token is missing, malformed, expired or not signed with the
/// service's secret.
#[derive(utoipa::ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("WWW-Authenticate" = String, description = "`Bearer`"))
)]
pub(crate) struct Unauthorized(Problem<'static>);

/// `forbidden`: the caller is authenticated but not allowed (admins only, or the number
/// purchase policy).
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct Forbidden(Problem<'static>);

/// `invalid_signature`: the `X-Twilio-Signature` header is missing or does not match the
/// request; nothing was written.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct InvalidSignature(Problem<'static>);

/// `not_found`: no such resource, or not the caller's (never revealed), or a malformed id.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct NotFound(Problem<'static>);

/// `payload_too_large`: the body is over 64 KiB.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct PayloadTooLarge(Problem<'static>);

/// `unsupported_media_type`: the body is not `application/json`.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct UnsupportedMediaType(Problem<'static>);

/// `rate_limited`: too many requests; retry after `Retry-After` seconds.
#[derive(utoipa::ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Whole seconds to wait"))
)]
pub(crate) struct RateLimited(Problem<'static>);

/// `twilio_unavailable` (Twilio failed or could not be reached), `twilio_auth_failed` (it
/// refused the service's credentials) or `twilio_rejected` (it refused the request).
#[derive(utoipa::ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Whole seconds to wait, when known"))
)]
pub(crate) struct TwilioFailed(Problem<'static>);

/// `store_unavailable`: the service's database did not answer; the request changed
/// nothing. Retry after `Retry-After` seconds.
#[derive(utoipa::ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Whole seconds to wait"))
)]
pub(crate) struct StoreUnavailable(Problem<'static>);

/// `store_unavailable` (the service's database did not answer) or `twilio_rate_limited`
/// (Twilio is throttling the service); nothing was changed. Retry after `Retry-After`
/// seconds.
#[derive(utoipa::ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Whole seconds to wait"))
)]
pub(crate) struct Unavailable(Problem<'static>);

/// `uri_too_long`: the path and query are over 8 KiB (docs/limits.md); answered by the edge
/// before any route.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct UriTooLong(Problem<'static>);

/// `request_header_fields_too_large`: the request line and headers are over 16 KiB, or
/// over 96 fields (docs/limits.md); answered by the edge before any route.
#[derive(utoipa::ToResponse)]
#[response(content_type = "application/problem+json")]
pub(crate) struct HeadersTooLarge(Problem<'static>);

/// Adds what every operation shares: the bearer scheme, the edge's 414 and 431, and
/// `X-Request-Id` on every response.
#[derive(Debug)]
pub(crate) struct Shared;

impl Modify for Shared {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An HS256 JWT signed with `AUTH_JWT_SECRET`: `sub` is the user id, \
                         `exp` is required, `role: \"admin\"` marks an admin.",
                    ))
                    .build(),
            ),
        );
        let request_id = HeaderBuilder::new()
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(128)),
            ))
            .description(Some(
                "The request's id: the client's `X-Request-Id` when it is 1..128 visible \
                 ASCII characters, else a new UUIDv7. Problem bodies carry it as `requestId`.",
            ))
            .build();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.head,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                // Every request goes through the edge, which may refuse its head.
                for (status, name) in [("414", "UriTooLong"), ("431", "HeadersTooLarge")] {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
                }
            }
        }
        let operations = openapi.paths.paths.values_mut().flat_map(|item| {
            [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.head,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
        });
        let responses = operations
            .flat_map(|operation| operation.responses.responses.values_mut())
            .chain(components.responses.values_mut());
        for response in responses {
            if let RefOr::T(response) = response {
                response
                    .headers
                    .insert(REQUEST_ID_HEADER.to_owned(), RefOr::T(request_id.clone()));
            }
        }
    }
}
