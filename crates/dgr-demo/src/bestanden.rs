//! Writing delivery files the way the sources do: plain UTF-8 CSV with `,`, the Dutch Excel
//! dialect (`;`, decimal comma, DD-MM-JJJJ, Windows-1252), or UTF-8 with a BOM and `sep=;`.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// How a source writes its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// UTF-8, `,`, ISO dates, decimal point.
    Standaard,
    /// Windows-1252, `;`, DD-MM-JJJJ, decimal comma (Excel "CSV (puntkomma)").
    NederlandsExcel,
    /// UTF-8 with BOM and Excel's `sep=;` line, ISO dates, decimal comma.
    Utf8BomSep,
}

/// One delivery file being written.
pub struct Bestand {
    pad: PathBuf,
    dialect: Dialect,
    schrijver: csv::Writer<Vec<u8>>,
    /// Data rows written.
    pub rijen: u64,
}

impl Bestand {
    /// Starts a file with its header.
    pub fn new(map: &Path, naam: &str, dialect: Dialect, kop: &[&str]) -> Bestand {
        let scheiding = if dialect == Dialect::Standaard {
            b','
        } else {
            b';'
        };
        let mut begin = Vec::new();
        if dialect == Dialect::Utf8BomSep {
            begin.extend_from_slice(b"\xEF\xBB\xBFsep=;\r\n");
        }
        let mut schrijver = csv::WriterBuilder::new()
            .delimiter(scheiding)
            .terminator(csv::Terminator::CRLF)
            .from_writer(begin);
        let _ = schrijver.write_record(kop);
        Bestand {
            pad: map.join(naam),
            dialect,
            schrijver,
            rijen: 0,
        }
    }

    /// The file's path.
    pub fn pad(&self) -> &Path {
        &self.pad
    }

    /// Writes one row.
    pub fn rij<S: AsRef<[u8]>>(&mut self, velden: impl IntoIterator<Item = S>) {
        let _ = self.schrijver.write_record(velden);
        self.rijen += 1;
    }

    /// A date in this dialect.
    pub fn datum(&self, d: NaiveDate) -> String {
        match self.dialect {
            Dialect::NederlandsExcel => d.format("%d-%m-%Y").to_string(),
            // ISO 8601, as `%Y-%m-%d` (chrono's display, without a format string per call)
            _ => d.to_string(),
        }
    }

    /// An optional date (empty when absent).
    pub fn datum_opt(&self, d: Option<NaiveDate>) -> String {
        d.map(|x| self.datum(x)).unwrap_or_default()
    }

    /// Hours in hundredths as text in this dialect (`12.50` or `12,50`).
    pub fn uren(&self, honderdsten: i64) -> String {
        let komma = if self.dialect == Dialect::Standaard {
            '.'
        } else {
            ','
        };
        format!("{}{komma}{:02}", honderdsten / 100, honderdsten % 100)
    }

    /// Writes the file to disk, encoded for its dialect.
    ///
    /// # Errors
    /// IO errors.
    pub fn sluit(self) -> io::Result<PathBuf> {
        let bytes = self
            .schrijver
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        let inhoud = if self.dialect == Dialect::NederlandsExcel {
            let tekst = String::from_utf8_lossy(&bytes);
            encoding_rs::WINDOWS_1252.encode(&tekst).0.into_owned()
        } else {
            bytes
        };
        std::fs::write(&self.pad, inhoud)?;
        Ok(self.pad)
    }
}
