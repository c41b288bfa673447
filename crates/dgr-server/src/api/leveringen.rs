//! `POST /api/v1/leveringen` (multipart upload through the same ingest as the CLI),
//! `GET /api/v1/leveringen` and `GET /api/v1/leveringen/{id}`.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use dgr_core::{Bron, Bsn, Gemeentecode, LeveringSoort, Modus};
use dgr_ingest::{Context, Rijen, lees_levering};
use dgr_register::{Aanlevering, ImportUitkomst};
use dgr_store::Store as _;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Verwerkt, blokkerend, leg_vast, met_trace};
use crate::auth::Gebruiker;
use crate::beleid::{Handeling, beslis};
use crate::fout::ApiFout;
use crate::staat::Staat;
use crate::trace::Trace;

/// The multipart form of an upload (for the OpenAPI document).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct LeveringUpload {
    /// The file (CSV or XLSX).
    #[schema(value_type = String, format = Binary)]
    pub bestand: Vec<u8>,
    /// UWV, GEMEENTE, INLICHTINGENBUREAU, PANTEIA, CBS, BRP, BELASTINGDIENST.
    pub bron: String,
    /// registraties, personen, polis, werkgevers, werkgeversuren, kandidaten.
    pub soort: String,
    /// The delivery reference.
    pub kenmerk: String,
    /// strict (default) or accept-valid.
    pub modus: Option<String>,
    /// For a municipality.
    pub gemeentecode: Option<String>,
}

/// A delivery as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeveringSamenvatting {
    /// Id.
    pub id: i64,
    /// Source.
    pub bron: String,
    /// Kind.
    pub soort: String,
    /// Reference.
    pub kenmerk: String,
    /// TOEGEPAST or AFGEWEZEN.
    pub status: String,
    /// When (RFC 3339).
    pub geregistreerd_op: String,
    /// Rows read.
    pub rijen_gelezen: u64,
    /// Rows applied.
    pub rijen_toegepast: u64,
    /// Rows rejected.
    pub rijen_afgewezen: u64,
    /// SHA-256 of the file.
    pub sha256: String,
}

fn samenvatting(l: &dgr_store::LeveringRecord) -> LeveringSamenvatting {
    let x = &l.levering;
    LeveringSamenvatting {
        id: l.id,
        bron: x.bron.code().into(),
        soort: x.soort.naam().into(),
        kenmerk: x.kenmerk.clone(),
        status: x.status.code().into(),
        geregistreerd_op: dgr_register::tijd::toon(x.geregistreerd_op),
        rijen_gelezen: x.rijen_gelezen,
        rijen_toegepast: x.rijen_toegepast,
        rijen_afgewezen: x.rijen_afgewezen,
        sha256: x.sha256.clone(),
    }
}

/// The fields of an upload form.
pub struct Velden {
    /// CSRF token (web form only).
    pub csrf: Option<String>,
    bestand: Option<(String, Vec<u8>)>,
    bron: Option<String>,
    soort: Option<String>,
    kenmerk: Option<String>,
    modus: Option<String>,
    gemeentecode: Option<String>,
}

/// Reads an upload form.
///
/// # Errors
/// [`ApiFout`] for malformed or unknown fields.
pub async fn lees_form(mut m: Multipart) -> Result<Velden, ApiFout> {
    let mut v = Velden {
        csrf: None,
        bestand: None,
        bron: None,
        soort: None,
        kenmerk: None,
        modus: None,
        gemeentecode: None,
    };
    while let Some(veld) = m
        .next_field()
        .await
        .map_err(|e| ApiFout::parameter("multipart", "ongeldig", e.body_text()))?
    {
        let naam = veld.name().unwrap_or_default().to_string();
        if naam == "bestand" {
            let bestandsnaam = veld.file_name().unwrap_or("levering").to_string();
            let bytes = veld
                .bytes()
                .await
                .map_err(|e| ApiFout::parameter("bestand", "ongeldig", e.body_text()))?;
            v.bestand = Some((bestandsnaam, bytes.to_vec()));
            continue;
        }
        let tekst = veld
            .text()
            .await
            .map_err(|e| ApiFout::parameter(&naam, "ongeldig", e.body_text()))?;
        match naam.as_str() {
            "bron" => v.bron = Some(tekst),
            "soort" => v.soort = Some(tekst),
            "kenmerk" => v.kenmerk = Some(tekst),
            "modus" => v.modus = Some(tekst),
            "gemeentecode" => v.gemeentecode = Some(tekst),
            "csrf" => v.csrf = Some(tekst),
            _ => return Err(ApiFout::parameter(&naam, "onbekend", "onbekend veld")),
        }
    }
    Ok(v)
}

