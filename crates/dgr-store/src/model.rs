//! Records the store reads and writes besides the core's domain types.

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::gegevens::Persoon;
use dgr_core::{Bron, Gemeentecode, LeveringSoort, Modus};

/// Whether a delivery was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeveringStatus {
    /// Applied (whole, or its valid rows in accept-valid mode).
    Toegepast,
    /// Rejected as a whole; nothing of it is in the register.
    Afgewezen,
}

impl LeveringStatus {
    /// Stored and displayed code.
    pub fn code(self) -> &'static str {
        match self {
            LeveringStatus::Toegepast => "TOEGEPAST",
            LeveringStatus::Afgewezen => "AFGEWEZEN",
        }
    }
}

/// A delivery to record.
#[derive(Debug, Clone)]
pub struct NieuweLevering {
    /// Delivering source.
    pub bron: Bron,
    /// Kind.
    pub soort: LeveringSoort,
    /// The source's delivery reference (leveringskenmerk).
    pub kenmerk: String,
    /// For a municipality: its code.
    pub gemeentecode: Option<Gemeentecode>,
    /// For an employer's own delivery (bron WERKGEVER): its fiscaal nummer.
    pub fiscaal_nummer: Option<dgr_core::FiscaalNummer>,
    /// SHA-256 of the file (hex).
    pub sha256: String,
    /// File name as given (for display only).
    pub bestandsnaam: String,
    /// Mode.
    pub modus: Modus,
    /// Outcome.
    pub status: LeveringStatus,
    /// Transaction time.
    pub geregistreerd_op: DateTime<Utc>,
    /// Reference-data version in force.
    pub referentie_versie: String,
    /// Data rows read.
    pub rijen_gelezen: u64,
    /// Rows applied (valid rows).
    pub rijen_toegepast: u64,
    /// Rows rejected.
    pub rijen_afgewezen: u64,
    /// Rows that added something new.
    pub nieuw: u64,
    /// Rows that changed something existing.
    pub gewijzigd: u64,
    /// Rows that repeated what the register held.
    pub ongewijzigd: u64,
    /// Grondslagen in a `registraties` delivery (for the freshness report).
    pub grondslagen: Vec<String>,
    /// The report as JSON.
    pub rapport: String,
    /// The rejection file, if any.
    pub afwijzingsbestand: Option<Vec<u8>>,
}

/// A recorded delivery.
#[derive(Debug, Clone)]
pub struct LeveringRecord {
    /// Id.
    pub id: i64,
    /// The recorded data.
    pub levering: NieuweLevering,
}

/// One recorded version of a person's data.
#[derive(Debug, Clone, PartialEq)]
pub struct PersoonVersie {
    /// The data.
    pub persoon: Persoon,
    /// When recorded.
    pub geregistreerd_op: DateTime<Utc>,
    /// When superseded.
    pub vervallen_op: Option<DateTime<Utc>>,
    /// The delivery that brought it.
    pub levering: i64,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schrijfuitkomst {
    /// A new key.
    Nieuw,
    /// An existing key got a new version.
    Gewijzigd,
    /// Same data as held: nothing written.
    Ongewijzigd,
}

/// The latest applied delivery per source, kind and (for registrations) grondslag.
#[derive(Debug, Clone)]
pub struct Versheid {
    /// Source.
    pub bron: Bron,
    /// Kind.
    pub soort: LeveringSoort,
    /// Grondslag (registrations only).
    pub grondslag: Option<String>,
    /// Time of the latest delivery.
    pub laatste: DateTime<Utc>,
}

/// Summary counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tellingen {
    /// Persons with person data.
    pub personen: u64,
    /// Distinct persons in the register on the peildatum.
    pub personen_in_register: u64,
    /// Registrations valid on the peildatum per grondslag.
    pub registraties_per_grondslag: Vec<(String, u64)>,
    /// Current polis rows.
    pub polisrijen: u64,
    /// Current employers.
    pub werkgevers: u64,
    /// Current job-seeker profiles.
    pub kandidaten: u64,
    /// Deliveries applied.
    pub leveringen_toegepast: u64,
    /// Deliveries rejected.
    pub leveringen_afgewezen: u64,
    /// Peildatum of the counts.
    pub peildatum: Option<NaiveDate>,
}

/// One registration's material period as a report reads it.
#[derive(Debug, Clone, Copy)]
pub struct Registratieperiode<'a> {
    /// The person.
    pub bsn: dgr_core::Bsn,
    /// Grondslag code.
    pub grondslag: &'a str,
    /// `[ingangsdatum, einddatum)`.
    pub periode: dgr_core::Periode,
    /// Why it ends, if it does.
    pub reden_einde: Option<&'a str>,
}

