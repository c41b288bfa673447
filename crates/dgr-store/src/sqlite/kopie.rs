//! Report copies (issue #13): what the reports' largest scans read, as fixed-width binary
//! records in version-id order, one row of `rapportkopieen` per copied table, stored with the
//! stand of the table it was made at (its highest version id plus one). Every change of a
//! registration or of a person's data inserts a new version with a higher id (the one write
//! path of each, `schrijf_registratie` and `schrijf_persoon`, which also close the version it
//! replaces) and none is ever deleted, so a copy at the table's stand holds the table as it is.
//!
//! Two copies:
//! - the registrations, for [`crate::Store::voor_elke_registratieperiode_in`]: every version
//!   the scan's query can return (a withdrawn one, or one that ends on or before its start, is
//!   never returned and is left out); the windows and `bekend_op` are tested on the
//!   records exactly as the query tests them. A national register's 548k versions are 18 MB
//!   here against 79 MB of rows of 21 columns with text dates, which SQLite reads at about
//!   250 ns a row;
//! - the persons' woongemeenten, for [`crate::Store::voor_elke_woongemeente`] (the trend).
//!
//! A scan reads the copy instead of the table when its stand is the table's. A store opened for
//! reports ([`SqliteStore::open_rapportlezer`], `dgr rapport`) makes a new copy when the stored
//! one is missing or stale (the first report after a change pays one full scan of the table,
//! and stores the copy when the register can be written at once); other stores only use a
//! current one. A copy is not made when a value could not be held as the query reads it (a date
//! not in the stored form `JJJJ-MM-DD`, which compares differently as text than as a day; a
//! value of another type; more than [`MAX_CODES`] codes): scans then read the table.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};

use dgr_core::{Bsn, Gemeentecode, Periode};

use super::{SqliteStore, lees_bsn, lees_gemeente, tijd_getal};
use crate::{Resultaat, StoreFout};

/// One kind of report copy.
struct Soort {
    /// Its name in `rapportkopieen`: the table it copies.
    naam: &'static str,
    /// The query of that table's stand.
    stand: &'static str,
    /// Makes the copy from the table, read in the caller's read transaction; `Ok(None)` when it
    /// cannot be made.
    maak: fn(&Connection) -> Resultaat<Option<Vec<u8>>>,
}

/// The copy of the registrations.
const REGISTRATIES: Soort = Soort {
    naam: "registratie_versies",
    stand: super::rapportage::REGISTRATIE_STAND,
    maak: maak_registraties,
};

/// The copy of the persons' woongemeenten.
const PERSONEN: Soort = Soort {
    naam: "persoon_versies",
    stand: super::rapportage::PERSOON_STAND,
    maak: maak_personen,
};

/// The start of a copy of the registrations: what it is (kind 1), and the layout of its
/// records (1).
const KOP: &[u8; 12] = b"DGRKOPIE\x01\x01\x00\x00";

/// The start of a copy of the persons' woongemeenten (kind 2, layout 1).
const KOP_PERSONEN: &[u8; 12] = b"DGRKOPIE\x02\x01\x00\x00";

/// The bytes of one record: bsn u32, grondslag u16, reden einde u16 ([`GEEN_CODE`]: none),
/// ingangsdatum i32 and einddatum i32 (days from 1 January of year 1, [`OPEN`]: none),
/// geregistreerd_op i64 and vervallen_op i64 (µs, `tijd_getal`), and flags (bit 0: not
/// vervallen), all little-endian.
const RECORD: usize = 33;

/// The einddatum of a record of an open registration: beyond every date chrono can hold.
const OPEN: i32 = i32::MAX;

/// The reden einde of a record without one.
const GEEN_CODE: u16 = u16::MAX;

/// The most codes (grondslagen and redenen einde together) a copy holds; a national register
/// has a few dozen.
const MAX_CODES: usize = GEEN_CODE as usize;

/// The largest copy made (about 16 million versions): SQLite holds at most 1 GB in one value.
const MAX_BYTES: usize = 512 << 20;

/// The versions a copy is made of, in version-id order: those the scan's query can return
/// (`Registratiescan`).
const BRON_SQL: &str = "SELECT bsn, grondslag, ingangsdatum, einddatum, reden_einde, geregistreerd_op, vervallen_op \
     FROM registratie_versies NOT INDEXED \
     WHERE ingetrokken = 0 AND (einddatum IS NULL OR einddatum > ingangsdatum) ORDER BY versie_id";

