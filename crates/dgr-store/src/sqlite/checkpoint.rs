//! Checkpoints of the register file on a thread of its own while a long import runs.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::Resultaat;

/// How often the WAL is copied back into the register file.
const INTERVAL: Duration = Duration::from_millis(200);

/// Copies the register file's WAL back into the file every 200 ms and whenever woken
/// ([`Achtergrondcheckpoint::wek`], after each delivery), on a connection and thread of its
/// own, while one process imports many deliveries (`dgr demo`, issue #13). A passive
/// checkpoint waits for nobody; once it has copied the whole WAL, the importer starts the WAL
/// over at its next transaction, so the WAL stays short and the importer's own commits
/// (with their automatic checkpoint past 20,000 pages) no longer copy it themselves: that
/// work moves to the machine's other core. Stops, and waits for its thread, when dropped.
#[derive(Debug)]
pub struct Achtergrondcheckpoint {
    stop: Arc<AtomicBool>,
    draad: Option<JoinHandle<()>>,
}

impl Achtergrondcheckpoint {
    /// Starts the checkpoints of the register file at `pad`, which must exist (its store is
    /// open, in WAL mode). A passive checkpoint never waits (SQLite calls no busy handler for
    /// it): what a reader or the writer holds is copied at a later round.
    ///
    /// # Errors
    /// [`crate::StoreFout`] when the file cannot be opened (it is never created here).
    pub fn start(pad: &Path) -> Resultaat<Achtergrondcheckpoint> {
        let conn = rusqlite::Connection::open_with_flags(
            pad,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let stop = Arc::new(AtomicBool::new(false));
        let stoppen = Arc::clone(&stop);
        let draad = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                while !stoppen.load(Ordering::Acquire) {
                    // a checkpoint that cannot go on now (a reader, the writer's lock) is
                    // tried again at the next round; the importer's own backstop remains
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::debug!(fout = %e, "checkpoint op de achtergrond");
                    }
                    std::thread::park_timeout(INTERVAL);
                }
            })
            .map_err(|e| crate::StoreFout::Database(format!("checkpointdraad: {e}")))?;
        Ok(Achtergrondcheckpoint {
            stop,
            draad: Some(draad),
        })
    }

    /// Starts a round at once instead of at the end of its 200 ms: the importer calls this
    /// after each commit, so the frames of a delivery are copied while it applies the next one,
    /// and its own automatic checkpoint (past 20,000 pages of WAL) finds little left to copy.
    pub fn wek(&self) {
        if let Some(draad) = &self.draad {
            draad.thread().unpark();
        }
    }
}

impl Drop for Achtergrondcheckpoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(draad) = self.draad.take() {
            draad.thread().unpark();
            let _ = draad.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Achtergrondcheckpoint;
    use crate::Store as _;
    use crate::postgres::tests::{levering, ok, t};
    use crate::sqlite::SqliteStore;
    use dgr_core::{Bron, LeveringSoort};

    /// The deliveries in the register file itself, read from a copy of the file without its
    /// WAL: what a checkpoint has copied back. `None` while the copy cannot be read (even the
    /// schema only in the WAL, or a copy taken while a checkpoint was writing the file).
    fn leveringen_in_het_bestand(pad: &std::path::Path) -> Option<i64> {
        let kopie = pad.with_extension("kopie.db");
        std::fs::copy(pad, &kopie).ok()?;
        let conn = rusqlite::Connection::open(&kopie).ok()?;
        conn.query_row("SELECT count(*) FROM leveringen", [], |r| r.get(0))
            .ok()
    }

    /// A committed delivery reaches the register file within a few rounds of 200 ms without a
    /// checkpoint of the writer's own (its automatic one waits for 20,000 pages), and dropping
    /// the checkpoint stops its thread. A file that does not exist is not created.
    #[test]
    fn wal_komt_in_het_bestand() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        assert!(Achtergrondcheckpoint::start(&map.path().join("geen.db")).is_err());
        assert!(!map.path().join("geen.db").exists());
        let pad = map.path().join("nl.db");
        let mut store = ok(SqliteStore::open(&pad));
        let checkpoint = ok(Achtergrondcheckpoint::start(&pad));
        let mut tx = ok(store.transactie());
        ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        ok(tx.commit());
        let mut gezien = None;
        for _ in 0..50 {
            gezien = leveringen_in_het_bestand(&pad);
            if gezien == Some(1) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert_eq!(gezien, Some(1));
        drop(checkpoint);
    }
}
