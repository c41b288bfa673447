//! The organisation overview (`/werkgever/monitor`) and a unit's page
//! (`/werkgever/monitor/eenheden/{code}`): the unit tree with its figures under R-44, the
//! figures over the quarters as charts with their data tables, the goals by status and the
//! timeline of milestones.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_core::doelen::mijlpaal_te_laat;
use dgr_reports::trend::Kwartaal;
use dgr_reports::werkgeversmonitor::{Eenheidsregel, Monitorrapport};
use minijinja::{Value, context};

use super::super::gemeen::{melding, pagina};
use super::super::grafiek::{Reeks, lijnen_met_id};
use super::gemeen::{
    Doelstand, KwartaalVraag, UITLEG_ONDERDRUKT, buiten_bereik, doelstanden, gekozen_kwartaal,
    getal, kader, knopen, kwartaalkeuze, laatste_volledige, mislukt, rapporten, statusklasse,
    statusnaam, zichtbaar,
};
use crate::register::blokkerend;
use crate::staat::Staat;

/// Line colours of the charts (one per unit).
const KLEUREN: [&str; 6] = [
    "#154273", "#e17000", "#2f7d32", "#8e24aa", "#b00020", "#5a5a5a",
];

/// The quarters of the charts: the three before `q` and `q`.
fn reeks_tot(q: Kwartaal) -> Vec<Kwartaal> {
    let mut v = vec![q];
    for _ in 0..3 {
        let eerder = v[0].vorige();
        v.insert(0, eerder);
    }
    v
}

/// The quarters of the organisation overview as it opens (on the last complete quarter): what
/// the server computes ahead for every organisation ([`crate::voorberekening`]).
pub(crate) fn standaard_kwartalen(vandaag: chrono::NaiveDate) -> Vec<Kwartaal> {
    te_berekenen(laatste_volledige(vandaag), vandaag).0
}

/// The quarters to compute for a page on quarter `q`: its chart quarters, and the last complete
/// quarter (the goals' measurement) when it is not among them. Returns them and the index of
/// the last complete quarter.
fn te_berekenen(q: Kwartaal, vandaag: chrono::NaiveDate) -> (Vec<Kwartaal>, usize) {
    let mut v = reeks_tot(q);
    let laatste = laatste_volledige(vandaag);
    let i = match v.iter().position(|x| *x == laatste) {
        Some(i) => i,
        None => {
            v.push(laatste);
            v.len() - 1
        }
    };
    (v, i)
}

/// A figure as the pages write it: the number, or `<10` / `x`.
fn cijfer(e: &Eenheidsregel, veld: &str, drempel: u64) -> String {
    if let Some(t) = e.teken(veld, drempel) {
        return t;
    }
    match veld {
        "doelgroep" => e.doelgroep.map(|d| getal(d as f64, 0)).unwrap_or_default(),
        "banen" => e.banen.map(|b| getal(b, 1)).unwrap_or_default(),
        _ => getal(e.werknemers as f64, 0),
    }
}

/// The rows of a unit table: every visible unit of `m` with its figures, indented by depth.
fn eenheidsrijen(m: &Monitorrapport, zicht: &BTreeSet<String>) -> Vec<Value> {
    m.eenheden
        .iter()
        .filter(|e| zicht.contains(&e.code))
        .map(|e| {
            let diepte = m.voorouders(&e.code).len().saturating_sub(1);
            context! {
                code => e.code.clone(),
                naam => e.naam.clone(),
                bovenliggend => e.bovenliggend.clone(),
                diepte => diepte,
                werknemers => e.werknemers,
                doelgroep => cijfer(e, "doelgroep", m.drempel),
                banen => cijfer(e, "banen", m.drempel),
                doelgroep_weg => e.doelgroep.is_none(),
                banen_weg => e.banen.is_none(),
            }
        })
        .collect()
}

/// A chart of one figure over the quarters, one line per unit, with its data table.
fn grafiek(
    id: &str,
    titel: &str,
    reeks: &[&Monitorrapport],
    codes: &[(String, String)],
    veld: &str,
) -> Value {
    let labels: Vec<String> = reeks.iter().map(|m| m.kwartaal.clone()).collect();
    let waarde = |m: &Monitorrapport, code: &str| {
        m.eenheid(code).and_then(|e| match veld {
            "doelgroep" => e.doelgroep.map(|d| d as f64),
            "banen" => e.banen,
            _ => Some(e.werknemers as f64),
        })
    };
    let lijnen: Vec<Reeks> = codes
        .iter()
        .zip(KLEUREN)
        .map(|((code, naam), kleur)| Reeks {
            naam: naam.clone(),
            kleur,
            waarden: reeks.iter().map(|m| waarde(m, code)).collect(),
        })
        .collect();
    let rijen: Vec<Value> = codes
        .iter()
        .map(|(code, naam)| {
            let cellen: Vec<String> = reeks
                .iter()
                .map(|m| {
                    m.eenheid(code)
                        .map_or_else(|| "–".to_string(), |e| cijfer(e, veld, m.drempel))
                })
                .collect();
            context! { code => code, naam => naam, cellen => cellen }
        })
        .collect();
    context! {
        id => id,
        titel => titel,
        svg => Value::from_safe_string(lijnen_met_id(id, titel, &labels, &lijnen, 720.0, 300.0)),
        kwartalen => labels,
        rijen => rijen,
    }
}

