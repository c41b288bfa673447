//! UWV's work queue of uitschrijvingen: inform the current employers (polis rows in the
//! last 3 months) and give them 2 weeks for an objection (**project decision**), record an
//! objection, and decide; a granted request ends every registration per the decision date
//! (R-11, reason UITSCHRIJVING), recorded as a staff action. A decision takes two steps
//! ([`super::bevestiging`]); a refusal needs a reason. Decided requests stay visible in the
//! "Afgehandeld" list, filtered by decision and period and paged.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_core::Bsn;
use dgr_register::uitschrijvingen::{Informeren, Toewijzing, is_urgent, toewijsbaar};
use dgr_store::uitschrijvingen::Uitschrijving;
use minijinja::{Value, context};
use serde::Deserialize;

use super::bevestiging::{self, Bevestiging};
use super::catalogus;
use super::gemeen::{Raadpleging, leg_raadpleging_vast, pagina};
use super::geschiedenis::{Filter, Gefilterd};
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// The address of the queue.
const PAD: &str = "/inkijk/uitschrijvingen";

/// The decisions of the "Afgehandeld" list (stored status, shown name).
const BESLUITEN: &[(&str, &str)] = &[("TOEGEWEZEN", "Toegewezen"), ("AFGEWEZEN", "Afgewezen")];

/// What the queue shows besides the lists: an error of the last action (at the top, or next
/// to the reason field of one request) and the values typed for that request.
#[derive(Default)]
struct Uitkomst {
    fout: Option<String>,
    veldfout: Option<(i64, String)>,
    reden: Option<(i64, String)>,
}

/// The stand of a request as staff read it.
fn stand(status: &str) -> &'static str {
    match status {
        "OPEN" => "Ontvangen; werkgevers nog niet geïnformeerd",
        "WERKGEVERS_GEINFORMEERD" => "Werkgevers geïnformeerd",
        "TOEGEWEZEN" => "Toegewezen",
        "AFGEWEZEN" => "Afgewezen",
        _ => "Onbekend",
    }
}

async fn lijst_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    filter: &Gefilterd,
    uitkomst: Uitkomst,
) -> Response {
    let start = staat.klok().nu();
    let vraag = filter.vraag.clone();
    let gelezen = blokkerend(staat, move |r| {
        Ok((
            r.store().open_uitschrijvingen()?,
            r.store().afgehandelde_uitschrijvingen(&vraag)?,
        ))
    })
    .await;
    let Ok((lijst, afgehandeld)) = gelezen else {
        return super::gemeen::melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De werkvoorraad kon niet worden gelezen.",
            Some(s),
        );
    };
    let rij_met_fout = uitkomst
        .veldfout
        .as_ref()
        .and_then(|(id, _)| lijst.iter().position(|u| u.id == *id));
    let blad = filter.open_blad(lijst.len(), rij_met_fout);
    let lijst = blad.rijen(&lijst);
    let bsns: Vec<Bsn> = lijst
        .iter()
        .chain(&afgehandeld.rijen)
        .map(|u| u.bsn)
        .collect();
    if !bsns.is_empty()
        && let Err(fout) = leg_raadpleging_vast(
            staat,
            s,
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
            let veldfout = uitkomst
                .veldfout
                .as_ref()
                .filter(|(id, _)| *id == u.id)
                .map(|(_, t)| t.clone());
            let reden = uitkomst
                .reden
                .as_ref()
                .filter(|(id, _)| *id == u.id)
                .map(|(_, t)| t.clone());
            context! {
                id => u.id,
                bsn => u.bsn.cijfers(),
                aangevraagd_op => u.aangevraagd_op.to_string(),
                urgent => is_urgent(u.aangevraagd_op, vandaag),
                // only after informing the employers and their 2 weeks (the register
                // refuses otherwise; the page does not offer what would be refused)
                toewijsbaar => toewijsbaar(u, vandaag).is_none(),
                status => u.status.clone(),
                stand => stand(&u.status),
                werkgevers => u.werkgevers.clone(),
                bezwaar_tot => u.bezwaar_tot.map(|d| d.to_string()),
                bezwaar => u.bezwaar_werkgever.clone(),
                veldfout => veldfout,
                reden => reden,
            }
        })
        .collect();
    let besloten: Vec<Value> = afgehandeld
        .rijen
        .iter()
        .map(|u| {
            context! {
                id => u.id,
                bsn => u.bsn.cijfers(),
                aangevraagd_op => u.aangevraagd_op.to_string(),
                besluit => stand(&u.status),
                besluit_op => u.besluit_op.map(|d| d.to_string()),
                behandelaar => u.behandelaar.clone(),
                reden => u.reden.clone(),
            }
        })
        .collect();
    let mut r = pagina(
        "uitschrijvingen.html",
        "Uitschrijvingen",
        Some(s),
        PAD,
        context! {
            verzoeken => verzoeken,
            veldfout_id => uitkomst.veldfout.as_ref().map(|(id, _)| *id),
            fout => uitkomst.fout,
            afgehandeld => besloten,
            o => filter.open_weergave(PAD, &blad),
            h => filter.weergave(PAD, BESLUITEN, afgehandeld.totaal),
        },
    );
    if uitkomst.veldfout.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// The queue and the decided requests.
