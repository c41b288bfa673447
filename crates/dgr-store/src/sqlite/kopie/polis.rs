//! The report copies of the polis rows: one per month of first days of pay periods (named
//! `polis_versies:JJJJ-MM`), all at the stand of `polis_versies` (`polis_volgnummer`, which
//! every transaction that writes polis rows raises). A scan of a period's polis rows
//! ([`crate::Store::voor_elke_polisrij`]) reads the copies of the months its first days fall in
//! — for a year thirteen, the December before it included, since a pay period begins at most
//! 31 days before the period — when all are current or can be made, and tests the period and
//! `bekend_op` on the records as the table's query does; the records of a month are in
//! the order of the polis key and version id, which is the order the query gives.
//!
//! Every polis delivery makes every month's copy stale, and a report made after one makes the
//! copies of the months it reads again (a month of the national demo: about 50,000 rows, 2.7 MB).

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rusqlite::Connection;

use dgr_core::Honderdsten;
use dgr_core::gegevens::{PolisRij, PolisSoort};

use super::{Vraag, bytes_op, getal_of_niets, grens, in_een_buffer, record_van, records_na};
use crate::Resultaat;
use crate::sqlite::polisvorm::{
    dag_getal, dag_van_jaar_een, lees_soort, soort_getal, soort_uit_getal,
};
use crate::sqlite::rapportage::{POLIS_OP_DAGEN, lhn};
use crate::sqlite::{SqliteStore, lees_bsn, tijd_getal};

/// The start of a copy of a month's polis rows (kind 3, layout 1).
const KOP_POLIS: &[u8; 12] = b"DGRKOPIE\x03\x01\x00\x00";

/// The bytes of one record: bsn u32, loonheffingennummer i64, inlener i64, first and last day
/// of the pay period i32 (days from 1 January of year 1), hours i64 (hundredths), soort u8
/// (0 REGULIER, 1 WSW_BESCHUT, 2 BESCHUT_WERK), geregistreerd_op and vervallen_op i64 (µs), and
/// flags (bit 0: not vervallen, bit 1: no inlener), all little-endian.
const RECORD: usize = 54;

/// The largest copy of one month (a month of the national demo is 2.7 MB): at most
/// [`MAX_MAANDEN`] of them are held at once.
const MAX_MAAND_BYTES: usize = 64 << 20;

/// The most months one scan reads from copies (a year and the December before it: 13); a
/// longer period reads the table.
const MAX_MAANDEN: usize = 25;

/// A month's versions, per first day in order of version id: the order the stretches of
/// `polis_stukken` give them in without a sort (a sort by key in SQLite took 0.15 s of a
/// national December's 178,610 versions, against 0.04 s for reading them); [`maak`] then puts
/// them in the scan's order.
static BRON_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, soort, \
         geregistreerd_op, vervallen_op FROM {POLIS_OP_DAGEN} ORDER BY dag, eerste, versie_id"
    )
});

/// The first days of the months holding the days `[vroegst, tot)`, each with the first day of
/// the next month; `None` for more than [`MAX_MAANDEN`] or a month outside the years 0 to 9999
/// (which no report asks for; the table answers those).
fn maanden(vroegst: NaiveDate, tot: NaiveDate) -> Option<Vec<(NaiveDate, NaiveDate)>> {
    let mut maand = vroegst.with_day(1)?;
    let mut uit = Vec::new();
    while maand < tot {
        let volgende = maand.checked_add_months(Months::new(1))?;
        grens(maand)?;
        grens(volgende)?;
        uit.push((maand, volgende));
        if uit.len() > MAX_MAANDEN {
            return None;
        }
        maand = volgende;
    }
    Some(uit)
}

/// The copy of the month `[maand, volgende)`, read on `conn`; `Ok(None)` when a row cannot be
/// held as the query reads it.
///
/// # Errors
/// [`crate::StoreFout`] on a failed read.
fn maak(
    conn: &Connection,
    (maand, volgende): (NaiveDate, NaiveDate),
) -> Resultaat<Option<Vec<u8>>> {
    let mut stmt = conn.prepare(&BRON_SQL)?;
    let mut gelezen = stmt.query([dag_getal(maand), dag_getal(volgende)])?;
    let mut kopie = in_een_buffer(KOP_POLIS, MAX_MAAND_BYTES, || {
        gelezen.next().map(|r| r.map(record))
    })?;
    if let Some(k) = kopie.as_mut() {
        orden(k);
    }
    Ok(kopie)
}

