//! The processing log (Logboek Dataverwerkingen, API.md) in SQLite: records are written in
//! batches by one writer connection (group commit: one durable commit for many requests), and
//! read back per data subject (a citizen's own records) or per organisation (misuse signals).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, params};
use serde::Serialize;

use super::{lees_tijd, tijd_getal};
use crate::Resultaat;

/// One processing record (one data subject).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verwerking {
    /// W3C trace id (32 hex).
    pub trace_id: String,
    /// Span id (16 hex).
    pub span_id: String,
    /// The caller's span, from an incoming `traceparent`.
    pub parent_span_id: Option<String>,
    /// The operation.
    pub naam: String,
    /// OK, ERROR or UNSET.
    pub status_code: String,
    /// Start (UTC).
    pub start_time: DateTime<Utc>,
    /// End (UTC).
    pub end_time: DateTime<Utc>,
    /// Id from the register of processing activities.
    pub processing_activity_id: String,
    /// The pseudonymised subject (HMAC-SHA256 of the BSN, hex).
    pub data_subject_id: String,
    /// Always `BSN`.
    pub data_subject_id_type: String,
}

/// The user behind a trace.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Audit {
    /// Trace id linking to the processing records.
    pub trace_id: String,
    /// When.
    pub tijd: DateTime<Utc>,
    /// Token subject.
    pub sub: String,
    /// Role.
    pub rol: String,
    /// Organisation key (fiscaal nummer, gemeentecode, or the subject).
    pub organisatie: String,
    /// Organisation display name.
    pub organisatie_naam: Option<String>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// The operation.
    pub handeling: String,
    /// Number of BSN lookups in the request (for the rate limit).
    pub bsn_opvragingen: u32,
    /// How many of them concern BSNs absent from the organisation's own polis data.
    pub buiten_eigen_polis: u32,
}

/// A record as a citizen sees it: who (kind and name of organisation), when, what for.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EigenVerwerking {
    /// When (UTC).
    pub tijd: DateTime<Utc>,
    /// Operation.
    pub naam: String,
    /// Processing activity id.
    pub processing_activity_id: String,
    /// The organisation's role (werkgever, gemeente, uwv, …).
    pub rol: Option<String>,
    /// The organisation's name.
    pub organisatie: Option<String>,
}

/// Lookups per organisation (misuse signals).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Opvraagtelling {
    /// Organisation key.
    pub organisatie: String,
    /// Display name.
    pub organisatie_naam: Option<String>,
    /// Role.
    pub rol: String,
    /// BSN lookups.
    pub opvragingen: u64,
    /// Of which for BSNs absent from own polis data.
    pub buiten_eigen_polis: u64,
}

/// A dedicated writer connection for the processing log.
pub struct LogboekSchrijver {
    conn: Connection,
}

