//! The routes of `/api/v1` (API.md), their shared middleware (API-Version header, metrics,
//! size limits, timeouts) and the one helper that writes the processing log before an answer.

mod invoer;
mod leveringen;
mod mijn;
mod rapportages;
mod systeem;
mod werknemers;
mod zoek;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::Utc;
use dgr_core::Bsn;
use dgr_store::logboek::{Audit, Verwerking};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::API_VERSIE;
use crate::auth::Gebruiker;
use crate::fout::ApiFout;
use crate::staat::Staat;
use crate::trace::Trace;

pub use leveringen::*;
pub use mijn::*;
pub use rapportages::*;
pub use systeem::*;
pub use werknemers::*;
pub use zoek::*;

/// Largest JSON body (bytes).
const MAX_JSON: usize = 64 * 1024;
/// Largest form body of a web page other than the upload (bytes).
const MAX_FORMULIER: usize = 64 * 1024;

/// The whole application. Every route has a timeout ([`crate::Grenzen`]): uploads (the API's
/// and the page's `POST …/leveringen`) `upload_timeout`, everything else `verzoek_timeout`.
/// Bodies are bounded: JSON 64 kB, web forms 64 kB, uploads by `max_levering_bytes`, counted
/// while the file streams to disk (axum's 2 MB default is off for them).
pub fn router(staat: Staat) -> Router {
    let grenzen = staat.instellingen.grenzen.clone();
    let timeout =
        |duur: Duration| TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, duur);
    let json = Router::new()
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
        .route("/api/v1/signalen", get(systeem::signalen))
        .route("/api/v1/health/live", get(systeem::live))
        .route("/api/v1/health/ready", get(systeem::ready))
        .route("/api/v1/openapi.json", get(systeem::openapi))
        .route("/metrics", get(systeem::metrics))
        .layer(RequestBodyLimitLayer::new(MAX_JSON))
        .layer(timeout(grenzen.verzoek_timeout));
    let upload = Router::new()
        .route("/api/v1/leveringen", post(leveringen::upload))
        .merge(crate::web::upload_router())
        .layer(axum::middleware::map_response(sluiten_na_fout))
        .layer(DefaultBodyLimit::disable())
        .layer(timeout(grenzen.upload_timeout));
    let web = crate::web::router()
        .layer(RequestBodyLimitLayer::new(MAX_FORMULIER))
        .layer(timeout(grenzen.verzoek_timeout));
    json.merge(upload)
        .merge(web)
        .fallback(systeem::niet_gevonden)
        .layer(axum::middleware::from_fn(rand))
        .with_state(staat)
}

/// An upload refused (401, 403, 413, …) may leave most of its body unread, so the connection
/// cannot carry another request: `Connection: close` tells the client not to reuse it (hyper
/// then closes it after the answer).
async fn sluiten_na_fout(mut antwoord: Response) -> Response {
    if antwoord.status().is_client_error() || antwoord.status().is_server_error() {
        sluit_verbinding(&mut antwoord);
    }
    antwoord
}

/// Tells the client not to reuse the connection (hyper closes it after this answer).
fn sluit_verbinding(antwoord: &mut Response) {
    antwoord.headers_mut().insert(
        axum::http::header::CONNECTION,
        HeaderValue::from_static("close"),
    );
}

/// Adds `API-Version` to every answer and counts requests and latency per route (never a path
/// with personal data: routes are templates).
async fn rand(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "onbekend".to_string(), |m| m.as_str().to_string());
    let methode = req.method().to_string();
    let mut antwoord = probleem_van_framework(next.run(req).await);
    antwoord
        .headers_mut()
        .insert("API-Version", HeaderValue::from_static(API_VERSIE));
    // On any route, a body refused unread (too large, too slow) leaves the connection in an
    // unknown state, as a refused upload does (see `sluiten_na_fout`): else the client's next
    // request on the pooled connection fails with a reset.
    if matches!(
        antwoord.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        sluit_verbinding(&mut antwoord);
    }
    let status = antwoord.status().as_u16().to_string();
    metrics::counter!("dgr_http_verzoeken_totaal", "route" => route.clone(), "methode" => methode, "status" => status).increment(1);
    metrics::histogram!("dgr_http_duur_seconden", "route" => route)
        .record(start.elapsed().as_secs_f64());
    antwoord
}

