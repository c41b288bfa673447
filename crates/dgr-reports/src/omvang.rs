//! The register's size and flows over time: per quarter the persons in the register on the
//! peildatum (the quarter's last day, R-27) and how many entered and left during the quarter.
//!
//! A person's registrations (all grondslagen that count for the banenafspraak, R-06) are merged into spells of uninterrupted
//! registration; a spell starting in the quarter is one *instroom*, a spell whose last day falls
//! in the quarter one *uitstroom*. So `personen(Q) = personen(Q−1) + instroom(Q) − uitstroom(Q)`
//! holds exactly. Counts below the disclosure threshold are withheld; a withheld count
//! also withholds the identity above, which would otherwise give it away.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::{Bsn, Periode, Referentie};
use dgr_store::Store;
use serde::Serialize;

use crate::trend::Kwartaal;
use crate::{RapportFout, constante};

/// One quarter's figures; `None` is withheld under R-40.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kwartaalomvang {
    /// `JJJJ-Kn`.
    pub kwartaal: String,
    /// Persons in the register on the quarter's last day.
    pub personen: Option<u64>,
    /// Spells of registration that started in the quarter.
    pub instroom: Option<u64>,
    /// Spells of registration whose last day fell in the quarter.
    pub uitstroom: Option<u64>,
}

/// Merges a person's periods into maximal spells: overlapping or touching periods (one ends on
/// the day the next begins) form one spell.
pub fn aaneengesloten(mut periodes: Vec<Periode>) -> Vec<Periode> {
    periodes.sort_by_key(|p| p.begin);
    let mut uit: Vec<Periode> = Vec::new();
    for p in periodes {
        match uit.last_mut() {
            Some(l) if l.einde.is_none_or(|e| p.begin <= e) => {
                l.einde = match (l.einde, p.einde) {
                    (None, _) | (_, None) => None,
                    (Some(a), Some(b)) => Some(a.max(b)),
                };
            }
            _ => uit.push(p),
        }
    }
    uit
}

/// The quarters from `van` up to and including `tot`.
fn kwartalen(van: Kwartaal, tot: Kwartaal) -> Vec<Kwartaal> {
    let mut uit = Vec::new();
    let mut k = van;
    while (k.jaar, k.nummer) <= (tot.jaar, tot.nummer) {
        uit.push(k);
        k = k.volgende();
    }
    uit
}

/// The size and flows per quarter from `van` to `tot` (inclusive) as known at `bekend_op`.
///
/// # Errors
/// [`RapportFout`] on storage failure or a missing `onthullingsdrempel_personen`.
pub fn maak(
    store: &dyn Store,
    referentie: &Referentie,
    van: Kwartaal,
    tot: Kwartaal,
    bekend_op: DateTime<Utc>,
) -> Result<Vec<Kwartaalomvang>, RapportFout> {
    let drempel = constante(referentie, "onthullingsdrempel_personen")?.afgerond(0) as u64;
    let mut per_persoon: HashMap<Bsn, Vec<Periode>> = HashMap::new();
    // every registration overlapping 1900..2200 (dates are stored as ISO text: the bounds
    // must have four-digit years)
    let van_af = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let tot_aan = NaiveDate::from_ymd_opt(2200, 1, 1).unwrap_or_default();
    // only grondslagen that count for the banenafspraak (WMV counts for the quota only)
    let telt = crate::trend::tellende_grondslagen(referentie);
    store.voor_elke_registratieperiode(van_af, tot_aan, bekend_op, &mut |r| {
        if telt.contains(r.grondslag) {
            per_persoon.entry(r.bsn).or_default().push(r.periode);
        }
    })?;
    // +1 on a spell's first day, -1 on its first day after
    let mut verschil: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    for periodes in per_persoon.into_values() {
        for s in aaneengesloten(periodes) {
            verschil.entry(s.begin).or_default().0 += 1;
            if let Some(e) = s.einde {
                verschil.entry(e).or_default().1 += 1;
            }
        }
    }
    let telling = |tot_en_met: NaiveDate| -> (u64, u64) {
        verschil
            .range(..=tot_en_met)
            .fold((0, 0), |(i, u), (_, (a, b))| (i + a, u + b))
    };
    let toon = |n: u64| (n >= drempel).then_some(n);
    Ok(kwartalen(van, tot)
        .into_iter()
        .map(|k| {
            // entered on or before the peildatum, minus left on or before it (an exit on day e
            // means the last day in the register was e - 1)
            let (in_nu, uit_nu) = telling(k.peildatum());
            let (in_voor, uit_voor) = telling(k.vorige().peildatum());
            let personen = in_nu - uit_nu;
            let instroom = in_nu - in_voor;
            let uitstroom = uit_nu - uit_voor;
            let (instroom, uitstroom) = match (toon(instroom), toon(uitstroom)) {
                // one flow withheld: the other and both stocks would give it away
                (Some(_), None) | (None, Some(_)) => (None, None),
                x => x,
            };
            Kwartaalomvang {
                kwartaal: k.to_string(),
                personen: toon(personen),
                instroom,
                uitstroom,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
    }

    fn p(b: NaiveDate, e: Option<NaiveDate>) -> Periode {
        Periode::new(b, e).unwrap_or(Periode { begin: b, einde: e })
    }

    #[test]
    fn perioden_samenvoegen() {
        // WAJONG [2016-01-01, 2018-01-01) and PW_IBA [2018-01-01, open) touch: one spell;
        // a later gap makes a second spell
        let s = aaneengesloten(vec![
            p(d(2018, 1, 1), None),
            p(d(2016, 1, 1), Some(d(2018, 1, 1))),
        ]);
        assert_eq!(s, vec![p(d(2016, 1, 1), None)]);
        let s = aaneengesloten(vec![
            p(d(2016, 1, 1), Some(d(2017, 1, 1))),
            p(d(2017, 1, 2), Some(d(2017, 6, 1))),
            p(d(2017, 3, 1), Some(d(2017, 4, 1))),
        ]);
        assert_eq!(
            s,
            vec![
                p(d(2016, 1, 1), Some(d(2017, 1, 1))),
                p(d(2017, 1, 2), Some(d(2017, 6, 1)))
            ]
        );
    }

    #[test]
    fn kwartalen_over_de_jaargrens() {
        let k = kwartalen(
            Kwartaal {
                jaar: 2024,
                nummer: 3,
            },
            Kwartaal {
                jaar: 2025,
                nummer: 1,
            },
        );
        assert_eq!(k.len(), 3);
        assert_eq!(
            k[2],
            Kwartaal {
                jaar: 2025,
                nummer: 1
            }
        );
    }
}