/// The goals as the pages list them, with their status.
fn doelrijen(standen: &[Doelstand], namen: &BTreeMap<String, String>) -> Vec<Value> {
    standen
        .iter()
        .map(|s| {
            let d = &s.overzicht.doel;
            let status = statusnaam(&s.overzicht);
            context! {
                id => d.id,
                titel => d.inhoud.titel.clone(),
                eenheid => d.eenheid.clone(),
                eenheidnaam => namen.get(&d.eenheid).cloned().unwrap_or_else(|| d.eenheid.clone()),
                eigenaar => d.inhoud.eigenaar.clone(),
                deadline => d.inhoud.deadline.to_string(),
                status => status,
                klasse => statusklasse(status),
                voortgang => s.overzicht.stand.voortgang.map(|v| getal(v, 0)),
            }
        })
        .collect()
}

/// Counts per status, in a fixed order.
fn per_status(standen: &[Doelstand]) -> Vec<Value> {
    [
        "op koers",
        "achter",
        "behaald",
        "niet behaald",
        "nog niet gemeten",
        "gestopt",
    ]
    .into_iter()
    .map(|naam| {
        let n = standen
            .iter()
            .filter(|s| statusnaam(&s.overzicht) == naam)
            .count();
        context! { naam => naam, aantal => n, klasse => statusklasse(naam) }
    })
    .collect()
}

/// The units of the charts: the top visible units and their children (at most six).
fn grafiekeenheden(m: &Monitorrapport, zicht: &BTreeSet<String>) -> Vec<(String, String)> {
    let diepte = |code: &str| m.voorouders(code).len();
    let min = m
        .eenheden
        .iter()
        .filter(|e| zicht.contains(&e.code))
        .map(|e| diepte(&e.code))
        .min()
        .unwrap_or(0);
    m.eenheden
        .iter()
        .filter(|e| zicht.contains(&e.code) && diepte(&e.code) <= min + 1)
        .take(KLEUREN.len())
        .map(|e| (e.code.clone(), e.naam.clone()))
        .collect()
}

