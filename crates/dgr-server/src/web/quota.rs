//! Every employer's quota of a year (R-30..R-34) for the roles the policy gives all quota
//! (belastingdienst, analist): a table searchable by fiscaal nummer or name, paged with plain
//! links, and the whole (searched) table as XLSX. Employers' figures, no personal data: like
//! the API's quota (API.md), nothing is written to the processing log.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use dgr_reports::quotum::{Quotumrapport, Quotumregel};
use minijinja::{Value, context};
use serde::Deserialize;

use super::bladeren::{Pagina, paginanummer, vraagtekst};
use super::catalogus;
use super::gemeen::{download, melding, pagina};
use super::opmaak::getal;
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// Rows per page.
const PER_PAGINA: usize = 25;

/// `?jaar=&zoek=&pagina=`.
#[derive(Debug, Deserialize, Default)]
pub struct QuotaVraag {
    #[serde(default)]
    jaar: Option<String>,
    #[serde(default)]
    zoek: String,
    #[serde(default)]
    pagina: Option<String>,
}

/// The year asked for: by default the last complete one; `None` when it is not a year from
/// 2015 (the quota's first) up to this year.
fn jaar_van(tekst: Option<&str>, huidig: i32) -> Option<i32> {
    match tekst.map(str::trim).filter(|t| !t.is_empty()) {
        None => Some(huidig - 1),
        Some(t) => t.parse().ok().filter(|j| (2015..=huidig).contains(j)),
    }
}

/// Whether an employer matches the search: its fiscaal nummer contains the digits typed
/// (spaces and dots ignored), or its name contains the text (case-insensitive).
fn past(w: &Quotumregel, zoek: &str) -> bool {
    let zoek = zoek.trim();
    if zoek.is_empty() {
        return true;
    }
    let cijfers: String = zoek.chars().filter(char::is_ascii_digit).collect();
    let alleen_cijfers = zoek
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '.');
    if alleen_cijfers {
        return w.fiscaal_nummer.contains(&cijfers);
    }
    w.naam
        .as_deref()
        .is_some_and(|n| n.to_lowercase().contains(&zoek.to_lowercase()))
}

/// The report of `jaar` (computed once and kept by the quota series).
async fn rapport(staat: &Staat, jaar: i32) -> Option<std::sync::Arc<Quotumrapport>> {
    let reeks = staat.quotumreeks.clone();
    blokkerend(staat, move |r| reeks.jaar(r, jaar)).await.ok()
}

/// A query string for a link of this page (the values escaped).
fn adres(jaar: i32, zoek: &str, pagina: usize) -> String {
    let jaar = jaar.to_string();
    format!(
        "/quotum?{}",
        vraagtekst(&[("jaar", &jaar), ("zoek", zoek)], pagina)
    )
}

/// What the page and the download share: the session, the year asked for and its report, or
/// the page to answer instead (login, 403, a wrong year, a failed computation).
async fn gevraagd(
    staat: &Staat,
    headers: &HeaderMap,
    v: &QuotaVraag,
) -> Result<(Sessie, i32, std::sync::Arc<Quotumrapport>), Response> {
    let s =
        super::toegang::sessie_voor_pagina(staat, headers, &catalogus::QUOTA).map_err(|r| *r)?;
    let huidig = staat.klok().vandaag().year();
    let Some(jaar) = jaar_van(v.jaar.as_deref(), huidig) else {
        return Err(melding(
            StatusCode::BAD_REQUEST,
            "Ongeldig jaar",
            &format!("Kies een jaar van 2015 tot en met {huidig}."),
            Some(&s),
        ));
    };
    match rapport(staat, jaar).await {
        Some(q) => Ok((s, jaar, q)),
        None => Err(melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Het quotum kon niet worden berekend; de fout is vastgelegd.",
            Some(&s),
        )),
    }
}

