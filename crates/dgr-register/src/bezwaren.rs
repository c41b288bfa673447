//! R-16 bezwaren: lodging one (the decision and its effect are
//! [`Register::voer_bezwaar_uit`]). The term rule is `dgr_core::bezwaar`; the storage is
//! [`dgr_store::bezwaren`].

use dgr_store::bezwaren::NieuwBezwaar;

use crate::{Register, RegisterFout};

/// R-16's dates against each other: a bezwaar cannot be lodged before its decision.
///
/// # Errors
/// [`RegisterFout::Ongeldig`] with the message for the form.
pub fn controleer_datums(
    besluitdatum: chrono::NaiveDate,
    ingediend_op: chrono::NaiveDate,
) -> Result<(), RegisterFout> {
    if ingediend_op < besluitdatum {
        return Err(RegisterFout::Ongeldig(format!(
            "Het bezwaar is ingediend op {}, vóór de datum van het besluit ({}). Een bezwaar \
             kan pas na het besluit komen: controleer beide datums.",
            ingediend_op.format("%d-%m-%Y"),
            besluitdatum.format("%d-%m-%Y")
        )));
    }
    Ok(())
}

impl Register {
    /// Records a lodged bezwaar; returns its id. A late one is recorded too (staff decide it
    /// NIET_ONTVANKELIJK); `dgr_core::bezwaar::tijdig` tells. One lodged before its decision
    /// is refused: that date pair cannot be right (R-16's term starts at the decision).
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] when `ingediend_op` lies before `besluitdatum`;
    /// [`RegisterFout::Store`].
    pub fn registreer_bezwaar(&mut self, b: &NieuwBezwaar<'_>) -> Result<i64, RegisterFout> {
        controleer_datums(b.besluitdatum, b.ingediend_op)?;
        let mut tx = self.store.transactie()?;
        let id = tx.registreer_bezwaar(b)?;
        tx.commit()?;
        Ok(id)
    }
}

impl Register {
    /// The person's bezwaren still open, oldest first: a second bezwaar for the same person is
    /// asked to be confirmed (a person can object to two decisions, but a second one is more
    /// often the same letter recorded twice).
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn open_bezwaren_van(
        &self,
        bsn: dgr_core::Bsn,
    ) -> Result<Vec<dgr_store::bezwaren::Bezwaar>, RegisterFout> {
        Ok(self
            .store
            .bezwaren_van(bsn)?
            .into_iter()
            .filter(|b| b.status == "OPEN")
            .collect())
    }

    /// Whether the BRP data of the person are known now (a current person version), the
    /// condition the quality report checks for every registration.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn heeft_persoonsgegevens(&self, bsn: dgr_core::Bsn) -> Result<bool, RegisterFout> {
        Ok(self
            .store
            .persoon_versies(bsn)?
            .iter()
            .any(|v| v.vervallen_op.is_none()))
    }
}
