//! The web pages' sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie, the
//! caller and a CSRF token kept on the server (in memory: a restart logs everyone out). Their
//! expiry is technical: it runs on the real clock, not the register's. Below the shared state
//! ([`crate::staat`] holds the [`Sessies`]), so it does not use it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::identiteit::Gebruiker;
use axum::http::HeaderMap;
use chrono::{DateTime, Duration, Utc};
use dgr_register::tijd::Klok;

/// The cookie name.
pub const COOKIE: &str = "dgr_sessie";
/// Idle lifetime of a session.
const LEVENSDUUR_MINUTEN: i64 = 30;

/// One session.
#[derive(Debug, Clone)]
pub struct Sessie {
    /// The logged-in caller.
    pub gebruiker: Gebruiker,
    /// The CSRF token of every form of this session.
    pub csrf: String,
    /// Logged in with the development login.
    pub ontwikkel: bool,
    /// The opaque profile ids of the last candidate search, never shown with the BSN.
    pub kandidaten: HashMap<String, dgr_core::Bsn>,
    /// A message for the next page of this session (post/redirect/get: "Verzoek 3 toegewezen"),
    /// taken by the first request that reads the session after it was set.
    pub melding: Option<String>,
    verloopt: DateTime<Utc>,
}

/// All sessions, and the OIDC logins under way (by their `state`).
#[derive(Clone, Default)]
pub struct Sessies {
    inner: Arc<Mutex<HashMap<String, Sessie>>>,
    pogingen: Arc<Mutex<HashMap<String, Inlogpoging>>>,
    /// Where the refusals of a session's requests are logged (none in unit tests).
    logboek: Option<(crate::logboek::Logboek, dgr_register::tijd::Klok)>,
}

/// An OIDC login under way: what the callback must match (the `nonce` in the id_token) and
/// prove (the PKCE `code_verifier`).
#[derive(Debug, Clone)]
pub struct Inlogpoging {
    /// The nonce sent to the provider.
    pub nonce: String,
    /// The PKCE code verifier whose S256 hash was sent.
    pub verifier: String,
    /// Where to return after the login (a path on this site, checked before it is stored).
    pub terug: Option<String>,
    verloopt: DateTime<Utc>,
}

/// Minutes a user has to complete the login at the provider.
const POGING_MINUTEN: i64 = 10;

/// 32 random bytes as hex.
pub fn willekeurig() -> String {
    let mut b = [0u8; 32];
    let _ = getrandom::fill(&mut b);
    hex::encode(b)
}

impl Sessies {
    /// Sessions whose callers' refusals are logged into `logboek` ([`crate::beleid::beslis`]).
    pub fn met_logboek(
        logboek: crate::logboek::Logboek,
        klok: dgr_register::tijd::Klok,
    ) -> Sessies {
        Sessies {
            logboek: Some((logboek, klok)),
            ..Sessies::default()
        }
    }

    /// Records a new OIDC login under `state` (and where to return after it); older unfinished
    /// ones expire after 10 minutes.
    pub fn begin_poging(
        &self,
        state: &str,
        nonce: String,
        verifier: String,
        terug: Option<String>,
    ) {
        if let Ok(mut m) = self.pogingen.lock() {
            let nu = Klok::echt().nu();
            m.retain(|_, p| p.verloopt > nu);
            m.insert(
                state.to_string(),
                Inlogpoging {
                    nonce,
                    verifier,
                    terug,
                    verloopt: nu + Duration::minutes(POGING_MINUTEN),
                },
            );
        }
    }

    /// Takes the login under way for `state` (once: a replayed callback finds nothing).
    pub fn neem_poging(&self, state: &str) -> Option<Inlogpoging> {
        let p = self.pogingen.lock().ok()?.remove(state)?;
        (p.verloopt > Klok::echt().nu()).then_some(p)
    }

    /// Starts a session; returns its id (for the cookie).
    pub fn begin(&self, gebruiker: Gebruiker, ontwikkel: bool) -> String {
        let id = willekeurig();
        let s = Sessie {
            gebruiker,
            csrf: willekeurig(),
            ontwikkel,
            kandidaten: HashMap::new(),
            melding: None,
            verloopt: Klok::echt().nu() + Duration::minutes(LEVENSDUUR_MINUTEN),
        };
        if let Ok(mut m) = self.inner.lock() {
            let nu = Klok::echt().nu();
            m.retain(|_, x| x.verloopt > nu);
            m.insert(id.clone(), s);
        }
        id
    }

    /// The session of a request (cookie), renewed on use; its caller logs refusals with this
    /// request's trace.
    pub fn van(&self, headers: &HeaderMap) -> Option<Sessie> {
        let id = cookie(headers)?;
        let mut gevonden = {
            let mut m = self.inner.lock().ok()?;
            let s = m.get_mut(&id).filter(|s| s.verloopt > Klok::echt().nu())?;
            s.verloopt = Klok::echt().nu() + Duration::minutes(LEVENSDUUR_MINUTEN);
            let gevonden = s.clone();
            // the message is shown once
            s.melding = None;
            gevonden
        };
        if let Some((logboek, klok)) = &self.logboek {
            gevonden.gebruiker.spoor = Some(Arc::new(crate::beleid::Weigeringsspoor::new(
                logboek.clone(),
                *klok,
                headers
                    .get("traceparent")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                None,
            )));
        }
        Some(gevonden)
    }

    /// Replaces the opaque candidate ids of the session's last search.
    pub fn zet_kandidaten(&self, headers: &HeaderMap, kandidaten: HashMap<String, dgr_core::Bsn>) {
        if let (Some(id), Ok(mut m)) = (cookie(headers), self.inner.lock())
            && let Some(s) = m.get_mut(&id)
        {
            s.kandidaten = kandidaten;
        }
    }

    /// Sets the message the session's next page shows (after a redirect).
    pub fn zet_melding(&self, headers: &HeaderMap, tekst: String) {
        if let (Some(id), Ok(mut m)) = (cookie(headers), self.inner.lock())
            && let Some(s) = m.get_mut(&id)
        {
            s.melding = Some(tekst);
        }
    }

    /// Ends the session of a request.
    pub fn einde(&self, headers: &HeaderMap) {
        if let (Some(id), Ok(mut m)) = (cookie(headers), self.inner.lock()) {
            m.remove(&id);
        }
    }
}

/// Whether the request carries a session cookie at all (valid or not): a cookie the server
/// does not know means the session expired (or the server restarted).
pub fn heeft_cookie(headers: &HeaderMap) -> bool {
    cookie(headers).is_some_and(|c| !c.is_empty())
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The `Set-Cookie` value of a session.
pub fn set_cookie(id: &str) -> String {
    format!(
        "{COOKIE}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        LEVENSDUUR_MINUTEN * 60
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn wis_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}
