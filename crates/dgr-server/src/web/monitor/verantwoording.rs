//! The accountability report for the steering group
//! (`/werkgever/monitor/verantwoording?kwartaal=2025-K4`): one printable page (the site's CSS has
//! a print stylesheet) with the quarter's unit figures, the goals' statuses at the quarter's
//! end, the evaluations of the quarter with what was decided, and its milestones; and the same
//! content as XLSX (`…/verantwoording.xlsx`). A unit contact person gets their own part.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_reports::formaat::{Tabel, Waarde};
use dgr_reports::trend::Kwartaal;
use dgr_reports::werkgeversmonitor::Monitorrapport;
use minijinja::{Value, context};
use serde::Serialize;

use super::super::gemeen::{download, melding};
use super::gemeen::{
    Doelstand, Kader, KwartaalVraag, UITLEG_ONDERDRUKT, doelstanden, gekozen_kwartaal, getal,
    kader, knopen, kwartaalkeuze, mislukt, rapporten, statusklasse, statusnaam, zichtbaar,
};
use crate::register::blokkerend;
use crate::staat::Staat;

/// One unit's row.
#[derive(Serialize)]
struct Eenheidsrij {
    code: String,
    naam: String,
    diepte: usize,
    werknemers: u64,
    doelgroep: String,
    banen: String,
    doelgroep_getal: Option<f64>,
    banen_getal: Option<f64>,
}

/// One goal's row.
#[derive(Serialize)]
struct Doelrij {
    id: i64,
    titel: String,
    eenheid: String,
    eigenaar: String,
    deadline: String,
    status: String,
    klasse: String,
    gemeten: Option<f64>,
    verwacht: Option<f64>,
    voortgang: Option<f64>,
    gemeten_op: Option<String>,
}

/// One evaluation's row.
#[derive(Serialize)]
struct Evaluatierij {
    doel: String,
    periode: String,
    gemeten: Option<f64>,
    verwacht: Option<f64>,
    geleerd: String,
    besluit: String,
    reden: String,
}

/// One milestone's row.
#[derive(Serialize)]
struct Mijlpaalrij {
    naam: String,
    datum: String,
    status: String,
    doel: Option<String>,
}

/// What the report holds, for the page and the XLSX alike.
#[derive(Serialize)]
struct Verantwoording {
    kwartaal: String,
    peildatum: String,
    stand_op: String,
    eenheden: Vec<Eenheidsrij>,
    doelen: Vec<Doelrij>,
    evaluaties: Vec<Evaluatierij>,
    mijlpalen: Vec<Mijlpaalrij>,
}

