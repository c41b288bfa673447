//! The analyst's dashboard: the banenmonitor series against the targets, as a chart, a table
//! and a CSV download (aggregates only).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};

use dgr_core::referentie::Referentie;
use dgr_reports::banenmonitor::{self, TOTAAL};
use dgr_reports::omvang::Kwartaalomvang;
use dgr_reports::trend::{self, Kwartaal, Trend};
use minijinja::{Value, context};
use serde::Deserialize;

use super::catalogus;
use super::gemeen::download;
use super::gemeen::{melding, pagina};
use super::grafiek::{Reeks, Tegel, lijnen, tegelkaart};
use super::opmaak::{excel_csv, getal};
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// `?jaar=`.
#[derive(Debug, Deserialize)]
pub struct JaarVraag {
    jaar: Option<i32>,
}

async fn monitor(
    staat: &Staat,
    jaar: i32,
) -> Option<(std::sync::Arc<banenmonitor::Banenmonitor>, f64)> {
    let rapporten = staat.rapporten.clone();
    blokkerend(staat, move |r| {
        let landelijk = r
            .referentie()
            .constante("nulmeting_banen_landelijk")
            .and_then(dgr_core::Breuk::parse)
            .map_or(0.0, |b| b.als_f64());
        Ok((rapporten.banenmonitor(r, jaar)?, landelijk))
    })
    .await
    .ok()
}

/// The year asked for (`?jaar=`, by default last year); a year after the current one on the
/// register's clock is refused (no figures for the future), as is one before 2013.
fn gekozen_jaar(staat: &Staat, v: &JaarVraag, s: &Sessie) -> Result<i32, Box<Response>> {
    let dit_jaar = staat.klok().vandaag().year();
    let jaar = v.jaar.unwrap_or(dit_jaar - 1);
    if jaar > dit_jaar {
        return Err(Box::new(melding(
            StatusCode::BAD_REQUEST,
            "Jaar in de toekomst",
            &format!(
                "Over {jaar} zijn nog geen cijfers: het is nu {dit_jaar}. Kies {dit_jaar} of een eerder jaar."
            ),
            Some(s),
        )));
    }
    if jaar <= banenmonitor::NULMETING_JAAR {
        return Err(Box::new(melding(
            StatusCode::BAD_REQUEST,
            "Ongeldig jaar",
            &format!(
                "De banenmonitor begint na de nulmeting van {}: kies {} of later.",
                banenmonitor::NULMETING_JAAR,
                banenmonitor::NULMETING_JAAR + 1
            ),
            Some(s),
        )));
    }
    Ok(jaar)
}

/// What the page says about comparing this register with the national targets: the targets are
/// national numbers; a register whose own nulmeting (December 2012) is well below the national
/// one holds only part of the country (a demo, a sample), and one without 2012 data compares
/// against the national nulmeting it was not measured on.
fn schaaluitleg(b: &banenmonitor::Banenmonitor, landelijk: f64) -> Option<String> {
    let uit_constante = b.nulmeting.sectoren.is_empty();
    if uit_constante {
        return Some(
            "Dit register bevat geen polisgegevens van december 2012. De extra banen zijn daarom berekend tegen de landelijke nulmeting; dat klopt alleen als het register het hele land bevat."
                .into(),
        );
    }
    (landelijk > 0.0 && b.nulmeting.banen < 0.9 * landelijk).then(|| {
        format!(
            "Dit register bevat maar een deel van het land: zijn nulmeting is {} banen tegen {} landelijk (ongeveer {}%). Het is een steekproef of demo; de landelijke doelen zijn niet op dit deel omgerekend, dus vergelijk de extra banen niet één op één met het doel.",
            getal(b.nulmeting.banen, 0),
            getal(landelijk, 0),
            getal(100.0 * b.nulmeting.banen / landelijk, 0)
        )
    })
}