/// A date as the number of its day, when stored in the form `JJJJ-MM-DD` that compares as text
/// as it does as a date.
fn dagnummer(tekst: &[u8]) -> Option<i32> {
    if tekst.len() != 10 {
        return None;
    }
    let datum = super::opgeslagen_datum(tekst)?;
    Some(datum.num_days_from_ce())
}

/// A window's bound as a day number, when its text form (`datum_tekst`) compares as the stored
/// dates do: years 0 to 9999.
fn grens(datum: NaiveDate) -> Option<i32> {
    (0..=9999)
        .contains(&datum.year())
        .then(|| datum.num_days_from_ce())
}

/// The codes of a copy being made, each numbered once.
#[derive(Default)]
struct Codes {
    nummers: std::collections::HashMap<String, u16, foldhash::fast::RandomState>,
    lijst: Vec<String>,
}

impl Codes {
    /// The number of `code`, added when new; `None` past [`MAX_CODES`].
    fn nummer(&mut self, code: &str) -> Option<u16> {
        if let Some(&n) = self.nummers.get(code) {
            return Some(n);
        }
        let n = u16::try_from(self.lijst.len())
            .ok()
            .filter(|&n| usize::from(n) < MAX_CODES)?;
        self.lijst.push(code.to_string());
        self.nummers.insert(code.to_string(), n);
        Some(n)
    }
}

/// Makes the copy of the registrations from the table, read on `conn` (in the caller's read
/// transaction); `Ok(None)` when it cannot be made (see the module).
///
/// # Errors
/// [`StoreFout`] on a failed read.
fn maak_registraties(conn: &Connection) -> Resultaat<Option<Vec<u8>>> {
    let mut codes = Codes::default();
    let mut records: Vec<u8> = Vec::new();
    let mut stmt = conn.prepare(BRON_SQL)?;
    let mut gelezen = stmt.query([])?;
    let mut n: u64 = 0;
    while let Some(r) = gelezen.next()? {
        let Some(record) = record(r, &mut codes) else {
            return Ok(None);
        };
        records.extend_from_slice(&record);
        n += 1;
        if records.len() > MAX_BYTES {
            return Ok(None);
        }
    }
    let mut kopie = Vec::with_capacity(records.len() + 64 * codes.lijst.len() + 32);
    kopie.extend_from_slice(KOP);
    let Ok(aantal) = u32::try_from(codes.lijst.len()) else {
        return Ok(None);
    };
    kopie.extend_from_slice(&aantal.to_le_bytes());
    for code in &codes.lijst {
        let Ok(lengte) = u16::try_from(code.len()) else {
            return Ok(None);
        };
        kopie.extend_from_slice(&lengte.to_le_bytes());
        kopie.extend_from_slice(code.as_bytes());
    }
    kopie.extend_from_slice(&n.to_le_bytes());
    kopie.extend_from_slice(&records);
    Ok(Some(kopie))
}

/// Column `i` of `r` as text (`Some(None)` for NULL); `None` for any other type or text that is
/// not UTF-8, which the table's query would refuse as corrupt.
fn tekst_of_niets<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Option<Option<&'r str>> {
    match r.get_ref(i).ok()? {
        ValueRef::Text(b) => std::str::from_utf8(b).ok().map(Some),
        ValueRef::Null => Some(None),
        _ => None,
    }
}

/// Column `i` of `r` as an integer (`Some(None)` for NULL); `None` for any other type.
fn getal_of_niets(r: &rusqlite::Row<'_>, i: usize) -> Option<Option<i64>> {
    match r.get_ref(i).ok()? {
        ValueRef::Integer(n) => Some(Some(n)),
        ValueRef::Null => Some(None),
        _ => None,
    }
}

