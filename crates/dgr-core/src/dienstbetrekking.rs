//! a grondslag that counts only while the person works in a dienstbetrekking (ground c as
//! revised by bill 36449, `WAJONG_DGAV`; column `alleen_in_dienstbetrekking` of
//! `grondslagen.csv`).
//!
//! Such a registration counts on a day only when a polis row of soort REGULIER of the person has a
//! tijdvak holding that day. For the hours of R-20 this never changes anything: the row whose hours
//! are counted is itself such a row, so every day of its tijdvak meets the condition (see
//! [`tests::r07_uren_van_een_vierwekelijkse_rij_veranderen_niet`]). It changes who is counted on a
//! peildatum (persons, the lookups' yes/no, an employee "in de doelgroep").

use chrono::NaiveDate;

use crate::datum::Periode;
use crate::gegevens::{PolisRij, PolisSoort};

/// The days on which a person works in a dienstbetrekking: the union of the tijdvakken of their
/// REGULIER polis rows, as sorted, disjoint half-open periods. Rows of soort WSW_BESCHUT
/// or BESCHUT_WERK are sheltered work, not a dienstbetrekking that counts, and add nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dienstbetrekking {
    perioden: Vec<Periode>,
}

impl Dienstbetrekking {
    /// From the polis rows of one person (as known at the moment the caller asks about).
    pub fn uit_polis<'a>(rijen: impl IntoIterator<Item = &'a PolisRij>) -> Dienstbetrekking {
        let mut stukken: Vec<(NaiveDate, NaiveDate)> = rijen
            .into_iter()
            .filter(|r| r.soort == PolisSoort::Regulier && r.tijdvak_begin <= r.tijdvak_einde)
            .map(|r| {
                let na = r.tijdvak_einde.succ_opt().unwrap_or(r.tijdvak_einde);
                (r.tijdvak_begin, na)
            })
            .collect();
        stukken.sort_unstable();
        let mut perioden: Vec<Periode> = Vec::with_capacity(stukken.len());
        for (begin, einde) in stukken {
            match perioden.last_mut() {
                // adjacent or overlapping tijdvakken make one stretch of work
                Some(Periode { einde: Some(e), .. }) if begin <= *e => *e = (*e).max(einde),
                _ => perioden.push(Periode {
                    begin,
                    einde: Some(einde),
                }),
            }
        }
        Dienstbetrekking { perioden }
    }

    /// Whether the person works in a dienstbetrekking on `datum`.
    pub fn op(&self, datum: NaiveDate) -> bool {
        // the periods are sorted and disjoint: the last one starting on or before `datum` decides
        let i = self.perioden.partition_point(|p| p.begin <= datum);
        i > 0 && self.perioden[i - 1].bevat(datum)
    }

    /// The parts of a registration period on which the person works in a dienstbetrekking: the
    /// days a registration of an `alleen_in_dienstbetrekking` grondslag counts.
    pub fn beperk(&self, registratie: Periode) -> Vec<Periode> {
        self.perioden
            .iter()
            .filter_map(|w| {
                let begin = w.begin.max(registratie.begin);
                let einde = match (w.einde, registratie.einde) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                Periode::new(begin, einde)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
