//! Notices to the person of a new registration (Wfsv art. 38d lid 8; issue #14): every new
//! registration — by delivery, by staff action or by request — has a notice record made in the
//! transaction that records it. The letter and the message on the Mijn pages are made from it;
//! `dgr kwaliteit` lists registrations without one. This is the storage contract; the rule that
//! makes a notice lives in `dgr-register` (its one write path for registrations).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use dgr_core::Bsn;

use crate::Resultaat;

/// One notice: which registration it announces (as first recorded: its grondslag and
/// ingangsdatum) and when it was made.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Kennisgeving {
    /// Id (the letter's kenmerk).
    pub id: i64,
    /// The registration it announces.
    pub registratie_id: i64,
    /// The person (never serialised).
    #[serde(skip)]
    pub bsn: Bsn,
    /// The grondslag of the registration's first version.
    pub grondslag: String,
    /// The ingangsdatum of the registration's first version.
    pub ingangsdatum: NaiveDate,
    /// When the notice was made (UTC; the registration's transaction time).
    pub gemaakt_op: DateTime<Utc>,
    /// The first version's einddatum: a registration recorded after it ended (historical data)
    /// is announced with its end.
    pub einddatum: Option<NaiveDate>,
}

/// Reads of notices.
pub trait KennisgevingLezer {
    /// A person's notices, newest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn kennisgevingen_van(&self, bsn: Bsn) -> Resultaat<Vec<Kennisgeving>>;

    /// The notices made in `[van, tot)`, oldest first (the letters of a day).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn kennisgevingen_tussen(
        &self,
        van: DateTime<Utc>,
        tot: DateTime<Utc>,
    ) -> Resultaat<Vec<Kennisgeving>>;

    /// Registrations (id and person) that have no notice, oldest first: none should exist
    /// (one withdrawn in the transaction that added it is not announced and not listed).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn registraties_zonder_kennisgeving(&self) -> Resultaat<Vec<(i64, Bsn)>>;
}

/// Writes of notices, inside a [`crate::Transactie`].
pub trait KennisgevingSchrijver {
    /// Records the notice of the new registration `registratie_id` of `bsn`, made at `tijd`.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn maak_kennisgeving(
        &mut self,
        registratie_id: i64,
        bsn: Bsn,
        tijd: DateTime<Utc>,
    ) -> Resultaat<()>;
}