/// Errors produced by the framework itself (405, 413, 408, a Form, Path or Query rejection, …)
/// as plain text become problem+json in our own Dutch words, so a parser's message (which can
/// quote the input) never reaches the client; headers such as `Allow` are kept.
fn probleem_van_framework(antwoord: Response) -> Response {
    let status = antwoord.status();
    let is_json = antwoord
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json") || v.contains("html"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return antwoord;
    }
    let (delen, _) = antwoord.into_parts();
    let (titel, uitleg) = match status {
        StatusCode::BAD_REQUEST => ("Ongeldig verzoek", "Het verzoek kon niet worden gelezen."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "Methode niet toegestaan",
            "Deze methode is hier niet toegestaan; zie de header Allow.",
        ),
        StatusCode::REQUEST_TIMEOUT => ("Time-out", "Het verzoek duurde te lang en is afgebroken."),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("Te groot", "Het verzoek is groter dan hier is toegestaan.")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "Verkeerd mediatype",
            "Dit mediatype wordt hier niet aangenomen.",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => (
            "Onverwerkbaar verzoek",
            "Het verzoek kon niet worden verwerkt.",
        ),
        _ => {
            let t = status.canonical_reason().unwrap_or("Fout");
            (t, t)
        }
    };
    let body = crate::fout::Probleem {
        soort: format!(
            "https://doelgroepregister.invalid/problemen/{}",
            status.as_u16()
        ),
        title: titel.to_string(),
        status: status.as_u16(),
        detail: uitleg.to_string(),
        instance: String::new(),
        invalid_params: Vec::new(),
    };
    let mut nieuw = axum::response::IntoResponse::into_response((status, axum::Json(body)));
    for naam in [
        axum::http::header::ALLOW,
        axum::http::header::RETRY_AFTER,
        axum::http::header::WWW_AUTHENTICATE,
    ] {
        if let Some(v) = delen.headers.get(&naam) {
            nieuw.headers_mut().insert(naam, v.clone());
        }
    }
    nieuw.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    nieuw
}

/// What one request processed, for the processing log.
pub struct Verwerkt<'a> {
    /// The caller.
    pub gebruiker: &'a Gebruiker,
    /// The trace.
    pub trace: &'a Trace,
    /// Processing activity id.
    pub activiteit: &'static str,
    /// Operation name.
    pub naam: &'static str,
    /// The data subjects.
    pub bsns: Vec<Bsn>,
    /// Lookups for the rate limit (0 for non-lookup operations).
    pub opvragingen: u32,
    /// Of which outside the caller's own polis data.
    pub buiten_eigen_polis: u32,
    /// Start time.
    pub start: chrono::DateTime<Utc>,
    /// Client address.
    pub client: Option<SocketAddr>,
}

/// Writes the processing records (one per data subject) and the audit entry durably; the answer
/// may leave only after this returned `Ok` (API.md). Times are the register clock's (as the
/// `start` the caller took from it), so the log lines up with the register's transaction times.
///
/// # Errors
/// [`ApiFout::Intern`] when the log cannot be written: the request fails.
pub async fn leg_vast(staat: &Staat, v: Verwerkt<'_>) -> Result<(), ApiFout> {
    let (records, audit) = records_van(staat, &v);
    let n = records.len() as u64;
    staat
        .logboek
        .schrijf(records, audit)
        .await
        .map_err(|e| ApiFout::Intern(format!("verwerkingenlogboek: {e}")))?;
    metrics::counter!("dgr_verwerkingen_vastgelegd_totaal").increment(n);
    Ok(())
}

/// [`leg_vast`] for blocking code (a delivery's import writes its records inside its own
/// transaction, on the blocking pool): returns when the records are committed.
///
/// # Errors
/// A message when the log cannot be written: the caller must not go on.
pub fn leg_vast_blokkerend(staat: &Staat, v: Verwerkt<'_>) -> Result<(), String> {
    let (records, audit) = records_van(staat, &v);
    let n = records.len() as u64;
    staat.logboek.schrijf_blokkerend(records, audit)?;
    metrics::counter!("dgr_verwerkingen_vastgelegd_totaal").increment(n);
    Ok(())
}

