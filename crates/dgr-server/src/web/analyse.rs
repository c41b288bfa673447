//! The analyst's dashboard: the banenmonitor series against the targets, as a chart, a table
//! and a CSV download (aggregates only).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use dgr_register::tijd::{nu, vandaag};
use dgr_reports::banenmonitor::{self, TOTAAL};
use minijinja::{Value, context};
use serde::Deserialize;

use super::grafiek::{Reeks, lijnen};
use super::paginas::{melding, pagina, sessie_voor};
use super::werkgever::download;
use crate::api::blokkerend;
use crate::beleid::Rol;
use crate::staat::Staat;

/// `?jaar=`.
#[derive(Debug, Deserialize)]
pub struct JaarVraag {
    jaar: Option<i32>,
}

async fn monitor(staat: &Staat, jaar: i32) -> Option<banenmonitor::Banenmonitor> {
    blokkerend(staat, move |r| {
        Ok(banenmonitor::maak(
            r.store(),
            r.referentie(),
            jaar,
            nu(),
            true,
        )?)
    })
    .await
    .ok()
}

/// The banenmonitor dashboard.
pub async fn dashboard(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<JaarVraag>,
) -> Response {
    let s = match sessie_voor(&staat, &headers, &[Rol::Analist, Rol::Uwv]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let jaar = v.jaar.unwrap_or(vandaag().year() - 1).clamp(2013, 2100);
    let Some(b) = monitor(&staat, jaar).await else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
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
                    extra => c.extra_banen.map(|e| format!("{e:.1}")),
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
        context! { jaar => jaar, nulmeting => format!("{:.1}", b.nulmeting.banen), bekend_op => b.bekend_op.clone(), grafiek => grafiek, rijen => rijen },
    )
}

/// The dashboard's figures as CSV.
pub async fn dashboard_csv(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<JaarVraag>,
) -> Response {
    let s = match sessie_voor(&staat, &headers, &[Rol::Analist, Rol::Uwv]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let jaar = v.jaar.unwrap_or(vandaag().year() - 1).clamp(2013, 2100);
    let Some(b) = monitor(&staat, jaar).await else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    download(
        dgr_reports::formaat::csv(&dgr_reports::formaat::banenmonitor_tabellen(&b)),
        "text/csv; charset=utf-8",
        &format!("banenmonitor-{jaar}.csv"),
    )
}
