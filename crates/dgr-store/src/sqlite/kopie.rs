//! Report copies (issue #13): what the reports' largest scans read, as fixed-width binary
//! records, one row of `rapportkopieen` per copy, stored with the stand of the table it was made
//! at. The writers only ever add versions with a higher id and close the version a new one
//! replaces, in the transaction that raises the stand (for the registrations and the persons
//! their highest version id plus one, for the polis `polis_volgnummer`), and never delete one;
//! triggers drop a table's copies on any other update or delete (a repair by hand, a later
//! migration), so a copy at the table's stand holds the table as it is. (A row inserted by hand
//! with an id below the stand is not noticed: a repair that adds rows must also
//! `DELETE FROM rapportkopieen`; a trigger on every insert would cost the writers' imports.)
//!
//! Three kinds:
//! - the registrations, for [`crate::Store::voor_elke_registratieperiode_in`]: every version
//!   the scan's query can return, in version-id order (a withdrawn one, or one that ends on or
//!   before its start, is never returned and is left out); the windows and `bekend_op`
//!   are tested on the records exactly as the query tests them. A national register's 548k
//!   versions are 18 MB here against 79 MB of rows of 21 columns with text dates, which SQLite
//!   reads at about 250 ns a row;
//! - the persons' woongemeenten, for [`crate::Store::voor_elke_woongemeente`] (the trend);
//! - a month's polis rows, for [`crate::Store::voor_elke_polisrij`] (`polis`).
//!
//! A scan reads the copies instead of the table when all it needs are at the table's stand.
//! The stores that compute reports — [`SqliteStore::open_rapportlezer`] (`dgr rapport`) and
//! [`SqliteStore::open_voorberekenaar`] (the server's background computation) — make a copy
//! that is missing or stale (the first report after a change pays one scan of the table for
//! it) and store it when the register file can be written at once; the server's readers only
//! use current ones; a connection inside a transaction reads the tables. A copy is not made when
//! a value could not be held as the query reads it (a
//! date not in the stored form `JJJJ-MM-DD`, which compares differently as text than as a day,
//! or for a polis row a day number outside the copy's range; a value of another type; more than [`MAX_CODES`] codes, or a code longer than
//! [`MAX_CODELENGTE`] bytes): scans then read the table, and the store does not try again until
//! the stand moves.
//!
//! A report store ([`SqliteStore::open_rapportlezer`]) decodes the registrations' and the
//! polis months' copies on a second thread while its own thread does the report's work per
//! row ([`op_twee_kernen`]); the server's stores decode on the thread that asks.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};

use dgr_core::{Bsn, Gemeentecode, Periode};

use super::rapportage::Codeboek;
use super::{SqliteStore, lees_bsn, lees_gemeente, tijd_getal};
use crate::{Resultaat, StoreFout};

mod polis;

/// Makes copy `i` of a [`Vraag`]'s names from the table, read in the caller's read
/// transaction; `Ok(None)` when it cannot be made.
type Maker<'m> = &'m dyn Fn(&Connection, usize) -> Resultaat<Option<Vec<u8>>>;

/// The copies one scan reads, all at one stand of their table.
struct Vraag<'m> {
    /// The query of the table's stand.
    stand: &'static str,
    /// Their names in `rapportkopieen` (the table, and for the polis the month).
    namen: Vec<String>,
    /// Makes copy `i` of `namen`.
    maak: Maker<'m>,
    /// Whether bytes are such a copy (a stored one that is not is made again).
    geldig: fn(&[u8]) -> bool,
}

/// The start of a copy of the registrations: what it is (kind 1), and its layout (2: the codes
/// after the records).
const KOP: &[u8; 12] = b"DGRKOPIE\x01\x02\x00\x00";

/// The start of a copy of the persons' woongemeenten (kind 2, layout 1).
const KOP_PERSONEN: &[u8; 12] = b"DGRKOPIE\x02\x01\x00\x00";

/// A copy of the registrations is [`KOP`], the number of records (u64), the records, the number
/// of codes (u32) and each code (its length in bytes, u16, and its UTF-8 bytes).
///
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

/// How long a store waits before it makes a copy again that it could not store (a delivery was
/// writing): at most one wasted scan of the table a minute per copy.
const NIEUWE_POGING: std::time::Duration = std::time::Duration::from_secs(60);

/// The longest code a copy holds, in bytes.
const MAX_CODELENGTE: usize = 64;

