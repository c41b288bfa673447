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
use dgr_core::datum::parse_invoerdatum;
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
    formulier: Option<Formulier>,
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
    let formulier = formulier.unwrap_or_else(|| Formulier {
        ingediend_op: staat.klok().vandaag().to_string(),
        ..Formulier::default()
    });
    let ongeldig = formulier.heeft_fout();
    let mut r = pagina(
        "bezwaren.html",
        "Bezwaren",
        Some(s),
        "/inkijk/bezwaren",
        context! { bezwaren => bezwaren, melding => melding_tekst, fout => fout, formulier => formulier },
    );
    if ongeldig {
        *r.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    r
}

/// The registration form as shown again: the values as typed, each field's error, and the
/// warning about another open bezwaar of the same person that must be confirmed.
#[derive(Debug, Default, serde::Serialize)]
struct Formulier {
    bsn: String,
    besluitdatum: String,
    ingediend_op: String,
    toelichting: String,
    fout_bsn: Option<String>,
    fout_besluitdatum: Option<String>,
    fout_ingediend_op: Option<String>,
    /// Another bezwaar of this person is open: recorded only when confirmed.
    waarschuwing: Option<String>,
}

impl Formulier {
    fn van(f: &BezwaarForm) -> Formulier {
        Formulier {
            bsn: f.bsn.clone(),
            besluitdatum: f.besluitdatum.clone(),
            ingediend_op: f.ingediend_op.clone(),
            toelichting: f.toelichting.clone(),
            ..Formulier::default()
        }
    }

    fn heeft_fout(&self) -> bool {
        self.fout_bsn.is_some()
            || self.fout_besluitdatum.is_some()
            || self.fout_ingediend_op.is_some()
    }
}

/// The queue and the form to record a bezwaar.
pub async fn lijst(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
) -> Response {
    match sessie_voor(&staat, &headers, &[Rol::Uwv]) {
        Ok(s) => lijst_pagina(&staat, &headers, adres, &s, None, None).await,
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
    /// `ja`: record it although another bezwaar of this person is open.
    #[serde(default)]
    bevestigd: String,
}

/// A date field as people type it ([`parse_invoerdatum`]), with the field's name in the error.
fn datum(tekst: &str, veld: &str) -> Result<NaiveDate, String> {
    parse_invoerdatum(tekst).map_err(|e| format!("{veld}: {}", e.uitleg()))
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
    let (uitslag, formulier) = match f.actie.as_str() {
        "registreren" => match registreren(&staat, &f, wie).await {
            Ok(t) => (Some(Ok(t)), None),
            Err(formulier) => (None, Some(*formulier)),
        },
        "beslissen" => (Some(beslissen(&staat, &f, wie).await), None),
        _ => (Some(Err("Onbekende actie.".to_string())), None),
    };
    let tekst = uitslag.map(|u| match u {
        Ok(t) => (false, t),
        Err(t) => (true, t),
    });
    lijst_pagina(&staat, &headers, adres, &s, tekst, formulier).await
}

/// Records a bezwaar; otherwise the form again with what was typed and why (R-16's dates
/// checked against each other by [`dgr_register::Register::registreer_bezwaar`]; a second open
/// bezwaar of the same person asked to be confirmed).
async fn registreren(
    staat: &Staat,
    f: &BezwaarForm,
    wie: String,
) -> Result<String, Box<Formulier>> {
    let mut formulier = Formulier::van(f);
    let bsn = Bsn::uit_invoer(&f.bsn).map_err(|e| formulier.fout_bsn = Some(e.uitleg()));
    let besluitdatum = parse_invoerdatum(&f.besluitdatum)
        .map_err(|e| formulier.fout_besluitdatum = Some(e.uitleg().into()));
    let ingediend_op = match parse_invoerdatum(&f.ingediend_op) {
        Ok(d) if d > staat.klok().vandaag() => {
            formulier.fout_ingediend_op = Some("Deze datum ligt in de toekomst.".into());
            Err(())
        }
        Ok(d) => Ok(d),
        Err(e) => {
            formulier.fout_ingediend_op = Some(e.uitleg().into());
            Err(())
        }
    };
    let (Ok(bsn), Ok(besluitdatum), Ok(ingediend_op)) = (bsn, besluitdatum, ingediend_op) else {
        return Err(Box::new(formulier));
    };
    let toelichting = f.toelichting.trim().to_string();
    let bevestigd = f.bevestigd == "ja";
    // the dates first: a bezwaar lodged before its decision is refused, confirmed or not
    if let Err(dgr_register::RegisterFout::Ongeldig(t)) =
        dgr_register::bezwaren::controleer_datums(besluitdatum, ingediend_op)
    {
        formulier.fout_ingediend_op = Some(t);
        return Err(Box::new(formulier));
    }
    let uitslag = blokkerend(staat, move |r| {
        let open = r.open_bezwaren_van(bsn)?;
        if !open.is_empty() && !bevestigd {
            return Ok(Err(open));
        }
        let id = r.registreer_bezwaar(&dgr_store::bezwaren::NieuwBezwaar {
            bsn,
            besluitdatum,
            ingediend_op,
            toelichting: &toelichting,
            wie: &wie,
        });
        Ok(Ok(id))
    })
    .await;
    let id = match uitslag {
        Ok(Ok(Ok(id))) => id,
        Ok(Ok(Err(dgr_register::RegisterFout::Ongeldig(t)))) => {
            formulier.fout_ingediend_op = Some(t);
            return Err(Box::new(formulier));
        }
        Ok(Err(open)) => {
            let lijst = open
                .iter()
                .map(|b| {
                    format!(
                        "nr. {} (besluit van {}, ingediend {})",
                        b.id,
                        b.besluitdatum.format("%d-%m-%Y"),
                        b.ingediend_op.format("%d-%m-%Y")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            formulier.waarschuwing = Some(format!(
                "Voor deze persoon staat al een bezwaar open: {lijst}. Is dit een ander bezwaar \
                 (tegen een ander besluit)? Vink dan aan dat u het toch wilt vastleggen. Is het \
                 hetzelfde bezwaar, leg het dan niet nog eens vast."
            ));
            return Err(Box::new(formulier));
        }
        Ok(Ok(Err(_))) | Err(_) => {
            formulier.waarschuwing = Some("Het bezwaar kon niet worden vastgelegd.".into());
            return Err(Box::new(formulier));
        }
    };
    let laat = if bezwaar::tijdig(besluitdatum, ingediend_op) {
        String::new()
    } else {
        format!(
            " Let op: ingediend na de termijn (laatste dag {}).",
            bezwaar::laatste_dag(besluitdatum)
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
            .map_err(|e| match e {
                // our own words (no person data, e.g. no BRP data for an opvoer)
                dgr_register::RegisterFout::Ongeldig(t) => format!("Bezwaar {id}: {t}"),
                e => format!("Bezwaar {id}: de registratie kon niet worden aangepast: {e}"),
            })?;
        Ok(format!(
            "Bezwaar {id} beslist: {uitkomst}; {n} registratie(s) gewijzigd."
        ))
    })
    .await
    .map_err(|_| "Er ging iets mis.".to_string())?
}
