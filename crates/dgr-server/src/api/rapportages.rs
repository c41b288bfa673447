//! `GET /api/v1/rapportages/{banenmonitor,trend,quotum}` (aggregates; no personal data),
//! `GET /api/v1/rapportages/werkgeversmonitor` (aggregates from persons, logged) and
//! `POST /api/v1/werkgeversvoordelen/_zoek`.

use axum::Json;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use dgr_core::datum::parse_datum;
use dgr_core::lhn::FiscaalNummer;
use dgr_register::tijd::{Klok, parse_tijdstip};
use dgr_reports::trend::Kwartaal;
use dgr_reports::{
    banenmonitor as bm, quotum as qt, trend as tr, voordelen as vd, werkgeversmonitor as wm,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::zoek::bsn_uit;
use crate::beleid::{Handeling, beslis};
use crate::fout::ApiFout;
use crate::identiteit::Gebruiker;
use crate::opvraging::tel_en_lees;
use crate::register::blokkerend;
use crate::staat::Staat;
use crate::trace::Trace;
use crate::vastleggen::{Verwerkt, leg_vast, met_trace};

/// `bekend_op` of a report: given, else now on the register's clock.
fn bekend(t: Option<&str>, klok: Klok) -> Result<chrono::DateTime<Utc>, ApiFout> {
    t.map(parse_tijdstip)
        .transpose()
        .map_err(|e| ApiFout::parameter("bekend_op", "ongeldig", e))
        .map(|x| x.unwrap_or_else(|| klok.nu()))
}

/// Query of the banenmonitor.
#[derive(Debug, Deserialize, IntoParams)]
pub struct JaarVraag {
    /// The measured year.
    pub jaar: i32,
    /// As known at (RFC 3339 or JJJJ-MM-DD).
    pub bekend_op: Option<String>,
}

/// R-23 banenmonitor.
#[utoipa::path(
    get,
    path = "/api/v1/rapportages/banenmonitor",
    tag = "rapportages",
    params(JaarVraag),
    responses(
        (status = 200, description = "Banenmonitor (JSON-contract: jaar, bekend_op, nulmeting, sectoren, herkomst)", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn banenmonitor(
    State(staat): State<Staat>,
    g: Gebruiker,
    super::invoer::Vraag(v): super::invoer::Vraag<JaarVraag>,
) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::Banenmonitor).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let t = bekend(v.bekend_op.as_deref(), staat.klok())?;
    let b = blokkerend(&staat, move |r| {
        Ok(bm::maak(r.store(), r.referentie(), v.jaar, t, true)?)
    })
    .await?;
    Ok(Json(b).into_response())
}

/// Query of the trend.
#[derive(Debug, Deserialize, IntoParams)]
pub struct KwartaalVraag {
    /// Quarter `JJJJ-Kn`.
    pub kwartaal: String,
    /// As known at.
    pub bekend_op: Option<String>,
}

/// R-27 regional trend with R-40.
#[utoipa::path(
    get,
    path = "/api/v1/rapportages/trend",
    tag = "rapportages",
    params(KwartaalVraag),
    responses(
        (status = 200, description = "Trendrapportage; onderdrukte waarden zijn null", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn trend(
    State(staat): State<Staat>,
    g: Gebruiker,
    super::invoer::Vraag(v): super::invoer::Vraag<KwartaalVraag>,
) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::Trend).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let k =
        Kwartaal::parse(&v.kwartaal).map_err(|e| ApiFout::parameter("kwartaal", "ongeldig", e))?;
    let t = bekend(v.bekend_op.as_deref(), staat.klok())?;
    let x = blokkerend(&staat, move |r| {
        Ok(tr::maak(r.store(), r.referentie(), k, t)?)
    })
    .await?;
    Ok(Json(x).into_response())
}

/// Query of the quota.
#[derive(Debug, Deserialize, IntoParams)]
pub struct QuotumVraag {
    /// Year.
    pub jaar: i32,
    /// One fiscaal nummer (required for a werkgever: its own).
    pub fiscaal_nummer: Option<String>,
    /// As known at.
    pub bekend_op: Option<String>,
}

/// R-30..R-34 quota.
#[utoipa::path(
    get,
    path = "/api/v1/rapportages/quotum",
    tag = "rapportages",
    params(QuotumVraag),
    responses(
        (status = 200, description = "Quotum per fiscaal nummer", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn quotum(
    State(staat): State<Staat>,
    g: Gebruiker,
    super::invoer::Vraag(v): super::invoer::Vraag<QuotumVraag>,
) -> Result<Response, ApiFout> {
    let f = v
        .fiscaal_nummer
        .as_deref()
        .map(FiscaalNummer::parse)
        .transpose()
        .map_err(|e| ApiFout::parameter("fiscaal_nummer", "ongeldig", e.to_string()))?;
    beslis(&g, &Handeling::Quotum(f)).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let t = bekend(v.bekend_op.as_deref(), staat.klok())?;
    let x = blokkerend(&staat, move |r| {
        Ok(qt::maak(r.store(), r.referentie(), v.jaar, f, t)?)
    })
    .await?;
    Ok(Json(x).into_response())
}

/// The question of a werkgever.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoordelenVraag {
    /// The worker's BSN.
    pub bsn: String,
    /// First day of the employment (JJJJ-MM-DD).
    pub ingangsdatum_dienstverband: String,
}

/// without the grondslag.
#[utoipa::path(
    post,
    path = "/api/v1/werkgeversvoordelen/_zoek",
    tag = "werkgeversvoordelen",
    request_body = VoordelenVraag,
    responses(
        (status = 200, description = "No-riskpolis en LKV", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 429, description = "Daglimiet bereikt", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn voordelen(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
    super::invoer::Body(v): super::invoer::Body<VoordelenVraag>,
) -> Result<Response, ApiFout> {
    let start = staat.klok().nu();
    let trace = Trace::uit_headers(&headers);
    let bsn = bsn_uit(&v.bsn)?;
    let ingang = parse_datum(&v.ingangsdatum_dienstverband)
        .map_err(|e| ApiFout::parameter("ingangsdatum_dienstverband", "ongeldig", e.to_string()))?;
    beslis(&g, &Handeling::Voordelen).map_err(|w| ApiFout::Geweigerd(w.0))?;
    // "no advantages" for anyone outside the register: the answer reveals registration
    let werkgever = g.fiscale_nummers().first().copied();
    let (telling, x) = tel_en_lees(&staat, &g, bsn, move |r| {
        let klok = r.klok();
        Ok(vd::bereken(
            r.store(),
            r.referentie(),
            bsn,
            ingang,
            werkgever,
            klok.vandaag(),
            klok.nu(),
        )?)
    })
    .await?;
    leg_vast(
        &staat,
        Verwerkt {
            gebruiker: &g,
            trace: &trace,
            activiteit: "DGR-VOORDELEN",
            naam: "werkgeversvoordelen_zoeken",
            bsns: vec![bsn],
            opvragingen: telling.opvragingen(),
            buiten_eigen_polis: telling.buiten_eigen_polis(),
            doel: telling.doel(),
            start,
            client: Some(adres),
        },
    )
    .await?;
    Ok(met_trace(Json(x).into_response(), &trace))
}

/// Query of the werkgeversmonitor.
#[derive(Debug, Deserialize, IntoParams)]
pub struct MonitorVraag {
    /// The organisation (9 digits); a werkgever only its own.
    pub fiscaal_nummer: String,
    /// The quarter, e.g. `2025-K4` (peildatum: its last day).
    pub kwartaal: String,
    /// As known at (RFC 3339 or JJJJ-MM-DD).
    pub bekend_op: Option<String>,
}

/// R-42..R-44 werkgeversmonitor: per unit `code`, `naam`, `bovenliggend`, `werknemers`,
/// `doelgroep` and `banen` (`null` when withheld, R-44), `onderdrukt` (the withheld fields),
/// `niet_toegewezen`, the sector benchmark and the provenance of R-24. Every person read for it
/// is in the processing log (`DGR-MONITOR`) before the answer leaves.
#[utoipa::path(
    get,
    path = "/api/v1/rapportages/werkgeversmonitor",
    tag = "rapportages",
    params(MonitorVraag),
    responses(
        (status = 200, description = "Cijfers per eenheid", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn werkgeversmonitor(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
    super::invoer::Vraag(v): super::invoer::Vraag<MonitorVraag>,
) -> Result<Response, ApiFout> {
    let start = staat.klok().nu();
    let trace = Trace::uit_headers(&headers);
    let f = FiscaalNummer::parse(&v.fiscaal_nummer)
        .map_err(|e| ApiFout::parameter("fiscaal_nummer", "ongeldig", e.to_string()))?;
    let k =
        Kwartaal::parse(&v.kwartaal).map_err(|e| ApiFout::parameter("kwartaal", "ongeldig", e))?;
    beslis(&g, &Handeling::Werkgeversmonitor(f)).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let t = bekend(v.bekend_op.as_deref(), staat.klok())?;
    let beperking = g.eenheden.clone();
    let mut m = blokkerend(&staat, move |r| {
        wm::maak(r.store(), r.referentie(), f, k, t).map_err(|e| match e {
            dgr_reports::RapportFout::Parameter(p) => ApiFout::parameter("kwartaal", "ongeldig", p),
            e => e.into(),
        })
    })
    .await?;
    leg_vast(
        &staat,
        Verwerkt {
            gebruiker: &g,
            trace: &trace,
            activiteit: "DGR-MONITOR",
            naam: "werkgeversmonitor",
            bsns: m.betrokkenen.clone(),
            opvragingen: 0,
            buiten_eigen_polis: 0,
            doel: None,
            start,
            client: Some(adres),
        },
    )
    .await?;
    // a unit contact person sees only their units (the `eenheden` claim)
    m.beperk_tot(&beperking);
    Ok(met_trace(Json(m).into_response(), &trace))
}
