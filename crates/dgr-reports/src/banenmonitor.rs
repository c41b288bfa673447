//! R-23 landelijke banenmonitor: jobs, working persons and extra jobs per sector in December of a
//! year, against the nulmeting (December 2012 on the loaded data, or the national constant) and
//! the year's target; with the series of every year available and its provenance.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::banen::{banen, toegerekend_aan};
use dgr_core::gegevens::Sector;
use dgr_core::{Breuk, Breuksom, LeveringSoort, Referentie};
use dgr_store::Store;
use serde::Serialize;

use crate::telling::{Registratiekaart, Sectoren, Telwijze, dagen, maand, tel_uren_per_plek};
use crate::{Herkomst, RapportFout, constante, herkomst};

/// The first year of the series: the nulmeting is December 2012.
pub const NULMETING_JAAR: i32 = 2012;
/// Sector keys of the report (JSON contract).
pub const MARKT: &str = "MARKT";
/// See [`MARKT`].
pub const OVERHEID: &str = "OVERHEID";
/// See [`MARKT`].
pub const TOTAAL: &str = "TOTAAL";
/// Jobs of employers without employer data (counted in the total only).
pub const ONBEKEND: &str = "ONBEKEND";

/// The figures of one sector.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sectorcijfers {
    /// Jobs in December, full precision.
    pub banen: f64,
    /// Jobs rounded to one decimal, half away from zero (for display).
    pub banen_afgerond: String,
    /// Persons with counted hours > 0.
    pub werkende_personen: u64,
    /// Jobs minus the nulmeting of the sector, when that is known.
    pub extra_banen: Option<f64>,
    /// The cumulative target of extra jobs for the year (`banenafspraak_doelen.csv`).
    pub doel: Option<i64>,
    /// `extra_banen − doel`.
    pub verschil_met_doel: Option<f64>,
    /// The published result (extra jobs) for this year, for comparison.
    pub gepubliceerd: Option<i64>,
}

/// The nulmeting used.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Nulmeting {
    /// Jobs at the end of 2012 (total).
    pub banen: f64,
    /// Where it comes from.
    pub bron: String,
    /// Per sector, when computed from the data.
    pub sectoren: BTreeMap<String, f64>,
}

/// One year of the series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Jaarcijfers {
    /// Year.
    pub jaar: i32,
    /// Figures per sector (MARKT, OVERHEID, TOTAAL).
    pub sectoren: BTreeMap<String, Sectorcijfers>,
}

/// The landelijke banenmonitor of one year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Banenmonitor {
    /// Year measured (P = December).
    pub jaar: i32,
    /// As known at (RFC 3339).
    pub bekend_op: String,
    /// The nulmeting.
    pub nulmeting: Nulmeting,
    /// Figures per sector for `jaar`.
    pub sectoren: BTreeMap<String, Sectorcijfers>,
    /// Every year from 2012 to `jaar` with December polis data.
    pub reeks: Vec<Jaarcijfers>,
    /// Provenance.
    pub herkomst: Herkomst,
}

/// Hours and working persons per sector in one December.
struct December {
    uren: BTreeMap<&'static str, Breuk>,
    /// Working persons per key (each person once per key).
    werkend: BTreeMap<&'static str, u64>,
    rijen: u64,
}

/// The keys of a December's figures, in the order of [`sector_plek`].
const SLEUTELS: [&str; 4] = [MARKT, OVERHEID, ONBEKEND, TOTAAL];
const TOTAAL_PLEK: usize = 3;

/// The place of an employer's sector in [`SLEUTELS`] (no sector known: ONBEKEND).
fn sector_plek(s: Option<Sector>) -> usize {
    match s {
        Some(Sector::Markt) => 0,
        Some(Sector::Overheid) => 1,
        None => 2,
    }
}

