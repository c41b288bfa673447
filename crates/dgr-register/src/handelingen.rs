//! Staff actions that change registrations (R-05: the version names the action as its cause).

use chrono::NaiveDate;

use dgr_core::Bsn;
use dgr_core::bezwaar::{self, Uitkomst};
use dgr_core::registratie::{Einde, MutatieSoort, Oorzaak, RegistratieMutatie};
use dgr_store::{Besluit, BezwaarBesluit, Transactie};

use crate::levering::{laad_werkset, schrijf_werkset};
use crate::{Register, RegisterFout};

impl Register {
    /// Ends every registration of the person open on `einddatum` for a person-level `reden`
    /// (R-11; e.g. UITSCHRIJVING after a granted request, R-15), recorded with `handeling` as
    /// the cause, and `besluit` (the decision that causes it) in the same transaction. Returns
    /// the number of registrations that changed (0 when none was open).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure or an unknown or registration-level reason;
    /// [`RegisterFout::Aanlevering`] when the decided request was no longer open (nothing is
    /// written then).
    pub fn beeindig_persoon(
        &mut self,
        bsn: Bsn,
        einddatum: NaiveDate,
        reden: &str,
        handeling: &str,
        besluit: Option<&Besluit<'_>>,
    ) -> Result<u64, RegisterFout> {
        let niveau = self.referentie.reden(reden).map(|r| r.niveau);
        if niveau != Some(dgr_core::referentie::Niveau::Persoon) {
            return Err(RegisterFout::Aanlevering(format!(
                "{reden} is geen reden voor een persoonsbreed einde"
            )));
        }
        let referentie = self.referentie.clone();
        let nu = self.klok.nu();
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
            leg_besluit_vast(tx.as_mut(), besluit)?;
            tx.commit()?;
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
        )?
        .versies;
        leg_besluit_vast(tx.as_mut(), besluit)?;
        tx.commit()?;
        tracing::info!(
            gewijzigd = n,
            reden,
            "registraties beëindigd door een handeling"
        );
        Ok(n)
    }
}

impl Register {
    /// Applies one registration mutation as a staff action, recorded with `handeling` as the
    /// cause of the new version, together with the decision that causes it (if any), in
    /// one transaction. Without a mutation only the decision is recorded. Returns the number of
    /// registrations that changed.
    ///
    /// # Errors
    /// [`RegisterFout::Aanlevering`] when the mutation does not apply (e.g. nothing to withdraw,
    /// or an overlap, R-10) or the decided request was no longer open: nothing is written then;
    /// [`RegisterFout`] on storage failure.
    pub fn wijzig_door_handeling(
        &mut self,
        m: Option<&RegistratieMutatie>,
        handeling: &str,
        besluit: Option<&Besluit<'_>>,
    ) -> Result<u64, RegisterFout> {
        let referentie = self.referentie.clone();
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        let mut n = 0;
        if let Some(m) = m {
            let mut w = laad_werkset(tx.as_mut(), m.bsn, &referentie)?;
            w.pas_toe(m, &referentie)
                .map_err(|e| RegisterFout::Aanlevering(e.to_string()))?;
            n = schrijf_werkset(
                tx.as_mut(),
                &w,
                nu,
                &Oorzaak::Handeling(handeling.to_string()),
            )?
            .versies;
        }
        leg_besluit_vast(tx.as_mut(), besluit)?;
        tx.commit()?;
        tracing::info!(gewijzigd = n, "registratie gewijzigd door een handeling");
        Ok(n)
    }

    /// Carries out the decision on a bezwaar against a beoordeling arbeidsvermogen and
    /// records it with its effect in one transaction: a founded one adds or withdraws
    /// a PW_IBA registration, decided on the decision's date; the others change nothing
    /// in the register. Returns the number of registrations changed.
    ///
    /// # Errors
    /// As [`Register::wijzig_door_handeling`].
    pub fn voer_bezwaar_uit(
        &mut self,
        bsn: Bsn,
        besluit: BezwaarBesluit<'_>,
        handeling: &str,
    ) -> Result<u64, RegisterFout> {
        let (ingangsdatum, soort) = match besluit.uitkomst {
            Uitkomst::GegrondOpvoer { ingangsdatum } => {
                // a registration of a person the BRP does not know is what the quality report
                // flags ("registratie zonder persoonsgegevens"): not created by a decision
                if !self.heeft_persoonsgegevens(bsn)? {
                    return Err(RegisterFout::Ongeldig(ZONDER_BRP.into()));
                }
                (ingangsdatum, MutatieSoort::Opvoer { einde: None })
            }
            Uitkomst::GegrondIntrekking { ingangsdatum } => {
                (ingangsdatum, MutatieSoort::Intrekking)
            }
            Uitkomst::Ongegrond | Uitkomst::NietOntvankelijk => {
                return self.wijzig_door_handeling(
                    None,
                    handeling,
                    Some(&Besluit::Bezwaar(besluit)),
                );
            }
        };
        let m = RegistratieMutatie {
            bsn,
            grondslag: bezwaar::GRONDSLAG.to_string(),
            ingangsdatum,
            soort,
            loonwaarde_pct: None,
            besluitdatum: Some(besluit.op),
            bron_kenmerk: None,
        };
        self.wijzig_door_handeling(Some(&m), handeling, Some(&Besluit::Bezwaar(besluit)))
    }
}

/// Why a founded bezwaar cannot add a registration for a person without BRP data.
pub const ZONDER_BRP: &str = "Van deze persoon zijn geen persoonsgegevens uit de BRP bekend. \
    Een registratie opvoeren kan pas als die er zijn; anders staat er een registratie zonder \
    persoonsgegevens in het register. Het bezwaar blijft open.";

/// Records the decision (if any) in the open transaction; an already decided request makes the
/// whole transaction fail.
fn leg_besluit_vast(
    tx: &mut dyn Transactie,
    besluit: Option<&Besluit<'_>>,
) -> Result<(), RegisterFout> {
    match besluit {
        Some(b) if !tx.leg_besluit_vast(b)? => Err(RegisterFout::Aanlevering(
            "dit verzoek is intussen al beslist".into(),
        )),
        _ => Ok(()),
    }
}