/// The banenmonitor dashboard.
pub async fn dashboard(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<JaarVraag>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::BANENMONITOR) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let jaar = match gekozen_jaar(&staat, &v, &s) {
        Ok(j) => j,
        Err(r) => return *r,
    };
    let Some((b, landelijk)) = monitor(&staat, jaar).await else {
        return mislukt(&s);
    };
    let jaren: Vec<_> = b
        .reeks
        .iter()
        .filter(|j| j.jaar > banenmonitor::NULMETING_JAAR)
        .collect();
    let labels: Vec<String> = jaren.iter().map(|j| j.jaar.to_string()).collect();
    let extra = Reeks {
        naam: "extra banen".into(),
        kleur: "#154273",
        waarden: jaren
            .iter()
            .map(|j| j.sectoren.get(TOTAAL).and_then(|c| c.extra_banen))
            .collect(),
    };
    let doel = Reeks {
        naam: "doel".into(),
        kleur: "#c05a00",
        waarden: jaren
            .iter()
            .map(|j| {
                j.sectoren
                    .get(TOTAAL)
                    .and_then(|c| c.doel)
                    .map(|d| d as f64)
            })
            .collect(),
    };
    let grafiek = lijnen(
        "Extra banen en doel per jaar (totaal)",
        &labels,
        &[extra, doel],
        720.0,
        320.0,
    );
    let rijen: Vec<Value> = b
        .reeks
        .iter()
        .flat_map(|j| {
            j.sectoren.iter().map(move |(sector, c)| {
                context! {
                    jaar => j.jaar,
                    sector => sector,
                    banen => c.banen_afgerond.clone(),
                    werkend => c.werkende_personen,
                    extra => c.extra_banen,
                    doel => c.doel,
                }
            })
        })
        .collect();
    pagina(
        "dashboard.html",
        "Banenmonitor",
        Some(&s),
        "/dashboard",
        context! { jaar => jaar, nulmeting => b.nulmeting.banen, bekend_op => b.bekend_op.clone(), grafiek => grafiek, rijen => rijen, schaal => schaaluitleg(&b, landelijk) },
    )
}

/// The dashboard's figures as CSV.
pub async fn dashboard_csv(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<JaarVraag>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::BANENMONITOR) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let jaar = match gekozen_jaar(&staat, &v, &s) {
        Ok(j) => j,
        Err(r) => return *r,
    };
    let Some((b, _)) = monitor(&staat, jaar).await else {
        return mislukt(&s);
    };
    download(
        excel_csv(&dgr_reports::formaat::banenmonitor_tabellen(&b)),
        "text/csv; charset=utf-8",
        &format!("banenmonitor-{jaar}.csv"),
    )
}

/// `?kwartaal=2025-K3`.
#[derive(Debug, Deserialize)]
pub struct KwartaalVraag {
    kwartaal: Option<String>,
}

/// The answer when a report could not be made (the cause is in the log).
fn mislukt(s: &Sessie) -> Response {
    melding(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Fout",
        "Er ging iets mis.",
        Some(s),
    )
}

/// The analyst's (or uwv's) session and the requested quarter, by default the last complete
/// one; otherwise the page to answer instead (login, refusal, or an invalid quarter).
fn sessie_en_kwartaal(
    staat: &Staat,
    headers: &HeaderMap,
    v: &KwartaalVraag,
) -> Result<(Sessie, Kwartaal), Box<Response>> {
    let s = super::toegang::sessie_voor_pagina(staat, headers, &catalogus::TREND)?;
    let nu = Kwartaal::van_datum(staat.klok().vandaag());
    match v.kwartaal.as_deref().map(Kwartaal::parse) {
        None => Ok((s, vorig_kwartaal(staat.klok().vandaag()))),
        // a quarter after the current one has no figures yet: refused, not shown as zeros
        Some(Ok(k)) if k > nu => Err(Box::new(melding(
            StatusCode::BAD_REQUEST,
            "Kwartaal in de toekomst",
            &format!(
                "Over {k} zijn nog geen cijfers: het is nu {nu}. Kies {nu} of een eerder kwartaal (het laatste volledige is {}).",
                nu.vorige()
            ),
            Some(&s),
        ))),
        Some(Ok(k)) => Ok((s, k)),
        Some(Err(e)) => Err(Box::new(melding(
            StatusCode::BAD_REQUEST,
            "Ongeldig kwartaal",
            &format!("Kies een kwartaal als 2025-K3 ({e})."),
            Some(&s),
        ))),
    }
}

