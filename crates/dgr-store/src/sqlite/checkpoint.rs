//! Checkpoints of the register file on a thread of its own while a long import runs.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::Resultaat;

/// How often the WAL is copied back into the register file.
const INTERVAL: Duration = Duration::from_millis(200);

/// Copies the register file's WAL back into the file every 200 ms, on a connection and thread
/// of its own, while one process imports many deliveries (`dgr demo`, issue #13). A passive
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
    /// Starts the checkpoints of the register file at `pad` (which exists: its store is open).
    ///
    /// # Errors
    /// [`crate::StoreFout`] when the file cannot be opened.
    pub fn start(pad: &Path) -> Resultaat<Achtergrondcheckpoint> {
        let conn = super::open_wal(pad)?;
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
    /// WAL: what a checkpoint has copied back (none while even the schema is only in the WAL).
    fn leveringen_in_het_bestand(pad: &std::path::Path) -> i64 {
        let kopie = pad.with_extension("kopie.db");
        std::fs::copy(pad, &kopie).unwrap_or_else(|e| unreachable!("{e}"));
        let conn = rusqlite::Connection::open(&kopie).unwrap_or_else(|e| unreachable!("{e}"));
        let tel = |sql: &str| -> i64 {
            conn.query_row(sql, [], |r| r.get(0))
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        if tel("SELECT count(*) FROM sqlite_master WHERE name = 'leveringen'") == 0 {
            return 0;
        }
        tel("SELECT count(*) FROM leveringen")
    }

    /// A committed delivery reaches the register file within a few rounds of 200 ms without a
    /// checkpoint of the writer's own (its automatic one waits for 20,000 pages), and dropping
    /// the checkpoint stops its thread.
    #[test]
    fn wal_komt_in_het_bestand() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("nl.db");
        let mut store = ok(SqliteStore::open(&pad));
        let checkpoint = ok(Achtergrondcheckpoint::start(&pad));
        assert_eq!(leveringen_in_het_bestand(&pad), 0);
        let mut tx = ok(store.transactie());
        ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        ok(tx.commit());
        let mut rondes = 0;
        while leveringen_in_het_bestand(&pad) == 0 && rondes < 50 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            rondes += 1;
        }
        assert_eq!(leveringen_in_het_bestand(&pad), 1, "after {rondes} rounds");
        drop(checkpoint);
    }
}