/// Puts the records of a copy made by [`maak`] in the order of the polis key (first day, BSN,
/// loonheffingennummer, last day) and version id, the order of the table's scan: the sort is
/// stable, and a key's versions, all of one first day, were read in order of version id.
fn orden(kopie: &mut [u8]) {
    let Some(records) = kopie.get_mut(KOP_POLIS.len() + 8..) else {
        return;
    };
    let mut lijst: Vec<[u8; RECORD]> = records
        .chunks_exact(RECORD)
        .filter_map(|r| r.try_into().ok())
        .collect();
    lijst.sort_by_key(|r| {
        let dag = |plek| bytes_op::<4>(r, plek).map_or(0, i32::from_le_bytes);
        let bsn = bytes_op::<4>(r, 0).map_or(0, u32::from_le_bytes);
        let lhn = bytes_op::<8>(r, 4).map_or(0, i64::from_le_bytes);
        (dag(20), bsn, lhn, dag(24))
    });
    for (plek, r) in records.chunks_exact_mut(RECORD).zip(&lijst) {
        plek.copy_from_slice(r);
    }
}

/// The record of one row of [`BRON_SQL`]; `None` when a value is of another type or a day
/// number is outside the copy's range (`i32` days from year 1).
fn record(r: &rusqlite::Row<'_>) -> Option<[u8; RECORD]> {
    let bsn = u32::try_from(getal_of_niets(r, 0)??).ok()?;
    let lhn = getal_of_niets(r, 1)??;
    let inlener = getal_of_niets(r, 2)?;
    let begin = dag_van_jaar_een(getal_of_niets(r, 3)??)?;
    let einde = dag_van_jaar_een(getal_of_niets(r, 4)??)?;
    let uren = getal_of_niets(r, 5)??;
    // as the query's reader: a soort it does not know (or stored as text) is ordinary work
    let soort = u8::try_from(lees_soort(r, 6).ok()?.map_or(0, soort_getal)).ok()?;
    let geregistreerd_op = getal_of_niets(r, 7)??;
    let vervallen_op = getal_of_niets(r, 8)?;
    let vlaggen = u8::from(vervallen_op.is_none()) | (u8::from(inlener.is_none()) << 1);
    let velden: [&[u8]; 10] = [
        &bsn.to_le_bytes(),
        &lhn.to_le_bytes(),
        &inlener.unwrap_or(0).to_le_bytes(),
        &begin.to_le_bytes(),
        &einde.to_le_bytes(),
        &uren.to_le_bytes(),
        &[soort],
        &geregistreerd_op.to_le_bytes(),
        &vervallen_op.unwrap_or(0).to_le_bytes(),
        &[vlaggen],
    ];
    record_van(&velden)
}

/// The records of a month's copy in `b`, or `None` when it is not one this version makes.
fn records(b: &[u8]) -> Option<&[u8]> {
    records_na(b, KOP_POLIS, RECORD)
}

/// A scan of the polis rows: first days in `[vroegst, tot)`, last day on or after `van`, known
/// at `t` (µs), all as day numbers.
struct Polisvraag {
    vroegst: i32,
    tot: i32,
    van: i32,
    t: i64,
}

impl Polisvraag {
    /// Hands on each row of `records` the scan returns, in their order.
    ///
    /// # Errors
    /// [`crate::StoreFout::Corrupt`] for a returned record with an invalid BSN,
    /// loonheffingennummer or date.
    fn voor_elke(&self, records: &[u8], per_rij: &mut dyn FnMut(PolisRij)) -> Resultaat<()> {
        for r in records.chunks_exact(RECORD) {
            let dag = |plek| bytes_op::<4>(r, plek).map_or(0, i32::from_le_bytes);
            let getal = |plek| bytes_op::<8>(r, plek).map_or(0, i64::from_le_bytes);
            let vlaggen = r.get(53).copied().unwrap_or(0);
            let (begin, einde) = (dag(20), dag(24));
            if begin < self.vroegst
                || begin >= self.tot
                || einde < self.van
                || getal(37) > self.t
                || !(vlaggen & 1 == 1 || getal(45) > self.t)
            {
                continue;
            }
            per_rij(polisrij(r, begin, einde, vlaggen)?);
        }
        Ok(())
    }
}

