//! The werkgeversmonitor's pages (issue #11 item 4, R-42 … R-45) for a werkgever login: the
//! organisation's D&I team sees the whole organisation, a unit contact person (the `eenheden`
//! claim) only their units and those below them. What the pages share is in `gemeen.rs`: who
//! may see what, the reports with their processing log, the goals with their measurement and
//! how figures are written; this file holds only the routes. The pages themselves are in
//! `overzicht.rs` (overview and unit page), `doelen.rs` (goal page), `nieuw.rs` and `acties.rs`
//! (its forms), `catalogus.rs`
//! (themes and topics) and `verantwoording.rs` (the steering group's report).

mod acties;
mod catalogus;
mod doelen;
mod doelgrafiek;
mod formulier;
mod gemeen;
mod nieuw;
mod overzicht;
mod verantwoording;

use axum::Router;
use axum::routing::{get, post};

use crate::staat::Staat;

pub(crate) use overzicht::standaard_kwartalen;

/// The monitor's routes (merged into the web router).
pub fn router() -> Router<Staat> {
    Router::new()
        .route("/werkgever/monitor", get(overzicht::overzicht))
        .route(
            "/werkgever/monitor/eenheden/{code}",
            get(overzicht::eenheid),
        )
        .route(
            "/werkgever/monitor/doelen/nieuw",
            get(nieuw::nieuw_formulier).post(nieuw::nieuw),
        )
        .route("/werkgever/monitor/doelen/{id}", get(doelen::doel))
        .route(
            "/werkgever/monitor/doelen/{id}/checkins",
            post(acties::checkin),
        )
        .route(
            "/werkgever/monitor/doelen/{id}/evaluaties",
            post(acties::evaluatie),
        )
        .route("/werkgever/monitor/mijlpalen", post(acties::mijlpaal))
        .route(
            "/werkgever/monitor/mijlpalen/{id}",
            post(acties::mijlpaalstatus),
        )
        .route(
            "/werkgever/monitor/themas",
            get(catalogus::catalogus).post(catalogus::actie),
        )
        .route(
            "/werkgever/monitor/verantwoording",
            get(verantwoording::pagina),
        )
        .route(
            "/werkgever/monitor/verantwoording.xlsx",
            get(verantwoording::xlsx),
        )
}
