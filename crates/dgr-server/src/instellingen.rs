//! The server's settings ([`Instellingen`], with the transport limits [`Grenzen`] and the web
//! login's provider [`OidcInstellingen`]) and the errors of starting it ([`StartFout`]). Depends
//! on nothing else in this crate.

use std::path::PathBuf;
use std::time::Duration;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Instellingen {
    /// The register's database: the embedded SQLite file or a PostgreSQL URL.
    pub db: dgr_store::Database,
    /// Folder for keys and the processing-log secret (default: the database's folder).
    pub data_map: PathBuf,
    /// The trusted issuer's public keys: a JWKS file or an `http(s)://` URL (re-read every
    /// 15 minutes, so key rotation at the provider is picked up).
    pub jwks: Option<String>,
    /// The trusted issuer (`iss`).
    pub issuer: Option<String>,
    /// The expected audience (`aud`).
    pub audience: String,
    /// Also accept the development issuer's tokens (`dgr token`).
    pub ontwikkel_issuer: bool,
    /// BSN lookups per organisation per day (werkgever).
    pub limiet_per_dag: u64,
    /// The OpenID Connect provider of the web login, if any.
    pub oidc: Option<OidcInstellingen>,
    /// Upload size, timeouts and the connection limit of the HTTP transport.
    pub grenzen: Grenzen,
    /// The clock of every rule's "now" and "today" (default peildatum, current employers,
    /// terms, the daily limit, the processing log's times): real in production, set by tests.
    pub klok: dgr_register::tijd::Klok,
    /// Compute the dashboards' default views, last year's quota and the organisations' monitor
    /// overviews ahead, at start and after every change of the register (issue #13; see
    /// [`crate::voorberekening`]): on for `dgr serve`, off in tests.
    pub dashboards_voorberekenen: bool,
    /// Reader connections to the register (`None`: [`standaard_lezers`] for the database).
    pub lezers: Option<usize>,
    /// How long a commit of the processing log waits for more requests when the commit before
    /// it was shared by several ([`crate::logboek`]; zero never waits; `None`:
    /// [`standaard_logboek_wachttijd`] for the database).
    pub logboek_wachttijd: Option<Duration>,
}

/// How long a commit of the processing log waits for more requests when not told
/// ([`Instellingen::logboek_wachttijd`]): 250 µs on the embedded database, 500 µs on PostgreSQL,
/// whose commit costs round trips as well as the fsync (issue #13, two cores, `bench/http.sh`
/// with 32 connections: SQLite 12,200–12,800 lookups/s at 100 µs, 14,500–16,300/s at 250,
/// 12,900–14,700/s at 500, 11,400–11,800/s at 1,000; PostgreSQL 4,370/s at 250 and
/// 4,790–4,820/s at 500).
pub fn standaard_logboek_wachttijd(db: &dgr_store::Database) -> Duration {
    Duration::from_micros(if db.is_ingebed() { 250 } else { 500 })
}

/// How many reader connections a server opens when not told: [`lezers_bij`] for this
/// machine's cores and the kind of database.
pub fn standaard_lezers(db: &dgr_store::Database) -> usize {
    let kernen = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    lezers_bij(kernen, db.is_ingebed())
}

/// Readers for `kernen` cores: on the embedded database one per core (at most 8), since a read
/// there is CPU work in this process; on PostgreSQL twice that (at least 4, at most 16), since
/// a read there mostly waits for the database server and its network (issue #13, two cores:
/// yes/no lookups at 3,100/s with 2 readers, 4,000/s with 4 or 8).
fn lezers_bij(kernen: usize, ingebed: bool) -> usize {
    let kernen = kernen.clamp(1, 8);
    if ingebed { kernen } else { (2 * kernen).max(4) }
}