/// The last complete quarter before `vandaag` (today on the register's clock).
fn vorig_kwartaal(vandaag: chrono::NaiveDate) -> Kwartaal {
    Kwartaal::van_datum(vandaag).vorige()
}

/// The trend of `kwartaal` as known now, with the regions' centres for the tile map.
async fn trend_van(
    staat: &Staat,
    kwartaal: Kwartaal,
) -> Option<(std::sync::Arc<Trend>, HashMap<String, (f64, f64)>)> {
    let rapporten = staat.rapporten.clone();
    blokkerend(staat, move |r| {
        let t = rapporten.trend(r, kwartaal)?;
        Ok((t, regiocentra(r.referentie())))
    })
    .await
    .ok()
}

/// The register's size and flows per quarter up to `kwartaal`, as known now.
async fn omvang_tot(
    staat: &Staat,
    kwartaal: Kwartaal,
) -> Option<std::sync::Arc<Vec<Kwartaalomvang>>> {
    let rapporten = staat.rapporten.clone();
    blokkerend(staat, move |r| rapporten.omvang(r, kwartaal))
        .await
        .ok()
}

/// Two charts (persons; instroom and uitstroom) over the quarters, labelled once a year.
fn omvang_grafieken(o: &[Kwartaalomvang]) -> (String, String) {
    let labels: Vec<String> = o
        .iter()
        .map(|k| {
            k.kwartaal
                .strip_suffix("-K1")
                .map(str::to_string)
                .unwrap_or_default()
        })
        .collect();
    let reeks = |naam: &str, kleur: &'static str, f: fn(&Kwartaalomvang) -> Option<u64>| Reeks {
        naam: naam.into(),
        kleur,
        waarden: o.iter().map(|k| f(k).map(|v| v as f64)).collect(),
    };
    // a chart of nothing but suppressed cells says so instead of drawing empty axes
    let of_leeg = |reeksen: &[Reeks], titel: &str| {
        if reeksen
            .iter()
            .all(|r| r.waarden.iter().all(Option::is_none))
        {
            format!(
                "<p class=\"uitleg\">{titel}: alle cijfers zijn onderdrukt (te weinig personen), dus er is niets te tekenen.</p>"
            )
        } else {
            lijnen(titel, &labels, reeksen, 720.0, 280.0)
        }
    };
    (
        of_leeg(
            &[reeks("personen", "#154273", |k| k.personen)],
            "Personen in het doelgroepregister aan het eind van elk kwartaal",
        ),
        of_leeg(
            &[
                reeks("instroom", "#2e7d32", |k| k.instroom),
                reeks("uitstroom", "#c05a00", |k| k.uitstroom),
            ],
            "Instroom en uitstroom per kwartaal",
        ),
    )
}

/// The centre of each arbeidsmarktregio: the inhabitant-weighted mean position of its
/// municipalities (`gemeenten.csv`).
fn regiocentra(referentie: &Referentie) -> HashMap<String, (f64, f64)> {
    let mut som: HashMap<String, (f64, f64, f64)> = HashMap::new();
    for g in referentie.gemeenten() {
        let w = f64::from(g.inwoners.max(1));
        let e = som.entry(g.arbeidsmarktregio.clone()).or_default();
        *e = (e.0 + g.latitude * w, e.1 + g.longitude * w, e.2 + w);
    }
    som.into_iter()
        .map(|(k, (lat, lon, w))| (k, (lat / w, lon / w)))
        .collect()
}

/// A breakdown under R-40 ([`trend::uitsplitsing`]) as template rows.
fn uitsplitsing(per: &BTreeMap<String, u64>, drempel: u64) -> Vec<Value> {
    trend::uitsplitsing(per, drempel)
        .into_iter()
        .map(|(naam, aantal)| context! { naam => naam, aantal => aantal })
        .collect()
}

