//! Helpers for tests of the crates above this one (feature `testhulp`): read what a register's
//! database holds without going through the traits, to check what the product wrote (the
//! processing log's records, a workflow's rows) independently of the code that reads them back.

use crate::{Database, Resultaat};

/// A fresh, empty register database for one test, on one backend. Dropping it removes it (the
/// SQLite files with their folder; the PostgreSQL schemas).
pub struct Testdatabase {
    /// The database to open.
    pub database: Database,
    _map: Option<tempfile::TempDir>,
    _schemas: Option<crate::testdatabase::Guard>,
}

impl Testdatabase {
    /// An embedded register in a new temporary folder.
    ///
    /// # Panics
    /// When no temporary folder can be made (a broken test machine).
    pub fn sqlite() -> Testdatabase {
        let (map, database) = crate::testdatabase::sqlite();
        Testdatabase {
            database,
            _map: Some(map),
            _schemas: None,
        }
    }

    /// A fresh schema pair in the test server ([`crate::testdatabase::postgres`]).
    ///
    /// # Panics
    /// When the server cannot be reached, also outside CI: the contract suite never passes by
    /// skipping its PostgreSQL half (set `DGR_TEST_POSTGRES` to a reachable server).
    pub fn postgres() -> Testdatabase {
        match crate::testdatabase::postgres() {
            Some((schemas, database)) => Testdatabase {
                database,
                _map: None,
                _schemas: Some(schemas),
            },
            None => crate::testdatabase::faal(&format!(
                "PostgreSQL is niet bereikbaar op {}: de contracttests draaien op beide backends",
                crate::testdatabase::server_url()
            )),
        }
    }
}

/// Runs a read query whose rows have one text column (`SELECT a || '|' || b FROM …`) on the
/// database, with the processing log's tables visible by their plain names, and returns the
/// values in the order the database gives them (NULL as absent).
///
/// # Errors
/// [`crate::StoreFout`] when the database cannot be opened or the query fails.
pub fn vraag_tekst(db: &Database, sql: &str) -> Resultaat<Vec<String>> {
    match db {
        Database::Sqlite(pad) => {
            let conn = rusqlite::Connection::open(pad)?;
            conn.execute(
                "ATTACH DATABASE ?1 AS logboek",
                [crate::sqlite::logboek_pad(pad).to_string_lossy().as_ref()],
            )?;
            let mut stmt = conn.prepare(sql)?;
            let rijen = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
            Ok(rijen
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect())
        }
        Database::Postgres(url) => crate::postgres::vraag_tekst(url, sql),
    }
}