pub async fn lijst(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(filter): Query<Filter>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::UITSCHRIJVINGEN)
    {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let filter = filter.lees(BESLUITEN);
    lijst_pagina(&staat, &headers, adres, &s, &filter, Uitkomst::default()).await
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
    #[serde(default)]
    bevestigd: Option<String>,
}

/// Informs employers, records an objection, or decides (after confirmation).
pub async fn actie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<ActieForm>,
) -> Response {
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::UITSCHRIJVINGEN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let wie = s.gebruiker.behandelaar();
    let id = f.id;
    let bevestigd = bevestiging::is_bevestigd(f.bevestigd.as_deref());
    let uitslag: Result<String, Uitkomst> = match f.actie.as_str() {
        "informeren" => informeren(&staat, id).await,
        "bezwaar" => {
            let t = f.tekst.trim().to_string();
            if t.is_empty() {
                Err(fout("Bezwaar van werkgever: schrijf het bezwaar op."))
            } else {
                blokkerend(&staat, move |r| Ok(r.bezwaar_tegen_uitschrijving(id, &t)?))
                    .await
                    .map_err(|_| fout("Er ging iets mis; de fout is vastgelegd."))
                    .and_then(|ok| {
                        if ok {
                            Ok(format!("Bezwaar bij verzoek {id} vastgelegd."))
                        } else {
                            Err(fout(
                                "Een bezwaar kan alleen na het informeren van de werkgevers.",
                            ))
                        }
                    })
            }
        }
        "toewijzen" | "afwijzen" => {
            let reden = f.reden.trim().to_string();
            if f.actie == "afwijzen" && reden.is_empty() {
                Err(Uitkomst {
                    veldfout: Some((
                        id,
                        "Geef de reden van de afwijzing; de burger krijgt die te lezen.".into(),
                    )),
                    ..Uitkomst::default()
                })
            } else {
                let Some(u) = blokkerend(&staat, move |r| Ok(r.store().uitschrijving(id)?))
                    .await
                    .ok()
                    .flatten()
                else {
                    return lijst_pagina(
                        &staat,
                        &headers,
                        adres,
                        &s,
                        &Filter::default().lees(BESLUITEN),
                        fout("Verzoek niet gevonden."),
                    )
                    .await;
                };
                if let Some(waarom) = niet_besluitbaar(&u, &f.actie, staat.klok().vandaag()) {
                    Err(Uitkomst {
                        reden: Some((id, reden)),
                        ..fout(&waarom)
                    })
                } else if !bevestigd {
                    return bevestig(&staat, &headers, adres, &s, &u, &f.actie, &reden).await;
                } else if f.actie == "toewijzen" {
                    toewijzen(&staat, id, &wie).await
                } else {
                    afwijzen(&staat, id, reden, wie).await
                }
            }
        }
        _ => Err(fout("Onbekende actie.")),
    };
    match uitslag {
        Ok(tekst) => bevestiging::gedaan(&staat, &headers, PAD, tekst),
        Err(u) => {
            let filter = Filter::default().lees(BESLUITEN);
            lijst_pagina(&staat, &headers, adres, &s, &filter, u).await
        }
    }
}

