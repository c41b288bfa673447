//! UWV's work queue of uitschrijvingen: inform the current employers (polis rows in the
//! last 3 months) and give them 2 weeks for an objection (**project decision**), record an
//! objection, and decide; a granted request ends every registration per the decision date
//! (R-11, reason UITSCHRIJVING), recorded as a staff action.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Days, Months};
use dgr_core::Bsn;
use dgr_store::Store as _;
use dgr_store::sqlite::uitschrijving::Uitschrijvingen;
use minijinja::{Value, context};
use serde::Deserialize;

use super::paginas::{
    Raadpleging, leg_raadpleging_vast, pagina, sessie_voor, sessie_voor_formulier,
};
use crate::api::blokkerend;
use crate::beleid::Rol;
use crate::staat::Staat;

/// Days the employers get to object (R-15, **project decision**).
const BEZWAARTERMIJN_DAGEN: u64 = 14;
/// Requests older than this many days are urgent (R-15: decide within 8 weeks; flag at 6).
const URGENT_NA_DAGEN: i64 = 42;

async fn lijst_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    tekst: Option<String>,
) -> Response {
    let start = staat.klok().nu();
    let s = match sessie_voor(staat, headers, &[Rol::Uwv]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let lijst = blokkerend(staat, |r| {
        Ok(Uitschrijvingen::new(r.store().verbinding()).open()?)
    })
    .await
    .unwrap_or_default();
    let bsns: Vec<Bsn> = lijst.iter().map(|u| u.bsn).collect();
    if !bsns.is_empty()
        && let Err(fout) = leg_raadpleging_vast(
            staat,
            &s,
            headers,
            Raadpleging {
                activiteit: "DGR-ZOEK-UWV",
                naam: "web_uitschrijvingen",
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
    let vandaag = staat.klok().vandaag();
    let verzoeken: Vec<Value> = lijst
        .iter()
        .map(|u| {
            context! {
                id => u.id,
                bsn => u.bsn.cijfers(),
                aangevraagd_op => u.aangevraagd_op.to_string(),
                urgent => (vandaag - u.aangevraagd_op).num_days() > URGENT_NA_DAGEN,
                status => u.status.clone(),
                werkgevers => u.werkgevers.clone(),
                bezwaar_tot => u.bezwaar_tot.map(|d| d.to_string()),
                bezwaar => u.bezwaar_werkgever.clone(),
            }
        })
        .collect();
    pagina(
        "uitschrijvingen.html",
        "Uitschrijvingen",
        Some(&s),
        "/inkijk/uitschrijvingen",
        context! { verzoeken => verzoeken, melding => tekst },
    )
}

/// The queue.
pub async fn lijst(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
) -> Response {
    lijst_pagina(&staat, &headers, adres, None).await
}

/// An action on a request.
#[derive(Debug, Deserialize)]
pub struct ActieForm {
    csrf: String,
    id: i64,
    actie: String,
    #[serde(default)]
    tekst: String,
    #[serde(default)]
    reden: String,
}

/// Informs employers, records an objection, or decides.
pub async fn actie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<ActieForm>,
) -> Response {
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Uwv], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let wie = s.gebruiker.behandelaar();
    let id = f.id;
    let vandaag = staat.klok().vandaag();
    let tekst = match f.actie.as_str() {
        "informeren" => blokkerend(&staat, move |r| {
            let bank = Uitschrijvingen::new(r.store().verbinding());
            let Some(u) = bank.een(id)? else {
                return Ok("Verzoek niet gevonden.".to_string());
            };
            // current employers: polis rows in the last 3 months
            let sinds = vandaag
                .checked_sub_months(Months::new(3))
                .unwrap_or(vandaag);
            let lhns: BTreeSet<_> = r
                .store()
                .polis_van(u.bsn, r.klok().nu())?
                .into_iter()
                .filter(|p| p.tijdvak_einde >= sinds)
                .map(|p| p.inlener.unwrap_or(p.loonheffingennummer))
                .collect();
            let namen: Vec<String> = {
                let werkgevers = r.store().werkgevers_op(r.klok().nu())?;
                lhns.iter()
                    .map(|l| {
                        werkgevers
                            .iter()
                            .find(|w| w.loonheffingennummer == *l)
                            .map_or_else(|| l.to_string(), |w| w.naam.clone())
                    })
                    .collect()
            };
            let tot = vandaag
                .checked_add_days(Days::new(BEZWAARTERMIJN_DAGEN))
                .unwrap_or(vandaag);
            let lijst = if namen.is_empty() {
                "geen huidige werkgever".to_string()
            } else {
                namen.join(", ")
            };
            bank.werkgevers_geinformeerd(id, &lijst, if namen.is_empty() { vandaag } else { tot })?;
            Ok(format!(
                "Verzoek {id}: werkgevers geïnformeerd ({lijst}); bezwaar mogelijk tot {}.",
                if namen.is_empty() { vandaag } else { tot }
            ))
        })
        .await
        .unwrap_or_else(|_| "Er ging iets mis.".into()),
        "bezwaar" => {
            let t = f.tekst.clone();
            blokkerend(&staat, move |r| {
                Ok(Uitschrijvingen::new(r.store().verbinding()).bezwaar(id, &t)?)
            })
            .await
            .map(|ok| {
                if ok {
                    format!("Bezwaar bij verzoek {id} vastgelegd.")
                } else {
                    "Bezwaar kan alleen na het informeren van de werkgevers.".into()
                }
            })
            .unwrap_or_else(|_| "Er ging iets mis.".into())
        }
        "toewijzen" => toewijzen(&staat, id, &wie).await,
        "afwijzen" => {
            let reden = if f.reden.trim().is_empty() {
                "geen reden opgegeven".to_string()
            } else {
                f.reden.trim().to_string()
            };
            blokkerend(&staat, move |r| {
                Ok(Uitschrijvingen::new(r.store().verbinding()).besluit(
                    id,
                    false,
                    vandaag,
                    Some(&reden),
                    &wie,
                )?)
            })
            .await
            .map(|ok| {
                if ok {
                    format!("Verzoek {id} afgewezen.")
                } else {
                    "Verzoek is niet (meer) open.".into()
                }
            })
            .unwrap_or_else(|_| "Er ging iets mis.".into())
        }
        _ => "Onbekende actie.".into(),
    };
    lijst_pagina(&staat, &headers, adres, Some(tekst)).await
}

/// Grants a request once the employers' objection window has passed: ends every registration
/// per today (R-11 UITSCHRIJVING) with the action as the cause, then records the decision.
async fn toewijzen(staat: &Staat, id: i64, wie: &str) -> String {
    let register = staat.register.clone();
    let wie = wie.to_string();
    let vandaag = staat.klok().vandaag();
    let uitkomst = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let mut r = register
            .lock()
            .map_err(|_| "register vergrendeld".to_string())?;
        let u = Uitschrijvingen::new(r.store().verbinding())
            .een(id)
            .map_err(|e| e.to_string())?
            .ok_or("Verzoek niet gevonden.")?;
        if u.status == "OPEN" {
            return Ok(format!("Verzoek {id}: informeer eerst de werkgevers."));
        }
        if u.bezwaar_tot.is_some_and(|t| t > vandaag) {
            return Ok(format!(
                "Verzoek {id}: de bezwaartermijn van de werkgevers loopt nog tot {}.",
                u.bezwaar_tot.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        // the decision and the ended registrations in one transaction
        let n = r
            .beeindig_persoon(
                u.bsn,
                vandaag,
                "UITSCHRIJVING",
                &format!("uitschrijving {id} ({wie})"),
                Some(&dgr_store::Besluit::UitschrijvingToegewezen {
                    id,
                    op: vandaag,
                    wie: &wie,
                }),
            )
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "Verzoek {id} toegewezen: {n} registratie(s) beëindigd per {vandaag}."
        ))
    })
    .await;
    match uitkomst {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => e,
        Err(_) => "Er ging iets mis.".into(),
    }
}
