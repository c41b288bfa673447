//! Which database a register lives in, named by a URL, and the one place that opens a backend.
//!
//! - `postgres://…` or `postgresql://…`: a PostgreSQL database ([`crate::postgres`]). Two
//!   parameters of dgr's own are taken out of the URL before it reaches the server: `schema`
//!   (the register's tables, default `dgr`) and `logboek_schema` (the processing log, default
//!   `dgr_logboek`), so the log can get its own permissions and backups. Everything else is
//!   libpq's (`host`, `user`, `sslmode`, …).
//! - `sqlite:PAD` or a plain path: the embedded SQLite register in that file, with its
//!   processing log beside it ([`crate::sqlite::logboek_pad`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::logboek::Logboekschrijver;
use crate::{Resultaat, Store, StoreFout};

/// A register's database.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database.
    Postgres(PostgresUrl),
}

/// A PostgreSQL database and the schemas dgr uses in it.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl {
    /// The connection URL as libpq understands it, without dgr's own parameters.
    pub verbinding: String,
    /// The schema of the register's tables.
    pub schema: String,
    /// The schema of the processing log.
    pub logboek_schema: String,
}

/// The default schema of the register's tables.
pub const STANDAARD_SCHEMA: &str = "dgr";
/// The default schema of the processing log.
pub const STANDAARD_LOGBOEK_SCHEMA: &str = "dgr_logboek";

impl FromStr for Database {
    type Err = StoreFout;

    fn from_str(s: &str) -> Resultaat<Database> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return PostgresUrl::parse(s).map(Database::Postgres);
        }
        let pad = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"));
        let pad = pad.unwrap_or(s);
        if pad.is_empty() {
            return Err(StoreFout::Instelling("lege databasenaam".into()));
        }
        Ok(Database::Sqlite(PathBuf::from(pad)))
    }
}

impl From<&Path> for Database {
    fn from(pad: &Path) -> Database {
        Database::Sqlite(pad.to_path_buf())
    }
}

impl PostgresUrl {
    fn parse(s: &str) -> Resultaat<PostgresUrl> {
        let (basis, vraag) = s.split_once('?').unwrap_or((s, ""));
        let mut schema = STANDAARD_SCHEMA.to_string();
        let mut logboek_schema = STANDAARD_LOGBOEK_SCHEMA.to_string();
        let mut rest = Vec::new();
        for paar in vraag.split('&').filter(|p| !p.is_empty()) {
            match paar.split_once('=') {
                Some(("schema", w)) => schema = w.to_string(),
                Some(("logboek_schema", w)) => logboek_schema = w.to_string(),
                _ => rest.push(paar),
            }
        }
        for naam in [&schema, &logboek_schema] {
            if !is_schemanaam(naam) {
                return Err(StoreFout::Instelling(format!(
                    "schemanaam {naam:?}: gebruik kleine letters, cijfers en _ (hoogstens 63 tekens)"
                )));
            }
        }
        if schema == logboek_schema {
            return Err(StoreFout::Instelling(
                "schema en logboek_schema moeten verschillen".into(),
            ));
        }
        let verbinding = if rest.is_empty() {
            basis.to_string()
        } else {
            format!("{basis}?{}", rest.join("&"))
        };
        Ok(PostgresUrl {
            verbinding,
            schema,
            logboek_schema,
        })
    }
}

impl PostgresUrl {
    /// The URL that parses back into this one, dgr's own parameters included. It holds the
    /// password if the URL had one: pass it on, never print it (`Database`'s `Display` masks).
    pub fn als_url(&self) -> String {
        let scheiding = if self.verbinding.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{scheiding}schema={}&logboek_schema={}",
            self.verbinding, self.schema, self.logboek_schema
        )
    }
}

/// A PostgreSQL identifier dgr accepts unquoted: `[a-z_][a-z0-9_]{0,62}`.
fn is_schemanaam(s: &str) -> bool {
    let mut tekens = s.chars();
    tekens
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && tekens.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.len() <= 63
}

impl Database {
    /// Opens a connection to the register (creating and migrating its schema when needed).
    ///
    /// # Errors
    /// [`StoreFout`] when the database cannot be reached or was written by a newer version.
    pub fn open(&self) -> Resultaat<Box<dyn Store>> {
        Ok(match self {
            Database::Sqlite(pad) => Box::new(crate::sqlite::SqliteStore::open(pad)?),
            Database::Postgres(url) => crate::postgres::open_store(url)?,
        })
    }

    /// Opens a connection for a server's reader: as [`Database::open`], and for the embedded
    /// database with its file memory-mapped ([`crate::sqlite::SqliteStore::open_lezer`]).
    ///
    /// # Errors
    /// As [`Database::open`].
    pub fn open_lezer(&self) -> Resultaat<Box<dyn Store>> {
        Ok(match self {
            Database::Sqlite(pad) => Box::new(crate::sqlite::SqliteStore::open_lezer(pad)?),
            Database::Postgres(url) => crate::postgres::open_store(url)?,
        })
    }

    /// Opens a connection for a command that reads large parts of the register (the reports):
    /// as [`Database::open_lezer`], and the embedded database reads each large scan in two
    /// parts at once on two connections ([`crate::sqlite::SqliteStore::open_rapportlezer`]).
    ///
    /// # Errors
    /// As [`Database::open`].
    pub fn open_rapportlezer(&self) -> Resultaat<Box<dyn Store>> {
        Ok(match self {
            Database::Sqlite(pad) => Box::new(crate::sqlite::SqliteStore::open_rapportlezer(pad)?),
            Database::Postgres(url) => crate::postgres::open_store(url)?,
        })
    }

