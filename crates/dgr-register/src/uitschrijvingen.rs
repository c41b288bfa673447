//! R-15 uitschrijving: a citizen asks to leave the register; UWV informs the current employers
//! (polis rows in the last 3 months), gives them [`BEZWAARTERMIJN_DAGEN`] days to object
//! (**project decision**), and decides within 8 weeks (requests older than
//! [`URGENT_NA_DAGEN`] days are shown as urgent). A grant ends every registration per the
//! decision date (R-11, reason UITSCHRIJVING) in the same transaction as the decision.
//!
//! The handlers (API and web) call these; the storage is [`dgr_store::uitschrijvingen`].

use std::collections::BTreeSet;

use chrono::{Days, Months, NaiveDate};

use dgr_core::Bsn;
use dgr_store::Besluit;
use dgr_store::uitschrijvingen::Uitschrijving;

use crate::{Register, RegisterFout};

/// Days the employers get to object (R-15, **project decision**).
pub const BEZWAARTERMIJN_DAGEN: u64 = 14;
/// A request older than this many days is urgent (R-15: decide within 8 weeks; flag at 6).
pub const URGENT_NA_DAGEN: i64 = 42;
/// An employer is current when it paid the person in the last this many months.
pub const HUIDIGE_WERKGEVER_MAANDEN: u32 = 3;

/// Whether a request made on `aangevraagd_op` is urgent on `vandaag` (more than 6 weeks old).
pub fn is_urgent(aangevraagd_op: NaiveDate, vandaag: NaiveDate) -> bool {
    (vandaag - aangevraagd_op).num_days() > URGENT_NA_DAGEN
}

/// The end of the objection window of employers informed on `vandaag`: the request can be
/// granted from that day on.
pub fn bezwaar_tot(vandaag: NaiveDate) -> NaiveDate {
    vandaag
        .checked_add_days(Days::new(BEZWAARTERMIJN_DAGEN))
        .unwrap_or(vandaag)
}

/// The first day of the period whose polis rows make an employer current on `vandaag`.
pub fn huidig_sinds(vandaag: NaiveDate) -> NaiveDate {
    vandaag
        .checked_sub_months(Months::new(HUIDIGE_WERKGEVER_MAANDEN))
        .unwrap_or(vandaag)
}

/// The outcome of informing the employers of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Informeren {
    /// No such request.
    NietGevonden,
    /// The request is not open (informed before, or decided).
    NietOpen,
    /// Informed: the employers' names (lhn where no name is known), and the end of their
    /// objection window (today when there is no current employer: nobody can object).
    Geinformeerd {
        /// Names of the current employers.
        werkgevers: Vec<String>,
        /// Last day of the objection window.
        bezwaar_tot: NaiveDate,
    },
}

/// The outcome of granting a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toewijzing {
    /// No such request.
    NietGevonden,
    /// Decided before.
    NietOpen,
    /// The employers must be informed first.
    EerstInformeren,
    /// The employers' objection window runs until this day.
    BezwaartermijnLoopt(NaiveDate),
    /// Granted: this many registrations were ended per the decision date.
    Toegewezen(u64),
}

impl Register {
    /// Records a citizen's request today (or returns the open one).
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn vraag_uitschrijving(&mut self, bsn: Bsn) -> Result<i64, RegisterFout> {
        let vandaag = self.klok.vandaag();
        let mut tx = self.store.transactie()?;
        let id = tx.vraag_uitschrijving(bsn, vandaag)?;
        tx.commit()?;
        Ok(id)
    }

