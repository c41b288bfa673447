//! The limits every delivery file is read within (FORMATS.md; issue #9, "Readers with limits").
//!
//! A delivery may be hostile or simply broken: a 1.7 KB XLSX that declares a cell at
//! `XFD1048576`, a zip bomb of 400 MB sheet XML, a CSV header of a million columns, or one field
//! of 200 MB. Each limit below is checked before the reader allocates for what the file claims,
//! and a breach is a file-level error ([`crate::BestandFout::Grens`]) that names the limit.
//!
//! Memory bound while reading (measured in `bench/grenzen.sh`): the file itself (the upload or
//! the CLI reads it whole), plus for CSV at most one record (≤ [`Grenzen::max_regel_bytes`]) and
//! for XLSX the shared-string table (≤ [`Grenzen::xlsx_max_gedeelde_teksten_bytes`] of XML, at most
//! [`Grenzen::xlsx_max_gedeelde_teksten`] entries) and one row (≤ [`Grenzen::max_kolommen`]
//! cells), plus the typed valid rows, which are what the delivery contains. Time is linear in the
//! (decompressed) size: no step looks back over earlier rows or columns.

/// Limits for reading one delivery file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grenzen {
    /// Most columns in any row (header or data). A delivery kind has at most a dozen columns.
    pub max_kolommen: usize,
    /// Longest field in bytes.
    pub max_veld_bytes: usize,
    /// Longest record (one logical CSV row, all fields together) in bytes.
    pub max_regel_bytes: usize,
    /// Most rows of an XLSX worksheet (Excel's own maximum is 1,048,576).
    pub xlsx_max_rijen: u32,
    /// Most parts (files) inside an XLSX container.
    pub xlsx_max_onderdelen: usize,
    /// Largest decompressed size of one part of an XLSX container, declared or real (bytes).
    pub xlsx_max_deel_bytes: u64,
    /// Largest decompressed size of all parts together, declared or real (bytes).
    pub xlsx_max_uitgepakt_bytes: u64,
    /// Largest decompressed size of the shared-string table (`sharedStrings.xml`), which the
    /// reader keeps in memory whole (bytes).
    pub xlsx_max_gedeelde_teksten_bytes: u64,
    /// Most entries in the shared-string table (its `uniqueCount` is checked before the reader
    /// reserves room for it).
    pub xlsx_max_gedeelde_teksten: u64,
}

impl Grenzen {
    /// The limits of the product: generous for real deliveries (a national polis delivery in
    /// CSV, or an XLSX of Excel's full million rows), small enough that no file can exhaust a
    /// server.
    pub const STANDAARD: Grenzen = Grenzen {
        max_kolommen: 256,
        max_veld_bytes: 64 * 1024,
        max_regel_bytes: 1024 * 1024,
        xlsx_max_rijen: 1_048_576,
        xlsx_max_onderdelen: 1_000,
        xlsx_max_deel_bytes: 1024 * 1024 * 1024,
        xlsx_max_uitgepakt_bytes: 1536 * 1024 * 1024,
        xlsx_max_gedeelde_teksten_bytes: 256 * 1024 * 1024,
        xlsx_max_gedeelde_teksten: 4_000_000,
    };
}

impl Default for Grenzen {
    fn default() -> Self {
        Grenzen::STANDAARD
    }
}
