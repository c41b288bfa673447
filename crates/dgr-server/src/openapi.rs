//! The OpenAPI 3 document, generated from the handlers' annotations (utoipa), with the bearer
//! security scheme, and the handler that serves it ([`document`]).

use axum::Json;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api;

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "doelgroepregister", version = "1.0.0", description = "API van het doelgroepregister (Wet banenafspraak en quotum arbeidsbeperkten). Geen persoonsgegevens in URLs; elke verwerking van persoonsgegevens staat in het verwerkingenlogboek voordat het antwoord vertrekt."),
    paths(
        api::zoek,
        api::werknemersoverzicht,
        api::voordelen,
        api::registraties,
        api::verwerkingen,
        api::upload,
        api::lijst,
        api::levering,
        api::banenmonitor,
        api::trend,
        api::quotum,
        api::werkgeversmonitor,
        api::signalen,
        api::live,
        api::ready
    ),
    modifiers(&Beveiliging),
    tags(
        (name = "doelgroepregistraties", description = "Staat iemand in het doelgroepregister (R-06)"),
        (name = "rapportages", description = "Banenmonitor, trend, quotum, werkgeversmonitor")
    )
)]
pub struct ApiDoc;

struct Beveiliging;

impl Modify for Beveiliging {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated from the code.
pub async fn document() -> Response {
    Json(ApiDoc::openapi()).into_response()
}
