//! One cell of a delivery and how each column type is read from it (FORMATS.md "Dates",
//! "Numbers", "BSN / lhn").

use std::borrow::Cow;

use chrono::{Datelike as _, NaiveDate};
use dgr_core::bsn::{BsnFout, maskeer_tekst};
use dgr_core::datum::{BrpDatum, DatumFout, parse_brp_datum, parse_datum};
use dgr_core::getal::GetalFout;
use dgr_core::{Bsn, Gemeentecode, Honderdsten, Loonheffingennummer};

/// The earliest year a date in a delivery may have: nobody in the register was born before it,
/// and no grondslag is older (issue #9: `0001-01-01` gave an AOW date before the registration).
pub const EERSTE_JAAR: i32 = 1900;
/// The latest year a date in a delivery may have (AOW ends of today's children lie before it).
pub const LAATSTE_JAAR: i32 = 2199;

/// A cell: text from CSV, or a typed XLSX cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cel<'a> {
    /// No value.
    Leeg,
    /// Text (all CSV fields, XLSX string cells).
    Tekst(Cow<'a, str>),
    /// An XLSX numeric cell.
    Getal(f64),
    /// An XLSX date cell, converted with the workbook's date system (1900 or 1904).
    Datum(NaiveDate),
    /// An XLSX error cell (`#N/A`, …).
    Fout(String),
}

/// Why a cell does not hold a valid value for its column: the reason, and the value to show
/// (masked for BSNs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CelFout {
    /// Reason (Dutch).
    pub reden: String,
    /// Value as shown in the error (masked if it may be a BSN).
    pub waarde: Option<String>,
}

