//! Request extractors whose rejections are problem+json answers built from our own words
//! (issue #9, finding 8 and "What to build" 5: a parser's message can quote the input, such as a
//! BSN sent as a number, so it never reaches the body). Each kind of failure has one fixed Dutch
//! text; a field is named by its path (`bsn`, `loonheffingennummers[0]`) only when the path
//! consists of our own field names and indices, never by its value.

use std::error::Error as StdError;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::fout::{ApiFout, grootte};

/// Largest JSON body of the API (bytes); the application's router applies it to every JSON
/// route.
pub const MAX_JSON: usize = 64 * 1024;

/// A JSON body (`Content-Type: application/json`); every JSON handler uses this instead of
/// `axum::Json`. Rejections: 400 for a syntax error, a wrong type or value, a missing or an
/// unknown field; 415 for another media type; 413 for a body over the route's limit.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiFout;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(x)) => Ok(Body(x)),
            Err(e) => Err(json_fout(&e)),
        }
    }
}

/// Maps a JSON rejection to our answer (see [`Body`]).
fn json_fout(e: &JsonRejection) -> ApiFout {
    match e {
        JsonRejection::JsonSyntaxError(_) => {
            ApiFout::parameter("body", "syntaxis", "De body is geen geldige JSON.")
        }
        JsonRejection::JsonDataError(_) => match pad_en_melding::<serde_json::Error>(e) {
            Some((pad, melding)) => gegevensfout(&pad, &melding),
            None => ApiFout::parameter("body", "ongeldig", "De body past niet bij het schema."),
        },
        JsonRejection::MissingJsonContentType(_) => {
            ApiFout::Mediatype("De body moet JSON zijn (Content-Type: application/json).".into())
        }
        JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiFout::TeGroot(format!(
                "Het verzoek is groter dan de toegestane {}.",
                grootte(MAX_JSON as u64)
            ))
        }
        _ => ApiFout::parameter("body", "onleesbaar", "De body kon niet worden gelezen."),
    }
}

/// Query parameters, with rejections as [`Body`]'s: 400 naming the parameter, never its value.
pub struct Vraag<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Vraag<T> {
    type Rejection = ApiFout;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(x)) => Ok(Vraag(x)),
            Err(e) => Err(queryfout(&e)),
        }
    }
}

fn queryfout(e: &QueryRejection) -> ApiFout {
    match pad_en_melding::<serde_urlencoded::de::Error>(e) {
        Some((pad, melding)) => gegevensfout(&pad, &melding),
        None => ApiFout::parameter("query", "ongeldig", "De queryparameters zijn ongeldig."),
    }
}

/// The path (`a.b[0]`) and the parser's message of a deserialisation error inside a rejection:
/// axum wraps it as `serde_path_to_error::Error<E>` somewhere in the `source()` chain. The
/// message is only classified, never shown.
fn pad_en_melding<E: StdError + 'static>(e: &(dyn StdError + 'static)) -> Option<(String, String)> {
    let mut x = Some(e);
    while let Some(fout) = x {
        if let Some(p) = fout.downcast_ref::<serde_path_to_error::Error<E>>() {
            return Some((p.path().to_string(), p.inner().to_string()));
        }
        x = fout.source();
    }
    None
}

/// The answer for a body or query that does not fit the schema, classified by serde's wording
/// (stable since serde 1.0: `missing field`, `unknown field`, `invalid type`, `invalid value`,
/// `invalid length`); the text is ours.
fn gegevensfout(pad: &str, melding: &str) -> ApiFout {
    let veld = eigen_pad(pad);
    if melding.starts_with("missing field") {
        // serde names the missing field from our own struct: `missing field `bsn``
        let naam = melding
            .split('`')
            .nth(1)
            .and_then(eigen_pad)
            .map(|n| match veld {
                Some(v) => format!("{v}.{n}"),
                None => n.to_string(),
            });
        return ApiFout::parameter(
            naam.as_deref().unwrap_or("body"),
            "verplicht",
            "Dit veld is verplicht en ontbreekt.",
        );
    }
    if melding.starts_with("unknown field") || melding.starts_with("unknown variant") {
        // the unknown name came from the input: not repeated
        return ApiFout::parameter(
            "body",
            "onbekend",
            "Onbekend veld of onbekende waarde; zie het OpenAPI-document voor de toegestane.",
        );
    }
    ApiFout::parameter(
        veld.unwrap_or("body"),
        "type",
        "Verkeerd type of ongeldige waarde voor dit veld; zie het OpenAPI-document.",
    )
}

/// `pad` when it consists of our own field names (lowercase letters and `_`) and array indices,
/// the only paths our request types can produce for a known field; `None` otherwise (`.` for
/// the root, `?` for an unknown position, or anything taken from the input).
fn eigen_pad(pad: &str) -> Option<&str> {
    let delen_goed = pad.split('.').all(|deel| {
        let (naam, rest) = deel.split_once('[').unwrap_or((deel, ""));
        let naam_goed = !naam.is_empty()
            && naam.len() <= 64
            && naam.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        // indices: `0]`, `0][1]`; at most 6 digits each (a request body is at most 64 kB)
        let indices_goed = rest.is_empty()
            || rest.split('[').all(|i| {
                i.strip_suffix(']').is_some_and(|n| {
                    !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit())
                })
            });
        naam_goed && indices_goed
    });
    delen_goed.then_some(pad)
}

#[cfg(test)]
mod tests {
    use super::eigen_pad;

    #[test]
    fn alleen_eigen_veldnamen_en_indices_worden_genoemd() {
        assert_eq!(eigen_pad("bsn"), Some("bsn"));
        assert_eq!(
            eigen_pad("loonheffingennummers[12]"),
            Some("loonheffingennummers[12]")
        );
        assert_eq!(eigen_pad("a.b[0][3]"), Some("a.b[0][3]"));
        // a key from the input, the root, an unknown position, a long index
        assert_eq!(eigen_pad("111222333"), None);
        assert_eq!(eigen_pad("."), None);
        assert_eq!(eigen_pad("?"), None);
        assert_eq!(eigen_pad("x[111222333]"), None);
        assert_eq!(eigen_pad("Bsn"), None);
        assert_eq!(eigen_pad(""), None);
    }
}
