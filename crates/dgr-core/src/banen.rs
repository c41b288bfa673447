//! R-20 (hours of a pay period inside a period), R-21 (jobs), R-22 (attribution) — exact.

use chrono::NaiveDate;

use crate::breuk::Breuk;
use crate::datum::Periode;
use crate::gegevens::{PolisRij, PolisSoort};
use crate::lhn::Loonheffingennummer;

/// Days of the inclusive tijdvak `[begin, einde]` inside the half-open period `[van, tot)` on which
/// one of `registraties` (counting registration periods of the person) holds.
pub fn getelde_dagen(
    begin: NaiveDate,
    einde: NaiveDate,
    van: NaiveDate,
    tot: NaiveDate,
    registraties: &[Periode],
) -> i64 {
    let (eerste, na_laatste) = (begin.max(van), einde.succ_opt().unwrap_or(einde).min(tot));
    if eerste >= na_laatste {
        return 0;
    }
    if gescheiden_en_op_volgorde(registraties) {
        // the usual case (a report's registration map keeps periods merged): no merging needed
        return registraties
            .iter()
            .map(|p| p.dagen_binnen(eerste, na_laatste))
            .sum();
    }
    // merge the registration periods over [eerste, na_laatste) so overlapping ones count once
    let mut stukken: Vec<(NaiveDate, NaiveDate)> = registraties
        .iter()
        .map(|p| {
            (
                p.begin.max(eerste),
                p.einde.map_or(na_laatste, |e| e.min(na_laatste)),
            )
        })
        .filter(|(a, b)| a < b)
        .collect();
    stukken.sort();
    let mut dagen = 0;
    let mut tot_nu: Option<NaiveDate> = None;
    for (a, b) in stukken {
        let a = tot_nu.map_or(a, |t| a.max(t));
        if a < b {
            dagen += (b - a).num_days();
        }
        tot_nu = Some(tot_nu.map_or(b, |t| t.max(b)));
    }
    dagen
}

/// Whether `perioden` are in date order and pairwise disjoint (each non-empty and ending no
/// later than the next begins), so that their days can simply be added. (An empty or reversed
/// period in between could hide an overlap of its neighbours: such a list takes the merging
/// path.)
fn gescheiden_en_op_volgorde(perioden: &[Periode]) -> bool {
    perioden.windows(2).all(|w| {
        w[0].einde
            .is_some_and(|e| w[0].begin < e && e <= w[1].begin)
    })
}

/// the hours of a polis row inside `[van, tot)`: `uren × getelde dagen / dagen van het
/// tijdvak`, where a day counts when the person is in the register with a counting grondslag on
/// it. Sheltered work (WSW_BESCHUT, BESCHUT_WERK) never counts.
pub fn uren_in_periode(
    rij: &PolisRij,
    van: NaiveDate,
    tot: NaiveDate,
    registraties: &[Periode],
) -> Breuk {
    if rij.soort != PolisSoort::Regulier {
        return Breuk::NUL;
    }
    let tijdvak_dagen = (rij.tijdvak_einde - rij.tijdvak_begin).num_days() + 1;
    let dagen = getelde_dagen(rij.tijdvak_begin, rij.tijdvak_einde, van, tot, registraties);
    if dagen == 0 || tijdvak_dagen <= 0 {
        return Breuk::NUL;
    }
    // (uren / 100) × (dagen / tijdvak_dagen) as one fraction: reduced once, not three times
    Breuk::new(
        i128::from(rij.verloonde_uren.0) * i128::from(dagen),
        100 * i128::from(tijdvak_dagen),
    )
}

/// jobs in a period of `dagen` days: `uren / (uren_per_baan_per_week × dagen / 7)`.
pub fn banen(uren: Breuk, dagen: i64, uren_per_baan_per_week: Breuk) -> Breuk {
    uren.gedeeld_door(uren_per_baan_per_week.maal(Breuk::new(i128::from(dagen), 7)))
}

