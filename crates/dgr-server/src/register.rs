//! Register work from a request: [`blokkerend`] runs it on the blocking pool with a free reader,
//! [`kort_lezen`] runs a short read on the calling worker when it can. Every handler, API and
//! page, reads and writes the register through these.

use std::sync::{Mutex, MutexGuard, TryLockError};

use crate::fout::ApiFout;
use crate::staat::Staat;

/// Runs blocking register work on the blocking pool with a free reader. The request first
/// waits for a turn ([`Gedeeld::lezer_beurten`](crate::staat::Gedeeld::lezer_beurten)): turns
/// are handed out first come, first served, and a turn always finds a reader free. (Before, a
/// task that found no reader free waited on the lock of one reader chosen in turn: behind a
/// report of seconds on that reader while the others came free, and after tasks that arrived
/// later; issue #13.)
///
/// # Errors
/// [`ApiFout::Intern`] when the task panicked (or, which a turn rules out, no reader was free).
pub async fn blokkerend<T: Send + 'static>(
    staat: &Staat,
    werk: impl FnOnce(&mut dgr_register::Register) -> Result<T, ApiFout> + Send + 'static,
) -> Result<T, ApiFout> {
    let beurt = std::sync::Arc::clone(&staat.lezer_beurten)
        .acquire_owned()
        .await
        .map_err(|_| ApiFout::Intern("geen lezers".into()))?;
    let lezers = staat.lezers.clone();
    tokio::task::spawn_blocking(move || {
        let _beurt = beurt;
        werk(&mut *vrije_lezer(&lezers)?)
    })
    .await
    .map_err(|e| ApiFout::Intern(e.to_string()))?
}

/// A reader nobody holds. With a turn there is always one: there are as many turns as readers,
/// and only a holder of a turn takes a reader. A reader whose holder panicked is taken as it
/// is (its open transaction ended as the panic unwound: rolled back for a write, ended by
/// `Register::leestransactie` for a read), or every request sent to it
/// would fail from then on.
///
/// # Errors
/// [`ApiFout::Intern`] when every reader is held, which a turn rules out.
fn vrije_lezer(
    lezers: &[Mutex<dgr_register::Register>],
) -> Result<MutexGuard<'_, dgr_register::Register>, ApiFout> {
    lezers
        .iter()
        .find_map(|l| match l.try_lock() {
            Ok(r) => Some(r),
            Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        })
        .ok_or_else(|| ApiFout::Intern("geen vrije lezer".into()))
}

/// Runs a short register read (one person's rows: tens to a few hundred microseconds, the
/// latter for a long history) on the calling worker when a turn is free right now (a reader is
/// free and nobody waits for one), which saves the two thread hand-overs of the blocking pool;
/// otherwise (a long report holds a reader, others wait) it waits its turn on the blocking
/// pool like [`blokkerend`]. Only for reads bounded by one person's data, never for reports,
/// and only on the embedded database: a read of a database server waits on the network, so it
/// always goes to the pool.
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
    // a turn free right now (nobody is waiting for one) runs here; otherwise wait in line
    if let Ok(_beurt) = std::sync::Arc::clone(&staat.lezer_beurten).try_acquire_owned() {
        return werk(&mut *vrije_lezer(&staat.lezers)?);
    }
    blokkerend(staat, werk).await
}
