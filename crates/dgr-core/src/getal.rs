//! Numbers with at most two decimals (hours, percentages), as deliveries write them
//! (FORMATS.md "Numbers"): decimal point or decimal comma, no thousands separators, and never a
//! guess when a value has more than two decimals.

use std::fmt;

/// A non-negative amount in hundredths (e.g. hours: `11050` = 110.50 h). Exact: sums never go
/// through `f64`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Honderdsten(pub i64);

/// Why a text is not an acceptable number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GetalFout {
    /// Empty where a number is required.
    #[error("getal ontbreekt")]
    Leeg,
    /// More than two decimals, e.g. `1.326` (which a Dutch sender may mean as 1326): never guessed.
    #[error("meer dan twee decimalen (duizendtalscheiding is niet toegestaan)")]
    TeveelDecimalen,
    /// Not a number.
    #[error("geen geldig getal")]
    Formaat,
    /// A negative value where only ≥ 0 is allowed.
    #[error("getal mag niet negatief zijn")]
    Negatief,
}

impl Honderdsten {
    /// Parses `110,5`, `110.50`, `12` into hundredths. Negative numbers are refused.
    ///
    /// # Errors
    /// [`GetalFout`].
    pub fn parse(tekst: &str) -> Result<Honderdsten, GetalFout> {
        let t = tekst.trim();
        if t.is_empty() {
            return Err(GetalFout::Leeg);
        }
        if t.starts_with('-') {
            return Err(GetalFout::Negatief);
        }
        let t = t.strip_prefix('+').unwrap_or(t);
        let (heel, deel) = match t.find([',', '.']) {
            Some(i) => (&t[..i], &t[i + 1..]),
            None => (t, ""),
        };
        let cijfers = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if heel.is_empty() && deel.is_empty() || !cijfers(heel) {
            return Err(GetalFout::Formaat);
        }
        if !cijfers(deel) {
            return Err(GetalFout::Formaat);
        }
        if deel.len() > 2 {
            return Err(GetalFout::TeveelDecimalen);
        }
        if heel.len() > 15 {
            return Err(GetalFout::Formaat);
        }
        let heel_waarde: i64 = if heel.is_empty() {
            0
        } else {
            heel.parse().map_err(|_| GetalFout::Formaat)?
        };
        let mut deel_waarde: i64 = if deel.is_empty() {
            0
        } else {
            deel.parse().map_err(|_| GetalFout::Formaat)?
        };
        if deel.len() == 1 {
            deel_waarde *= 10;
        }
        Ok(Honderdsten(heel_waarde * 100 + deel_waarde))
    }

    /// Converts a spreadsheet number (XLSX numeric cell). A value that is not a whole number of
    /// hundredths (beyond float noise) is an error, as in text.
    ///
    /// # Errors
    /// [`GetalFout`].
    pub fn uit_f64(waarde: f64) -> Result<Honderdsten, GetalFout> {
        if !waarde.is_finite() || waarde.abs() > 1e13 {
            return Err(GetalFout::Formaat);
        }
        if waarde < 0.0 {
            return Err(GetalFout::Negatief);
        }
        let geschaald = waarde * 100.0;
        let afgerond = geschaald.round();
        if (geschaald - afgerond).abs() > 1e-6 {
            return Err(GetalFout::TeveelDecimalen);
        }
        #[expect(clippy::cast_possible_truncation, reason = "range checked above")]
        Ok(Honderdsten(afgerond as i64))
    }

    /// Whole units (truncated), e.g. hours.
    pub fn heel(self) -> i64 {
        self.0 / 100
    }
}

impl fmt::Display for Honderdsten {
    /// `110.50` style, always two decimals with a point.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_c03_duizendtalscheiding_wordt_niet_geraden() {
        assert_eq!(Honderdsten::parse("110,5"), Ok(Honderdsten(11050)));
        assert_eq!(Honderdsten::parse("12,75"), Ok(Honderdsten(1275)));
        assert_eq!(Honderdsten::parse("1.326"), Err(GetalFout::TeveelDecimalen));
        assert_eq!(Honderdsten::parse("25.5"), Ok(Honderdsten(2550)));
        assert_eq!(Honderdsten::parse("25"), Ok(Honderdsten(2500)));
        assert_eq!(Honderdsten::parse("1.000,50"), Err(GetalFout::Formaat));
        assert_eq!(Honderdsten::parse("-3"), Err(GetalFout::Negatief));
        assert_eq!(Honderdsten::parse("abc"), Err(GetalFout::Formaat));
        assert_eq!(Honderdsten::parse(","), Err(GetalFout::Formaat));
    }

    #[test]
    fn spreadsheetgetallen() {
        assert_eq!(Honderdsten::uit_f64(25.5), Ok(Honderdsten(2550)));
        assert_eq!(Honderdsten::uit_f64(0.1 + 0.2), Ok(Honderdsten(30)));
        assert_eq!(Honderdsten::uit_f64(1.326), Err(GetalFout::TeveelDecimalen));
        assert_eq!(Honderdsten(11050).to_string(), "110.50");
    }
}
