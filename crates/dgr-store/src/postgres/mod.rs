//! The PostgreSQL implementation of [`Store`] and [`Logboekschrijver`]: the same tables, values
//! and answers as [`crate::sqlite`], method by method, in two schemas of one database (the
//! register's tables in [`PostgresUrl::schema`], the processing log in
//! [`PostgresUrl::logboek_schema`]).
//!
//! One [`postgres::Client`] per store (a server holds one store per reader thread, as with
//! SQLite connections). The client is synchronous (it runs its own small runtime) and is called
//! from blocking threads only. Statements are prepared once per connection.
//!
//! A delivery writes hundreds of thousands of rows one by one, and a round trip per lookup and
//! per insert would dominate. So a write transaction
//! - remembers the current persons, registrations and employer hours it read or wrote, and
//!   loads them whole once it looked up enough of them (`huidig`);
//! - buffers new versions of polis rows (`polis`), persons (`personen`) and registrations
//!   (`registraties`) and sends them with `COPY`, closing the versions they supersede with one
//!   set-based `UPDATE`, before any SQL read that could see them and at commit;
//! - gives new rows the table's highest id plus one, as SQLite does (`Ids`), so ids are those
//!   of the SQLite store for the same writes;
//! - refreshes a table's statistics when it grew the table a lot (`Groei`).

mod aanvraag;
mod bezwaar;
mod doelen;
mod huidig;
mod kandidaten;
mod kennisgeving;
mod lezen;
mod logboek;
mod organisatie;
mod personen;
mod polis;
mod rapportage;
mod registraties;
mod schema;
#[cfg(test)]
pub(crate) mod tests;
mod transactie;
mod uitschrijving;

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement};

use dgr_core::datum::parse_brp_datum;
use dgr_core::gegevens::Persoon;
use dgr_core::registratie::{Einde, Oorzaak, Registratie, RegistratieVersie};
use dgr_core::{Bsn, Honderdsten};

use crate::database::PostgresUrl;
use crate::logboek::Logboekschrijver;
use crate::sqlite::{lees_bsn, lees_datum, lees_datum_opt, lees_gemeente, lees_tijd};
use crate::{Resultaat, Store, StoreFout};

pub use logboek::PostgresLogboekschrijver;
pub use transactie::PostgresTransactie;

/// Opens a connection to the register in PostgreSQL (creating and migrating its schemas when
/// needed).
///
/// # Errors
/// [`StoreFout::Database`] when the server cannot be reached, [`StoreFout::NieuwereVersie`]
/// when a schema was written by a newer version of dgr.
pub fn open_store(url: &PostgresUrl) -> Resultaat<Box<dyn Store>> {
    Ok(Box::new(PostgresStore::open(url)?))
}

/// Opens the writer of the processing log in PostgreSQL (creating and migrating the schemas
/// when needed).
///
/// # Errors
/// As [`open_store`].
pub fn open_logboekschrijver(url: &PostgresUrl) -> Resultaat<Box<dyn Logboekschrijver>> {
    Ok(Box::new(PostgresLogboekschrijver::open(url)?))
}

/// A server error as [`StoreFout::Database`]: its SQLSTATE and primary message only. The detail
/// and hint are left out, because PostgreSQL puts row values there (a duplicate key names the
/// key, which may be a BSN).
impl From<postgres::Error> for StoreFout {
    fn from(e: postgres::Error) -> StoreFout {
        match e.as_db_error() {
            Some(db) => StoreFout::Database(format!("{} ({})", db.message(), db.code().code())),
            None => StoreFout::Database(e.to_string()),
        }
    }
}

/// Prepared statements of one connection, by their SQL.
type Opdrachten = HashMap<String, Statement>;

/// A connection that is closed on a thread of its own. `postgres::Client` runs a runtime of its
/// own and blocks on it, also to close itself when dropped; dropped on a thread that drives an
/// async runtime (the server's last handle to a store goes when the server stops) that would
/// panic, so the close runs on a short-lived plain thread, waited for.
pub(crate) struct Verbinding(Option<Client>);

impl Verbinding {
    pub(crate) fn new(client: Client) -> Verbinding {
        Verbinding(Some(client))
    }

    /// The open connection.
    ///
    /// # Errors
    /// [`StoreFout::Database`] after the close (cannot happen while the owner lives).
    pub(crate) fn client(&mut self) -> Resultaat<&mut Client> {
        self.0
            .as_mut()
            .ok_or_else(|| StoreFout::Database("de verbinding is gesloten".into()))
    }
}

