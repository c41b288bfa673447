//! A fresh database per test, of either backend (cargo feature `testhulp`, so the tests of
//! other crates can use it through their dev-dependency on this crate).
//!
//! - [`sqlite`]: a register file in a temporary folder, removed with the [`TempDir`].
//! - [`postgres`]: a uniquely named schema pair (`t_<random>`, `t_<random>_log`) in the
//!   database of `DGR_TEST_POSTGRES` (default [`STANDAARD_URL`]), dropped with the [`Guard`].
//!   When PostgreSQL cannot be reached the test is skipped with a notice, unless the
//!   environment variable `CI` is set: then the test fails, so a CI run without PostgreSQL
//!   cannot pass by skipping.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use postgres::{Client, NoTls};
use tempfile::TempDir;

use crate::Database;
use crate::database::PostgresUrl;

/// The test server when `DGR_TEST_POSTGRES` is not set (trust authentication).
pub const STANDAARD_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Fails the calling test with `melding`.
#[expect(
    clippy::panic,
    reason = "a test helper: failing the test is its way to report a missing test database"
)]
pub(crate) fn faal(melding: &str) -> ! {
    panic!("{melding}")
}

/// A fresh SQLite register in a temporary folder (the folder goes with the [`TempDir`]).
///
/// # Panics
/// When no temporary folder can be made (fails the test).
pub fn sqlite() -> (TempDir, Database) {
    let map = tempfile::tempdir()
        .unwrap_or_else(|e| faal(&format!("geen tijdelijke map voor de testdatabase: {e}")));
    let db = Database::Sqlite(map.path().join("register.db"));
    (map, db)
}

/// The PostgreSQL server the tests use: `DGR_TEST_POSTGRES`, else [`STANDAARD_URL`].
pub fn server_url() -> String {
    std::env::var("DGR_TEST_POSTGRES").unwrap_or_else(|_| STANDAARD_URL.to_string())
}

/// Drops the schema pair of one test when it goes out of scope (drop every store on it first).
pub struct Guard {
    url: PostgresUrl,
}

impl Guard {
    /// The schemas and connection of this test's database.
    pub fn url(&self) -> &PostgresUrl {
        &self.url
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let opruimen = Client::connect(&self.url.verbinding, NoTls).and_then(|mut c| {
            c.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {} CASCADE; DROP SCHEMA IF EXISTS {} CASCADE",
                self.url.schema, self.url.logboek_schema
            ))
        });
        if let Err(e) = opruimen {
            eprintln!("testschema {} niet opgeruimd: {e}", self.url.schema);
        }
    }
}

/// A name no other test (in this or another process) uses at the same time.
fn unieke_naam() -> String {
    static TELLER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bron = format!(
        "{nanos}:{}:{}",
        std::process::id(),
        TELLER.fetch_add(1, Ordering::Relaxed)
    );
    for b in bron.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("t_{h:016x}")
}

/// A fresh, empty schema pair in the test server, or `None` (with a notice on stderr) when the
/// server cannot be reached outside CI.
///
/// # Panics
/// When the server cannot be reached and `CI` is set (fails the test).
pub fn postgres() -> Option<(Guard, Database)> {
    let server = server_url();
    if let Err(e) = Client::connect(&server, NoTls) {
        let melding = format!("PostgreSQL op {server} is niet bereikbaar ({e})");
        if std::env::var_os("CI").is_some() {
            faal(&format!(
                "{melding}; CI is gezet, dus deze test moet PostgreSQL hebben"
            ));
        }
        eprintln!("{melding}: test overgeslagen (zet DGR_TEST_POSTGRES)");
        return None;
    }
    let naam = unieke_naam();
    let scheiding = if server.contains('?') { '&' } else { '?' };
    let url = format!("{server}{scheiding}schema={naam}&logboek_schema={naam}_log");
    let db: Database = url
        .parse()
        .unwrap_or_else(|e| faal(&format!("testdatabase-url: {e}")));
    let Database::Postgres(pg) = &db else {
        faal("DGR_TEST_POSTGRES is geen postgres://-url")
    };
    Some((Guard { url: pg.clone() }, db))
}

/// Processing-log records (id, pseudonym) spread over the PostgreSQL log's segments of 131,072
/// ids, for the tests of the subject index on both backends (the SQLite log's segments of
/// 16,384 ids are spelled out in its own test): ids 1 and 131,071 lie in segment 0
/// (131,071 >> 17 = 0), 131,072 and 131,073 in segment 1, 262,149 in segment 2 and 1,000,000 in
/// segment 7 (1,000,000 / 131,072 = 7.6); segments 3 to 6 hold none. Pseudonym `p1` has 5 of
/// them, `p2` 2.
#[cfg(test)]
pub(crate) const LOGBOEK_SEGMENTRECORDS: [(i64, &str); 7] = [
    (1, "p1"),
    (2, "p2"),
    (131_071, "p1"),
    (131_072, "p1"),
    (131_073, "p2"),
    (262_149, "p1"),
    (1_000_000, "p1"),
];
