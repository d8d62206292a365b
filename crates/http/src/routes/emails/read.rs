//! `GET /v1/emails` and `GET /v1/emails/{id}`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::email::{EmailId, EmailQuery};

use super::body::{EmailBody, EmailList};
use crate::bearer::Authenticated;
use crate::cursor;
use crate::input::Query;
use crate::openapi::{InvalidRequest, NotFound, StoreUnavailable, Unauthorized};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListEmailsQuery {
    /// Items per page.
    #[param(value_type = Option<u16>, minimum = 1, maximum = 200, default = 50)]
    limit: Option<String>,
    /// The `nextCursor` of the previous page (opaque).
    #[param(pattern = r"^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// The caller's emails, newest first.
#[utoipa::path(
    get, path = "/v1/emails", operation_id = "listEmails", tag = "email",
    security(("bearer" = [])),
    params(ListEmailsQuery),
    responses(
        (status = 200, description = "A page of emails", body = EmailList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<ListEmailsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = EmailQuery {
        owner: actor.0.user_id.clone(),
        page: cursor::page(q.limit.as_deref(), q.cursor.as_deref(), |key| {
            EmailId::parse(key).is_some()
        })?,
    };
    let page = state
        .emails
        .list(&actor.0, query)
        .await
        .map_err(ApiError::StoreUnavailable)?;
    Ok(HttpResponse::Ok().json(EmailList {
        items: page.items.into_iter().map(EmailBody::from).collect(),
        next_cursor: page.next.as_ref().map(cursor::encode),
    }))
}

/// One of the caller's emails.
#[utoipa::path(
    get, path = "/v1/emails/{id}", operation_id = "getEmail", tag = "email",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The email's id")),
    responses(
        (status = 200, description = "The email", body = EmailBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = EmailId::parse(&path).ok_or(ApiError::NotFound("no such email"))?;
    let email = state.emails.email(&actor.0, id).await?;
    Ok(HttpResponse::Ok().json(EmailBody::from(email)))
}
