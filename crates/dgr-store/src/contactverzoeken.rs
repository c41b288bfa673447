//! The Kandidatenverkenner: the current job-seeker profiles, and an employer's request to
//! contact a candidate, handled by the werkgeversservicepunt of the candidate's region. The
//! selection rule lives in `dgr-register`'s `kandidaten` module; this is the storage contract.

use chrono::{DateTime, Utc};
use serde::Serialize;

use dgr_core::Bsn;
use dgr_core::gegevens::Kandidaat;

use crate::Resultaat;

/// The longest message an employer may add to a contact request, in characters.
pub const MAX_TOELICHTING: usize = 500;

/// One contact request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Contactverzoek {
    /// Id.
    pub id: i64,
    /// When it was made (UTC).
    pub tijd: DateTime<Utc>,
    /// The candidate (never shown to the employer).
    #[serde(skip)]
    pub bsn: Bsn,
    /// The candidate's arbeidsmarktregio (code), whose WSP handles it.
    pub arbeidsmarktregio: String,
    /// The employer (fiscaal nummer).
    pub werkgever: String,
    /// The employer's name.
    pub werkgever_naam: Option<String>,
    /// The employer's note (message to the WSP, at most [`MAX_TOELICHTING`] characters).
    pub toelichting: Option<String>,
    /// The anonymous profile summary the employer saw when asking (niveau, uren, beschikbaar,
    /// interesses, regio); `None` for requests made before it was recorded.
    pub profiel: Option<String>,
    /// OPEN, AKKOORD or AFGEWEZEN.
    pub status: String,
    /// When it was handled.
    pub behandeld_op: Option<DateTime<Utc>>,
    /// Who handled it.
    pub behandelaar: Option<String>,
    /// Why the candidate declined (a refusal's reason).
    pub reden: Option<String>,
}

/// A contact request as made (before it has an id).
#[derive(Debug, Clone, Copy)]
pub struct NieuwContactverzoek<'a> {
    /// The candidate.
    pub bsn: Bsn,
    /// The candidate's arbeidsmarktregio (code).
    pub arbeidsmarktregio: &'a str,
    /// The employer (fiscaal nummer).
    pub werkgever: &'a str,
    /// The employer's name.
    pub werkgever_naam: Option<&'a str>,
    /// The employer's note.
    pub toelichting: Option<&'a str>,
    /// The anonymous profile summary the employer saw.
    pub profiel: Option<&'a str>,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
}

/// The handling of a contact request by the WSP of its region.
#[derive(Debug, Clone, Copy)]
pub struct Contactbesluit<'a> {
    /// The request.
    pub id: i64,
    /// The region of the WSP deciding: a request of another region is not touched.
    pub arbeidsmarktregio: &'a str,
    /// Granted (the candidate will be approached) or refused.
    pub akkoord: bool,
    /// Who decided.
    pub behandelaar: &'a str,
    /// When (UTC).
    pub tijd: DateTime<Utc>,
    /// Why the candidate declined (required when not `akkoord`).
    pub reden: Option<&'a str>,
}

/// Reads of profiles and contact requests.
pub trait ContactLezer {
    /// The current job-seeker profiles, by BSN.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn kandidaatprofielen(&self) -> Resultaat<Vec<Kandidaat>>;

    /// The current profile of one person.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn kandidaatprofiel(&self, bsn: Bsn) -> Resultaat<Option<Kandidaat>>;

    /// A region's requests with this status, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn contactverzoeken_van_regio(
        &self,
        arbeidsmarktregio: &str,
        status: &str,
    ) -> Resultaat<Vec<Contactverzoek>>;

    /// An employer's requests, newest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn contactverzoeken_van_werkgever(&self, werkgever: &str) -> Resultaat<Vec<Contactverzoek>>;
}

/// Writes of contact requests, inside a [`crate::Transactie`].
pub trait ContactSchrijver {
    /// Records a request; returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn vraag_contact(&mut self, v: &NieuwContactverzoek<'_>) -> Resultaat<i64>;

    /// Decides an open request of the deciding region; `None` when there is none (another
    /// region's, unknown, or decided before), else the request as decided.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn beslis_contactverzoek(
        &mut self,
        b: &Contactbesluit<'_>,
    ) -> Resultaat<Option<Contactverzoek>>;
}
