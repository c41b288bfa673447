//! `dgr-server`: the HTTP API of the register (API.md) — authentication with bearer JWTs, one
//! authorisation policy for all roles, and the processing log written before every answer that
//! concerns a person.
//!
//! [`start`] builds the application on a listener (tests use port 0) and serves until the
//! shutdown future completes.
//!
//! The modules form layers: each uses only modules on a lower line, never one on its own line
//! or above, so no two files depend on each other (`tests/lagen.rs` fails on any import cycle,
//! between the files inside `api` and `web` as well):
//! 1. [`start`] (this file): the state, the router, the transport;
//! 2. [`app`]: the one router of the application (API, pages, OpenAPI document) and the
//!    middleware around it;
//! 3. [`openapi`] (the document and its handler, over the API's annotations); [`web`] (the
//!    pages; its `mod.rs` holds only the web router, the pages share `web/gemeen.rs`);
//! 4. [`api`] (the handlers of `/api/v1`; its `mod.rs` holds only the routes);
//! 5. [`opvraging`] (the counting of lookups);
//! 6. [`register`] (register work on the blocking pool), [`vastleggen`] (a request's processing
//!    log), [`auth`] (the bearer token and the extractor of [`identiteit::Gebruiker`]);
//! 7. [`staat`] (the shared state);
//! 8. [`sessie`] (web sessions), [`quotumreeks`] (kept quota reports), [`rapportcache`] (kept dashboard reports), [`verbindingen`] (the
//!    HTTP transport);
//! 9. [`beleid`] (the access policy and its refusal log);
//! 10. the ground, using nothing in this crate: [`identiteit`] (roles and the caller),
//!     [`instellingen`], [`fout`], [`logboek`], [`sleutels`], [`trace`].

pub mod api;
pub mod app;
pub mod auth;
pub mod beleid;
pub mod fout;
pub mod identiteit;
pub mod instellingen;
pub mod logboek;
pub mod openapi;
pub mod opvraging;
pub mod quotumreeks;
pub mod rapportcache;
pub mod register;
pub mod sessie;
pub mod sleutels;
pub mod staat;
pub mod trace;
pub mod vastleggen;
pub mod verbindingen;
pub mod voorberekening;
pub mod web;

use std::future::Future;

pub use app::API_VERSIE;
pub use instellingen::{Grenzen, Instellingen, OidcInstellingen, StartFout};
pub use staat::Staat;

/// Serves the API and the pages on `listener` until `stop` completes (graceful shutdown: no new
/// connections, open ones finish their request), within the transport limits of
/// [`Instellingen::grenzen`] (see [`verbindingen`]).
///
/// # Errors
/// [`StartFout`] when the database, keys or log cannot be opened.
pub async fn start(
    instellingen: Instellingen,
    listener: tokio::net::TcpListener,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartFout> {
    let grenzen = instellingen.grenzen.clone();
    // opening the database blocks (a database server's client waits on the network): on the
    // blocking pool, never on a worker of the runtime
    let staat = tokio::task::spawn_blocking(move || Staat::new(instellingen))
        .await
        .map_err(|e| StartFout::Configuratie(format!("starten: {e}")))??;
    ververs_jwks(&staat);
    // stops the background computation when serving ends, or when this future is dropped
    let _voorberekening = staat
        .instellingen
        .dashboards_voorberekenen
        .then(|| voorberekening::start(&staat));
    let app = app::router(staat);
    verbindingen::serveer(listener, app, &grenzen, stop).await;
    Ok(())
}

/// How often a JWKS URL is read again (key rotation at the provider).
const JWKS_VERVERSEN: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Re-reads a JWKS URL periodically; a failed read keeps the keys in use and is logged.
fn ververs_jwks(staat: &Staat) {
    let is_url = staat
        .instellingen
        .jwks
        .as_deref()
        .is_some_and(|j| j.starts_with("http://") || j.starts_with("https://"));
    if !is_url {
        return;
    }
    let staat = staat.clone();
    tokio::spawn(async move {
        let mut klok = tokio::time::interval(JWKS_VERVERSEN);
        klok.tick().await;
        loop {
            klok.tick().await;
            let inst = staat.instellingen.clone();
            match tokio::task::spawn_blocking(move || staat::vertrouwde_sleutels(&inst)).await {
                Ok(Ok(nieuw)) => {
                    if let Ok(mut k) = staat.sleutels.write() {
                        *k = nieuw;
                    }
                    if let Ok(mut t) = staat.tokens.lock() {
                        t.clear();
                    }
                }
                Ok(Err(e)) => {
                    tracing::warn!(fout = %e, "JWKS verversen mislukt; de bekende sleutels blijven in gebruik")
                }
                Err(e) => tracing::warn!(fout = %e, "JWKS verversen mislukt"),
            }
        }
    });
}