/// The national totals under R-40: a count of persons below the threshold is not shown (on a
/// real register it never is; on a small test database it would be), and neither is the
/// number of jobs or the change when the count of persons they stem from is hidden.
fn landelijk(t: &Trend) -> Value {
    let d = t.onthullingsdrempel;
    let toon = |n: u64| (n >= d).then_some(n);
    let x = &t.totaal;
    let vorig = x.personen as i64 - x.verandering_personen_vorig_kwartaal;
    context! {
        personen => toon(x.personen),
        werkend => toon(x.werkende_personen),
        banen => (x.werkende_personen >= d).then_some(x.banen),
        instroom => toon(x.instroom),
        uitstroom => toon(x.uitstroom),
        verandering => (x.personen >= d && vorig >= d as i64).then_some(x.verandering_personen_vorig_kwartaal),
    }
}

/// The regional trend of a quarter: a tile map of the 35 regions, the table behind it and the
/// quarter's flows, all after R-40 (suppressed cells shown as "onderdrukt").
pub async fn trend_pagina(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    let (s, kwartaal) = match sessie_en_kwartaal(&staat, &headers, &v) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some((t, centra)) = trend_van(&staat, kwartaal).await else {
        return mislukt(&s);
    };
    let tegels: Vec<Tegel> = t
        .regios
        .iter()
        .filter_map(|r| {
            let &(latitude, longitude) = centra.get(&r.code)?;
            Some(Tegel {
                code: r.code.clone(),
                naam: r.naam.clone(),
                latitude,
                longitude,
                waarde: r.personen.map(|p| p as f64),
            })
        })
        .collect();
    let omvang = omvang_tot(&staat, kwartaal).await.unwrap_or_default();
    let (grafiek_personen, grafiek_stromen) = omvang_grafieken(&omvang);
    let omvang_rijen: Vec<Value> = omvang
        .iter()
        .rev()
        .map(|k| context! { kwartaal => k.kwartaal.clone(), personen => k.personen, instroom => k.instroom, uitstroom => k.uitstroom })
        .collect();
    let kaart = tegelkaart(
        &format!(
            "Personen in het doelgroepregister per arbeidsmarktregio, {}",
            t.kwartaal
        ),
        &tegels,
    );
    let rijen: Vec<Value> = t
        .regios
        .iter()
        .map(|r| {
            context! {
                code => r.code.clone(), naam => r.naam.clone(), personen => r.personen,
                werkend => r.werkende_personen, banen => r.banen_afgerond.clone(),
                instroom => r.instroom, uitstroom => r.uitstroom,
                verandering => r.verandering_personen_vorig_kwartaal,
            }
        })
        .collect();
    pagina(
        "trend.html",
        "Regionale trend",
        Some(&s),
        "/dashboard/trend",
        context! {
            kwartaal => t.kwartaal.clone(), peildatum => t.peildatum.to_string(),
            drempel => t.onthullingsdrempel, kaart => kaart, rijen => rijen,
            grafiek_personen => grafiek_personen, grafiek_stromen => grafiek_stromen,
            omvang => omvang_rijen,
            totaal => landelijk(&t),
            instroom => uitsplitsing(&t.totaal.instroom_per_grondslag, t.onthullingsdrempel),
            uitstroom => uitsplitsing(&t.totaal.uitstroom_per_reden, t.onthullingsdrempel),
        },
    )
}

/// The trend's table as CSV for Dutch Excel (the same figures as `dgr rapport trend --formaat
/// csv`, in the spreadsheet dialect of [`excel_csv`]).
pub async fn trend_csv(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    let (s, kwartaal) = match sessie_en_kwartaal(&staat, &headers, &v) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some((t, _)) = trend_van(&staat, kwartaal).await else {
        return mislukt(&s);
    };
    download(
        excel_csv(&dgr_reports::formaat::trend_tabellen(&t)),
        "text/csv; charset=utf-8",
        &format!("trend-{}.csv", t.kwartaal),
    )
}

/// The register's size and flows per quarter as CSV.
pub async fn omvang_csv(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<KwartaalVraag>,
) -> Response {
    let (s, kwartaal) = match sessie_en_kwartaal(&staat, &headers, &v) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some(o) = omvang_tot(&staat, kwartaal).await else {
        return mislukt(&s);
    };
    download(
        excel_csv(&dgr_reports::formaat::omvang_tabellen(&o)),
        "text/csv; charset=utf-8",
        &format!("omvang-tot-{kwartaal}.csv"),
    )
}
