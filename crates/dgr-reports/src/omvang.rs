//! The register's size and flows over time: per quarter the persons in the register on the
//! peildatum (the quarter's last day, R-27) and how many entered and left during the quarter.
//!
//! A person's registrations (all grondslagen that count for the banenafspraak, R-06; one that counts
//! only in a dienstbetrekking on those days only, R-07) are merged into spells of uninterrupted
//! registration; a spell starting in the quarter is one *instroom*, a spell whose last day falls
//! in the quarter one *uitstroom*. So `personen(Q) = personen(Q−1) + instroom(Q) − uitstroom(Q)`
//! holds exactly.
//!
//! The flows are counted per person, not per registration: a change of grondslag without a gap
//! (WAJONG ends on the day PW_IBA begins) is neither an instroom nor an uitstroom. A spell's
//! uitstroom falls in the quarter holding its first day *out* of the register (its exclusive
//! end), the quarter between whose peildatums the person left. The regional trend (R-27,
//! [`crate::trend`]) counts its flows with the same [`stromen`], so every table agrees. Counts below the disclosure threshold are withheld; a withheld count
//! also withholds the identity above, which would otherwise give it away.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::{Periode, Referentie};
use dgr_store::Store;
use serde::Serialize;

use crate::telling::{Registratiekaart, Telwijze};
use crate::trend::Kwartaal;
use crate::{RapportFout, constante};

/// The first quarter of the size-and-flows series as the dashboard and `dgr rapport omvang`
/// show it by default: the banenafspraak's first year, after the nulmeting of 31 December 2012.
pub const EERSTE_KWARTAAL: Kwartaal = Kwartaal {
    jaar: 2013,
    nummer: 1,
};

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
pub fn aaneengesloten(periodes: Vec<Periode>) -> Vec<Periode> {
    // no code: one shared empty one, not an allocation per call (once per person in `maak`)
    static GEEN: std::sync::LazyLock<Arc<str>> = std::sync::LazyLock::new(|| Arc::from(""));
    let geen = &*GEEN;
    reeksen(
        periodes
            .into_iter()
            .map(|periode| Stuk {
                periode,
                grondslag: geen.clone(),
                reden_einde: None,
            })
            .collect(),
    )
    .into_iter()
    .map(|r| r.periode)
    .collect()
}

/// One registration period of a person with what the flows are broken down by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuk {
    /// `[ingangsdatum, einddatum)`.
    pub periode: Periode,
    /// Grondslag code (shared: a report holds hundreds of thousands of periods and a dozen
    /// codes).
    pub grondslag: Arc<str>,
    /// Reason of the end, if it ends.
    pub reden_einde: Option<Arc<str>>,
}

/// A spell of uninterrupted registration: its period, the grondslag it began with and the
/// reason it ended for (of the period that ended last; `None` while open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reeks {
    /// The merged period.
    pub periode: Periode,
    /// The grondslag of the spell's first period (the smallest code when several begin then).
    pub grondslag: Arc<str>,
    /// The reason of the period that ends the spell.
    pub reden_einde: Option<Arc<str>>,
}

/// Merges one person's periods into spells as [`aaneengesloten`] does, keeping the grondslag
/// a spell began with and the reason it ended for.
pub fn reeksen(mut stukken: Vec<Stuk>) -> Vec<Reeks> {
    stukken.sort_by(volgorde);
    reeksen_op_volgorde(&stukken)
}

/// The order [`reeksen`] merges a person's periods in: by first day, then grondslag (a stable
/// sort keeps equal ones in the order given).
pub(crate) fn volgorde(a: &Stuk, b: &Stuk) -> std::cmp::Ordering {
    (a.periode.begin, &a.grondslag).cmp(&(b.periode.begin, &b.grondslag))
}

/// [`reeksen`] of one person's periods already in [`volgorde`].
pub(crate) fn reeksen_op_volgorde<'a>(stukken: impl IntoIterator<Item = &'a Stuk>) -> Vec<Reeks> {
    let mut uit: Vec<Reeks> = Vec::new();
    for s in stukken {
        match uit.last_mut() {
            Some(l) if l.periode.einde.is_none_or(|e| s.periode.begin <= e) => {
                match (l.periode.einde, s.periode.einde) {
                    (None, _) => {}
                    (_, None) => {
                        l.periode.einde = None;
                        l.reden_einde = None;
                    }
                    (Some(a), Some(b)) => {
                        if b > a {
                            l.periode.einde = Some(b);
                            l.reden_einde.clone_from(&s.reden_einde);
                        }
                    }
                }
            }
            _ => uit.push(Reeks {
                periode: s.periode,
                grondslag: s.grondslag.clone(),
                reden_einde: s.reden_einde.clone(),
            }),
        }
    }
    uit
}

