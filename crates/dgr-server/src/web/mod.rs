//! The web pages (issue #5, first part): server-rendered Dutch pages sharing the API's policy
//! and processing log. Sessions ([`crate::sessie`]) live in an HttpOnly, Secure, SameSite=Strict
//! cookie; every form carries a CSRF token. This file holds only the web router: what the page
//! handlers share is in `gemeen.rs`, below them.

mod aanvragen;
mod analyse;
mod bevestiging;
mod bezwaren;
mod bladeren;
pub mod brief;
mod catalogus;
mod fouten;
mod gemeen;
mod geschiedenis;
mod grafiek;
mod kandidaten;
mod monitor;
mod oidc;
mod opmaak;
mod paginas;
mod praktijkroute;
mod quota;
mod toegang;
mod uitschrijvingen;
mod werkgever;

use axum::Router;
use axum::routing::get;

use crate::staat::Staat;

pub use fouten::{niet_gevonden, pagina_laag, veilig_terug};
pub(crate) use monitor::standaard_kwartalen;

/// The pages and their static files.
pub fn router() -> Router<Staat> {
    Router::new()
        .route("/", get(paginas::start))
        .route("/login", get(paginas::login_formulier).post(paginas::login))
        .route("/login/oidc", get(oidc::start))
        .route("/login/oidc/terug", get(oidc::terug))
        .route("/uitloggen", axum::routing::post(paginas::uitloggen))
        .route(
            "/werkgever/check",
            get(paginas::check_formulier).post(paginas::check),
        )
        .route("/mijn", get(paginas::mijn))
        .route("/mijn/kennisgevingen/{id}", get(paginas::kennisgeving))
        .route("/mijn/aanvragen", axum::routing::post(aanvragen::eigen))
        .route(
            "/gemeente/aanvragen",
            get(aanvragen::gemeente_formulier).post(aanvragen::gemeente_indienen),
        )
        .route(
            "/inkijk/aanvragen",
            get(aanvragen::wachtrij).post(aanvragen::beslissen),
        )
        .route(
            praktijkroute::PAD,
            get(praktijkroute::formulier).post(praktijkroute::vastleggen),
        )
        .route("/mijn/herkenbaar", axum::routing::post(paginas::herkenbaar))
        .route(
            "/mijn/uitschrijven",
            axum::routing::post(paginas::uitschrijven),
        )
        .route(
            "/inkijk/uitschrijvingen",
            get(uitschrijvingen::lijst).post(uitschrijvingen::actie),
        )
        .route(
            "/inkijk/bezwaren",
            get(bezwaren::lijst).post(bezwaren::actie),
        )
        .route(
            "/inkijk",
            get(paginas::inkijk_formulier).post(paginas::inkijk),
        )
        .route("/leveringen", get(paginas::leveringen))
        .route("/leveringen/{id}/afwijzingen", get(paginas::afwijzingen))
        .route("/werkgever/werknemers", get(werkgever::werknemers))
        .route("/werkgever/werknemers.csv", get(werkgever::werknemers_csv))
        .route(
            "/werkgever/werknemers.xlsx",
            get(werkgever::werknemers_xlsx),
        )
        .route(
            "/werkgever/voordelen",
            get(werkgever::voordelen_formulier).post(werkgever::voordelen),
        )
        .route("/werkgever/quotum", get(werkgever::quotum_pagina))
        .route("/werkgever/kandidaten", get(kandidaten::zoeken))
        .route(
            "/werkgever/kandidaten/contact",
            axum::routing::post(kandidaten::contact),
        )
        .route(
            "/werkgever/contactverzoeken",
            get(kandidaten::werkgever_verzoeken),
        )
        .route("/wsp", get(kandidaten::wsp))
        .route("/wsp/besluit", axum::routing::post(kandidaten::besluit))
        .route("/dashboard", get(analyse::dashboard))
        .route("/dashboard/banenmonitor.csv", get(analyse::dashboard_csv))
        .route("/dashboard/trend", get(analyse::trend_pagina))
        .route("/dashboard/trend.csv", get(analyse::trend_csv))
        .route("/dashboard/omvang.csv", get(analyse::omvang_csv))
        .route("/quotum", get(quota::pagina_quota))
        .route("/quotum.xlsx", get(quota::quota_xlsx))
        .merge(monitor::router())
        .route("/static/dgr.css", get(paginas::css))
        .route("/static/htmx.min.js", get(paginas::htmx))
        .route("/static/levering.js", get(paginas::levering_js))
        .route("/static/favicon.svg", get(fouten::favicon))
        .route("/favicon.ico", get(fouten::favicon))
}

/// The page's upload (`POST /leveringen`), apart from [`router`] because it gets the upload
/// limits (size and timeout) instead of those of a form.
pub fn upload_router() -> Router<Staat> {
    Router::new().route(
        "/leveringen",
        axum::routing::post(paginas::leveringen_aanbieden),
    )
}
