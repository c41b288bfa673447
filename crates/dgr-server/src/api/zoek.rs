//! `POST /api/v1/doelgroepregistraties/_zoek`: is this person in the register? A werkgever
//! gets yes/no only; a burger only for their own BSN; a gemeente details for residents; uwv
//! details.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use dgr_core::Bsn;
use dgr_core::bsn::maskeer_tekst;
use dgr_core::datum::parse_datum;
use dgr_core::registratie::in_register;
use dgr_register::tijd::{nu, vandaag};
use dgr_store::Store as _;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Verwerkt, kort_lezen, leg_vast, met_trace};
use crate::auth::Gebruiker;
use crate::beleid::{Handeling, Rol, Toegang, beslis};
use crate::fout::ApiFout;
use crate::staat::Staat;
use crate::trace::Trace;

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

/// Parses an optional peildatum (default today).
pub fn peildatum_uit(tekst: Option<&str>) -> Result<NaiveDate, ApiFout> {
    match tekst {
        None => Ok(vandaag()),
        Some(t) => {
            parse_datum(t).map_err(|e| ApiFout::parameter("peildatum", "ongeldig", e.to_string()))
        }
    }
}

/// Checks and counts the organisation's BSN lookups of today (API.md "Misuse").
pub(crate) fn tel_opvraging(staat: &Staat, g: &Gebruiker) -> Result<(), ApiFout> {
    if g.rol != Rol::Werkgever {
        return Ok(());
    }
    let vandaag = vandaag();
    let sleutel = (g.organisatie_sleutel(), vandaag);
    let mut tellers = staat
        .opvragingen
        .lock()
        .map_err(|_| ApiFout::Intern("teller vergrendeld".into()))?;
    if !tellers.contains_key(&sleutel) {
        // after a restart: today's count from the durable audit records
        let middernacht =
            dgr_register::tijd::parse_tijdstip(&vandaag.to_string()).unwrap_or_else(|_| Utc::now());
        let register = staat
            .register
            .lock()
            .map_err(|_| ApiFout::Intern("register vergrendeld".into()))?;
        let n = dgr_store::sqlite::logboek::LogboekLezer::new(register.store().verbinding())
            .opvragingen_sinds(&sleutel.0, middernacht)?;
        tellers.retain(|(_, d), _| *d == vandaag);
        tellers.insert(sleutel.clone(), n);
    }
    let n = tellers.entry(sleutel).or_insert(0);
    if *n >= staat.instellingen.limiet_per_dag {
        let morgen = vandaag
            .succ_opt()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let tot = dgr_register::tijd::parse_tijdstip(&morgen)
            .map(|t| (t - Utc::now()).num_seconds().max(1))
            .unwrap_or(3600);
        metrics::counter!("dgr_opvragingen_geweigerd_limiet_totaal").increment(1);
        return Err(ApiFout::TeVeel(u64::try_from(tot).unwrap_or(3600)));
    }
    *n += 1;
    Ok(())
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
    let start = Utc::now();
    let trace = Trace::uit_headers(&headers);
    let bsn = bsn_uit(&vraag.bsn)?;
    let peildatum = peildatum_uit(vraag.peildatum.as_deref())?;
    if g.rol == Rol::Burger && g.bsn != Some(bsn) {
        beslis(
            &g,
            &Handeling::Zoeken {
                eigen: false,
                woongemeente: None,
            },
        )
        .map_err(|w| ApiFout::Geweigerd(w.0))?;
    }
    if !matches!(
        g.rol,
        Rol::Werkgever | Rol::Burger | Rol::Gemeente | Rol::Uwv
    ) {
        return Err(ApiFout::Geweigerd(
            "deze rol mag deze handeling niet uitvoeren".into(),
        ));
    }
    tel_opvraging(&staat, &g)?;
    let eigen_lhn = g.fiscale_nummers();
    let rol = g.rol;
    let (ja, woongemeente, details, buiten) = kort_lezen(&staat, move |r| {
        let versies = r.store().registratie_versies(bsn)?;
        let bekend = nu();
        let ja = in_register(&versies, peildatum, bekend, |_| true);
        let woongemeente = r
            .store()
            .persoon_versies(bsn)?
            .into_iter()
            .rev()
            .find(|v| v.vervallen_op.is_none())
            .and_then(|v| v.persoon.woongemeente);
        let details: Vec<RegistratieDetail> = versies
            .iter()
            .filter(|v| v.bekend_op(bekend) && v.registratie.geldt_op(peildatum))
            .map(|v| RegistratieDetail {
                grondslag: v.registratie.grondslag.clone(),
                ingangsdatum: v.registratie.ingangsdatum,
                einddatum: v.registratie.einde().map(|e| e.datum),
                reden_einde: v.registratie.einde().map(|e| e.reden.clone()),
            })
            .collect();
        let mut buiten = false;
        if rol == Rol::Werkgever {
            let mut bij_eigen = false;
            for f in &eigen_lhn {
                bij_eigen |= r.store().heeft_polis_bij(bsn, *f)?;
            }
            buiten = !bij_eigen;
        }
        Ok((ja, woongemeente, details, buiten))
    })
    .await?;
    let toegang = beslis(
        &g,
        &Handeling::Zoeken {
            eigen: g.bsn == Some(bsn),
            woongemeente,
        },
    )
    .map_err(|w| ApiFout::Geweigerd(w.0))?;
    let activiteit = match g.rol {
        Rol::Werkgever => "DGR-ZOEK-WERKGEVER",
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
            opvragingen: 1,
            buiten_eigen_polis: u32::from(buiten),
            start,
            client: Some(adres),
        },
    )
    .await?;
    metrics::counter!("dgr_opvragingen_totaal", "rol" => g.rol.naam()).increment(1);
    let antwoord = ZoekAntwoord {
        in_doelgroepregister: ja,
        peildatum,
        registraties: (toegang == Toegang::Details).then_some(details),
    };
    Ok(met_trace(Json(antwoord).into_response(), &trace))
}