/// The page.
pub async fn pagina_quota(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<QuotaVraag>,
) -> Response {
    let (s, jaar, q) = match gevraagd(&staat, &headers, &v).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let huidig = staat.klok().vandaag().year();
    let gevonden: Vec<&Quotumregel> = q.werkgevers.iter().filter(|w| past(w, &v.zoek)).collect();
    let blad = Pagina::van(
        gevonden.len(),
        paginanummer(v.pagina.as_deref().unwrap_or_default()),
        PER_PAGINA,
    );
    let rijen: Vec<Value> = blad
        .rijen(&gevonden)
        .iter()
        .map(|w| {
            context! {
                fiscaal_nummer => w.fiscaal_nummer.clone(),
                naam => w.naam.clone(),
                quotumplichtig => w.quotumplichtig,
                vereist => w.vereiste_uren.map_or(super::opmaak::ONTBREEKT.into(), |x| getal(x, 2)),
                geteld => getal(w.getelde_uren, 2),
                ontbrekend => w.ontbrekende_banen.map_or(super::opmaak::ONTBREEKT.into(), |x| getal(x, 2)),
                heffing => w.heffing_eurocent.map_or(super::opmaak::ONTBREEKT.into(), super::opmaak::geld),
                opgelegd => w.heffing_opgelegd,
            }
        })
        .collect();
    let vorige = (blad.nummer > 1).then(|| adres(jaar, &v.zoek, blad.nummer - 1));
    let volgende = (blad.nummer < blad.aantal).then(|| adres(jaar, &v.zoek, blad.nummer + 1));
    let excel = adres(jaar, &v.zoek, 1).replacen("/quotum?", "/quotum.xlsx?", 1);
    pagina(
        "quota.html",
        "Quotum van werkgevers",
        Some(&s),
        catalogus::QUOTA.href,
        context! {
            jaar => jaar, zoek => v.zoek.trim(), rijen => rijen, totaal => gevonden.len(),
            alle => q.werkgevers.len(), pagina => blad.nummer, paginas => blad.aantal,
            vorige => vorige, volgende => volgende, excel => excel, max_jaar => huidig,
        },
    )
}

/// The (searched) table as XLSX, every row.
pub async fn quota_xlsx(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(v): Query<QuotaVraag>,
) -> Response {
    let (s, jaar, q) = match gevraagd(&staat, &headers, &v).await {
        Ok(g) => g,
        Err(r) => return r,
    };
    let gezocht = Quotumrapport {
        werkgevers: q
            .werkgevers
            .iter()
            .filter(|w| past(w, &v.zoek))
            .cloned()
            .collect(),
        ..(*q).clone()
    };
    match super::opmaak::excel_xlsx(dgr_reports::formaat::quotum_tabellen(&gezocht)) {
        Ok(bytes) => download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("quotum-{jaar}.xlsx"),
        ),
        Err(e) => {
            tracing::error!(fout = %e, "quotum-xlsx mislukt");
            melding(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Fout",
                "Het bestand kon niet worden gemaakt.",
                Some(&s),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regel(fiscaal: &str, naam: Option<&str>) -> Quotumregel {
        Quotumregel {
            fiscaal_nummer: fiscaal.into(),
            naam: naam.map(str::to_string),
            sector: None,
            totale_uren: 0.0,
            quotumplichtig: false,
            quotumpercentage: None,
            percentage_bron: None,
            vereiste_uren: None,
            getelde_uren: 0.0,
            beschut_uren: 0.0,
            ontbrekende_banen: None,
            heffing_eurocent: None,
            geactiveerd: false,
            heffing_opgelegd: false,
        }
    }

    #[test]
    fn zoeken_op_fiscaal_nummer_of_naam() {
        let w = regel("999990019", Some("Bakkerij De Korf"));
        assert!(past(&w, ""));
        assert!(past(&w, "999990019"));
        assert!(
            past(&w, "9999 900"),
            "digits with spaces, as people type them"
        );
        assert!(!past(&w, "123"));
        assert!(past(&w, "korf"));
        assert!(!past(&regel("999990019", None), "korf"));
    }

    #[test]
    fn jaar_vanaf_2015_tot_nu() {
        assert_eq!(jaar_van(None, 2026), Some(2025));
        assert_eq!(jaar_van(Some("2015"), 2026), Some(2015));
        assert_eq!(jaar_van(Some("2014"), 2026), None);
        assert_eq!(jaar_van(Some("2027"), 2026), None);
        assert_eq!(jaar_van(Some("abc"), 2026), None);
    }

    #[test]
    fn adressen_van_de_bladzijden() {
        assert_eq!(adres(2025, "", 1), "/quotum?jaar=2025");
        assert_eq!(
            adres(2025, " De Korf ", 2),
            "/quotum?jaar=2025&zoek=De+Korf&pagina=2"
        );
    }
}
