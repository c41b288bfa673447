//! The embedded SQLite implementation of [`Store`](crate::Store).

mod aanvraag;
pub mod bezwaar;
mod bsnblokken;
mod checkpoint;
mod doelen;
pub mod kandidaten;
mod kennisgeving;
mod kopie;
mod lezen;
pub mod logboek;
mod organisatie;
#[cfg(test)]
mod polis_tests;
mod polisvorm;
mod rapportage;
mod schema;
mod transactie;
mod tweede_lezer;
pub mod uitschrijving;

use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, Row};

use dgr_core::datum::{BrpDatum, parse_brp_datum};
use dgr_core::gegevens::Persoon;
use dgr_core::registratie::{Einde, Oorzaak, Registratie, RegistratieVersie};
use dgr_core::{Bsn, Gemeentecode, Honderdsten};

use crate::{Resultaat, StoreFout};

pub use checkpoint::Achtergrondcheckpoint;
pub(crate) use polisvorm::als_tekst_sql as polis_als_tekst_sql;

impl From<rusqlite::Error> for StoreFout {
    fn from(e: rusqlite::Error) -> StoreFout {
        StoreFout::Database(e.to_string())
    }
}

/// Per report copy (`kopie`) the stand at which a store did not make it, and when storing it
/// failed (`None`: it could not be made).
type NietTeMaken = std::collections::HashMap<String, (i64, Option<std::time::Instant>)>;

/// How long a connection of the register waits for another's write lock, in seconds.
pub(super) const GEDULD_SECONDEN: u64 = 30;

/// How long a connection that has migrations to apply waits for another's write lock, in
/// seconds: another process may be applying a long one (rebuilding the polis storage of a
/// national register took 32 s on 2026-12-06), and a register that is not migrated cannot be
/// used anyway.
const GEDULD_MIGRATIE_SECONDEN: u64 = 600;

/// A register in one SQLite file (or in memory for tests).
pub struct SqliteStore {
    conn: Connection,
    /// The connection for the other half of a report's large scans.
    tweede_lezer: tweede_lezer::TweedeLezer,
    /// Whether this store makes the report copies (`kopie`) its scans find missing or stale;
    /// every store uses a current one.
    maakt_kopieen: bool,
    /// The report copies this store did not make at a stand (name → stand, and when storing
    /// it failed: tried again a minute later; otherwise not until the stand moves).
    niet_te_maken: std::sync::Mutex<NietTeMaken>,
    /// The pairs of BSN and fiscaal nummer known to be in `polis_werkgevers` or
    /// `polis_werkgevers_nieuw`, packed as in `rond_polis_af`: read at this store's first polis
    /// commit, then added to by its own commits, so a delivery inserts only the pairs that are
    /// new to the register instead of probing the tables for each of its ~200,000 (issue #13).
    /// The only delete is the merge of the new pairs, which copies them into `polis_werkgevers`
    /// first in the same transaction, so a pair here is in one of the two; a pair another
    /// process added is missing here and is inserted again, which changes nothing. Whoever adds
    /// any other delete from either table (a purge, a rebuild) must clear this set in every
    /// store, or a pair deleted and written again would not be recorded. `None` until the first
    /// large polis commit; about 8 MB for the national demo's 540,000 pairs, growing with the
    /// register.
    polisparen_bekend: Option<foldhash::HashSet<i64>>,
    /// The working memory of this store's polis writes, kept between its transactions
    /// ([`transactie::Polisgeheugen`]).
    polisgeheugen: transactie::Polisgeheugen,
}

impl SqliteStore {
    /// Opens (and creates and migrates when needed) the database at `pad`, with WAL journaling,
    /// foreign keys on and full synchronisation, so a committed delivery survives a crash. The
    /// processing log lives in its own file beside it ([`logboek_pad`]), attached as `logboek`:
    /// its frequent small commits then leave the page cache of the register's readers intact.
    ///
    /// # Errors
    /// [`StoreFout`] when a file cannot be opened or was written by a newer version.
    pub fn open(pad: &Path) -> Resultaat<SqliteStore> {
        let conn = open_wal(pad)?;
        // checkpoint every ~80 MiB of WAL instead of 4 MiB: large deliveries rewrite the same
        // index pages, and fewer checkpoints write each of them once
        conn.pragma_update(None, "wal_autocheckpoint", 20_000)?;
        let logboek = logboek_pad(pad);
        let versie: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if versie > schema::LOGBOEK_VERHUISD as i64 && !logboek.exists() {
            return Err(StoreFout::Corrupt {
                tabel: "verwerkingen",
                reden: format!(
                    "het verwerkingenlogboek {} ontbreekt bij dit register; zet het terug uit de back-up \
                     (of maak bewust een leeg bestand met die naam aan)",
                    logboek.display()
                ),
            });
        }
        drop(open_wal(&logboek)?);
        conn.execute(
            "ATTACH DATABASE ?1 AS logboek",
            [logboek.to_string_lossy().as_ref()],
        )?;
        conn.pragma_update(Some("logboek"), "synchronous", "FULL")?;
        Self::met_verbinding(conn)
    }

    /// Opens the database like [`SqliteStore::open`] for a server's reader: the register file
    /// is read through a memory map (SQLite's `mmap_size`), so a page already in the operating
    /// system's cache is used where it lies instead of being copied into this connection's own
    /// cache (issue #13: lookups 16,000/s → 18,500/s). Writes still go through the journal. Only
    /// for the server's long-lived readers: a command's peak memory would otherwise count every
    /// page it reads.
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    pub fn open_lezer(pad: &Path) -> Resultaat<SqliteStore> {
        let store = SqliteStore::open(pad)?;
        store.conn.pragma_update(None, "mmap_size", MMAP_LEZER)?;
        Ok(store)
    }

    /// Opens the database like [`SqliteStore::open_lezer`] for a command that reads large parts
    /// of the register (`dgr rapport`): the report copies (`kopie`) are made where missing or
    /// stale and read, as [`SqliteStore::open_voorberekenaar`] does; a large scan without its
    /// copies (the registration periods, the woongemeenten, the polis rows of a period) is read
    /// in two parts at once, on this connection and a second one on the machine's other core
    /// (issue #13; see `tweede_lezer`), at the cost of holding the second part's rows in memory
    /// until the first part is done; and a copy is decoded on a second thread while this one
    /// does the report's work per row (`kopie::op_twee_kernen`).
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    pub fn open_rapportlezer(pad: &Path) -> Resultaat<SqliteStore> {
        let mut store = SqliteStore::open_voorberekenaar(pad)?;
        store.tweede_lezer = tweede_lezer::TweedeLezer::new(true);
        Ok(store)
    }

    /// Opens the database like [`SqliteStore::open_lezer`] for a reader that computes reports
    /// ahead (the server's dashboards): its scans make the report copies they find missing or
    /// stale (`kopie`; the first scan after a change reads the rows it copies from the table
    /// once: the registrations, the persons, or a month of polis), which then every store of
    /// the register uses. [`SqliteStore::open_rapportlezer`] makes them too.
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    pub fn open_voorberekenaar(pad: &Path) -> Resultaat<SqliteStore> {
        let mut store = SqliteStore::open_lezer(pad)?;
        store.maakt_kopieen = true;
        Ok(store)
    }

    /// The connection (the migration to PostgreSQL reads the tables through it).
    pub(crate) fn verbinding(&self) -> &Connection {
        &self.conn
    }

