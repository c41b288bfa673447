//! Register work from a request: [`blokkerend`] runs it on the blocking pool with a free reader,
//! [`kort_lezen`] runs a short read on the calling worker when it can. Every handler, API and
//! page, reads and writes the register through these.

use crate::fout::ApiFout;
use crate::staat::Staat;

/// Runs blocking register work on the blocking pool.
///
/// # Errors
/// [`ApiFout::Intern`] when the task panicked or the register lock is poisoned.
pub async fn blokkerend<T: Send + 'static>(
    staat: &Staat,
    werk: impl FnOnce(&mut dgr_register::Register) -> Result<T, ApiFout> + Send + 'static,
) -> Result<T, ApiFout> {
    let lezers = staat.lezers.clone();
    let start = staat
        .volgende_lezer
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tokio::task::spawn_blocking(move || {
        // a free reader if there is one, else wait for the next in turn
        let n = lezers.len().max(1);
        let vrij = (0..n).find_map(|i| lezers.get((start + i) % n).and_then(|l| l.try_lock().ok()));
        let mut r = match vrij {
            Some(r) => r,
            None => lezers
                .get(start % n)
                .ok_or_else(|| ApiFout::Intern("geen lezer".into()))?
                .lock()
                .map_err(|_| ApiFout::Intern("register vergrendeld".into()))?,
        };
        werk(&mut r)
    })
    .await
    .map_err(|e| ApiFout::Intern(e.to_string()))?
}

/// Runs a short register read (one person's rows: tens of microseconds) on the calling worker
/// when a reader is free, which saves the two thread hand-overs of the blocking pool; when all
/// readers are busy (a long report holds one) it waits on the blocking pool like [`blokkerend`].
/// Only for reads bounded by one person's data, never for reports, and only on the embedded
/// database: a read of a database server waits on the network, so it always goes to the pool.
///
/// # Errors
/// As [`blokkerend`].
pub async fn kort_lezen<T: Send + 'static>(
    staat: &Staat,
    werk: impl FnOnce(&mut dgr_register::Register) -> Result<T, ApiFout> + Send + 'static,
) -> Result<T, ApiFout> {
    if !staat.instellingen.db.is_ingebed() {
        return blokkerend(staat, werk).await;
    }
    let werk = match staat.lezers.iter().find_map(|l| l.try_lock().ok()) {
        Some(mut r) => return werk(&mut r),
        None => werk,
    };
    blokkerend(staat, werk).await
}
