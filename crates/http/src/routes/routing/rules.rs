//! `/v1/numbers/{id}/forwarding-rules`, `/v1/forwarding-rules/{id}` and its `toggle`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::PhoneNumber;
use switchboard_domain::routing::{
    ForwardingRule, NewRule, RingTimeout, RuleChange, RuleId, RuleType,
};
use time::OffsetDateTime;

use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::input::invalid;
use crate::openapi::{
    InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, StoreUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::routes::numbers::number_id;
use crate::state::AppState;

/// A forwarding rule of a number.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ForwardingRule)]
pub(crate) struct RuleBody {
    /// The rule's id.
    #[schema(format = Uuid)]
    id: String,
    /// The number it forwards calls to.
    #[schema(format = Uuid)]
    number_id: String,
    /// Where calls go, E.164.
    #[schema(example = "+14155550123")]
    forward_to: String,
    /// `always`, `busy` or `no-answer`.
    #[serde(rename = "type")]
    #[schema(example = "no-answer")]
    kind: RuleKind,
    /// Seconds to ring (5 to 60).
    #[schema(minimum = 5, maximum = 60, example = 20)]
    ring_timeout: u32,
    /// Whether it applies.
    enabled: bool,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    updated_at: OffsetDateTime,
}

/// When a rule forwards.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = ForwardingRuleType)]
pub(crate) enum RuleKind {
    /// At once.
    Always,
    /// When the owner's browser rejects the call.
    Busy,
    /// When nobody answers the browser in the ring timeout.
    NoAnswer,
}

impl From<RuleKind> for RuleType {
    fn from(kind: RuleKind) -> Self {
        match kind {
            RuleKind::Always => Self::Always,
            RuleKind::Busy => Self::Busy,
            RuleKind::NoAnswer => Self::NoAnswer,
        }
    }
}

impl From<RuleType> for RuleKind {
    fn from(kind: RuleType) -> Self {
        match kind {
            RuleType::Always => Self::Always,
            RuleType::Busy => Self::Busy,
            RuleType::NoAnswer => Self::NoAnswer,
        }
    }
}

impl From<ForwardingRule> for RuleBody {
    fn from(rule: ForwardingRule) -> Self {
        Self {
            id: rule.id.to_string(),
            number_id: rule.number_id.to_string(),
            forward_to: rule.forward_to.to_string(),
            kind: rule.kind.into(),
            ring_timeout: rule.ring_timeout.seconds(),
            enabled: rule.enabled,
            created_at: rule.created_at,
            updated_at: rule.updated_at,
        }
    }
}

/// A number's rules.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ForwardingRuleList)]
pub(crate) struct RuleList {
    /// Oldest first.
    items: Vec<RuleBody>,
    /// Always null: a number's rules fit on one page.
    #[schema(value_type = Option<String>)]
    next_cursor: Option<String>,
}

/// A rule to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = NewForwardingRule)]
pub(crate) struct NewRuleBody {
    /// Where calls go: E.164, or a US number written with spaces, dashes or brackets.
    #[schema(min_length = 1, max_length = 32, example = "+14155550123")]
    forward_to: String,
    /// When.
    #[serde(rename = "type")]
    kind: RuleKind,
    /// Seconds to ring (5 to 60, default 20).
    #[schema(minimum = 5, maximum = 60)]
    ring_timeout: Option<i64>,
    /// Whether it applies (default true).
    enabled: Option<bool>,
}

/// What to change of a rule: at least one field.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = ForwardingRuleChanges, min_properties = 1)]
pub(crate) struct PatchRuleBody {
    /// A new target.
    #[schema(min_length = 1, max_length = 32)]
    forward_to: Option<String>,
    /// A new type.
    #[serde(rename = "type")]
    kind: Option<RuleKind>,
    /// A new ring timeout (5 to 60).
    #[schema(minimum = 5, maximum = 60)]
    ring_timeout: Option<i64>,
    /// Enable or disable.
    enabled: Option<bool>,
}

fn forward_to(raw: &str) -> Result<PhoneNumber, ApiError> {
    PhoneNumber::normalize(raw).map_err(|e| invalid("forwardTo", e))
}

fn ring_timeout(raw: i64) -> Result<RingTimeout, ApiError> {
    RingTimeout::new(raw).map_err(|e| invalid("ringTimeout", e))
}

fn rule_id(raw: &str) -> Result<RuleId, ApiError> {
    RuleId::parse(raw).ok_or(ApiError::NotFound("no such rule"))
}

/// A number's forwarding rules, oldest first.
#[utoipa::path(
    get, path = "/v1/numbers/{id}/forwarding-rules", operation_id = "listForwardingRules", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 200, description = "The rules", body = RuleList),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let rules = state.routing.rules(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(RuleList {
        items: rules.into_iter().map(RuleBody::from).collect(),
        next_cursor: None,
    }))
}

