//! R-16 bezwaren: objections against a beoordeling arbeidsvermogen, lodged, then decided once
//! with an outcome that may change the register. The rule is `dgr_core::bezwaar`; this is the
//! storage contract.

use chrono::NaiveDate;

use dgr_core::Bsn;

use crate::Resultaat;

/// One bezwaar as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bezwaar {
    /// Id.
    pub id: i64,
    /// The person (staff views only).
    pub bsn: Bsn,
    /// Date of the contested beoordeling arbeidsvermogen.
    pub besluitdatum: NaiveDate,
    /// Date the bezwaar was lodged.
    pub ingediend_op: NaiveDate,
    /// The objector's grounds, as summarised by staff.
    pub toelichting: String,
    /// Who recorded it.
    pub ontvangen_door: String,
    /// OPEN, GEGROND, ONGEGROND or NIET_ONTVANKELIJK.
    pub status: String,
    /// For GEGROND: OPVOER or INTREKKING of a PW_IBA registration.
    pub gevolg: Option<String>,
    /// Ingangsdatum of the registration added or withdrawn.
    pub ingangsdatum: Option<NaiveDate>,
    /// Decision date.
    pub beslist_op: Option<NaiveDate>,
    /// Who decided.
    pub behandelaar: Option<String>,
    /// The grounds of the decision.
    pub motivering: Option<String>,
}

/// A bezwaar as lodged (before it has an id).
#[derive(Debug, Clone, Copy)]
pub struct NieuwBezwaar<'a> {
    /// The person.
    pub bsn: Bsn,
    /// Date of the contested beoordeling arbeidsvermogen.
    pub besluitdatum: NaiveDate,
    /// Date the bezwaar was lodged.
    pub ingediend_op: NaiveDate,
    /// The grounds, as summarised by staff.
    pub toelichting: &'a str,
    /// Who recorded it.
    pub wie: &'a str,
}

/// Reads of R-16 bezwaren.
pub trait BezwaarLezer {
    /// The open bezwaren, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn open_bezwaren(&self) -> Resultaat<Vec<Bezwaar>>;

    /// A person's bezwaren, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn bezwaren_van(&self, bsn: Bsn) -> Resultaat<Vec<Bezwaar>>;

    /// One bezwaar.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn bezwaar(&self, id: i64) -> Resultaat<Option<Bezwaar>>;

    /// The decided bezwaren that match `vraag`, newest decision first, one page of them.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn afgehandelde_bezwaren(
        &self,
        vraag: &crate::Geschiedenisvraag,
    ) -> Resultaat<crate::Bladzijde<Bezwaar>>;
}

/// Writes of R-16, inside a [`crate::Transactie`]. (The decision is recorded with its register
/// changes through [`crate::Transactie::leg_besluit_vast`].)
pub trait BezwaarSchrijver {
    /// Records a lodged bezwaar; returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn registreer_bezwaar(&mut self, b: &NieuwBezwaar<'_>) -> Resultaat<i64>;
}