fn tel_december(
    store: &dyn Store,
    kaart: &Registratiekaart,
    sectoren: &Sectoren,
    jaar: i32,
    bekend_op: DateTime<Utc>,
) -> Result<December, RapportFout> {
    let (van, tot) =
        maand(jaar, 12).ok_or_else(|| RapportFout::Parameter(format!("ongeldig jaar {jaar}")))?;
    let mut d = December {
        uren: BTreeMap::new(),
        werkend: BTreeMap::new(),
        rijen: 0,
    };
    // per sector of SLEUTELS (a place per key rather than a map lookup per polis row)
    let mut uren: [Breuksom; 4] = Default::default();
    let mut werkend = [0u64; 4];
    // per person of the map (its place in it), the keys it was counted as working under, one
    // bit per key: a set of BSNs per key cost a hash lookup per row into sets of hundreds of
    // thousands of persons, 16% of the banenmonitor on a register three times the national size
    let mut geteld: Vec<u8> = vec![0; kaart.bsns().len()];
    let mut gezien = [false; 4];
    let sector_van = sectoren.op_1_januari_alle(jaar);
    d.rijen = tel_uren_per_plek(
        store,
        kaart,
        van,
        tot,
        bekend_op,
        &mut |persoon, rij, rij_uren| {
            let plek = sector_plek(sector_van.get(&toegerekend_aan(rij)).copied());
            for i in [plek, TOTAAL_PLEK] {
                uren[i] += rij_uren;
                let sleutel = 1u8 << i;
                if geteld[persoon] & sleutel == 0 {
                    geteld[persoon] |= sleutel;
                    werkend[i] += 1;
                }
                gezien[i] = true;
            }
        },
    )?;
    for (i, (som, personen)) in uren.into_iter().zip(werkend).enumerate() {
        if gezien[i] {
            d.uren.insert(SLEUTELS[i], som.waarde());
            d.werkend.insert(SLEUTELS[i], personen);
        }
    }
    Ok(d)
}

/// December 2012, the month of the nulmeting, as a half-open window `[van, tot)`.
pub fn nulmeting_maand() -> (NaiveDate, NaiveDate) {
    maand(NULMETING_JAAR, 12).unwrap_or_default()
}

/// The nulmeting per sector computed from the December 2012 polis (empty when there is none),
/// with `kaart` the registrations of [`nulmeting_maand`] that count for the banenafspraak
/// ([`Telwijze::Banenafspraak`]) and `sectoren` the employers, both as known at `bekend_op`.
///
/// # Errors
/// [`RapportFout`] on storage failure.
pub(crate) fn nulmeting_per_sector(
    store: &dyn Store,
    referentie: &Referentie,
    kaart: &Registratiekaart,
    sectoren: &Sectoren,
    bekend_op: DateTime<Utc>,
) -> Result<BTreeMap<String, Breuk>, RapportFout> {
    let per_week = constante(referentie, "uren_per_baan_per_week")?;
    let (van, tot) = nulmeting_maand();
    let nul = tel_december(store, kaart, sectoren, NULMETING_JAAR, bekend_op)?;
    if nul.rijen == 0 {
        return Ok(BTreeMap::new());
    }
    Ok([MARKT, OVERHEID, TOTAAL]
        .into_iter()
        .map(|s| {
            (
                s.to_string(),
                banen(
                    nul.uren.get(s).copied().unwrap_or_default(),
                    dagen(van, tot),
                    per_week,
                ),
            )
        })
        .collect())
}