/// An error shown at the top of the queue.
fn fout(tekst: &str) -> Uitkomst {
    Uitkomst {
        fout: Some(tekst.to_string()),
        ..Uitkomst::default()
    }
}

/// Why request `u` cannot be decided this way today (asked before the confirmation, so that
/// nobody confirms what will be refused), or `None`.
fn niet_besluitbaar(u: &Uitschrijving, actie: &str, vandaag: chrono::NaiveDate) -> Option<String> {
    let id = u.id;
    if !u.is_open() {
        return Some(format!("Verzoek {id} is niet (meer) open."));
    }
    if actie != "toewijzen" {
        return None;
    }
    match toewijsbaar(u, vandaag)? {
        Toewijzing::EerstInformeren => {
            Some(format!("Verzoek {id}: informeer eerst de werkgevers."))
        }
        Toewijzing::BezwaartermijnLoopt(tot) => Some(format!(
            "Verzoek {id}: de bezwaartermijn van de werkgevers loopt nog tot {tot}."
        )),
        _ => Some(format!("Verzoek {id} is niet (meer) open.")),
    }
}

/// The confirmation page of a grant or refusal; it shows the person's BSN, so it is logged.
async fn bevestig(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    u: &Uitschrijving,
    actie: &str,
    reden: &str,
) -> Response {
    if let Err(fout) = leg_raadpleging_vast(
        staat,
        s,
        headers,
        Raadpleging {
            activiteit: "DGR-ZOEK-UWV",
            naam: "web_uitschrijving_bevestigen",
            bsns: vec![u.bsn],
            telling: crate::opvraging::Telling::geen(),
            start: staat.klok().nu(),
            adres,
        },
    )
    .await
    {
        return fout;
    }
    let vandaag = staat.klok().vandaag();
    let mut samenvatting = vec![
        ("Verzoek", u.id.to_string()),
        ("BSN", u.bsn.cijfers()),
        ("Aangevraagd op", u.aangevraagd_op.to_string()),
        (
            "Geïnformeerde werkgevers",
            u.werkgevers.clone().unwrap_or_else(|| "geen".into()),
        ),
        (
            "Bezwaar van werkgever",
            u.bezwaar_werkgever.clone().unwrap_or_else(|| "geen".into()),
        ),
    ];
    let toewijzen = actie == "toewijzen";
    if !toewijzen {
        samenvatting.push(("Reden van afwijzing", reden.to_string()));
    }
    bevestiging::vraag(
        s,
        Bevestiging {
            soort: bevestiging::Soort::Besluit,
            titel: if toewijzen {
                "Verzoek om uitschrijving toewijzen"
            } else {
                "Verzoek om uitschrijving afwijzen"
            },
            samenvatting,
            gevolg: if toewijzen {
                format!(
                    "Alle registraties van deze persoon worden beëindigd per {vandaag} (reden: uitschrijving). De persoon staat daarna niet meer in het doelgroepregister."
                )
            } else {
                "Het verzoek wordt afgewezen; de registraties blijven bestaan. De burger ziet de afwijzing met deze reden.".to_string()
            },
            actie: PAD,
            velden: vec![
                ("id", u.id.to_string()),
                ("actie", actie.to_string()),
                ("reden", reden.to_string()),
            ],
            knop: if toewijzen {
                "verzoek toewijzen"
            } else {
                "verzoek afwijzen"
            },
            terug: PAD,
        },
    )
}

