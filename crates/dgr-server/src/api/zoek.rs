//! `POST /api/v1/doelgroepregistraties/_zoek`: is this person in the register? A werkgever
//! gets yes/no only; a burger only for their own BSN; a gemeente details for residents; uwv
//! details.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use dgr_core::Bsn;
use dgr_core::bsn::maskeer_tekst;
use dgr_core::datum::parse_datum;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::beleid::{Handeling, Toegang, beslis, zoeken_vraagt_woongemeente};
use dgr_register::opvragen::Woongemeente;

use crate::fout::ApiFout;
use crate::identiteit::{Gebruiker, Rol};
use crate::opvraging::{Opvraagdoel, tel_en_lees};
use crate::staat::Staat;
use crate::trace::Trace;
use crate::vastleggen::{Verwerkt, leg_vast, met_trace};

/// The question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoekVraag {
    /// BSN (9 digits).
    #[schema(example = "111222333")]
    pub bsn: String,
    /// JJJJ-MM-DD; default today (Europe/Amsterdam).
    #[schema(example = "2025-06-30")]
    pub peildatum: Option<String>,
    /// Werkgever only: why it asks (Wfsv art. 38d lid 7): an employee, an applicant, or someone
    /// who works under its supervision or is hired in; default `werknemer`. Recorded in the
    /// processing log; ignored for other roles, who ask under their own legal task.
    pub doel: Option<Opvraagdoel>,
}

/// One registration in the details view.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegistratieDetail {
    /// Grondslag code.
    pub grondslag: String,
    /// First day.
    pub ingangsdatum: NaiveDate,
    /// First day no longer registered.
    pub einddatum: Option<NaiveDate>,
    /// Why it ends.
    pub reden_einde: Option<String>,
}

/// The answer; `registraties` only for roles with a details view.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ZoekAntwoord {
    ///
    pub in_doelgroepregister: bool,
    /// The peildatum used.
    pub peildatum: NaiveDate,
    /// Registrations valid on the peildatum (details view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registraties: Option<Vec<RegistratieDetail>>,
}

/// Parses the BSN of a body into a domain value (invalidParams otherwise, the value masked).
pub fn bsn_uit(tekst: &str) -> Result<Bsn, ApiFout> {
    Bsn::parse(tekst).map_err(|e| {
        ApiFout::parameter("bsn", "ongeldig", format!("{e} ({})", maskeer_tekst(tekst)))
    })
}

/// Parses an optional peildatum (default `vandaag`, today on the register's clock).
pub fn peildatum_uit(tekst: Option<&str>, vandaag: NaiveDate) -> Result<NaiveDate, ApiFout> {
    match tekst {
        None => Ok(vandaag),
        Some(t) => {
            parse_datum(t).map_err(|e| ApiFout::parameter("peildatum", "ongeldig", e.to_string()))
        }
    }
}

/// R-06 lookup.
#[utoipa::path(
    post,
    path = "/api/v1/doelgroepregistraties/_zoek",
    tag = "doelgroepregistraties",
    request_body = ZoekVraag,
    responses(
        (status = 200, description = "Antwoord (werkgever: alleen ja/nee)", body = ZoekAntwoord),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 429, description = "Daglimiet bereikt", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn zoek(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
    super::invoer::Body(vraag): super::invoer::Body<ZoekVraag>,
) -> Result<Response, ApiFout> {
    let start = staat.klok().nu();
    let trace = Trace::uit_headers(&headers);
    let bsn = bsn_uit(&vraag.bsn)?;
    let peildatum = peildatum_uit(vraag.peildatum.as_deref(), staat.klok().vandaag())?;
    // roles without a lookup, and a burger asking about someone else, are refused before
    // anything is read (the woongemeente is not known yet: a gemeente gets at least yes/no)
    beslis(
        &g,
        &Handeling::Zoeken {
            eigen: g.bsn == Some(bsn),
            woongemeente: None,
        },
    )
    .map_err(|w| ApiFout::Geweigerd(w.0))?;
    let doel = vraag.doel.unwrap_or_default();
    let woongemeente = if zoeken_vraagt_woongemeente(&g) {
        Woongemeente::Lezen
    } else {
        Woongemeente::Overslaan
    };
    let (telling, o) = tel_en_lees(&staat, &g, bsn, move |r| {
        Ok(r.opvraging(bsn, peildatum, r.klok().nu(), woongemeente)?)
    })
    .await?;
    let telling = telling.met_doel(&g, doel);
    let (ja, woongemeente) = (o.in_doelgroepregister, o.woongemeente);
    let details: Vec<RegistratieDetail> = o
        .registraties
        .iter()
        .map(|r| RegistratieDetail {
            grondslag: r.grondslag.clone(),
            ingangsdatum: r.ingangsdatum,
            einddatum: r.einde().map(|e| e.datum),
            reden_einde: r.einde().map(|e| e.reden.clone()),
        })
        .collect();
    let toegang = beslis(
        &g,
        &Handeling::Zoeken {
            eigen: g.bsn == Some(bsn),
            woongemeente,
        },
    )
    .map_err(|w| ApiFout::Geweigerd(w.0))?;
    let activiteit = match g.rol {
        Rol::Werkgever => doel.activiteit(),
        Rol::Gemeente => "DGR-ZOEK-GEMEENTE",
        Rol::Burger => "DGR-INZAGE",
        _ => "DGR-ZOEK-UWV",
    };
    leg_vast(
        &staat,
        Verwerkt {
            gebruiker: &g,
            trace: &trace,
            activiteit,
            naam: "doelgroepregistraties_zoeken",
            bsns: vec![bsn],
            opvragingen: telling.opvragingen(),
            buiten_eigen_polis: telling.buiten_eigen_polis(),
            doel: telling.doel(),
            start,
            client: Some(adres),
        },
    )
    .await?;
    let antwoord = ZoekAntwoord {
        in_doelgroepregister: ja,
        peildatum,
        registraties: (toegang == Toegang::Details).then_some(details),
    };
    Ok(met_trace(Json(antwoord).into_response(), &trace))
}