fn open(pad: &Path) -> Resultaat<Connection> {
    let conn = Connection::open_with_flags(
        pad,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 16 MiB page cache: the index on pseudonyms takes inserts at random places, and the
    // default 2 MiB re-reads its pages from the file on nearly every insert (a larger cache
    // costs more again: SQLite walks the cache's hash table at the end of every commit)
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

/// Copies the processing log's WAL back into its file beside a running [`LogboekSchrijver`],
/// so that the checkpoint the writer does itself after every ~4 MiB of WAL (which holds up the
/// requests waiting for that commit) finds little left to copy.
pub struct LogboekCheckpoint {
    conn: Connection,
}

impl LogboekCheckpoint {
    /// Opens its own connection on the log file of the register at `register`.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn open(register: &Path) -> Resultaat<LogboekCheckpoint> {
        Ok(LogboekCheckpoint {
            conn: open(&super::logboek_pad(register))?,
        })
    }

    /// A passive checkpoint: copies what no reader still needs, without waiting for anyone.
    /// The writer starts the WAL over at its next commit once all of it is copied.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn checkpoint(&self) -> Resultaat<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
}

impl LogboekSchrijver {
    /// Opens a writer on the processing-log file of the register at `register`
    /// ([`super::logboek_pad`]), creating and migrating both files when needed. The writer's
    /// connection holds the log file only, so its commits never lock the register file.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn open(register: &Path) -> Resultaat<LogboekSchrijver> {
        drop(super::SqliteStore::open(register)?);
        Ok(LogboekSchrijver {
            conn: open(&super::logboek_pad(register))?,
        })
    }

    /// Writes a batch of requests — each an audit entry and its records (one per data
    /// subject) — in one durable transaction; each record names its audit entry's row id.
    ///
    /// # Errors
    /// [`crate::StoreFout`]; nothing of the batch is written then.
    pub fn schrijf<'b>(
        &mut self,
        verzoeken: impl IntoIterator<Item = (&'b Audit, &'b [Verwerking])>,
    ) -> Resultaat<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut a = tx.prepare_cached(
                "INSERT INTO audit (trace_id, tijd, sub, rol, organisatie, organisatie_naam, client_ip, handeling, bsn_opvragingen, \
                 buiten_eigen_polis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut v = tx.prepare_cached(
                "INSERT INTO verwerkingen (trace_id, span_id, parent_span_id, naam, status_code, start_time, end_time, \
                 processing_activity_id, data_subject_id, data_subject_id_type, audit_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for (audit, verwerkingen) in verzoeken {
                let audit_id = a.insert(params![
                    audit.trace_id,
                    tijd_getal(audit.tijd),
                    audit.sub,
                    audit.rol,
                    audit.organisatie,
                    audit.organisatie_naam,
                    audit.client_ip,
                    audit.handeling,
                    audit.bsn_opvragingen,
                    audit.buiten_eigen_polis
                ])?;
                for r in verwerkingen {
                    v.execute(params![
                        r.trace_id,
                        r.span_id,
                        r.parent_span_id,
                        r.naam,
                        r.status_code,
                        tijd_getal(r.start_time),
                        tijd_getal(r.end_time),
                        r.processing_activity_id,
                        r.data_subject_id,
                        r.data_subject_id_type,
                        audit_id
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// Reads of the processing log (on any connection).
pub struct LogboekLezer<'a> {
    conn: &'a Connection,
}

impl<'a> LogboekLezer<'a> {
    /// A reader on a connection.
    pub fn new(conn: &'a Connection) -> LogboekLezer<'a> {
        LogboekLezer { conn }
    }

    /// A data subject's records, newest first, with the organisation from the audit record.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn van_betrokkene(&self, data_subject_id: &str) -> Resultaat<Vec<EigenVerwerking>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.start_time, v.naam, v.processing_activity_id, a.rol, a.organisatie_naam FROM verwerkingen v \
             LEFT JOIN audit a ON a.id = v.audit_id WHERE v.data_subject_id = ?1 ORDER BY v.start_time DESC, v.id DESC",
        )?;
        let mut rijen = stmt.query([data_subject_id])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(EigenVerwerking {
                tijd: lees_tijd("verwerkingen", r.get(0)?)?,
                naam: r.get(1)?,
                processing_activity_id: r.get(2)?,
                rol: r.get(3)?,
                organisatie: r.get(4)?,
            });
        }
        Ok(uit)
    }

    /// BSN lookups of an organisation since `vanaf` (for the rate limit).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn opvragingen_sinds(&self, organisatie: &str, vanaf: DateTime<Utc>) -> Resultaat<u64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(bsn_opvragingen), 0) FROM audit WHERE organisatie = ?1 AND tijd >= ?2",
            params![organisatie, tijd_getal(vanaf)],
            |r| r.get(0),
        )?)
    }

    /// Lookups per organisation since `vanaf`, with the share outside own polis data.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn per_organisatie(&self, vanaf: DateTime<Utc>) -> Resultaat<Vec<Opvraagtelling>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT organisatie, MAX(organisatie_naam), MAX(rol), SUM(bsn_opvragingen), SUM(buiten_eigen_polis) FROM audit \
             WHERE tijd >= ?1 AND bsn_opvragingen > 0 GROUP BY organisatie ORDER BY organisatie",
        )?;
        let rijen = stmt.query_map([tijd_getal(vanaf)], |r| {
            Ok(Opvraagtelling {
                organisatie: r.get(0)?,
                organisatie_naam: r.get(1)?,
                rol: r.get(2)?,
                opvragingen: r.get(3)?,
                buiten_eigen_polis: r.get(4)?,
            })
        })?;
        Ok(rijen.collect::<Result<Vec<_>, _>>()?)
    }

    /// Number of processing records (tests, benchmarks).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn aantal(&self) -> Resultaat<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM verwerkingen", [], |r| r.get(0))?)
    }

    /// Deletes records of `activiteit` older than `grens` (retention, API.md); returns how many.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn verwijder_ouder_dan(&self, activiteit: &str, grens: DateTime<Utc>) -> Resultaat<usize> {
        Ok(self.conn.execute(
            "DELETE FROM verwerkingen WHERE processing_activity_id = ?1 AND end_time < ?2",
            params![activiteit, tijd_getal(grens)],
        )?)
    }
}
