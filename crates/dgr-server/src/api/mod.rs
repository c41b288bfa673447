//! The routes of `/api/v1` (API.md) and their handlers. The application's router
//! ([`crate::app`]) adds the middleware, the limits and the OpenAPI document.

mod invoer;
mod leveringen;
mod mijn;
mod rapportages;
mod systeem;
mod werknemers;
mod zoek;

use axum::Router;
use axum::routing::{get, post};

use crate::staat::Staat;

pub use invoer::MAX_JSON;
pub use leveringen::*;
pub use mijn::*;
pub use rapportages::*;
pub use systeem::*;
pub use werknemers::*;
pub use zoek::*;

/// The JSON routes of `/api/v1` and `/metrics` (bounded by [`MAX_JSON`] in the application).
pub fn router() -> Router<Staat> {
    Router::new()
        .route("/api/v1/doelgroepregistraties/_zoek", post(zoek::zoek))
        .route(
            "/api/v1/werknemersoverzichten",
            post(werknemers::werknemersoverzicht),
        )
        .route(
            "/api/v1/werkgeversvoordelen/_zoek",
            post(rapportages::voordelen),
        )
        .route("/api/v1/mijn/registraties", get(mijn::registraties))
        .route("/api/v1/mijn/verwerkingen", get(mijn::verwerkingen))
        .route("/api/v1/leveringen", get(leveringen::lijst))
        .route("/api/v1/leveringen/{id}", get(leveringen::levering))
        .route(
            "/api/v1/rapportages/banenmonitor",
            get(rapportages::banenmonitor),
        )
        .route("/api/v1/rapportages/trend", get(rapportages::trend))
        .route("/api/v1/rapportages/quotum", get(rapportages::quotum))
        .route(
            "/api/v1/rapportages/werkgeversmonitor",
            get(rapportages::werkgeversmonitor),
        )
        .route("/api/v1/signalen", get(systeem::signalen))
        .route("/api/v1/health/live", get(systeem::live))
        .route("/api/v1/health/ready", get(systeem::ready))
        .route("/metrics", get(systeem::metrics))
}

/// The API's upload (`POST /api/v1/leveringen`), apart from [`router`] because it gets the upload
/// limits (size and timeout) instead of those of JSON.
pub fn upload_router() -> Router<Staat> {
    Router::new().route("/api/v1/leveringen", post(leveringen::upload))
}
