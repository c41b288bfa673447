//! Report reads: rows as known at a moment (formal history, R-05, R-24).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{Row, params};

use dgr_core::gegevens::{PolisRij, PolisSoort, Sector, Werkgever, Werkgeversuren};
use dgr_core::{Bsn, Gemeentecode, Honderdsten, Loonheffingennummer, Periode};

use super::polisvorm::{dag_getal, lees_dag_uit, lees_soort};
use super::{
    SqliteStore, datum_tekst, lees_bsn, lees_datum, lees_datum_bytes, lees_gemeente, tijd_getal,
};
use crate::{Resultaat, StoreFout};

/// The longest tijdvak (FORMATS.md): rows overlapping a period start at most this long before it.
const MAX_TIJDVAK_DAGEN: u64 = 31;

/// The most windows of [`crate::Store::voor_elke_registratieperiode_in`] that SQLite tests
/// itself (the reports ask for one to three).
const MAX_VENSTERS: usize = 8;

/// The share of a large scan a store reads on its own connection, as (numerator, denominator);
/// its second connection reads the rest at the same time ([`SqliteStore::tegelijk`]). Less
/// than half: this connection also hands every row of both parts to the report (national quota
/// report: with halves the second connection finished well before the first).
const EIGEN_DEEL: (i32, i32) = (2, 5);

/// The stand of `polis_versies` for a split scan and its report copies (`kopie`): the id its
/// next version gets, which every transaction that changes the table raises at its commit
/// (`polis_volgnummer`).
pub(super) const POLIS_STAND: &str =
    "SELECT coalesce((SELECT volgende FROM polis_volgnummer WHERE id = 1), 0)";

/// The stand of `registratie_versies` for a split scan and its report copy (`kopie`): its
/// highest version id plus one (every change of a registration writes a new version).
pub(super) const REGISTRATIE_STAND: &str =
    "SELECT coalesce(max(versie_id), 0) + 1 FROM registratie_versies";

/// The stand of `persoon_versies` for a split scan and its report copy (`kopie`): its highest
/// version id plus one (every change of a person's data writes a new version).
pub(super) const PERSOON_STAND: &str =
    "SELECT coalesce(max(versie_id), 0) + 1 FROM persoon_versies";

/// The version ids of the two parts of a scan split by version id at `stand` (the highest id
/// plus one): the lower part holds [`EIGEN_DEEL`] of the ids, the upper part the rest, both
/// bounds included, together every id.
fn delen_op_versie_id(stand: i64) -> [(i64, i64); 2] {
    let grens = stand / i64::from(EIGEN_DEEL.1) * i64::from(EIGEN_DEEL.0) + 1;
    [(i64::MIN, grens - 1), (grens, i64::MAX)]
}

/// The most rows a split scan's upper part reserves room for at once (2^21 periods of 32 bytes,
/// 64 MiB; it grows past that as needed): a register's stand bounds the rows, but a corrupt one
/// could claim any number.
const MAX_RUIMTE: usize = 1 << 21;

/// "Known at T": recorded by T and not superseded by T.
const BEKEND: &str = "geregistreerd_op <= ?t AND (vervallen_op IS NULL OR vervallen_op > ?t)";

/// The employers' hours of one year (`?1`) as known at `?2`, by loonheffingennummer: read
/// through the index by year (`werkgeversuren_versies_jaar`, issue #13), which gives them in
/// that order, instead of scanning every year's rows and sorting the year's.
fn werkgeversuren_van_jaar_sql() -> &'static str {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT loonheffingennummer, uren_totaal, aantal_werknemers FROM werkgeversuren_versies \
             WHERE jaar = ?1 AND {} ORDER BY loonheffingennummer",
            BEKEND.replace("?t", "?2")
        )
    });
    &SQL
}

/// A stored loonheffingennummer of `tabel`; an invalid one is corrupt.
pub(super) fn lhn(tabel: &'static str, waarde: i64) -> Resultaat<Loonheffingennummer> {
    Loonheffingennummer::uit_getal(waarde).map_err(|e| StoreFout::Corrupt {
        tabel,
        reden: e.to_string(),
    })
}

/// Column `i` as text or NULL, borrowed from the row (no copy per value: reports read
/// millions).
fn tekst_opt<'r>(tabel: &'static str, r: &'r Row<'_>, i: usize) -> Resultaat<Option<&'r str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| StoreFout::Corrupt {
            tabel,
            reden: format!("kolom {i}: {e}"),
        })
}