/// The record of one row of [`BRON_SQL`], its codes numbered in `codes`; `None` when the row
/// cannot be held as the table's query reads it (a value of another type, a date not in the
/// stored form, too many codes).
fn record(r: &rusqlite::Row<'_>, codes: &mut Codes) -> Option<[u8; RECORD]> {
    let bsn = u32::try_from(getal_of_niets(r, 0)??).ok()?;
    let grondslag = codes.nummer(tekst_of_niets(r, 1)??)?;
    let begin = dagnummer(tekst_of_niets(r, 2)??.as_bytes())?;
    let einde = match tekst_of_niets(r, 3)? {
        None => OPEN,
        Some(e) => dagnummer(e.as_bytes())?,
    };
    let reden = match tekst_of_niets(r, 4)? {
        None => GEEN_CODE,
        Some(reden) => codes.nummer(reden)?,
    };
    let geregistreerd_op = getal_of_niets(r, 5)??;
    let vervallen_op = getal_of_niets(r, 6)?;
    let mut uit = [0u8; RECORD];
    let velden: [&[u8]; 8] = [
        &bsn.to_le_bytes(),
        &grondslag.to_le_bytes(),
        &reden.to_le_bytes(),
        &begin.to_le_bytes(),
        &einde.to_le_bytes(),
        &geregistreerd_op.to_le_bytes(),
        &vervallen_op.unwrap_or(0).to_le_bytes(),
        &[u8::from(vervallen_op.is_none())],
    ];
    let mut plek = 0;
    for veld in velden {
        uit.get_mut(plek..plek + veld.len())?.copy_from_slice(veld);
        plek += veld.len();
    }
    Some(uit)
}

/// A copy read back: its codes and its records (checked to fit the header).
struct Kopie<'b> {
    codes: Vec<&'b str>,
    records: &'b [u8],
}

/// `N` bytes of `b` from `plek`, if there are.
fn bytes_op<const N: usize>(b: &[u8], plek: usize) -> Option<[u8; N]> {
    b.get(plek..plek.checked_add(N)?)?.try_into().ok()
}

