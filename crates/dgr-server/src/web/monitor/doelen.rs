//! A goal's page (`/werkgever/monitor/doelen/{id}`) with its measure chart, status and
//! progress, versions, check-ins, milestones and evaluations. Its forms are handled in
//! `acties.rs`, the new goal form in `nieuw.rs`: a form with an error is shown again with its
//! values and the error next to the field; a form that succeeds redirects to the goal.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_core::doelen::Doelsoort;
use dgr_store::doelen::Doel;
use minijinja::{Value, context};
use serde::Deserialize;

use super::super::gemeen::pagina;
use super::doelgrafiek::Doelgrafiek;
use super::formulier::Formulier;
use super::gemeen::{
    Kader, Velden, boom, buiten_bereik, getal, kader, laatste_volledige, meet_register, mislukt,
    rapporten, statusklasse, statusnaam, zichtbaar,
};
use crate::register::blokkerend;
use crate::staat::Staat;

/// A posted form: its CSRF token and its fields as entered.
#[derive(Debug, Deserialize)]
pub struct Invoer {
    pub(super) csrf: String,
    #[serde(flatten)]
    pub(super) velden: Velden,
}

/// The forms of a goal's page, each with its values and errors.
#[derive(Default)]
pub(super) struct Formulieren {
    pub(super) checkin: Option<Formulier>,
    pub(super) mijlpaal: Option<Formulier>,
    pub(super) evaluatie: Option<Formulier>,
}

/// The goal `id` of the organisation when it lies on one of the caller's units; otherwise the
/// refusal (403, also for an id of another organisation: it does not say whether it exists).
pub(super) async fn eigen_doel(staat: &Staat, k: &Kader, id: i64) -> Result<Doel, Response> {
    let o = k.organisatie;
    let vandaag = staat.klok().vandaag();
    let doel = blokkerend(staat, move |r| {
        Ok(r.doelen(o)?.into_iter().find(|d| d.id == id))
    })
    .await
    .map_err(|e| mislukt(k, &e))?;
    let Some(doel) = doel else {
        return Err(buiten_bereik(k));
    };
    if !k.heel() {
        let b = boom(staat, o, vandaag).await.map_err(|e| mislukt(k, &e))?;
        if !zichtbaar(&b, &k.beperking).contains(&doel.eenheid) {
            return Err(buiten_bereik(k));
        }
    }
    Ok(doel)
}

