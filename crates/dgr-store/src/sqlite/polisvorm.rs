//! The stored form of a polis row's pay period and kind in the SQLite store (issue #13): the
//! first and last day (`polis_versies.tijdvak_begin`, `tijdvak_einde`, and the day of a stretch,
//! `polis_stukken.dag`) as whole days since 1 January 1970 ([`dag_getal`]), and the kind
//! (`polis_versies.soort`) as a small code ([`soort_getal`]). As text a row carried two dates
//! of 10 bytes and a kind of 8 to 12; as numbers SQLite stores a date of these years in 2 bytes
//! and the codes 0 and 1 in none at all: 63 against 39 bytes for a typical row, a third fewer
//! pages for every delivery to write and commit, and no text to format, bind or parse per row.
//! Day numbers order as the dates do, so every range and `ORDER BY` on these columns is the
//! same as on the text; SQLite's own `date(d * 86400, 'unixepoch')` gives the text back.
//! PostgreSQL keeps the text (`dgr migreer` converts).

use chrono::NaiveDate;

use dgr_core::gegevens::PolisSoort;

use crate::{Resultaat, StoreFout};

/// Chrono's number of 1 January 1970 (day 0 here), counting 1 January of year 1 as day 1: the
/// 1969 years before it have 1969 · 365 days and 477 leap days (492 years divisible by 4, less
/// 19 by 100, plus 4 by 400), so it falls 719,162 days after day 1.
const EERSTE_JANUARI_1970: i32 = 719_163;

/// The stored day number of `d`: days since 1 January 1970, negative before it (2024-01-01 is
/// 19,723).
pub(crate) fn dag_getal(d: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&d) - EERSTE_JANUARI_1970)
}

/// The date of stored day number `n` ([`dag_getal`]).
///
/// # Errors
/// [`StoreFout::Corrupt`] naming `tabel` for a number outside chrono's dates (about 262,000
/// years either side of year 0), which the register never writes.
pub(crate) fn lees_dag(tabel: &'static str, n: i64) -> Resultaat<NaiveDate> {
    dag_van_jaar_een(n)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| StoreFout::Corrupt {
            tabel,
            reden: format!("dagnummer {n} is geen datum"),
        })
}

/// The date in column `i` of `r`, a stored day number ([`lees_dag`]).
///
/// # Errors
/// [`StoreFout::Corrupt`] naming `tabel` for a value that is not a number (such as a text the
/// migration to numbers kept because it was no date) or no date; [`StoreFout::Database`] when
/// the column is not there.
pub(crate) fn lees_dag_uit(
    tabel: &'static str,
    r: &rusqlite::Row<'_>,
    i: usize,
) -> Resultaat<NaiveDate> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Integer(n) => lees_dag(tabel, n),
        anders => Err(StoreFout::Corrupt {
            tabel,
            reden: format!(
                "kolom {i}: {:?} in plaats van een dagnummer",
                anders.data_type()
            ),
        }),
    }
}

/// Stored day number `n` ([`dag_getal`]) as chrono counts days (from 1 January of year 1, day
/// 1), the form the report copies hold; `None` outside `i32`.
pub(crate) fn dag_van_jaar_een(n: i64) -> Option<i32> {
    i32::try_from(n).ok()?.checked_add(EERSTE_JANUARI_1970)
}

/// Every kind, in the order of its stored code.
const SOORTEN: [PolisSoort; 3] = [
    PolisSoort::Regulier,
    PolisSoort::WswBeschut,
    PolisSoort::BeschutWerk,
];

/// The stored code of a polis row's kind: 0 REGULIER, 1 WSW_BESCHUT, 2 BESCHUT_WERK (the order
/// the report copies use too).
pub(crate) fn soort_getal(soort: PolisSoort) -> i64 {
    match soort {
        PolisSoort::Regulier => 0,
        PolisSoort::WswBeschut => 1,
        PolisSoort::BeschutWerk => 2,
    }
}

/// The kind of stored code `n` ([`soort_getal`]); `None` for any other number, which the
/// register never writes (a row migrated from an unknown text keeps that text, and is read as
/// no code at all).
pub(crate) fn soort_uit_getal(n: i64) -> Option<PolisSoort> {
    SOORTEN.get(usize::try_from(n).ok()?).copied()
}

/// The stored code of a polis row's kind in column `i` of `r` as [`soort_uit_getal`] reads
/// it: `None` for a code that is none of those, or for a value that is not a number.
///
/// # Errors
/// [`StoreFout::Database`] when the column is not there.
pub(crate) fn lees_soort(r: &rusqlite::Row<'_>, i: usize) -> Resultaat<Option<PolisSoort>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Integer(n) => soort_uit_getal(n),
        _ => None,
    })
}