/// The largest copy read ([`MAX_BYTES`] of records and at most [`MAX_CODES`] codes of
/// [`MAX_CODELENGTE`] bytes), in bytes; a stored value larger than that is not read.
const MAX_KOPIE: i64 = (MAX_BYTES + MAX_CODES * (MAX_CODELENGTE + 2) + 64) as i64;

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
    super::opgeslagen_datum(tekst).map(|d| d.num_days_from_ce())
}

/// A window's bound as a day number, when its text form (`datum_tekst`) compares as the stored
/// dates do: years 0 to 9999 (the polis copies keep to the same years, which no report leaves).
fn grens(datum: NaiveDate) -> Option<i32> {
    (0..=9999)
        .contains(&datum.year())
        .then(|| datum.num_days_from_ce())
}

/// The number of `code` in the copy being made (`Codeboek` of the split scans, which numbers
/// each code once); `None` past [`MAX_CODES`] codes or for a code longer than [`MAX_CODELENGTE`]
/// bytes (grondslagen and redenen are short words).
fn codenummer(codes: &mut Codeboek, code: &str) -> Option<u16> {
    if code.len() > MAX_CODELENGTE {
        return None;
    }
    u16::try_from(codes.nummer(code)?)
        .ok()
        .filter(|&n| usize::from(n) < MAX_CODES)
}

/// Makes the copy of the registrations from the table, read on `conn` (in the caller's read
/// transaction); `Ok(None)` when it cannot be made (see the module).
///
/// # Errors
/// [`StoreFout`] on a failed read.
fn maak_registraties(conn: &Connection) -> Resultaat<Option<Vec<u8>>> {
    let mut codes = Codeboek::default();
    let mut stmt = conn.prepare(BRON_SQL)?;
    let mut gelezen = stmt.query([])?;
    let kopie = in_een_buffer(KOP, MAX_BYTES, || {
        gelezen.next().map(|r| r.map(|r| record(r, &mut codes)))
    })?;
    // the codes after the records
    let Some(mut kopie) = kopie else {
        return Ok(None);
    };
    let Ok(aantal) = u32::try_from(codes.codes().len()) else {
        return Ok(None);
    };
    kopie.extend_from_slice(&aantal.to_le_bytes());
    for code in codes.codes() {
        let Ok(lengte) = u16::try_from(code.len()) else {
            return Ok(None);
        };
        kopie.extend_from_slice(&lengte.to_le_bytes());
        kopie.extend_from_slice(code.as_bytes());
    }
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
fn record(r: &rusqlite::Row<'_>, codes: &mut Codeboek) -> Option<[u8; RECORD]> {
    let bsn = u32::try_from(getal_of_niets(r, 0)??).ok()?;
    let grondslag = codenummer(codes, tekst_of_niets(r, 1)??)?;
    let begin = dagnummer(tekst_of_niets(r, 2)??.as_bytes())?;
    let einde = match tekst_of_niets(r, 3)? {
        None => OPEN,
        Some(e) => dagnummer(e.as_bytes())?,
    };
    let reden = match tekst_of_niets(r, 4)? {
        None => GEEN_CODE,
        Some(reden) => codenummer(codes, reden)?,
    };
    let geregistreerd_op = getal_of_niets(r, 5)??;
    let vervallen_op = getal_of_niets(r, 6)?;
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
    record_van(&velden)
}

/// A copy read back: its codes and its records (checked to fit the header).
struct Kopie<'b> {
    codes: Vec<&'b str>,
    records: &'b [u8],
}

/// A record of `N` bytes: `velden` one after the other; `None` when they do not fill it.
fn record_van<const N: usize>(velden: &[&[u8]]) -> Option<[u8; N]> {
    let mut uit = [0u8; N];
    let mut plek: usize = 0;
    for veld in velden {
        uit.get_mut(plek..plek.checked_add(veld.len())?)?
            .copy_from_slice(veld);
        plek += veld.len();
    }
    (plek == N).then_some(uit)
}

