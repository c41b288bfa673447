//! `POST /api/v1/werknemersoverzichten`: the employer's own employees (polis rows of its lhn in
//! the 3 months before the peildatum) who are in the register. A foreign lhn is a 403.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use dgr_core::{Bsn, Loonheffingennummer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::zoek::peildatum_uit;
use crate::beleid::{Handeling, beslis};
use crate::fout::ApiFout;
use crate::identiteit::Gebruiker;
use crate::opvraging::tel_eigen_werknemers;
use crate::register::blokkerend;
use crate::staat::Staat;
use crate::trace::Trace;
use crate::vastleggen::{Verwerkt, leg_vast, met_trace};

/// The question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverzichtVraag {
    /// Own loonheffingennummers.
    #[schema(example = json!(["123456782L01"]))]
    pub loonheffingennummers: Vec<String>,
    /// JJJJ-MM-DD; default today.
    pub peildatum: Option<String>,
}

/// One employee in the register.
#[derive(Debug, Serialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
pub struct Werknemer {
    /// BSN (the employer's own employee).
    pub bsn: String,
    /// The lhn the employee was paid under.
    pub loonheffingennummer: String,
}

/// The overview.
#[derive(Debug, Serialize, ToSchema)]
pub struct Overzicht {
    /// The peildatum.
    pub peildatum: chrono::NaiveDate,
    /// Employees in the register.
    pub werknemers: Vec<Werknemer>,
}

/// Own employees in the register.
#[utoipa::path(
    post,
    path = "/api/v1/werknemersoverzichten",
    tag = "werknemersoverzichten",
    request_body = OverzichtVraag,
    responses(
        (status = 200, description = "Eigen werknemers in het doelgroepregister", body = Overzicht),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang (ook: andermans loonheffingennummer)", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 429, description = "Daglimiet bereikt", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn werknemersoverzicht(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
    super::invoer::Body(vraag): super::invoer::Body<OverzichtVraag>,
) -> Result<Response, ApiFout> {
    let start = staat.klok().nu();
    let trace = Trace::uit_headers(&headers);
    let lhns = vraag
        .loonheffingennummers
        .iter()
        .map(|l| {
            Loonheffingennummer::parse(l)
                .map_err(|e| ApiFout::parameter("loonheffingennummers", "ongeldig", e.to_string()))
        })
        .collect::<Result<BTreeSet<_>, _>>()?;
    if lhns.is_empty() {
        return Err(ApiFout::parameter(
            "loonheffingennummers",
            "leeg",
            "geef minstens één loonheffingennummer",
        ));
    }
    let peildatum = peildatum_uit(vraag.peildatum.as_deref(), staat.klok().vandaag())?;
    beslis(
        &g,
        &Handeling::Werknemersoverzicht(lhns.iter().map(|l| l.fiscaal_nummer()).collect()),
    )
    .map_err(|w| ApiFout::Geweigerd(w.0))?;
    let telling = tel_eigen_werknemers(&staat, &g).await?;
    let gevonden: Vec<(Bsn, Loonheffingennummer)> = blokkerend(&staat, move |r| {
        Ok(r.werknemers_in_register(&lhns, peildatum, r.klok().nu())?)
    })
    .await?;
    let mut bsns: Vec<Bsn> = gevonden.iter().map(|(b, _)| *b).collect();
    bsns.dedup();
    leg_vast(
        &staat,
        Verwerkt {
            gebruiker: &g,
            trace: &trace,
            activiteit: "DGR-WERKNEMERS",
            naam: "werknemersoverzicht",
            bsns,
            opvragingen: telling.opvragingen(),
            buiten_eigen_polis: telling.buiten_eigen_polis(),
            doel: telling.doel(),
            start,
            client: Some(adres),
        },
    )
    .await?;
    let werknemers = gevonden
        .into_iter()
        .map(|(b, l)| Werknemer {
            bsn: b.cijfers(),
            loonheffingennummer: l.to_string(),
        })
        .collect();
    Ok(met_trace(
        Json(Overzicht {
            peildatum,
            werknemers,
        })
        .into_response(),
        &trace,
    ))
}