impl Drop for Verbinding {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            std::thread::scope(|s| {
                s.spawn(move || drop(client));
            });
        }
    }
}

/// A register in PostgreSQL: one connection, with its prepared statements.
pub struct PostgresStore {
    client: RefCell<Verbinding>,
    opdrachten: RefCell<Opdrachten>,
}

impl PostgresStore {
    /// Connects to the database of `url`, creates and migrates both schemas when needed, and
    /// sets `search_path` to `<schema>, <logboek_schema>`.
    ///
    /// # Errors
    /// As [`open_store`].
    pub fn open(url: &PostgresUrl) -> Resultaat<PostgresStore> {
        let mut client = verbind(url)?;
        migreer(&mut client, url)?;
        Ok(PostgresStore {
            client: RefCell::new(Verbinding::new(client)),
            opdrachten: RefCell::new(HashMap::new()),
        })
    }

    /// The connection itself (the migration from SQLite writes through it).
    pub(crate) fn client_mut(&mut self) -> Resultaat<&mut Client> {
        self.client.get_mut().client()
    }

    /// The connection, for one read. A callback of a streaming read that reads the store again
    /// gets an error instead of a second borrow.
    fn verbinding(&self) -> Resultaat<(RefMut<'_, Client>, RefMut<'_, Opdrachten>)> {
        match (
            self.client
                .try_borrow_mut()
                .map(|c| RefMut::filter_map(c, |v| v.0.as_mut())),
            self.opdrachten.try_borrow_mut(),
        ) {
            (Ok(Ok(c)), Ok(o)) => Ok((c, o)),
            _ => Err(StoreFout::Database(
                "de verbinding is al in gebruik (een lezing binnen een lezing)".into(),
            )),
        }
    }