    /// Opens a connection for a reader that computes reports ahead (the server's dashboards): as
    /// [`Database::open_lezer`], and the embedded database makes the report copies its scans
    /// find missing or stale ([`crate::sqlite::SqliteStore::open_voorberekenaar`]).
    ///
    /// # Errors
    /// As [`Database::open`].
    pub fn open_voorberekenaar(&self) -> Resultaat<Box<dyn Store>> {
        Ok(match self {
            Database::Sqlite(pad) => {
                Box::new(crate::sqlite::SqliteStore::open_voorberekenaar(pad)?)
            }
            Database::Postgres(url) => crate::postgres::open_store(url)?,
        })
    }

    /// Opens the writer of the processing log (creating and migrating the schemas when needed).
    ///
    /// # Errors
    /// As [`Database::open`].
    pub fn open_logboekschrijver(&self) -> Resultaat<Box<dyn Logboekschrijver>> {
        Ok(match self {
            Database::Sqlite(pad) => {
                Box::new(crate::sqlite::logboek::SqliteLogboekschrijver::open(pad)?)
            }
            Database::Postgres(url) => crate::postgres::open_logboekschrijver(url)?,
        })
    }

    /// Whether this is the embedded database (one file on this machine).
    pub fn is_ingebed(&self) -> bool {
        matches!(self, Database::Sqlite(_))
    }

    /// The file of the embedded database, if it is one.
    pub fn pad(&self) -> Option<&Path> {
        match self {
            Database::Sqlite(p) => Some(p),
            Database::Postgres(_) => None,
        }
    }
}

/// Shows the database without a password: `postgres://dgr:***@host/db`.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(p) => write!(f, "{}", p.display()),
            Database::Postgres(u) => write!(
                f,
                "{} (schema {}, logboek {})",
                zonder_wachtwoord(&u.verbinding),
                u.schema,
                u.logboek_schema
            ),
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A URL with the password of its user part (and a `password=` parameter) replaced by `***`.
fn zonder_wachtwoord(url: &str) -> String {
    let (basis, vraag) = url.split_once('?').unwrap_or((url, ""));
    let basis = match basis.split_once("://") {
        Some((schema, rest)) => match rest.split_once('@') {
            Some((gebruiker, host)) => match gebruiker.split_once(':') {
                Some((naam, _)) => format!("{schema}://{naam}:***@{host}"),
                None => basis.to_string(),
            },
            None => basis.to_string(),
        },
        None => basis.to_string(),
    };
    if vraag.is_empty() {
        return basis;
    }
    let vraag: Vec<String> = vraag
        .split('&')
        .map(|p| match p.split_once('=') {
            Some(("password", _)) => "password=***".to_string(),
            _ => p.to_string(),
        })
        .collect();
    format!("{basis}?{}", vraag.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn een_pad_en_een_sqlite_url_zijn_het_ingebedde_register() {
        assert_eq!(
            "nl.db".parse::<Database>().ok(),
            Some(Database::Sqlite("nl.db".into()))
        );
        assert_eq!(
            "sqlite:/data/nl.db".parse::<Database>().ok(),
            Some(Database::Sqlite("/data/nl.db".into()))
        );
        assert_eq!(
            "sqlite:///data/nl.db".parse::<Database>().ok(),
            Some(Database::Sqlite("/data/nl.db".into()))
        );
    }

    #[test]
    fn een_postgres_url_verliest_alleen_de_eigen_parameters() {
        let Ok(Database::Postgres(u)) =
            "postgres://dgr@127.0.0.1:5432/register?sslmode=disable&schema=nl&logboek_schema=nl_log"
                .parse::<Database>()
        else {
            unreachable!("postgres-url niet herkend")
        };
        assert_eq!(
            u.verbinding,
            "postgres://dgr@127.0.0.1:5432/register?sslmode=disable"
        );
        assert_eq!(
            (u.schema.as_str(), u.logboek_schema.as_str()),
            ("nl", "nl_log")
        );
        let Ok(Database::Postgres(u)) = "postgresql://localhost/x".parse::<Database>() else {
            unreachable!("postgresql-url niet herkend")
        };
        assert_eq!(
            (u.schema.as_str(), u.logboek_schema.as_str()),
            ("dgr", "dgr_logboek")
        );
    }

    #[test]
    fn als_url_geeft_dezelfde_database_terug() {
        for url in [
            "postgres://dgr@h/db",
            "postgres://dgr:pw@h:5433/db?sslmode=require&schema=nl&logboek_schema=nl_log",
        ] {
            let Ok(Database::Postgres(u)) = url.parse::<Database>() else {
                unreachable!("{url}")
            };
            assert_eq!(
                u.als_url().parse::<Database>().ok(),
                Some(Database::Postgres(u))
            );
        }
    }

    #[test]
    fn een_onveilige_schemanaam_wordt_geweigerd() {
        for url in [
            "postgres://h/db?schema=Dgr",
            "postgres://h/db?schema=a;drop",
            "postgres://h/db?schema=x&logboek_schema=x",
            "postgres://h/db?logboek_schema=",
        ] {
            assert!(url.parse::<Database>().is_err(), "{url}");
        }
    }

    #[test]
    fn het_wachtwoord_komt_niet_in_een_melding() {
        let d: Database = "postgres://dgr:geheim@db/register?password=ook&x=1"
            .parse()
            .unwrap_or_else(|e| unreachable!("{e}"));
        let t = d.to_string();
        assert!(!t.contains("geheim") && !t.contains("ook"), "{t}");
        assert!(t.contains("postgres://dgr:***@db/register"), "{t}");
    }
}
