//! Hand-worked tests of R-07 at month boundaries and with a 4-weekly pay period.

use super::*;
use crate::banen::uren_in_periode;
use crate::breuk::Breuk;
use crate::{Bsn, Honderdsten, Loonheffingennummer};

fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
}

fn rij(begin: NaiveDate, einde: NaiveDate, uren: i64, soort: PolisSoort) -> PolisRij {
    PolisRij {
        bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
        loonheffingennummer: Loonheffingennummer::parse("123456782L01")
            .unwrap_or_else(|_| unreachable!()),
        inlener: None,
        tijdvak_begin: begin,
        tijdvak_einde: einde,
        verloonde_uren: Honderdsten(uren),
        soort,
    }
}

fn open_vanaf(begin: NaiveDate) -> Periode {
    Periode { begin, einde: None }
}

#[test]
fn r07_maandloon_telt_tot_en_met_de_laatste_dag_van_de_laatste_maand() {
    // WAJONG_DGAV registered from 2026-01-01; monthly polis rows for October and November only
    let rijen = [
        rij(
            d(2026, 10, 1),
            d(2026, 10, 31),
            10_000,
            PolisSoort::Regulier,
        ),
        rij(
            d(2026, 11, 1),
            d(2026, 11, 30),
            10_000,
            PolisSoort::Regulier,
        ),
    ];
    let werk = Dienstbetrekking::uit_polis(&rijen);
    assert!(!werk.op(d(2026, 9, 30)));
    assert!(werk.op(d(2026, 10, 1)));
    assert!(werk.op(d(2026, 10, 31)) && werk.op(d(2026, 11, 1)));
    assert!(werk.op(d(2026, 11, 30)));
    // no December row: from 1 December the registration no longer counts, so the person is not
    // counted on the peildatum of the fourth quarter (31 December)
    assert!(!werk.op(d(2026, 12, 1)));
    assert!(!werk.op(d(2026, 12, 31)));
    // the two adjacent months are one stretch [10-01, 12-01): 31 + 30 = 61 counting days
    let telt = werk.beperk(open_vanaf(d(2026, 1, 1)));
    assert_eq!(
        telt,
        [Periode {
            begin: d(2026, 10, 1),
            einde: Some(d(2026, 12, 1)),
        }]
    );
    assert_eq!(telt[0].dagen_binnen(d(2026, 1, 1), d(2027, 1, 1)), 61);
}

#[test]
fn r07_een_gat_tussen_twee_dienstbetrekkingen_telt_niet() {
    // January and March worked, February not; registration [01-10, 03-20)
    let rijen = [
        rij(d(2026, 1, 1), d(2026, 1, 31), 8_000, PolisSoort::Regulier),
        rij(d(2026, 3, 1), d(2026, 3, 31), 8_000, PolisSoort::Regulier),
    ];
    let werk = Dienstbetrekking::uit_polis(&rijen);
    assert!(!werk.op(d(2026, 2, 15)));
    let registratie = Periode {
        begin: d(2026, 1, 10),
        einde: Some(d(2026, 3, 20)),
    };
    // [01-10, 02-01) = 22 days and [03-01, 03-20) = 19 days
    let telt = werk.beperk(registratie);
    assert_eq!(
        telt,
        [
            Periode {
                begin: d(2026, 1, 10),
                einde: Some(d(2026, 2, 1)),
            },
            Periode {
                begin: d(2026, 3, 1),
                einde: Some(d(2026, 3, 20)),
            },
        ]
    );
    let dagen: i64 = telt
        .iter()
        .map(|p| p.dagen_binnen(d(2026, 1, 1), d(2027, 1, 1)))
        .sum();
    assert_eq!(dagen, 22 + 19);
}

#[test]
fn r07_beschut_werk_is_geen_dienstbetrekking_die_telt() {
    let rijen = [
        rij(d(2026, 5, 1), d(2026, 5, 31), 8_000, PolisSoort::WswBeschut),
        rij(
            d(2026, 6, 1),
            d(2026, 6, 30),
            8_000,
            PolisSoort::BeschutWerk,
        ),
    ];
    let werk = Dienstbetrekking::uit_polis(&rijen);
    assert!(!werk.op(d(2026, 5, 15)) && !werk.op(d(2026, 6, 15)));
    assert!(werk.beperk(open_vanaf(d(2026, 1, 1))).is_empty());
}

#[test]
fn r07_uren_van_een_vierwekelijkse_rij_veranderen_niet() {
    // WAJONG_DGAV registered from Monday 2026-11-16; 4-weekly tijdvakken of 28 days with 100 h:
    // P1 2026-11-02..11-29 and P2 2026-11-30..12-27, nothing after
    let p1 = rij(
        d(2026, 11, 2),
        d(2026, 11, 29),
        10_000,
        PolisSoort::Regulier,
    );
    let p2 = rij(
        d(2026, 11, 30),
        d(2026, 12, 27),
        10_000,
        PolisSoort::Regulier,
    );
    let werk = Dienstbetrekking::uit_polis([&p1, &p2]);
    // worked [11-02, 12-28): the last counting day is 12-27; 12-28 and the peildatum 12-31 are not
    assert!(werk.op(d(2026, 12, 27)));
    assert!(!werk.op(d(2026, 12, 28)) && !werk.op(d(2026, 12, 31)));
    let registratie = open_vanaf(d(2026, 11, 16));
    let voorwaardelijk = werk.beperk(registratie);
    assert_eq!(
        voorwaardelijk,
        [Periode {
            begin: d(2026, 11, 16),
            einde: Some(d(2026, 12, 28)),
        }]
    );
    let uren = |van, tot, perioden: &[Periode]| -> Breuk {
        [&p1, &p2]
            .iter()
            .map(|r| uren_in_periode(r, van, tot, perioden))
            .sum()
    };
    // November: P1 counts 11-16..11-29 = 14 of 28 days -> 100 × 14/28 = 50 h; P2 counts 11-30,
    // 1 of 28 days -> 100/28 h; together 1,500/28 = 53.57 h
    let (nov, dec, jan) = (d(2026, 11, 1), d(2026, 12, 1), d(2027, 1, 1));
    assert_eq!(uren(nov, dec, &voorwaardelijk), Breuk::new(1_500, 28));
    // December: P2's 12-01..12-27 = 27 of 28 days -> 100 × 27/28 = 96.43 h
    assert_eq!(uren(dec, jan, &voorwaardelijk), Breuk::new(2_700, 28));
    assert_eq!(uren(dec, jan, &voorwaardelijk).afgerond(2), 9_643);
    // the same hours as the unconditional registration: a REGULIER row's own tijdvak always meets
    // the condition, so R-07 changes who counts on a day, never the hours of R-20
    assert_eq!(
        uren(nov, dec, &[registratie]),
        uren(nov, dec, &voorwaardelijk)
    );
    assert_eq!(
        uren(dec, jan, &[registratie]),
        uren(dec, jan, &voorwaardelijk)
    );
}