    /// The rows of a read.
    pub(crate) fn lees(&self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<Vec<Row>> {
        let (mut client, mut opdrachten) = self.verbinding()?;
        let stmt = opdracht(&mut *client, &mut opdrachten, sql)?;
        Ok(client.query(&stmt, p)?)
    }

    /// The one row of a read that always has one (an aggregate).
    pub(crate) fn lees_een(&self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<Row> {
        let (mut client, mut opdrachten) = self.verbinding()?;
        let stmt = opdracht(&mut *client, &mut opdrachten, sql)?;
        Ok(client.query_one(&stmt, p)?)
    }

    /// Streams the rows of a read to `per_rij`, without holding them all in memory.
    pub(crate) fn lees_per_rij(
        &self,
        sql: &str,
        p: &[&(dyn ToSql + Sync)],
        per_rij: &mut dyn FnMut(&Row) -> Resultaat<()>,
    ) -> Resultaat<()> {
        let (mut client, mut opdrachten) = self.verbinding()?;
        let stmt = opdracht(&mut *client, &mut opdrachten, sql)?;
        let mut rijen = client.query_raw(&stmt, p.iter().copied())?;
        while let Some(r) = rijen.next()? {
            per_rij(&r)?;
        }
        Ok(())
    }
}

/// The prepared statement of `sql` on this connection, prepared at its first use.
pub(crate) fn opdracht<C: GenericClient>(
    client: &mut C,
    opdrachten: &mut Opdrachten,
    sql: &str,
) -> Resultaat<Statement> {
    if let Some(s) = opdrachten.get(sql) {
        return Ok(s.clone());
    }
    let s = client.prepare(sql)?;
    opdrachten.insert(sql.to_string(), s.clone());
    Ok(s)
}

/// Connects and sets the search path (schema names are checked by [`PostgresUrl`], so they can
/// be named in SQL as they are).
pub(crate) fn verbind(url: &PostgresUrl) -> Resultaat<Client> {
    let mut client = Client::connect(&url.verbinding, NoTls)?;
    client.batch_execute(&format!(
        "SET search_path = {}, {}",
        url.schema, url.logboek_schema
    ))?;
    Ok(client)
}

/// The key of the advisory lock that serialises the migrations of one schema pair: a stable
/// hash (FNV-1a) of both names.
fn migratieslot(url: &PostgresUrl) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("dgr-migratie:{}:{}", url.schema, url.logboek_schema).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(h.to_ne_bytes())
}

/// Applies the migrations of both schemas that their `schemaversie` has not seen, each version
/// in its own transaction holding the advisory lock of this schema pair, so that two processes
/// opening the same fresh database at once migrate it once.
fn migreer(client: &mut Client, url: &PostgresUrl) -> Resultaat<()> {
    let stappen = [
        (url.logboek_schema.as_str(), schema::LOGBOEK_MIGRATIES),
        (url.schema.as_str(), schema::MIGRATIES),
    ];
    for (naam, migraties) in stappen {
        if is_actueel(client, naam, migraties)? {
            continue;
        }
        while migreer_een(client, url, naam, migraties)? {}
    }
    client.batch_execute(&format!(
        "SET search_path = {}, {}",
        url.schema, url.logboek_schema
    ))?;
    Ok(())
}

/// Whether schema `naam` has every migration already, read without a lock or a write: a
/// register that is up to date opens on a read-only connection too (a streaming replica, or a
/// role without write rights), which the migration's `CREATE … IF NOT EXISTS` would refuse.
fn is_actueel(client: &mut Client, naam: &str, migraties: &[&str]) -> Resultaat<bool> {
    let tabel = format!("{naam}.schemaversie");
    let bestaat: Option<String> = client
        .query_one("SELECT to_regclass($1)::text", &[&tabel])?
        .try_get(0)?;
    if bestaat.is_none() {
        return Ok(false);
    }
    let versie: i64 = client
        .query_one(
            &format!("SELECT COALESCE(MAX(versie), 0) FROM {tabel}"),
            &[],
        )?
        .try_get(0)?;
    let bekend = i64::try_from(migraties.len()).unwrap_or(i64::MAX);
    if versie > bekend {
        return Err(StoreFout::NieuwereVersie {
            gevonden: versie,
            bekend,
        });
    }
    Ok(versie == bekend)
}

/// Applies the next migration of schema `naam`, if any; `false` when it is up to date.
fn migreer_een(
    client: &mut Client,
    url: &PostgresUrl,
    naam: &str,
    migraties: &[&str],
) -> Resultaat<bool> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&migratieslot(url)])?;
    // Waiting for an advisory lock does not refresh this connection's catalog caches, which may
    // still say the schema is missing when another process just created it; reading
    // pg_namespace locks a catalog table, and that refreshes them.
    tx.execute(
        "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1",
        &[&naam],
    )?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {naam}; SET LOCAL search_path = {naam}; \
         CREATE TABLE IF NOT EXISTS schemaversie (versie BIGINT PRIMARY KEY, toegepast_op TIMESTAMPTZ NOT NULL DEFAULT now());"
    ))?;
    let versie: i64 = tx
        .query_one("SELECT COALESCE(MAX(versie), 0) FROM schemaversie", &[])?
        .try_get(0)?;
    let bekend = i64::try_from(migraties.len()).unwrap_or(i64::MAX);
    if versie > bekend {
        return Err(StoreFout::NieuwereVersie {
            gevonden: versie,
            bekend,
        });
    }
    let Some(sql) = usize::try_from(versie).ok().and_then(|v| migraties.get(v)) else {
        return Ok(false);
    };
    tx.batch_execute(sql)?;
    tx.execute(
        "INSERT INTO schemaversie (versie) VALUES ($1)",
        &[&(versie + 1)],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Rows a transaction added to one table, and when to refresh the table's statistics.
///
/// The planner knows a table's size from its statistics, which autovacuum gathers after a
/// commit; an index built on an empty table counts as empty until then. A large first delivery
/// would be planned as if its tables were empty, and a person's lookup then reads a whole
/// partial index that matches its conditions (`registratie_versies_huidig`) instead of the
/// index on BSN: every row would read everything written before it. So a transaction runs
/// `ANALYZE` on a table it grew by 1,000, 10,000, 100,000, … rows, when that is more than a
/// fifth of the rows the statistics knew at its start (as autovacuum would after a commit);
/// PostgreSQL counts the transaction's own new rows there, and the statements planned before
/// are planned again.
#[derive(Debug)]
pub(crate) struct Groei {
    tabel: &'static str,
    rijen: u64,
    volgende: u64,
    /// The rows the statistics knew when this transaction first grew the table.
    bekend: Option<f64>,
}

/// The growth, as a share of the rows the statistics know, that makes them stale.
const VEROUDERD: f64 = 0.2;

impl Groei {
    /// No rows added yet to `tabel`.
    pub(crate) fn new(tabel: &'static str) -> Groei {
        Groei {
            tabel,
            rijen: 0,
            volgende: 1_000,
            bekend: None,
        }
    }

    /// Counts `n` added rows; analyzes the table when it crossed the next threshold and the
    /// statistics are stale.
    pub(crate) fn tel<C: GenericClient>(&mut self, client: &mut C, n: u64) -> Resultaat<()> {
        self.rijen += n;
        if self.rijen < self.volgende {
            return Ok(());
        }
        while self.volgende <= self.rijen {
            self.volgende = self.volgende.saturating_mul(10);
        }
        let bekend = match self.bekend {
            Some(b) => b,
            None => {
                let b: f32 = client
                    .query_one(
                        "SELECT GREATEST(reltuples, 0) FROM pg_catalog.pg_class WHERE oid = $1::TEXT::regclass",
                        &[&self.tabel],
                    )?
                    .try_get(0)?;
                self.bekend = Some(f64::from(b));
                f64::from(b)
            }
        };
        // u64 → f64 loses precision only beyond 2^53 rows
        if (self.rijen as f64) > VEROUDERD * bekend {
            client.batch_execute(&format!("ANALYZE {}", self.tabel))?;
        }
        Ok(())
    }
}

/// The ids a transaction gives its new rows: the highest id of the table plus one, as SQLite
/// gives a row id (so a rolled-back insert leaves no gap, and the ids of a register are those
/// of the SQLite store for the same writes). The first new row of a table in a transaction
/// takes an advisory lock of that table, held until the transaction ends (another writer of
/// the table waits, as behind SQLite's single writer), then reads the highest id; later ids
/// are counted here, buffered rows included. Every insert of the store takes its id here; the
/// processing log's writer takes the same locks, for both of its tables in one statement
/// (`logboek::Schrijfopdrachten`).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    laatste: HashMap<&'static str, i64>,
}