/// Gathers the report of quarter `q` (the reports are logged by the caller).
async fn verzamel(
    staat: &Staat,
    k: &Kader,
    q: Kwartaal,
    m: &Monitorrapport,
) -> Result<Verantwoording, Response> {
    let zicht = zichtbaar(&knopen(m), &k.beperking);
    let stand_op = q.peildatum().min(staat.klok().vandaag());
    let standen: Vec<Doelstand> = doelstanden(staat, k, &zicht, stand_op, Some(m))
        .await
        .map_err(|e| mislukt(k, &e))?;
    let naam = |c: &str| {
        m.eenheid(c)
            .map_or_else(|| c.to_string(), |e| e.naam.clone())
    };
    let eenheden = m
        .eenheden
        .iter()
        .filter(|e| zicht.contains(&e.code))
        .map(|e| Eenheidsrij {
            code: e.code.clone(),
            naam: e.naam.clone(),
            diepte: m.voorouders(&e.code).len().saturating_sub(1),
            werknemers: e.werknemers,
            doelgroep: e
                .teken("doelgroep", m.drempel)
                .unwrap_or_else(|| e.doelgroep.map(|d| getal(d as f64, 0)).unwrap_or_default()),
            banen: e
                .teken("banen", m.drempel)
                .unwrap_or_else(|| e.banen.map(|b| getal(b, 1)).unwrap_or_default()),
            doelgroep_getal: e.doelgroep.map(|d| d as f64),
            banen_getal: e.banen,
        })
        .collect();
    let doelen = standen
        .iter()
        .map(|s| {
            let d = &s.overzicht.doel;
            let status = statusnaam(&s.overzicht);
            Doelrij {
                id: d.id,
                titel: d.inhoud.titel.clone(),
                eenheid: naam(&d.eenheid),
                eigenaar: d.inhoud.eigenaar.clone(),
                deadline: d.inhoud.deadline.to_string(),
                status: status.to_string(),
                klasse: statusklasse(status),
                gemeten: s.overzicht.stand.gemeten,
                verwacht: s.overzicht.stand.verwacht,
                voortgang: s.overzicht.stand.voortgang,
                gemeten_op: s.meetpunt.as_ref().filter(|p| p.een_niveau_hoger).map(|p| {
                    format!(
                        "gemeten op {} (eenheid zelf onder de drempel)",
                        naam(&p.eenheid)
                    )
                }),
            }
        })
        .collect();
    let (begin, eind) = (q.begin(), q.peildatum());
    let evaluaties = standen
        .iter()
        .flat_map(|s| {
            s.overzicht
                .evaluaties
                .iter()
                .filter(|e| e.van <= eind && e.tot >= begin)
                .map(|e| Evaluatierij {
                    doel: s.overzicht.doel.inhoud.titel.clone(),
                    periode: e.periode.clone(),
                    gemeten: e.gemeten,
                    verwacht: e.verwacht,
                    geleerd: e.geleerd.clone(),
                    besluit: e.besluit.to_string(),
                    reden: e.reden.clone(),
                })
        })
        .collect();
    let o = k.organisatie;
    let alle = blokkerend(staat, move |r| Ok(r.mijlpalen(o)?))
        .await
        .map_err(|e| mislukt(k, &e))?;
    let mijlpalen = alle
        .iter()
        .filter(|p| p.datum >= begin && p.datum <= eind)
        .filter_map(|p| {
            match p.doel_id {
                None => Some(None),
                Some(d) => standen
                    .iter()
                    .find(|s| s.overzicht.doel.id == d)
                    .map(|s| Some(s.overzicht.doel.inhoud.titel.clone())),
            }
            .map(|doel| Mijlpaalrij {
                naam: p.naam.clone(),
                datum: p.datum.to_string(),
                status: p.status.to_string(),
                doel,
            })
        })
        .collect();
    Ok(Verantwoording {
        kwartaal: q.to_string(),
        peildatum: m.peildatum.clone(),
        stand_op: stand_op.to_string(),
        eenheden,
        doelen,
        evaluaties,
        mijlpalen,
    })
}

/// The quarter's report, logged; or the page to answer with.
async fn lees(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    v: &KwartaalVraag,
    naam: &'static str,
) -> Result<(Kader, Kwartaal, Verantwoording), Response> {
    let k = kader(staat, headers).map_err(|r| *r)?;
    let q = match gekozen_kwartaal(&v.kwartaal, staat.klok().vandaag()) {
        Ok(q) => q,
        Err(t) => {
            return Err(melding(
                StatusCode::BAD_REQUEST,
                "Ongeldig kwartaal",
                &t,
                Some(&k.sessie),
            ));
        }
    };
    let lijst = rapporten(staat, &k, headers, adres, vec![q], naam).await?;
    let Some(m) = lijst.first() else {
        return Err(mislukt(&k, &"geen rapport"));
    };
    let inhoud = verzamel(staat, &k, q, m).await?;
    Ok((k, q, inhoud))
}

/// Renders the printable page.
async fn toon(staat: &Staat, headers: &HeaderMap, adres: SocketAddr, v: KwartaalVraag) -> Response {
    let (k, q, inhoud) = match lees(staat, headers, adres, &v, "web_monitor_verantwoording").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let doelen: Vec<Value> = inhoud
        .doelen
        .iter()
        .map(|d| context! {
            id => d.id, titel => d.titel.clone(), eenheid => d.eenheid.clone(), eigenaar => d.eigenaar.clone(),
            deadline => d.deadline.clone(), status => d.status.clone(), klasse => d.klasse.clone(),
            gemeten => d.gemeten.map(|x| getal(x, 1)), verwacht => d.verwacht.map(|x| getal(x, 1)),
            voortgang => d.voortgang.map(|x| getal(x, 2)), gemeten_op => d.gemeten_op.clone(),
        })
        .collect();
    let evaluaties: Vec<Value> = inhoud
        .evaluaties
        .iter()
        .map(|e| context! {
            doel => e.doel.clone(), periode => e.periode.clone(),
            gemeten => e.gemeten.map(|x| getal(x, 1)), verwacht => e.verwacht.map(|x| getal(x, 1)),
            geleerd => e.geleerd.clone(), besluit => e.besluit.clone(), reden => e.reden.clone(),
        })
        .collect();
    super::super::gemeen::pagina(
        "monitor_verantwoording.html",
        &format!("Verantwoording werkgeversmonitor {q}"),
        Some(&k.sessie),
        "/werkgever/monitor",
        context! {
            v => Value::from_serialize(&inhoud),
            doelen => doelen,
            evaluaties => evaluaties,
            kwartalen => kwartaalkeuze(staat.klok().vandaag()),
            organisatie => k.sessie.gebruiker.organisatie.clone(),
            heel => k.heel(),
            uitleg => UITLEG_ONDERDRUKT,
        },
    )
}

