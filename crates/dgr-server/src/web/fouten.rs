//! The pages' own error answers (issue #12 finding 3): an unknown path, a page's query, form or
//! path that cannot be read, a method a page does not take, all as an HTML page in the site's
//! style instead of the API's problem+json; and the way back after a session expired: the
//! browser goes to `/login?terug=<page>` (or, for an htmx request, gets `HX-Redirect` so the
//! login page is not swapped into the page), and after logging in returns there.
//!
//! Both are one layer around the page router ([`pagina_laag`]), so no page handler has to know
//! about them: a handler answers a plain redirect to `/login` ([`super::gemeen::naar_login`]) and
//! the layer, which knows the request, adds where to come back to.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::gemeen::melding;
use crate::staat::Staat;

/// The fallback of the whole application: the API's problem+json under `/api`, the HTML page
/// "niet gevonden" everywhere else.
pub async fn niet_gevonden(State(staat): State<Staat>, req: Request) -> Response {
    let pad = req.uri().path();
    if pad == "/api" || pad.starts_with("/api/") {
        return crate::fout::ApiFout::NietGevonden.into_response();
    }
    let sessie = staat.sessies.van(req.headers());
    melding(
        StatusCode::NOT_FOUND,
        "Pagina niet gevonden",
        "Deze pagina bestaat niet (meer). Controleer het adres, of ga terug naar het begin.",
        sessie.as_ref(),
    )
}

/// What the layer remembers of the request to shape the answer.
struct Verzoek {
    /// `GET`/`HEAD`: the page itself can be asked for again after logging in.
    lezen: bool,
    /// The path and query of the request.
    pad: String,
    /// An htmx request (`HX-Request: true`).
    htmx: bool,
    /// The page the htmx request came from (`HX-Current-URL`), when it is this site's.
    htmx_pagina: Option<String>,
}

impl Verzoek {
    fn van(req: &Request) -> Verzoek {
        let headers = req.headers();
        let htmx = headers
            .get("hx-request")
            .is_some_and(|v| v.as_bytes() == b"true");
        let htmx_pagina = headers
            .get("hx-current-url")
            .and_then(|v| v.to_str().ok())
            .and_then(|url| eigen_pad(url, headers));
        Verzoek {
            lezen: matches!(*req.method(), Method::GET | Method::HEAD),
            pad: req
                .uri()
                .path_and_query()
                .map_or_else(|| req.uri().path().to_string(), |p| p.as_str().to_string()),
            htmx,
            htmx_pagina,
        }
    }

    /// Where to return after logging in: the page asked for (a read), or the page an htmx
    /// form was on; never the start page (that is where a login ends anyway).
    fn terug(&self) -> Option<String> {
        let pad = if self.lezen {
            Some(self.pad.clone())
        } else {
            self.htmx_pagina.clone()
        };
        pad.filter(|p| p != "/")
            .and_then(|p| veilig_terug(&p).map(str::to_string))
    }
}

/// The path (and query) of `url` when it points at this server (`Host`), else `None`.
fn eigen_pad(url: &str, headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let pad = rest.strip_prefix(host)?;
    pad.starts_with('/').then(|| pad.to_string())
}

/// `terug` when it is a path on this site that is safe to redirect to after the login: it
/// starts with one `/` (not `//` or `/\`, which browsers read as another host), and holds no
/// control characters or backslashes. Anything else (`https://elders.example`,
/// `//elders.example`, `javascript:…`) gives `None`: no open redirect.
pub fn veilig_terug(terug: &str) -> Option<&str> {
    let mut tekens = terug.chars();
    let veilig = tekens.next() == Some('/')
        && !matches!(tekens.next(), Some('/' | '\\'))
        && !terug.chars().any(|c| c.is_control() || c == '\\')
        && terug.len() <= 2000;
    veilig.then_some(terug)
}

/// The layer around every page: session expiry answered with the way back, and the framework's
/// plain-text errors (a query, form or path that cannot be read; a method not allowed; a body
/// too large or too slow) as an HTML page in our own words. The text of the framework's
/// message (which can quote the input) is never shown.
pub async fn pagina_laag(State(staat): State<Staat>, req: Request, next: Next) -> Response {
    let verzoek = Verzoek::van(&req);
    let headers = req.headers().clone();
    let antwoord = next.run(req).await;
    if is_naar_login(&antwoord) {
        return naar_login_met_terug(&verzoek);
    }
    let status = antwoord.status();
    let platte_tekst = antwoord
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !platte_tekst {
        return antwoord;
    }
    let (delen, body) = antwoord.into_parts();
    let tekst = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let tekst = String::from_utf8_lossy(&tekst);
    let sessie = staat.sessies.van(&headers);
    let (status, titel, uitleg) = uitleg(status, &tekst);
    let mut nieuw = melding(status, titel, &uitleg, sessie.as_ref());
    for naam in [header::ALLOW, header::RETRY_AFTER, header::CONNECTION] {
        if let Some(v) = delen.headers.get(&naam) {
            nieuw.headers_mut().insert(naam, v.clone());
        }
    }
    nieuw
}

/// Whether a page answered "log in first" ([`super::gemeen::naar_login`]).
fn is_naar_login(antwoord: &Response) -> bool {
    antwoord.status().is_redirection()
        && antwoord
            .headers()
            .get(header::LOCATION)
            .is_some_and(|v| v.as_bytes() == b"/login")
}