impl Ids {
    /// The first of `n` consecutive new ids of `tabel` (its id column: `versie_id` for the
    /// version tables, else `id`).
    pub(crate) fn neem<C: GenericClient>(
        &mut self,
        client: &mut C,
        tabel: &'static str,
        n: usize,
    ) -> Resultaat<i64> {
        let aantal = i64::try_from(n).unwrap_or(i64::MAX);
        let laatste = match self.laatste.get(tabel) {
            Some(l) => *l,
            None => {
                client.execute(
                    "SELECT pg_advisory_xact_lock(1684500992, $1::TEXT::regclass::oid::INT)",
                    &[&tabel],
                )?;
                let kolom = if tabel.ends_with("_versies") {
                    "versie_id"
                } else {
                    "id"
                };
                // a statement after the lock: its snapshot sees every row committed before
                client
                    .query_one(
                        &format!("SELECT COALESCE(MAX({kolom}), 0) FROM {tabel}"),
                        &[],
                    )?
                    .try_get(0)?
            }
        };
        self.laatste.insert(tabel, laatste + aantal);
        Ok(laatste + 1)
    }

    /// `n` new ids of `tabel`, ascending.
    pub(crate) fn reeks<C: GenericClient>(
        &mut self,
        client: &mut C,
        tabel: &'static str,
        n: usize,
    ) -> Resultaat<Vec<i64>> {
        let eerste = self.neem(client, tabel, n)?;
        Ok((eerste..).take(n).collect())
    }
}

/// A count or other non-negative stored number as `u64`.
pub(crate) fn lees_aantal(tabel: &'static str, waarde: i64) -> Resultaat<u64> {
    u64::try_from(waarde).map_err(|_| StoreFout::Corrupt {
        tabel,
        reden: format!("negatief aantal {waarde}"),
    })
}

/// A count to store: BIGINT holds up to `i64::MAX`.
pub(crate) fn aantal_getal(waarde: u64) -> Resultaat<i64> {
    i64::try_from(waarde)
        .map_err(|_| StoreFout::Database(format!("aantal {waarde} past niet in BIGINT")))
}

/// A stored 0/1 flag.
pub(crate) fn lees_vlag(r: &Row, i: usize) -> Resultaat<bool> {
    Ok(r.try_get::<_, i64>(i)? != 0)
}

/// A civil date to store, if any.
pub(crate) fn opt_datum(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(crate::sqlite::datum_tekst)
}

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

