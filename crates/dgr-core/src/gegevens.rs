//! The data other deliveries bring (FORMATS.md): persons, payroll rows, employers, employer hours
//! and job-seeker profiles, as typed values.

use chrono::NaiveDate;

use crate::bsn::Bsn;
use crate::datum::BrpDatum;
use crate::gemeente::Gemeentecode;
use crate::getal::Honderdsten;
use crate::lhn::Loonheffingennummer;

/// A person as the BRP delivers it (`personen`): the current state, kept with formal history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Persoon {
    /// The person.
    pub bsn: Bsn,
    /// Birth date, possibly incomplete.
    pub geboortedatum: BrpDatum,
    /// Date of death, if dead.
    pub overlijdensdatum: Option<NaiveDate>,
    /// Municipality of residence; `None` = not resident (abroad).
    pub woongemeente: Option<Gemeentecode>,
}

/// Kind of a payroll row (polis column `soort`); sheltered work never counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolisSoort {
    /// Ordinary employment.
    Regulier,
    /// Sheltered WSW workplace.
    WswBeschut,
    /// Beschut werk under the Participatiewet.
    BeschutWerk,
}

impl PolisSoort {
    /// The code as delivered, and as PostgreSQL stores it (the SQLite store keeps a number).
    pub fn code(self) -> &'static str {
        match self {
            PolisSoort::Regulier => "REGULIER",
            PolisSoort::WswBeschut => "WSW_BESCHUT",
            PolisSoort::BeschutWerk => "BESCHUT_WERK",
        }
    }

    /// Parses a code (case-insensitive); `None` for anything else.
    pub fn parse(tekst: &str) -> Option<PolisSoort> {
        [
            PolisSoort::Regulier,
            PolisSoort::WswBeschut,
            PolisSoort::BeschutWerk,
        ]
        .into_iter()
        .find(|s| s.code().eq_ignore_ascii_case(tekst.trim()))
    }
}

/// One payroll row: one employment in one pay period (tijdvak, inclusive days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolisRij {
    /// The employee.
    pub bsn: Bsn,
    /// The paying employer.
    pub loonheffingennummer: Loonheffingennummer,
    /// The hiring employer (temp work, secondment), if any.
    pub inlener: Option<Loonheffingennummer>,
    /// First day of the tijdvak.
    pub tijdvak_begin: NaiveDate,
    /// Last day of the tijdvak (inclusive).
    pub tijdvak_einde: NaiveDate,
    /// Hours paid in the tijdvak, in hundredths.
    pub verloonde_uren: Honderdsten,
    /// Kind of employment.
    pub soort: PolisSoort,
}

/// Sector of an employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sector {
    /// Market sector.
    Markt,
    /// Government sector.
    Overheid,
}

impl Sector {
    /// The code as delivered (`MARKT`, `OVERHEID`).
    pub fn code(self) -> &'static str {
        match self {
            Sector::Markt => "MARKT",
            Sector::Overheid => "OVERHEID",
        }
    }

    /// Parses a code (case-insensitive).
    pub fn parse(tekst: &str) -> Option<Sector> {
        [Sector::Markt, Sector::Overheid]
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(tekst.trim()))
    }
}

/// Employer data (`werkgevers`), valid from `geldig_vanaf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Werkgever {
    /// The lhn.
    pub loonheffingennummer: Loonheffingennummer,
    /// Name.
    pub naam: String,
    /// Sector.
    pub sector: Sector,
    /// Subsector, e.g. RIJK, GEMEENTEN.
    pub subsector: Option<String>,
    /// Municipality of establishment.
    pub vestigingsgemeente: Option<Gemeentecode>,
    /// From when this applies (`None`: always).
    pub geldig_vanaf: Option<NaiveDate>,
}

/// Total paid hours of all employees of one lhn in one year (`werkgeversuren`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Werkgeversuren {
    /// The lhn.
    pub loonheffingennummer: Loonheffingennummer,
    /// Calendar year.
    pub jaar: i32,
    /// Hours of all employees, in hundredths.
    pub verloonde_uren_totaal: Honderdsten,
    /// Number of employees, if delivered.
    pub aantal_werknemers: Option<u32>,
}

/// Education level of a job seeker (`kandidaten.opleidingsniveau`).
pub const OPLEIDINGSNIVEAUS: [&str; 8] = [
    "GEEN", "BASIS", "VMBO", "MBO1", "MBO2_4", "HAVO_VWO", "HBO", "WO",
];

/// A job-seeker profile (`kandidaten`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kandidaat {
    /// The person.
    pub bsn: Bsn,
    /// One of [`OPLEIDINGSNIVEAUS`].
    pub opleidingsniveau: String,
    /// Hours wanted per week, 1..=40.
    pub uren_per_week: u8,
    /// Maximum travel distance in km, 0..=200.
    pub max_reisafstand_km: u16,
    /// Available from.
    pub beschikbaar_vanaf: NaiveDate,
    /// Up to 5 interests.
    pub interesses: Vec<String>,
    /// Municipality of residence.
    pub woongemeente: Gemeentecode,
    /// Whether the person lets themselves be found.
    pub herkenbaar: bool,
}