/// Informs the current employers of request `id`.
async fn informeren(staat: &Staat, id: i64) -> Result<String, Uitkomst> {
    match blokkerend(staat, move |r| Ok(r.informeer_werkgevers(id)?)).await {
        Ok(Informeren::NietGevonden) => Err(fout("Verzoek niet gevonden.")),
        Ok(Informeren::NietOpen) => Err(fout(&format!("Verzoek {id} is niet (meer) open."))),
        Ok(Informeren::Geinformeerd {
            werkgevers,
            bezwaar_tot,
        }) => {
            let lijst = if werkgevers.is_empty() {
                "geen huidige werkgever".to_string()
            } else {
                werkgevers.join(", ")
            };
            Ok(format!(
                "Verzoek {id}: werkgevers geïnformeerd ({lijst}); bezwaar mogelijk tot {bezwaar_tot}."
            ))
        }
        Err(_) => Err(fout("Er ging iets mis; de fout is vastgelegd.")),
    }
}

/// Refuses request `id` with `reden`.
async fn afwijzen(staat: &Staat, id: i64, reden: String, wie: String) -> Result<String, Uitkomst> {
    match blokkerend(staat, move |r| {
        Ok(r.wijs_uitschrijving_af(id, &reden, &wie)?)
    })
    .await
    {
        Ok(true) => Ok(format!("Verzoek {id} afgewezen.")),
        Ok(false) => Err(fout(&format!("Verzoek {id} is niet (meer) open."))),
        Err(_) => Err(fout("Er ging iets mis; de fout is vastgelegd.")),
    }
}

/// Grants a request once the employers' objection window has passed: ends every registration
/// per today (R-11 UITSCHRIJVING) with the action as the cause, then records the decision.
async fn toewijzen(staat: &Staat, id: i64, wie: &str) -> Result<String, Uitkomst> {
    let register = staat.register.clone();
    let wie = wie.to_string();
    let vandaag = staat.klok().vandaag();
    let uitkomst =
        tokio::task::spawn_blocking(move || -> Result<Result<String, String>, String> {
            let mut r = register
                .lock()
                .map_err(|_| "register vergrendeld".to_string())?;
            let t = r
                .wijs_uitschrijving_toe(id, &wie)
                .map_err(|e| e.to_string())?;
            Ok(match t {
                Toewijzing::NietGevonden => Err("Verzoek niet gevonden.".to_string()),
                Toewijzing::NietOpen => Err(format!("Verzoek {id} is niet (meer) open.")),
                Toewijzing::EerstInformeren => {
                    Err(format!("Verzoek {id}: informeer eerst de werkgevers."))
                }
                Toewijzing::BezwaartermijnLoopt(tot) => Err(format!(
                    "Verzoek {id}: de bezwaartermijn van de werkgevers loopt nog tot {}.",
                    super::opmaak::datum_lang(tot)
                )),
                Toewijzing::Toegewezen(n) => Ok(format!(
                    "Verzoek {id} toegewezen: {} beëindigd per {}.",
                    if n == 1 {
                        "1 registratie".to_string()
                    } else {
                        format!("{n} registraties")
                    },
                    super::opmaak::datum_lang(vandaag)
                )),
            })
        })
        .await;
    match uitkomst {
        Ok(Ok(Ok(t))) => Ok(t),
        Ok(Ok(Err(t))) => Err(fout(&t)),
        Ok(Err(e)) => {
            tracing::error!(fout = %e, "uitschrijving toewijzen mislukt");
            Err(fout("Er ging iets mis; de fout is vastgelegd."))
        }
        Err(_) => Err(fout("Er ging iets mis; de fout is vastgelegd.")),
    }
}