/// The polis row of record `r` (with its first and last day numbers and its flags).
///
/// # Errors
/// [`crate::StoreFout::Corrupt`] for an invalid BSN, loonheffingennummer or date.
fn polisrij(r: &[u8], begin: i32, einde: i32, vlaggen: u8) -> Resultaat<PolisRij> {
    const T: &str = "polis_versies";
    let getal = |plek| bytes_op::<8>(r, plek).map_or(0, i64::from_le_bytes);
    let dag = |d| {
        NaiveDate::from_num_days_from_ce_opt(d).ok_or_else(|| crate::StoreFout::Corrupt {
            tabel: T,
            reden: "datum".into(),
        })
    };
    Ok(PolisRij {
        bsn: lees_bsn(
            T,
            bytes_op::<4>(r, 0).map_or(0, |b| u32::from_le_bytes(b).into()),
        )?,
        loonheffingennummer: lhn(T, getal(4))?,
        inlener: (vlaggen & 2 == 0).then(|| lhn(T, getal(12))).transpose()?,
        tijdvak_begin: dag(begin)?,
        tijdvak_einde: dag(einde)?,
        verloonde_uren: Honderdsten(getal(28)),
        soort: r
            .get(36)
            .and_then(|&c| soort_uit_getal(c.into()))
            .unwrap_or(PolisSoort::Regulier),
    })
}

