//! The quota report (R-30 … R-34): per fiscaal nummer the year's total hours, whether it is
//! quotumplichtig, the percentage (table or the R-31 formula, labelled), required and counted
//! hours, missing jobs, levy, and the activation status of the year.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::banen::{toegerekend_aan, uren_in_periode};
use dgr_core::gegevens::{PolisSoort, Sector};
use dgr_core::lhn::FiscaalNummer;
use dgr_core::quotum::{Activering, QuotumConstanten, activering, bereken, percentage_formule};
use dgr_core::{Breuk, Breuksom, LeveringSoort, Referentie};
use dgr_store::Store;
use serde::Serialize;

use crate::banenmonitor::{MARKT, OVERHEID};
use crate::telling::{Kaartvraag, Registratiekaart, Sectoren, Snel, Telwijze};
use crate::{Herkomst, RapportFout, constante, herkomst};

/// One employer (fiscaal nummer) in the quota report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quotumregel {
    /// The 9 digits.
    pub fiscaal_nummer: String,
    /// Name (of the first lhn with employer data).
    pub naam: Option<String>,
    /// Sector on 1 January.
    pub sector: Option<String>,
    /// Hours of all employees (werkgeversuren), full precision.
    pub totale_uren: f64,
    ///
    pub quotumplichtig: bool,
    /// Percentage (2.76 = 2.76%), if known for the sector and year.
    pub quotumpercentage: Option<f64>,
    /// `tabel` or `formule R-31`.
    pub percentage_bron: Option<String>,
    ///
    pub vereiste_uren: Option<f64>,
    /// hours of target-group workers attributed to this employer.
    pub getelde_uren: f64,
    /// Hours of target-group workers attributed to this employer in sheltered work (polis soort
    /// WSW_BESCHUT or BESCHUT_WERK), which R-20 never counts: they explain counted hours lower
    /// than the employer expects (issue #12).
    pub beschut_uren: f64,
    /// R-33, two decimals.
    pub ontbrekende_banen: Option<f64>,
    /// R-33, integer cents.
    pub heffing_eurocent: Option<i64>,
    /// R-34 for the sector and year.
    pub geactiveerd: bool,
    /// a levy was actually imposed.
    pub heffing_opgelegd: bool,
}

/// The percentage of a sector for the year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sectorpercentage {
    /// Percentage (2.76 = 2.76%).
    pub percentage: Option<f64>,
    /// `tabel (status)` or `formule R-31`, or why unknown.
    pub bron: String,
    ///
    pub activering: String,
}

/// The quota report of a year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quotumrapport {
    /// Year.
    pub jaar: i32,
    /// As known at.
    pub bekend_op: String,
    /// Per sector.
    pub sectoren: BTreeMap<String, Sectorpercentage>,
    /// Per fiscaal nummer.
    pub werkgevers: Vec<Quotumregel>,
    /// Provenance.
    pub herkomst: Herkomst,
}

fn constanten(referentie: &Referentie) -> Result<QuotumConstanten, RapportFout> {
    Ok(QuotumConstanten {
        drempel_uren: constante(referentie, "quotum_drempel_uren_per_jaar")?,
        uren_per_baan_per_jaar: constante(referentie, "uren_per_baan_per_jaar")?,
        uren_per_werknemer_per_jaar: constante(
            referentie,
            "gemiddelde_uren_per_werknemer_per_jaar",
        )?,
        heffing_per_baan_cent: constante(referentie, "quotumheffing_per_ontbrekende_baan")?
            .maal(Breuk::geheel(100))
            .afgerond(0),
    })
}

