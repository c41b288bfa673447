//! Staff actions that change registrations (R-05: the version names the action as its cause).

use chrono::NaiveDate;

use dgr_core::Bsn;
use dgr_core::registratie::{Einde, MutatieSoort, Oorzaak, RegistratieMutatie};
use dgr_store::Store;

use crate::levering::{laad_werkset, schrijf_werkset};
use crate::{Register, RegisterFout, tijd};

impl<S: Store> Register<S> {
    /// Ends every registration of the person open on `einddatum` for a person-level `reden`
    /// (R-11; e.g. UITSCHRIJVING after a granted request, R-15), recorded with `handeling` as
    /// the cause. Returns the number of registrations that changed (0 when none was open).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure or an unknown or registration-level reason.
    pub fn beeindig_persoon(
        &mut self,
        bsn: Bsn,
        einddatum: NaiveDate,
        reden: &str,
        handeling: &str,
    ) -> Result<u64, RegisterFout> {
        let niveau = self.referentie.reden(reden).map(|r| r.niveau);
        if niveau != Some(dgr_core::referentie::Niveau::Persoon) {
            return Err(RegisterFout::Aanlevering(format!(
                "{reden} is geen reden voor een persoonsbreed einde"
            )));
        }
        let referentie = self.referentie.clone();
        let nu = tijd::nu();
        let mut tx = self.store.transactie()?;
        let mut w = laad_werkset(tx.as_mut(), bsn, &referentie)?;
        let open = w
            .registraties
            .iter()
            .find(|r| {
                !r.ingetrokken
                    && r.ingangsdatum < einddatum
                    && r.einde().is_none_or(|e| e.datum > einddatum)
            })
            .map(|r| (r.grondslag.clone(), r.ingangsdatum));
        let Some((grondslag, ingangsdatum)) = open else {
            return Ok(0);
        };
        let m = RegistratieMutatie {
            bsn,
            grondslag,
            ingangsdatum,
            soort: MutatieSoort::Einde(Einde {
                datum: einddatum,
                reden: reden.to_string(),
            }),
            loonwaarde_pct: None,
            besluitdatum: Some(einddatum),
            bron_kenmerk: None,
        };
        w.pas_toe(&m, &referentie)
            .map_err(|e| RegisterFout::Aanlevering(e.to_string()))?;
        let n = schrijf_werkset(
            tx.as_mut(),
            &w,
            nu,
            &Oorzaak::Handeling(handeling.to_string()),
        )?;
        tx.commit()?;
        tracing::info!(
            gewijzigd = n,
            reden,
            "registraties beëindigd door een handeling"
        );
        Ok(n)
    }
}