/// The login page with the way back; for htmx an `HX-Redirect` (status 200, no body) so the
/// browser loads the login page as a whole page.
fn naar_login_met_terug(verzoek: &Verzoek) -> Response {
    let doel = match verzoek.terug() {
        Some(t) => format!("/login?{}", serde_urlencoded_terug(&t)),
        None => "/login".to_string(),
    };
    let Ok(waarde) = HeaderValue::from_str(&doel) else {
        return axum::response::Redirect::to("/login").into_response();
    };
    if verzoek.htmx {
        let mut r = StatusCode::OK.into_response();
        r.headers_mut().insert("hx-redirect", waarde);
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return r;
    }
    let mut r = StatusCode::SEE_OTHER.into_response();
    r.headers_mut().insert(header::LOCATION, waarde);
    r
}

/// `terug=<t>` form-encoded.
fn serde_urlencoded_terug(terug: &str) -> String {
    serde_urlencoded::to_string([("terug", terug)]).unwrap_or_default()
}

/// Our own status, title and words for a framework error on a page. A form or query that
/// cannot be read names the field (the framework's message says which one; the value it may
/// quote is dropped); a path that cannot be read is a page that does not exist.
fn uitleg(status: StatusCode, tekst: &str) -> (StatusCode, &'static str, String) {
    match status {
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
            if tekst.starts_with("Invalid URL") || tekst.contains("path param") =>
        {
            (
                StatusCode::NOT_FOUND,
                "Pagina niet gevonden",
                "Deze pagina bestaat niet (meer). Controleer het adres, of ga terug naar het begin."
                    .into(),
            )
        }
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
            let wat = if tekst.contains("query string") {
                "het adres van de pagina"
            } else {
                "het formulier"
            };
            let reden = match veld(tekst) {
                Some(v) if tekst.contains("missing field") => {
                    format!("In {wat} ontbreekt het veld ‘{v}’.")
                }
                Some(v) => format!("In {wat} is de waarde van ‘{v}’ ongeldig."),
                None => format!("{} kon niet worden gelezen.", hoofdletter(wat)),
            };
            (
                StatusCode::BAD_REQUEST,
                "Ongeldig verzoek",
                format!("{reden} Ga terug en kies of vul de waarde opnieuw in."),
            )
        }
        StatusCode::METHOD_NOT_ALLOWED => (
            status,
            "Niet mogelijk",
            "Deze pagina kunt u niet op deze manier openen. Ga terug naar het begin.".into(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            status,
            "Te groot",
            "Wat u verstuurde is groter dan hier is toegestaan.".into(),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            status,
            "Time-out",
            "Het verzoek duurde te lang en is afgebroken. Probeer het opnieuw.".into(),
        ),
        s if s.is_server_error() => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Er ging iets mis",
            "Er ging iets mis aan onze kant; de fout is vastgelegd. Probeer het later opnieuw."
                .into(),
        ),
        s => (
            s,
            "Niet mogelijk",
            "Dit verzoek kan niet worden uitgevoerd.".into(),
        ),
    }
}

fn hoofdletter(t: &str) -> String {
    let mut c = t.chars();
    c.next()
        .map(|e| e.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The field a framework message names, when it is a plain field name (`jaar` in "Failed to
/// deserialize query string: jaar: invalid digit found in string", `csrf` in "… missing field
/// `csrf`"); never a value.
fn veld(tekst: &str) -> Option<String> {
    let naam = |s: &str| {
        let s = s.trim().trim_matches('`');
        (!s.is_empty()
            && s.len() <= 40
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()))
        .then(|| s.to_string())
    };
    if let Some((_, na)) = tekst.split_once("missing field") {
        return naam(
            na.split(['`', ' '])
                .find(|d| !d.is_empty())
                .unwrap_or_default(),
        );
    }
    let (_, na) = tekst.split_once(": ")?;
    naam(na.split(':').next().unwrap_or_default())
}

/// The favicon (`/favicon.ico` and `/static/favicon.svg`): the register's letter in its blue,
/// cached for a day.
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/favicon.svg"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terug_alleen_naar_een_pad_op_deze_site() {
        assert_eq!(
            veilig_terug("/werkgever/quotum?jaar=2026"),
            Some("/werkgever/quotum?jaar=2026")
        );
        assert_eq!(veilig_terug("/"), Some("/"));
        for kwaad in [
            "//elders.example/pad",
            "/\\elders.example",
            "https://elders.example/",
            "http:/elders.example",
            "javascript:alert(1)",
            "elders.example",
            "",
            "/pad\r\nSet-Cookie: x=y",
            "/pad\\..\\x",
        ] {
            assert_eq!(veilig_terug(kwaad), None, "{kwaad:?}");
        }
    }

    #[test]
    fn eigen_pad_alleen_van_deze_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(
            eigen_pad("http://127.0.0.1:8080/werkgever/check", &h),
            Some("/werkgever/check".into())
        );
        assert_eq!(eigen_pad("http://elders.example/werkgever/check", &h), None);
        assert_eq!(
            eigen_pad("http://127.0.0.1:8080.elders.example/x", &h),
            None
        );
    }

    #[test]
    fn veldnaam_uit_de_melding_zonder_waarde() {
        assert_eq!(
            veld("Failed to deserialize query string: jaar: invalid digit found in string"),
            Some("jaar".into())
        );
        assert_eq!(
            veld("Failed to deserialize form body: missing field `csrf`"),
            Some("csrf".into())
        );
        // a value is never taken for a field name
        assert_eq!(
            veld("Failed to deserialize query string: 725 569 207"),
            None
        );
        let (st, _, t) = uitleg(
            StatusCode::BAD_REQUEST,
            "Failed to deserialize query string: jaar: invalid digit found in string",
        );
        assert_eq!(st, StatusCode::BAD_REQUEST);
        assert_eq!(
            t,
            "In het adres van de pagina is de waarde van ‘jaar’ ongeldig. Ga terug en kies of vul de waarde opnieuw in."
        );
    }
}
