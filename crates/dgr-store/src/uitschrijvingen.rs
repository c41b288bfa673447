//! R-15 uitschrijvingen: a citizen's request to leave the register, the employers' notice and
//! objection window, UWV's decision; and the citizen's `herkenbaar` preference for the
//! Kandidatenverkenner. The rules (who is informed, when a request may be granted) live
//! in `dgr-register`'s `uitschrijvingen` module; this is their storage contract.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use dgr_core::Bsn;

use crate::Resultaat;

/// The states of a request, as stored.
pub mod status {
    /// Received, employers not yet informed.
    pub const OPEN: &str = "OPEN";
    /// Employers informed; their objection window runs until `bezwaar_tot`.
    pub const WERKGEVERS_GEINFORMEERD: &str = "WERKGEVERS_GEINFORMEERD";
    /// Granted: the registrations were ended.
    pub const TOEGEWEZEN: &str = "TOEGEWEZEN";
    /// Refused, with a reason.
    pub const AFGEWEZEN: &str = "AFGEWEZEN";
}

/// One request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Uitschrijving {
    /// Id.
    pub id: i64,
    /// The citizen (staff views only).
    #[serde(skip)]
    pub bsn: Bsn,
    /// Date of the request.
    pub aangevraagd_op: NaiveDate,
    /// One of [`status`].
    pub status: String,
    /// The employers informed (names or lhn), comma-separated.
    pub werkgevers: Option<String>,
    /// End of the employers' objection window (inclusive).
    pub bezwaar_tot: Option<NaiveDate>,
    /// An employer's objection.
    pub bezwaar_werkgever: Option<String>,
    /// Decision date.
    pub besluit_op: Option<NaiveDate>,
    /// Reason of a refusal.
    pub reden: Option<String>,
    /// Who decided.
    pub behandelaar: Option<String>,
}

impl Uitschrijving {
    /// Whether the request still waits for a decision.
    pub fn is_open(&self) -> bool {
        self.status == status::OPEN || self.status == status::WERKGEVERS_GEINFORMEERD
    }
}

/// Reads of R-15 requests and preferences.
pub trait UitschrijvingLezer {
    /// A citizen's requests, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn uitschrijvingen_van(&self, bsn: Bsn) -> Resultaat<Vec<Uitschrijving>>;

    /// The open work queue (not yet decided), oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn open_uitschrijvingen(&self) -> Resultaat<Vec<Uitschrijving>>;

    /// One request.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn uitschrijving(&self, id: i64) -> Resultaat<Option<Uitschrijving>>;

    /// The decided requests that match `vraag`, newest decision first, one page of them.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn afgehandelde_uitschrijvingen(
        &self,
        vraag: &crate::Geschiedenisvraag,
    ) -> Resultaat<crate::Bladzijde<Uitschrijving>>;

    /// The citizen's `herkenbaar` preference, if set.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn herkenbaar(&self, bsn: Bsn) -> Resultaat<Option<bool>>;
}

/// Writes of R-15, inside a [`crate::Transactie`].
pub trait UitschrijvingSchrijver {
    /// Records a request on `op` unless one is still open; returns the id of the open one.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn vraag_uitschrijving(&mut self, bsn: Bsn, op: NaiveDate) -> Resultaat<i64>;

    /// Records that the employers were informed, with the end of their objection window;
    /// `false` when the request was not [`status::OPEN`].
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn werkgevers_geinformeerd(
        &mut self,
        id: i64,
        werkgevers: &str,
        bezwaar_tot: NaiveDate,
    ) -> Resultaat<bool>;

    /// Records an employer's objection; `false` unless the employers were informed and no
    /// decision was taken.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn bezwaar_tegen_uitschrijving(&mut self, id: i64, tekst: &str) -> Resultaat<bool>;

    /// Records a refusal; `false` when the request was no longer open. (A grant is recorded
    /// with the ended registrations through [`crate::Transactie::leg_besluit_vast`].)
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn wijs_uitschrijving_af(
        &mut self,
        id: i64,
        op: NaiveDate,
        reden: &str,
        wie: &str,
    ) -> Resultaat<bool>;

    /// Sets the citizen's `herkenbaar` preference at `tijd`.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn zet_herkenbaar(&mut self, bsn: Bsn, herkenbaar: bool, tijd: DateTime<Utc>) -> Resultaat<()>;
}
