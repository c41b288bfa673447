//! The processing log ([`crate::logboek`]) in SQLite: its own file beside the register
//! ([`super::logboek_pad`]), written by one writer connection, read through every register
//! connection (where it is attached as `logboek`).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, params};

use super::{SqliteStore, lees_tijd, tijd_getal};
use crate::Resultaat;
use crate::logboek::{
    Audit, EigenVerwerking, LogboekLezer, Logboekonderhoud, Logboekschrijver, Opvraagtelling,
    Verwerking,
};

/// The writer of the processing log: a connection on the log file alone, so its commits never
/// lock the register file.
pub struct SqliteLogboekschrijver {
    pad: std::path::PathBuf,
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
struct LogboekCheckpoint {
    conn: Connection,
}

impl Logboekonderhoud for LogboekCheckpoint {
    /// A passive checkpoint: copies what no reader still needs, without waiting for anyone.
    /// The writer starts the WAL over at its next commit once all of it is copied.
    fn onderhoud(&mut self) -> Resultaat<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
}

impl SqliteLogboekschrijver {
    /// Opens a writer on the processing-log file of the register at `register`
    /// ([`super::logboek_pad`]), creating and migrating both files when needed. The writer's
    /// connection holds the log file only, so its commits never lock the register file.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn open(register: &Path) -> Resultaat<SqliteLogboekschrijver> {
        drop(super::SqliteStore::open(register)?);
        let pad = super::logboek_pad(register);
        Ok(SqliteLogboekschrijver {
            conn: open(&pad)?,
            pad,
        })
    }
}

impl Logboekschrijver for SqliteLogboekschrijver {
    /// Each record names its audit entry's row id.
    fn schrijf(&mut self, verzoeken: &[(&Audit, &[Verwerking])]) -> Resultaat<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut a = tx.prepare_cached(
                "INSERT INTO audit (trace_id, tijd, sub, rol, organisatie, organisatie_naam, client_ip, handeling, bsn_opvragingen, \
                 buiten_eigen_polis, doel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut v = tx.prepare_cached(
                "INSERT INTO verwerkingen (trace_id, span_id, parent_span_id, naam, status_code, start_time, end_time, \
                 processing_activity_id, data_subject_id, data_subject_id_type, audit_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for &(audit, verwerkingen) in verzoeken {
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
                    audit.buiten_eigen_polis,
                    audit.doel
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

    fn verwijder_ouder_dan(&mut self, activiteit: &str, grens: DateTime<Utc>) -> Resultaat<usize> {
        Ok(self.conn.execute(
            "DELETE FROM verwerkingen WHERE processing_activity_id = ?1 AND end_time < ?2",
            params![activiteit, tijd_getal(grens)],
        )?)
    }

    fn onderhoud(&self) -> Resultaat<Option<Box<dyn Logboekonderhoud>>> {
        Ok(Some(Box::new(LogboekCheckpoint {
            conn: open(&self.pad)?,
        })))
    }
}

impl LogboekLezer for SqliteStore {
    /// A data subject's records, newest first, with the organisation from the audit record.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn verwerkingen_van_betrokkene(
        &self,
        data_subject_id: &str,
    ) -> Resultaat<Vec<EigenVerwerking>> {
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
    fn opvragingen_sinds(&self, organisatie: &str, vanaf: DateTime<Utc>) -> Resultaat<u64> {
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
    fn opvragingen_per_organisatie(&self, vanaf: DateTime<Utc>) -> Resultaat<Vec<Opvraagtelling>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT organisatie, MAX(organisatie_naam), MAX(rol), SUM(bsn_opvragingen), SUM(buiten_eigen_polis), \
             SUM(CASE WHEN doel = 'sollicitant' THEN buiten_eigen_polis ELSE 0 END) FROM audit \
             WHERE tijd >= ?1 AND bsn_opvragingen > 0 GROUP BY organisatie ORDER BY organisatie",
        )?;
        let rijen = stmt.query_map([tijd_getal(vanaf)], |r| {
            Ok(Opvraagtelling {
                organisatie: r.get(0)?,
                organisatie_naam: r.get(1)?,
                rol: r.get(2)?,
                opvragingen: r.get(3)?,
                buiten_eigen_polis: r.get(4)?,
                sollicitant_buiten_eigen_polis: r.get(5)?,
            })
        })?;
        Ok(rijen.collect::<Result<Vec<_>, _>>()?)
    }

    /// Number of processing records (tests, benchmarks).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn aantal_verwerkingen(&self) -> Resultaat<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM verwerkingen", [], |r| r.get(0))?)
    }
}