fn verplicht<T>(
    naam: &str,
    v: Option<String>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, ApiFout> {
    let t = v.ok_or_else(|| ApiFout::parameter(naam, "verplicht", "ontbreekt"))?;
    parse(&t).map_err(|e| ApiFout::parameter(naam, "ongeldig", e))
}

/// The BSNs a delivery concerns (for one processing record per data subject).
fn bsns_in(
    inhoud: &[u8],
    naam: &str,
    soort: LeveringSoort,
    bron: Bron,
    referentie: &dgr_core::Referentie,
) -> Vec<Bsn> {
    let Ok(i) = lees_levering(
        inhoud,
        naam,
        Context {
            soort,
            bron,
            referentie,
        },
    ) else {
        return Vec::new();
    };
    let set: BTreeSet<Bsn> = match &i.rijen {
        Rijen::Registraties(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Personen(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Polis(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Kandidaten(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Werkgevers(_) | Rijen::Werkgeversuren(_) => BTreeSet::new(),
    };
    set.into_iter().collect()
}

/// Upload a delivery.
#[utoipa::path(
    post,
    path = "/api/v1/leveringen",
    tag = "leveringen",
    request_body(content = LeveringUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Toegepast (of al eerder toegepast)", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 422, description = "Afgewezen, met de rijfouten", body = serde_json::Value, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn upload(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
    form: Multipart,
) -> Result<Response, ApiFout> {
    let trace = Trace::uit_headers(&headers);
    let v = lees_form(form).await?;
    let uitkomst = verwerk(&staat, &g, &trace, adres, v).await?;
    metrics::counter!("dgr_leveringen_totaal", "status" => uitkomst.rapport().status).increment(1);
    let rapport =
        serde_json::to_value(uitkomst.rapport()).map_err(|e| ApiFout::Intern(e.to_string()))?;
    let antwoord = match uitkomst {
        ImportUitkomst::Afgewezen(..) => {
            let mut p = serde_json::json!({
                "type": "https://doelgroepregister.invalid/problemen/422",
                "title": "Levering afgewezen",
                "status": 422,
                "detail": rapport["reden"].clone(),
                "instance": "/api/v1/leveringen",
            });
            p["rapport"] = rapport;
            return Err(ApiFout::Onverwerkbaar(p));
        }
        _ => (StatusCode::CREATED, Json(rapport)).into_response(),
    };
    Ok(met_trace(antwoord, &trace))
}

/// All deliveries (metadata and counts, no personal data).
#[utoipa::path(
    get,
    path = "/api/v1/leveringen",
    tag = "leveringen",
    responses(
        (status = 200, description = "Leveringen", body = [LeveringSamenvatting]),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn lijst(State(staat): State<Staat>, g: Gebruiker) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::LeveringenInzien).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let eigen_bron = (g.rol == crate::beleid::Rol::Bron)
        .then_some(g.bron)
        .flatten();
    let lijst = blokkerend(&staat, move |r| {
        Ok(r.store()
            .leveringen()?
            .iter()
            .filter(|l| eigen_bron.is_none_or(|b| l.levering.bron == b))
            .map(samenvatting)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(lijst).into_response())
}

/// One delivery with its report (row errors carry masked BSNs only).
#[utoipa::path(
    get,
    path = "/api/v1/leveringen/{id}",
    tag = "leveringen",
    params(("id" = i64, Path, description = "Leveringsid")),
    responses(
        (status = 200, description = "De levering en haar rapport", body = serde_json::Value),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 404, description = "Niet gevonden", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn levering(
    State(staat): State<Staat>,
    g: Gebruiker,
    Path(id): Path<i64>,
) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::LeveringenInzien).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let eigen_bron = (g.rol == crate::beleid::Rol::Bron)
        .then_some(g.bron)
        .flatten();
    let l = blokkerend(&staat, move |r| Ok(r.store().levering(id)?)).await?;
    let l = l
        .filter(|l| eigen_bron.is_none_or(|b| l.levering.bron == b))
        .ok_or(ApiFout::NietGevonden)?;
    let rapport: serde_json::Value = serde_json::from_str(&l.levering.rapport).unwrap_or_default();
    Ok(Json(serde_json::json!({ "levering": samenvatting(&l), "rapport": rapport, "heeft_afwijzingsbestand": l.levering.afwijzingsbestand.is_some() })).into_response())
}

/// Applies an uploaded delivery (API and web): policy, the same import as the CLI, and one
/// processing record per person in an applied delivery.
///
/// # Errors
/// [`ApiFout`] for invalid fields, a refusal, or when the log cannot be written.
pub async fn verwerk(
    staat: &Staat,
    g: &Gebruiker,
    trace: &Trace,
    adres: std::net::SocketAddr,
    v: Velden,
) -> Result<ImportUitkomst, ApiFout> {
    let start = staat.klok().nu();
    let bron: Bron = verplicht("bron", v.bron, |t| t.parse())?;
    let soort: LeveringSoort = verplicht("soort", v.soort, |t| t.parse())?;
    let kenmerk = verplicht("kenmerk", v.kenmerk, |t| Ok(t.to_string()))?;
    let modus: Modus = v
        .modus
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e: String| ApiFout::parameter("modus", "ongeldig", e))?
        .unwrap_or_default();
    let gemeente = v
        .gemeentecode
        .as_deref()
        .map(Gemeentecode::parse)
        .transpose()
        .map_err(|e| ApiFout::parameter("gemeentecode", "ongeldig", e.to_string()))?;
    let (bestandsnaam, inhoud) = v
        .bestand
        .ok_or_else(|| ApiFout::parameter("bestand", "verplicht", "ontbreekt"))?;
    beslis(g, &Handeling::Leveren { bron, gemeente }).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let register = staat.register.clone();
    let (uitkomst, bsns) = tokio::task::spawn_blocking(move || {
        let mut r = register
            .lock()
            .map_err(|_| ApiFout::Intern("register vergrendeld".into()))?;
        let a = Aanlevering {
            soort,
            bron,
            kenmerk,
            gemeentecode: gemeente,
            modus,
            geregistreerd_op: None,
            bestandsnaam: bestandsnaam.clone(),
            inhoud: &inhoud,
        };
        let uitkomst = match r.importeer(&a, &mut |_, _| {}) {
            Ok(u) => u,
            Err(dgr_register::RegisterFout::Aanlevering(m)) => {
                return Err(ApiFout::parameter("levering", "ongeldig", m));
            }
            Err(e) => return Err(e.into()),
        };
        let bsns = if matches!(uitkomst, ImportUitkomst::Toegepast(..)) {
            bsns_in(&inhoud, &bestandsnaam, soort, bron, r.referentie())
        } else {
            Vec::new()
        };
        Ok((uitkomst, bsns))
    })
    .await
    .map_err(|e| ApiFout::Intern(e.to_string()))??;
    leg_vast(
        staat,
        Verwerkt {
            gebruiker: g,
            trace,
            activiteit: "DGR-LEVERING",
            naam: "levering_verwerken",
            bsns,
            opvragingen: 0,
            buiten_eigen_polis: 0,
            start,
            client: Some(adres),
        },
    )
    .await?;
    Ok(uitkomst)
}
