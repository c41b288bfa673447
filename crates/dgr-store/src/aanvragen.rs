//! Requests to enter the register (issue #14): a *beoordeling arbeidsvermogen* asked by a
//! citizen or by a gemeente on a resident's behalf, and a school-leaver's request (voortgezet
//! speciaal onderwijs or praktijkonderwijs, VSO/PrO). UWV decides them; a positive decision adds
//! the registration (PW_IBA or VSO_PRO) as a staff action in the same transaction (see
//! [`crate::Besluit::Aanvraag`]). The rules live in `dgr-register`'s `aanvragen`; this is their
//! storage contract.

use chrono::NaiveDate;
use serde::Serialize;

use dgr_core::Bsn;

use crate::Resultaat;

/// The kinds of request, as stored.
pub mod soort {
    /// A beoordeling arbeidsvermogen (indicatie banenafspraak → PW_IBA).
    pub const BEOORDELING: &str = "BEOORDELING_ARBEIDSVERMOGEN";
    /// A former VSO/PrO pupil's request (→ VSO_PRO, without assessment).
    pub const VSO_PRO: &str = "VSO_PRO";
}

/// The states of a request, as stored.
pub mod status {
    /// Received, not decided.
    pub const OPEN: &str = "OPEN";
    /// Beoordeling: positive indicatie banenafspraak (PW_IBA registered).
    pub const POSITIEF: &str = "POSITIEF";
    /// Beoordeling: negative (the person can earn the minimum wage).
    pub const NEGATIEF: &str = "NEGATIEF";
    /// Beoordeling: duurzaam geen arbeidsvermogen (no registration through this route).
    pub const DGAV: &str = "DUURZAAM_GEEN_ARBEIDSVERMOGEN";
    /// VSO/PrO: confirmed against the school record (VSO_PRO registered).
    pub const BEVESTIGD: &str = "BEVESTIGD";
    /// VSO/PrO: not confirmed, with a reason.
    pub const AFGEWEZEN: &str = "AFGEWEZEN";
}

/// One request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Aanvraag {
    /// Id.
    pub id: i64,
    /// One of [`soort`].
    pub soort: String,
    /// The person (never serialised).
    #[serde(skip)]
    pub bsn: Bsn,
    /// The day it was received.
    pub ingediend_op: NaiveDate,
    /// Who asked: `burger`, or `gemeente 0363` on a resident's behalf.
    pub ingediend_door: String,
    /// The requester's explanation.
    pub toelichting: Option<String>,
    /// VSO/PrO: the school named.
    pub school: Option<String>,
    /// VSO/PrO: the years of attendance named (free text, e.g. `2014-2019`).
    pub schooljaren: Option<String>,
    /// One of [`status`].
    pub status: String,
    /// The decision's date (starts the R-16 objection term of a beoordeling).
    pub besluit_op: Option<NaiveDate>,
    /// VSO/PrO: the reference of the school record checked.
    pub kenmerk: Option<String>,
    /// The grounds of a refusal or negative outcome.
    pub reden: Option<String>,
    /// Who decided.
    pub behandelaar: Option<String>,
}

/// A request as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NieuweAanvraag<'a> {
    /// One of [`soort`].
    pub soort: &'a str,
    /// The person.
    pub bsn: Bsn,
    /// The day it was received.
    pub ingediend_op: NaiveDate,
    /// `burger` or `gemeente <code>`.
    pub ingediend_door: &'a str,
    /// The explanation (may be empty).
    pub toelichting: &'a str,
    /// VSO/PrO: the school.
    pub school: Option<&'a str>,
    /// VSO/PrO: the years.
    pub schooljaren: Option<&'a str>,
}

/// A decision on a request, recorded with the registration it causes (if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AanvraagBesluit<'a> {
    /// The request.
    pub id: i64,
    /// The new status (one of [`status`], not `OPEN`).
    pub status: &'a str,
    /// Date of the decision.
    pub op: NaiveDate,
    /// The staff member.
    pub wie: &'a str,
    /// VSO/PrO: the school record's reference.
    pub kenmerk: Option<&'a str>,
    /// Grounds of a refusal or negative outcome.
    pub reden: Option<&'a str>,
}

/// Reads of requests.
pub trait AanvraagLezer {
    /// A person's requests, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn aanvragen_van(&self, bsn: Bsn) -> Resultaat<Vec<Aanvraag>>;

    /// The open work queue, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn open_aanvragen(&self) -> Resultaat<Vec<Aanvraag>>;

    /// The most recently decided requests, newest decision first, at most `n`.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn beslist_aanvragen(&self, n: u32) -> Resultaat<Vec<Aanvraag>>;

    /// One request.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn aanvraag(&self, id: i64) -> Resultaat<Option<Aanvraag>>;
}

/// Writes of requests, inside a [`crate::Transactie`].
pub trait AanvraagSchrijver {
    /// Records a request; returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn dien_aanvraag_in(&mut self, a: &NieuweAanvraag<'_>) -> Resultaat<i64>;
}