/// The SQL that reads column `kolom` of SQLite table `tabel` in the text form PostgreSQL keeps
/// (`dgr migreer`): a day number as `JJJJ-MM-DD`, a kind's code as its name; any other value
/// as it is, a day number outside SQLite's years 0 to 9999 too (so that the copy refuses a
/// value of the wrong type, naming table and column). The column as it is for every other
/// column.
pub(crate) fn als_tekst_sql(tabel: &str, kolom: &str) -> String {
    match (tabel, kolom) {
        ("polis_versies", "tijdvak_begin" | "tijdvak_einde") => format!(
            "CASE typeof({kolom}) WHEN 'integer' \
             THEN coalesce(date({kolom} * 86400, 'unixepoch'), {kolom}) ELSE {kolom} END"
        ),
        ("polis_versies", "soort") => {
            let namen: String = SOORTEN
                .iter()
                .map(|&s| format!("WHEN {} THEN '{}' ", soort_getal(s), s.code()))
                .collect();
            format!("CASE soort {namen}ELSE soort END")
        }
        _ => kolom.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_else(|| unreachable!("{j}-{m}-{dag}"))
    }

    /// Day numbers worked out by hand: 1970-01-01 is 0; 1970-03-01 is 31 + 28 = 59; 2024-01-01
    /// is 54 years of 365 days plus the 13 leap days of 1972–2020 = 19,723, and 2024-03-01 is
    /// 31 + 29 days later = 19,783; 1969-12-31 is −1.
    #[test]
    fn dagnummers_met_de_hand() {
        assert_eq!(dag_getal(d(1970, 1, 1)), 0);
        assert_eq!(dag_getal(d(1970, 3, 1)), 59);
        assert_eq!(dag_getal(d(2024, 1, 1)), 54 * 365 + 13);
        assert_eq!(dag_getal(d(2024, 3, 1)), 19_723 + 31 + 29);
        assert_eq!(dag_getal(d(1969, 12, 31)), -1);
    }

    /// Every day from 1900 to 2100 reads back as itself, the numbers rise by one a day (so
    /// they order as the dates), and they are what SQLite's `unixepoch` gives for the date's
    /// text, divided by 86,400 seconds a day: the migration converts the text that way.
    #[test]
    fn dagnummers_heen_en_terug_en_zoals_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap_or_else(|e| unreachable!("{e}"));
        let mut stmt = conn
            .prepare("SELECT unixepoch(?1) / 86400, date(?2 * 86400, 'unixepoch')")
            .unwrap_or_else(|e| unreachable!("{e}"));
        let mut dag = d(1900, 1, 1);
        let mut vorige = dag_getal(dag) - 1;
        while chrono::Datelike::year(&dag) <= 2100 {
            let n = dag_getal(dag);
            assert_eq!(n, vorige + 1);
            assert_eq!(lees_dag("t", n).ok(), Some(dag));
            if chrono::Datelike::day(&dag) == 1 {
                let (sqlite, tekst): (i64, String) = stmt
                    .query_row(rusqlite::params![dag.to_string(), n], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .unwrap_or_else(|e| unreachable!("{e}"));
                assert_eq!((sqlite, tekst), (n, dag.to_string()));
            }
            vorige = n;
            dag = dag.succ_opt().unwrap_or_else(|| unreachable!());
        }
        assert_eq!(dag_van_jaar_een(0), Some(719_163));
        assert!(lees_dag("t", i64::MAX).is_err());
        assert!(lees_dag("t", i64::from(i32::MAX)).is_err());
    }

    /// The codes of the three kinds and back; any other number is no kind.
    #[test]
    fn soortcodes() {
        for (soort, code) in [
            (PolisSoort::Regulier, 0),
            (PolisSoort::WswBeschut, 1),
            (PolisSoort::BeschutWerk, 2),
        ] {
            assert_eq!(soort_getal(soort), code);
            assert_eq!(soort_uit_getal(code), Some(soort));
        }
        assert_eq!(soort_uit_getal(3), None);
        assert_eq!(soort_uit_getal(-1), None);
    }

    /// The text form for PostgreSQL: the days and codes written here read back as the dates
    /// and names the register delivered, and an unknown value stays as it is.
    #[test]
    fn als_tekst_voor_postgres() {
        let conn = rusqlite::Connection::open_in_memory().unwrap_or_else(|e| unreachable!("{e}"));
        let lees = |kolom: &str, waarde: rusqlite::types::Value| -> rusqlite::types::Value {
            let sql = format!(
                "SELECT {} FROM (SELECT ?1 AS {kolom})",
                als_tekst_sql("polis_versies", kolom)
            );
            conn.query_row(&sql, [waarde], |r| r.get(0))
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        use rusqlite::types::Value::{Integer, Text};
        let tekst = |t: &str| Text(t.to_string());
        let dag = dag_getal(d(2024, 2, 29));
        assert_eq!(lees("tijdvak_begin", Integer(dag)), tekst("2024-02-29"));
        assert_eq!(lees("tijdvak_einde", Integer(-1)), tekst("1969-12-31"));
        assert_eq!(lees("tijdvak_einde", tekst("geen")), tekst("geen"));
        // 10 million days after 1970 is past the year 9999, which SQLite's dates end with
        assert_eq!(
            lees("tijdvak_einde", Integer(10_000_000)),
            Integer(10_000_000)
        );
        assert_eq!(lees("soort", Integer(0)), tekst("REGULIER"));
        assert_eq!(lees("soort", Integer(1)), tekst("WSW_BESCHUT"));
        assert_eq!(lees("soort", Integer(2)), tekst("BESCHUT_WERK"));
        assert_eq!(lees("soort", Integer(7)), Integer(7));
        assert_eq!(als_tekst_sql("polis_versies", "uren"), "uren");
        assert_eq!(als_tekst_sql("leveringen", "soort"), "soort");
    }
}
