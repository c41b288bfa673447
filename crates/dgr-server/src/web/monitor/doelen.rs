//! A goal's page (`/werkgever/monitor/doelen/{id}`) with its measure chart, status and
//! progress, versions, check-ins, milestones and evaluations, and the forms that change
//! goals: a new goal, a check-in, a milestone (added or its status changed) and an evaluation
//! (keep, adjust with new values, or stop). A form with an error is shown again with its values
//! and the error next to the field; a form that succeeds redirects to the goal.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use dgr_core::doelen::{Doelsoort, Kwantitatief, Maat};
use dgr_register::RegisterFout;
use dgr_register::doelen::{Checkinvoorstel, Doelvoorstel, Evaluatievoorstel};
use dgr_store::doelen::{Doel, Doelinhoud};
use minijinja::{Value, context};
use serde::Deserialize;

use super::super::gemeen::{melding, pagina};
use super::doelgrafiek::Doelgrafiek;
use super::formulier::Formulier;
use super::{
    Kader, Velden, boom, buiten_bereik, getal, kader, kader_formulier, laatste_volledige,
    meet_register, mislukt, rapporten, statusklasse, statusnaam, zichtbaar,
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
struct Formulieren {
    checkin: Option<Formulier>,
    mijlpaal: Option<Formulier>,
    evaluatie: Option<Formulier>,
}

/// The goal `id` of the organisation when it lies on one of the caller's units; otherwise the
/// refusal (403, also for an id of another organisation: it does not say whether it exists).
async fn eigen_doel(staat: &Staat, k: &Kader, id: i64) -> Result<Doel, Response> {
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
async fn toon(
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
            Some(getal(q.basiswaarde, 3)),
            Some(getal(q.streefwaarde, 3)),
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
                waarde => c.waarde.map(|w| getal(w, 3)),
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
            gemeten => e.gemeten.map(|g| getal(g, 3)), verwacht => e.verwacht.map(|v| getal(v, 3)),
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
            verwacht => ov.stand.verwacht.map(|v| getal(v, 3)),
            gemeten => ov.stand.gemeten.map(|v| getal(v, 3)),
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
            getal(q.basiswaarde, 3),
            getal(q.streefwaarde, 3)
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
            getal(q.basiswaarde, 3),
            getal(q.streefwaarde, 3),
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

/// Words in the register's messages and the field each is about.
const VELDWOORDEN: &[(&str, &str)] = &[
    ("titel", "titel"),
    ("eigenaar", "eigenaar"),
    ("deadline", "deadline"),
    ("startdatum", "start"),
    ("streefwaarde", "streefwaarde"),
    ("basiswaarde", "basiswaarde"),
    ("definitie", "definitie"),
    ("onderwerp", "onderwerp"),
    ("eenheid", "eenheid"),
    ("categorie", "categorie"),
    ("maat", "maat"),
    ("toelichting", "toelichting"),
    ("vertrouwen", "vertrouwen"),
    ("waarde", "waarde"),
    ("gereed", "gereed"),
    ("datum", "datum"),
    ("geleerd", "geleerd"),
    ("reden", "reden"),
    ("periode", "periode"),
    ("naam", "naam"),
];

/// What a goal form says (new goal, or an adjustment's new values), checked per field; `kind`
/// is the kind and measure to keep for an adjustment.
fn lees_inhoud(f: &mut Formulier, kind: Option<&Doelsoort>) -> Option<Doelinhoud> {
    let start = f.datum("start", "de startdatum");
    let deadline = f.datum("deadline", "de deadline");
    let kwantitatief = match kind {
        Some(s) => matches!(s, Doelsoort::Kwantitatief(_)),
        None => f.waarde("soort") != "kwalitatief",
    };
    let soort = if kwantitatief {
        let maat = match kind {
            Some(Doelsoort::Kwantitatief(q)) => Some(q.maat.clone()),
            _ => {
                let categorie = f.waarde("categorie").to_string();
                match Maat::parse(f.waarde("maat"), Some(&categorie)) {
                    Ok(m) => Some(m),
                    Err(t) => {
                        let veld = if t.contains("categorie") {
                            "categorie"
                        } else {
                            "maat"
                        };
                        f.fout(veld, t);
                        None
                    }
                }
            }
        };
        let basis = f.getal("basiswaarde", "de basiswaarde");
        let streef = f.getal("streefwaarde", "de streefwaarde");
        if f.waarde("basiswaarde").is_empty() {
            f.fout(
                "basiswaarde",
                "de basiswaarde is verplicht bij een meetbaar doel",
            );
        }
        if f.waarde("streefwaarde").is_empty() {
            f.fout(
                "streefwaarde",
                "de streefwaarde is verplicht bij een meetbaar doel",
            );
        }
        match (maat, basis, streef) {
            (Some(m), Some(b), Some(t)) => match Kwantitatief::new(m, b, t) {
                Ok(q) => Some(Doelsoort::Kwantitatief(q)),
                Err(e) => {
                    f.fout("streefwaarde", e);
                    None
                }
            },
            _ => None,
        }
    } else {
        Some(Doelsoort::Kwalitatief {
            definitie_van_gereed: f.waarde("definitie").to_string(),
        })
    };
    Some(Doelinhoud {
        titel: f.waarde("titel").to_string(),
        eigenaar: f.waarde("eigenaar").to_string(),
        start: start?,
        deadline: deadline?,
        soort: soort?,
    })
}

/// `?eenheid=` of the new goal form.
#[derive(Debug, Deserialize, Default)]
pub struct NieuwVraag {
    #[serde(default)]
    eenheid: String,
}

/// The new goal form.
pub async fn nieuw_formulier(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<NieuwVraag>,
) -> Response {
    let k = match kader(&staat, &headers) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let vandaag = staat.klok().vandaag();
    let f = Formulier::met(&[
        ("eenheid", &v.eenheid),
        ("start", &vandaag.to_string()),
        ("soort", "kwantitatief"),
        ("maat", "banen"),
    ]);
    nieuw_tonen(&staat, &k, f).await
}

/// Shows the new goal form (status 400 when it has errors).
async fn nieuw_tonen(staat: &Staat, k: &Kader, f: Formulier) -> Response {
    let o = k.organisatie;
    let vandaag = staat.klok().vandaag();
    let b = match boom(staat, o, vandaag).await {
        Ok(b) => b,
        Err(e) => return mislukt(k, &e),
    };
    let zicht = zichtbaar(&b, &k.beperking);
    let eenheden: Vec<(String, String)> = b
        .iter()
        .filter(|e| zicht.contains(&e.code))
        .map(|e| (e.code.clone(), format!("{} ({})", e.naam, e.code)))
        .collect();
    let catalogus = blokkerend(staat, move |r| Ok((r.themas(o)?, r.onderwerpen(o)?))).await;
    let (themas, onderwerpen) = match catalogus {
        Ok(x) => x,
        Err(e) => return mislukt(k, &e),
    };
    let groepen: Vec<Value> = themas
        .iter()
        .map(|t| {
            let lijst: Vec<Value> = onderwerpen
                .iter()
                .filter(|x| x.thema_id == t.id)
                .map(|x| context! { id => x.id, naam => x.naam.clone() })
                .collect();
            context! { naam => t.naam.clone(), onderwerpen => lijst }
        })
        .collect();
    let fout = f.heeft_fouten();
    let mut r = pagina(
        "monitor_doel_nieuw.html",
        "Nieuw doel",
        Some(&k.sessie),
        "/werkgever/monitor",
        context! { f => f, eenheden => eenheden, groepen => groepen, geen_onderwerpen => onderwerpen.is_empty() },
    );
    if fout {
        *r.status_mut() = StatusCode::BAD_REQUEST;
    }
    r
}

/// Sets a new goal.
pub async fn nieuw(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let vandaag = staat.klok().vandaag();
    let eenheid = f.waarde("eenheid").to_string();
    match boom(&staat, k.organisatie, vandaag).await {
        Ok(b) if zichtbaar(&b, &k.beperking).contains(&eenheid) => {}
        Ok(_) => f.fout("eenheid", "kies een eenheid waarvoor u doelen mag stellen"),
        Err(e) => return mislukt(&k, &e),
    }
    let onderwerp = f.waarde("onderwerp").parse::<i64>().ok();
    if onderwerp.is_none() {
        f.fout("onderwerp", "kies een onderwerp");
    }
    let inhoud = lees_inhoud(&mut f, None);
    let (Some(inhoud), Some(onderwerp_id), false) = (inhoud, onderwerp, f.heeft_fouten()) else {
        return nieuw_tonen(&staat, &k, f).await;
    };
    let (o, door) = (k.organisatie, k.door());
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid: &eenheid,
                onderwerp_id,
                inhoud,
                door: &door,
            },
        ))
    })
    .await;
    match uitkomst {
        Ok(Ok(id)) => Redirect::to(&format!("/werkgever/monitor/doelen/{id}")).into_response(),
        Ok(Err(RegisterFout::Ongeldig(t) | RegisterFout::Onbekend(t))) => {
            f.register_fout(&t, VELDWOORDEN);
            nieuw_tonen(&staat, &k, f).await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}

/// Records a check-in.
pub async fn checkin(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let doel = match eigen_doel(&staat, &k, id).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let datum = f.datum("datum", "de datum");
    let kwantitatief = matches!(doel.inhoud.soort, Doelsoort::Kwantitatief(_));
    let waarde = if kwantitatief {
        let w = f.getal("waarde", "de waarde");
        if f.waarde("waarde").is_empty() {
            f.fout("waarde", "de waarde is verplicht bij een meetbaar doel");
        }
        w
    } else {
        None
    };
    let gereed = (!kwantitatief).then(|| f.waarde("gereed") == "ja");
    if f.waarde("toelichting").is_empty() {
        f.fout("toelichting", "een toelichting is verplicht");
    }
    let Some(datum) = datum.filter(|_| !f.heeft_fouten()) else {
        return toon(
            &staat,
            &k,
            &headers,
            adres,
            id,
            Formulieren {
                checkin: Some(f),
                ..Formulieren::default()
            },
        )
        .await;
    };
    let (o, door) = (k.organisatie, k.door());
    let (toelichting, vertrouwen) = (
        f.waarde("toelichting").to_string(),
        f.waarde("vertrouwen").to_string(),
    );
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.leg_checkin_vast(
            o,
            &Checkinvoorstel {
                doel_id: id,
                datum,
                waarde,
                gereed,
                toelichting: &toelichting,
                vertrouwen: &vertrouwen,
                door: &door,
            },
        ))
    })
    .await;
    match uitkomst {
        Ok(Ok(_)) => {
            Redirect::to(&format!("/werkgever/monitor/doelen/{id}#checkins")).into_response()
        }
        Ok(Err(RegisterFout::Ongeldig(t))) => {
            f.register_fout(&t, VELDWOORDEN);
            toon(
                &staat,
                &k,
                &headers,
                adres,
                id,
                Formulieren {
                    checkin: Some(f),
                    ..Formulieren::default()
                },
            )
            .await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}

/// Adds a milestone: to a goal (`doel`), or to the organisation's timeline (the D&I team).
pub async fn mijlpaal(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let doel_id = f.waarde("doel").parse::<i64>().ok();
    match doel_id {
        Some(id) => {
            if let Err(r) = eigen_doel(&staat, &k, id).await {
                return r;
            }
        }
        None if !k.heel() => return buiten_bereik(&k),
        None => {}
    }
    let datum = f.datum("datum", "de datum");
    if f.waarde("naam").is_empty() {
        f.fout("naam", "een naam is verplicht");
    }
    let terug = |f: Formulier| async {
        match doel_id {
            Some(id) => {
                toon(
                    &staat,
                    &k,
                    &headers,
                    adres,
                    id,
                    Formulieren {
                        mijlpaal: Some(f),
                        ..Formulieren::default()
                    },
                )
                .await
            }
            None => {
                super::catalogus::tonen(
                    &staat,
                    &k,
                    super::catalogus::Staten {
                        mijlpaal: Some(f),
                        ..Default::default()
                    },
                )
                .await
            }
        }
    };
    let Some(datum) = datum.filter(|_| !f.heeft_fouten()) else {
        return terug(f).await;
    };
    let (o, door, naam) = (k.organisatie, k.door(), f.waarde("naam").to_string());
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.voeg_mijlpaal_toe(o, doel_id, &naam, datum, &door))
    })
    .await;
    match uitkomst {
        Ok(Ok(_)) => Redirect::to(&match doel_id {
            Some(id) => format!("/werkgever/monitor/doelen/{id}#mijlpalen"),
            None => "/werkgever/monitor#tijdlijn".to_string(),
        })
        .into_response(),
        Ok(Err(RegisterFout::Ongeldig(t))) => {
            f.register_fout(&t, VELDWOORDEN);
            terug(f).await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}

/// Changes a milestone's status (`gepland`, `gereed`, `vervallen`).
pub async fn mijlpaalstatus(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let o = k.organisatie;
    let gevonden = blokkerend(&staat, move |r| {
        Ok(r.mijlpalen(o)?.into_iter().find(|m| m.id == id))
    })
    .await;
    let m = match gevonden {
        Ok(Some(m)) => m,
        Ok(None) => return buiten_bereik(&k),
        Err(e) => return mislukt(&k, &e),
    };
    match m.doel_id {
        Some(d) => {
            if let Err(r) = eigen_doel(&staat, &k, d).await {
                return r;
            }
        }
        None if !k.heel() => return buiten_bereik(&k),
        None => {}
    }
    let status = invoer.velden.get("status").cloned().unwrap_or_default();
    let door = k.door();
    let uitkomst = blokkerend(
        &staat,
        move |r| Ok(r.wijzig_mijlpaal(o, id, &status, &door)),
    )
    .await;
    match uitkomst {
        Ok(Ok(())) => Redirect::to(&match m.doel_id {
            Some(d) => format!("/werkgever/monitor/doelen/{d}#mijlpalen"),
            None => "/werkgever/monitor#tijdlijn".to_string(),
        })
        .into_response(),
        Ok(Err(RegisterFout::Ongeldig(t))) => melding(
            StatusCode::BAD_REQUEST,
            "Ongeldige status",
            &t,
            Some(&k.sessie),
        ),
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}

/// Records an evaluation: keep, adjust (with the new values) or stop.
pub async fn evaluatie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    Form(invoer): Form<Invoer>,
) -> Response {
    let k = match kader_formulier(&staat, &headers, &invoer.csrf) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let doel = match eigen_doel(&staat, &k, id).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut f = Formulier {
        waarden: invoer.velden,
        ..Formulier::default()
    };
    let besluit = f.waarde("besluit").to_string();
    let nieuwe_inhoud = if besluit == "bijstellen" {
        lees_inhoud(&mut f, Some(&doel.inhoud.soort))
    } else {
        None
    };
    let van = (!f.waarde("van").is_empty())
        .then(|| f.datum("van", "de eerste dag"))
        .flatten();
    let tot = (!f.waarde("tot").is_empty())
        .then(|| f.datum("tot", "de laatste dag"))
        .flatten();
    let gemeten = f.getal("gemeten", "de gemeten waarde");
    if f.waarde("geleerd").is_empty() {
        f.fout("geleerd", "beschrijf wat er geleerd is");
    }
    if besluit != "behouden" && f.waarde("reden").is_empty() {
        f.fout("reden", "geef de reden van het besluit");
    }
    if f.heeft_fouten() {
        return toon(
            &staat,
            &k,
            &headers,
            adres,
            id,
            Formulieren {
                evaluatie: Some(f),
                ..Formulieren::default()
            },
        )
        .await;
    }
    let (o, door) = (k.organisatie, k.door());
    let (periode, geleerd, reden) = (
        f.waarde("periode").to_string(),
        f.waarde("geleerd").to_string(),
        f.waarde("reden").to_string(),
    );
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.evalueer(
            o,
            &Evaluatievoorstel {
                doel_id: id,
                periode: &periode,
                van,
                tot,
                gemeten,
                geleerd: &geleerd,
                besluit: &besluit,
                reden: &reden,
                nieuwe_inhoud,
                door: &door,
            },
        ))
    })
    .await;
    match uitkomst {
        Ok(Ok(_)) => {
            Redirect::to(&format!("/werkgever/monitor/doelen/{id}#evaluaties")).into_response()
        }
        Ok(Err(RegisterFout::Ongeldig(t))) => {
            f.register_fout(&t, VELDWOORDEN);
            toon(
                &staat,
                &k,
                &headers,
                adres,
                id,
                Formulieren {
                    evaluatie: Some(f),
                    ..Formulieren::default()
                },
            )
            .await
        }
        Ok(Err(e)) => mislukt(&k, &e),
        Err(e) => mislukt(&k, &e),
    }
}