/// `GET /werkgever/monitor/verantwoording`.
pub async fn pagina(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    toon(&staat, &headers, adres, v).await
}

/// The same content as XLSX: one sheet each for units, goals, evaluations and milestones.
pub async fn xlsx(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    let (k, q, inhoud) = match lees(
        &staat,
        &headers,
        adres,
        &v,
        "web_monitor_verantwoording_xlsx",
    )
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let tekst = |s: &str| Waarde::Tekst(s.to_string());
    let of = |x: Option<f64>| x.map_or(Waarde::Leeg, Waarde::Getal);
    let kop = |k: &[&str]| k.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
    let tabellen = vec![
        Tabel {
            naam: "eenheden".into(),
            kop: kop(&["code", "naam", "werknemers", "doelgroep", "banen"]),
            rijen: inhoud
                .eenheden
                .iter()
                .map(|e| {
                    vec![
                        tekst(&e.code),
                        tekst(&e.naam),
                        Waarde::Getal(e.werknemers as f64),
                        e.doelgroep_getal
                            .map_or_else(|| tekst(&e.doelgroep), Waarde::Getal),
                        e.banen_getal.map_or_else(|| tekst(&e.banen), Waarde::Getal),
                    ]
                })
                .collect(),
        },
        Tabel {
            naam: "doelen".into(),
            kop: kop(&[
                "doel",
                "titel",
                "eenheid",
                "eigenaar",
                "deadline",
                "status",
                "gemeten",
                "verwacht",
                "voortgang_pct",
                "toelichting",
            ]),
            rijen: inhoud
                .doelen
                .iter()
                .map(|d| {
                    vec![
                        Waarde::Getal(d.id as f64),
                        tekst(&d.titel),
                        tekst(&d.eenheid),
                        tekst(&d.eigenaar),
                        tekst(&d.deadline),
                        tekst(&d.status),
                        of(d.gemeten),
                        of(d.verwacht),
                        of(d.voortgang),
                        d.gemeten_op.as_deref().map_or(Waarde::Leeg, tekst),
                    ]
                })
                .collect(),
        },
        Tabel {
            naam: "evaluaties".into(),
            kop: kop(&[
                "doel", "periode", "gemeten", "verwacht", "geleerd", "besluit", "reden",
            ]),
            rijen: inhoud
                .evaluaties
                .iter()
                .map(|e| {
                    vec![
                        tekst(&e.doel),
                        tekst(&e.periode),
                        of(e.gemeten),
                        of(e.verwacht),
                        tekst(&e.geleerd),
                        tekst(&e.besluit),
                        tekst(&e.reden),
                    ]
                })
                .collect(),
        },
        Tabel {
            naam: "mijlpalen".into(),
            kop: kop(&["datum", "mijlpaal", "status", "doel"]),
            rijen: inhoud
                .mijlpalen
                .iter()
                .map(|p| {
                    vec![
                        tekst(&p.datum),
                        tekst(&p.naam),
                        tekst(&p.status),
                        p.doel.as_deref().map_or(Waarde::Leeg, tekst),
                    ]
                })
                .collect(),
        },
    ];
    match super::super::opmaak::excel_xlsx(tabellen) {
        Ok(bytes) => download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("verantwoording-{q}.xlsx"),
        ),
        Err(e) => mislukt(&k, &e),
    }
}