/// Makes the banenmonitor for `jaar` as known at `bekend_op`; with `reeks` also
/// every earlier year with December polis data (otherwise the series holds the nulmeting and
/// `jaar` only).
///
/// # Errors
/// [`RapportFout`] on storage failure, a missing constant or a year before 2013.
pub fn maak(
    store: &dyn Store,
    referentie: &Referentie,
    jaar: i32,
    bekend_op: DateTime<Utc>,
    reeks: bool,
) -> Result<Banenmonitor, RapportFout> {
    if !(NULMETING_JAAR + 1..=2100).contains(&jaar) {
        return Err(RapportFout::Parameter(format!(
            "jaar {jaar}: kies een jaar na {NULMETING_JAAR}"
        )));
    }
    let per_week = constante(referentie, "uren_per_baan_per_week")?;
    let nulmeting_constante = constante(referentie, "nulmeting_banen_landelijk")?;
    // the registrations of every December counted, read in one pass: the series needs December
    // 2012 up to December of `jaar`, the year alone its December and the nulmeting's
    let nul_maand = nulmeting_maand();
    let jaar_maand = maand(jaar, 12).unwrap_or_default();
    let vensters = if reeks {
        vec![(nul_maand.0, jaar_maand.1)]
    } else {
        vec![nul_maand, jaar_maand]
    };
    let kaart = Registratiekaart::laad_vensters(
        store,
        referentie,
        &vensters,
        bekend_op,
        Telwijze::Banenafspraak,
    )?;
    let sectoren = Sectoren::new(store.werkgevers_op(bekend_op)?);
    let dec_dagen = 31;
    let als_banen = |uren: Breuk| banen(uren, dec_dagen, per_week);

    let nul = tel_december(store, &kaart, &sectoren, NULMETING_JAAR, bekend_op)?;
    let nulmeting = if nul.rijen > 0 {
        Nulmeting {
            banen: nul
                .uren
                .get(TOTAAL)
                .copied()
                .map(als_banen)
                .unwrap_or_default()
                .als_f64(),
            bron: format!(
                "berekend uit de polis van december {NULMETING_JAAR} ({} rijen)",
                nul.rijen
            ),
            sectoren: [MARKT, OVERHEID, TOTAAL]
                .into_iter()
                .map(|s| {
                    (
                        s.to_string(),
                        nul.uren
                            .get(s)
                            .copied()
                            .map(&als_banen)
                            .unwrap_or_default()
                            .als_f64(),
                    )
                })
                .collect(),
        }
    } else {
        Nulmeting {
            banen: nulmeting_constante.als_f64(),
            bron: "constante nulmeting_banen_landelijk (geen polis van 2012 geladen)".into(),
            sectoren: BTreeMap::new(),
        }
    };
    let nul_per_sector: HashMap<&str, Breuk> = if nul.rijen > 0 {
        // a sector without jobs in December 2012 has a nulmeting of 0, not an unknown one
        [MARKT, OVERHEID, TOTAAL]
            .into_iter()
            .map(|s| {
                (
                    s,
                    nul.uren.get(s).copied().map(als_banen).unwrap_or_default(),
                )
            })
            .collect()
    } else {
        HashMap::from([(TOTAAL, nulmeting_constante)])
    };

    let mut jaren = Vec::new();
    for y in (NULMETING_JAAR..=jaar)
        .filter(|y| *y == NULMETING_JAAR || *y == jaar || (reeks && *y > 2014))
    {
        let dec = if y == NULMETING_JAAR {
            None
        } else {
            Some(tel_december(store, &kaart, &sectoren, y, bekend_op)?)
        };
        let dec = dec.as_ref().unwrap_or(&nul);
        if dec.rijen == 0 {
            continue;
        }
        let cijfers = sectorcijfers(referentie, y, dec, &nul_per_sector, als_banen);
        jaren.push(Jaarcijfers {
            jaar: y,
            sectoren: cijfers,
        });
    }
    let sectoren_jaar = jaren
        .iter()
        .find(|r| r.jaar == jaar)
        .map(|r| r.sectoren.clone())
        .unwrap_or_default();
    let herkomst = herkomst(
        store,
        referentie,
        "banenmonitor",
        vec![
            ("jaar".into(), jaar.to_string()),
            ("reeks".into(), reeks.to_string()),
        ],
        bekend_op,
        &[
            LeveringSoort::Registraties,
            LeveringSoort::Personen,
            LeveringSoort::Polis,
            LeveringSoort::Werkgevers,
        ],
    )?;
    Ok(Banenmonitor {
        jaar,
        bekend_op: herkomst.bekend_op.clone(),
        nulmeting,
        sectoren: sectoren_jaar,
        reeks: jaren,
        herkomst,
    })
}

fn sectorcijfers(
    referentie: &Referentie,
    jaar: i32,
    dec: &December,
    nulmeting: &HashMap<&str, Breuk>,
    als_banen: impl Fn(Breuk) -> Breuk,
) -> BTreeMap<String, Sectorcijfers> {
    let doel = referentie.doel(jaar);
    let resultaat = referentie.resultaat(jaar);
    let mut uit = BTreeMap::new();
    for s in [MARKT, OVERHEID, ONBEKEND, TOTAAL] {
        if s == ONBEKEND && !dec.uren.contains_key(ONBEKEND) {
            continue;
        }
        let b = dec.uren.get(s).copied().map(&als_banen).unwrap_or_default();
        let extra = nulmeting.get(s).map(|n| b - *n);
        let doel_s = doel.and_then(|d| match s {
            MARKT => d.markt,
            OVERHEID => d.overheid,
            TOTAAL => d.totaal,
            _ => None,
        });
        let gepubliceerd = resultaat.and_then(|r| match s {
            MARKT => r.markt,
            OVERHEID => r.overheid,
            TOTAAL => r.totaal,
            _ => None,
        });
        uit.insert(
            s.to_string(),
            Sectorcijfers {
                banen: b.als_f64(),
                banen_afgerond: een_decimaal(b),
                werkende_personen: dec.werkend.get(s).copied().unwrap_or(0),
                extra_banen: extra.map(Breuk::als_f64),
                doel: doel_s,
                verschil_met_doel: extra
                    .zip(doel_s)
                    .map(|(e, d)| (e - Breuk::geheel(i128::from(d))).als_f64()),
                gepubliceerd,
            },
        );
    }
    uit
}

/// A number rounded once to one decimal, half away from zero, as text.
pub fn een_decimaal(b: Breuk) -> String {
    let x = b.afgerond(1);
    let teken = if x < 0 { "-" } else { "" };
    format!("{teken}{}.{}", x.abs() / 10, x.abs() % 10)
}