/// Column `i` as text, borrowed from the row; NULL is corrupt.
pub(super) fn tekst<'r>(tabel: &'static str, r: &'r Row<'_>, i: usize) -> Resultaat<&'r str> {
    tekst_opt(tabel, r, i)?.ok_or_else(|| StoreFout::Corrupt {
        tabel,
        reden: format!("kolom {i}: NULL"),
    })
}

/// Text column `i` as the bytes SQLite holds (unchecked as UTF-8), or `None` for NULL; any
/// other type is corrupt.
fn bytes_opt<'r>(tabel: &'static str, r: &'r Row<'_>, i: usize) -> Resultaat<Option<&'r [u8]>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(b) => Ok(Some(b)),
        rusqlite::types::ValueRef::Null => Ok(None),
        anders => Err(StoreFout::Corrupt {
            tabel,
            reden: format!("kolom {i}: {:?} in plaats van tekst", anders.data_type()),
        }),
    }
}

/// Column `i` as the bytes SQLite holds; NULL is corrupt.
pub(super) fn bytes<'r>(tabel: &'static str, r: &'r Row<'_>, i: usize) -> Resultaat<&'r [u8]> {
    bytes_opt(tabel, r, i)?.ok_or_else(|| StoreFout::Corrupt {
        tabel,
        reden: format!("kolom {i}: NULL"),
    })
}

/// A polis row of [`POLIS_KOLOMMEN`] (pay period and kind in their stored form,
/// [`super::polisvorm`]); a kind that is no known code is ordinary work, as it always was read.
///
/// # Errors
/// [`StoreFout::Corrupt`] for an invalid BSN, loonheffingennummer or day number (or a day that
/// is no number); [`StoreFout::Database`] for another value of the wrong type.
fn polisrij(r: &Row<'_>) -> Resultaat<PolisRij> {
    const T: &str = "polis_versies";
    Ok(PolisRij {
        bsn: lees_bsn(T, r.get(0)?)?,
        loonheffingennummer: lhn(T, r.get(1)?)?,
        inlener: r.get::<_, Option<i64>>(2)?.map(|l| lhn(T, l)).transpose()?,
        tijdvak_begin: lees_dag_uit(T, r, 3)?,
        tijdvak_einde: lees_dag_uit(T, r, 4)?,
        verloonde_uren: Honderdsten(r.get(5)?),
        soort: lees_soort(r, 6)?.unwrap_or(PolisSoort::Regulier),
    })
}

/// The polis versions beginning on a day in `[?1, ?2)` (day numbers, `dag_getal`), as the
/// tables and condition of a query (`FROM` this, further conditions with `AND`): the stretches of version
/// ids of those days (`polis_stukken`), each read as one range of the table's row ids. The test
/// of the versions' own first day repeats what the stretches say, so that a stretch recorded
/// too long could not add a row of another day.
pub(super) const POLIS_OP_DAGEN: &str = "polis_stukken JOIN polis_versies \
     ON versie_id BETWEEN eerste AND laatste \
     WHERE dag >= ?1 AND dag < ?2 AND tijdvak_begin >= ?1 AND tijdvak_begin < ?2";

const POLIS_KOLOMMEN: &str =
    "bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, soort";

/// The polis rows overlapping `[van, ..)` as known at `bekend_op` (µs, `tijd_getal`), read per
/// range of first days, so that one scan can be read in two parts (`lees_polisrijen`).
struct Polisscan {
    /// The period's first day: rows ending before it are left out.
    van: NaiveDate,
    /// The moment the rows are known at, in µs (`tijd_getal`).
    bekend_op: i64,
}

impl Polisscan {
    /// The rows whose first day lies in `[begin, einde)` and whose last day is on or after
    /// `van`, in the order of the polis key and version id.
    ///
    /// # Errors
    /// [`StoreFout`] on a failed read or a corrupt row.
    fn lees(
        &self,
        conn: &rusqlite::Connection,
        (begin, einde): (NaiveDate, NaiveDate),
        per_rij: &mut dyn FnMut(PolisRij),
    ) -> Resultaat<()> {
        let sql = format!(
            "SELECT {POLIS_KOLOMMEN} FROM {POLIS_OP_DAGEN} AND tijdvak_einde >= ?3 AND {} \
             ORDER BY tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde, versie_id",
            BEKEND.replace("?t", "?4")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query(params![
            dag_getal(begin),
            dag_getal(einde),
            dag_getal(self.van),
            self.bekend_op
        ])?;
        while let Some(r) = rijen.next()? {
            per_rij(polisrij(r)?);
        }
        Ok(())
    }
}

/// The polis rows of BSN `?3` with the version ids in `rarray(?1)` known at `?2`, sorted as a
/// person's rows are read (pay period start, then version id); the ids come from
/// [`polisversies_van`] (the BSN is tested again, so that a block naming another person's row
/// could add nothing).
pub(super) fn polis_van_sql() -> &'static str {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {POLIS_KOLOMMEN} FROM polis_versies WHERE versie_id IN rarray(?1) \
             AND bsn = ?3 AND {} ORDER BY tijdvak_begin, versie_id",
            BEKEND.replace("?t", "?2")
        )
    });
    &SQL
}

