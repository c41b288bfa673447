//! the AOW date, from the birth date and the AOW table of the reference data.

use chrono::{Datelike, NaiveDate};

use crate::datum::BrpDatum;
use crate::referentie::AowRegel;

/// The AOW age used for people born before the first row of the table (R-12: 65 years).
const LEEFTIJD_VOOR_TABEL: (u32, u32) = (65, 0);

/// An AOW date and whether it is provisional (birth date after the last range of the
/// table, so the last age in the table was assumed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AowDatum {
    /// The date the person reaches AOW age; registrations end on it (einddatum, exclusive).
    pub datum: NaiveDate,
    /// The age was extrapolated beyond the table.
    pub voorlopig: bool,
    /// The birth date was incomplete and its latest possible value was used.
    pub onvolledige_geboortedatum: bool,
}

/// Adds years and months the BRP way: the day of month is kept; when it does not exist in
/// the target month the date rolls to the first day of the next month (29 February → 1 March;
/// **project decision** for other month ends: 2029-02-30 → 2029-03-01).
pub fn tel_jaren_maanden_op(datum: NaiveDate, jaren: u32, maanden: u32) -> Option<NaiveDate> {
    let totaal = datum.year() * 12
        + i32::try_from(datum.month0()).ok()?
        + i32::try_from(jaren * 12 + maanden).ok()?;
    let (jaar, maand) = (
        totaal.div_euclid(12),
        u32::try_from(totaal.rem_euclid(12)).ok()? + 1,
    );
    NaiveDate::from_ymd_opt(jaar, maand, datum.day()).or_else(|| {
        let (vj, vm) = if maand == 12 {
            (jaar + 1, 1)
        } else {
            (jaar, maand + 1)
        };
        NaiveDate::from_ymd_opt(vj, vm, 1)
    })
}

/// The AOW age (years, months) for a birth date and whether it is provisional.
pub fn aow_leeftijd(geboren: NaiveDate, tabel: &[AowRegel]) -> (u32, u32, bool) {
    if let Some(r) = tabel
        .iter()
        .find(|r| r.geboren_vanaf <= geboren && geboren <= r.geboren_tot_en_met)
    {
        return (r.jaren, r.maanden, false);
    }
    match (tabel.first(), tabel.last()) {
        (Some(eerste), _) if geboren < eerste.geboren_vanaf => {
            (LEEFTIJD_VOOR_TABEL.0, LEEFTIJD_VOOR_TABEL.1, false)
        }
        (_, Some(laatste)) => (laatste.jaren, laatste.maanden, true),
        _ => (LEEFTIJD_VOOR_TABEL.0, LEEFTIJD_VOOR_TABEL.1, true),
    }
}

