//! The praktijkroute as a gemeente action (issue #14): the gemeente had the wage value of a
//! worker measured at the workplace (a *loonwaardebepaling*); a loonwaarde under 100% WML puts
//! the worker in the register with grondslag PRAKTIJKROUTE from the day of the measurement,
//! without a UWV assessment (R-10: 0 < loonwaarde_pct < 100). The registration is a staff action
//! whose cause names the measurement (employer, who measured, the municipality), in one
//! transaction with its notice to the person (Wfsv art. 38d lid 8). The same registration
//! delivered later by file — or recorded twice — is the R-10 no-op.

use chrono::NaiveDate;

use dgr_core::registratie::{MutatieSoort, RegistratieMutatie};
use dgr_core::{Bsn, Gemeentecode, Honderdsten, Loonheffingennummer};

use crate::{Register, RegisterFout};

/// The grondslag of the praktijkroute (`grondslagen.csv`).
pub const GRONDSLAG: &str = "PRAKTIJKROUTE";

/// One loonwaardebepaling as the gemeente records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loonwaardebepaling {
    /// The worker.
    pub bsn: Bsn,
    /// The employer at whose workplace the wage value was measured.
    pub werkgever: Loonheffingennummer,
    /// The day of the measurement: the registration's ingangsdatum.
    pub datum: NaiveDate,
    /// The wage value as a percentage of WML, in hundredths (R-10: strictly between 0 and 100).
    pub loonwaarde_pct: Honderdsten,
    /// Who measured it (the expert or bureau), as the gemeente names them.
    pub gemeten_door: String,
    /// The recording municipality.
    pub gemeente: Gemeentecode,
}

impl Loonwaardebepaling {
    /// The cause of the registration version, shown in Inkijk's history: no BSN.
    pub fn handeling(&self) -> String {
        format!(
            "loonwaardebepaling gemeente {}: werkgever {}, gemeten door {} op {}, loonwaarde {},{:02}%",
            self.gemeente,
            self.werkgever,
            self.gemeten_door,
            self.datum.format("%d-%m-%Y"),
            self.loonwaarde_pct.0 / 100,
            self.loonwaarde_pct.0 % 100
        )
    }
}

/// What recording a loonwaardebepaling did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vastgelegd {
    /// A new PRAKTIJKROUTE registration (with its notice).
    Nieuw,
    /// The same registration already existed (R-10 no-op): nothing changed.
    AlGeregistreerd,
}

impl Register {
    /// Records a loonwaardebepaling: the PRAKTIJKROUTE registration from its date, as a staff
    /// action of the gemeente, with its notice, in one transaction.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] when the person has no BRP data (a registration without
    /// person data would have no AOW end); [`RegisterFout::Aanlevering`] when R-10 refuses it
    /// (loonwaarde out of bounds, a start on or after the AOW date or after death, an overlap):
    /// nothing is written then; [`RegisterFout`] on storage failure.
    pub fn leg_loonwaardebepaling_vast(
        &mut self,
        b: &Loonwaardebepaling,
    ) -> Result<Vastgelegd, RegisterFout> {
        if !self.heeft_persoonsgegevens(b.bsn)? {
            return Err(RegisterFout::Ongeldig(ZONDER_BRP.into()));
        }
        let m = RegistratieMutatie {
            bsn: b.bsn,
            grondslag: GRONDSLAG.into(),
            ingangsdatum: b.datum,
            soort: MutatieSoort::Opvoer { einde: None },
            loonwaarde_pct: Some(b.loonwaarde_pct),
            besluitdatum: Some(b.datum),
            bron_kenmerk: None,
        };
        let n = self.wijzig_door_handeling(Some(&m), &b.handeling(), None)?;
        Ok(if n == 0 {
            Vastgelegd::AlGeregistreerd
        } else {
            Vastgelegd::Nieuw
        })
    }
}

/// The refusal for a person without BRP data.
pub const ZONDER_BRP: &str = "Van deze persoon zijn geen persoonsgegevens uit de BRP bekend. \
    Een registratie opvoeren kan pas als die er zijn.";