    /// The person's current employers on `vandaag`: every employer (the inlener where
    /// the row names one) of a polis row, as known now, whose tijdvak ends on or after
    /// [`huidig_sinds`]; by name where the employer data know one, else by lhn.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn huidige_werkgevers(
        &self,
        bsn: Bsn,
        vandaag: NaiveDate,
    ) -> Result<Vec<String>, RegisterFout> {
        let nu = self.klok.nu();
        let sinds = huidig_sinds(vandaag);
        let lhns: BTreeSet<_> = self
            .store
            .polis_van(bsn, nu)?
            .into_iter()
            .filter(|p| p.tijdvak_einde >= sinds)
            .map(|p| p.inlener.unwrap_or(p.loonheffingennummer))
            .collect();
        if lhns.is_empty() {
            return Ok(Vec::new());
        }
        let werkgevers = self.store.werkgevers_op(nu)?;
        Ok(lhns
            .iter()
            .map(|l| {
                werkgevers
                    .iter()
                    .find(|w| w.loonheffingennummer == *l)
                    .map_or_else(|| l.to_string(), |w| w.naam.clone())
            })
            .collect())
    }

    /// Informs the current employers of request `id` today and opens their objection window.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn informeer_werkgevers(&mut self, id: i64) -> Result<Informeren, RegisterFout> {
        let vandaag = self.klok.vandaag();
        let Some(u) = self.store.uitschrijving(id)? else {
            return Ok(Informeren::NietGevonden);
        };
        let werkgevers = self.huidige_werkgevers(u.bsn, vandaag)?;
        let tot = if werkgevers.is_empty() {
            vandaag
        } else {
            bezwaar_tot(vandaag)
        };
        let lijst = if werkgevers.is_empty() {
            "geen huidige werkgever".to_string()
        } else {
            werkgevers.join(", ")
        };
        let mut tx = self.store.transactie()?;
        if !tx.werkgevers_geinformeerd(id, &lijst, tot)? {
            return Ok(Informeren::NietOpen);
        }
        tx.commit()?;
        Ok(Informeren::Geinformeerd {
            werkgevers,
            bezwaar_tot: tot,
        })
    }

    /// Records an employer's objection against request `id`; `false` unless the employers were
    /// informed and no decision was taken.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn bezwaar_tegen_uitschrijving(
        &mut self,
        id: i64,
        tekst: &str,
    ) -> Result<bool, RegisterFout> {
        let mut tx = self.store.transactie()?;
        let ok = tx.bezwaar_tegen_uitschrijving(id, tekst)?;
        tx.commit()?;
        Ok(ok)
    }

    /// Refuses request `id` today with `reden`; `false` when it was no longer open.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn wijs_uitschrijving_af(
        &mut self,
        id: i64,
        reden: &str,
        wie: &str,
    ) -> Result<bool, RegisterFout> {
        let vandaag = self.klok.vandaag();
        let mut tx = self.store.transactie()?;
        let ok = tx.wijs_uitschrijving_af(id, vandaag, reden, wie)?;
        tx.commit()?;
        Ok(ok)
    }

    /// Grants request `id` today once the employers were informed and their objection window
    /// has passed: ends every registration (R-11, UITSCHRIJVING) with the decision in one
    /// transaction.
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure; [`RegisterFout::Aanlevering`] when the request was
    /// decided meanwhile (nothing is written then).
    pub fn wijs_uitschrijving_toe(
        &mut self,
        id: i64,
        wie: &str,
    ) -> Result<Toewijzing, RegisterFout> {
        let vandaag = self.klok.vandaag();
        let Some(u) = self.store.uitschrijving(id)? else {
            return Ok(Toewijzing::NietGevonden);
        };
        if let Some(t) = toewijsbaar(&u, vandaag) {
            return Ok(t);
        }
        let n = self.beeindig_persoon(
            u.bsn,
            vandaag,
            "UITSCHRIJVING",
            &format!("uitschrijving {id} ({wie})"),
            Some(&Besluit::UitschrijvingToegewezen {
                id,
                op: vandaag,
                wie,
            }),
        )?;
        Ok(Toewijzing::Toegewezen(n))
    }

    /// Sets the citizen's `herkenbaar` preference for the Kandidatenverkenner.
    ///
    /// # Errors
    /// [`RegisterFout::Store`].
    pub fn zet_herkenbaar(&mut self, bsn: Bsn, herkenbaar: bool) -> Result<(), RegisterFout> {
        let nu = self.klok.nu();
        let mut tx = self.store.transactie()?;
        tx.zet_herkenbaar(bsn, herkenbaar, nu)?;
        tx.commit()?;
        Ok(())
    }
}

/// Why request `u` cannot be granted on `vandaag`, or `None` when it can.
pub fn toewijsbaar(u: &Uitschrijving, vandaag: NaiveDate) -> Option<Toewijzing> {
    use dgr_store::uitschrijvingen::status;
    if !u.is_open() {
        return Some(Toewijzing::NietOpen);
    }
    if u.status == status::OPEN {
        return Some(Toewijzing::EerstInformeren);
    }
    u.bezwaar_tot
        .filter(|t| *t > vandaag)
        .map(Toewijzing::BezwaartermijnLoopt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
    }

    #[test]
    fn een_verzoek_is_urgent_na_zes_weken() {
        // 6 weeks = 42 days: 2026-01-01 + 42 days = 2026-02-12 is not yet urgent, 02-13 is
        assert!(!is_urgent(d(2026, 1, 1), d(2026, 2, 12)));
        assert!(is_urgent(d(2026, 1, 1), d(2026, 2, 13)));
    }

    #[test]
    fn de_bezwaartermijn_is_twee_weken_en_huidig_is_drie_maanden() {
        // 2026-12-02 + 14 days = 2026-12-16; 3 months back = 2026-09-02
        assert_eq!(bezwaar_tot(d(2026, 12, 2)), d(2026, 12, 16));
        assert_eq!(huidig_sinds(d(2026, 12, 2)), d(2026, 9, 2));
        // month end: 2026-05-31 minus 3 months clamps to 2026-02-28
        assert_eq!(huidig_sinds(d(2026, 5, 31)), d(2026, 2, 28));
    }
}
