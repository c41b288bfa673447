//! UWV's work queue of uitschrijvingen: inform the current employers (polis rows in the
//! last 3 months) and give them 2 weeks for an objection (**project decision**), record an
//! objection, and decide; a granted request ends every registration per the decision date
//! (R-11, reason UITSCHRIJVING), recorded as a staff action.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dgr_core::Bsn;
use dgr_register::uitschrijvingen::{Informeren, Toewijzing, is_urgent};
use minijinja::{Value, context};
use serde::Deserialize;

use super::gemeen::{
    Raadpleging, leg_raadpleging_vast, pagina, sessie_voor, sessie_voor_formulier,
};
use crate::identiteit::Rol;
use crate::register::blokkerend;
use crate::staat::Staat;

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
    let lijst = blokkerend(staat, |r| Ok(r.store().open_uitschrijvingen()?))
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
                urgent => is_urgent(u.aangevraagd_op, vandaag),
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
    let tekst = match f.actie.as_str() {
        "informeren" => blokkerend(&staat, move |r| Ok(r.informeer_werkgevers(id)?))
            .await
            .map(|uitkomst| match uitkomst {
                Informeren::NietGevonden => "Verzoek niet gevonden.".to_string(),
                Informeren::NietOpen => format!("Verzoek {id} is niet (meer) open."),
                Informeren::Geinformeerd {
                    werkgevers,
                    bezwaar_tot,
                } => {
                    let lijst = if werkgevers.is_empty() {
                        "geen huidige werkgever".to_string()
                    } else {
                        werkgevers.join(", ")
                    };
                    format!(
                        "Verzoek {id}: werkgevers geïnformeerd ({lijst}); bezwaar mogelijk tot {}.",
                        super::opmaak::datum_lang(bezwaar_tot)
                    )
                }
            })
            .unwrap_or_else(|_| "Er ging iets mis.".into()),
        "bezwaar" => {
            let t = f.tekst.clone();
            blokkerend(&staat, move |r| Ok(r.bezwaar_tegen_uitschrijving(id, &t)?))
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
                Ok(r.wijs_uitschrijving_af(id, &reden, &wie)?)
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
        let t = r
            .wijs_uitschrijving_toe(id, &wie)
            .map_err(|e| e.to_string())?;
        Ok(match t {
            Toewijzing::NietGevonden => "Verzoek niet gevonden.".to_string(),
            Toewijzing::NietOpen => format!("Verzoek {id} is niet (meer) open."),
            Toewijzing::EerstInformeren => {
                format!("Verzoek {id}: informeer eerst de werkgevers.")
            }
            Toewijzing::BezwaartermijnLoopt(tot) => {
                format!(
                    "Verzoek {id}: de bezwaartermijn van de werkgevers loopt nog tot {}.",
                    super::opmaak::datum_lang(tot)
                )
            }
            Toewijzing::Toegewezen(n) => {
                format!(
                    "Verzoek {id} toegewezen: {n} registratie(s) beëindigd per {}.",
                    super::opmaak::datum_lang(vandaag)
                )
            }
        })
    })
    .await;
    match uitkomst {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => e,
        Err(_) => "Er ging iets mis.".into(),
    }
}
