//! Health, metrics, misuse signals and the fallback.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::beleid::{Handeling, beslis};
use crate::fout::ApiFout;
use crate::identiteit::Gebruiker;
use crate::register::blokkerend;
use crate::staat::Staat;

/// Health status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Gezondheid {
    /// `ok` or `niet_gereed`.
    pub status: String,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/api/v1/health/live", tag = "health", responses((status = 200, description = "Levend", body = Gezondheid)))]
pub async fn live() -> Json<Gezondheid> {
    Json(Gezondheid {
        status: "ok".into(),
    })
}

/// Readiness: the database answers.
#[utoipa::path(
    get,
    path = "/api/v1/health/ready",
    tag = "health",
    responses((status = 200, description = "Gereed", body = Gezondheid), (status = 503, description = "Niet gereed", body = Gezondheid))
)]
pub async fn ready(State(staat): State<Staat>) -> Response {
    let ok = blokkerend(&staat, |r| Ok(r.store().gezond().is_ok()))
        .await
        .unwrap_or(false);
    let (status, tekst) = if ok {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "niet_gereed")
    };
    (
        status,
        Json(Gezondheid {
            status: tekst.into(),
        }),
    )
        .into_response()
}

/// Prometheus metrics (counts and latencies per route; never personal data).
pub async fn metrics(State(staat): State<Staat>) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        staat.metrics.render(),
    )
        .into_response()
}

/// Query of the signals.
#[derive(Debug, Deserialize, IntoParams)]
pub struct SignalenVraag {
    /// Days back (default 30).
    pub dagen: Option<i64>,
}

/// One organisation's lookup pattern.
#[derive(Debug, Serialize, ToSchema)]
pub struct Signaal {
    /// Organisation key.
    pub organisatie: String,
    /// Name.
    pub organisatie_naam: Option<String>,
    /// Role.
    pub rol: String,
    /// Lookups in the window.
    pub opvragingen: u64,
    /// Lookups for BSNs absent from own polis data.
    pub buiten_eigen_polis: u64,
    /// Their share.
    pub aandeel_buiten_eigen_polis: f64,
    /// Of the lookups outside own polis data, those with the purpose `sollicitant` (Wfsv art.
    /// 38d lid 7): many applicants who never worked for the employer is the pattern to look at.
    pub sollicitant_buiten_eigen_polis: u64,
}

/// Organisations whose share of lookups outside their own polis data is high (fishing).
#[utoipa::path(
    get,
    path = "/api/v1/signalen",
    tag = "signalen",
    params(SignalenVraag),
    responses(
        (status = 200, description = "Opvraagpatronen per organisatie, hoogste aandeel eerst", body = [Signaal]),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn signalen(
    State(staat): State<Staat>,
    g: Gebruiker,
    super::invoer::Vraag(v): super::invoer::Vraag<SignalenVraag>,
) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::Signalen).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let vanaf = staat.klok().nu() - Duration::days(v.dagen.unwrap_or(30).clamp(1, 3660));
    let mut lijst: Vec<Signaal> = blokkerend(&staat, move |r| {
        Ok(r.store()
            .opvragingen_per_organisatie(vanaf)?
            .into_iter()
            .map(|o| Signaal {
                aandeel_buiten_eigen_polis: o.buiten_eigen_polis as f64
                    / o.opvragingen.max(1) as f64,
                organisatie: o.organisatie,
                organisatie_naam: o.organisatie_naam,
                rol: o.rol,
                opvragingen: o.opvragingen,
                buiten_eigen_polis: o.buiten_eigen_polis,
                sollicitant_buiten_eigen_polis: o.sollicitant_buiten_eigen_polis,
            })
            .collect())
    })
    .await?;
    lijst.sort_by(|a, b| {
        b.aandeel_buiten_eigen_polis
            .total_cmp(&a.aandeel_buiten_eigen_polis)
    });
    Ok(Json(lijst).into_response())
}

/// Unknown paths: 404 as problem+json.
pub async fn niet_gevonden() -> ApiFout {
    ApiFout::NietGevonden
}