/// The flows of one person in the quarter `[begin, einde)`, from their spells ([`reeksen`]):
/// the grondslag of every spell that began in it (instroom) and the reason of every spell whose
/// first day out of the register lies in it (uitstroom, `ONBEKEND` without a reason). The
/// spells must be made of every period of the person that overlaps `[begin − 1 day, einde + 1
/// day)`, so that a spell touching the quarter from outside is seen whole at its edges.
pub fn stromen(
    reeksen: Vec<Reeks>,
    begin: NaiveDate,
    einde: NaiveDate,
) -> (Vec<String>, Vec<String>) {
    let mut instroom = Vec::new();
    let mut uitstroom = Vec::new();
    for r in reeksen {
        if r.periode.begin >= begin && r.periode.begin < einde {
            instroom.push(r.grondslag.to_string());
        }
        if r.periode.einde.is_some_and(|e| e >= begin && e < einde) {
            uitstroom.push(
                r.reden_einde
                    .map_or_else(|| "ONBEKEND".into(), |r| r.to_string()),
            );
        }
    }
    (instroom, uitstroom)
}

/// The quarters from `van` up to and including `tot`.
fn kwartalen(van: Kwartaal, tot: Kwartaal) -> Vec<Kwartaal> {
    let mut uit = Vec::new();
    let mut k = van;
    while k <= tot {
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
    // every registration overlapping 1900 up to the end of the last quarter (dates are stored
    // as ISO text: the bounds must have four-digit years); R-06: only grondslagen that count for
    // the banenafspraak (WMV counts for the quota only); R-07: one that counts only in a
    // dienstbetrekking on those days. A registration beginning after the last peildatum changes
    // none of the figures: it neither starts a spell in the series nor ends one, and a spell it
    // joins already lasts past that peildatum. Leaving it out spares R-07's reading of polis for
    // a later registration (issue #13: 40% of the series up to 2023-K4 on the national demo).
    let van_af = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let tot_aan = tot.einde();
    let kaart = Registratiekaart::laad(
        store,
        referentie,
        van_af,
        tot_aan,
        bekend_op,
        Telwijze::Banenafspraak,
    )?;
    // +1 on a spell's first day, -1 on its first day after
    let mut verschil: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    for periodes in kaart.per_persoon() {
        for s in aaneengesloten(periodes.to_vec()) {
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

    fn stuk(g: &str, b: NaiveDate, e: Option<NaiveDate>, reden: Option<&str>) -> Stuk {
        Stuk {
            periode: p(b, e),
            grondslag: g.into(),
            reden_einde: reden.map(Arc::from),
        }
    }

    #[test]
    fn stromen_per_persoon_in_een_kwartaal() {
        // 2020-K2 = [2020-04-01, 2020-07-01)
        let (b, e) = (d(2020, 4, 1), d(2020, 7, 1));
        // a change of grondslag without a gap: no flow at all
        let wissel = vec![
            stuk(
                "WAJONG",
                d(2019, 1, 1),
                Some(d(2020, 5, 1)),
                Some("EINDE_GRONDSLAG"),
            ),
            stuk("PW_IBA", d(2020, 5, 1), None, None),
        ];
        assert_eq!(stromen(reeksen(wissel), b, e), (vec![], vec![]));
        // last day 30 June (= the peildatum): still in, the uitstroom falls in K3
        let tot_peil = vec![stuk(
            "PW_IBA",
            d(2019, 1, 1),
            Some(d(2020, 7, 1)),
            Some("AOW"),
        )];
        assert_eq!(stromen(reeksen(tot_peil.clone()), b, e), (vec![], vec![]));
        assert_eq!(
            stromen(reeksen(tot_peil), d(2020, 7, 1), d(2020, 10, 1)),
            (vec![], vec!["AOW".to_string()])
        );
        // last day 31 March, first day out 1 April: uitstroom in K2
        let eind_k1 = vec![stuk("WAJONG", d(2019, 1, 1), Some(d(2020, 4, 1)), None)];
        assert_eq!(
            stromen(reeksen(eind_k1), b, e),
            (vec![], vec!["ONBEKEND".to_string()])
        );
        // in and out within the quarter: one of each; the reason is that of the period ending
        // last, the grondslag that of the first
        let kort = vec![
            stuk(
                "VSO_PRO",
                d(2020, 4, 15),
                Some(d(2020, 5, 15)),
                Some("EINDE_GRONDSLAG"),
            ),
            stuk(
                "PW_IBA",
                d(2020, 5, 1),
                Some(d(2020, 6, 1)),
                Some("UITSCHRIJVING"),
            ),
        ];
        assert_eq!(
            stromen(reeksen(kort), b, e),
            (
                vec!["VSO_PRO".to_string()],
                vec!["UITSCHRIJVING".to_string()]
            )
        );
        // an open period after a closed one that overlaps it keeps the spell open
        let open = reeksen(vec![
            stuk("A", d(2020, 1, 1), Some(d(2020, 6, 1)), Some("X")),
            stuk("B", d(2020, 3, 1), None, None),
        ]);
        assert_eq!(open.len(), 1);
        assert_eq!(
            (open[0].periode.einde, open[0].reden_einde.clone()),
            (None, None)
        );
    }
}
