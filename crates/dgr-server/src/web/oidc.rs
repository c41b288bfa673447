//! Login at an OpenID Connect provider: the authorization code flow with PKCE (S256), `state`
//! against login CSRF and `nonce` against id_token replay. The id_token is checked like an API
//! token (signature from the provider's `jwks_uri`, `iss`, `aud` = client id, `exp`) and must
//! carry the same claims (`rol`, `bsn`, `loonheffingennummers`, …, API.md).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::gemeen::melding;
use crate::auth::verifieer;
use crate::identiteit::Gebruiker;
use crate::instellingen::OidcInstellingen;
use crate::sessie::{set_cookie, willekeurig};
use crate::sleutels::laad_jwks;
use crate::staat::Staat;

/// The cookie binding the browser to its login under way (SameSite=Lax: the provider's
/// redirect back is a cross-site navigation).
const POGING_COOKIE: &str = "dgr_oidc";

/// The parts of the provider's discovery document used here.
#[derive(Debug, Clone, Deserialize)]
struct Ontdekking {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

/// The provider's discovery document, fetched at most once per 15 minutes per issuer (a login
/// needs it twice: to start, and to exchange the code on the way back).
fn ontdek(o: &OidcInstellingen) -> Result<Ontdekking, String> {
    type Bewaard = Vec<(String, std::time::Instant, Ontdekking)>;
    static BEWAARD: std::sync::Mutex<Bewaard> = std::sync::Mutex::new(Vec::new());
    const GELDIG: std::time::Duration = std::time::Duration::from_secs(15 * 60);
    if let Ok(b) = BEWAARD.lock()
        && let Some((_, _, d)) = b
            .iter()
            .find(|(i, t, _)| *i == o.issuer && t.elapsed() < GELDIG)
    {
        return Ok(d.clone());
    }
    let d = haal_ontdekking(o)?;
    if let Ok(mut b) = BEWAARD.lock() {
        b.retain(|(i, t, _)| *i != o.issuer && t.elapsed() < GELDIG);
        b.push((o.issuer.clone(), std::time::Instant::now(), d.clone()));
    }
    Ok(d)
}

fn haal_ontdekking(o: &OidcInstellingen) -> Result<Ontdekking, String> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        o.issuer.trim_end_matches('/')
    );
    let tekst = ureq::get(&url)
        .call()
        .map_err(|e| format!("{url}: {e}"))?
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{url}: {e}"))?;
    let d: Ontdekking = serde_json::from_str(&tekst).map_err(|e| format!("{url}: {e}"))?;
    if d.issuer.trim_end_matches('/') != o.issuer.trim_end_matches('/') {
        return Err(format!("{url}: issuer {} wijkt af", d.issuer));
    }
    Ok(d)
}

/// The redirect URI registered at the provider.
fn terug_url(o: &OidcInstellingen) -> String {
    format!("{}/login/oidc/terug", o.basis_url.trim_end_matches('/'))
}

/// The S256 code challenge of a verifier (RFC 7636 §4.2).
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn niet_beschikbaar(tekst: &str) -> Response {
    melding(StatusCode::BAD_GATEWAY, "Inloggen", tekst, None)
}

/// `/login/oidc?terug=…`: where to return after the login.
#[derive(Debug, Default, Deserialize)]
pub struct StartVraag {
    #[serde(default)]
    terug: String,
}

