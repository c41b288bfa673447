//! The employer's advantages: no-riskpolis and LKV doelgroep banenafspraak.

use chrono::{Datelike, Months, NaiveDate};

use crate::breuk::Breuk;

/// First start date of employment for which the no-riskpolis applies.
const NO_RISK_VANAF: (i32, u32, u32) = (2015, 1, 1);
/// Start dates from here on follow the LKV rules of 2026.
const LKV_NIEUW_VANAF: (i32, u32, u32) = (2026, 1, 1);
/// Before 2026: at most 3 years.
const LKV_MAX_JAREN: u32 = 3;
/// Before 2026: not employed by the same employer in the 6 months before.
const LKV_EERDER_IN_DIENST_MAANDEN: u32 = 6;

fn datum((j, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, d).unwrap_or(NaiveDate::MIN)
}

/// What the register knows about the worker for this question.
#[derive(Debug, Clone, Copy)]
pub struct Werknemerssituatie {
    /// First day of the employment.
    pub ingangsdatum_dienstverband: NaiveDate,
    /// In the register today.
    pub ingeschreven_vandaag: bool,
    /// In the register on the first day of employment or on some day of the month before.
    pub ingeschreven_bij_start: bool,
    /// Employed by the same employer (fiscaal nummer) in the 6 months before the start.
    pub eerder_in_dienst: bool,
    /// The worker's AOW date, if known.
    pub aow_datum: Option<NaiveDate>,
}

/// The no-riskpolis answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoRiskpolis {
    /// Applies now.
    pub van_toepassing: bool,
    /// Why not, if not (Dutch).
    pub reden: Option<String>,
}

/// applies to a worker in the register who started on or after 2015-01-01, for as long as
/// the worker is registered (**project decision**: no limit).
pub fn no_riskpolis(s: &Werknemerssituatie) -> NoRiskpolis {
    if !s.ingeschreven_vandaag {
        return NoRiskpolis {
            van_toepassing: false,
            reden: Some("de werknemer staat nu niet in het doelgroepregister".into()),
        };
    }
    if s.ingangsdatum_dienstverband < datum(NO_RISK_VANAF) {
        return NoRiskpolis {
            van_toepassing: false,
            reden: Some("dienstverband begon vóór 1 januari 2015".into()),
        };
    }
    NoRiskpolis {
        van_toepassing: true,
        reden: None,
    }
}

/// The LKV answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lkv {
    /// Entitled.
    pub recht: bool,
    /// EUR per hour in cents (101).
    pub bedrag_per_uur_eurocent: i128,
    /// Yearly maximum per employment in cents (200,000).
    pub maximum_per_jaar_eurocent: i128,
    /// Last day (exclusive end) of the entitlement, if it has one.
    pub einddatum: Option<NaiveDate>,
    /// Why not, if not (Dutch).
    pub reden: Option<String>,
}

/// LKV doelgroep banenafspraak. `per_uur` and `max_per_jaar` in euros from
/// `constanten.csv`. WMV counts (the LKV follows the register, not the banenafspraak).
pub fn lkv(s: &Werknemerssituatie, per_uur: Breuk, max_per_jaar: Breuk) -> Lkv {
    let cent = |b: Breuk| b.maal(Breuk::geheel(100)).afgerond(0);
    let mut uit = Lkv {
        recht: false,
        bedrag_per_uur_eurocent: cent(per_uur),
        maximum_per_jaar_eurocent: cent(max_per_jaar),
        einddatum: None,
        reden: None,
    };
    let start = s.ingangsdatum_dienstverband;
    let weiger = |mut u: Lkv, reden: &str| {
        u.reden = Some(reden.to_string());
        u
    };
    if start >= datum(LKV_NIEUW_VANAF) {
        if !s.ingeschreven_vandaag {
            return weiger(uit, "de werknemer staat nu niet in het doelgroepregister");
        }
        uit.recht = true;
        return uit;
    }
    if !s.ingeschreven_bij_start {
        return weiger(
            uit,
            "niet in het doelgroepregister op de eerste werkdag of in de maand ervoor",
        );
    }
    if s.eerder_in_dienst {
        return weiger(
            uit,
            "in de 6 maanden voor de start al in dienst bij dezelfde werkgever",
        );
    }
    if s.aow_datum.is_some_and(|a| start >= a) {
        return weiger(uit, "de werknemer had bij de start de AOW-leeftijd");
    }
    let einde = start
        .checked_add_months(Months::new(12 * LKV_MAX_JAREN))
        .unwrap_or(start);
    uit.einddatum = Some(s.aow_datum.map_or(einde, |a| a.min(einde)));
    uit.recht = true;
    uit
}

/// The first day of the 6-month window before a start date (for "eerder in dienst", R-36).
pub fn begin_wachttermijn(start: NaiveDate) -> NaiveDate {
    start
        .checked_sub_months(Months::new(LKV_EERDER_IN_DIENST_MAANDEN))
        .unwrap_or(start)
}

/// The first day of the month before `start` (R-36: registered "in the month before").
pub fn begin_maand_ervoor(start: NaiveDate) -> NaiveDate {
    start
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(1)))
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn situatie(start: &str) -> Werknemerssituatie {
        Werknemerssituatie {
            ingangsdatum_dienstverband: d(start),
            ingeschreven_vandaag: true,
            ingeschreven_bij_start: true,
            eerder_in_dienst: false,
            aow_datum: None,
        }
    }

    #[test]
    fn r35_no_riskpolis() {
        assert!(no_riskpolis(&situatie("2015-01-01")).van_toepassing);
        assert!(!no_riskpolis(&situatie("2014-12-31")).van_toepassing);
        let mut s = situatie("2020-01-01");
        s.ingeschreven_vandaag = false;
        assert!(!no_riskpolis(&s).van_toepassing);
    }

    #[test]
    fn r36_lkv_voor_en_na_2026() {
        let (uur, max) = (Breuk::new(101, 100), Breuk::geheel(2_000));
        // start 2024-03-01: at most 3 years -> ends 2027-03-01; EUR 1.01 = 101 cents, max EUR 2,000
        let l = lkv(&situatie("2024-03-01"), uur, max);
        assert_eq!(
            (
                l.recht,
                l.einddatum,
                l.bedrag_per_uur_eurocent,
                l.maximum_per_jaar_eurocent
            ),
            (true, Some(d("2027-03-01")), 101, 200_000)
        );
        // AOW earlier than 3 years: the entitlement ends at the AOW date
        let mut s = situatie("2024-03-01");
        s.aow_datum = Some(d("2025-06-15"));
        assert_eq!(lkv(&s, uur, max).einddatum, Some(d("2025-06-15")));
        // employed by the same employer in the 6 months before: no
        let mut s = situatie("2024-03-01");
        s.eerder_in_dienst = true;
        assert!(!lkv(&s, uur, max).recht);
        // start 2026-02-01: no end date, only needs the registration
        let mut s = situatie("2026-02-01");
        s.ingeschreven_bij_start = false;
        s.eerder_in_dienst = true;
        assert_eq!(
            (lkv(&s, uur, max).recht, lkv(&s, uur, max).einddatum),
            (true, None)
        );
        // windows: the month before 2024-03-15 starts 2024-02-01; 6 months before is 2023-09-15
        assert_eq!(begin_maand_ervoor(d("2024-03-15")), d("2024-02-01"));
        assert_eq!(begin_wachttermijn(d("2024-03-15")), d("2023-09-15"));
    }
}
