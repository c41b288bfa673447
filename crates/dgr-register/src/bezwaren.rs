//! R-16 bezwaren: lodging one (the decision and its effect are
//! [`Register::voer_bezwaar_uit`]). The term rule is `dgr_core::bezwaar`; the storage is
//! [`dgr_store::bezwaren`].

use dgr_store::bezwaren::NieuwBezwaar;

use crate::{Register, RegisterFout};

impl Register {
    /// Records a lodged bezwaar; returns its id. A late one is recorded too (staff decide it
    /// NIET_ONTVANKELIJK); `dgr_core::bezwaar::tijdig` tells.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn registreer_bezwaar(&mut self, b: &NieuwBezwaar<'_>) -> Result<i64, RegisterFout> {
        let mut tx = self.store.transactie()?;
        let id = tx.registreer_bezwaar(b)?;
        tx.commit()?;
        Ok(id)
    }
}