/// Starts a login: to the provider's authorization endpoint with state, nonce and the PKCE
/// challenge.
pub async fn start(State(staat): State<Staat>, Query(start): Query<StartVraag>) -> Response {
    let Some(o) = staat.instellingen.oidc.clone() else {
        return melding(
            StatusCode::NOT_FOUND,
            "Inloggen",
            "Er is op deze server geen identiteitsprovider ingesteld.",
            None,
        );
    };
    let d = match tokio::task::spawn_blocking({
        let o = o.clone();
        move || ontdek(&o)
    })
    .await
    {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            tracing::warn!(fout = %e, "OIDC-provider niet bereikbaar");
            return niet_beschikbaar(
                "De identiteitsprovider is nu niet bereikbaar. Probeer het later opnieuw.",
            );
        }
        Err(_) => return niet_beschikbaar("Er ging iets mis."),
    };
    let (state, nonce, verifier) = (willekeurig(), willekeurig(), willekeurig());
    let vraag = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", o.client_id.as_str()),
        ("redirect_uri", terug_url(&o).as_str()),
        ("scope", "openid"),
        ("state", state.as_str()),
        ("nonce", nonce.as_str()),
        ("code_challenge", code_challenge(&verifier).as_str()),
        ("code_challenge_method", "S256"),
    ])
    .unwrap_or_default();
    let terug = super::fouten::veilig_terug(&start.terug).map(str::to_string);
    staat.sessies.begin_poging(&state, nonce, verifier, terug);
    let scheiding = if d.authorization_endpoint.contains('?') {
        '&'
    } else {
        '?'
    };
    let mut r =
        Redirect::to(&format!("{}{scheiding}{vraag}", d.authorization_endpoint)).into_response();
    let cookie = format!(
        "{POGING_COOKIE}={state}; Path=/login; HttpOnly; Secure; SameSite=Lax; Max-Age=600"
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The provider's redirect back.
#[derive(Debug, Deserialize)]
pub struct Terug {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn cookie_waarde(headers: &HeaderMap, naam: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == naam)
        .map(|(_, v)| v.to_string())
}

/// Exchanges the code (with the PKCE verifier) for tokens and checks the id_token.
fn wissel(
    o: &OidcInstellingen,
    code: &str,
    verifier: &str,
    nonce: &str,
) -> Result<Gebruiker, String> {
    let d = ontdek(o)?;
    let terug = terug_url(o);
    let mut velden = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", terug.as_str()),
        ("client_id", o.client_id.as_str()),
        ("code_verifier", verifier),
    ];
    if let Some(geheim) = &o.client_secret {
        velden.push(("client_secret", geheim.as_str()));
    }
    let tekst = ureq::post(&d.token_endpoint)
        .send_form(velden)
        .map_err(|e| format!("tokenendpoint: {e}"))?
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("tokenendpoint: {e}"))?;
    let antwoord: serde_json::Value =
        serde_json::from_str(&tekst).map_err(|e| format!("tokenendpoint: {e}"))?;
    let id_token = antwoord["id_token"]
        .as_str()
        .ok_or("tokenendpoint: geen id_token")?;
    let sleutels = laad_jwks(&d.jwks_uri, &d.issuer).map_err(|e| e.to_string())?;
    let gebruiker = verifieer(id_token, &sleutels, &o.client_id)?;
    // the signature is verified: the payload can be read for the nonce
    let payload = id_token.split('.').nth(1).unwrap_or_default();
    let claims: serde_json::Value = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    if claims["nonce"].as_str() != Some(nonce) {
        return Err("id_token: nonce klopt niet".into());
    }
    Ok(gebruiker)
}

/// The callback: state and cookie must match a login under way; then the session starts.
pub async fn terug(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(t): Query<Terug>,
) -> Response {
    let Some(o) = staat.instellingen.oidc.clone() else {
        return melding(
            StatusCode::NOT_FOUND,
            "Inloggen",
            "Geen identiteitsprovider ingesteld.",
            None,
        );
    };
    let opnieuw = |tekst: &str| {
        melding(
            StatusCode::BAD_REQUEST,
            "Inloggen mislukt",
            &format!("{tekst} Probeer opnieuw in te loggen."),
            None,
        )
    };
    if let Some(e) = t.error {
        tracing::info!(fout = %e, "OIDC-login afgebroken door de provider");
        return opnieuw("De identiteitsprovider heeft het inloggen afgebroken.");
    }
    let (Some(code), Some(state)) = (t.code, t.state) else {
        return opnieuw("Het antwoord van de identiteitsprovider is onvolledig.");
    };
    if cookie_waarde(&headers, POGING_COOKIE).as_deref() != Some(state.as_str()) {
        return opnieuw("Deze inlogpoging hoort niet bij deze browser.");
    }
    let Some(poging) = staat.sessies.neem_poging(&state) else {
        return opnieuw("Deze inlogpoging is verlopen of al gebruikt.");
    };
    let terug_pad = poging.terug.clone();
    let gebruiker = match tokio::task::spawn_blocking(move || {
        wissel(&o, &code, &poging.verifier, &poging.nonce)
    })
    .await
    {
        Ok(Ok(g)) => g,
        Ok(Err(e)) => {
            tracing::warn!(fout = %e, "OIDC-login geweigerd");
            return opnieuw("Uw inlog kon niet worden gecontroleerd.");
        }
        Err(_) => return opnieuw("Er ging iets mis."),
    };
    let id = staat.sessies.begin(gebruiker, false);
    // back to the page the user came from (checked when stored), escaped for the attribute
    let doel = terug_pad
        .as_deref()
        .and_then(super::fouten::veilig_terug)
        .unwrap_or("/")
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    // a page, not a redirect: the session cookie is SameSite=Strict and would not be sent on a
    // redirect chain that started at the provider; a same-site navigation from here sends it
    let html = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={doel}\"><title>Ingelogd</title></head><body><p>U bent ingelogd. <a href=\"{doel}\">Verder</a>.</p></body></html>"
    );
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    for c in [
        set_cookie(&id),
        format!("{POGING_COOKIE}=; Path=/login; HttpOnly; Secure; SameSite=Lax; Max-Age=0"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_voorbeeld_uit_rfc7636() {
        // RFC 7636 appendix B
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
