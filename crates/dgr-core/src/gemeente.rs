//! the CBS gemeentecode.

use std::fmt;

/// A gemeentecode in the form of R-03: four digits, optionally written with the `GM` prefix.
/// Whether the code exists is checked against the reference data
/// ([`crate::Referentie::gemeente`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Gemeentecode(u16);

/// Why a text is not a gemeentecode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GemeentecodeFout {
    /// Not four digits (a code is four characters, `0363`, or `GM0363`).
    #[error("gemeentecode moet 4 cijfers zijn (bijv. 0363 of GM0363)")]
    Formaat,
}

impl Gemeentecode {
    /// Parses `0363` or `GM0363` (case-insensitive, trimmed). `363` is an error (case C07).
    ///
    /// # Errors
    /// [`GemeentecodeFout::Formaat`].
    pub fn parse(tekst: &str) -> Result<Gemeentecode, GemeentecodeFout> {
        let t = tekst.trim();
        let cijfers = match t.get(..2) {
            Some(p) if p.eq_ignore_ascii_case("GM") => &t[2..],
            _ => t,
        };
        if cijfers.len() != 4 || !cijfers.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GemeentecodeFout::Formaat);
        }
        let waarde = cijfers
            .bytes()
            .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
        Ok(Gemeentecode(waarde))
    }

    /// The numeric value.
    pub fn waarde(self) -> u16 {
        self.0
    }

    /// Rebuilds a code from its stored numeric value.
    pub fn uit_getal(waarde: u16) -> Option<Gemeentecode> {
        (waarde <= 9999).then_some(Gemeentecode(waarde))
    }
}

impl fmt::Display for Gemeentecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_c07_gemeentecodes() {
        assert_eq!(Gemeentecode::parse("363"), Err(GemeentecodeFout::Formaat));
        assert_eq!(
            Gemeentecode::parse("0363").map(|g| g.to_string()),
            Ok("0363".into())
        );
        assert_eq!(Gemeentecode::parse("GM0363"), Gemeentecode::parse("0363"));
        assert_eq!(Gemeentecode::parse("gm0363"), Gemeentecode::parse("0363"));
        assert_eq!(Gemeentecode::parse("GM363"), Err(GemeentecodeFout::Formaat));
    }
}