/// The organisation overview.
pub async fn overzicht(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    let k = match kader(&staat, &headers) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let vandaag = staat.klok().vandaag();
    let q = match gekozen_kwartaal(&v.kwartaal, vandaag) {
        Ok(q) => q,
        Err(t) => {
            return melding(
                StatusCode::BAD_REQUEST,
                "Ongeldig kwartaal",
                &t,
                Some(&k.sessie),
            );
        }
    };
    let (kwartalen, meting) = te_berekenen(q, vandaag);
    let lijst = match rapporten(
        &staat,
        &k,
        &headers,
        adres,
        kwartalen,
        "web_monitor_overzicht",
    )
    .await
    {
        Ok(l) => l,
        Err(r) => return r,
    };
    let Some(m) = lijst.get(3) else {
        return mislukt(&k, &"geen rapport");
    };
    let zicht = zichtbaar(&knopen(m), &k.beperking);
    let mut doelzicht = zicht.clone();
    if let Some(l) = lijst.get(meting) {
        doelzicht.extend(zichtbaar(&knopen(l), &k.beperking));
    }
    let standen = match doelstanden(&staat, &k, &doelzicht, vandaag, lijst.get(meting)).await {
        Ok(s) => s,
        Err(e) => return mislukt(&k, &e),
    };
    let doel_ids: BTreeSet<i64> = standen.iter().map(|s| s.overzicht.doel.id).collect();
    let o = k.organisatie;
    let mijlpalen = match blokkerend(&staat, move |r| Ok(r.mijlpalen(o)?)).await {
        Ok(m) => m,
        Err(e) => return mislukt(&k, &e),
    };
    let titels: BTreeMap<i64, String> = standen
        .iter()
        .map(|s| (s.overzicht.doel.id, s.overzicht.doel.inhoud.titel.clone()))
        .collect();
    let tijdlijn: Vec<Value> = mijlpalen
        .iter()
        .filter(|p| p.doel_id.is_none_or(|d| doel_ids.contains(&d)))
        .map(|p| {
            context! {
                id => p.id,
                naam => p.naam.clone(),
                datum => p.datum.to_string(),
                status => p.status.to_string(),
                te_laat => mijlpaal_te_laat(p.datum, p.status, vandaag),
                doel => p.doel_id,
                doeltitel => p.doel_id.and_then(|d| titels.get(&d).cloned()),
            }
        })
        .collect();
    let namen: BTreeMap<String, String> = m
        .eenheden
        .iter()
        .map(|e| (e.code.clone(), e.naam.clone()))
        .collect();
    let reeks: Vec<&Monitorrapport> = lijst.iter().take(4).collect();
    let codes = grafiekeenheden(m, &zicht);
    let grafieken = vec![
        grafiek(
            "grafiek-doelgroep",
            "Werknemers in de doelgroep per kwartaal",
            &reeks,
            &codes,
            "doelgroep",
        ),
        grafiek(
            "grafiek-banen",
            "Banen (banenafspraak) per kwartaal",
            &reeks,
            &codes,
            "banen",
        ),
    ];
    let nt = k.heel().then(|| match m.niet_toegewezen.banen {
        Some(b) => getal(b, 1),
        None => format!("<{}", m.drempel),
    });
    let titel = format!("Werkgeversmonitor {q}");
    pagina(
        "monitor.html",
        &titel,
        Some(&k.sessie),
        "/werkgever/monitor",
        context! {
            kwartaal => q.to_string(),
            kwartalen => kwartaalkeuze(vandaag),
            peildatum => m.peildatum.clone(),
            vandaag => vandaag.to_string(),
            heel => k.heel(),
            beperking => k.beperking.join(", "),
            eenheden => eenheidsrijen(m, &zicht),
            geen_boom => m.eenheden.is_empty(),
            niet_toegewezen => nt,
            uitleg => UITLEG_ONDERDRUKT,
            per_status => per_status(&standen),
            doelen => doelrijen(&standen, &namen),
            tijdlijn => tijdlijn,
            grafieken => grafieken,
            vergelijking => k.heel().then(|| vergelijking(m)),
        },
    )
}

/// The benchmark beside the goals (whole organisation only). The organisation's total is the
/// root's jobs plus `niet toegewezen`: it is shown only when both are, so that neither can be
/// recovered from it by subtraction.
fn vergelijking(m: &Monitorrapport) -> Value {
    let v = &m.vergelijking;
    let of = |x: Option<f64>| x.map_or_else(|| "x".to_string(), |b| getal(b, 1));
    let wortel = m.eenheden.first().and_then(|e| e.banen);
    let totaal = v
        .organisatie_banen
        .filter(|_| wortel.is_some() && m.niet_toegewezen.banen.is_some());
    context! {
        sector => v.sector.clone(),
        subsector => v.subsector.clone(),
        organisatie => of(totaal),
        sector_banen => of(v.sector_banen),
        subsector_banen => of(v.subsector_banen),
        aandeel => v.aandeel_subsector_pct.filter(|_| totaal.is_some()).map(|a| getal(a, 2)),
    }
}