    /// A fresh in-memory database (tests), with an in-memory processing log.
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn in_geheugen() -> Resultaat<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        conn.execute("ATTACH DATABASE ':memory:' AS logboek", [])?;
        Self::met_verbinding(conn)
    }

    fn met_verbinding(conn: Connection) -> Resultaat<SqliteStore> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 256 MiB page cache: the polis index of a national register does not fit in less
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.busy_timeout(std::time::Duration::from_secs(GEDULD_SECONDEN))?;
        conn.set_prepared_statement_cache_capacity(128);
        een_plan_per_statement(&conn)?;
        // `rarray(?)`: a list bound as one parameter (the polis pairs of a transaction)
        rusqlite::vtab::array::load_module(&conn)?;
        let mut store = SqliteStore {
            conn,
            tweede_lezer: tweede_lezer::TweedeLezer::new(false),
            maakt_kopieen: false,
            niet_te_maken: std::sync::Mutex::default(),
            polisparen_bekend: None,
            polisgeheugen: transactie::Polisgeheugen::default(),
        };
        store.migreer(Some("logboek"), schema::LOGBOEK_MIGRATIES)?;
        store.migreer(None, schema::MIGRATIES)?;
        // A migration's ALTER TABLE … RENAME opens the connection's temporary database (SQLite
        // looks there for triggers to rename); changing `temp_store` outside a transaction
        // closes it again, so that a delivery's transaction may keep its statement journals in
        // memory (`begin`), which SQLite refuses while that database is open.
        store.conn.pragma_update(None, "temp_store", "MEMORY")?;
        store.conn.pragma_update(None, "temp_store", "DEFAULT")?;
        Ok(store)
    }

    /// Applies the migrations of one schema (`main` or the attached `logboek`) that its
    /// `user_version` has not seen, each in its own transaction, which reads the version again
    /// under the write lock, so two processes opening a database at once apply each once (the
    /// second waits up to [`GEDULD_MIGRATIE_SECONDEN`] for a long migration of the first).
    fn migreer(&mut self, schema: Option<&str>, migraties: &[&str]) -> Resultaat<()> {
        self.conn
            .busy_timeout(std::time::Duration::from_secs(GEDULD_MIGRATIE_SECONDEN))?;
        let uitkomst = self.pas_migraties_toe(schema, migraties);
        self.conn
            .busy_timeout(std::time::Duration::from_secs(GEDULD_SECONDEN))?;
        uitkomst
    }

    /// [`Self::migreer`]'s work.
    fn pas_migraties_toe(&mut self, schema: Option<&str>, migraties: &[&str]) -> Resultaat<()> {
        let versie: i64 = self
            .conn
            .pragma_query_value(schema, "user_version", |r| r.get(0))?;
        let bekend = migraties.len() as i64;
        if versie > bekend {
            return Err(StoreFout::NieuwereVersie {
                gevonden: versie,
                bekend,
            });
        }
        for (i, sql) in migraties
            .iter()
            .enumerate()
            .skip(usize::try_from(versie).unwrap_or(0))
        {
            if schema.is_none() && i == schema::LOGBOEK_VERHUISD {
                self.verhuis_logboek()?;
            }
            // the version read again under the write lock: another process that opened the
            // database at the same time may have applied this migration while we waited
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let nu: i64 = tx.pragma_query_value(schema, "user_version", |r| r.get(0))?;
            if nu > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            let herschreven =
                schema == Some("logboek") && i == schema::LOGBOEK_DEFINITIES_HERSCHREVEN;
            if herschreven {
                definities_herschreven(&tx)?;
            }
            tx.pragma_update(schema, "user_version", i as i64 + 1)?;
            tx.commit()?;
            if herschreven {
                // A safeguard: this connection parsed the old definitions, and SQLite would
                // read them again at its next transaction anyway (the raised schema_version
                // is not its own cached one); RESET reads them again now.
                self.conn.execute_batch("PRAGMA writable_schema = RESET")?;
            }
        }
        Ok(())
    }

    /// Copies the register file's processing log into the log file in a transaction that writes
    /// the log file only, and checks that every record and audit entry arrived, before the
    /// migration that drops them from the register file runs (in WAL mode a transaction over two
    /// files is not atomic, so copy and drop are two transactions, each of one file).
    fn verhuis_logboek(&mut self) -> Resultaat<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(schema::LOGBOEK_KOPIE)?;
        // the copied records get their entries by subject at once, as the log's writer would
        // give them, rather than being read past `tot` until its next group
        tx.execute_batch(&logboek::indexeer_staart("logboek"))?;
        tx.commit()?;
        let ontbrekend: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM main.verwerkingen WHERE id NOT IN (SELECT id FROM logboek.verwerkingen)) \
                  + (SELECT count(*) FROM main.audit WHERE id NOT IN (SELECT id FROM logboek.audit))",
            [],
            |r| r.get(0),
        )?;
        // a record up to `tot` without its entry (in its segment, or in its group in a log file
        // whose older part was merged) would be hidden from the person it concerns
        let zonder_ingang: i64 = self.conn.query_row(
            "SELECT count(*) FROM logboek.verwerkingen v \
             WHERE v.id <= (SELECT tot FROM logboek.verwerkingen_geindexeerd) AND NOT EXISTS \
             (SELECT 1 FROM logboek.verwerkingen_betrokkenen b WHERE b.segment = v.id >> 14 \
              AND b.prefix = substr(v.data_subject_id, 1, 16) AND b.id = v.id) AND NOT EXISTS \
             (SELECT 1 FROM logboek.verwerkingen_groepen g WHERE g.groep = v.id >> 20 \
              AND g.prefix = substr(v.data_subject_id, 1, 16) AND g.id = v.id)",
            [],
            |r| r.get(0),
        )?;
        for (aantal, tabel, reden) in [
            (
                ontbrekend,
                "verwerkingen",
                "niet naar het verwerkingenlogboek gekopieerd",
            ),
            (
                zonder_ingang,
                "verwerkingen_betrokkenen",
                "zonder ingang per betrokkene",
            ),
        ] {
            if aantal > 0 {
                return Err(StoreFout::Corrupt {
                    tabel,
                    reden: format!("{aantal} records {reden}"),
                });
            }
        }
        Ok(())
    }
}

/// The tables and columns whose checks [`schema::LOGBOEK_DEFINITIES_HERSCHREVEN`] rewrites.
const HERSCHREVEN_CONTROLES: [(&str, &str); 2] =
    [("verwerkingen", "status_code"), ("audit", "doel")];

/// Completes [`schema::LOGBOEK_DEFINITIES_HERSCHREVEN`] in its transaction `tx`, as SQLite's
/// procedure for a definition changed in place asks: checks that the definition of each table
/// of [`HERSCHREVEN_CONTROLES`] now checks its column with `=` and no longer with `IN (`, raises
/// the log's `schema_version` by one (so that every other connection reads the new definitions
/// at its next statement that reads; `EXPLAIN` or a prepare alone does not, and one inside an
/// open read transaction keeps the old ones until it ends), and turns `writable_schema` off
/// again, also when the check fails.
///
/// # Errors
/// [`StoreFout::Corrupt`] naming the tables whose definition is not the one this program made
/// (the caller's transaction then rolls back, and the log stays as it was);
/// [`StoreFout::Database`].
fn definities_herschreven(tx: &rusqlite::Transaction<'_>) -> Resultaat<()> {
    let mut afwijkend = Vec::new();
    for (tabel, kolom) in HERSCHREVEN_CONTROLES {
        let definitie: Option<String> = tx
            .query_row(
                "SELECT sql FROM logboek.sqlite_schema WHERE type = 'table' AND name = ?1",
                [tabel],
                |r| r.get(0),
            )
            .optional()?;
        let herschreven = definitie.is_some_and(|d| {
            d.contains(&format!("CHECK ({kolom} = ")) && !d.contains(&format!("{kolom} IN ("))
        });
        if !herschreven {
            afwijkend.push(tabel);
        }
    }
    if afwijkend.is_empty() {
        let versie: i64 = tx.pragma_query_value(Some("logboek"), "schema_version", |r| r.get(0))?;
        tx.pragma_update(Some("logboek"), "schema_version", versie + 1)?;
    }
    tx.execute_batch("PRAGMA writable_schema = OFF")?;
    if afwijkend.is_empty() {
        Ok(())
    } else {
        Err(StoreFout::Corrupt {
            tabel: "logboek.sqlite_schema",
            reden: format!(
                "de controle in de definitie van {} is niet zoals dgr die maakte, dus het \
                 verwerkingenlogboek is niet bijgewerkt; zet het terug uit de back-up",
                afwijkend.join(" en ")
            ),
        })
    }
}

/// The file of the processing log that belongs to the register at `pad`: `nl.db` →
/// `nl.logboek.db`. Back it up together with the register (and keep `logboek.geheim` apart).
pub fn logboek_pad(pad: &Path) -> std::path::PathBuf {
    let mut naam = pad.file_stem().unwrap_or_default().to_os_string();
    naam.push(".logboek.db");
    pad.with_file_name(naam)
}

/// Sets SQLite's query planner stability guarantee on `conn`, as on every connection of the
/// store (issue #13): one plan per statement, whatever its parameters. The bundled SQLite is
/// built with STAT4, and without this it marks a statement whose plan a bound value could
/// change (a range such as `eerste_bsn <= ?2`) to be compiled again whenever a new value is
/// bound: the probe of the polis person blocks was parsed and planned anew for every polis row
/// probed, more than the probe itself. What the guarantee turns off: estimates from bound
/// values (the register runs no ANALYZE, so there are no statistics to estimate from), a
/// `LIMIT ?` weighed against a sort, `LIKE ?` by an index (this store's one `LIKE ?1` is on a
/// key of binary collation, where SQLite never used it), and a partial index chosen for
/// `col = ?` (the store queries its partial indexes with literals; keep it so).
///
/// # Errors
/// [`StoreFout::Database`] when SQLite refuses the setting.
pub(super) fn een_plan_per_statement(conn: &Connection) -> Resultaat<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The memory map of a server's reader, in bytes (address space, not memory). SQLite caps it at
/// its compile-time maximum, 2 GiB in the bundled build: of a larger register the first 2 GiB
/// are mapped and the rest is read as before.
const MMAP_LEZER: i64 = 64 << 30;

/// Opens a database file read-write (creating it), in WAL mode.
fn open_wal(pad: &Path) -> Resultaat<Connection> {
    let conn = Connection::open_with_flags(
        pad,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    Ok(conn)
}

/// A civil date as stored: `JJJJ-MM-DD`, chrono's ISO 8601 display, which is the same text as
/// `format("%Y-%m-%d")` ([`Datumtekst`], as an owned string).
pub(crate) fn datum_tekst(d: NaiveDate) -> String {
    Datumtekst::van(d).as_str().to_owned()
}

/// A date's stored text ([`datum_tekst`]) built inline. Years 0–9999 are written digit by
/// digit (issue #13: the formatting machinery behind `to_string` was 6% of writing a polis row,
/// when polis rows still stored their dates as text); any other year, which no delivery can
/// carry, goes to chrono's display, at most 13 characters (`+262143-12-31`).
struct Datumtekst {
    tekens: [u8; 16],
    lengte: u8,
}

impl Datumtekst {
    /// The stored text of `d`.
    fn van(d: NaiveDate) -> Datumtekst {
        let mut tekens = [0u8; 16];
        if !(0..=9999).contains(&d.year()) {
            let t = d.to_string();
            let n = t.len().min(tekens.len());
            tekens[..n].copy_from_slice(&t.as_bytes()[..n]);
            return Datumtekst {
                tekens,
                lengte: n as u8,
            };
        }
        let cijfer = |n: u32| b'0' + (n % 10) as u8;
        let (j, m, dag) = (d.year().unsigned_abs(), d.month(), d.day());
        tekens[..10].copy_from_slice(&[
            cijfer(j / 1000),
            cijfer(j / 100),
            cijfer(j / 10),
            cijfer(j),
            b'-',
            cijfer(m / 10),
            cijfer(m),
            b'-',
            cijfer(dag / 10),
            cijfer(dag),
        ]);
        Datumtekst { tekens, lengte: 10 }
    }

    /// The text (ASCII, so always valid UTF-8).
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.tekens[..usize::from(self.lengte)]).unwrap_or_default()
    }
}