/// The AOW date for a (possibly incomplete) BRP birth date. An incomplete date uses its
/// latest possible value; a wholly unknown one has no AOW date (`None`).
pub fn aow_datum(geboorte: BrpDatum, tabel: &[AowRegel]) -> Option<AowDatum> {
    let geboren = geboorte.laatst_mogelijke()?;
    let (jaren, maanden, voorlopig) = aow_leeftijd(geboren, tabel);
    Some(AowDatum {
        datum: tel_jaren_maanden_op(geboren, jaren, maanden)?,
        voorlopig,
        onvolledige_geboortedatum: !geboorte.is_volledig(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Referentie;
    use crate::datum::parse_brp_datum;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn tabel() -> Vec<AowRegel> {
        Referentie::ingebouwd()
            .map(|r| r.aow_tabel().to_vec())
            .unwrap_or_default()
    }

    fn aow(geboren: &str) -> Option<NaiveDate> {
        aow_datum(BrpDatum::Volledig(d(geboren)), &tabel()).map(|a| a.datum)
    }

    #[test]
    fn r12_uitgewerkte_voorbeelden() {
        // 1957-06-15: range 1957-03-01..1957-12-31 -> 67y -> 2024-06-15
        assert_eq!(aow("1957-06-15"), Some(d("2024-06-15")));
        // 1961-01-01: 67y3m -> 2028-04-01
        assert_eq!(aow("1961-01-01"), Some(d("2028-04-01")));
        // 1960-02-29 + 67y = 2027-02-29, which does not exist -> 2027-03-01
        assert_eq!(aow("1960-02-29"), Some(d("2027-03-01")));
        // 1961-05-31 + 67y3m = 2028-08-31 (exists)
        assert_eq!(aow("1961-05-31"), Some(d("2028-08-31")));
        assert_eq!(aow("1962-05-31"), Some(d("2029-08-31")));
        // 1961-11-30 + 67y3m = 2029-02-30 -> 2029-03-01
        assert_eq!(aow("1961-11-30"), Some(d("2029-03-01")));
    }

    #[test]
    fn case_c15_29_februari() {
        let einde = aow("1960-02-29");
        assert_eq!(einde, Some(d("2027-03-01")));
        // registered on 2027-02-28 (before the exclusive end), not on 2027-03-01
        assert!(einde.is_some_and(|e| d("2027-02-28") < e && d("2027-03-01") >= e));
    }

    #[test]
    fn case_c16_aow_per_jaar() {
        // 1948-12-10: 65y2m -> 2014-02-10
        assert_eq!(aow("1948-12-10"), Some(d("2014-02-10")));
        // 1953-01-01: 66y4m -> 2019-05-01
        assert_eq!(aow("1953-01-01"), Some(d("2019-05-01")));
        // 1955-09-01: 66y7m -> 2022-04-01
        assert_eq!(aow("1955-09-01"), Some(d("2022-04-01")));
        // 1956-12-01: 66y10m -> 2023-10-01
        assert_eq!(aow("1956-12-01"), Some(d("2023-10-01")));
        // 1957-02-28: 66y10m -> 2023-12-28
        assert_eq!(aow("1957-02-28"), Some(d("2023-12-28")));
        // 1957-03-01: 67y -> 2024-03-01
        assert_eq!(aow("1957-03-01"), Some(d("2024-03-01")));
        // 1960-12-31: 67y -> 2027-12-31
        assert_eq!(aow("1960-12-31"), Some(d("2027-12-31")));
        // 1961-09-30: 67y3m -> 2028-12-30
        assert_eq!(aow("1961-09-30"), Some(d("2028-12-30")));
        // 1961-10-01: 67y3m -> 2029-01-01
        assert_eq!(aow("1961-10-01"), Some(d("2029-01-01")));
    }

    #[test]
    fn case_c17_maandeinden() {
        assert_eq!(aow("1961-11-30"), Some(d("2029-03-01")));
        // 1961-11-29 + 67y3m = 2029-02-29; 2029 is no leap year -> 2029-03-01
        assert_eq!(aow("1961-11-29"), Some(d("2029-03-01")));
        assert_eq!(aow("1961-05-31"), Some(d("2028-08-31")));
    }

    #[test]
    fn case_c18_onvolledige_geboortedatums() {
        let t = tabel();
        let a = parse_brp_datum("19610100")
            .ok()
            .and_then(|g| aow_datum(g, &t));
        // latest 1961-01-31 + 67y3m = 2028-04-31 -> 2028-05-01
        assert_eq!(a.map(|x| x.datum), Some(d("2028-05-01")));
        assert_eq!(a.map(|x| x.onvolledige_geboortedatum), Some(true));
        // latest 1961-12-31 (range 1961-10-01..1962-09-30: 67y3m) -> 2029-03-31
        let b = parse_brp_datum("19610000")
            .ok()
            .and_then(|g| aow_datum(g, &t));
        assert_eq!(b.map(|x| x.datum), Some(d("2029-03-31")));
        assert_eq!(
            parse_brp_datum("00000000")
                .ok()
                .and_then(|g| aow_datum(g, &t)),
            None
        );
    }

    #[test]
    fn voor_en_na_de_tabel() {
        let t = tabel();
        // born 1947-05-10, before the table: 65y -> 2012-05-10, not provisional
        let voor = aow_datum(BrpDatum::Volledig(d("1947-05-10")), &t);
        assert_eq!(
            voor.map(|a| (a.datum, a.voorlopig)),
            Some((d("2012-05-10"), false))
        );
        // born 1970-03-15, after the last range: last age 67y3m, provisional -> 2037-06-15
        let na = aow_datum(BrpDatum::Volledig(d("1970-03-15")), &t);
        assert_eq!(
            na.map(|a| (a.datum, a.voorlopig)),
            Some((d("2037-06-15"), true))
        );
    }

    mod eigenschappen {
        use super::super::*;
        use crate::Referentie;
        use proptest::prelude::*;

        proptest! {
            /// Adding y years and m months and rolling: the result is never before the plain
            /// calendar target month, and at most the first of the following month.
            #[test]
            fn optellen_blijft_in_doelmaand_of_eerste_van_de_volgende(dag in 0u64..40_000, jaren in 0u32..80, maanden in 0u32..12) {
                let start = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap_or_default() + chrono::Days::new(dag);
                let uit = tel_jaren_maanden_op(start, jaren, maanden);
                prop_assert!(uit.is_some());
                let uit = uit.unwrap_or_default();
                let doel = start.year() * 12 + start.month0() as i32 + (jaren * 12 + maanden) as i32;
                let uit_maand = uit.year() * 12 + uit.month0() as i32;
                if uit_maand == doel {
                    prop_assert_eq!(uit.day(), start.day());
                } else {
                    prop_assert_eq!(uit_maand, doel + 1);
                    prop_assert_eq!(uit.day(), 1);
                    prop_assert!(start.day() > 28);
                }
            }

            /// A later birth date never gives an earlier AOW date (the table only rises).
            #[test]
            fn aow_datum_is_monotoon(dag in 0u64..9_000) {
                let t = Referentie::ingebouwd().map(|r| r.aow_tabel().to_vec()).unwrap_or_default();
                let a = NaiveDate::from_ymd_opt(1945, 1, 1).unwrap_or_default() + chrono::Days::new(dag);
                let b = a + chrono::Days::new(1);
                let da = aow_datum(BrpDatum::Volledig(a), &t).map(|x| x.datum);
                let db = aow_datum(BrpDatum::Volledig(b), &t).map(|x| x.datum);
                prop_assert!(da <= db);
            }
        }
    }
}