impl<'b> Kopie<'b> {
    /// The copy in `b`, or `None` when it is not one this version makes (another layout, or
    /// damaged).
    fn lees(b: &'b [u8]) -> Option<Kopie<'b>> {
        let rest = b.strip_prefix(KOP)?;
        let aantal_codes = u32::from_le_bytes(bytes_op(rest, 0)?) as usize;
        let mut plek = 4;
        let mut codes = Vec::with_capacity(aantal_codes.min(MAX_CODES));
        for _ in 0..aantal_codes {
            let lengte = usize::from(u16::from_le_bytes(bytes_op(rest, plek)?));
            let code = rest.get(plek + 2..plek + 2 + lengte)?;
            codes.push(std::str::from_utf8(code).ok()?);
            plek += 2 + lengte;
        }
        let n = u64::from_le_bytes(bytes_op(rest, plek)?);
        let records = rest.get(plek + 8..)?;
        (u64::try_from(records.len()).ok()? == n.checked_mul(RECORD as u64)?)
            .then_some(Kopie { codes, records })
    }

    /// Hands on every version known at `t` (µs) that overlaps one of the windows (day numbers,
    /// half-open), in version-id order, as the table's query does.
    ///
    /// # Errors
    /// [`StoreFout::Corrupt`] for a returned record with an invalid BSN, date or code.
    fn voor_elke(
        &self,
        vensters: &[(i32, i32)],
        t: i64,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        for r in self.records.chunks_exact(RECORD) {
            let veld = |plek| bytes_op::<4>(r, plek).map_or(0, i32::from_le_bytes);
            let tijd = |plek| bytes_op::<8>(r, plek).map_or(0, i64::from_le_bytes);
            let (begin, einde) = (veld(8), veld(12));
            let niet_vervallen = r.get(32).is_some_and(|v| v & 1 == 1);
            if tijd(16) > t
                || !(niet_vervallen || tijd(24) > t)
                || !vensters
                    .iter()
                    .any(|&(van, tot)| begin < tot && einde > van)
            {
                continue;
            }
            self.geef(r, begin, einde, per_periode)?;
        }
        Ok(())
    }

    /// Hands on the period of record `r` (with its first and last day numbers).
    fn geef(
        &self,
        r: &[u8],
        begin: i32,
        einde: i32,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        const T: &str = "rapportkopieen";
        let corrupt = |reden: &str| StoreFout::Corrupt {
            tabel: T,
            reden: reden.into(),
        };
        let bsn: Bsn = lees_bsn(
            T,
            bytes_op::<4>(r, 0).map_or(0, |b| u32::from_le_bytes(b).into()),
        )?;
        let code = |plek| bytes_op::<2>(r, plek).map_or(GEEN_CODE, u16::from_le_bytes);
        let grondslag = self
            .codes
            .get(usize::from(code(4)))
            .ok_or_else(|| corrupt("grondslag"))?;
        let reden_einde = match code(6) {
            GEEN_CODE => None,
            n => Some(
                *self
                    .codes
                    .get(usize::from(n))
                    .ok_or_else(|| corrupt("reden"))?,
            ),
        };
        let dag = |d| NaiveDate::from_num_days_from_ce_opt(d).ok_or_else(|| corrupt("datum"));
        let einde = if einde == OPEN {
            None
        } else {
            Some(dag(einde)?)
        };
        if let Some(periode) = Periode::new(dag(begin)?, einde) {
            per_periode(&crate::Registratieperiode {
                bsn,
                grondslag,
                periode,
                reden_einde,
            });
        }
        Ok(())
    }
}

/// The bytes of one record of the persons' copy: bsn u32, woongemeente u16, geregistreerd_op
/// i64 and vervallen_op i64 (µs), and flags (bit 0: not vervallen, bit 1: no woongemeente),
/// all little-endian.
const PERSOONRECORD: usize = 23;

/// Makes the copy of the persons' woongemeenten from the table, read on `conn` (in the caller's
/// read transaction); `Ok(None)` when a value cannot be held as the scan's query reads it.
///
/// # Errors
/// [`StoreFout`] on a failed read.
fn maak_personen(conn: &Connection) -> Resultaat<Option<Vec<u8>>> {
    let mut stmt = conn.prepare(
        "SELECT bsn, woongemeente, geregistreerd_op, vervallen_op FROM persoon_versies ORDER BY versie_id",
    )?;
    let mut gelezen = stmt.query([])?;
    let mut records: Vec<u8> = Vec::new();
    let mut n: u64 = 0;
    while let Some(r) = gelezen.next()? {
        let Some(record) = persoonrecord(r) else {
            return Ok(None);
        };
        records.extend_from_slice(&record);
        n += 1;
        if records.len() > MAX_BYTES {
            return Ok(None);
        }
    }
    let mut kopie = Vec::with_capacity(records.len() + 20);
    kopie.extend_from_slice(KOP_PERSONEN);
    kopie.extend_from_slice(&n.to_le_bytes());
    kopie.extend_from_slice(&records);
    Ok(Some(kopie))
}

/// The record of one person's version; `None` when a value is of another type or out of range.
fn persoonrecord(r: &rusqlite::Row<'_>) -> Option<[u8; PERSOONRECORD]> {
    let bsn = u32::try_from(getal_of_niets(r, 0)??).ok()?;
    let gemeente = match getal_of_niets(r, 1)? {
        None => None,
        Some(g) => Some(u16::try_from(g).ok()?),
    };
    let geregistreerd_op = getal_of_niets(r, 2)??;
    let vervallen_op = getal_of_niets(r, 3)?;
    let vlaggen = u8::from(vervallen_op.is_none()) | (u8::from(gemeente.is_none()) << 1);
    let mut uit = [0u8; PERSOONRECORD];
    let velden: [&[u8]; 5] = [
        &bsn.to_le_bytes(),
        &gemeente.unwrap_or(0).to_le_bytes(),
        &geregistreerd_op.to_le_bytes(),
        &vervallen_op.unwrap_or(0).to_le_bytes(),
        &[vlaggen],
    ];
    let mut plek = 0;
    for veld in velden {
        uit.get_mut(plek..plek + veld.len())?.copy_from_slice(veld);
        plek += veld.len();
    }
    Some(uit)
}

/// The records of a persons' copy in `b`, or `None` when it is not one this version makes.
fn persoonrecords(b: &[u8]) -> Option<&[u8]> {
    let rest = b.strip_prefix(KOP_PERSONEN)?;
    let n = u64::from_le_bytes(bytes_op(rest, 0)?);
    let records = rest.get(8..)?;
    (u64::try_from(records.len()).ok()? == n.checked_mul(PERSOONRECORD as u64)?).then_some(records)
}

/// Hands on each person's version known at `t` (µs) with its woongemeente, in version-id
/// order, as the table's query does.
///
/// # Errors
/// [`StoreFout::Corrupt`] for a returned record with an invalid BSN or gemeentecode.
fn voor_elke_persoon(
    records: &[u8],
    t: i64,
    per_persoon: &mut dyn FnMut(Bsn, Option<Gemeentecode>),
) -> Resultaat<()> {
    const T: &str = "rapportkopieen";
    for r in records.chunks_exact(PERSOONRECORD) {
        let tijd = |plek| bytes_op::<8>(r, plek).map_or(0, i64::from_le_bytes);
        let vlaggen = r.get(22).copied().unwrap_or(0);
        if tijd(6) > t || !(vlaggen & 1 == 1 || tijd(14) > t) {
            continue;
        }
        let bsn = lees_bsn(
            T,
            bytes_op::<4>(r, 0).map_or(0, |b| u32::from_le_bytes(b).into()),
        )?;
        let gemeente = (vlaggen & 2 == 0)
            .then(|| bytes_op::<2>(r, 4).map_or(0, |b| u16::from_le_bytes(b).into()));
        per_persoon(bsn, lees_gemeente(T, gemeente)?);
    }
    Ok(())
}

impl SqliteStore {
    /// The registrations overlapping `vensters` as known at `bekend_op`, read from their copy
    /// (see the module). `None` when the scan is to read the table: no current copy (and none
    /// made), or a window that text and day numbers would compare differently.
    pub(super) fn registraties_uit_kopie(
        &self,
        vensters: &[(NaiveDate, NaiveDate)],
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Option<Resultaat<()>> {
        let vensters: Vec<(i32, i32)> = vensters
            .iter()
            .map(|&(van, tot)| Some((grens(van)?, grens(tot)?)))
            .collect::<Option<_>>()?;
        let t = tijd_getal(bekend_op);
        self.uit_kopie(&REGISTRATIES, &mut |b| {
            Kopie::lees(b).map(|kopie| kopie.voor_elke(&vensters, t, &mut *per_periode))
        })
    }

    /// Each person's version known at `bekend_op` with its woongemeente, read from the copy of
    /// the persons (see the module); `None` when the scan is to read the table.
    pub(super) fn woongemeenten_uit_kopie(
        &self,
        bekend_op: DateTime<Utc>,
        per_persoon: &mut dyn FnMut(Bsn, Option<Gemeentecode>),
    ) -> Option<Resultaat<()>> {
        let t = tijd_getal(bekend_op);
        self.uit_kopie(&PERSONEN, &mut |b| {
            persoonrecords(b).map(|records| voor_elke_persoon(records, t, &mut *per_persoon))
        })
    }

    /// Reads the copy of `soort` at its table's stand with `lees`, which gives `None` for bytes
    /// that are not such a copy, in one read transaction with the stand (or in the transaction
    /// this connection is in). A store that makes copies makes one when none is stored at the
    /// stand (or the stored one cannot be read), reads it, and stores it after the read
    /// transaction. `None` when the table is to be read instead.
    fn uit_kopie(
        &self,
        soort: &Soort,
        lees: &mut dyn FnMut(&[u8]) -> Option<Resultaat<()>>,
    ) -> Option<Resultaat<()>> {
        #[cfg(test)]
        if self
            .tweede_lezer
            .zonder_kopie
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return None;
        }
        let lezing = if self.conn.is_autocommit() {
            match super::tweede_lezer::Leestransactie::begin(&self.conn, soort.stand) {
                Ok(begonnen) => Some(begonnen),
                Err(e) => return Some(Err(e)),
            }
        } else {
            None
        };
        let stand = match &lezing {
            Some((_, stand)) => *stand,
            None => match self.conn.query_row(soort.stand, [], |r| r.get(0)) {
                Ok(stand) => stand,
                Err(e) => return Some(Err(e.into())),
            },
        };
        let opgeslagen = match self.kopie_van(soort, stand) {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        let mut nieuw = None;
        let mut uitkomst = opgeslagen.as_deref().and_then(&mut *lees);
        if uitkomst.is_none() && self.maakt_kopieen {
            match (soort.maak)(&self.conn) {
                Ok(Some(b)) => {
                    uitkomst = lees(&b);
                    nieuw = Some(b);
                }
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        let uitkomst = uitkomst?;
        #[cfg(test)]
        self.tweede_lezer
            .uit_kopie
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let uitkomst = match lezing {
            Some((lezing, _)) => uitkomst.and_then(|()| lezing.eind()),
            None => uitkomst,
        };
        if let Some(b) = nieuw.filter(|_| uitkomst.is_ok() && self.conn.is_autocommit()) {
            self.bewaar_kopie(soort, stand, &b);
        }
        Some(uitkomst)
    }

    /// The stored copy of `soort` if it was made at `stand`.
    ///
    /// # Errors
    /// [`StoreFout`] on a failed read.
    fn kopie_van(&self, soort: &Soort, stand: i64) -> Resultaat<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT gegevens FROM rapportkopieen WHERE naam = ?1 AND stand = ?2")?
            .query_row(params![soort.naam, stand], |r| r.get(0))
            .optional()?)
    }

    /// Stores a copy of `soort` made at `stand`, when the register can be written at once: a
    /// report never waits for a delivery, nor a delivery for a report (the copy is made again
    /// next time).
    fn bewaar_kopie(&self, soort: &Soort, stand: i64, bytes: &[u8]) {
        let geduld = std::time::Duration::from_secs(super::GEDULD_SECONDEN);
        let schrijf = || -> Resultaat<()> {
            self.conn.busy_timeout(std::time::Duration::ZERO)?;
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let gedaan = self
                .conn
                .execute(
                    "INSERT OR REPLACE INTO rapportkopieen (naam, stand, gegevens) VALUES (?1, ?2, ?3)",
                    params![soort.naam, stand, bytes],
                )
                .map_err(StoreFout::from)
                .and_then(|_| Ok(self.conn.execute_batch("COMMIT")?));
            if gedaan.is_err() && !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            gedaan
        };
        let uitkomst = schrijf();
        let _ = self.conn.busy_timeout(geduld);
        match uitkomst {
            Ok(()) => tracing::debug!(
                kopie = soort.naam,
                stand,
                bytes = bytes.len(),
                "rapportkopie bewaard"
            ),
            Err(e) => {
                tracing::debug!(kopie = soort.naam, fout = %e, "rapportkopie niet bewaard (volgende keer opnieuw)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{KOP, Kopie, RECORD, dagnummer, grens};
    use chrono::NaiveDate;

    #[test]
    fn dagnummers_alleen_van_opgeslagen_datums() {
        // 1 January of year 1 is day 1, 31 January day 31
        assert_eq!(dagnummer(b"0001-01-01"), Some(1));
        assert_eq!(dagnummer(b"0001-01-31"), Some(31));
        assert!(dagnummer(b"2024-02-29") < dagnummer(b"2024-03-01"));
        for anders in [
            &b"2024-2-29"[..],
            b"2023-02-29",
            b"+10000-01-01",
            b"2024-02-29 ",
            b"",
        ] {
            assert_eq!(
                dagnummer(anders),
                None,
                "{}",
                String::from_utf8_lossy(anders)
            );
        }
        let d = |j, m, dag| NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default();
        assert_eq!(grens(d(9999, 12, 31)), dagnummer(b"9999-12-31"));
        assert_eq!(grens(d(10000, 1, 1)), None);
        assert_eq!(grens(d(-1, 1, 1)), None);
    }

    #[test]
    fn beschadigde_kopie_wordt_niet_gelezen() {
        // a header with no codes and one record, then the record
        let mut goed = KOP.to_vec();
        goed.extend_from_slice(&0u32.to_le_bytes());
        goed.extend_from_slice(&1u64.to_le_bytes());
        goed.extend_from_slice(&[0u8; RECORD]);
        assert!(Kopie::lees(&goed).is_some());
        // one byte short, one too many, another layout, a count that overflows
        assert!(Kopie::lees(&goed[..goed.len() - 1]).is_none());
        let mut lang = goed.clone();
        lang.push(0);
        assert!(Kopie::lees(&lang).is_none());
        let mut ander = goed.clone();
        ander[8] = 2;
        assert!(Kopie::lees(&ander).is_none());
        let mut te_veel = KOP.to_vec();
        te_veel.extend_from_slice(&0u32.to_le_bytes());
        te_veel.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(Kopie::lees(&te_veel).is_none());
        // more codes announced than there are bytes
        let mut codes = KOP.to_vec();
        codes.extend_from_slice(&3u32.to_le_bytes());
        codes.extend_from_slice(&2u16.to_le_bytes());
        codes.extend_from_slice(b"WS");
        assert!(Kopie::lees(&codes).is_none());
    }
}
