//! `dgr-ingest`: delivery files → typed rows and row errors (FORMATS.md).
//!
//! [`lees_levering`] reads a CSV or XLSX file of one kind, applies every reading rule (dialects,
//! encodings, BOM, `sep=`, dates, numbers, identifiers), and returns the valid rows with their
//! physical line numbers plus an error for every bad row (BSNs masked). It knows nothing about the
//! database: whether a row fits what the register holds is decided later.

pub mod afwijzing;
pub mod bestand;
pub mod cel;
pub mod grenzen;
pub mod kolommen;
pub mod soorten;

#[cfg(test)]
mod eigenschappen;
#[cfg(test)]
mod grenstests;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use dgr_core::tekst::{MAX_FRAGMENT, fragment};
use dgr_core::{Bron, LeveringSoort, Referentie};

pub use bestand::{Codering, Container};
pub use grenzen::Grenzen;
pub use soorten::Rijen;

/// A delivery-level problem: the whole file is refused. Every value from the file in a message
/// is a bounded excerpt with control characters escapes ([`dgr_core::tekst::fragment`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BestandFout {
    /// The file is empty or holds no header.
    #[error("{bestand}: het bestand is leeg of heeft geen kopregel")]
    Leeg {
        /// File name.
        bestand: String,
    },
    /// The XLSX container could not be read.
    #[error("{bestand}: XLSX kan niet gelezen worden: {reden}")]
    Xlsx {
        /// File name.
        bestand: String,
        /// Why.
        reden: String,
    },
    /// The CSV structure is broken (e.g. an unterminated quote).
    #[error("{bestand}, regel {regel}: CSV kan niet gelezen worden: {reden}")]
    Csv {
        /// File name.
        bestand: String,
        /// Physical line.
        regel: u64,
        /// Why.
        reden: String,
    },
    /// Required columns are missing from the header.
    #[error("{bestand}: verplichte kolom(men) ontbreken: {kolommen}")]
    KolommenOntbreken {
        /// File name.
        bestand: String,
        /// Comma-separated names.
        kolommen: String,
    },
    /// A column name occurs twice.
    #[error("{bestand}: kolom {kolom} komt twee keer voor in de kopregel")]
    DubbeleKolom {
        /// File name.
        bestand: String,
        /// Column name.
        kolom: String,
    },
    /// The units of an `eenheden` delivery do not form one tree per `geldig_vanaf`.
    #[error("{bestand}: {reden}")]
    Boom {
        /// File name.
        bestand: String,
        /// Which tree and why.
        reden: String,
    },
    /// The file is not a table at all (an image, a PDF, an old `.xls`, binary data).
    #[error("{bestand}: dit is geen CSV- of XLSX-bestand maar {soort}")]
    GeenTabel {
        /// File name.
        bestand: String,
        /// What it looks like instead.
        soort: String,
    },
    /// The file breaks a limit of [`Grenzen`]; nothing of it is read further.
    #[error("{bestand}{}: {wat}", regel.map(|r| format!(", regel {r}")).unwrap_or_default())]
    Grens {
        /// File name.
        bestand: String,
        /// Physical line, when the breach is in one row.
        regel: Option<u64>,
        /// The limit and how it was exceeded.
        wat: String,
    },
    /// The source may not deliver this kind, or a grondslag in it.
    #[error("{bestand}: bron {bron} mag {wat} niet leveren")]
    BronNietBevoegd {
        /// File name.
        bestand: String,
        /// The source.
        bron: Bron,
        /// What it may not deliver.
        wat: String,
    },
}

/// One bad row: physical line, column, reason, and the offending value (masked when it may be a
/// BSN).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RijFout {
    /// Physical line in the file (1 = first line).
    pub regel: u64,
    /// Column name (normalised), or empty for the whole row.
    pub kolom: String,
    /// Reason in Dutch.
    pub reden: String,
    /// The offending value, masked for BSN columns.
    pub waarde: Option<String>,
}

impl std::fmt::Display for RijFout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "regel {}", self.regel)?;
        if !self.kolom.is_empty() {
            write!(f, ", kolom {}", self.kolom)?;
        }
        write!(f, ": {}", self.reden)?;
        if let Some(w) = &self.waarde {
            write!(f, " (waarde '{w}')")?;
        }
        Ok(())
    }
}

/// A row that parsed, with its physical line.
#[derive(Debug, Clone, PartialEq)]
pub struct Regel<T> {
    /// Physical line in the file.
    pub regel: u64,
    /// The typed row.
    pub rij: T,
}

/// The result of reading one delivery file.
#[derive(Debug, Clone)]
pub struct Ingelezen {
    /// The valid rows, by kind.
    pub rijen: Rijen,
    /// Every bad row (a row may have several entries, one per column).
    pub fouten: Vec<RijFout>,
    /// Warnings (unknown columns, encoding).
    pub waarschuwingen: Vec<String>,
    /// How the file was read.
    pub container: Container,
    /// The text encoding (CSV).
    pub codering: Codering,
    /// Data rows read (excluding header and blank lines).
    pub rijen_gelezen: u64,
}

/// Who delivers and what: the metadata from the command line or upload (never from the file name).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Kind of delivery.
    pub soort: LeveringSoort,
    /// Delivering source.
    pub bron: Bron,
    /// Reference data for codes (grondslagen, gemeenten, reasons).
    pub referentie: &'a Referentie,
    /// The day the delivery is received (Europe/Amsterdam): a birth date after it is a row
    /// error.
    pub ontvangen_op: NaiveDate,
    /// The reading limits.
    pub grenzen: Grenzen,
}

/// Reads a delivery file of kind `ctx.soort` (FORMATS.md): CSV or XLSX by content.
///
/// # Errors
/// A [`BestandFout`] when the file as a whole is unusable (empty, not a table, unreadable,
/// beyond a limit, missing columns, source not allowed). Bad rows are not errors here: they are
/// listed in [`Ingelezen::fouten`].
pub fn lees_levering(
    inhoud: &[u8],
    bestandsnaam: &str,
    ctx: Context<'_>,
) -> Result<Ingelezen, BestandFout> {
    let bestandsnaam = &veilige_bestandsnaam(bestandsnaam);
    if !ctx.soort.bron_toegestaan(ctx.bron) {
        return Err(BestandFout::BronNietBevoegd {
            bestand: bestandsnaam.to_string(),
            bron: ctx.bron,
            wat: format!("leveringen van soort {}", ctx.soort),
        });
    }
    let tabel = bestand::Tabel::open(inhoud, bestandsnaam, ctx.grenzen)?;
    soorten::lees(&tabel, bestandsnaam, ctx)
}

/// A file name as it may appear in messages and records: at most 120 characters, control
/// characters escaped (an upload's name is chosen by the uploader).
pub fn veilige_bestandsnaam(naam: &str) -> String {
    fragment(naam, 120)
}

/// A value from a file as shown in a row error: bounded and printable.
pub(crate) fn toon_waarde(waarde: &str) -> String {
    fragment(waarde, MAX_FRAGMENT)
}