/// The records of `N` bytes each of a copy in `b` that starts with `kop` and their number
/// (u64), or `None` when `b` is not such a copy.
fn records_na<'b>(b: &'b [u8], kop: &[u8; 12], n_bytes: usize) -> Option<&'b [u8]> {
    let rest = b.strip_prefix(kop)?;
    let n = u64::from_le_bytes(bytes_op(rest, 0)?);
    let records = rest.get(8..)?;
    (u64::try_from(records.len()).ok()? == n.checked_mul(n_bytes as u64)?).then_some(records)
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
        let n = usize::try_from(u64::from_le_bytes(bytes_op(rest, 0)?)).ok()?;
        let einde = n.checked_mul(RECORD)?.checked_add(8)?;
        let records = rest.get(8..einde)?;
        let rest = rest.get(einde..)?;
        let aantal_codes = u32::from_le_bytes(bytes_op(rest, 0)?) as usize;
        let mut plek = 4;
        let mut codes = Vec::with_capacity(aantal_codes.min(MAX_CODES));
        for _ in 0..aantal_codes {
            let lengte = usize::from(u16::from_le_bytes(bytes_op(rest, plek)?));
            let code = rest.get(plek + 2..plek + 2 + lengte)?;
            codes.push(std::str::from_utf8(code).ok()?);
            plek += 2 + lengte;
        }
        (plek == rest.len()).then_some(Kopie { codes, records })
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
        per_periode: &mut dyn FnMut(crate::Registratieperiode<'b>),
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
        per_periode: &mut dyn FnMut(crate::Registratieperiode<'b>),
    ) -> Resultaat<()> {
        const T: &str = "registratie_versies";
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
            per_periode(crate::Registratieperiode {
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
    Ok(in_een_buffer(KOP_PERSONEN, MAX_BYTES, || {
        gelezen.next().map(|r| r.map(persoonrecord))
    })?)
}

/// A copy of fixed-width records in one buffer: `kop`, their number (u64), and each record
/// `volgende` gives (`Ok(None)` at the end; `Some(None)` for a row that cannot be held, which
/// makes no copy), at most `max_bytes` of them.
///
/// # Errors
/// A failed read of `volgende`.
pub(super) fn in_een_buffer<const N: usize>(
    kop: &[u8; 12],
    max_bytes: usize,
    mut volgende: impl FnMut() -> rusqlite::Result<Option<Option<[u8; N]>>>,
) -> rusqlite::Result<Option<Vec<u8>>> {
    let mut kopie = kop.to_vec();
    kopie.extend_from_slice(&0u64.to_le_bytes());
    let mut n: u64 = 0;
    while let Some(record) = volgende()? {
        let Some(record) = record else {
            return Ok(None);
        };
        kopie.extend_from_slice(&record);
        n += 1;
        if kopie.len() > max_bytes {
            return Ok(None);
        }
    }
    if let Some(plek) = kopie.get_mut(kop.len()..kop.len() + 8) {
        plek.copy_from_slice(&n.to_le_bytes());
    }
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
    let velden: [&[u8]; 5] = [
        &bsn.to_le_bytes(),
        &gemeente.unwrap_or(0).to_le_bytes(),
        &geregistreerd_op.to_le_bytes(),
        &vervallen_op.unwrap_or(0).to_le_bytes(),
        &[vlaggen],
    ];
    record_van(&velden)
}

/// The records of a persons' copy in `b`, or `None` when it is not one this version makes.
fn persoonrecords(b: &[u8]) -> Option<&[u8]> {
    records_na(b, KOP_PERSONEN, PERSOONRECORD)
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
    const T: &str = "persoon_versies";
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

/// Rows handed on per batch from the decoding thread of [`op_twee_kernen`].
const STUK: usize = 4_096;

/// Runs `ontleed`, which decodes a copy and hands each row to the function it is given, and
/// calls `per` with every row in that order. With `twee_kernen` the decoding runs on a second
/// thread, handing rows on in batches, while this thread runs `per` (a report's own work per
/// row): a report then uses the machine's second core for its copies as it does for its large
/// scans (`tweede_lezer`), and only a report store does this (see
/// [`SqliteStore::open_rapportlezer`]).
///
/// The rows handed on before an error are the same either way: those before the row that
/// failed.
///
/// # Errors
/// The error of `ontleed`.
pub(super) fn op_twee_kernen<T: Send>(
    twee_kernen: bool,
    ontleed: impl FnOnce(&mut dyn FnMut(T)) -> Resultaat<()> + Send,
    per: &mut dyn FnMut(T),
) -> Resultaat<()> {
    if !twee_kernen {
        return ontleed(per);
    }
    std::thread::scope(|draden| {
        // a few batches ahead at most: the decoded rows never pile up in memory
        let (zender, ontvanger) = std::sync::mpsc::sync_channel::<Vec<T>>(4);
        let ontleder = draden.spawn(move || {
            let mut stuk = Vec::with_capacity(STUK);
            let mut open = true;
            let uitkomst = ontleed(&mut |rij| {
                if !open {
                    return;
                }
                stuk.push(rij);
                if stuk.len() == STUK {
                    // a receiver gone (`per` panicked) ends the handing on
                    open = zender
                        .send(std::mem::replace(&mut stuk, Vec::with_capacity(STUK)))
                        .is_ok();
                }
            });
            if open && !stuk.is_empty() {
                // as above: nobody left to hand them to
                let _ = zender.send(stuk);
            }
            uitkomst
        });
        for stuk in ontvanger {
            stuk.into_iter().for_each(&mut *per);
        }
        ontleder
            .join()
            .unwrap_or_else(|paniek| std::panic::resume_unwind(paniek))
    })
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
        let vraag = Vraag {
            stand: super::rapportage::REGISTRATIE_STAND,
            namen: vec!["registratie_versies".into()],
            maak: &|conn, _| maak_registraties(conn),
            geldig: |b| Kopie::lees(b).is_some(),
        };
        let twee_kernen = self.tweede_lezer.toegestaan();
        self.uit_kopieen(&vraag, &mut |kopieen| {
            op_twee_kernen(
                twee_kernen,
                |geef| {
                    kopieen.iter().try_for_each(|b| match Kopie::lees(b) {
                        Some(kopie) => kopie.voor_elke(&vensters, t, geef),
                        None => Ok(()),
                    })
                },
                &mut |periode| per_periode(&periode),
            )
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
        let vraag = Vraag {
            stand: super::rapportage::PERSOON_STAND,
            namen: vec!["persoon_versies".into()],
            maak: &|conn, _| maak_personen(conn),
            geldig: |b| persoonrecords(b).is_some(),
        };
        self.uit_kopieen(&vraag, &mut |kopieen| {
            kopieen.iter().try_for_each(|b| {
                voor_elke_persoon(persoonrecords(b).unwrap_or_default(), t, &mut *per_persoon)
            })
        })
    }

    /// Reads the copies of `vraag` at their table's stand with `lees`, in one read transaction
    /// with the stand. A store that makes copies makes those not stored at the stand (or
    /// stored but not valid), and stores them after the read transaction. `None` when the
    /// table is to be read instead, and `lees` is then not called: a copy missing and not made,
    /// or this connection already inside a transaction (whose own uncommitted writes a stand
    /// need not show yet: `polis_volgnummer` is raised at commit).
    fn uit_kopieen(
        &self,
        vraag: &Vraag<'_>,
        lees: &mut dyn FnMut(&[Vec<u8>]) -> Resultaat<()>,
    ) -> Option<Resultaat<()>> {
        #[cfg(test)]
        if self
            .tweede_lezer
            .zonder_kopie
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return None;
        }
        if !self.conn.is_autocommit() {
            return None;
        }
        let (lezing, stand) =
            match super::tweede_lezer::Leestransactie::begin(&self.conn, vraag.stand) {
                Ok(begonnen) => begonnen,
                Err(e) => return Some(Err(e)),
            };
        let maken = self.maakt_kopieen && !vraag.namen.iter().any(|n| self.niet_te_maken(n, stand));
        let mut kopieen = Vec::with_capacity(vraag.namen.len());
        let mut nieuw = Vec::new();
        let mut compleet = true;
        for (i, naam) in vraag.namen.iter().enumerate() {
            let opgeslagen = match self.kopie_van(naam, stand) {
                Ok(b) => b.filter(|b| (vraag.geldig)(b)),
                Err(e) => return Some(Err(e)),
            };
            let kopie = match opgeslagen {
                Some(b) => b,
                None if maken => match (vraag.maak)(&self.conn, i) {
                    Ok(Some(b)) if (vraag.geldig)(&b) => {
                        nieuw.push(i);
                        b
                    }
                    Ok(_) => {
                        self.onthoud_niet_te_maken(naam, stand, None);
                        compleet = false;
                        break;
                    }
                    Err(e) => return Some(Err(e)),
                },
                None => {
                    compleet = false;
                    break;
                }
            };
            kopieen.push(kopie);
        }
        let uitkomst = if compleet {
            #[cfg(test)]
            self.tweede_lezer
                .uit_kopie
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let gelezen = lees(&kopieen);
            Some(gelezen.and_then(|()| lezing.eind()))
        } else {
            drop(lezing);
            None
        };
        // the copies made are stored even when another was missing (the next scan finds them)
        for i in nieuw {
            if let (Some(naam), Some(b)) = (vraag.namen.get(i), kopieen.get(i))
                && !self.bewaar_kopie(naam, stand, b)
            {
                self.onthoud_niet_te_maken(naam, stand, Some(std::time::Instant::now()));
            }
        }
        uitkomst
    }

    /// Whether the copy `naam` is not to be made at `stand` on this store: making it gave
    /// nothing at that stand, or it could not be stored less than [`NIEUWE_POGING`] ago (a
    /// delivery was writing). Scans then read the table instead of making it again each time.
    fn niet_te_maken(&self, naam: &str, stand: i64) -> bool {
        match self
            .niet_te_maken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(naam)
        {
            Some(&(s, None)) => s == stand,
            Some(&(s, Some(toen))) => s == stand && toen.elapsed() < NIEUWE_POGING,
            None => false,
        }
    }

    /// Remembers that the copy `naam` is not made at `stand`: for good (`None`: it cannot be
    /// made), or since a failed store at `toen` ([`SqliteStore::niet_te_maken`]).
    fn onthoud_niet_te_maken(&self, naam: &str, stand: i64, toen: Option<std::time::Instant>) {
        let mut onthouden = self
            .niet_te_maken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // one entry per copy: a few dozen months of polis at most
        onthouden.insert(naam.to_string(), (stand, toen));
    }

    /// The stored copy named `naam` if it was made at `stand`, read straight from the pages
    /// into one buffer of its length (SQLite's incremental blob I/O: a value read as a column
    /// is assembled by SQLite and then copied again, each into fresh memory the system zeroes
    /// first, which was a fifth of the quota report).
    ///
    /// # Errors
    /// [`StoreFout`] on a failed read.
    fn kopie_van(&self, naam: &str, stand: i64) -> Resultaat<Option<Vec<u8>>> {
        let gevonden: Option<(i64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT rowid, length(gegevens) FROM rapportkopieen \
                 WHERE naam = ?1 AND stand = ?2 AND length(gegevens) <= ?3",
            )?
            .query_row(params![naam, stand, MAX_KOPIE], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((rij, lengte)) = gevonden else {
            return Ok(None);
        };
        let mut uit = vec![0u8; usize::try_from(lengte).unwrap_or(0)];
        self.conn
            .blob_open("main", "rapportkopieen", "gegevens", rij, true)?
            .read_at_exact(&mut uit, 0)?;
        Ok(Some(uit))
    }

    /// Stores the copy named `naam` made at `stand` (unless one of a later stand is stored by
    /// now), and drops the copies of the same table's other months made at an earlier stand,
    /// when the register file can be written at once: statements that take the
    /// write lock of the register file only, not of the attached processing log, so a lookup's
    /// log record never waits for them, and which give up at once while a delivery writes (the
    /// copy is then made again at the next change). Returns whether it was stored.
    fn bewaar_kopie(&self, naam: &str, stand: i64, bytes: &[u8]) -> bool {
        let geduld = std::time::Duration::from_secs(super::GEDULD_SECONDEN);
        let uitkomst = self
            .conn
            .busy_timeout(std::time::Duration::ZERO)
            .and_then(|()| {
                self.conn.execute(
                    "INSERT INTO main.rapportkopieen (naam, stand, gegevens) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (naam) DO UPDATE SET stand = excluded.stand, gegevens = excluded.gegevens \
                     WHERE excluded.stand >= rapportkopieen.stand",
                    params![naam, stand, bytes],
                )?;
                // the other months' copies of an earlier stand are never read again (a stand
                // only moves forward): dropped, so the copies hold what was read since the
                // table last changed
                if let Some((tabel, _)) = naam.split_once(':') {
                    self.conn.execute(
                        "DELETE FROM main.rapportkopieen WHERE naam LIKE ?1 ESCAPE '\\' AND stand < ?2",
                        params![format!("{}:%", tabel.replace('_', "\\_")), stand],
                    )?;
                }
                Ok(())
            });
        let _ = self.conn.busy_timeout(geduld);
        match uitkomst {
            Ok(_) => {
                tracing::debug!(
                    kopie = naam,
                    stand,
                    bytes = bytes.len(),
                    "rapportkopie bewaard"
                );
                true
            }
            Err(e) => {
                tracing::debug!(kopie = naam, fout = %e, "rapportkopie niet bewaard");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{KOP, Kopie, RECORD, STUK, dagnummer, grens, op_twee_kernen};
    use crate::StoreFout;
    use chrono::NaiveDate;

    /// Decodes 0, 1, 2 … up to `n`, failing at `fout` if given.
    fn ontleed(n: u32, fout: Option<u32>, geef: &mut dyn FnMut(u32)) -> crate::Resultaat<()> {
        for i in 0..n {
            if Some(i) == fout {
                return Err(StoreFout::Corrupt {
                    tabel: "proef",
                    reden: format!("rij {i}"),
                });
            }
            geef(i);
        }
        Ok(())
    }

    /// On one thread or two, the same rows in the same order: fewer than a batch, exactly
    /// two batches, two and a half, none; and with an error at row 5,000 the rows 0 … 4,999
    /// and then the error.
    #[test]
    fn twee_kernen_geven_wat_een_geeft() {
        let batch = u32::try_from(STUK).unwrap_or(u32::MAX);
        for (n, fout) in [
            (10, None),
            (2 * batch, None),
            (2 * batch + batch / 2, None),
            (0, None),
            (10_000, Some(5_000)),
        ] {
            let mut een = Vec::new();
            let a = op_twee_kernen(false, |g| ontleed(n, fout, g), &mut |i| een.push(i));
            let mut twee = Vec::new();
            let b = op_twee_kernen(true, |g| ontleed(n, fout, g), &mut |i| twee.push(i));
            let verwacht: Vec<u32> = (0..fout.unwrap_or(n)).collect();
            assert_eq!(een, verwacht);
            assert_eq!(twee, verwacht);
            assert_eq!(a.is_ok(), fout.is_none());
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
    }

    /// A panic in the decoding reaches the caller, after the rows decoded before it (two
    /// batches here), instead of leaving it waiting for more.
    #[test]
    fn paniek_bij_het_ontleden_komt_door() {
        let mut gekregen = 0;
        let uitkomst = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            op_twee_kernen(
                true,
                |g| {
                    ontleed(2 * STUK as u32, None, g)?;
                    std::panic::resume_unwind(Box::new("kapotte kopie"))
                },
                &mut |_| gekregen += 1,
            )
        }));
        let paniek = uitkomst
            .err()
            .and_then(|p| p.downcast_ref::<&str>().map(|t| t.to_string()));
        assert_eq!(paniek.as_deref(), Some("kapotte kopie"));
        assert_eq!(gekregen, 2 * STUK);
    }

    /// A panic in the report's work per row reaches the caller (the decoding thread stops
    /// handing on and ends), instead of hanging on a full channel.
    #[test]
    fn paniek_per_rij_komt_door() {
        let uitkomst = std::panic::catch_unwind(|| {
            op_twee_kernen(true, |g| ontleed(100_000, None, g), &mut |i| {
                assert!((i as usize) < 3 * STUK, "rij {i}");
            })
        });
        assert!(uitkomst.is_err());
    }

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
        // the header with one record, the record, and one code of two bytes
        let kopie = |n: u64, records: usize, codes: u32, code: &[u8]| {
            let mut b = KOP.to_vec();
            b.extend_from_slice(&n.to_le_bytes());
            b.extend(std::iter::repeat_n(0u8, records * RECORD));
            b.extend_from_slice(&codes.to_le_bytes());
            b.extend_from_slice(&2u16.to_le_bytes());
            b.extend_from_slice(code);
            b
        };
        let goed = kopie(1, 1, 1, b"WS");
        assert!(Kopie::lees(&goed).is_some_and(|k| k.codes == ["WS"] && k.records.len() == RECORD));
        // one byte short, one too many, another layout, a count that overflows, more records
        // or codes announced than there are, a code that is not UTF-8
        assert!(Kopie::lees(&goed[..goed.len() - 1]).is_none());
        let mut lang = goed.clone();
        lang.push(0);
        assert!(Kopie::lees(&lang).is_none());
        let mut ander = goed.clone();
        ander[9] = 1;
        assert!(Kopie::lees(&ander).is_none());
        assert!(Kopie::lees(&kopie(u64::MAX, 1, 1, b"WS")).is_none());
        assert!(Kopie::lees(&kopie(2, 1, 1, b"WS")).is_none());
        assert!(Kopie::lees(&kopie(1, 1, 2, b"WS")).is_none());
        assert!(Kopie::lees(&kopie(1, 1, 1, b"\xff\xfe")).is_none());
    }
}
