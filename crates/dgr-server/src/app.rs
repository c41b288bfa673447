//! The whole application in one router: the API of `/api/v1` ([`crate::api`]), the web pages
//! ([`crate::web`]) and the OpenAPI document ([`crate::openapi`]), with the middleware they
//! share (API-Version header, metrics, size limits, timeouts, problem+json for the framework's
//! own errors).

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::staat::Staat;
use crate::{api, openapi, web};

/// The API version (semver) sent in the `API-Version` header.
pub const API_VERSIE: &str = "1.0.0";

/// Largest form body of a web page other than the upload (bytes).
const MAX_FORMULIER: usize = 64 * 1024;

/// The whole application. Every route has a timeout ([`crate::instellingen::Grenzen`]): uploads
/// (the API's and the page's `POST …/leveringen`) `upload_timeout`, everything else
/// `verzoek_timeout`. Bodies are bounded: JSON 64 kB, web forms 64 kB, uploads by
/// `max_levering_bytes`, counted while the file streams to disk (axum's 2 MB default is off for
/// them).
pub fn router(staat: Staat) -> Router {
    let grenzen = staat.instellingen.grenzen.clone();
    let timeout =
        |duur: Duration| TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, duur);
    let json = api::router()
        .route("/api/v1/openapi.json", get(openapi::document))
        .layer(RequestBodyLimitLayer::new(api::MAX_JSON))
        .layer(timeout(grenzen.verzoek_timeout));
    let pagina_laag = || axum::middleware::from_fn_with_state(staat.clone(), web::pagina_laag);
    let upload = api::upload_router()
        .merge(web::upload_router().layer(pagina_laag()))
        .layer(axum::middleware::map_response(sluiten_na_fout))
        .layer(DefaultBodyLimit::disable())
        .layer(timeout(grenzen.upload_timeout));
    let pagina = web::router()
        .layer(RequestBodyLimitLayer::new(MAX_FORMULIER))
        .layer(timeout(grenzen.verzoek_timeout))
        .layer(pagina_laag());
    json.merge(upload)
        .merge(pagina)
        .fallback(web::niet_gevonden)
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
