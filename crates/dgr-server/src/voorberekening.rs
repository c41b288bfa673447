//! The dashboards' default views, last year's quota and the monitor overview of the
//! organisations with a unit tree (R-42; up to [`MAX_MONITORS`]), computed ahead in the background: at start and again
//! whenever the register changed (a delivery through the API, the command line or another
//! server), so that the first analyst or employer to open a page after a change does not wait
//! seconds for a national report (issue #13, goal 4). A round costs about as much as computing
//! those reports once (10 s on the national demo register, two cores).
//!
//! One thread with a connection of its own looks every [`ELKE`] at the register's last
//! transaction time (an index lookup) and, when it moved, fills the [`Rapportcache`] and the
//! [`Quotumreeks`]; the readers that answer lookups are never used for it. On the embedded
//! database its connection also makes the report copies of the registrations, the persons'
//! woongemeenten and the months of polis it reads after a change
//! ([`Register::open_voorberekenaar`]), which the pages' reports then read. Pages still log the
//! persons they show when they show them: computing ahead discloses nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use dgr_register::Register;

use crate::fout::ApiFout;
use crate::quotumreeks::Quotumreeks;
use crate::rapportcache::Rapportcache;
use crate::staat::Staat;

/// How often the register's state is looked at.
pub const ELKE: Duration = Duration::from_secs(5);

/// The most organisations whose monitor overview a round computes (half of what the report
/// cache keeps per kind); the others compute theirs when first opened.
pub const MAX_MONITORS: usize = crate::rapportcache::MAX_PER_SOORT / 2;

/// The state of the register the views were last computed on.
#[derive(Default)]
pub struct Voorberekening {
    /// `None` before the first round; then the last transaction time seen (itself `None` for
    /// an empty register).
    gezien: Option<Option<DateTime<Utc>>>,
}

impl Voorberekening {
    /// One round: computes the views when the register changed since the last round (or in the
    /// first). Returns whether it computed. A view that fails is logged and left to its page.
    ///
    /// # Errors
    /// [`ApiFout`] when the register's state or its organisations cannot be read.
    pub fn ronde(
        &mut self,
        r: &Register,
        rapporten: &Rapportcache,
        quotumreeks: &Quotumreeks,
    ) -> Result<bool, ApiFout> {
        let stand = r.store().laatste_transactietijd()?;
        if self.gezien == Some(stand) {
            return Ok(false);
        }
        let start = std::time::Instant::now();
        rapporten.warm(r);
        let vandaag = r.klok().vandaag();
        let jaar = vandaag.year() - 1;
        if let Err(e) = quotumreeks.jaar(r, jaar) {
            tracing::warn!(fout = ?e, jaar, "quotum niet voorberekend");
        }
        // the organisations' monitor overviews as they open (the persons shown are logged when
        // a page shows them, not here: nothing leaves the server now); no more than half of
        // what the cache keeps per kind, so that a round never pushes out its own work, and
        // the organisation is not named in the log (a fiscaal nummer can be a person's BSN)
        match r.store().organisaties() {
            Ok(organisaties) => {
                let kwartalen = crate::web::standaard_kwartalen(vandaag);
                for organisatie in organisaties.into_iter().take(MAX_MONITORS) {
                    if let Err(e) = rapporten.werkgeversmonitor(r, organisatie, kwartalen.clone()) {
                        tracing::warn!(fout = ?e, "werkgeversmonitor niet voorberekend");
                    }
                }
            }
            Err(e) => tracing::warn!(fout = %e, "organisaties niet gelezen"),
        }
        self.gezien = Some(stand);
        tracing::info!(
            ms = start.elapsed().as_millis() as u64,
            "voorberekening klaar"
        );
        Ok(true)
    }
}

/// Sets the stop flag of the background thread when dropped: when the server stops, and also
/// when its future is dropped before it ends.
pub struct Stopper(Arc<AtomicBool>);

impl Drop for Stopper {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Starts the background thread, which runs until the returned [`Stopper`] is dropped (it
/// finishes the round in progress first, then ends within a tenth of a second).
pub fn start(staat: &Staat) -> Stopper {
    let stop = Arc::new(AtomicBool::new(false));
    let stopper = Stopper(stop.clone());
    let staat = staat.clone();
    let draad = std::thread::Builder::new()
        .name("voorberekening".into())
        .spawn(move || {
            let r = match Register::open_voorberekenaar(&staat.instellingen.db, staat.klok()) {
                Ok(r) => r,
                Err(e) => {
                    tracing::warn!(fout = %e, "dashboards niet voorberekend");
                    return;
                }
            };
            let mut v = Voorberekening::default();
            let mut gemeld = false;
            while !stop.load(Ordering::Relaxed) {
                match v.ronde(&r, &staat.rapporten, &staat.quotumreeks) {
                    Err(e) if !gemeld => {
                        tracing::warn!(fout = ?e, "stand van het register niet gelezen");
                        gemeld = true;
                    }
                    Ok(_) => gemeld = false,
                    Err(_) => {}
                }
                wacht(&stop);
            }
        });
    if let Err(e) = draad {
        tracing::warn!(fout = %e, "dashboards niet voorberekend");
    }
    stopper
}

/// Sleeps [`ELKE`] in steps of a tenth of a second, returning early when `stop` is set.
fn wacht(stop: &AtomicBool) {
    let stap = Duration::from_millis(100);
    let mut geslapen = Duration::ZERO;
    while geslapen < ELKE && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(stap);
        geslapen += stap;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rapportcache::tests::lever;
    use dgr_register::tijd::{Klok, parse_tijdstip};
    use dgr_store::testhulp::Testdatabase;

    /// The first round computes, a round without a change does not, a delivery (here through
    /// another connection, as the command line would) makes the next round compute again; after
    /// a round last year's quota is kept, so the quota page does not compute it.
    #[test]
    fn rekent_bij_start_en_na_elke_verandering() {
        let db = Testdatabase::sqlite();
        let klok = Klok::vanaf(
            parse_tijdstip("2026-11-20T12:00:00+01:00").unwrap_or_else(|e| unreachable!("{e}")),
        );
        let open =
            || Register::open_database(&db.database, klok).unwrap_or_else(|e| unreachable!("{e}"));
        let (r, mut schrijver) = (open(), open());
        let (rapporten, quotumreeks) = (Rapportcache::default(), Quotumreeks::default());
        let mut v = Voorberekening::default();
        let ronde = |v: &mut Voorberekening| {
            v.ronde(&r, &rapporten, &quotumreeks)
                .unwrap_or_else(|e| unreachable!("{e:?}"))
        };
        assert!(ronde(&mut v), "the first round computes");
        assert!(!ronde(&mut v), "nothing changed");
        lever(
            &mut schrijver,
            "R1",
            "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2016-01-01\n",
        );
        assert!(ronde(&mut v), "a delivery changed the register");
        let (bekend, ontbrekend) = quotumreeks
            .bekend(&r, 2025..=2025)
            .unwrap_or_else(|e| unreachable!("{e:?}"));
        assert!(bekend.contains_key(&2025) && ontbrekend.is_empty());
        assert!(!ronde(&mut v));
    }
}
