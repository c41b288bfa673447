//! The dashboards' reports kept in memory (issue #13 goal 4: pages under 300 ms on a national
//! register): the banenmonitor of a year with its series since the nulmeting, the regional trend
//! of a quarter, the register's size and flows up to a quarter and an employer's
//! werkgeversmonitor take seconds to compute, but
//! their figures change only when the register does. Each is computed once per state of the
//! register — its last transaction time — and kept until that moves, like the quota in
//! [`crate::quotumreeks`]. Figures as known "now" equal those as known at the last transaction
//! time (nothing was recorded in between), so a kept report is exactly what a fresh computation
//! would give; its provenance names the moment it was computed. (A delivery given an
//! explicit transaction time equal to the last one — only `dgr import` with a set time can do
//! that — is not noticed until the next change; the quota reports share this.)
//!
//! [`Rapportcache::warm`] computes the default views (last year, last complete quarter); the
//! server calls it in the background at start and after every change of the register
//! ([`crate::voorberekening`]), so the first analyst does not wait. A view asked before that
//! round ends, or one that is not a default view, computes its report (seconds) and keeps it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use dgr_register::Register;
use dgr_reports::banenmonitor::{self, Banenmonitor};
use dgr_reports::omvang::{self, Kwartaalomvang};
use dgr_reports::trend::{self, Kwartaal, Trend};
use dgr_reports::werkgeversmonitor::{self, Monitorrapport};

use crate::fout::ApiFout;

/// The most reports kept per kind: past it, the kind starts afresh (a bound on memory when many
/// quarters or organisations are asked for between two deliveries).
pub(crate) const MAX_PER_SOORT: usize = 64;

/// The kept reports, valid for one state of the register.
#[derive(Default)]
pub struct Rapportcache {
    binnen: Mutex<Binnen>,
}

#[derive(Default)]
struct Binnen {
    /// The register's last transaction time the reports were computed on.
    stand: Option<DateTime<Utc>>,
    banenmonitor: HashMap<i32, Arc<Banenmonitor>>,
    trend: HashMap<Kwartaal, Arc<Trend>>,
    omvang: HashMap<Kwartaal, Arc<Vec<Kwartaalomvang>>>,
    werkgeversmonitor: HashMap<(dgr_core::FiscaalNummer, Vec<Kwartaal>), Arc<Vec<Monitorrapport>>>,
}