/// the employer a job counts for: the inlener when the row names one, else the werkgever.
pub fn toegerekend_aan(rij: &PolisRij) -> Loonheffingennummer {
    rij.inlener.unwrap_or(rij.loonheffingennummer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bsn, Honderdsten};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn rij(begin: &str, einde: &str, uren: i64) -> PolisRij {
        PolisRij {
            bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
            loonheffingennummer: Loonheffingennummer::parse("123456782L01")
                .unwrap_or_else(|_| unreachable!()),
            inlener: None,
            tijdvak_begin: d(begin),
            tijdvak_einde: d(einde),
            verloonde_uren: Honderdsten(uren),
            soort: PolisSoort::Regulier,
        }
    }

    fn altijd() -> Vec<Periode> {
        vec![Periode {
            begin: d("2000-01-01"),
            einde: None,
        }]
    }

    #[test]
    fn r20_vierwekelijks_tijdvak_over_de_jaargrens() {
        // 2024-12-16..2025-01-12 (28 days), 112 h: 16 days in December -> 112 × 16/28 = 64 h
        let r = rij("2024-12-16", "2025-01-12", 11_200);
        assert_eq!(
            uren_in_periode(&r, d("2024-12-01"), d("2025-01-01"), &altijd()),
            Breuk::geheel(64)
        );
        // December 1 job = 25.5 × 31 / 7 = 112.93 h
        let een_baan = Breuk::new(51, 2).maal(Breuk::new(31, 7));
        assert_eq!(een_baan.afgerond(2), 11_293);
    }

    #[test]
    fn case_c23_vierwekelijkse_tijdvakken() {
        // 102 h in each 4-week tijdvak from Monday 2024-01-01: P1 01-01..01-28, …, P13 12-02..12-29
        let tijdvakken: Vec<PolisRij> = (0..13)
            .map(|k| {
                let b = d("2024-01-01") + chrono::Days::new(28 * k);
                let e = b + chrono::Days::new(27);
                rij(&b.to_string(), &e.to_string(), 10_200)
            })
            .collect();
        let half = Breuk::new(51, 2);
        let maand = |van: &str, tot: &str, dagen: i64| {
            let uren: Breuk = tijdvakken
                .iter()
                .map(|r| uren_in_periode(r, d(van), d(tot), &altijd()))
                .sum();
            (uren, banen(uren, dagen, half))
        };
        // January: P1 (28 days) + P2's 3 days = 31 × 102/28 = 112.93 h -> exactly 1 job
        let (uren, banen_jan) = maand("2024-01-01", "2024-02-01", 31);
        assert_eq!(uren, Breuk::new(31 * 102, 28));
        assert_eq!(uren.afgerond(2), 11_293);
        assert_eq!(banen_jan, Breuk::geheel(1));
        // December: P12's 1 day (12-01) + P13's 28 days = 29 × 102/28 = 105.64 h; jobs =
        // (29 × 102/28) / (25.5 × 31/7) = 29/31 = 0.93548… (CASES.md prints 0.936; exactly it is
        // 0.935 at three decimals and 0.9 at publication precision)
        let (uren, banen_dec) = maand("2024-12-01", "2025-01-01", 31);
        assert_eq!(uren.afgerond(2), 10_564);
        assert_eq!(banen_dec, Breuk::new(29, 31));
        assert_eq!((banen_dec.afgerond(3), banen_dec.afgerond(1)), (935, 9));
        // the wrong way (whole tijdvakken to the month they end in: P12 ends 12-01, P13 12-29)
        // gives 204 h = 1.806 jobs
        assert_eq!(banen(Breuk::geheel(204), 31, half).afgerond(3), 1_806);
    }

    #[test]
    fn r20_alleen_dagen_in_het_register_tellen_en_beschut_nooit() {
        // registered from 2024-03-16: a March month of 31 days with 62 h counts 16 days: 32 h
        let r = rij("2024-03-01", "2024-03-31", 6_200);
        let reg = vec![Periode {
            begin: d("2024-03-16"),
            einde: None,
        }];
        assert_eq!(
            uren_in_periode(&r, d("2024-03-01"), d("2024-04-01"), &reg),
            Breuk::geheel(32)
        );
        // two overlapping registrations count each day once
        let dubbel = vec![
            Periode {
                begin: d("2024-03-16"),
                einde: None,
            },
            Periode {
                begin: d("2024-03-20"),
                einde: None,
            },
        ];
        assert_eq!(
            uren_in_periode(&r, d("2024-03-01"), d("2024-04-01"), &dubbel),
            Breuk::geheel(32)
        );
        let mut beschut = r.clone();
        beschut.soort = PolisSoort::WswBeschut;
        assert_eq!(
            uren_in_periode(&beschut, d("2024-03-01"), d("2024-04-01"), &altijd()),
            Breuk::NUL
        );
    }

    #[test]
    fn case_c24_eenmaal_afronden() {
        let half = Breuk::new(51, 2);
        // 63.75 h/week in total over a week: 63.75/25.5 = 2.5 jobs; one decimal 2.5; whole 3
        let b = banen(Breuk::new(6375, 100), 7, half);
        assert_eq!((b.afgerond(1), b.afgerond(0)), (25, 3));
        // three employers with 8.5 h/week: summed first = 1.0 job, not 3 × 0.3 = 0.9
        let per_werkgever = banen(Breuk::new(85, 10), 7, half);
        assert_eq!(per_werkgever.afgerond(1), 3);
        let samen = banen(
            Breuk::new(85, 10) + Breuk::new(85, 10) + Breuk::new(85, 10),
            7,
            half,
        );
        assert_eq!(samen.afgerond(1), 10);
    }

    /// R-20's day count, with or without the merged fast path, equals counting day by day
    /// whether one of the periods holds: for every combination of up to three periods (open or
    /// closed, overlapping, adjoining, apart, in any order) drawn from a small grid of dates
    /// around a tijdvak that straddles the month's start.
    #[test]
    fn r20_getelde_dagen_is_dag_voor_dag_tellen() {
        let dag = |n: u64| d("2024-02-20") + chrono::Days::new(n);
        let mut kandidaten = Vec::new();
        for b in (0..24).step_by(3) {
            kandidaten.push(Periode {
                begin: dag(b),
                einde: None,
            });
            for lengte in [1, 3, 6, 10] {
                kandidaten.push(Periode {
                    begin: dag(b),
                    einde: Some(dag(b + lengte)),
                });
            }
        }
        let (begin, einde, van, tot) = (dag(4), dag(15), dag(10), dag(40));
        let dag_voor_dag = |regs: &[Periode]| {
            begin
                .iter_days()
                .take_while(|x| *x <= einde)
                .filter(|x| *x >= van && *x < tot && regs.iter().any(|p| p.bevat(*x)))
                .count() as i64
        };
        let mut gevallen = 0;
        for (i, a) in kandidaten.iter().enumerate() {
            for b in &kandidaten[i..] {
                for c in kandidaten.iter().step_by(5) {
                    for regs in [vec![*a], vec![*a, *b], vec![*b, *a], vec![*a, *b, *c]] {
                        assert_eq!(
                            getelde_dagen(begin, einde, van, tot, &regs),
                            dag_voor_dag(&regs),
                            "{regs:?}"
                        );
                        gevallen += 1;
                    }
                }
            }
        }
        assert!(gevallen > 10_000);
        // a reversed period between two overlapping ones must not hide their overlap: [1, 10)
        // and [5, 15) cover days 1..=14, 14 days (adding them up would give 9 + 10 = 19)
        let verstopt = [
            Periode {
                begin: dag(1),
                einde: Some(dag(10)),
            },
            Periode {
                begin: dag(12),
                einde: Some(dag(2)),
            },
            Periode {
                begin: dag(5),
                einde: Some(dag(15)),
            },
        ];
        assert_eq!(
            getelde_dagen(dag(0), dag(20), dag(0), dag(40), &verstopt),
            14
        );
    }

    #[test]
    fn r22_inlener_gaat_voor() {
        let mut r = rij("2024-03-01", "2024-03-31", 100);
        assert_eq!(toegerekend_aan(&r).to_string(), "123456782L01");
        r.inlener = Loonheffingennummer::parse("111222333L01").ok();
        assert_eq!(toegerekend_aan(&r).to_string(), "111222333L01");
    }
}
