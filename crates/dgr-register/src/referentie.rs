//! Loading a new reference-data version (`dgr referentie --map DIR`): validate it, make it the
//! active set, and recompute the AOW ends still in the future (R-12, case C19), with the new
//! version recorded as the cause.

use serde::Serialize;

use dgr_core::Referentie;
use dgr_core::registratie::{Oorzaak, Werkset, persoon_einde};

use crate::levering::schrijf_werkset;
use crate::{Register, RegisterFout, tijd};

/// What loading a reference set did.
#[derive(Debug, Clone, Serialize)]
pub struct ReferentieWissel {
    /// Previous version.
    pub oude_versie: String,
    /// New version.
    pub nieuwe_versie: String,
    /// Whether the version changed at all.
    pub gewijzigd: bool,
    /// Registrations whose derived end changed.
    pub herberekende_registraties: u64,
}

impl Register {
    /// Makes `nieuw` the active reference set. Registrations whose derived end has not passed
    /// yet (on today's date in Europe/Amsterdam) are recomputed with it.
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn laad_referentie(&mut self, nieuw: Referentie) -> Result<ReferentieWissel, RegisterFout> {
        let oude_versie = self.referentie.versie().to_string();
        if nieuw.versie() == oude_versie {
            return Ok(ReferentieWissel {
                nieuwe_versie: oude_versie.clone(),
                oude_versie,
                gewijzigd: false,
                herberekende_registraties: 0,
            });
        }
        let tijd = self.klok.nu();
        let vandaag = tijd::datum_van(tijd);
        let oorzaak = Oorzaak::Referentie(nieuw.versie().to_string());
        let mut tx = self.store.transactie()?;
        tx.activeer_referentie(nieuw.versie(), nieuw.bestanden(), tijd)?;
        let mut herberekend = 0;
        for bsn in tx.bsns_met_registraties()? {
            let Some(p) = tx.huidige_persoon(bsn)? else {
                continue;
            };
            let mut w = Werkset::new(bsn, None, tx.huidige_registraties(bsn)?);
            let einde = persoon_einde(Some(p.geboortedatum), p.overlijdensdatum, &nieuw);
            if w.herbereken_na_referentie(einde, vandaag) > 0 {
                herberekend += schrijf_werkset(tx.as_mut(), &w, tijd, &oorzaak)?.versies;
            }
        }
        tx.commit()?;
        tracing::info!(
            versie = nieuw.korte_versie(),
            herberekend,
            "referentiegegevens geladen"
        );
        let nieuwe_versie = nieuw.versie().to_string();
        self.referentie = nieuw;
        Ok(ReferentieWissel {
            oude_versie,
            nieuwe_versie,
            gewijzigd: true,
            herberekende_registraties: herberekend,
        })
    }
}