/// A stored date ([`lees_datum_bytes`] of its text).
///
/// # Errors
/// [`StoreFout::Corrupt`] naming `tabel` when the text is no date.
pub(crate) fn lees_datum(tabel: &'static str, t: &str) -> Resultaat<NaiveDate> {
    lees_datum_bytes(tabel, t.as_bytes())
}

/// A stored date from the column's bytes as SQLite holds them. The register writes every date
/// as `JJJJ-MM-DD` ([`datum_tekst`]): those digits are read directly (chrono still validates
/// the date), and anything else goes to chrono's ISO 8601 parser, whose error names the
/// problem (issue #13: parsing was a tenth of a report's time; the bytes need no UTF-8 check
/// first on the common path).
///
/// # Errors
/// [`StoreFout::Corrupt`] naming `tabel` when the bytes are no date.
pub(crate) fn lees_datum_bytes(tabel: &'static str, b: &[u8]) -> Resultaat<NaiveDate> {
    if let Some(d) = opgeslagen_datum(b) {
        return Ok(d);
    }
    let corrupt = |reden: String| StoreFout::Corrupt { tabel, reden };
    std::str::from_utf8(b)
        .map_err(|e| corrupt(e.to_string()))?
        .parse::<NaiveDate>()
        .map_err(|e| corrupt(e.to_string()))
}

