//! One error type for the API, answered as `application/problem+json` (RFC 9457). Internal
//! details go to the log, never into the body; a BSN is never echoed.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A validation problem of one parameter.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OngeldigeParameter {
    /// Parameter name.
    pub name: String,
    /// Machine code.
    pub code: String,
    /// Reason (Dutch).
    pub reason: String,
}

/// The problem+json body.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Probleem {
    /// A URI for the kind of problem.
    #[serde(rename = "type")]
    pub soort: String,
    /// Short title.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Explanation.
    pub detail: String,
    /// The request path (when known).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub instance: String,
    /// Validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<OngeldigeParameter>,
}

/// API errors.
#[derive(Debug)]
pub enum ApiFout {
    /// 400 with invalid parameters.
    Ongeldig(Vec<OngeldigeParameter>),
    /// 401.
    NietGeauthenticeerd(String),
    /// 403.
    Geweigerd(String),
    /// 404.
    NietGevonden,
    /// 413: a delivery larger than the configured maximum; the detail states the limit in Dutch.
    TeGroot(String),
    /// 415: a body that is not of the required media type; the detail names the required one.
    Mediatype(String),
    /// 422 (a delivery with row errors), carrying a body.
    Onverwerkbaar(serde_json::Value),
    /// 429 with seconds to wait.
    TeVeel(u64),
    /// 500 (detail only in the log).
    Intern(String),
}

/// A size in bytes as Dutch readers write it, in binary units as `--max-levering-mb` counts
/// them: `1.024 MB` (1,024 MiB), `1,5 MB`, `64 kB`, `500 bytes`.
pub fn grootte(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let tienden = (bytes.saturating_mul(10) + MIB / 2) / MIB;
        if tienden.is_multiple_of(10) {
            format!("{} MB", duizendtallen(tienden / 10))
        } else {
            format!("{},{} MB", duizendtallen(tienden / 10), tienden % 10)
        }
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} kB", bytes / KIB)
    } else {
        format!("{} bytes", duizendtallen(bytes))
    }
}

/// `1024` → `1.024` (Dutch thousands separator).
fn duizendtallen(n: u64) -> String {
    let cijfers = n.to_string();
    let mut uit = String::with_capacity(cijfers.len() + cijfers.len() / 3);
    for (i, c) in cijfers.chars().enumerate() {
        if i > 0 && (cijfers.len() - i).is_multiple_of(3) {
            uit.push('.');
        }
        uit.push(c);
    }
    uit
}

impl ApiFout {
    /// One invalid parameter.
    pub fn parameter(naam: &str, code: &str, reden: impl Into<String>) -> ApiFout {
        ApiFout::Ongeldig(vec![OngeldigeParameter {
            name: naam.into(),
            code: code.into(),
            reason: reden.into(),
        }])
    }
}

impl From<dgr_register::RegisterFout> for ApiFout {
    fn from(e: dgr_register::RegisterFout) -> Self {
        ApiFout::Intern(e.to_string())
    }
}

impl From<dgr_store::StoreFout> for ApiFout {
    fn from(e: dgr_store::StoreFout) -> Self {
        ApiFout::Intern(e.to_string())
    }
}

impl From<dgr_reports::RapportFout> for ApiFout {
    fn from(e: dgr_reports::RapportFout) -> Self {
        match e {
            dgr_reports::RapportFout::Parameter(r) => {
                ApiFout::parameter("parameter", "ongeldig", r)
            }
            e => ApiFout::Intern(e.to_string()),
        }
    }
}

impl IntoResponse for ApiFout {
    fn into_response(self) -> Response {
        let (status, title, detail, params) = match &self {
            ApiFout::Ongeldig(p) => (
                StatusCode::BAD_REQUEST,
                "Ongeldig verzoek",
                "Een of meer parameters zijn ongeldig.".to_string(),
                p.clone(),
            ),
            ApiFout::NietGeauthenticeerd(d) => (
                StatusCode::UNAUTHORIZED,
                "Niet geauthenticeerd",
                d.clone(),
                Vec::new(),
            ),
            ApiFout::Geweigerd(d) => (StatusCode::FORBIDDEN, "Geen toegang", d.clone(), Vec::new()),
            ApiFout::NietGevonden => (
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "De gevraagde resource bestaat niet.".into(),
                Vec::new(),
            ),
            ApiFout::TeGroot(d) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Te groot",
                d.clone(),
                Vec::new(),
            ),
            ApiFout::Mediatype(d) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Verkeerd mediatype",
                d.clone(),
                Vec::new(),
            ),
            ApiFout::Onverwerkbaar(body) => {
                let mut r = (StatusCode::UNPROCESSABLE_ENTITY, Json(body.clone())).into_response();
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                );
                return r;
            }
            ApiFout::TeVeel(s) => (
                StatusCode::TOO_MANY_REQUESTS,
                "Te veel verzoeken",
                format!("Daglimiet bereikt; probeer het over {s} seconden opnieuw."),
                Vec::new(),
            ),
            ApiFout::Intern(d) => {
                tracing::error!(fout = %d, "interne fout");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Interne fout",
                    "Er ging iets mis; de fout is vastgelegd.".into(),
                    Vec::new(),
                )
            }
        };
        let body = Probleem {
            soort: format!(
                "https://doelgroepregister.invalid/problemen/{}",
                status.as_u16()
            ),
            title: title.into(),
            status: status.as_u16(),
            detail,
            instance: String::new(),
            invalid_params: params,
        };
        let mut r = (status, Json(body)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiFout::TeVeel(s) = self
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::grootte;

    #[test]
    fn groottes_in_nederlandse_schrijfwijze() {
        assert_eq!(grootte(1024 * 1024 * 1024), "1.024 MB");
        assert_eq!(grootte(3 * 1024 * 1024 / 2), "1,5 MB");
        assert_eq!(grootte(64 * 1024), "64 kB");
        assert_eq!(grootte(500), "500 bytes");
        assert_eq!(grootte(1500), "1.500 bytes");
        assert_eq!(grootte(2_000_000 * 1024 * 1024), "2.000.000 MB");
    }
}