/// Adds a forwarding rule to a number.
#[utoipa::path(
    post, path = "/v1/numbers/{id}/forwarding-rules", operation_id = "createForwardingRule", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    request_body = NewRuleBody,
    responses(
        (status = 201, description = "The rule", body = RuleBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`forwarding_loop`: the target is the number or closes a loop through this service's numbers; `rule_conflict`: the number has an enabled rule of this type; `number_released`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn create(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(body): JsonBody<NewRuleBody>,
) -> Result<HttpResponse, ApiError> {
    let number = number_id(&id)?;
    let new = NewRule {
        forward_to: forward_to(&body.forward_to)?,
        kind: body.kind.into(),
        ring_timeout: body
            .ring_timeout
            .map(ring_timeout)
            .transpose()?
            .unwrap_or_default(),
        enabled: body.enabled.unwrap_or(true),
    };
    let rule = state.routing.add_rule(&actor.0, number, new).await?;
    Ok(HttpResponse::Created().json(RuleBody::from(rule)))
}

/// One forwarding rule.
#[utoipa::path(
    get, path = "/v1/forwarding-rules/{id}", operation_id = "getForwardingRule", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The rule's id")),
    responses(
        (status = 200, description = "The rule", body = RuleBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let rule = state.routing.rule(&actor.0, rule_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(RuleBody::from(rule)))
}

/// Changes a forwarding rule.
#[utoipa::path(
    patch, path = "/v1/forwarding-rules/{id}", operation_id = "updateForwardingRule", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The rule's id")),
    request_body = PatchRuleBody,
    responses(
        (status = 200, description = "The rule, changed", body = RuleBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`forwarding_loop`, `rule_conflict` or `number_released`, as for creation", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn update(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(body): JsonBody<PatchRuleBody>,
) -> Result<HttpResponse, ApiError> {
    let id = rule_id(&id)?;
    let change = RuleChange {
        forward_to: body.forward_to.as_deref().map(forward_to).transpose()?,
        kind: body.kind.map(Into::into),
        ring_timeout: body.ring_timeout.map(ring_timeout).transpose()?,
        enabled: body.enabled,
    };
    if change == RuleChange::default() {
        return Err(ApiError::InvalidRequest(
            "the body must change at least one of forwardTo, type, ringTimeout and enabled".into(),
        ));
    }
    let rule = state.routing.update_rule(&actor.0, id, &change).await?;
    Ok(HttpResponse::Ok().json(RuleBody::from(rule)))
}

/// Flips a rule's `enabled`.
#[utoipa::path(
    post, path = "/v1/forwarding-rules/{id}/toggle", operation_id = "toggleForwardingRule", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The rule's id")),
    responses(
        (status = 200, description = "The rule, flipped", body = RuleBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`forwarding_loop`, `rule_conflict` or `number_released` when enabling", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn toggle(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let rule = state.routing.toggle_rule(&actor.0, rule_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(RuleBody::from(rule)))
}

/// Deletes a forwarding rule.
#[utoipa::path(
    delete, path = "/v1/forwarding-rules/{id}", operation_id = "deleteForwardingRule", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The rule's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state.routing.delete_rule(&actor.0, rule_id(&id)?).await?;
    Ok(HttpResponse::NoContent().finish())
}
