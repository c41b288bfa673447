//! The counting engine shared by the reports: which days a person counts (registrations as
//! known at a moment, by grondslag) and the hours of every polis row inside a period.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use dgr_core::banen::uren_in_periode;
use dgr_core::gegevens::{PolisRij, Sector, Werkgever};
use dgr_core::{Breuk, Bsn, Loonheffingennummer, Periode, Referentie};
use dgr_store::Store;

use crate::RapportFout;

/// Which grondslagen count (R-06: `telt_banenafspraak` or `telt_quotum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Telwijze {
    /// The banenafspraak (R-20 … R-27).
    Banenafspraak,
    /// The quota.
    Quotum,
}

/// The counting registration periods per person, as known at a moment.
pub struct Registratiekaart {
    perioden: HashMap<Bsn, Vec<Periode>>,
}

impl Registratiekaart {
    /// Loads the registrations overlapping `[van, tot)` whose grondslag counts for `telwijze`.
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn laad(
        store: &dyn Store,
        referentie: &Referentie,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        telwijze: Telwijze,
    ) -> Result<Registratiekaart, RapportFout> {
        let telt: HashMap<String, bool> = referentie
            .grondslagen()
            .iter()
            .map(|g| {
                (
                    g.code.clone(),
                    if telwijze == Telwijze::Banenafspraak {
                        g.telt_banenafspraak
                    } else {
                        g.telt_quotum
                    },
                )
            })
            .collect();
        let mut perioden: HashMap<Bsn, Vec<Periode>> = HashMap::new();
        store.voor_elke_registratieperiode(van, tot, bekend_op, &mut |r| {
            if telt.get(r.grondslag).copied().unwrap_or(false) {
                perioden.entry(r.bsn).or_default().push(r.periode);
            }
        })?;
        Ok(Registratiekaart { perioden })
    }

    /// The counting periods of a person.
    pub fn van(&self, bsn: Bsn) -> &[Periode] {
        self.perioden.get(&bsn).map_or(&[], Vec::as_slice)
    }

    /// Whether the person is in the register (counting) on `datum`.
    pub fn ingeschreven_op(&self, bsn: Bsn, datum: NaiveDate) -> bool {
        self.van(bsn).iter().any(|p| p.bevat(datum))
    }

    /// Persons with at least one counting registration on `datum`.
    pub fn personen_op(&self, datum: NaiveDate) -> impl Iterator<Item = Bsn> + '_ {
        self.perioden
            .iter()
            .filter(move |(_, p)| p.iter().any(|x| x.bevat(datum)))
            .map(|(b, _)| *b)
    }
}

/// Streams every polis row overlapping `[van, tot)` as known at `bekend_op` and calls
/// `per_rij(rij, uren)` with its counted hours inside the period when they are > 0.
/// Returns the number of rows read.
///
/// # Errors
/// [`RapportFout`] on storage failure.
pub fn tel_uren(
    store: &dyn Store,
    kaart: &Registratiekaart,
    van: NaiveDate,
    tot: NaiveDate,
    bekend_op: DateTime<Utc>,
    per_rij: &mut dyn FnMut(&PolisRij, Breuk),
) -> Result<u64, RapportFout> {
    let mut gelezen = 0;
    store.voor_elke_polisrij(van, tot, bekend_op, &mut |rij| {
        gelezen += 1;
        let perioden = kaart.van(rij.bsn);
        if perioden.is_empty() {
            return;
        }
        let uren = uren_in_periode(rij, van, tot, perioden);
        if uren.is_positief() {
            per_rij(rij, uren);
        }
    })?;
    Ok(gelezen)
}

/// The sector of each employer on 1 January of a year.
pub struct Sectoren {
    per_lhn: HashMap<Loonheffingennummer, Vec<(Option<NaiveDate>, Sector)>>,
}

impl Sectoren {
    /// From the employer data as known at a moment.
    pub fn new(werkgevers: Vec<Werkgever>) -> Sectoren {
        let mut per_lhn: HashMap<Loonheffingennummer, Vec<(Option<NaiveDate>, Sector)>> =
            HashMap::new();
        for w in werkgevers {
            per_lhn
                .entry(w.loonheffingennummer)
                .or_default()
                .push((w.geldig_vanaf, w.sector));
        }
        for v in per_lhn.values_mut() {
            v.sort();
        }
        Sectoren { per_lhn }
    }

    /// the sector registered for `lhn` valid on 1 January of `jaar`, if known.
    pub fn op_1_januari(&self, lhn: Loonheffingennummer, jaar: i32) -> Option<Sector> {
        let peil = NaiveDate::from_ymd_opt(jaar, 1, 1)?;
        let versies = self.per_lhn.get(&lhn)?;
        versies
            .iter()
            .rev()
            .find(|(vanaf, _)| vanaf.is_none_or(|v| v <= peil))
            .or(versies.first())
            .map(|(_, s)| *s)
    }
}

/// The calendar month `[first day, first day of next month)` of a year and month.
pub fn maand(jaar: i32, maand: u32) -> Option<(NaiveDate, NaiveDate)> {
    let van = NaiveDate::from_ymd_opt(jaar, maand, 1)?;
    let tot = if maand == 12 {
        NaiveDate::from_ymd_opt(jaar + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(jaar, maand + 1, 1)?
    };
    Some((van, tot))
}

/// Number of days of `[van, tot)`.
pub fn dagen(van: NaiveDate, tot: NaiveDate) -> i64 {
    (tot - van).num_days()
}

/// The year of a date (for the sector rule).
pub fn jaar_van(d: NaiveDate) -> i32 {
    d.year()
}
