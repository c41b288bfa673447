//! Writing delivery files the way the sources do: plain UTF-8 CSV with `,`, the Dutch Excel
//! dialect (`;`, decimal comma, DD-MM-JJJJ, Windows-1252), or UTF-8 with a BOM and `sep=;`.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

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

    /// A date in this dialect: `%d-%m-%Y` for Dutch Excel, ISO 8601 (`%Y-%m-%d`) otherwise
    /// ([`Self::datum_in`] as text).
    pub fn datum(&self, d: NaiveDate) -> String {
        let mut uit = Vec::with_capacity(10);
        self.datum_in(d, &mut uit);
        tekst(uit)
    }

    /// Writes [`Self::datum`] of `d` into `uit` (cleared first), without a `String` per date
    /// and without interpreting a format string (issue #13: the demo writes two dates per
    /// polis row, 12 million in all).
    pub fn datum_in(&self, d: NaiveDate, uit: &mut Vec<u8>) {
        uit.clear();
        let (jaar, maand, dag) = (d.year(), d.month(), d.day());
        if !(0..=9999).contains(&jaar) {
            // outside what four digits hold the year has a sign; the demo never gets there
            let t = if self.dialect == Dialect::NederlandsExcel {
                format!("{dag:02}-{maand:02}-{jaar:04}")
            } else {
                d.to_string()
            };
            uit.extend_from_slice(t.as_bytes());
            return;
        }
        let jaar = jaar.unsigned_abs();
        match self.dialect {
            Dialect::NederlandsExcel => {
                cijfers(uit, dag, 2);
                uit.push(b'-');
                cijfers(uit, maand, 2);
                uit.push(b'-');
                cijfers(uit, jaar, 4);
            }
            _ => {
                cijfers(uit, jaar, 4);
                uit.push(b'-');
                cijfers(uit, maand, 2);
                uit.push(b'-');
                cijfers(uit, dag, 2);
            }
        }
    }

    /// Hours in hundredths as text in this dialect (`12.50` or `12,50`; [`Self::uren_in`] as
    /// text).
    pub fn uren(&self, honderdsten: i64) -> String {
        let mut uit = Vec::new();
        self.uren_in(honderdsten, &mut uit);
        tekst(uit)
    }

    /// Writes [`Self::uren`] of `honderdsten` into `uit` (cleared first), without a `String`.
    pub fn uren_in(&self, honderdsten: i64, uit: &mut Vec<u8>) {
        uit.clear();
        let komma = if self.dialect == Dialect::Standaard {
            '.'
        } else {
            ','
        };
        if honderdsten < 0 {
            // a negative remainder, as `format!` writes it (`-1,-50`); the demo has none
            let t = format!("{}{komma}{:02}", honderdsten / 100, honderdsten % 100);
            uit.extend_from_slice(t.as_bytes());
            return;
        }
        uit.extend_from_slice(itoa::Buffer::new().format(honderdsten / 100).as_bytes());
        uit.push(komma as u8);
        cijfers(uit, u32::try_from(honderdsten % 100).unwrap_or(0), 2);
    }

    /// Writes one row of fields given as bytes.
    pub fn rij_bytes(&mut self, rij: &csv::ByteRecord) {
        let _ = self.schrijver.write_byte_record(rij);
        self.rijen += 1;
    }

    /// An optional date (empty when absent).
    pub fn datum_opt(&self, d: Option<NaiveDate>) -> String {
        d.map(|x| self.datum(x)).unwrap_or_default()
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
        // ASCII is the same in Windows-1252 (most files are ASCII only)
        let inhoud = if self.dialect == Dialect::NederlandsExcel && !bytes.is_ascii() {
            let tekst = String::from_utf8_lossy(&bytes);
            encoding_rs::WINDOWS_1252.encode(&tekst).0.into_owned()
        } else {
            bytes
        };
        std::fs::write(&self.pad, inhoud)?;
        Ok(self.pad)
    }
}

/// Bytes this module wrote (ASCII digits and separators, or chrono's text) as a `String`.
fn tekst(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends `getal` with exactly `breedte` digits (leading zeros; higher digits dropped).
pub(crate) fn cijfers(uit: &mut Vec<u8>, getal: u32, breedte: usize) {
    let begin = uit.len();
    uit.resize(begin + breedte, b'0');
    let mut rest = getal;
    for plek in uit[begin..].iter_mut().rev() {
        // `rest % 10` is below 10, so the cast keeps it whole
        *plek = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::{Bestand, Dialect};
    use chrono::{Datelike, NaiveDate};

    /// Every day the demo can write (1900-2100) comes out as chrono's `%d-%m-%Y` and
    /// `%Y-%m-%d` would write it, in the Dutch Excel and the other dialects.
    #[test]
    fn datums_zoals_het_formaat() {
        let map = std::path::Path::new("/nonexistent");
        let excel = Bestand::new(map, "a.csv", Dialect::NederlandsExcel, &["a"]);
        let standaard = Bestand::new(map, "b.csv", Dialect::Standaard, &["a"]);
        let mut d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        while d.year() <= 2100 {
            assert_eq!(excel.datum(d), d.format("%d-%m-%Y").to_string());
            assert_eq!(standaard.datum(d), d.format("%Y-%m-%d").to_string());
            d = d.succ_opt().unwrap_or_default();
        }
    }

    /// Hours in hundredths come out as `format!("{}{komma}{:02}", h / 100, h % 100)` writes
    /// them, from -2.50 to 1,000.00, with a point in the standard dialect and a comma in the
    /// others.
    #[test]
    fn uren_zoals_format() {
        let map = std::path::Path::new("/nonexistent");
        for (dialect, komma) in [
            (Dialect::Standaard, '.'),
            (Dialect::NederlandsExcel, ','),
            (Dialect::Utf8BomSep, ','),
        ] {
            let f = Bestand::new(map, "u.csv", dialect, &["a"]);
            for h in -250..=100_000_i64 {
                assert_eq!(f.uren(h), format!("{}{komma}{:02}", h / 100, h % 100));
            }
        }
    }
}