/// The polis rows with the version ids in `rarray(?1)` known at `?2`, with their version ids
/// last; the ids come from [`polisversies_van`].
fn polis_van_elk_sql() -> &'static str {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {POLIS_KOLOMMEN}, versie_id FROM polis_versies \
             WHERE versie_id IN rarray(?1) AND {}",
            BEKEND.replace("?t", "?2")
        )
    });
    &SQL
}

/// The version ids of every polis row of the persons `bsns` (known at any moment), ascending,
/// as `rarray` values: per person and per delivery in `polis_leveringen` one probe of
/// `polis_bsn_blokken` ([`super::bsnblokken::BLOKKEN_VAN`]; the national demo holds 69 polis
/// deliveries, 12 more a year).
///
/// # Errors
/// [`StoreFout`] on a failed read or a corrupt block.
fn polisversies_van(
    conn: &rusqlite::Connection,
    bsns: impl IntoIterator<Item = u32>,
) -> Resultaat<std::rc::Rc<Vec<rusqlite::types::Value>>> {
    let mut stmt = conn.prepare_cached(super::bsnblokken::BLOKKEN_VAN)?;
    let mut ids = Vec::new();
    for bsn in bsns {
        let mut rijen = stmt.query([bsn])?;
        while let Some(r) = rijen.next()? {
            if let rusqlite::types::ValueRef::Null = r.get_ref(0)? {
                continue;
            }
            super::bsnblokken::voor_versies_van(super::bsnblokken::paren(r, 0)?, bsn, |v| {
                ids.push(v);
            })?;
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(std::rc::Rc::new(
        ids.into_iter()
            .map(rusqlite::types::Value::Integer)
            .collect(),
    ))
}

/// The registrations overlapping any of a set of windows as known at a moment (see
/// [`crate::Store::voor_elke_registratieperiode_in`]), filtered by SQLite and read per range
/// of version ids, so that one scan can be read in two parts (`lees_registratieperiodes`).
struct Registratiescan {
    /// The query, with the windows and then the range of version ids as parameters.
    sql: String,
    /// `bekend_op`, then per window its end and its start (`?1`, `?2`, `?3`, …).
    waarden: Vec<rusqlite::types::Value>,
}

impl Registratiescan {
    /// For 1 to [`MAX_VENSTERS`] windows, each with days.
    fn new(vensters: &[(NaiveDate, NaiveDate)], bekend_op: DateTime<Utc>) -> Registratiescan {
        // overlapping [van, tot): ingangsdatum < tot and no einddatum or one after van (ISO
        // dates compare as text); ?1 is bekend_op, then tot and van per window, then the
        // range of version ids
        let overlap = (0..vensters.len())
            .map(|i| {
                format!(
                    "(ingangsdatum < ?{} AND (einddatum IS NULL OR einddatum > ?{}))",
                    2 * i + 2,
                    2 * i + 3
                )
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let ids = 2 * vensters.len() + 2;
        // NOT INDEXED: one pass over the table beats the transaction-time index, which would
        // visit nearly every row in random order (issue #13); the range of row ids is a seek
        // of the table itself
        let sql = format!(
            "SELECT bsn, grondslag, ingangsdatum, einddatum, reden_einde FROM registratie_versies NOT INDEXED \
             WHERE versie_id >= ?{ids} AND versie_id <= ?{} AND ingetrokken = 0 AND ({overlap}) \
             AND (einddatum IS NULL OR einddatum > ingangsdatum) AND {} ORDER BY versie_id",
            ids + 1,
            BEKEND.replace("?t", "?1")
        );
        let mut waarden = vec![rusqlite::types::Value::Integer(tijd_getal(bekend_op))];
        for &(van, tot) in vensters {
            waarden.push(rusqlite::types::Value::Text(datum_tekst(tot)));
            waarden.push(rusqlite::types::Value::Text(datum_tekst(van)));
        }
        Registratiescan { sql, waarden }
    }

    /// The periods of the versions with an id from `eerste` to `laatste` (both included), in
    /// version-id order.
    ///
    /// # Errors
    /// [`StoreFout`] on a failed read or a corrupt row.
    fn lees(
        &self,
        conn: &rusqlite::Connection,
        (eerste, laatste): (i64, i64),
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        const T: &str = "registratie_versies";
        let mut stmt = conn.prepare_cached(&self.sql)?;
        let ids = [
            rusqlite::types::Value::Integer(eerste),
            rusqlite::types::Value::Integer(laatste),
        ];
        let mut rijen = stmt.query(rusqlite::params_from_iter(self.waarden.iter().chain(&ids)))?;
        while let Some(r) = rijen.next()? {
            let bsn = lees_bsn(T, r.get(0)?)?;
            let begin = lees_datum_bytes(T, bytes(T, r, 2)?)?;
            let einde = bytes_opt(T, r, 3)?
                .map(|e| lees_datum_bytes(T, e))
                .transpose()?;
            if let Some(p) = Periode::new(begin, einde) {
                per_periode(&crate::Registratieperiode {
                    bsn,
                    grondslag: tekst(T, r, 1)?,
                    periode: p,
                    reden_einde: tekst_opt(T, r, 4)?,
                });
            }
        }
        Ok(())
    }
}

/// The codes of a split registration scan's upper part (grondslagen, redenen einde), each kept
/// once: a national register has a few dozen codes over hundreds of thousands of periods, and
/// two copied strings per period were a tenth of a national quota report (issue #13). The
/// report copies number their codes with it too (`kopie`).
#[derive(Default)]
pub(super) struct Codeboek {
    nummers: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    codes: Vec<Box<str>>,
}

impl Codeboek {
    /// The number of `code`, added when new; `None` when the book holds `u32::MAX` codes
    /// already (a corrupt register: there are a few dozen).
    pub(super) fn nummer(&mut self, code: &str) -> Option<u32> {
        if let Some(&n) = self.nummers.get(code) {
            return Some(n);
        }
        let n = u32::try_from(self.codes.len())
            .ok()
            .filter(|&n| n < u32::MAX)?;
        self.codes.push(code.into());
        self.nummers.insert(code.into(), n);
        Some(n)
    }

    /// The code numbered `n` by [`Codeboek::nummer`].
    fn code(&self, n: u32) -> &str {
        self.codes.get(n as usize).map_or("", |c| c)
    }

    /// Every code, in the order of their numbers.
    pub(super) fn codes(&self) -> &[Box<str>] {
        &self.codes
    }
}

/// One period of a split registration scan's upper part: a [`crate::Registratieperiode`] with
/// its codes as numbers in the part's [`Codeboek`].
struct BovenPeriode {
    bsn: Bsn,
    grondslag: u32,
    periode: Periode,
    /// `u32::MAX`: no reden einde.
    reden_einde: u32,
}

/// The upper part of a split registration scan, read on the second connection and handed on
/// after the lower part, in scan order.
struct Bovenperioden {
    codes: Codeboek,
    perioden: Vec<BovenPeriode>,
    /// Set when a code could not be numbered: the part is then corrupt.
    vol: bool,
}

impl Bovenperioden {
    /// An empty part with room for `ruimte` periods (the number of version ids it covers:
    /// never more than that are read, and room never written costs no memory).
    fn met_ruimte(ruimte: usize) -> Bovenperioden {
        Bovenperioden {
            codes: Codeboek::default(),
            perioden: Vec::with_capacity(ruimte),
            vol: false,
        }
    }

    /// Keeps a copy of `r`.
    fn neem(&mut self, r: &crate::Registratieperiode<'_>) {
        let grondslag = self.codes.nummer(r.grondslag);
        let reden_einde = match r.reden_einde {
            Some(reden) => self.codes.nummer(reden),
            None => Some(u32::MAX),
        };
        match (grondslag, reden_einde) {
            (Some(grondslag), Some(reden_einde)) => self.perioden.push(BovenPeriode {
                bsn: r.bsn,
                grondslag,
                periode: r.periode,
                reden_einde,
            }),
            _ => self.vol = true,
        }
    }

    /// Hands every period on as the scan would have.
    ///
    /// # Errors
    /// [`StoreFout::Corrupt`] when a code could not be numbered.
    fn geef(&self, per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>)) -> Resultaat<()> {
        if self.vol {
            return Err(StoreFout::Corrupt {
                tabel: "registratie_versies",
                reden: "meer dan 2^32 verschillende codes".into(),
            });
        }
        for p in &self.perioden {
            per_periode(&crate::Registratieperiode {
                bsn: p.bsn,
                grondslag: self.codes.code(p.grondslag),
                periode: p.periode,
                reden_einde: (p.reden_einde != u32::MAX).then(|| self.codes.code(p.reden_einde)),
            });
        }
        Ok(())
    }
}

impl SqliteStore {
    /// Runs `werk`, which reads the register in several statements, in one state of it: inside
    /// a read transaction of its own when the connection is not in one already (a commit
    /// between the person blocks and the rows they name would otherwise give the ids of one
    /// state and the rows of another: a corrected row's new version missing and its old one
    /// ended, an answer true at no `bekend_op`, against R-24).
    ///
    /// # Errors
    /// [`StoreFout`] from `werk`, or when the read transaction cannot begin or end.
    fn in_een_lezing<T>(&self, werk: impl FnOnce() -> Resultaat<T>) -> Resultaat<T> {
        if !self.conn.is_autocommit() {
            return werk();
        }
        let (lezing, _) = super::tweede_lezer::Leestransactie::begin(&self.conn, "SELECT 1")?;
        let uitkomst = werk()?;
        lezing.eind()?;
        Ok(uitkomst)
    }

    /// [`crate::Store::polis_van_elk`]: the persons' version ids from their blocks, then their
    /// rows, in one read ([`Self::in_een_lezing`]); each person's rows sorted as
    /// `polis_van_sql` sorts them (pay period start, then version id).
    pub(super) fn lees_polis_van_elk(
        &self,
        bsns: &[Bsn],
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<BTreeMap<Bsn, Vec<PolisRij>>> {
        self.in_een_lezing(|| self.lees_polis_van_elk_in_lezing(bsns, bekend_op))
    }

    /// [`Self::lees_polis_van_elk`] inside its read.
    fn lees_polis_van_elk_in_lezing(
        &self,
        bsns: &[Bsn],
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<BTreeMap<Bsn, Vec<PolisRij>>> {
        let mut per: BTreeMap<Bsn, Vec<(i64, PolisRij)>> =
            bsns.iter().map(|&b| (b, Vec::new())).collect();
        let ids = polisversies_van(&self.conn, per.keys().map(|b| b.waarde()))?;
        let mut stmt = self.conn.prepare_cached(polis_van_elk_sql())?;
        let mut rijen = stmt.query(params![ids, tijd_getal(bekend_op)])?;
        while let Some(r) = rijen.next()? {
            let rij = polisrij(r)?;
            let versie: i64 = r.get(7)?;
            if let Some(v) = per.get_mut(&rij.bsn) {
                v.push((versie, rij));
            }
        }
        Ok(per
            .into_iter()
            .map(|(b, mut v)| {
                v.sort_by_key(|(versie, r)| (r.tijdvak_begin, *versie));
                (b, v.into_iter().map(|(_, r)| r).collect())
            })
            .collect())
    }

    pub(super) fn lees_polisrijen(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_rij: &mut dyn FnMut(&PolisRij),
    ) -> Resultaat<()> {
        let vroegst = van
            .checked_sub_days(Days::new(MAX_TIJDVAK_DAGEN))
            .unwrap_or(van);
        if let Some(uitkomst) = self.polis_uit_kopie((vroegst, van, tot), bekend_op, per_rij) {
            return uitkomst;
        }
        let scan = Polisscan {
            van,
            bekend_op: tijd_getal(bekend_op),
        };
        // split by first day: rows come per pay period, so the share of the days read is about
        // the share of the rows; the upper part's rows follow the lower part's, in the order
        // one scan gives
        let midden = vroegst + (tot - vroegst) * EIGEN_DEEL.0 / EIGEN_DEEL.1;
        if vroegst < midden {
            let gesplitst = self.tegelijk(
                POLIS_STAND,
                |conn, _| scan.lees(conn, (vroegst, midden), &mut |r| per_rij(&r)),
                |conn, _| {
                    let mut boven = Vec::new();
                    scan.lees(conn, (midden, tot), &mut |r| boven.push(r))?;
                    Ok(boven)
                },
            );
            if let Some(boven) = gesplitst {
                boven?.iter().for_each(per_rij);
                return Ok(());
            }
        }
        scan.lees(&self.conn, (vroegst, tot), &mut |r| per_rij(&r))
    }

    /// [`crate::Store::polis_van`]: the person's version ids from their blocks, then the rows,
    /// in one read ([`Self::in_een_lezing`]).
    pub(super) fn lees_polis_van(
        &self,
        bsn: Bsn,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<PolisRij>> {
        self.in_een_lezing(|| {
            let ids = polisversies_van(&self.conn, [bsn.waarde()])?;
            let mut stmt = self.conn.prepare_cached(polis_van_sql())?;
            let mut rijen = stmt.query(params![ids, tijd_getal(bekend_op), bsn.waarde()])?;
            let mut uit = Vec::new();
            while let Some(r) = rijen.next()? {
                uit.push(polisrij(r)?);
            }
            Ok(uit)
        })
    }

    /// The registrations overlapping any of `vensters` (see
    /// [`crate::Store::voor_elke_registratieperiode_in`]), filtered by SQLite in one pass of the
    /// table, or in two parts at once on a store that splits its scans (`tweede_lezer`).
    pub(super) fn lees_registratieperiodes(
        &self,
        vensters: &[(NaiveDate, NaiveDate)],
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        // a window without days ([van, tot) with tot <= van) overlaps nothing, as in Rust
        let vensters: Vec<(NaiveDate, NaiveDate)> =
            vensters.iter().copied().filter(|(v, t)| v < t).collect();
        let vensters = &vensters[..];
        if vensters.len() > MAX_VENSTERS {
            // one statement per number of windows is prepared and cached, and SQLite takes at
            // most 32,766 parameters: many windows are read as their enclosing range instead
            let Some(omhullend) = crate::omhullend(vensters) else {
                return Ok(());
            };
            return self.lees_registratieperiodes(&[omhullend], bekend_op, &mut |r| {
                if crate::in_een_venster(vensters, r.periode) {
                    per_periode(r);
                }
            });
        }
        if vensters.is_empty() {
            return Ok(());
        }
        if let Some(uitkomst) = self.registraties_uit_kopie(vensters, bekend_op, per_periode) {
            return uitkomst;
        }
        let scan = Registratiescan::new(vensters, bekend_op);
        // split by version id: the scan reads in row-id order, so the upper part's periods
        // follow the lower part's as in one scan; the stand is the highest id plus one
        let gesplitst = self.tegelijk(
            REGISTRATIE_STAND,
            |conn, stand| scan.lees(conn, delen_op_versie_id(stand)[0], per_periode),
            |conn, stand| {
                let deel = delen_op_versie_id(stand)[1];
                let ruimte = usize::try_from(stand.saturating_sub(deel.0)).unwrap_or(0);
                let mut boven = Bovenperioden::met_ruimte(ruimte.min(MAX_RUIMTE));
                scan.lees(conn, deel, &mut |r| boven.neem(r))?;
                Ok(boven)
            },
        );
        if let Some(boven) = gesplitst {
            return boven?.geef(per_periode);
        }
        scan.lees(&self.conn, (i64::MIN, i64::MAX), per_periode)
    }

    pub(super) fn lees_werkgevers(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<Werkgever>> {
        const T: &str = "werkgever_versies";
        let sql = format!(
            "SELECT loonheffingennummer, naam, sector, subsector, vestigingsgemeente, geldig_vanaf FROM werkgever_versies \
             WHERE {} ORDER BY loonheffingennummer, geldig_vanaf",
            BEKEND.replace("?t", "?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query([tijd_getal(bekend_op)])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            let sector: String = r.get(2)?;
            let vanaf: String = r.get(5)?;
            uit.push(Werkgever {
                loonheffingennummer: lhn(T, r.get(0)?)?,
                naam: r.get(1)?,
                sector: Sector::parse(&sector).ok_or_else(|| StoreFout::Corrupt {
                    tabel: T,
                    reden: format!("sector {sector}"),
                })?,
                subsector: r.get(3)?,
                vestigingsgemeente: lees_gemeente(T, r.get(4)?)?,
                geldig_vanaf: if vanaf.is_empty() {
                    None
                } else {
                    Some(lees_datum(T, &vanaf)?)
                },
            });
        }
        Ok(uit)
    }

    pub(super) fn lees_werkgeversuren(
        &self,
        jaar: i32,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Werkgeversuren>> {
        const T: &str = "werkgeversuren_versies";
        let mut stmt = self.conn.prepare_cached(werkgeversuren_van_jaar_sql())?;
        let mut rijen = stmt.query(params![jaar, tijd_getal(bekend_op)])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(Werkgeversuren {
                loonheffingennummer: lhn(T, r.get(0)?)?,
                jaar,
                verloonde_uren_totaal: Honderdsten(r.get(1)?),
                aantal_werknemers: r.get(2)?,
            });
        }
        Ok(uit)
    }

    pub(super) fn lees_woongemeenten(
        &self,
        bekend_op: DateTime<Utc>,
        per_persoon: &mut dyn FnMut(Bsn, Option<Gemeentecode>),
    ) -> Resultaat<()> {
        const T: &str = "persoon_versies";
        if let Some(uitkomst) = self.woongemeenten_uit_kopie(bekend_op, per_persoon) {
            return uitkomst;
        }
        let sql = format!(
            "SELECT bsn, woongemeente FROM persoon_versies \
             WHERE versie_id >= ?2 AND versie_id <= ?3 AND {} ORDER BY versie_id",
            BEKEND.replace("?t", "?1")
        );
        let t = tijd_getal(bekend_op);
        // the persons' versions with an id from `eerste` to `laatste`, in version-id order
        let lees = |conn: &rusqlite::Connection,
                    (eerste, laatste): (i64, i64),
                    per_persoon: &mut dyn FnMut(Bsn, Option<Gemeentecode>)|
         -> Resultaat<()> {
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rijen = stmt.query(params![t, eerste, laatste])?;
            while let Some(r) = rijen.next()? {
                per_persoon(lees_bsn(T, r.get(0)?)?, lees_gemeente(T, r.get(1)?)?);
            }
            Ok(())
        };
        // split by version id, as the registrations (`lees_registratieperiodes`)
        let gesplitst = self.tegelijk(
            PERSOON_STAND,
            |conn, stand| lees(conn, delen_op_versie_id(stand)[0], per_persoon),
            |conn, stand| {
                let mut boven = Vec::new();
                lees(conn, delen_op_versie_id(stand)[1], &mut |b, g| {
                    boven.push((b, g));
                })?;
                Ok(boven)
            },
        );
        if let Some(boven) = gesplitst {
            for (b, g) in boven? {
                per_persoon(b, g);
            }
            return Ok(());
        }
        lees(&self.conn, (i64::MIN, i64::MAX), per_persoon)
    }
}

#[cfg(test)]
mod tests {
    use super::{Bsn, Periode};

    /// The two parts of a scan split by version id hold every id once, the lower part 2 of
    /// every 5: an empty table (stand 1) leaves the lower part empty; ids 1 to 100 (stand
    /// 101) split as 1..=40 and 41..; the highest possible stand does not overflow.
    #[test]
    fn delen_op_versie_id_zonder_gat_of_overlap() {
        use super::delen_op_versie_id;
        assert_eq!(delen_op_versie_id(1), [(i64::MIN, 0), (1, i64::MAX)]);
        assert_eq!(delen_op_versie_id(101), [(i64::MIN, 40), (41, i64::MAX)]);
        let grens = i64::MAX / 5 * 2 + 1;
        assert_eq!(
            delen_op_versie_id(i64::MAX),
            [(i64::MIN, grens - 1), (grens, i64::MAX)]
        );
    }

    /// The quota's read of one year's employers' hours goes to that year through its index,
    /// which also gives the order, instead of scanning every year and sorting. And the rows it
    /// reads are the year's, known at the time asked, by loonheffingennummer: of three versions
    /// (2023 of L01 recorded at 10 µs and replaced at 20, its replacement, 2022 of L02), at 15
    /// the first, at 25 the second, never 2022's.
    #[test]
    fn werkgeversuren_van_een_jaar_via_de_index() {
        use super::werkgeversuren_van_jaar_sql;
        let store =
            crate::sqlite::SqliteStore::in_geheugen().unwrap_or_else(|e| unreachable!("{e}"));
        let plan =
            crate::sqlite::zoekplan(&store.conn, werkgeversuren_van_jaar_sql(), &[&2023, &1]);
        assert!(
            plan.contains(
                "SEARCH werkgeversuren_versies USING INDEX werkgeversuren_versies_jaar (jaar=?)"
            ) && !plan.contains("TEMP B-TREE"),
            "{plan}"
        );
        store
            .conn
            .execute_batch(
                "INSERT INTO leveringen (id, bron, soort, kenmerk, sha256, bestandsnaam, modus, status, \
                 geregistreerd_op, referentie_versie, rijen_gelezen, rijen_toegepast, rijen_afgewezen, \
                 nieuw, gewijzigd, ongewijzigd, grondslagen, rapport) \
                 VALUES (1, 'UWV', 'WERKGEVERSUREN', 'W', '', 'w.csv', 'STRICT', 'TOEGEPAST', 1, 'r', \
                 0, 0, 0, 0, 0, 0, '', '');
                 INSERT INTO werkgeversuren_versies (loonheffingennummer, jaar, uren_totaal, \
                 aantal_werknemers, geregistreerd_op, vervallen_op, levering_id) VALUES \
                 (12345678201, 2023, 100, 1, 10, 20, 1), (12345678201, 2023, 200, 2, 20, NULL, 1), \
                 (12345678202, 2022, 300, 3, 5, NULL, 1);",
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        // through the store's own read (times are microseconds since 1970)
        let uren = |micros: i64| -> Vec<(String, i64)> {
            let t = chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default();
            crate::Store::werkgeversuren_op(&store, 2023, t)
                .unwrap_or_else(|e| unreachable!("{e}"))
                .into_iter()
                .map(|w| (w.loonheffingennummer.to_string(), w.verloonde_uren_totaal.0))
                .collect()
        };
        assert_eq!(uren(15), [("123456782L01".to_string(), 100)]);
        assert_eq!(uren(25), [("123456782L01".to_string(), 200)]);
    }

    /// A stored date is text: a BLOB or a number where a date belongs is corrupt, NULL is
    /// absent, text is read as its bytes.
    #[test]
    fn alleen_tekst_als_datumbytes() {
        let conn = rusqlite::Connection::open_in_memory().unwrap_or_else(|e| unreachable!("{e}"));
        let uitkomst = conn
            .query_row(
                "SELECT '2024-01-31', NULL, CAST('2024-01-31' AS BLOB), 20240131",
                [],
                |r| {
                    Ok([0, 1, 2, 3]
                        .map(|i| super::bytes_opt("t", r, i).map(|b| b.map(<[u8]>::to_vec))))
                },
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        let [tekst, leeg, blob, getal] = uitkomst;
        assert_eq!(tekst.ok(), Some(Some(b"2024-01-31".to_vec())));
        assert_eq!(leeg.ok(), Some(None));
        assert!(blob.is_err());
        assert!(getal.is_err());
    }

    /// The upper part of a split registration scan hands on every period as it was read: the
    /// same grondslag and reden einde (or none) for each, from one numbered copy of each code.
    #[test]
    fn bovendeel_geeft_de_perioden_zoals_gelezen() {
        let periode = |dag: u32| {
            let begin = chrono::NaiveDate::from_ymd_opt(2020, 1, dag)
                .unwrap_or_else(|| unreachable!("{dag}"));
            Periode::new(begin, None).unwrap_or_else(|| unreachable!("{begin}"))
        };
        let bsn = Bsn::parse("111222333").unwrap_or_else(|e| unreachable!("{e}"));
        let gelezen = [
            ("WAJONG", Some("AOW"), 1),
            ("WSW", None, 2),
            ("WAJONG", None, 3),
            ("AOW", Some("WAJONG"), 4),
            ("WSW", Some("AOW"), 5),
        ];
        let mut deel = super::Bovenperioden::met_ruimte(2);
        for &(grondslag, reden_einde, dag) in &gelezen {
            deel.neem(&crate::Registratieperiode {
                bsn,
                grondslag,
                periode: periode(dag),
                reden_einde,
            });
        }
        // three codes, each kept once, whether as grondslag or as reden einde
        assert_eq!(deel.codes.codes.len(), 3);
        let mut gegeven = Vec::new();
        let uitkomst = deel.geef(&mut |r| {
            gegeven.push((
                r.grondslag.to_string(),
                r.reden_einde.map(str::to_string),
                r.periode,
            ));
        });
        assert!(uitkomst.is_ok());
        let verwacht: Vec<_> = gelezen
            .iter()
            .map(|&(g, r, dag)| (g.to_string(), r.map(str::to_string), periode(dag)))
            .collect();
        assert_eq!(gegeven, verwacht);
    }
}
