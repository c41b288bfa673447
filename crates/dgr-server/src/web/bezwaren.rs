//! UWV's work queue of bezwaren against a beoordeling arbeidsvermogen: record a lodged
//! bezwaar (flagged when it came after the 6-week term), and decide it; a founded bezwaar adds
//! or withdraws a PW_IBA registration, recorded as a staff action that names the bezwaar.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use dgr_core::Bsn;
use dgr_core::bezwaar::{self, Uitkomst};
use dgr_core::datum::parse_datum;
use minijinja::{Value, context};
use serde::Deserialize;

use super::gemeen::{
    Raadpleging, leg_raadpleging_vast, pagina, sessie_voor, sessie_voor_formulier,
};
use crate::identiteit::Rol;
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

async fn lijst_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    tekst: Option<(bool, String)>,
) -> Response {
    let start = staat.klok().nu();
    let lijst = blokkerend(staat, |r| Ok(r.store().open_bezwaren()?))
        .await
        .unwrap_or_default();
    let bsns: Vec<Bsn> = lijst.iter().map(|b| b.bsn).collect();
    if !bsns.is_empty()
        && let Err(fout) = leg_raadpleging_vast(
            staat,
            s,
            headers,
            Raadpleging {
                activiteit: "DGR-ZOEK-UWV",
                naam: "web_bezwaren",
                bsns,
                telling: crate::opvraging::Telling::geen(),
                start,
                adres,
            },
        )
        .await
    {
        return fout;
    }
    let bezwaren: Vec<Value> = lijst
        .iter()
        .map(|b| {
            context! {
                id => b.id,
                bsn => b.bsn.cijfers(),
                besluitdatum => b.besluitdatum.to_string(),
                ingediend_op => b.ingediend_op.to_string(),
                laatste_dag => bezwaar::laatste_dag(b.besluitdatum).to_string(),
                te_laat => !bezwaar::tijdig(b.besluitdatum, b.ingediend_op),
                toelichting => b.toelichting.clone(),
            }
        })
        .collect();
    let (fout, melding_tekst) = match tekst {
        Some((true, t)) => (Some(t), None),
        Some((false, t)) => (None, Some(t)),
        None => (None, None),
    };
    pagina(
        "bezwaren.html",
        "Bezwaren",
        Some(s),
        "/inkijk/bezwaren",
        context! { bezwaren => bezwaren, melding => melding_tekst, fout => fout, vandaag => staat.klok().vandaag().to_string() },
    )
}

/// The queue and the form to record a bezwaar.
pub async fn lijst(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
) -> Response {
    match sessie_voor(&staat, &headers, &[Rol::Uwv]) {
        Ok(s) => lijst_pagina(&staat, &headers, adres, &s, None).await,
        Err(r) => *r,
    }
}

/// Recording (`actie=registreren`) or deciding (`actie=beslissen`) a bezwaar.
#[derive(Debug, Deserialize)]
pub struct BezwaarForm {
    csrf: String,
    actie: String,
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    besluitdatum: String,
    #[serde(default)]
    ingediend_op: String,
    #[serde(default)]
    toelichting: String,
    #[serde(default)]
    uitkomst: String,
    #[serde(default)]
    ingangsdatum: String,
}

/// A date field in the formats of R-04 ([`parse_datum`]).
fn datum(tekst: &str, veld: &str) -> Result<NaiveDate, String> {
    parse_datum(tekst.trim()).map_err(|e| format!("{veld}: {e}"))
}

/// Records or decides a bezwaar, then shows the queue with the result.
pub async fn actie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<BezwaarForm>,
) -> Response {
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Uwv], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let wie = s.gebruiker.behandelaar();
    let uitslag = match f.actie.as_str() {
        "registreren" => registreren(&staat, &f, wie).await,
        "beslissen" => beslissen(&staat, &f, wie).await,
        _ => Err("Onbekende actie.".to_string()),
    };
    let tekst = match uitslag {
        Ok(t) => (false, t),
        Err(t) => (true, t),
    };
    lijst_pagina(&staat, &headers, adres, &s, Some(tekst)).await
}

async fn registreren(staat: &Staat, f: &BezwaarForm, wie: String) -> Result<String, String> {
    let bsn = Bsn::parse(f.bsn.trim())
        .map_err(|_| "BSN: geen geldig burgerservicenummer (9 cijfers, elfproef)".to_string())?;
    let besluitdatum = datum(&f.besluitdatum, "Datum van het besluit")?;
    let ingediend_op = datum(&f.ingediend_op, "Ingediend op")?;
    if ingediend_op > staat.klok().vandaag() {
        return Err("Ingediend op: die datum ligt in de toekomst".into());
    }
    let toelichting = f.toelichting.trim().to_string();
    let id = blokkerend(staat, move |r| {
        Ok(r.registreer_bezwaar(&dgr_store::bezwaren::NieuwBezwaar {
            bsn,
            besluitdatum,
            ingediend_op,
            toelichting: &toelichting,
            wie: &wie,
        })?)
    })
    .await
    .map_err(|_| "Het bezwaar kon niet worden vastgelegd.".to_string())?;
    let laat = if bezwaar::tijdig(besluitdatum, ingediend_op) {
        String::new()
    } else {
        format!(
            " Let op: ingediend na de termijn (laatste dag {}).",
            super::opmaak::datum_lang(bezwaar::laatste_dag(besluitdatum))
        )
    };
    Ok(format!("Bezwaar {id} vastgelegd.{laat}"))
}

async fn beslissen(staat: &Staat, f: &BezwaarForm, wie: String) -> Result<String, String> {
    let id = f.id.ok_or("Geen bezwaar gekozen.")?;
    let ingangsdatum = if f.ingangsdatum.trim().is_empty() {
        None
    } else {
        Some(datum(&f.ingangsdatum, "Ingangsdatum")?)
    };
    let uitkomst = Uitkomst::parse(&f.uitkomst, ingangsdatum)?;
    let register = staat.register.clone();
    let vandaag = staat.klok().vandaag();
    tokio::task::spawn_blocking(move || -> Result<String, String> {
        let mut r = register
            .lock()
            .map_err(|_| "register vergrendeld".to_string())?;
        let b = r
            .store()
            .bezwaar(id)
            .map_err(|e| e.to_string())?
            .filter(|b| b.status == "OPEN")
            .ok_or(format!("Bezwaar {id} is niet (meer) open."))?;
        // decision and register change in one transaction: when the change does not apply,
        // nothing is decided
        let besluit = dgr_store::BezwaarBesluit {
            id,
            uitkomst,
            op: vandaag,
            wie: &wie,
        };
        let n = r
            .voer_bezwaar_uit(b.bsn, besluit, &format!("bezwaar {id} ({wie})"))
            .map_err(|e| format!("Bezwaar {id}: de registratie kon niet worden aangepast: {e}"))?;
        Ok(format!(
            "Bezwaar {id} beslist: {uitkomst}; {n} registratie(s) gewijzigd."
        ))
    })
    .await
    .map_err(|_| "Er ging iets mis.".to_string())?
}
