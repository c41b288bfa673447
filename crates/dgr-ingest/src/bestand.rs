//! The container and text layer: CSV (dialect, encoding, BOM, `sep=`) or XLSX (first worksheet),
//! turned into a header and rows of [`Cel`]s with their physical line numbers.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::BestandFout;
use crate::cel::Cel;

/// How the file was packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Delimited text.
    Csv,
    /// Office Open XML workbook (first worksheet).
    Xlsx,
}

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codering {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte-order mark (stripped).
    Utf8MetBom,
    /// Not valid UTF-8: read as Windows-1252.
    Windows1252,
    /// Not applicable (XLSX).
    Geen,
}

/// A delivery as a table: the header and the data rows.
pub struct Tabel<'a> {
    inhoud: Inhoud<'a>,
    /// Container of the file.
    pub container: Container,
    /// Encoding (CSV).
    pub codering: Codering,
    /// Field delimiter (CSV).
    pub scheidingsteken: u8,
}

enum Inhoud<'a> {
    Csv {
        tekst: Cow<'a, str>,
        regel_verschuiving: u64,
    },
    Xlsx(Vec<(u64, Vec<Cel<'static>>)>),
}

/// The ZIP local-file-header signature every XLSX starts with.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const BOM: &str = "\u{feff}";

impl<'a> Tabel<'a> {
    /// Opens a delivery: XLSX when the bytes are a ZIP container, CSV otherwise.
    ///
    /// # Errors
    /// [`BestandFout::Xlsx`] when the workbook cannot be read, [`BestandFout::Leeg`] when empty.
    pub fn open(inhoud: &'a [u8], bestand: &str) -> Result<Tabel<'a>, BestandFout> {
        if inhoud.starts_with(ZIP_MAGIC) {
            return Self::open_xlsx(inhoud, bestand);
        }
        let (tekst, codering) = match std::str::from_utf8(inhoud) {
            Ok(t) => match t.strip_prefix(BOM) {
                Some(rest) => (Cow::Borrowed(rest), Codering::Utf8MetBom),
                None => (Cow::Borrowed(t), Codering::Utf8),
            },
            Err(_) => {
                let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(inhoud);
                (t, Codering::Windows1252)
            }
        };
        let eerste_regel = tekst.lines().next().unwrap_or_default();
        let (tekst, regel_verschuiving, scheidingsteken) = match sep_hint(eerste_regel) {
            Some(sep) => {
                let rest = match tekst {
                    Cow::Borrowed(t) => Cow::Borrowed(t.split_once('\n').map_or("", |(_, r)| r)),
                    Cow::Owned(t) => {
                        Cow::Owned(t.split_once('\n').map_or("", |(_, r)| r).to_string())
                    }
                };
                (rest, 1, sep)
            }
            None => {
                let sep = detecteer_scheiding(eerste_regel);
                (tekst, 0, sep)
            }
        };
        if tekst.trim().is_empty() {
            return Err(BestandFout::Leeg {
                bestand: bestand.to_string(),
            });
        }
        Ok(Tabel {
            inhoud: Inhoud::Csv {
                tekst,
                regel_verschuiving,
            },
            container: Container::Csv,
            codering,
            scheidingsteken,
        })
    }

    fn open_xlsx(inhoud: &'a [u8], bestand: &str) -> Result<Tabel<'a>, BestandFout> {
        let fout = |reden: String| BestandFout::Xlsx {
            bestand: bestand.to_string(),
            reden,
        };
        let mut werkmap: Xlsx<_> = open_workbook_from_rs(Cursor::new(inhoud))
            .map_err(|e: calamine::XlsxError| fout(e.to_string()))?;
        let blad = werkmap
            .worksheet_range_at(0)
            .ok_or_else(|| fout("de werkmap heeft geen werkblad".into()))?
            .map_err(|e| fout(e.to_string()))?;
        let start_rij = blad.start().map_or(0, |(r, _)| u64::from(r));
        let start_kol = blad.start().map_or(0, |(_, k)| k as usize);
        let mut rijen = Vec::with_capacity(blad.height());
        for (i, rij) in blad.rows().enumerate() {
            let mut cellen: Vec<Cel<'static>> = vec![Cel::Leeg; start_kol];
            cellen.extend(rij.iter().map(xlsx_cel));
            rijen.push((start_rij + i as u64 + 1, cellen));
        }
        Ok(Tabel {
            inhoud: Inhoud::Xlsx(rijen),
            container: Container::Xlsx,
            codering: Codering::Geen,
            scheidingsteken: b';',
        })
    }

    /// Calls `per_rij(line, cells)` for every non-blank row, the header first. Stops at the
    /// first `Err` the callback returns.
    ///
    /// # Errors
    /// [`BestandFout::Csv`] on broken CSV structure, or the callback's error.
    pub fn voor_elke_rij<F>(&self, bestand: &str, mut per_rij: F) -> Result<(), BestandFout>
    where
        F: FnMut(u64, &[Cel<'_>]) -> Result<(), BestandFout>,
    {
        match &self.inhoud {
            Inhoud::Xlsx(rijen) => {
                for (regel, cellen) in rijen {
                    if !cellen.iter().all(Cel::is_leeg) {
                        per_rij(*regel, cellen)?;
                    }
                }
                Ok(())
            }
            Inhoud::Csv {
                tekst,
                regel_verschuiving,
            } => {
                let mut lezer = csv::ReaderBuilder::new()
                    .delimiter(self.scheidingsteken)
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(tekst.as_bytes());
                let mut record = csv::StringRecord::new();
                loop {
                    let gelezen = lezer
                        .read_record(&mut record)
                        .map_err(|e| BestandFout::Csv {
                            bestand: bestand.to_string(),
                            regel: e.position().map_or(0, csv::Position::line) + regel_verschuiving,
                            reden: e.to_string(),
                        })?;
                    if !gelezen {
                        return Ok(());
                    }
                    if record.iter().all(|v| v.trim().is_empty()) {
                        continue;
                    }
                    let regel =
                        record.position().map_or(0, csv::Position::line) + regel_verschuiving;
                    let cellen: Vec<Cel<'_>> = record
                        .iter()
                        .map(|v| {
                            if v.is_empty() {
                                Cel::Leeg
                            } else {
                                Cel::Tekst(Cow::Borrowed(v))
                            }
                        })
                        .collect();
                    per_rij(regel, &cellen)?;
                }
            }
        }
    }
}

/// Excel's `sep=;` hint on the first line (FORMATS.md): the delimiter it names.
fn sep_hint(regel: &str) -> Option<u8> {
    let r = regel.trim_end_matches(['\r', '\n']).trim();
    let rest = r.strip_prefix("sep=").or_else(|| r.strip_prefix("SEP="))?;
    let rest = rest.trim_matches('"');
    match rest.as_bytes() {
        [b] => Some(*b),
        _ => None,
    }
}

/// The delimiter of a header line: `;` or `,`, whichever occurs more often outside quotes
/// (`;` when neither occurs).
fn detecteer_scheiding(kop: &str) -> u8 {
    let (mut puntkomma, mut komma, mut in_quotes) = (0, 0, false);
    for c in kop.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => puntkomma += 1,
            ',' if !in_quotes => komma += 1,
            _ => {}
        }
    }
    if komma > puntkomma { b',' } else { b';' }
}

fn xlsx_cel(data: &Data) -> Cel<'static> {
    match data {
        Data::Empty => Cel::Leeg,
        Data::String(s) => Cel::Tekst(Cow::Owned(s.clone())),
        Data::Float(f) => Cel::Getal(*f),
        Data::Int(i) => Cel::Getal(*i as f64),
        Data::Bool(b) => Cel::Tekst(Cow::Owned(if *b { "WAAR" } else { "ONWAAR" }.into())),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(d) => Cel::Datum(d.date()),
            None => Cel::Fout("ongeldige datumcel".into()),
        },
        Data::DateTime(dt) => Cel::Getal(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cel::Tekst(Cow::Owned(s.clone())),
        Data::Error(e) => Cel::Fout(format!("{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheidingsteken_en_sep_hint() {
        assert_eq!(detecteer_scheiding("bsn;grondslag;mutatie"), b';');
        assert_eq!(detecteer_scheiding("bsn,grondslag,mutatie"), b',');
        assert_eq!(detecteer_scheiding("\"a;b\",c,d"), b',');
        assert_eq!(sep_hint("sep=;\r\n"), Some(b';'));
        assert_eq!(sep_hint("bsn;x"), None);
    }
}