/// A goal's page.
pub async fn doel(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Response {
    let k = match kader(&staat, &headers) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    toon(&staat, &k, &headers, adres, id, Formulieren::default()).await
}

/// Renders a goal's page with its forms (status 400 when a form has an error).
pub(super) async fn toon(
    staat: &Staat,
    k: &Kader,
    headers: &HeaderMap,
    adres: SocketAddr,
    id: i64,
    f: Formulieren,
) -> Response {
    let doel = match eigen_doel(staat, k, id).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let vandaag = staat.klok().vandaag();
    let laatste = laatste_volledige(vandaag);
    // a register measure is measured on the last complete quarter (logged as DGR-MONITOR)
    let rapport = if meet_register(&doel.inhoud.soort) {
        match rapporten(staat, k, headers, adres, vec![laatste], "web_monitor_doel").await {
            Ok(mut l) => l.pop(),
            Err(r) => return r,
        }
    } else {
        None
    };
    let meetpunt = match (&doel.inhoud.soort, &rapport) {
        (Doelsoort::Kwantitatief(q), Some(m)) => m.meet(&q.maat, &doel.eenheid),
        _ => None,
    };
    let o = k.organisatie;
    let gemeten = meetpunt.as_ref().map(|p| p.waarde);
    let gelezen = blokkerend(staat, move |r| {
        let ov = r.doeloverzicht(o, id, vandaag, gemeten)?;
        let onderwerpen = r.onderwerpen(o)?;
        let themas = r.themas(o)?;
        Ok((ov, onderwerpen, themas))
    })
    .await;
    let (ov, onderwerpen, themas) = match gelezen {
        Ok(x) => x,
        Err(e) => return mislukt(k, &e),
    };
    let namen: BTreeMap<String, String> = rapport
        .as_ref()
        .map(|m| {
            m.eenheden
                .iter()
                .map(|e| (e.code.clone(), e.naam.clone()))
                .collect()
        })
        .unwrap_or_default();
    let eenheidnaam = |c: &str| namen.get(c).cloned().unwrap_or_else(|| c.to_string());
    let onderwerp = onderwerpen.iter().find(|t| t.id == doel.onderwerp_id);
    let thema = onderwerp.and_then(|t| themas.iter().find(|h| h.id == t.thema_id));
    let d = &ov.doel;
    let status = statusnaam(&ov);
    let (maat, basis, streef, definitie) = match &d.inhoud.soort {
        Doelsoort::Kwantitatief(q) => (
            Some(q.maat.to_string()),
            Some(getal(q.basiswaarde, 1)),
            Some(getal(q.streefwaarde, 1)),
            None,
        ),
        Doelsoort::Kwalitatief {
            definitie_van_gereed,
        } => (None, None, None, Some(definitie_van_gereed.clone())),
    };
    let grafiek = match &d.inhoud.soort {
        Doelsoort::Kwantitatief(q) => Some(Value::from_safe_string(
            Doelgrafiek {
                titel: &format!(
                    "Meting van het doel '{}' tegen de verwachte lijn",
                    d.inhoud.titel
                ),
                start: d.inhoud.start,
                deadline: d.inhoud.deadline,
                basis: q.basiswaarde,
                streef: q.streefwaarde,
                checkins: ov
                    .checkins
                    .iter()
                    .filter_map(|c| c.waarde.map(|w| (c.datum, w)))
                    .collect(),
                gemeten: meetpunt.as_ref().map(|p| (laatste.peildatum(), p.waarde)),
                vandaag,
            }
            .svg(),
        )),
        Doelsoort::Kwalitatief { .. } => None,
    };
    let gemeten_op = meetpunt.as_ref().map(|p| {
        context! {
            eenheid => eenheidnaam(&p.eenheid),
            hoger => p.een_niveau_hoger,
            kwartaal => laatste.to_string(),
        }
    });
    let versies: Vec<Value> = ov
        .versies
        .iter()
        .map(|v| context! {
            versie => v.versie, titel => v.inhoud.titel.clone(), eigenaar => v.inhoud.eigenaar.clone(),
            start => v.inhoud.start.to_string(), deadline => v.inhoud.deadline.to_string(),
            inhoud => inhoud_tekst(&v.inhoud.soort), reden => v.reden.clone(), door => v.door.clone(),
            sinds => v.geregistreerd_op.to_rfc3339(), huidig => v.vervallen_op.is_none(),
        })
        .collect();
    let checkins: Vec<Value> = ov
        .checkins
        .iter()
        .map(|c| {
            context! {
                datum => c.datum.to_string(),
                waarde => c.waarde.map(|w| getal(w, 1)),
                gereed => c.gereed.map(|g| if g { "ja" } else { "nee" }),
                toelichting => c.toelichting.clone(), vertrouwen => c.vertrouwen.to_string(),
                door => c.door.clone(),
            }
        })
        .collect();
    let mijlpalen: Vec<Value> = ov
        .mijlpalen
        .iter()
        .map(|m| {
            context! {
                id => m.id, naam => m.naam.clone(), datum => m.datum.to_string(),
                status => m.status.to_string(),
                te_laat => dgr_core::doelen::mijlpaal_te_laat(m.datum, m.status, vandaag),
            }
        })
        .collect();
    let evaluaties: Vec<Value> = ov
        .evaluaties
        .iter()
        .map(|e| context! {
            periode => e.periode.clone(), versie => e.doel_versie,
            gemeten => e.gemeten.map(|g| getal(g, 1)), verwacht => e.verwacht.map(|v| getal(v, 1)),
            geleerd => e.geleerd.clone(), besluit => e.besluit.to_string(), reden => e.reden.clone(),
            door => e.door.clone(),
        })
        .collect();
    let kwantitatief = matches!(d.inhoud.soort, Doelsoort::Kwantitatief(_));
    let fout = f.checkin.as_ref().is_some_and(Formulier::heeft_fouten)
        || f.mijlpaal.as_ref().is_some_and(Formulier::heeft_fouten)
        || f.evaluatie.as_ref().is_some_and(Formulier::heeft_fouten);
    let checkin = f.checkin.unwrap_or_else(|| {
        Formulier::met(&[("datum", &vandaag.to_string()), ("vertrouwen", "midden")])
    });
    let mijlpaal = f.mijlpaal.unwrap_or_default();
    let evaluatie = f
        .evaluatie
        .unwrap_or_else(|| evaluatie_standaard(d, laatste));
    let mut r = pagina(
        "monitor_doel.html",
        &d.inhoud.titel,
        Some(&k.sessie),
        "/werkgever/monitor",
        context! {
            id => d.id,
            eenheid => d.eenheid.clone(),
            eenheidnaam => eenheidnaam(&d.eenheid),
            thema => thema.map(|t| t.naam.clone()),
            onderwerp => onderwerp.map(|t| t.naam.clone()),
            eigenaar => d.inhoud.eigenaar.clone(),
            start => d.inhoud.start.to_string(),
            deadline => d.inhoud.deadline.to_string(),
            versie => d.versie,
            kwantitatief => kwantitatief,
            maat => maat, basis => basis, streef => streef, definitie => definitie,
            status => status, klasse => statusklasse(status),
            gestopt => d.gestopt.as_ref().map(|g| context! { datum => g.datum.to_string(), reden => g.reden.clone() }),
            verwacht => ov.stand.verwacht.map(|v| getal(v, 1)),
            gemeten => ov.stand.gemeten.map(|v| getal(v, 1)),
            voortgang => ov.stand.voortgang.map(|v| getal(v, 2)),
            gemeten_op => gemeten_op,
            vandaag => vandaag.to_string(),
            grafiek => grafiek,
            versies => versies, checkins => checkins, mijlpalen => mijlpalen, evaluaties => evaluaties,
            fc => checkin, fm => mijlpaal, fe => evaluatie,
        },
    );
    if fout {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    r
}

/// A goal version's measure or definition of done, in words.
fn inhoud_tekst(s: &Doelsoort) -> String {
    match s {
        Doelsoort::Kwantitatief(q) => format!(
            "{}: van {} naar {}",
            q.maat,
            getal(q.basiswaarde, 1),
            getal(q.streefwaarde, 1)
        ),
        Doelsoort::Kwalitatief {
            definitie_van_gereed,
        } => format!("gereed als: {definitie_van_gereed}"),
    }
}

/// The evaluation form as first shown: the last complete quarter, keep, and the goal's current
/// values as the new values of an adjustment.
fn evaluatie_standaard(d: &Doel, laatste: dgr_reports::trend::Kwartaal) -> Formulier {
    let (basis, streef, definitie) = match &d.inhoud.soort {
        Doelsoort::Kwantitatief(q) => (
            getal(q.basiswaarde, 1),
            getal(q.streefwaarde, 1),
            String::new(),
        ),
        Doelsoort::Kwalitatief {
            definitie_van_gereed,
        } => (String::new(), String::new(), definitie_van_gereed.clone()),
    };
    Formulier::met(&[
        ("periode", &laatste.to_string()),
        ("besluit", "behouden"),
        ("titel", &d.inhoud.titel),
        ("eigenaar", &d.inhoud.eigenaar),
        ("start", &d.inhoud.start.to_string()),
        ("deadline", &d.inhoud.deadline.to_string()),
        ("basiswaarde", &basis),
        ("streefwaarde", &streef),
        ("definitie", &definitie),
    ])
}
