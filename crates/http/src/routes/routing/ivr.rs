//! `/v1/numbers/{id}/ivr`: a number's IVR menu.

use actix_web::{HttpResponse, web};
use switchboard_domain::routing::IvrMenu;

use super::menu_body::MenuBody;
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

fn body(menu: &IvrMenu) -> MenuBody {
    MenuBody::from_spec(menu.to_spec())
}

/// A number's menu.
#[utoipa::path(
    get, path = "/v1/numbers/{id}/ivr", operation_id = "getIvrMenu", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 200, description = "The menu, with its defaults filled in", body = MenuBody),
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
    let menu = state.routing.menu(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(body(&menu)))
}

/// Sets (replaces) a number's menu. Calls to the number hear it first, before any
/// forwarding rule.
#[utoipa::path(
    put, path = "/v1/numbers/{id}/ivr", operation_id = "putIvrMenu", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    request_body = MenuBody,
    responses(
        (status = 200, description = "The menu, with its defaults filled in", body = MenuBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`forwarding_loop`: an option forwards to the number itself; `number_released`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn put(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(menu): JsonBody<MenuBody>,
) -> Result<HttpResponse, ApiError> {
    let number = number_id(&id)?;
    let menu = IvrMenu::from_spec(&menu.spec("")?).map_err(|e| invalid(&e.field, e.reason))?;
    let menu = state.routing.put_menu(&actor.0, number, menu).await?;
    Ok(HttpResponse::Ok().json(body(&menu)))
}

/// Removes a number's menu (204 also when it has none).
#[utoipa::path(
    delete, path = "/v1/numbers/{id}/ivr", operation_id = "deleteIvrMenu", tag = "routing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 204, description = "Removed, or there was none"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`number_released`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state.routing.delete_menu(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::NoContent().finish())
}
