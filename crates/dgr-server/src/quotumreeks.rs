//! The yearly quota reports (R-30 … R-34) kept in memory for the employers' portal. One report
//! covers every employer, so the first employer who asks for a year computes it for all of them
//! and the others read it. A report is kept until the register changes (its last transaction
//! time moves), so figures never lag behind a delivery.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use dgr_register::Register;
use dgr_register::tijd::Klok;
use dgr_reports::quotum::{self, Quotumrapport};

use crate::fout::ApiFout;

/// Reports per year.
pub type Jaren = BTreeMap<i32, Arc<Quotumrapport>>;

/// The kept reports per year, valid for one state of the register.
#[derive(Default)]
pub struct Quotumreeks {
    binnen: Mutex<Binnen>,
}

#[derive(Default)]
struct Binnen {
    /// The register's last transaction time the reports were computed on.
    stand: Option<DateTime<Utc>>,
    jaren: Jaren,
    /// A background computation of missing years is running.
    bezig: bool,
}

impl Quotumreeks {
    fn binnen(&self) -> Result<std::sync::MutexGuard<'_, Binnen>, ApiFout> {
        self.binnen
            .lock()
            .map_err(|_| ApiFout::Intern("quotumreeks vergrendeld".into()))
    }

    /// Forgets every report when the register changed since they were computed.
    fn bij_de_stand(&self, r: &Register) -> Result<Option<DateTime<Utc>>, ApiFout> {
        let stand = r.store().laatste_transactietijd()?;
        let mut b = self.binnen()?;
        if b.stand != stand {
            b.jaren.clear();
            b.stand = stand;
        }
        Ok(stand)
    }

    /// The report of `jaar` for every employer, computed now when not kept (seconds on a
    /// national register: call it on the blocking pool).
    ///
    /// # Errors
    /// [`ApiFout`] when the report cannot be made.
    pub fn jaar(&self, r: &Register, jaar: i32) -> Result<Arc<Quotumrapport>, ApiFout> {
        let stand = self.bij_de_stand(r)?;
        if let Some(q) = self.binnen()?.jaren.get(&jaar) {
            return Ok(q.clone());
        }
        let q = Arc::new(quotum::maak(
            r.store(),
            r.referentie(),
            jaar,
            None,
            r.klok().nu(),
        )?);
        let mut b = self.binnen()?;
        if b.stand == stand {
            b.jaren.insert(jaar, q.clone());
        }
        Ok(q)
    }

    /// The kept reports of `jaren` and the years not computed yet (no computation here).
    ///
    /// # Errors
    /// [`ApiFout`] on storage failure.
    pub fn bekend(
        &self,
        r: &Register,
        jaren: impl Iterator<Item = i32>,
    ) -> Result<(Jaren, Vec<i32>), ApiFout> {
        self.bij_de_stand(r)?;
        let b = self.binnen()?;
        let mut bekend = BTreeMap::new();
        let mut ontbrekend = Vec::new();
        for jaar in jaren {
            match b.jaren.get(&jaar) {
                Some(q) => {
                    bekend.insert(jaar, q.clone());
                }
                None => ontbrekend.push(jaar),
            }
        }
        Ok((bekend, ontbrekend))
    }

    /// Computes the `ontbrekend` years one after another in the background on a connection of
    /// its own to `db` (never on the readers that answer lookups), with the register clock
    /// `klok`, unless such a computation is already running; pages show them once they are
    /// ready.
    pub fn bereken_op_achtergrond(
        self: &Arc<Self>,
        db: &dgr_store::Database,
        klok: Klok,
        ontbrekend: Vec<i32>,
    ) {
        let reeks = Arc::clone(self);
        match reeks.binnen() {
            Ok(mut b) if !b.bezig && !ontbrekend.is_empty() => b.bezig = true,
            _ => return,
        }
        // on a connection of its own: the readers stay free for lookups (one that makes the
        // report copies it finds stale, as the background round does)
        let db = db.clone();
        tokio::task::spawn_blocking(move || {
            let uitkomst = Register::open_voorberekenaar(&db, klok)
                .map_err(ApiFout::from)
                .and_then(|r| {
                    ontbrekend
                        .into_iter()
                        .try_for_each(|jaar| reeks.jaar(&r, jaar).map(drop))
                });
            if let Err(e) = uitkomst {
                tracing::warn!(fout = ?e, "quotum van de overige jaren niet berekend");
            }
            if let Ok(mut b) = reeks.binnen() {
                b.bezig = false;
            }
        });
    }
}