/// Makes the quota report for `jaar`, optionally for one fiscaal nummer.
///
/// # Errors
/// [`RapportFout`] on storage failure or missing constants.
pub fn maak(
    store: &dyn Store,
    referentie: &Referentie,
    jaar: i32,
    alleen: Option<FiscaalNummer>,
    bekend_op: DateTime<Utc>,
) -> Result<Quotumrapport, RapportFout> {
    let c = constanten(referentie)?;
    let werkgevers = store.werkgevers_op(bekend_op)?;
    let namen: HashMap<FiscaalNummer, String> = werkgevers
        .iter()
        .rev()
        .map(|w| (w.loonheffingennummer.fiscaal_nummer(), w.naam.clone()))
        .collect();
    let sectoren = Sectoren::new(werkgevers);
    // total hours and employees per fiscaal nummer; its sector from its lhns
    let mut totaal: BTreeMap<FiscaalNummer, (Breuk, Option<Sector>)> = BTreeMap::new();
    let mut werknemers_per_sector: HashMap<Sector, i128> = HashMap::new();
    for u in store.werkgeversuren_op(jaar, bekend_op)? {
        let f = u.loonheffingennummer.fiscaal_nummer();
        let sector = sectoren.op_1_januari(u.loonheffingennummer, jaar);
        let e = totaal.entry(f).or_insert((Breuk::NUL, sector));
        e.0 += Breuk::honderdsten(u.verloonde_uren_totaal.0);
        e.1 = e.1.or(sector);
        if let Some(s) = sector {
            *werknemers_per_sector.entry(s).or_default() +=
                i128::from(u.aantal_werknemers.unwrap_or(0));
        }
    }
    // counted hours of the year per fiscaal nummer (attributed, telt_quotum)
    let (van, tot) = (
        NaiveDate::from_ymd_opt(jaar, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(jaar + 1, 1, 1).unwrap_or_default(),
    );
    let [kaart, nul_kaart] = kaarten(store, referentie, (van, tot), bekend_op)?;
    // foldhash's hasher: a lookup per polis row of the year
    let mut geteld: Snel<FiscaalNummer, Breuksom> = Snel::default();
    // sheltered work of the same persons, as if it counted: what R-20 leaves out
    let mut beschut: Snel<FiscaalNummer, Breuksom> = Snel::default();
    let mut lezer = kaart.lezer();
    store.voor_elke_polisrij(van, tot, bekend_op, &mut |rij| {
        let perioden = lezer.van(rij.bsn);
        if perioden.is_empty() {
            return;
        }
        let (doel, rij) = if rij.soort == PolisSoort::Regulier {
            (&mut geteld, std::borrow::Cow::Borrowed(rij))
        } else {
            let mut als_regulier = rij.clone();
            als_regulier.soort = PolisSoort::Regulier;
            (&mut beschut, std::borrow::Cow::Owned(als_regulier))
        };
        let uren = uren_in_periode(&rij, van, tot, perioden);
        if uren.is_positief() {
            *doel
                .entry(toegerekend_aan(&rij).fiscaal_nummer())
                .or_default() += uren;
        }
    })?;
    let nulmeting = crate::banenmonitor::nulmeting_per_sector(
        store, referentie, &nul_kaart, &sectoren, bekend_op,
    )?;
    let mut per_sector = BTreeMap::new();
    let mut percentage: HashMap<Sector, (Breuk, String)> = HashMap::new();
    for (sector, sleutel) in [(Sector::Markt, MARKT), (Sector::Overheid, OVERHEID)] {
        let uitkomst = sector_percentage(
            referentie,
            jaar,
            sector,
            &nulmeting,
            werknemers_per_sector.get(&sector).copied(),
            &c,
        );
        let a: Activering = activering(jaar, sector);
        per_sector.insert(
            sleutel.to_string(),
            Sectorpercentage {
                percentage: uitkomst
                    .as_ref()
                    .ok()
                    .map(|(q, _)| q.maal(Breuk::geheel(100)).als_f64()),
                bron: match &uitkomst {
                    Ok((_, b)) => b.clone(),
                    Err(reden) => reden.clone(),
                },
                activering: a.toelichting.to_string(),
            },
        );
        if let Ok(p) = uitkomst {
            percentage.insert(sector, p);
        }
    }
    let werkgevers = totaal
        .into_iter()
        .filter(|(f, _)| alleen.is_none_or(|a| a == *f))
        .map(|(f, (uren, sector))| {
            let getelde = geteld.get(&f).map_or(Breuk::NUL, |u| u.waarde());
            let q = sector.and_then(|s| percentage.get(&s));
            let uitkomst = q.map(|(p, _)| bereken(uren, *p, getelde, &c));
            let a = sector.map(|s| activering(jaar, s));
            Quotumregel {
                fiscaal_nummer: f.to_string(),
                naam: namen.get(&f).cloned(),
                sector: sector.map(|s| s.code().to_string()),
                totale_uren: uren.als_f64(),
                quotumplichtig: uren >= c.drempel_uren,
                quotumpercentage: q.map(|(p, _)| p.maal(Breuk::geheel(100)).als_f64()),
                percentage_bron: q.map(|(_, b)| b.clone()),
                vereiste_uren: uitkomst.map(|u| u.vereiste_uren.als_f64()),
                getelde_uren: getelde.als_f64(),
                beschut_uren: beschut.get(&f).map_or(0.0, |u| u.waarde().als_f64()),
                ontbrekende_banen: uitkomst.map(|u| u.ontbrekende_banen_honderdsten as f64 / 100.0),
                heffing_eurocent: uitkomst
                    .map(|u| i64::try_from(u.heffing_eurocent).unwrap_or(i64::MAX)),
                geactiveerd: a.is_some_and(|x| x.geactiveerd),
                heffing_opgelegd: a.is_some_and(|x| x.heffing_opgelegd),
            }
        })
        .collect();
    let herkomst = herkomst(
        store,
        referentie,
        "quotum",
        vec![
            ("jaar".into(), jaar.to_string()),
            (
                "fiscaal_nummer".into(),
                alleen.map(|f| f.to_string()).unwrap_or_default(),
            ),
        ],
        bekend_op,
        &[
            LeveringSoort::Registraties,
            LeveringSoort::Polis,
            LeveringSoort::Werkgevers,
            LeveringSoort::Werkgeversuren,
        ],
    )?;
    Ok(Quotumrapport {
        jaar,
        bekend_op: herkomst.bekend_op.clone(),
        sectoren: per_sector,
        werkgevers,
        herkomst,
    })
}

/// The registrations of the year `[van, tot)` that count for the quota, and those of
/// December 2012 that count for the banenafspraak (the nulmeting of R-31's formula), read in one
/// pass.
fn kaarten(
    store: &dyn Store,
    referentie: &Referentie,
    (van, tot): (NaiveDate, NaiveDate),
    bekend_op: DateTime<Utc>,
) -> Result<[Registratiekaart; 2], RapportFout> {
    let jaar_venster = [(van, tot)];
    let nul_venster = [crate::banenmonitor::nulmeting_maand()];
    Registratiekaart::laad_elk(
        store,
        referentie,
        [
            Kaartvraag {
                vensters: &jaar_venster,
                telwijze: Telwijze::Quotum,
            },
            Kaartvraag {
                vensters: &nul_venster,
                telwijze: Telwijze::Banenafspraak,
            },
        ],
        bekend_op,
    )
}

/// the table's percentage, or the formula with the sector's nulmeting, targets and
/// employees. `Err` says why it is unknown.
fn sector_percentage(
    referentie: &Referentie,
    jaar: i32,
    sector: Sector,
    nulmeting: &BTreeMap<String, Breuk>,
    werknemers: Option<i128>,
    c: &QuotumConstanten,
) -> Result<(Breuk, String), String> {
    if let Some(q) = referentie.quotumpercentage(jaar, sector.code()) {
        return Ok((
            Breuk::new(i128::from(q.honderdsten), 10_000),
            format!("tabel ({})", q.status),
        ));
    }
    let nul = nulmeting.get(sector.code()).copied();
    let eerste_doeljaar = referentie.doelen().first().map_or(jaar, |d| d.jaar);
    let vorig = if jaar - 1 < eerste_doeljaar {
        Some((Breuk::NUL, false))
    } else {
        doel(referentie, jaar - 1, sector)
    };
    match (
        nul,
        vorig,
        doel(referentie, jaar, sector),
        werknemers.filter(|w| *w > 0),
    ) {
        (Some(n), Some((v, iv)), Some((d, id)), Some(w)) => {
            let bron = if iv || id {
                "formule R-31 (doel geïnterpoleerd)"
            } else {
                "formule R-31"
            };
            Ok((
                percentage_formule(n, v, d, Breuk::geheel(w), c),
                bron.into(),
            ))
        }
        _ => {
            Err("onbekend: geen tabelwaarde en onvoldoende gegevens voor de formule (R-31)".into())
        }
    }
}

/// The cumulative target of a sector for a year (`banenafspraak_doelen.csv`); a year without a
/// target between two years with one is interpolated linearly (**project decision**: the table
/// lacks 2024), flagged `true`.
fn doel(referentie: &Referentie, jaar: i32, sector: Sector) -> Option<(Breuk, bool)> {
    let waarde = |j: i32| {
        referentie
            .doel(j)
            .and_then(|d| {
                if sector == Sector::Markt {
                    d.markt
                } else {
                    d.overheid
                }
            })
            .map(|x| Breuk::geheel(i128::from(x)))
    };
    if let Some(w) = waarde(jaar) {
        return Some((w, false));
    }
    let bekend: Vec<(i32, Breuk)> = referentie
        .doelen()
        .iter()
        .filter_map(|d| waarde(d.jaar).map(|w| (d.jaar, w)))
        .collect();
    let voor = bekend
        .iter()
        .filter(|(j, _)| *j < jaar)
        .max_by_key(|(j, _)| *j)?;
    let na = bekend
        .iter()
        .filter(|(j, _)| *j > jaar)
        .min_by_key(|(j, _)| *j)?;
    let f = Breuk::new(i128::from(jaar - voor.0), i128::from(na.0 - voor.0));
    Some((voor.1 + f.maal(na.1 - voor.1), true))
}