/// A unit's page: its figures over the quarters, its child units and its goals.
pub async fn eenheid(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    let k = match kader(&staat, &headers) {
        Ok(k) => k,
        Err(r) => return *r,
    };
    let vandaag = staat.klok().vandaag();
    let q = match gekozen_kwartaal(&v.kwartaal, vandaag) {
        Ok(q) => q,
        Err(t) => {
            return melding(
                StatusCode::BAD_REQUEST,
                "Ongeldig kwartaal",
                &t,
                Some(&k.sessie),
            );
        }
    };
    // the caller's reach is checked on the tree before any person is read
    match super::gemeen::boom(&staat, k.organisatie, q.peildatum()).await {
        Ok(boom) if zichtbaar(&boom, &k.beperking).contains(&code) => {}
        Ok(_) => return buiten_bereik(&k),
        Err(e) => return mislukt(&k, &e),
    }
    let (kwartalen, meting) = te_berekenen(q, vandaag);
    let lijst = match rapporten(
        &staat,
        &k,
        &headers,
        adres,
        kwartalen,
        "web_monitor_eenheid",
    )
    .await
    {
        Ok(l) => l,
        Err(r) => return r,
    };
    let Some(m) = lijst.get(3) else {
        return mislukt(&k, &"geen rapport");
    };
    let Some(e) = m.eenheid(&code) else {
        return melding(
            StatusCode::NOT_FOUND,
            "Eenheid niet in dit kwartaal",
            &format!("Eenheid {code} staat niet in de eenhedenboom van {q}."),
            Some(&k.sessie),
        );
    };
    let mut onder: BTreeSet<String> = zichtbaar(&knopen(m), std::slice::from_ref(&code));
    let kinderen: BTreeSet<String> = m
        .eenheden
        .iter()
        .filter(|x| x.bovenliggend.as_deref() == Some(code.as_str()))
        .map(|x| x.code.clone())
        .collect();
    let mut tabel: BTreeSet<String> = kinderen.clone();
    tabel.insert(code.clone());
    if let Some(l) = lijst.get(meting) {
        onder.extend(zichtbaar(&knopen(l), std::slice::from_ref(&code)));
    }
    let standen = match doelstanden(&staat, &k, &onder, vandaag, lijst.get(meting)).await {
        Ok(s) => s,
        Err(e) => return mislukt(&k, &e),
    };
    let namen: BTreeMap<String, String> = m
        .eenheden
        .iter()
        .map(|x| (x.code.clone(), x.naam.clone()))
        .collect();
    let reeks: Vec<&Monitorrapport> = lijst.iter().take(4).collect();
    let zelf = vec![(code.clone(), e.naam.clone())];
    let grafieken = vec![
        grafiek(
            "grafiek-werknemers",
            &format!("Werknemers van {} per kwartaal", e.naam),
            &reeks,
            &zelf,
            "werknemers",
        ),
        grafiek(
            "grafiek-doelgroep",
            &format!("Werknemers in de doelgroep van {} per kwartaal", e.naam),
            &reeks,
            &zelf,
            "doelgroep",
        ),
        grafiek(
            "grafiek-banen",
            &format!("Banen van {} per kwartaal", e.naam),
            &reeks,
            &zelf,
            "banen",
        ),
    ];
    let ouder = e
        .bovenliggend
        .as_ref()
        .filter(|b| zichtbaar(&knopen(m), &k.beperking).contains(*b))
        .map(|b| context! { code => b, naam => namen.get(b).cloned() });
    pagina(
        "monitor_eenheid.html",
        &format!("{} ({})", e.naam, e.code),
        Some(&k.sessie),
        "/werkgever/monitor",
        context! {
            code => code,
            kwartaal => q.to_string(),
            kwartalen => kwartaalkeuze(vandaag),
            peildatum => m.peildatum.clone(),
            ouder => ouder,
            eenheden => eenheidsrijen(m, &tabel),
            samenstelling => samenstelling(e, m.drempel),
            uitleg => UITLEG_ONDERDRUKT,
            grafieken => grafieken,
            doelen => doelrijen(&standen, &namen),
            vandaag => vandaag.to_string(),
        },
    )
}

/// The unit's staff by roster category (R-43 shares, under R-44): per group its values with the
/// count and the share of `werknemers`, a withheld one as `<10` or `x`.
fn samenstelling(e: &Eenheidsregel, drempel: u64) -> Vec<Value> {
    let groepnaam = |g: &str| match g {
        "geslacht" => "Geslacht",
        "leeftijd" => "Leeftijd",
        "functieschaal" => "Functieschaal",
        "leidinggevend" => "Leidinggevend",
        _ => "Overig",
    };
    let waardenaam = |g: &str, w: &str| -> String {
        match (g, w) {
            (_, "onbekend") => "niet vastgelegd".into(),
            ("geslacht", "M") => "man".into(),
            ("geslacht", "V") => "vrouw".into(),
            ("geslacht", "X") => "anders".into(),
            ("leidinggevend", "J") => "ja".into(),
            ("leidinggevend", "N") => "nee".into(),
            ("leeftijd", l) => format!("{l} jaar"),
            ("functieschaal", f) => format!("schaal {f}"),
            (_, w) => w.into(),
        }
    };
    let mut groepen: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (sleutel, n) in &e.categorieen {
        let (g, w) = sleutel.split_once('=').unwrap_or((sleutel, ""));
        let teken = e.teken(&format!("categorieen.{sleutel}"), drempel);
        let aandeel = e
            .aandelen
            .get(sleutel)
            .copied()
            .flatten()
            .map(|p| format!("{} %", getal(p, 1)));
        groepen.entry(g).or_default().push(context! {
            waarde => waardenaam(g, w),
            aantal => teken.clone().or(n.map(|x| x.to_string())).unwrap_or_default(),
            aandeel => teken.or(aandeel).unwrap_or_default(),
        });
    }
    groepen
        .into_iter()
        .map(|(g, waarden)| context! { groep => groepnaam(g), waarden => waarden })
        .collect()
}