/// The limits of the HTTP transport (issue #9: uploads of real size, and a server that idle or
/// slow connections cannot bring down). [`Grenzen::default`] holds the production defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grenzen {
    /// The largest delivery file, in bytes, that `POST /api/v1/leveringen` and the page
    /// `POST /leveringen` accept (default 1,024 MiB). The file is streamed to a temporary file
    /// while it is counted; a larger one is answered with 413 and the limit in Dutch.
    pub max_levering_bytes: u64,
    /// How long a client may take to send a request's headers, counted from the moment the
    /// connection waits for them (default 10 s; slow-loris). hyper 1.x also runs this timer
    /// while a keep-alive connection waits for its next request, so it is the idle keep-alive
    /// timeout as well: an idle connection is closed after it.
    pub kop_timeout: Duration,
    /// The longest time for one request other than an upload, API and web pages alike, body
    /// included (default 60 s); after it the answer is 408.
    pub verzoek_timeout: Duration,
    /// The longest time for one upload, receiving and importing the file (default 30 min);
    /// after it the answer is 408.
    pub upload_timeout: Duration,
    /// The most connections open at once (default 4,096, well below a usual `ulimit -n`). At the
    /// limit a new connection is still accepted and the connection idle the longest is closed to
    /// make room, so health checks keep answering; when every connection is busy with a request
    /// the new one is closed at once.
    pub max_verbindingen: usize,
}

impl Grenzen {
    /// 1 MiB, the unit of `--max-levering-mb`.
    pub const MIB: u64 = 1024 * 1024;
}

impl Default for Grenzen {
    fn default() -> Self {
        Grenzen {
            max_levering_bytes: 1024 * Grenzen::MIB,
            kop_timeout: Duration::from_secs(10),
            verzoek_timeout: Duration::from_secs(60),
            upload_timeout: Duration::from_secs(30 * 60),
            max_verbindingen: 4096,
        }
    }
}

/// The web login's OpenID Connect provider (authorization code flow with PKCE).
#[derive(Debug, Clone)]
pub struct OidcInstellingen {
    /// The provider's issuer URL; its discovery document is read from
    /// `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// This server's client id at the provider (also the id_token's expected `aud`).
    pub client_id: String,
    /// The client secret, sent in the token request; `None` for a public client (PKCE only).
    pub client_secret: Option<String>,
    /// This server's public base URL; the redirect URI is `{basis_url}/login/oidc/terug`.
    pub basis_url: String,
}

/// Errors while starting.
#[derive(Debug, thiserror::Error)]
pub enum StartFout {
    /// Storage.
    #[error(transparent)]
    Store(#[from] dgr_store::StoreFout),
    /// Register.
    #[error(transparent)]
    Register(#[from] dgr_register::RegisterFout),
    /// Keys or configuration.
    #[error("{0}")]
    Configuratie(String),
    /// IO.
    #[error("{}", dgr_core::tekst::io_uitleg(.0))]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::{lezers_bij, standaard_lezers, standaard_logboek_wachttijd};

    /// Worked out from the rule: embedded one per core, 1 to 8; PostgreSQL twice the cores
    /// taken (so 2 to 16), at least 4.
    #[test]
    fn lezers_naar_kernen_en_database() {
        let gevallen = [(1, 1, 4), (2, 2, 4), (3, 3, 6), (8, 8, 16), (64, 8, 16)];
        for (kernen, ingebed, postgres) in gevallen {
            assert_eq!(lezers_bij(kernen, true), ingebed, "{kernen} kernen, SQLite");
            assert_eq!(
                lezers_bij(kernen, false),
                postgres,
                "{kernen} kernen, PostgreSQL"
            );
        }
        // a machine that reports no parallelism at all still gets a reader
        assert_eq!(lezers_bij(0, true), 1);
        let server: dgr_store::Database = "postgres://dgr@localhost/dgr"
            .parse()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(standaard_lezers(&server) >= 4);
    }

    /// The log's commit waits 250 µs on the embedded database and 500 µs on PostgreSQL.
    #[test]
    fn logboek_wachttijd_naar_database() {
        let db = |tekst: &str| -> dgr_store::Database {
            tekst.parse().unwrap_or_else(|e| unreachable!("{e}"))
        };
        let micro = |tekst: &str| standaard_logboek_wachttijd(&db(tekst)).as_micros();
        assert_eq!(micro("nl.db"), 250);
        assert_eq!(micro("postgres://dgr@localhost/dgr"), 500);
    }
}
