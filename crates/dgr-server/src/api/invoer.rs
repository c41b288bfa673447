//! Request extractors whose rejections are problem+json 400s with `invalidParams` (axum's own
//! answer a plain-text 400/415/422).

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::fout::ApiFout;

/// A JSON body.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiFout;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(x)) => Ok(Body(x)),
            Err(e) => Err(ApiFout::parameter("body", "ongeldig", e.body_text())),
        }
    }
}

/// Query parameters.
pub struct Vraag<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Vraag<T> {
    type Rejection = ApiFout;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(x)) => Ok(Vraag(x)),
            Err(e) => Err(ApiFout::parameter("query", "ongeldig", e.body_text())),
        }
    }
}