/// A registration version from the columns of [`crate::sqlite::REGISTRATIE_KOLOMMEN`].
pub(crate) fn registratie_versie_uit_rij(r: &Row) -> Resultaat<RegistratieVersie> {
    const T: &str = "registratie_versies";
    let registratie = Registratie {
        id: Some(r.try_get(0)?),
        bsn: lees_bsn(T, r.try_get(1)?)?,
        grondslag: r.try_get(2)?,
        ingangsdatum: lees_datum(T, r.try_get(3)?)?,
        bron_einde: einde(r.try_get(4)?, r.try_get(5)?)?,
        afgeleid_einde: einde(r.try_get(6)?, r.try_get(7)?)?,
        loonwaarde_pct: r.try_get::<_, Option<i64>>(8)?.map(Honderdsten),
        besluitdatum: lees_datum_opt(T, r.try_get(9)?)?,
        bron_kenmerk: r.try_get(10)?,
        ingetrokken: lees_vlag(r, 11)?,
    };
    let oorzaak = match r.try_get::<_, &str>(14)? {
        "LEVERING" => Oorzaak::Levering(r.try_get::<_, Option<i64>>(15)?.unwrap_or_default()),
        "REFERENTIE" => {
            Oorzaak::Referentie(r.try_get::<_, Option<String>>(16)?.unwrap_or_default())
        }
        _ => Oorzaak::Handeling(r.try_get::<_, Option<String>>(17)?.unwrap_or_default()),
    };
    Ok(RegistratieVersie {
        registratie,
        geregistreerd_op: lees_tijd(T, r.try_get(12)?)?,
        vervallen_op: r
            .try_get::<_, Option<i64>>(13)?
            .map(|m| lees_tijd(T, m))
            .transpose()?,
        oorzaak,
    })
}

/// Person data from the columns of [`crate::sqlite::PERSOON_KOLOMMEN`] (the first four).
pub(crate) fn persoon_uit_rij(r: &Row) -> Resultaat<Persoon> {
    const T: &str = "persoon_versies";
    let geboorte: &str = r.try_get(1)?;
    Ok(Persoon {
        bsn: lees_bsn(T, r.try_get(0)?)?,
        geboortedatum: parse_brp_datum(geboorte).map_err(|e| StoreFout::Corrupt {
            tabel: T,
            reden: e.to_string(),
        })?,
        overlijdensdatum: lees_datum_opt(T, r.try_get(2)?)?,
        woongemeente: lees_gemeente(T, r.try_get(3)?)?,
    })
}

/// A BSN as stored.
pub(crate) fn bsn_getal(bsn: Bsn) -> i64 {
    i64::from(bsn.waarde())
}

/// See `testhulp::vraag_tekst`.
///
/// # Errors
/// [`StoreFout`].
#[cfg(feature = "testhulp")]
pub fn vraag_tekst(url: &PostgresUrl, sql: &str) -> Resultaat<Vec<String>> {
    let mut c = Client::connect(&url.verbinding, postgres::NoTls)?;
    c.batch_execute(&format!(
        "SET search_path TO {}, {}",
        url.schema, url.logboek_schema
    ))?;
    let mut uit = Vec::new();
    for rij in c.query(sql, &[])? {
        if let Some(t) = rij.try_get::<_, Option<String>>(0)? {
            uit.push(t);
        }
    }
    Ok(uit)
}

impl PostgresStore {
    /// One page of a history list ([`crate::sqlite::bladzijde`] in PostgreSQL): the rows of
    /// `select` that match `vraag`, newest decision (`kolom`) first, then the highest id.
    pub(crate) fn bladzijde<T>(
        &self,
        select: &str,
        kolom: &str,
        vraag: &crate::Geschiedenisvraag,
        rij: fn(&Row) -> Resultaat<T>,
    ) -> Resultaat<crate::Bladzijde<T>> {
        let (extra, waarden) = vraag.voorwaarden(kolom, '$', 1);
        let mut p: Vec<&(dyn ToSql + Sync)> =
            waarden.iter().map(|w| w as &(dyn ToSql + Sync)).collect();
        let totaal: i64 = self
            .lees_een(
                &format!("SELECT COUNT(*) FROM ({select}{extra}) AS gevonden"),
                &p,
            )?
            .try_get(0)?;
        let n = waarden.len();
        let sql = format!(
            "{select}{extra} ORDER BY {kolom} DESC, id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let grens = i64::try_from(vraag.aantal).unwrap_or(i64::MAX);
        let begin = i64::try_from(vraag.overslaan).unwrap_or(i64::MAX);
        p.push(&grens);
        p.push(&begin);
        Ok(crate::Bladzijde {
            rijen: self
                .lees(&sql, &p)?
                .iter()
                .map(rij)
                .collect::<Resultaat<_>>()?,
            totaal: u64::try_from(totaal).unwrap_or(0),
        })
    }
}