/// The processing records (one per data subject, pseudonymised) and the audit entry of `v`.
fn records_van(staat: &Staat, v: &Verwerkt<'_>) -> (Vec<Verwerking>, Audit) {
    let einde = staat.klok().nu();
    let records: Vec<Verwerking> = v
        .bsns
        .iter()
        .map(|b| Verwerking {
            trace_id: v.trace.trace_id.clone(),
            span_id: v.trace.span_id.clone(),
            parent_span_id: v.trace.parent_span_id.clone(),
            naam: v.naam.to_string(),
            status_code: "OK".into(),
            start_time: v.start,
            end_time: einde,
            processing_activity_id: v.activiteit.to_string(),
            data_subject_id: staat.pseudo.pseudoniem(*b),
            data_subject_id_type: "BSN".into(),
        })
        .collect();
    let audit = Audit {
        trace_id: v.trace.trace_id.clone(),
        tijd: einde,
        sub: v.gebruiker.sub.clone(),
        rol: v.gebruiker.rol.naam().into(),
        organisatie: v.gebruiker.organisatie_sleutel(),
        organisatie_naam: v.gebruiker.organisatie.clone(),
        client_ip: v.client.map(|c| c.ip().to_string()),
        handeling: v.naam.to_string(),
        bsn_opvragingen: v.opvragingen,
        buiten_eigen_polis: v.buiten_eigen_polis,
    };
    (records, audit)
}

/// Adds the `traceparent` of the answer.
pub fn met_trace(mut r: Response, trace: &Trace) -> Response {
    if let Ok(v) = HeaderValue::from_str(&trace.traceparent()) {
        r.headers_mut().insert("traceparent", v);
    }
    r
}

/// Runs blocking register work on the blocking pool.
///
/// # Errors
/// [`ApiFout::Intern`] when the task panicked or the register lock is poisoned.
pub async fn blokkerend<T: Send + 'static>(
    staat: &Staat,
    werk: impl FnOnce(&mut dgr_register::Register) -> Result<T, ApiFout> + Send + 'static,
) -> Result<T, ApiFout> {
    let lezers = staat.lezers.clone();
    let start = staat
        .volgende_lezer
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tokio::task::spawn_blocking(move || {
        // a free reader if there is one, else wait for the next in turn
        let n = lezers.len().max(1);
        let vrij = (0..n).find_map(|i| lezers.get((start + i) % n).and_then(|l| l.try_lock().ok()));
        let mut r = match vrij {
            Some(r) => r,
            None => lezers
                .get(start % n)
                .ok_or_else(|| ApiFout::Intern("geen lezer".into()))?
                .lock()
                .map_err(|_| ApiFout::Intern("register vergrendeld".into()))?,
        };
        werk(&mut r)
    })
    .await
    .map_err(|e| ApiFout::Intern(e.to_string()))?
}

/// Runs a short register read (one person's rows: tens of microseconds) on the calling worker
/// when a reader is free, which saves the two thread hand-overs of the blocking pool; when all
/// readers are busy (a long report holds one) it waits on the blocking pool like [`blokkerend`].
/// Only for reads bounded by one person's data, never for reports, and only on the embedded
/// database: a read of a database server waits on the network, so it always goes to the pool.
///
/// # Errors
/// As [`blokkerend`].
pub async fn kort_lezen<T: Send + 'static>(
    staat: &Staat,
    werk: impl FnOnce(&mut dgr_register::Register) -> Result<T, ApiFout> + Send + 'static,
) -> Result<T, ApiFout> {
    if !staat.instellingen.db.is_ingebed() {
        return blokkerend(staat, werk).await;
    }
    let werk = match staat.lezers.iter().find_map(|l| l.try_lock().ok()) {
        Some(mut r) => return werk(&mut r),
        None => werk,
    };
    blokkerend(staat, werk).await
}

/// The state extractor, re-exported for handlers.
pub type S = State<Staat>;