/// the outcome of bezwaar `id`, decided on `op` by `wie`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BezwaarBesluit<'a> {
    /// The bezwaar (table `bezwaren`).
    pub id: i64,
    /// The outcome.
    pub uitkomst: dgr_core::bezwaar::Uitkomst,
    /// Date of the decision.
    pub op: NaiveDate,
    /// The staff member (`Gebruiker::behandelaar`).
    pub wie: &'a str,
    /// The grounds of the decision (required when the bezwaar is ongegrond).
    pub motivering: Option<&'a str>,
}

/// A staff decision on a citizen's request or objection, recorded in the same transaction as
/// the register change it causes, so that neither is ever stored without the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Besluit<'a> {
    /// the outcome of a bezwaar.
    Bezwaar(BezwaarBesluit<'a>),
    /// uitschrijving `id` granted on `op` by `wie`.
    UitschrijvingToegewezen {
        /// The request (table `uitschrijvingen`).
        id: i64,
        /// Date of the decision.
        op: NaiveDate,
        /// The staff member.
        wie: &'a str,
    },
    /// Issue #14: the decision on a request to enter the register (beoordeling arbeidsvermogen
    /// or VSO/PrO).
    Aanvraag(crate::aanvragen::AanvraagBesluit<'a>),
}

/// A stored fiscaal nummer (an integer column) back as [`dgr_core::FiscaalNummer`].
///
/// # Errors
/// [`crate::StoreFout::Corrupt`] when the stored value does not pass R-02.
pub(crate) fn lees_fiscaal_nummer(
    tabel: &'static str,
    waarde: Option<i64>,
) -> crate::Resultaat<Option<dgr_core::FiscaalNummer>> {
    waarde
        .map(|w| {
            dgr_core::FiscaalNummer::parse(&format!("{w:09}")).map_err(|e| {
                crate::StoreFout::Corrupt {
                    tabel,
                    reden: format!("fiscaal nummer: {e}"),
                }
            })
        })
        .transpose()
}

/// What an upsert did, given whether it found a current version to replace (an unchanged
/// version is answered before this is asked).
pub(crate) fn uitkomst(had_versie: bool) -> Schrijfuitkomst {
    if had_versie {
        Schrijfuitkomst::Gewijzigd
    } else {
        Schrijfuitkomst::Nieuw
    }
}

/// A question for a history list (decided requests or bezwaren): an optional status, an
/// optional period of the decision date (both ends inclusive), and which page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Geschiedenisvraag {
    /// Only decisions with this stored status (e.g. `AFGEWEZEN`); `None` for every decision.
    pub status: Option<String>,
    /// Decided on or after this day.
    pub van: Option<NaiveDate>,
    /// Decided on or before this day.
    pub tot: Option<NaiveDate>,
    /// Rows to skip (the pages before).
    pub overslaan: u64,
    /// Rows on the page.
    pub aantal: u64,
}

/// One page of a list, with the number of rows of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bladzijde<T> {
    /// The rows of this page.
    pub rijen: Vec<T>,
    /// The rows of the whole list.
    pub totaal: u64,
}

impl Geschiedenisvraag {
    /// The conditions (after the base filter) and their values as text, numbered from
    /// `eerste`, in the placeholder syntax `teken` (`?` or `$`): the shared part of the SQLite
    /// and PostgreSQL queries. `kolom` is the decision-date column.
    pub(crate) fn voorwaarden(
        &self,
        kolom: &str,
        teken: char,
        eerste: usize,
    ) -> (String, Vec<String>) {
        let mut sql = String::new();
        let mut waarden = Vec::new();
        let mut n = eerste;
        let mut voeg_toe = |sql: &mut String, uitdrukking: &str, waarde: String| {
            sql.push_str(&format!(" AND {uitdrukking} {teken}{n}"));
            waarden.push(waarde);
            n += 1;
        };
        if let Some(s) = &self.status {
            voeg_toe(&mut sql, "status =", s.clone());
        }
        if let Some(d) = self.van {
            voeg_toe(
                &mut sql,
                &format!("{kolom} >="),
                crate::sqlite::datum_tekst(d),
            );
        }
        if let Some(d) = self.tot {
            voeg_toe(
                &mut sql,
                &format!("{kolom} <="),
                crate::sqlite::datum_tekst(d),
            );
        }
        (sql, waarden)
    }
}
