//! `dgr-server`: the HTTP API of the register (API.md) — authentication with bearer JWTs, one
//! authorisation policy for all roles, and the processing log written before every answer that
//! concerns a person.
//!
//! [`start`] builds the application on a listener (tests use port 0) and serves until the
//! shutdown future completes.

//!
//! The modules form layers; a module uses only those below it, never one above (checked by
//! `tests/lagen.rs`):
//! - [`app`]: the one router of the whole application (API, pages, the OpenAPI document) and
//!   the middleware around it;
//! - [`openapi`]; [`web`] (the pages); [`api`] (the handlers of `/api/v1`);
//! - [`opvraging`] (the counting of lookups), [`vastleggen`] (the processing log of a request),
//!   [`register`] (running register work on the blocking pool), [`auth`] (the bearer token);
//! - [`staat`] (the shared state), over [`sessie`], [`quotumreeks`], [`beleid`] (the policy);
//! - the ground: [`identiteit`] (who calls), [`instellingen`], [`fout`], [`logboek`],
//!   [`sleutels`], [`trace`], [`verbindingen`].

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
pub mod register;
pub mod sessie;
pub mod sleutels;
pub mod staat;
pub mod trace;
pub mod vastleggen;
pub mod verbindingen;
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
    let staat = Staat::new(instellingen)?;
    ververs_jwks(&staat);
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