/// A date in exactly the stored form `JJJJ-MM-DD`, or `None` for any other text.
pub(super) fn opgeslagen_datum(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let getal = |cijfers: &[u8]| {
        cijfers.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let jaar = i32::try_from(getal(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(jaar, getal(&b[5..7])?, getal(&b[8..])?)
}

pub(crate) fn lees_datum_opt(
    tabel: &'static str,
    t: Option<String>,
) -> Resultaat<Option<NaiveDate>> {
    t.map(|x| lees_datum(tabel, &x)).transpose()
}

/// A transaction time as stored (microseconds since the epoch, UTC).
pub(crate) fn tijd_getal(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

pub(crate) fn lees_tijd(tabel: &'static str, micros: i64) -> Resultaat<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros).ok_or_else(|| StoreFout::Corrupt {
        tabel,
        reden: format!("tijdstip {micros}"),
    })
}

pub(crate) fn lees_bsn(tabel: &'static str, waarde: i64) -> Resultaat<Bsn> {
    u32::try_from(waarde)
        .ok()
        .and_then(|w| Bsn::from_u32(w).ok())
        .ok_or_else(|| StoreFout::Corrupt {
            tabel,
            reden: "ongeldig BSN".into(),
        })
}

pub(crate) fn lees_gemeente(
    tabel: &'static str,
    waarde: Option<i64>,
) -> Resultaat<Option<Gemeentecode>> {
    waarde
        .map(|w| {
            u16::try_from(w)
                .ok()
                .and_then(Gemeentecode::uit_getal)
                .ok_or_else(|| StoreFout::Corrupt {
                    tabel,
                    reden: format!("gemeentecode {w}"),
                })
        })
        .transpose()
}

/// Column list of `registratie_versies` read by [`registratie_versie_uit_rij`].
pub(crate) const REGISTRATIE_KOLOMMEN: &str = "registratie_id, bsn, grondslag, ingangsdatum, bron_einddatum, \
     bron_reden_einde, afgeleid_einddatum, afgeleid_reden, loonwaarde_pct, besluitdatum, bron_kenmerk, ingetrokken, \
     geregistreerd_op, vervallen_op, oorzaak, levering_id, referentie_versie, handeling";

fn einde(datum: Option<String>, reden: Option<String>) -> Resultaat<Option<Einde>> {
    match (datum, reden) {
        (Some(d), Some(r)) => Ok(Some(Einde {
            datum: lees_datum("registratie_versies", &d)?,
            reden: r,
        })),
        (None, _) => Ok(None),
        (Some(_), None) => Err(StoreFout::Corrupt {
            tabel: "registratie_versies",
            reden: "einddatum zonder reden".into(),
        }),
    }
}

pub(crate) fn registratie_versie_uit_rij(r: &Row<'_>) -> Resultaat<RegistratieVersie> {
    const T: &str = "registratie_versies";
    let registratie = Registratie {
        id: Some(r.get(0)?),
        bsn: lees_bsn(T, r.get(1)?)?,
        grondslag: r.get(2)?,
        ingangsdatum: lees_datum(T, &r.get::<_, String>(3)?)?,
        bron_einde: einde(r.get(4)?, r.get(5)?)?,
        afgeleid_einde: einde(r.get(6)?, r.get(7)?)?,
        loonwaarde_pct: r.get::<_, Option<i64>>(8)?.map(Honderdsten),
        besluitdatum: lees_datum_opt(T, r.get(9)?)?,
        bron_kenmerk: r.get(10)?,
        ingetrokken: r.get(11)?,
    };
    let oorzaak = match r.get::<_, String>(14)?.as_str() {
        "LEVERING" => Oorzaak::Levering(r.get::<_, Option<i64>>(15)?.unwrap_or_default()),
        "REFERENTIE" => Oorzaak::Referentie(r.get::<_, Option<String>>(16)?.unwrap_or_default()),
        _ => Oorzaak::Handeling(r.get::<_, Option<String>>(17)?.unwrap_or_default()),
    };
    Ok(RegistratieVersie {
        registratie,
        geregistreerd_op: lees_tijd(T, r.get(12)?)?,
        vervallen_op: r
            .get::<_, Option<i64>>(13)?
            .map(|m| lees_tijd(T, m))
            .transpose()?,
        oorzaak,
    })
}

/// Column list of `persoon_versies` read by [`persoon_uit_rij`] (first four columns).
pub(crate) const PERSOON_KOLOMMEN: &str = "bsn, geboortedatum, overlijdensdatum, woongemeente";

pub(crate) fn persoon_uit_rij(r: &Row<'_>) -> Resultaat<Persoon> {
    const T: &str = "persoon_versies";
    let geboorte: String = r.get(1)?;
    Ok(Persoon {
        bsn: lees_bsn(T, r.get(0)?)?,
        geboortedatum: brp_datum(&geboorte)?,
        overlijdensdatum: lees_datum_opt(T, r.get(2)?)?,
        woongemeente: lees_gemeente(T, r.get(3)?)?,
    })
}

/// A BRP date as stored: [`BrpDatum::als_tekst`], a complete date written by [`datum_tekst`]
/// (issue #13: the formatting machinery of `als_tekst` was a tenth of writing a person).
pub(crate) fn brp_datum_tekst(d: BrpDatum) -> String {
    match d {
        BrpDatum::Volledig(d) => datum_tekst(d),
        onvolledig @ BrpDatum::Onvolledig { .. } => onvolledig.als_tekst(),
    }
}

fn brp_datum(t: &str) -> Resultaat<BrpDatum> {
    parse_brp_datum(t).map_err(|e| StoreFout::Corrupt {
        tabel: "persoon_versies",
        reden: e.to_string(),
    })
}

/// One page of a history list: the rows of `select` (a `SELECT … WHERE <base filter>`) that
/// match `vraag` on the status and the decision date in `kolom`, newest decision first (then
/// the highest id), with the number of all matching rows.
pub(crate) fn bladzijde<T>(
    conn: &Connection,
    select: &str,
    kolom: &str,
    vraag: &crate::Geschiedenisvraag,
    rij: fn(&rusqlite::Row<'_>) -> Resultaat<T>,
) -> Resultaat<crate::Bladzijde<T>> {
    let (extra, waarden) = vraag.voorwaarden(kolom, '?', 1);
    let p: Vec<&dyn rusqlite::ToSql> = waarden.iter().map(|w| w as &dyn rusqlite::ToSql).collect();
    let tel = format!("SELECT COUNT(*) FROM ({select}{extra}) AS gevonden");
    let totaal: i64 = conn.query_row(&tel, p.as_slice(), |r| r.get(0))?;
    let n = waarden.len();
    let sql = format!(
        "{select}{extra} ORDER BY {kolom} DESC, id DESC LIMIT ?{} OFFSET ?{}",
        n + 1,
        n + 2
    );
    let grens = i64::try_from(vraag.aantal).unwrap_or(i64::MAX);
    let begin = i64::try_from(vraag.overslaan).unwrap_or(i64::MAX);
    let mut p = p;
    p.push(&grens);
    p.push(&begin);
    let mut stmt = conn.prepare(&sql)?;
    let mut rijen = stmt.query(p.as_slice())?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(rij(r)?);
    }
    Ok(crate::Bladzijde {
        rijen: uit,
        totaal: u64::try_from(totaal).unwrap_or(0),
    })
}

/// The plan SQLite chooses for `sql` (the details of EXPLAIN QUERY PLAN joined by " | "), with
/// as many of `parameters` bound as the statement has: for the tests that an index is used.
#[cfg(test)]
pub(crate) fn zoekplan(
    conn: &Connection,
    sql: &str,
    parameters: &[&dyn rusqlite::ToSql],
) -> String {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let parameters = parameters.get(..stmt.parameter_count()).unwrap_or_default();
    let regels: Vec<String> = stmt
        .query_map(parameters, |r| r.get(3))
        .and_then(|r| r.collect())
        .unwrap_or_else(|e| unreachable!("{e}"));
    regels.join(" | ")
}

/// The rows `sql` reads from `conn` with `parameters`, each made by `rij` (for the tests).
#[cfg(test)]
pub(crate) fn rijen<T>(
    conn: &Connection,
    sql: &str,
    parameters: &[&dyn rusqlite::ToSql],
    rij: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    conn.prepare(sql)
        .and_then(|mut s| s.query_map(parameters, rij)?.collect())
        .unwrap_or_else(|e| unreachable!("{e}"))
}

/// Every column of the rows `sql` reads from `conn`, as SQLite's values (for the tests: a table
/// compared before and after a migration, whatever its columns).
#[cfg(test)]
pub(crate) fn alle_kolommen(conn: &Connection, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    rijen(conn, sql, &[], |r| {
        (0..r.as_ref().column_count()).map(|i| r.get(i)).collect()
    })
}

/// Puts the register of `conn` back to just before the migration whose text contains
/// `kenmerk`: runs `oude_vorm` (the SQL that gives a table the shape it had then) and sets
/// `user_version` to that migration, in one transaction, so that the next open runs it (for
/// the tests of migrations).
#[cfg(test)]
pub(crate) fn terug_voor_migratie(conn: &Connection, kenmerk: &str, oude_vorm: &str) {
    let versie = schema::MIGRATIES
        .iter()
        .position(|m| m.contains(kenmerk))
        .unwrap_or_else(|| unreachable!("no migration with {kenmerk}"));
    conn.execute_batch(&format!(
        "BEGIN; {oude_vorm} PRAGMA user_version = {versie}; COMMIT;"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"));
}

#[cfg(test)]
mod tests {
    use chrono::Datelike as _;
    use rusqlite::{Connection, StatementStatus};

    use super::{SqliteStore, kennisgeving, logboek_pad, rijen, schema, transactie, zoekplan};
    use crate::{Store as _, Transactie as _};

    /// A new registration's first version is written with its registration id at once, from
    /// the transaction's counter of version ids (the highest plus one, as SQLite's own row ids
    /// would be): A new gets version 1 and id 1; A changed gets version 2 and keeps id 1; B new
    /// gets version and id 3; after the commit a new transaction counts on from the highest
    /// version, 3, so C gets 4. Only A's first version is superseded.
    #[test]
    fn registratie_id_uit_de_teller_van_versies() {
        use crate::postgres::tests::{d, levering, ok, registratie, t};
        use dgr_core::registratie::{Oorzaak, Registratie};
        use dgr_core::{Bron, LeveringSoort};
        let mut store = ok(SqliteStore::in_geheugen());
        {
            let mut tx = ok(store.transactie());
            let l = ok(tx.registreer_levering(&levering(
                Bron::Uwv,
                LeveringSoort::Registraties,
                "R",
                t(1),
            )));
            let oorzaak = Oorzaak::Levering(l);
            let a = registratie("111222333", "WAJONG", d(2015, 1, 1));
            assert_eq!(ok(tx.schrijf_registratie(None, &a, t(1), &oorzaak)), 1);
            let a_oud = Registratie { id: Some(1), ..a };
            let mut a_nieuw = a_oud.clone();
            a_nieuw.loonwaarde_pct = Some(dgr_core::Honderdsten(5_000));
            assert_eq!(
                ok(tx.schrijf_registratie(Some(&a_oud), &a_nieuw, t(1), &oorzaak)),
                1
            );
            let b = registratie("123456782", "WSW", d(2016, 3, 1));
            assert_eq!(ok(tx.schrijf_registratie(None, &b, t(1), &oorzaak)), 3);
            ok(tx.commit());
        }
        {
            let mut tx = ok(store.transactie());
            let c = registratie("012345672", "WAJONG", d(2017, 5, 1));
            let oorzaak = Oorzaak::Handeling("H".into());
            assert_eq!(ok(tx.schrijf_registratie(None, &c, t(2), &oorzaak)), 4);
            ok(tx.commit());
        }
        let rijen: Vec<(i64, i64, bool)> = ok(store
            .conn
            .prepare(
                "SELECT versie_id, registratie_id, vervallen_op IS NULL FROM registratie_versies \
                 ORDER BY versie_id",
            )
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .map_err(crate::StoreFout::from));
        assert_eq!(
            rijen,
            [(1, 1, false), (2, 1, true), (3, 3, true), (4, 4, true)]
        );
    }

    /// Closing a registration's version and reading a person's notices go through the
    /// person's registration versions (`registratie_versies_bsn`), not through an index by
    /// registration id or one of notices by BSN (issue #13: both were changed at random places
    /// by every delivery, and are gone); and without a temporary table per closed version.
    #[test]
    fn registraties_en_kennisgevingen_via_de_bsn() {
        use crate::postgres::tests::ok;
        let store = ok(SqliteStore::in_geheugen());
        let huidig = zoekplan(
            &store.conn,
            transactie::HUIDIGE_VERSIES_VAN_REGISTRATIE,
            &[&1, &2],
        );
        assert!(
            huidig.contains("registratie_versies USING INDEX registratie_versies_bsn (bsn=?)")
                && huidig.contains("registratie_versies USING INTEGER PRIMARY KEY (rowid=?)")
                && !huidig.contains("SCAN"),
            "{huidig}"
        );
        // none of the statements that close a version collects its rows in a temporary table
        // first, nor is any prepared again for other values (a join on the person of the
        // first version was, at every call: a full parse per closed version)
        for sql in [
            transactie::HUIDIGE_VERSIES_VAN_REGISTRATIE,
            transactie::SLUIT_REGISTRATIEVERSIE,
            transactie::SLUIT_PERSOON,
        ] {
            let opcodes = rijen(&store.conn, &format!("EXPLAIN {sql}"), &[&1, &2], |r| {
                r.get::<_, String>(1)
            });
            assert!(!opcodes.iter().any(|o| o == "OpenEphemeral"), "{opcodes:?}");
            for i in 0..3_i64 {
                let mut stmt = ok(store
                    .conn
                    .prepare_cached(sql)
                    .map_err(crate::StoreFout::from));
                let mut antwoord = ok(stmt.query([i, 100 + i]).map_err(crate::StoreFout::from));
                while ok(antwoord.next().map_err(crate::StoreFout::from)).is_some() {}
            }
            let stmt = ok(store
                .conn
                .prepare_cached(sql)
                .map_err(crate::StoreFout::from));
            assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0, "{sql}");
        }
        let van = zoekplan(&store.conn, kennisgeving::VAN_PERSOON, &[&1]);
        assert!(
            van.contains("SEARCH r USING INDEX registratie_versies_bsn (bsn=?)")
                && van.contains(
                    "SEARCH k USING INDEX sqlite_autoindex_kennisgevingen_1 (registratie_id=?)"
                ),
            "{van}"
        );
        let indexen = rijen(
            &store.conn,
            "SELECT name FROM sqlite_schema WHERE name IN \
             ('registratie_versies_registratie', 'kennisgevingen_bsn')",
            &[],
            |r| r.get::<_, String>(0),
        );
        assert!(indexen.is_empty(), "{indexen:?}");
    }

    /// No statement that writes a version while a delivery is applied, nor either insert of the
    /// processing log's writer, builds a temporary table or index for each row (issue #13: the
    /// check `oorzaak IN (…)` of a registration version did, 28% of writing one, and so did the
    /// log's checks of a status and a purpose); and the check as three comparisons still
    /// accepts the three causes and refuses any other.
    #[test]
    fn versies_schrijven_zonder_tijdelijke_tabel() {
        use crate::postgres::tests::ok;
        let store = ok(SqliteStore::in_geheugen());
        let polisversie_in: &str = &transactie::POLISVERSIE_IN;
        let polisblok_in: &str = &transactie::POLISBLOK_IN;
        let polisblok_van_dag_in: &str = &transactie::POLISBLOK_VAN_DAG_IN;
        // the processing log's two inserts on the log this store attached (in memory)
        let [audit_in, verwerking_in] = logboekinserts();
        for sql in [
            transactie::REGISTRATIEVERSIE_IN,
            polisversie_in,
            polisblok_in,
            polisblok_van_dag_in,
            &audit_in,
            &verwerking_in,
        ] {
            assert!(!bouwt_tijdelijke_index(&store.conn, sql), "{sql}");
        }
        let schrijf = |versie: i64, oorzaak: &str| {
            store.conn.execute(
                "INSERT INTO registratie_versies (versie_id, registratie_id, bsn, grondslag, \
                 ingangsdatum, ingetrokken, geregistreerd_op, oorzaak) \
                 VALUES (?1, ?1, 111222333, 'WAJONG', '2024-01-01', 0, 1, ?2)",
                rusqlite::params![versie, oorzaak],
            )
        };
        for (versie, oorzaak) in [(1, "LEVERING"), (2, "REFERENTIE"), (3, "HANDELING")] {
            assert_eq!(schrijf(versie, oorzaak).ok(), Some(1), "{oorzaak}");
        }
        for oorzaak in ["ANDERS", "levering", ""] {
            let fout = schrijf(4, oorzaak)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                fout.contains("CHECK constraint failed"),
                "{oorzaak}: {fout}"
            );
        }
    }

    /// The migration that rewrites the check of a registration version's cause (issue #13)
    /// keeps every version as it was (ids and contents, compared as text column by column),
    /// the two indexes, the three triggers of the report copy and the copy itself. The
    /// register before it is made by the store and given the table as it was then (with
    /// `oorzaak IN (…)`); person 111222333's registration is written and then withdrawn, so
    /// the table holds a closed and a current version.
    #[test]
    fn migratie_herschrijft_de_controle_van_de_oorzaak() {
        use crate::postgres::tests::{d, levering, ok, registratie, t};
        use dgr_core::registratie::{Oorzaak, Registratie};
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("nl.db");
        let alle = "SELECT * FROM registratie_versies ORDER BY versie_id";
        let voor = {
            let mut store = ok(SqliteStore::open(&pad));
            let mut tx = ok(store.transactie());
            let l = ok(tx.registreer_levering(&levering(
                dgr_core::Bron::Uwv,
                dgr_core::LeveringSoort::Registraties,
                "R",
                t(1),
            )));
            let nieuw = registratie("111222333", "WAJONG", d(2015, 1, 1));
            let oorzaak = Oorzaak::Levering(l);
            let id = ok(tx.schrijf_registratie(None, &nieuw, t(1), &oorzaak));
            let oud = Registratie {
                id: Some(id),
                ..nieuw
            };
            let ingetrokken = Registratie {
                ingetrokken: true,
                ..oud.clone()
            };
            ok(tx.schrijf_registratie(Some(&oud), &ingetrokken, t(2), &oorzaak));
            ok(tx.commit());
            super::terug_voor_migratie(
                &store.conn,
                "CREATE TABLE registratie_versies_nieuw",
                "CREATE TABLE oud AS SELECT * FROM registratie_versies;
                 DROP TABLE registratie_versies;
                 CREATE TABLE registratie_versies (versie_id INTEGER PRIMARY KEY,
                     registratie_id INTEGER NOT NULL, bsn INTEGER NOT NULL,
                     grondslag TEXT NOT NULL, ingangsdatum TEXT NOT NULL, einddatum TEXT,
                     reden_einde TEXT, bron_einddatum TEXT, bron_reden_einde TEXT,
                     afgeleid_einddatum TEXT, afgeleid_reden TEXT, loonwaarde_pct INTEGER,
                     besluitdatum TEXT, bron_kenmerk TEXT, ingetrokken INTEGER NOT NULL,
                     geregistreerd_op INTEGER NOT NULL, vervallen_op INTEGER,
                     oorzaak TEXT NOT NULL
                         CHECK (oorzaak IN ('LEVERING', 'REFERENTIE', 'HANDELING')),
                     levering_id INTEGER REFERENCES leveringen (id),
                     referentie_versie TEXT, handeling TEXT);
                 INSERT INTO registratie_versies SELECT * FROM oud;
                 DROP TABLE oud;
                 CREATE INDEX registratie_versies_bsn ON registratie_versies (bsn);
                 CREATE INDEX registratie_versies_tijd ON registratie_versies (geregistreerd_op);
                 INSERT OR REPLACE INTO rapportkopieen (naam, stand, gegevens)
                 VALUES ('registratie_versies', 3, x'00');",
            );
            super::alle_kolommen(&store.conn, alle)
        };
        // the first version, closed, and the second, current (vervallen_op, column 16)
        use rusqlite::types::Value;
        assert_eq!(voor.len(), 2);
        assert!(
            voor[0][16] != Value::Null && voor[1][16] == Value::Null,
            "{voor:?}"
        );
        let store = ok(SqliteStore::open(&pad));
        assert_eq!(super::alle_kolommen(&store.conn, alle), voor);
        let namen = |soort: &str| {
            rijen(
                &store.conn,
                "SELECT name FROM sqlite_schema WHERE type = ?1 AND tbl_name = 'registratie_versies' \
                 ORDER BY name",
                &[&soort],
                |r| r.get::<_, String>(0),
            )
        };
        assert_eq!(
            namen("index"),
            ["registratie_versies_bsn", "registratie_versies_tijd"]
        );
        assert_eq!(
            namen("trigger"),
            [
                "rapportkopie_registraties_bijgewerkt",
                "rapportkopie_registraties_heropend",
                "rapportkopie_registraties_verwijderd"
            ]
        );
        let kopie = rijen(
            &store.conn,
            "SELECT stand FROM rapportkopieen WHERE naam = 'registratie_versies'",
            &[],
            |r| r.get::<_, i64>(0),
        );
        assert_eq!(kopie, [3]);
        let tabel = rijen(
            &store.conn,
            "SELECT sql FROM sqlite_schema WHERE name = 'registratie_versies'",
            &[],
            |r| r.get::<_, String>(0),
        );
        assert!(
            tabel
                .iter()
                .all(|t| !t.contains("IN (") && t.contains("oorzaak = 'HANDELING'")),
            "{tabel:?}"
        );
    }

    /// One index of persons' versions by BSN (issue #13) serves what two did: it finds every
    /// version of a person and the current one, and it refuses a second current version of a
    /// person as the unique index of current versions did. Person 111222333 gets versions 1
    /// and 2 (1 closed when 2 came); a third row without an end beside 2 is refused, one that
    /// is closed is not; another person's current version is no conflict.
    #[test]
    fn een_huidige_versie_per_persoon() {
        use crate::postgres::tests::ok;
        let store = ok(SqliteStore::in_geheugen());
        let conn = &store.conn;
        ok(conn
            .execute_batch(
                "INSERT INTO leveringen (id, bron, soort, kenmerk, sha256, bestandsnaam, modus, status, \
                 geregistreerd_op, referentie_versie, rijen_gelezen, rijen_toegepast, rijen_afgewezen, \
                 nieuw, gewijzigd, ongewijzigd, grondslagen, rapport) \
                 VALUES (1, 'BRP', 'personen', 'P', '', 'p.csv', 'STRICT', 'TOEGEPAST', 1, 'r', 0, 0, 0, 0, 0, 0, '', '');
                 INSERT INTO persoon_versies (versie_id, bsn, geboortedatum, geregistreerd_op, vervallen_op, levering_id)
                 VALUES (1, 111222333, '1980-01-01', 1, 2, 1), (2, 111222333, '1980-01-02', 2, NULL, 1),
                        (3, 123456782, '1990-01-01', 2, NULL, 1);",
            )
            .map_err(crate::StoreFout::from));
        let tweede_huidige = conn.execute(
            "INSERT INTO persoon_versies (versie_id, bsn, geboortedatum, geregistreerd_op, levering_id) \
             VALUES (4, 111222333, '1980-01-03', 3, 1)",
            [],
        );
        assert!(
            matches!(&tweede_huidige, Err(e) if e.to_string().contains("persoon_versies_bsn_huidig")),
            "{tweede_huidige:?}"
        );
        // and it is the only index of the table: the two it replaces are gone
        let indexen = rijen(
            conn,
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'persoon_versies'",
            &[],
            |r| r.get::<_, String>(0),
        );
        assert_eq!(indexen, ["persoon_versies_bsn_huidig"]);
        ok(conn
            .execute(
                "INSERT INTO persoon_versies (versie_id, bsn, geboortedatum, geregistreerd_op, vervallen_op, levering_id) \
                 VALUES (4, 111222333, '1980-01-03', 3, 3, 1)",
                [],
            )
            .map_err(crate::StoreFout::from));
        for sql in [
            "SELECT geboortedatum FROM persoon_versies WHERE bsn = ?1",
            "SELECT geboortedatum FROM persoon_versies WHERE bsn = ?1 AND vervallen_op IS NULL",
        ] {
            let plan = zoekplan(conn, sql, &[&111_222_333]);
            assert!(
                plan.contains("persoon_versies USING INDEX persoon_versies_bsn_huidig (bsn=?)"),
                "{plan}"
            );
        }
        let huidig = rijen(
            conn,
            "SELECT versie_id FROM persoon_versies WHERE bsn = ?1 AND vervallen_op IS NULL",
            &[&111_222_333],
            |r| r.get::<_, i64>(0),
        );
        assert_eq!(huidig, [2]);
    }

    /// A delivery's work sets read at once (`huidige_werksets`, issue #13) are what the reads
    /// per person answer. 30 persons; the even ones have person data. Each gets a WAJONG
    /// registration; in a second transaction every 5th is withdrawn, every 4th gets an
    /// end (a new version of the same registration) and every 6th a second, WSW registration.
    /// So person i has (i % 5 != 0) + (i % 6 == 0) current registrations: person 0 one (its
    /// WSW), 5 none, 6 two, 4 one with its end. Asked in reverse order, with person 3 twice and
    /// a BSN the register does not know, last.
    #[test]
    fn werksets_in_een_keer_zoals_per_persoon() {
        use crate::postgres::tests::{d, gemeente, levering, ok, registratie, t};
        use dgr_core::registratie::{Einde, Oorzaak};
        use dgr_core::{Bron, Bsn, LeveringSoort};
        let mut store = ok(SqliteStore::in_geheugen());
        let bsns: Vec<Bsn> = (300_000_000u32..)
            .filter_map(|n| Bsn::from_u32(n).ok())
            .take(31)
            .collect();
        let (personen, onbekend) = bsns.split_at(30);
        let registraties =
            |kenmerk, s| levering(Bron::Uwv, LeveringSoort::Registraties, kenmerk, t(s));
        {
            let mut tx = ok(store.transactie());
            let l = ok(tx.registreer_levering(&registraties("W-0", 1)));
            for (i, &b) in personen.iter().enumerate() {
                if i % 2 == 0 {
                    let p = dgr_core::gegevens::Persoon {
                        bsn: b,
                        geboortedatum: dgr_core::datum::parse_brp_datum("1970-05-01")
                            .unwrap_or_else(|e| unreachable!("{e:?}")),
                        overlijdensdatum: None,
                        woongemeente: Some(gemeente("0363")),
                    };
                    ok(tx.schrijf_persoon(&p, t(1), l));
                }
                let mut r = registratie("111222333", "WAJONG", d(2015, 1, 1));
                r.bsn = b;
                ok(tx.schrijf_registratie(None, &r, t(1), &Oorzaak::Levering(l)));
            }
            ok(tx.commit());
        }
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&registraties("W-1", 2)));
        for (i, &b) in personen.iter().enumerate() {
            let oud = ok(tx.huidige_registraties(b)).pop();
            if let Some(oud) = oud.filter(|_| i % 5 == 0 || i % 4 == 0) {
                let mut nieuw = oud.clone();
                if i % 5 == 0 {
                    nieuw.ingetrokken = true;
                } else {
                    nieuw.bron_einde = Some(Einde {
                        datum: d(2022, 1, 1),
                        reden: "EINDE".into(),
                    });
                }
                ok(tx.schrijf_registratie(Some(&oud), &nieuw, t(2), &Oorzaak::Levering(l)));
            }
            if i % 6 == 0 {
                let mut r = registratie("111222333", "WSW", d(2023, 1, 1));
                r.bsn = b;
                ok(tx.schrijf_registratie(None, &r, t(2), &Oorzaak::Levering(l)));
            }
        }
        let mut gevraagd: Vec<Bsn> = personen.iter().rev().copied().collect();
        gevraagd.push(personen[3]);
        gevraagd.push(onbekend[0]);
        let samen = ok(tx.huidige_werksets(&gevraagd));
        assert_eq!(samen.len(), 32);
        for (b, (persoon, huidig)) in gevraagd.iter().zip(&samen) {
            assert_eq!(persoon, &ok(tx.huidige_persoon(*b)), "{b:?}");
            assert_eq!(huidig, &ok(tx.huidige_registraties(*b)), "{b:?}");
        }
        // the counts worked out above, independently of the reads per person
        for (i, &b) in personen.iter().enumerate() {
            let plek = 29 - i;
            let (persoon, huidig) = &samen[plek];
            assert_eq!(persoon.is_some(), i % 2 == 0, "persoon {i}");
            let verwacht = usize::from(i % 5 != 0) + usize::from(i % 6 == 0);
            assert_eq!(huidig.len(), verwacht, "persoon {i}");
            assert!(huidig.iter().all(|r| r.bsn == b && !r.ingetrokken));
        }
        assert!(
            samen[29 - 4].1.iter().any(|r| r.bron_einde.is_some()),
            "persoon 4"
        );
        assert_eq!(samen[30], samen[26], "persoon 3, twice");
        assert_eq!(samen[31], (None, Vec::new()), "an unknown BSN");
        drop(tx);
        for (sql, index) in [
            (
                &*transactie::WERKSET_PERSONEN,
                "persoon_versies_bsn_huidig (bsn=?)",
            ),
            (
                &*transactie::WERKSET_REGISTRATIES,
                "registratie_versies_bsn (bsn=?)",
            ),
        ] {
            let plan = zoekplan(
                &store.conn,
                sql,
                &[&std::rc::Rc::new(Vec::<rusqlite::types::Value>::new())],
            );
            assert!(
                plan.contains(index)
                    && !plan.contains("SCAN registratie")
                    && !plan.contains("SCAN persoon"),
                "{plan}"
            );
        }
    }

    /// A stored BRP date is the text `BrpDatum::als_tekst` has always written: every complete
    /// date of 1900-2100, and an unknown day, an unknown month and day, and all unknown.
    #[test]
    fn brp_datum_tekst_zoals_als_tekst() {
        let mut d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        while d.year() <= 2100 {
            let brp = dgr_core::datum::BrpDatum::Volledig(d);
            assert_eq!(super::brp_datum_tekst(brp), brp.als_tekst());
            d = d.succ_opt().unwrap_or_default();
        }
        for tekst in ["1970-00-00", "1970-05-00", "0000-00-00"] {
            let brp = dgr_core::datum::parse_brp_datum(tekst)
                .unwrap_or_else(|e| unreachable!("{tekst}: {e:?}"));
            assert_eq!(super::brp_datum_tekst(brp), tekst);
        }
    }

    /// A stored date is the text `%Y-%m-%d` has always written (stored rows compare as text):
    /// on every day of 1900-2100, and at the ends of the 4-digit years and past them.
    #[test]
    fn datum_tekst_zoals_het_formaat() {
        let mut d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        while d.year() <= 2100 {
            assert_eq!(super::datum_tekst(d), d.format("%Y-%m-%d").to_string());
            d = d.succ_opt().unwrap_or_default();
        }
        for (j, m, dag, tekst) in [
            (0, 1, 1, "0000-01-01"),
            (1, 1, 1, "0001-01-01"),
            (999, 10, 9, "0999-10-09"),
            (9999, 12, 31, "9999-12-31"),
            (2024, 2, 29, "2024-02-29"),
            (10_000, 1, 1, "+10000-01-01"),
            (-1, 1, 1, "-0001-01-01"),
        ] {
            let d = chrono::NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default();
            assert_eq!(super::datum_tekst(d), tekst);
            assert_eq!(d.format("%Y-%m-%d").to_string(), tekst);
        }
        // the longest texts chrono writes fit the inline text whole
        for d in [chrono::NaiveDate::MIN, chrono::NaiveDate::MAX] {
            assert_eq!(super::datum_tekst(d), d.to_string());
            assert!(d.to_string().len() <= 16, "{d}");
        }
    }

    /// The direct reading of stored dates agrees with chrono's ISO 8601 parser on every day of
    /// 1900-2100 and on leap days, and leaves anything not exactly `JJJJ-MM-DD` (or not a real
    /// date) to chrono, which rejects the impossible dates and names why.
    #[test]
    fn opgeslagen_datum_zoals_chrono() {
        let mut d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        while d.year() <= 2100 {
            let t = super::datum_tekst(d);
            assert_eq!(super::opgeslagen_datum(t.as_bytes()), Some(d), "{t}");
            assert_eq!(
                super::lees_datum_bytes("t", t.as_bytes()).ok(),
                Some(d),
                "{t}"
            );
            d = d.succ_opt().unwrap_or_default();
        }
        for fout in [
            "2023-02-29",
            "1900-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023/01/01",
            "２０２３-01-01",
            "",
            "2024-02-30",
            "2024-04-31",
        ] {
            assert_eq!(super::opgeslagen_datum(fout.as_bytes()), None, "{fout}");
            assert!(super::lees_datum("t", fout).is_err(), "{fout}");
            assert!(
                super::lees_datum_bytes("t", fout.as_bytes()).is_err(),
                "{fout}"
            );
        }
        // not the stored form: chrono decides (it accepts a one-digit month)
        for anders in ["2023-1-01", "+2023-01-01"] {
            assert_eq!(super::opgeslagen_datum(anders.as_bytes()), None, "{anders}");
            assert_eq!(
                super::lees_datum_bytes("t", anders.as_bytes()).ok(),
                anders.parse::<chrono::NaiveDate>().ok(),
                "{anders}"
            );
            assert_eq!(
                super::lees_datum("t", anders).ok(),
                anders.parse::<chrono::NaiveDate>().ok(),
                "{anders}"
            );
        }
        assert_eq!(
            super::lees_datum("t", "2024-02-29").ok(),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
        );
    }

    /// A server's reader maps the register file; a command's connection does not.
    #[test]
    fn lezer_leest_via_geheugenkaart() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("nl.db");
        let gewoon = SqliteStore::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(tel(&gewoon.conn, "PRAGMA mmap_size"), 0);
        let lezer = SqliteStore::open_lezer(&pad).unwrap_or_else(|e| unreachable!("{e}"));
        assert!(tel(&lezer.conn, "PRAGMA mmap_size") >= 1 << 30);
    }

    fn tel(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| unreachable!("{sql}: {e}"))
    }

    /// Whether the program SQLite makes of `sql` (`EXPLAIN`, every parameter NULL) opens a
    /// temporary table or index (`OpenEphemeral`), as an `IN` list of three or more values does.
    fn bouwt_tijdelijke_index(conn: &Connection, sql: &str) -> bool {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN {sql}"))
            .unwrap_or_else(|e| unreachable!("{sql}: {e}"));
        let leeg = std::iter::repeat_n(rusqlite::types::Null, stmt.parameter_count());
        let opcodes: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(leeg), |r| r.get(1))
            .and_then(Iterator::collect)
            .unwrap_or_else(|e| unreachable!("{sql}: {e}"));
        opcodes.iter().any(|o| o == "OpenEphemeral")
    }

    /// The log writer's two inserts (audit entry, record) on a register connection, where the
    /// log is attached as `logboek`.
    fn logboekinserts() -> [String; 2] {
        [super::logboek::AUDIT_IN, super::logboek::VERWERKING_IN]
            .map(|sql| sql.replacen("INTO ", "INTO logboek.", 1))
    }

    /// A register of the current schema in `map` (`nl.db`) beside a processing log of schema
    /// version 3 (its first three migrations, checks with `IN`; the check of `verwerkingen`
    /// replaced by `tabel_verwerkingen` when given) with two audit entries (purposes NULL and
    /// 'werknemer') and two records, so that opening the register runs the log's later
    /// migrations only. Returns the log's path.
    fn logboek_van_versie_3(
        map: &std::path::Path,
        tabel_verwerkingen: Option<&str>,
    ) -> std::path::PathBuf {
        let pad = logboek_pad(&map.join("nl.db"));
        drop(SqliteStore::open(&map.join("nl.db")).unwrap_or_else(|e| unreachable!("{e}")));
        for bestand in [
            pad.clone(),
            pad.with_extension("db-wal"),
            pad.with_extension("db-shm"),
        ] {
            if bestand.exists() {
                std::fs::remove_file(&bestand).unwrap_or_else(|e| unreachable!("{e}"));
            }
        }
        let conn = Connection::open_in_memory().unwrap_or_else(|e| unreachable!("{e}"));
        conn.execute(
            "ATTACH DATABASE ?1 AS logboek",
            [pad.to_string_lossy().as_ref()],
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let mut eerste = schema::LOGBOEK_MIGRATIES[0].to_owned();
        if let Some(anders) = tabel_verwerkingen {
            eerste = eerste.replace("CHECK (status_code IN ('OK', 'ERROR', 'UNSET'))", anders);
        }
        for sql in [
            eerste.as_str(),
            schema::LOGBOEK_MIGRATIES[1],
            schema::LOGBOEK_MIGRATIES[2],
        ] {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        conn.execute_batch(
            "PRAGMA logboek.user_version = 3;
             INSERT INTO logboek.audit VALUES (1, 't1', 10, 'sub', 'werkgever', 'org', NULL, NULL, 'zoeken', 1, 0, NULL);
             INSERT INTO logboek.audit VALUES (2, 't2', 20, 'sub', 'werkgever', 'org', 'Org', '127.0.0.1', 'zoeken', 1, 0, 'werknemer');
             INSERT INTO logboek.verwerkingen VALUES (3, 't1', 's1', NULL, 'zoeken', 'OK', 10, 11, 'DGR-OPVRAGEN', 'p1', 'BSN', 1);
             INSERT INTO logboek.verwerkingen VALUES (4, 't2', 's2', 's0', 'zoeken', 'ERROR', 20, 21, 'DGR-OPVRAGEN', 'p2', 'BSN', 2);",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        pad
    }

    /// The log's fifth migration (issue #13) gives every record its entry by segment and
    /// pseudonym prefix (`id >> 14`: records 3 and 4 in segment 0, and 20,000 in segment 1, as
    /// 16,384 ≤ 20,000 < 32,768; with `id >> 17` it would be 0), sets `tot` to the last record,
    /// 20,000, and drops the index it replaces; each subject's records read as before.
    #[test]
    fn logboek_ingangen_uit_de_migratie() {
        use crate::logboek::LogboekLezer as _;
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let log_pad = logboek_van_versie_3(map.path(), None);
        Connection::open(&log_pad)
            .and_then(|c| {
                c.execute_batch(
                    "INSERT INTO verwerkingen VALUES (20000, 't3', 's3', NULL, 'zoeken', 'OK', 30, 31, \
                     'DGR-OPVRAGEN', 'p1', 'BSN', 2)",
                )
            })
            .unwrap_or_else(|e| unreachable!("{e}"));
        let store =
            SqliteStore::open(&map.path().join("nl.db")).unwrap_or_else(|e| unreachable!("{e}"));
        let log = Connection::open(&log_pad).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            super::alle_kolommen(&log, "SELECT * FROM verwerkingen_betrokkenen"),
            super::alle_kolommen(&log, "VALUES (0, 'p1', 3), (0, 'p2', 4), (1, 'p1', 20000)")
        );
        assert_eq!(
            tel(&log, "SELECT tot FROM verwerkingen_geindexeerd"),
            20_000
        );
        assert_eq!(
            tel(
                &log,
                "SELECT count(*) FROM sqlite_schema WHERE name = 'verwerkingen_segment_subject'"
            ),
            0
        );
        for (subject, tijden) in [("p1", vec![30, 10]), ("p2", vec![20])] {
            let gevonden = store
                .verwerkingen_van_betrokkene(subject)
                .unwrap_or_else(|e| unreachable!("{e}"));
            let gelezen: Vec<i64> = gevonden.iter().map(|v| v.tijd.timestamp_micros()).collect();
            assert_eq!(gelezen, tijden, "{subject}");
        }
    }

    /// The log's fourth migration (issue #13) rewrites the checks of `verwerkingen.status_code`
    /// and `audit.doel` in place: afterwards neither insert of the log's writer builds a
    /// temporary index (before: `OpenEphemeral` in both), on the migrating connection (its
    /// schema read again) and on one opened on the log before the migration (from its first
    /// statement after it: the raised `schema_version`); the checks accept the same values as
    /// before (status OK, ERROR, UNSET; purpose NULL, werknemer, sollicitant, inlener) and
    /// refuse others; the tables hold the same rows, column by column; and the file passes
    /// SQLite's integrity check.
    #[test]
    fn logboekcontroles_zonder_tijdelijke_index() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let log_pad = logboek_van_versie_3(map.path(), None);
        let ander = Connection::open(&log_pad).unwrap_or_else(|e| unreachable!("{e}"));
        let tijdelijk = |conn: &Connection| {
            [super::logboek::AUDIT_IN, super::logboek::VERWERKING_IN]
                .map(|sql| bouwt_tijdelijke_index(conn, sql))
        };
        assert_eq!(tijdelijk(&ander), [true, true]);
        let rijen = |conn: &Connection| {
            [
                super::alle_kolommen(conn, "SELECT * FROM audit ORDER BY id"),
                super::alle_kolommen(conn, "SELECT * FROM verwerkingen ORDER BY id"),
            ]
        };
        let voor = rijen(&ander);
        let store =
            SqliteStore::open(&map.path().join("nl.db")).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            tel(&ander, "PRAGMA user_version"),
            schema::LOGBOEK_MIGRATIES.len() as i64
        );
        // `EXPLAIN` runs no transaction, so it does not check the schema's version; the first
        // statement that reads does, and SQLite reads the definitions again
        assert_eq!(tel(&ander, "SELECT count(*) FROM audit"), 2);
        assert_eq!(tijdelijk(&ander), [false, false]);
        let eigen = logboekinserts().map(|sql| bouwt_tijdelijke_index(&store.conn, &sql));
        assert_eq!(eigen, [false, false]);
        assert_eq!(rijen(&ander), voor);
        let integriteit: String = ander
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(integriteit, "ok");
        let status = |waarde: &str| {
            ander.execute(
                "INSERT INTO verwerkingen VALUES (NULL, 't', 's', NULL, 'zoeken', ?1, 1, 2, 'A', 'p', 'BSN', NULL)",
                [waarde],
            )
        };
        for waarde in ["OK", "ERROR", "UNSET"] {
            assert_eq!(status(waarde).ok(), Some(1), "{waarde}");
        }
        let doel = |waarde: Option<&str>| {
            ander.execute(
                "INSERT INTO audit VALUES (NULL, 't', 1, 'sub', 'werkgever', 'org', NULL, NULL, 'zoeken', 1, 0, ?1)",
                [waarde],
            )
        };
        for waarde in [
            None,
            Some("werknemer"),
            Some("sollicitant"),
            Some("inlener"),
        ] {
            assert_eq!(doel(waarde).ok(), Some(1), "{waarde:?}");
        }
        let geweigerd = |uitkomst: rusqlite::Result<usize>| {
            uitkomst
                .err()
                .is_some_and(|e| e.to_string().contains("CHECK constraint failed"))
        };
        for waarde in ["ok", "FOUT", ""] {
            assert!(geweigerd(status(waarde)), "{waarde}");
        }
        for waarde in ["Werknemer", "anders", ""] {
            assert!(geweigerd(doel(Some(waarde))), "{waarde}");
        }
        drop(store);
        drop(SqliteStore::open(&map.path().join("nl.db")).unwrap_or_else(|e| unreachable!("{e}")));
        assert_eq!(tel(&ander, "SELECT count(*) FROM verwerkingen"), 5);
    }

    /// A log whose definition of `verwerkingen` is not the one this program made (here the
    /// same check written without spaces) is not rewritten half: the store refuses to open,
    /// naming that table alone, and the log keeps version 3, its schema version and both old
    /// definitions (that of `audit` too, which the migration's statement did rewrite before
    /// its transaction rolled back).
    #[test]
    fn logboekcontroles_van_een_onbekende_definitie_blijven() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let eigen = "CHECK (status_code IN ('OK','ERROR','UNSET'))";
        let log_pad = logboek_van_versie_3(map.path(), Some(eigen));
        let log = Connection::open(&log_pad).unwrap_or_else(|e| unreachable!("{e}"));
        let schemaversie = tel(&log, "PRAGMA schema_version");
        let fout = SqliteStore::open(&map.path().join("nl.db"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            fout.contains("logboek.sqlite_schema")
                && fout.contains("definitie van verwerkingen is niet")
                && fout.contains("terug uit de back-up"),
            "{fout}"
        );
        assert_eq!(tel(&log, "PRAGMA user_version"), 3);
        assert_eq!(tel(&log, "PRAGMA schema_version"), schemaversie);
        let definitie = |tabel: &str| -> String {
            log.query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [tabel],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| unreachable!("{e}"))
        };
        assert!(definitie("verwerkingen").contains(eigen));
        let audit = "CHECK (doel IN ('werknemer', 'sollicitant', 'inlener'))";
        assert!(definitie("audit").contains(audit), "{}", definitie("audit"));
    }

    /// A register written before the processing log had its own file (schema version 6, records
    /// in `main`) keeps its records, with their ids, in `nl.logboek.db`, each linked to its audit
    /// entry and with its entry by subject. Once the copy had already been made before a
    /// simulated crash (before the drop), so it is repeated: nothing may arrive twice; once it
    /// is the first. Opening again changes nothing; without its log file the register refuses
    /// to open.
    #[test]
    fn logboek_verhuist_naar_eigen_bestand() {
        for eerdere_kopie in [true, false] {
            verhuis_logboek_van_versie_6(eerdere_kopie);
        }
    }

    fn verhuis_logboek_van_versie_6(eerdere_kopie: bool) {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("nl.db");
        {
            let conn = Connection::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
            for sql in &schema::MIGRATIES[..6] {
                conn.execute_batch(sql)
                    .unwrap_or_else(|e| unreachable!("{e}"));
            }
            // trace t1 carried two requests (the caller sent the same traceparent twice): record 7
            // ended at instant 2, like audit entry 10; trace t2's audit entry has another instant
            conn.execute_batch(
                "PRAGMA user_version = 6;
                 INSERT INTO verwerkingen VALUES (7, 't1', 's1', NULL, 'zoeken', 'OK', 1, 2, 'DGR-INZAGE', 'p1', 'BSN');
                 INSERT INTO verwerkingen VALUES (8, 't2', 's2', NULL, 'zoeken', 'OK', 2, 3, 'DGR-INZAGE', 'p2', 'BSN');
                 INSERT INTO audit VALUES (9, 't1', 1, 'sub', 'burger', 'org', NULL, NULL, 'zoeken', 1, 0);
                 INSERT INTO audit VALUES (10, 't1', 2, 'sub', 'werkgever', 'org', NULL, NULL, 'zoeken', 1, 0);
                 INSERT INTO audit VALUES (11, 't2', 5, 'sub', 'gemeente', 'org', NULL, NULL, 'zoeken', 1, 0);",
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
            // the copy of an earlier attempt that crashed before dropping the old tables
            if eerdere_kopie {
                conn.execute(
                    "ATTACH DATABASE ?1 AS logboek",
                    [logboek_pad(&pad).to_string_lossy().as_ref()],
                )
                .unwrap_or_else(|e| unreachable!("{e}"));
                for sql in &schema::LOGBOEK_MIGRATIES[..1] {
                    conn.execute_batch(sql)
                        .unwrap_or_else(|e| unreachable!("{e}"));
                }
                conn.execute_batch("PRAGMA logboek.user_version = 1;")
                    .unwrap_or_else(|e| unreachable!("{e}"));
                conn.execute_batch(schema::LOGBOEK_KOPIE)
                    .unwrap_or_else(|e| unreachable!("{e}"));
            }
        }
        assert_eq!(logboek_pad(&pad), map.path().join("nl.logboek.db"));
        for _ in 0..2 {
            drop(SqliteStore::open(&pad).unwrap_or_else(|e| unreachable!("{e}")));
            let log = Connection::open(logboek_pad(&pad)).unwrap_or_else(|e| unreachable!("{e}"));
            assert_eq!(tel(&log, "SELECT count(*) FROM verwerkingen"), 2);
            assert_eq!(tel(&log, "SELECT count(*) FROM audit"), 3);
            // each record has its one entry by subject (segment 7 >> 14 = 0), none past `tot`
            assert_eq!(
                super::alle_kolommen(&log, "SELECT * FROM verwerkingen_betrokkenen"),
                super::alle_kolommen(&log, "VALUES (0, 'p1', 7), (0, 'p2', 8)")
            );
            assert_eq!(tel(&log, "SELECT tot FROM verwerkingen_geindexeerd"), 8);
            // each record names its audit entry by row id: the same trace and instant, else
            // the trace's first
            assert_eq!(
                tel(&log, "SELECT audit_id FROM verwerkingen WHERE id = 7"),
                10
            );
            assert_eq!(
                tel(&log, "SELECT audit_id FROM verwerkingen WHERE id = 8"),
                11
            );
            let register = Connection::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
            assert_eq!(
                tel(
                    &register,
                    "SELECT count(*) FROM sqlite_master WHERE name IN ('verwerkingen', 'audit')"
                ),
                0
            );
            assert_eq!(
                tel(&register, "PRAGMA user_version"),
                schema::MIGRATIES.len() as i64
            );
        }
        std::fs::remove_file(logboek_pad(&pad)).unwrap_or_else(|e| unreachable!("{e}"));
        let fout = SqliteStore::open(&pad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(fout.contains("nl.logboek.db ontbreekt"), "{fout}");
    }

    /// A register write (a delivery, a staff decision) locks the register file only: the
    /// processing log can still be written meanwhile, so lookups are not held up by a delivery.
    #[test]
    fn registerschrijven_houdt_het_logboek_niet_vast() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("nl.db");
        let mut store = SqliteStore::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
        let tx = store.begin().unwrap_or_else(|e| unreachable!("{e}"));
        let log = Connection::open(logboek_pad(&pad)).unwrap_or_else(|e| unreachable!("{e}"));
        log.busy_timeout(std::time::Duration::ZERO)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(log.execute_batch("BEGIN IMMEDIATE; COMMIT;").is_ok());
        // while the register file itself is locked for writing
        let register = Connection::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
        register
            .busy_timeout(std::time::Duration::ZERO)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(register.execute_batch("BEGIN IMMEDIATE;").is_err());
        drop(tx);
    }

    /// A lookup's statement is prepared once and reused. The bundled SQLite (built with STAT4)
    /// re-prepares a statement whose plan a bound value could change, such as one that sorts a
    /// bound parameter's rows (the ORDER BY form below, which this store no longer uses), every
    /// time new values are bound: that once cost a full parse per lookup. The store's
    /// connections turn that off (the query planner stability guarantee), so even that form is
    /// prepared once there; on a connection without it the same statement is prepared again.
    #[test]
    fn opzoeken_per_bsn_wordt_niet_opnieuw_voorbereid() {
        let bsns = || {
            ["111222333", "123456782", "111222333"]
                .map(|b| dgr_core::Bsn::parse(b).unwrap_or_else(|e| unreachable!("{e}")))
        };
        // the cached statement ran three times and was prepared once
        let een_keer_voorbereid = |conn: &Connection, sql: &str| {
            let stmt = conn
                .prepare_cached(sql)
                .unwrap_or_else(|e| unreachable!("{e}"));
            assert_eq!(stmt.get_status(StatementStatus::Run), 3);
            assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0);
        };
        let mut store = SqliteStore::in_geheugen().unwrap_or_else(|e| unreachable!("{e}"));
        for bsn in bsns() {
            store
                .registratie_versies(bsn)
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        een_keer_voorbereid(&store.conn, super::lezen::registratie_versies_sql());
        // the same for a delivery's per-person read of current registrations
        let mut tx = store.begin().unwrap_or_else(|e| unreachable!("{e}"));
        for bsn in bsns() {
            tx.huidige_registraties(bsn)
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        een_keer_voorbereid(&tx.tx, super::transactie::huidige_registraties_sql());
        drop(tx);
        let gesorteerd = format!(
            "{} ORDER BY registratie_id",
            super::lezen::registratie_versies_sql()
        );
        let herhaald = |conn: &Connection| {
            for b in [111_222_333, 123_456_782, 111_222_333] {
                let mut s = conn
                    .prepare_cached(&gesorteerd)
                    .unwrap_or_else(|e| unreachable!("{e}"));
                let mut rijen = s.query([b]).unwrap_or_else(|e| unreachable!("{e}"));
                while rijen
                    .next()
                    .unwrap_or_else(|e| unreachable!("{e}"))
                    .is_some()
                {}
            }
            let s = conn
                .prepare_cached(&gesorteerd)
                .unwrap_or_else(|e| unreachable!("{e}"));
            s.get_status(StatementStatus::RePrepare)
        };
        assert_eq!(herhaald(&store.conn), 0);
        store
            .conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
                false,
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        store.conn.flush_prepared_statement_cache();
        assert!(herhaald(&store.conn) > 0);
    }
}