impl Rapportcache {
    fn binnen(&self) -> Result<std::sync::MutexGuard<'_, Binnen>, ApiFout> {
        self.binnen
            .lock()
            .map_err(|_| ApiFout::Intern("rapportcache vergrendeld".into()))
    }

    /// The kept value of `sleutel` in the map `kies` picks, or `maak`'s, kept when the register
    /// did not change meanwhile (seconds on a national register: call on the blocking pool).
    fn haal<K: Eq + Hash, V>(
        &self,
        r: &Register,
        kies: fn(&mut Binnen) -> &mut HashMap<K, Arc<V>>,
        sleutel: K,
        maak: impl FnOnce(&Register) -> Result<V, ApiFout>,
    ) -> Result<Arc<V>, ApiFout> {
        let stand = r.store().laatste_transactietijd()?;
        {
            let mut b = self.binnen()?;
            if b.stand != stand {
                *b = Binnen {
                    stand,
                    ..Binnen::default()
                };
            }
            if let Some(v) = kies(&mut b).get(&sleutel) {
                return Ok(v.clone());
            }
        }
        let v = Arc::new(maak(r)?);
        let mut b = self.binnen()?;
        if b.stand == stand {
            let kaart = kies(&mut b);
            if kaart.len() >= MAX_PER_SOORT {
                kaart.clear();
            }
            kaart.insert(sleutel, v.clone());
        }
        Ok(v)
    }

    /// The banenmonitor of `jaar` with its series, as known now.
    ///
    /// # Errors
    /// [`ApiFout`] when the report cannot be made.
    pub fn banenmonitor(&self, r: &Register, jaar: i32) -> Result<Arc<Banenmonitor>, ApiFout> {
        self.haal(
            r,
            |b| &mut b.banenmonitor,
            jaar,
            |r| {
                Ok(banenmonitor::maak(
                    r.store(),
                    r.referentie(),
                    jaar,
                    r.klok().nu(),
                    true,
                )?)
            },
        )
    }

    /// The regional trend of `kwartaal`, as known now.
    ///
    /// # Errors
    /// [`ApiFout`] when the report cannot be made.
    pub fn trend(&self, r: &Register, kwartaal: Kwartaal) -> Result<Arc<Trend>, ApiFout> {
        self.haal(
            r,
            |b| &mut b.trend,
            kwartaal,
            |r| {
                Ok(trend::maak(
                    r.store(),
                    r.referentie(),
                    kwartaal,
                    r.klok().nu(),
                )?)
            },
        )
    }

    /// The register's size and flows per quarter from 2013 up to `kwartaal`, as known now.
    ///
    /// # Errors
    /// [`ApiFout`] when the report cannot be made.
    pub fn omvang(
        &self,
        r: &Register,
        kwartaal: Kwartaal,
    ) -> Result<Arc<Vec<Kwartaalomvang>>, ApiFout> {
        self.haal(
            r,
            |b| &mut b.omvang,
            kwartaal,
            |r| {
                Ok(omvang::maak(
                    r.store(),
                    r.referentie(),
                    omvang::EERSTE_KWARTAAL,
                    kwartaal,
                    r.klok().nu(),
                )?)
            },
        )
    }

    /// The werkgeversmonitor (R-42..R-44) of `organisatie` for each of `kwartalen`, as known
    /// now. The organisation's goals are not part of it (they are read per page).
    ///
    /// # Errors
    /// [`ApiFout`] when the report cannot be made (e.g. a quarter without figures yet).
    pub fn werkgeversmonitor(
        &self,
        r: &Register,
        organisatie: dgr_core::FiscaalNummer,
        kwartalen: Vec<Kwartaal>,
    ) -> Result<Arc<Vec<Monitorrapport>>, ApiFout> {
        let lijst = kwartalen.clone();
        self.haal(
            r,
            |b| &mut b.werkgeversmonitor,
            (organisatie, kwartalen),
            |r| {
                Ok(werkgeversmonitor::maak_meerdere(
                    r.store(),
                    r.referentie(),
                    organisatie,
                    &lijst,
                    r.klok().nu(),
                )?)
            },
        )
    }

    /// Computes the dashboards' default views — the banenmonitor of last year, the trend and the
    /// size series of the last complete quarter — unless kept already. Failures are logged (a
    /// page then computes its own).
    pub fn warm(&self, r: &Register) {
        let vandaag = r.klok().vandaag();
        let kwartaal = Kwartaal::van_datum(vandaag).vorige();
        let jaar = chrono::Datelike::year(&vandaag) - 1;
        let start = std::time::Instant::now();
        let uitslag = self
            .banenmonitor(r, jaar)
            .and(self.trend(r, kwartaal))
            .and(self.omvang(r, kwartaal));
        match uitslag {
            Ok(_) => tracing::info!(
                jaar,
                kwartaal = %kwartaal,
                ms = start.elapsed().as_millis() as u64,
                "dashboards voorberekend"
            ),
            Err(e) => tracing::warn!(fout = ?e, "dashboards niet voorberekend"),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use dgr_core::{Bron, LeveringSoort, Modus};
    use dgr_register::Aanlevering;
    use dgr_register::tijd::{Klok, parse_tijdstip};
    use dgr_store::testhulp::Testdatabase;

    /// Applies a registrations delivery of UWV with `inhoud` (also used by the tests of
    /// [`crate::voorberekening`]).
    pub(crate) fn lever(r: &mut Register, kenmerk: &str, inhoud: &str) {
        let a = Aanlevering {
            soort: LeveringSoort::Registraties,
            bron: Bron::Uwv,
            kenmerk: kenmerk.into(),
            gemeentecode: None,
            fiscaal_nummer: None,
            modus: Modus::Strict,
            geregistreerd_op: None,
            bestandsnaam: "r.csv".into(),
            inhoud: inhoud.as_bytes(),
        };
        r.importeer(&a, &mut |_, _| {})
            .unwrap_or_else(|e| unreachable!("{e}"));
    }

    /// A kept report is the same object while the register is unchanged, and a delivery makes
    /// the next view compute it again with the new figures (the trend's persons: 1, then 2).
    #[test]
    fn bewaard_tot_het_register_verandert() {
        let db = Testdatabase::sqlite();
        let klok = Klok::vanaf(
            parse_tijdstip("2026-11-20T12:00:00+01:00").unwrap_or_else(|e| unreachable!("{e}")),
        );
        let mut r =
            Register::open_database(&db.database, klok).unwrap_or_else(|e| unreachable!("{e}"));
        lever(
            &mut r,
            "R1",
            "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2016-01-01\n",
        );
        let cache = Rapportcache::default();
        let k = Kwartaal::parse("2026-K3").unwrap_or_else(|e| unreachable!("{e}"));
        let eerste = cache.trend(&r, k).unwrap_or_else(|e| unreachable!("{e:?}"));
        let tweede = cache.trend(&r, k).unwrap_or_else(|e| unreachable!("{e:?}"));
        assert!(Arc::ptr_eq(&eerste, &tweede));
        assert_eq!(eerste.totaal.personen, 1);
        lever(
            &mut r,
            "R2",
            "bsn;grondslag;mutatie;ingangsdatum\n123456782;PW_IBA;OPVOER;2017-01-01\n",
        );
        let na = cache.trend(&r, k).unwrap_or_else(|e| unreachable!("{e:?}"));
        assert!(!Arc::ptr_eq(&eerste, &na));
        assert_eq!(na.totaal.personen, 2);
    }
}