impl SqliteStore {
    /// The polis rows whose first day lies in `[vroegst, tot)` and whose last day is on or after
    /// `van`, known at `bekend_op`, read from the months' copies (see the module) in the order of
    /// the table's query. `None` when the scan is to read the table: a month's copy missing and
    /// not made, or a period of more than [`MAX_MAANDEN`] months.
    pub(in crate::sqlite) fn polis_uit_kopie(
        &self,
        (vroegst, van, tot): (NaiveDate, NaiveDate, NaiveDate),
        bekend_op: DateTime<Utc>,
        per_rij: &mut dyn FnMut(&PolisRij),
    ) -> Option<Resultaat<()>> {
        let maanden = maanden(vroegst, tot)?;
        let vraag = Polisvraag {
            vroegst: grens(vroegst)?,
            tot: grens(tot)?,
            van: grens(van)?,
            t: tijd_getal(bekend_op),
        };
        let kopieen = Vraag {
            stand: crate::sqlite::rapportage::POLIS_STAND,
            namen: maanden
                .iter()
                .map(|(m, _)| format!("polis_versies:{:04}-{:02}", m.year(), m.month()))
                .collect(),
            maak: &|conn, i| match maanden.get(i) {
                Some(&maand) => maak(conn, maand),
                None => Ok(None),
            },
            geldig: |b| records(b).is_some(),
        };
        let twee_kernen = self.tweede_lezer.toegestaan();
        self.uit_kopieen(&kopieen, &mut |gelezen| {
            super::op_twee_kernen(
                twee_kernen,
                |geef| {
                    gelezen
                        .iter()
                        .try_for_each(|b| vraag.voor_elke(records(b).unwrap_or_default(), geef))
                },
                &mut |rij| per_rij(&rij),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{KOP_POLIS, RECORD, maak, maanden, record};
    use crate::Store as _;
    use crate::postgres::tests::{levering, ok, polis, t};
    use crate::sqlite::SqliteStore;
    use chrono::NaiveDate;
    use dgr_core::{Bron, LeveringSoort};

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
    }

    /// A month's copy holds its versions in the order of the table's scan (polis key, then
    /// version id) although it reads them per first day in order of version id. Delivery A
    /// writes, in this order: person a at L02, a at L01 (so L02 has the lower id), b on 15
    /// January, and b in February (another month); delivery B corrects a at L02 twice (the
    /// second write replaces the first in the same delivery). The copy of January is then
    /// 1 January: a L01 (id 2); a L02 (ids 1, 5 and 6, in that order); 15 January: b (id 3).
    #[test]
    fn kopie_in_de_volgorde_van_de_sleutel() {
        let mut store = ok(SqliteStore::in_geheugen());
        let (a, b) = ("111222333", "123456782");
        let jan = |p: &str, lhn: &str, uren| polis(p, lhn, d(2024, 1, 1), d(2024, 1, 31), uren);
        let mut schrijf = |kenmerk: &str, tijd, rijen: &[dgr_core::gegevens::PolisRij]| {
            let mut tx = ok(store.transactie());
            let soort = (Bron::Uwv, LeveringSoort::Polis);
            let l = ok(tx.registreer_levering(&levering(soort.0, soort.1, kenmerk, t(tijd))));
            for r in rijen {
                ok(tx.schrijf_polis(r, t(tijd), l));
            }
            ok(tx.commit());
        };
        schrijf(
            "A",
            1,
            &[
                jan(a, "123456782L02", 100),
                jan(a, "123456782L01", 100),
                polis(b, "123456782L01", d(2024, 1, 15), d(2024, 2, 11), 100),
                polis(b, "123456782L01", d(2024, 2, 1), d(2024, 2, 29), 100),
            ],
        );
        schrijf(
            "B",
            2,
            &[jan(a, "123456782L02", 200), jan(a, "123456782L02", 300)],
        );
        let kopie = ok(maak(&store.conn, (d(2024, 1, 1), d(2024, 2, 1))))
            .unwrap_or_else(|| unreachable!("a copy"));
        let records = kopie.get(KOP_POLIS.len() + 8..).unwrap_or_default();
        // the hours of each record, in the copy's order
        let uren: Vec<i64> = records
            .chunks_exact(RECORD)
            .map(|r| super::bytes_op::<8>(r, 28).map_or(0, i64::from_le_bytes))
            .collect();
        assert_eq!(uren, [100, 100, 200, 300, 100]);
        // and byte for byte what the table gives in the order of its key and version id; its
        // days of January 2024 are numbered from 19,723 (1 January, `polisvorm`) to 19,753
        let mut stmt = store
            .conn
            .prepare(
                "SELECT bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, \
                 soort, geregistreerd_op, vervallen_op FROM polis_versies \
                 WHERE tijdvak_begin >= 19723 AND tijdvak_begin < 19723 + 31 \
                 ORDER BY tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde, versie_id",
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        let verwacht: Vec<u8> = stmt
            .query_map([], |r| Ok(record(r)))
            .and_then(|r| r.collect::<Result<Vec<_>, _>>())
            .unwrap_or_else(|e| unreachable!("{e}"))
            .into_iter()
            .flat_map(|r| r.unwrap_or_else(|| unreachable!("a record")))
            .collect();
        assert_eq!(records, verwacht.as_slice());
    }

    /// The months of a scan: a year's scan starts 31 days before it (13 months), a December's
    /// on 1 November (2 months), a day's in its own month, and none beyond 25 months.
    #[test]
    fn maanden_van_een_scan() {
        let jaar = maanden(d(2022, 12, 1), d(2024, 1, 1)).unwrap_or_default();
        assert_eq!(jaar.len(), 13);
        assert_eq!(jaar.first(), Some(&(d(2022, 12, 1), d(2023, 1, 1))));
        assert_eq!(jaar.last(), Some(&(d(2023, 12, 1), d(2024, 1, 1))));
        assert_eq!(
            maanden(d(2012, 10, 31), d(2013, 1, 1)),
            Some(vec![
                (d(2012, 10, 1), d(2012, 11, 1)),
                (d(2012, 11, 1), d(2012, 12, 1)),
                (d(2012, 12, 1), d(2013, 1, 1)),
            ])
        );
        assert_eq!(
            maanden(d(2013, 6, 15), d(2013, 6, 16)),
            Some(vec![(d(2013, 6, 1), d(2013, 7, 1))])
        );
        assert_eq!(maanden(d(2013, 1, 1), d(2013, 1, 1)), Some(vec![]));
        assert_eq!(maanden(d(2010, 1, 1), d(2013, 1, 1)), None);
        assert_eq!(maanden(d(9999, 12, 1), d(10000, 1, 1)), None);
    }
}