impl Cel<'_> {
    /// Whether the cell is empty (or only spaces).
    pub fn is_leeg(&self) -> bool {
        match self {
            Cel::Leeg => true,
            Cel::Tekst(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for rejection files and messages.
    pub fn als_tekst(&self) -> Cow<'_, str> {
        match self {
            Cel::Leeg => Cow::Borrowed(""),
            Cel::Tekst(t) => Cow::Borrowed(t.as_ref()),
            Cel::Getal(g) => Cow::Owned(getal_tekst(*g)),
            Cel::Datum(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cel::Fout(f) => Cow::Borrowed(f.as_str()),
        }
    }

    fn fout(&self, reden: impl Into<String>) -> CelFout {
        CelFout {
            reden: reden.into(),
            waarde: Some(self.als_tekst().trim().to_string()),
        }
    }

    /// Reads a BSN. A numeric XLSX cell (`12345672.0`) is padded; scientific notation in
    /// text (`1,11222E+08`, an Excel display artefact) is refused. Errors mask the value.
    ///
    /// # Errors
    /// [`CelFout`] with a masked value.
    pub fn bsn(&self) -> Result<Bsn, CelFout> {
        let tekst = match self {
            Cel::Getal(g) if g.fract() == 0.0 && *g >= 0.0 && *g < 1e10 => getal_tekst(*g),
            Cel::Tekst(t) => t.to_string(),
            Cel::Leeg => {
                return Err(CelFout {
                    reden: BsnFout::Leeg.to_string(),
                    waarde: None,
                });
            }
            _ => return Err(self.fout("geen geldig BSN").gemaskeerd()),
        };
        if tekst.contains(['E', 'e']) && tekst.contains('+') {
            return Err(CelFout {
                reden: "BSN in wetenschappelijke notatie (Excel); lever het BSN als tekst".into(),
                waarde: Some(maskeer_tekst(&tekst)),
            });
        }
        Bsn::parse(&tekst).map_err(|e| CelFout {
            reden: e.to_string(),
            waarde: Some(maskeer_tekst(&tekst)),
        })
    }

    /// Reads a loonheffingennummer.
    ///
    /// # Errors
    /// [`CelFout`].
    pub fn lhn(&self) -> Result<Loonheffingennummer, CelFout> {
        Loonheffingennummer::parse(&self.als_tekst()).map_err(|e| self.fout(e.to_string()))
    }

    /// Reads a complete date: a date cell, or text in a delivery form. A number (serial) in a
    /// CSV text or an undated numeric cell is an error (case C08), and so is a date outside
    /// [`EERSTE_JAAR`]..=[`LAATSTE_JAAR`] (`0001-01-01`, `9999-12-31`: issue #9).
    ///
    /// # Errors
    /// [`CelFout`].
    pub fn datum(&self) -> Result<NaiveDate, CelFout> {
        let d = match self {
            Cel::Datum(d) => Ok(*d),
            Cel::Getal(_) => {
                Err(self.fout("getal in een datumkolom; gebruik een datumcel of JJJJ-MM-DD"))
            }
            _ => parse_datum(&self.als_tekst()).map_err(|e| self.datum_fout(e)),
        }?;
        self.plausibel_jaar(d.year()).map(|()| d)
    }

    fn plausibel_jaar(&self, jaar: i32) -> Result<(), CelFout> {
        if (EERSTE_JAAR..=LAATSTE_JAAR).contains(&jaar) {
            Ok(())
        } else {
            Err(self.fout(format!(
                "onwaarschijnlijke datum; een datum ligt tussen {EERSTE_JAAR} en {LAATSTE_JAAR}"
            )))
        }
    }

    /// Reads a date that may be incomplete in the BRP way (`geboortedatum`); a known year must be
    /// plausible as in [`Cel::datum`].
    ///
    /// # Errors
    /// [`CelFout`].
    pub fn brp_datum(&self) -> Result<BrpDatum, CelFout> {
        let d = self.brp_datum_onbegrensd()?;
        let jaar = match d {
            BrpDatum::Volledig(d) => Some(d.year()),
            BrpDatum::Onvolledig { jaar, .. } => jaar,
        };
        match jaar {
            Some(j) => self.plausibel_jaar(j).map(|()| d),
            None => Ok(d),
        }
    }

    fn brp_datum_onbegrensd(&self) -> Result<BrpDatum, CelFout> {
        match self {
            Cel::Datum(d) => Ok(BrpDatum::Volledig(*d)),
            // An 8-digit number in a numeric cell is the BRP form JJJJMMDD (e.g. 19610100).
            Cel::Getal(g) if g.fract() == 0.0 && *g >= 0.0 && *g < 1e8 => {
                parse_brp_datum(&format!("{:08}", *g as u64)).map_err(|e| self.datum_fout(e))
            }
            Cel::Getal(_) => {
                Err(self.fout("getal in een datumkolom; gebruik een datumcel of JJJJ-MM-DD"))
            }
            _ => parse_brp_datum(&self.als_tekst()).map_err(|e| self.datum_fout(e)),
        }
    }

    fn datum_fout(&self, e: DatumFout) -> CelFout {
        self.fout(e.to_string())
    }

    /// Reads a non-negative number with at most two decimals, in hundredths.
    ///
    /// # Errors
    /// [`CelFout`].
    pub fn honderdsten(&self) -> Result<Honderdsten, CelFout> {
        let r = match self {
            Cel::Getal(g) => Honderdsten::uit_f64(*g),
            Cel::Datum(_) => Err(GetalFout::Formaat),
            _ => Honderdsten::parse(&self.als_tekst()),
        };
        r.map_err(|e| self.fout(e.to_string()))
    }

    /// Reads a whole number in `[min, max]`.
    ///
    /// # Errors
    /// [`CelFout`].
    pub fn geheel(&self, min: i64, max: i64) -> Result<i64, CelFout> {
        let waarde = match self {
            Cel::Getal(g) if g.fract() == 0.0 && g.abs() < 1e15 => Some(*g as i64),
            Cel::Tekst(t) => t.trim().parse::<i64>().ok(),
            _ => None,
        };
        match waarde {
            Some(w) if (min..=max).contains(&w) => Ok(w),
            Some(_) => Err(self.fout(format!("moet tussen {min} en {max} liggen"))),
            None => Err(self.fout("geen geheel getal")),
        }
    }

    /// Reads a gemeentecode (R-03 form; existence is checked by the caller).
    ///
    /// # Errors
    /// [`CelFout`].
    pub fn gemeentecode(&self) -> Result<Gemeentecode, CelFout> {
        Gemeentecode::parse(&self.als_tekst()).map_err(|e| self.fout(e.to_string()))
    }

    /// Reads trimmed text.
    pub fn tekst(&self) -> String {
        self.als_tekst().trim().to_string()
    }
}

impl CelFout {
    fn gemaskeerd(mut self) -> CelFout {
        self.waarde = self.waarde.map(|w| maskeer_tekst(&w));
        self
    }
}

/// A float as text without a spurious `.0` for whole numbers.
fn getal_tekst(g: f64) -> String {
    if g.fract() == 0.0 && g.abs() < 1e15 {
        format!("{}", g as i64)
    } else {
        format!("{g}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tekst(s: &str) -> Cel<'_> {
        Cel::Tekst(Cow::Borrowed(s))
    }

    #[test]
    fn case_c07_voorloopnullen_en_excelgetallen() {
        // 8 digits in CSV text: padded (sum 110)
        assert_eq!(
            tekst("12345672").bsn().map(Bsn::cijfers),
            Ok("012345672".into())
        );
        // 7 digits: error that suggests lost leading zeros
        let fout = tekst("5084039").bsn().err();
        assert!(
            fout.as_ref()
                .is_some_and(|f| f.reden.contains("voorloopnullen")),
            "{fout:?}"
        );
        assert_eq!(fout.and_then(|f| f.waarde), Some("***4039".into()));
        // an XLSX numeric cell 12345672.0
        assert_eq!(
            Cel::Getal(12_345_672.0).bsn().map(Bsn::cijfers),
            Ok("012345672".into())
        );
        // scientific notation in text
        assert!(tekst("1,11222E+08").bsn().is_err());
        // gemeentecodes
        assert!(tekst("363").gemeentecode().is_err());
        assert_eq!(
            tekst("GM0363").gemeentecode().map(|g| g.to_string()),
            Ok("0363".into())
        );
    }

    #[test]
    fn case_c08_datumcellen_en_serienummers_in_tekst() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(Cel::Datum(d("2024-04-01")).datum(), Ok(d("2024-04-01")));
        assert!(tekst("45383").datum().is_err());
        assert!(Cel::Getal(45383.0).datum().is_err());
    }

    #[test]
    fn bsn_fouten_tonen_nooit_het_hele_nummer() {
        let f = tekst("123456789").bsn().err();
        assert_eq!(f.and_then(|f| f.waarde), Some("*****6789".into()));
    }
}
