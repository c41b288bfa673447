//! the loonheffingennummer and its fiscaal nummer.

use std::fmt;

use crate::bsn::elfproef;

/// The 9-digit fiscaal nummer (RSIN) of an employer; groups all its lhn subnumbers. The quota
/// is computed at this level.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct FiscaalNummer(u32);

impl FiscaalNummer {
    /// Parses nine digits passing the 11-test of R-01 (RSIN rule).
    ///
    /// # Errors
    /// [`LhnFout`] when the format or the 11-test fails.
    pub fn parse(tekst: &str) -> Result<FiscaalNummer, LhnFout> {
        let t = tekst.trim();
        if t.len() != 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LhnFout::Formaat);
        }
        FiscaalNummer::uit_waarde(
            t.bytes()
                .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')),
        )
    }

    /// The fiscaal nummer of a value that passes the 11-test; both callers give one below
    /// 10^9 (nine digits, or a stored lhn divided by 100).
    fn uit_waarde(waarde: u32) -> Result<FiscaalNummer, LhnFout> {
        if waarde == 0 || !elfproef(waarde) {
            return Err(LhnFout::Elfproef);
        }
        Ok(FiscaalNummer(waarde))
    }

    /// The numeric value.
    pub fn waarde(self) -> u32 {
        self.0
    }
}

impl fmt::Display for FiscaalNummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:09}", self.0)
    }
}

/// A loonheffingennummer: fiscaal nummer + `L` + two-digit subnumber, e.g. `123456782L01`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Loonheffingennummer {
    fiscaal: FiscaalNummer,
    sub: u8,
}

/// Why a text is not a valid loonheffingennummer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LhnFout {
    /// Not of the form `^\d{9}L\d{2}$`.
    #[error("loonheffingennummer heeft niet de vorm 123456782L01")]
    Formaat,
    /// The fiscaal nummer fails the 11-test.
    #[error("fiscaal nummer voldoet niet aan de elfproef")]
    Elfproef,
}

impl Loonheffingennummer {
    /// Parses: trim, upper-case, `^\d{9}L\d{2}$`, fiscaal nummer passes the 11-test.
    ///
    /// # Errors
    /// [`LhnFout`].
    pub fn parse(tekst: &str) -> Result<Loonheffingennummer, LhnFout> {
        // the L in either case, without an upper-cased copy of the text (a polis row has two
        // lhns; the copy was a quarter of reading one, issue #13)
        let t = tekst.trim();
        let b = t.as_bytes();
        if b.len() != 12
            || !b[9].eq_ignore_ascii_case(&b'L')
            || !b[10..].iter().all(u8::is_ascii_digit)
        {
            return Err(LhnFout::Formaat);
        }
        // byte 9 is an ASCII L, so the first nine bytes end on a character boundary
        let fiscaal = FiscaalNummer::parse(&t[..9])?;
        let sub = (b[10] - b'0') * 10 + (b[11] - b'0');
        Ok(Loonheffingennummer { fiscaal, sub })
    }

    /// The fiscaal nummer this lhn belongs to.
    pub fn fiscaal_nummer(self) -> FiscaalNummer {
        self.fiscaal
    }

    /// The subnumber (01 in `…L01`).
    pub fn subnummer(self) -> u8 {
        self.sub
    }

    /// Compact numeric form for storage: fiscaal nummer × 100 + subnumber.
    pub fn als_getal(self) -> i64 {
        i64::from(self.fiscaal.0) * 100 + i64::from(self.sub)
    }

    /// Inverse of [`Loonheffingennummer::als_getal`]: the same checks as [`Loonheffingennummer::parse`]
    /// of the value written as `{fiscaal:09}L{sub:02}`, by arithmetic (reports read millions of
    /// stored lhns; through text this was 40% of reading a polis row, issue #13).
    ///
    /// # Errors
    /// [`LhnFout`] when the value is not a valid stored lhn.
    pub fn uit_getal(waarde: i64) -> Result<Loonheffingennummer, LhnFout> {
        if !(0..100_000_000_000).contains(&waarde) {
            return Err(LhnFout::Formaat);
        }
        // within the range checked above both fit (below 10^9 and 100): these never fail
        let fiscaal = u32::try_from(waarde / 100).map_err(|_| LhnFout::Formaat)?;
        let sub = u8::try_from(waarde % 100).map_err(|_| LhnFout::Formaat)?;
        Ok(Loonheffingennummer {
            fiscaal: FiscaalNummer::uit_waarde(fiscaal)?,
            sub,
        })
    }
}

impl fmt::Display for Loonheffingennummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}L{:02}", self.fiscaal, self.sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r02_en_case_c13() {
        // 123456782 passes the 11-test (sum 154 ).
        let lhn = Loonheffingennummer::parse("123456782L01");
        assert_eq!(lhn.map(|l| l.to_string()), Ok("123456782L01".to_string()));
        assert_eq!(
            Loonheffingennummer::parse("123456789L01"),
            Err(LhnFout::Elfproef)
        );
        assert_eq!(
            Loonheffingennummer::parse("123456782L1"),
            Err(LhnFout::Formaat)
        );
        // spaces around it are trimmed, and the L may be lower case
        assert!(Loonheffingennummer::parse(" 123456782l02 ").is_ok());
        assert_eq!(
            Loonheffingennummer::parse("123456782l02").map(|l| l.to_string()),
            Ok("123456782L02".to_string())
        );
        // another letter, or a multi-byte character where the L or a digit belongs; the fourth
        // is 12 bytes with its L at byte 9 and an é (2 bytes) among the first nine
        for t in [
            "123456782M01",
            "123456782ŀ01",
            "12345678éL01",
            "1234567éL01",
            "123456782L0é",
            "１23456782L01",
        ] {
            assert_eq!(Loonheffingennummer::parse(t), Err(LhnFout::Formaat), "{t}");
        }
    }

    #[test]
    fn case_c13_subnummers_delen_een_fiscaal_nummer() -> Result<(), LhnFout> {
        let a = Loonheffingennummer::parse("123456782L01")?;
        let b = Loonheffingennummer::parse("123456782L02")?;
        assert_ne!(a, b);
        assert_eq!(a.fiscaal_nummer(), b.fiscaal_nummer());
        assert_eq!(Loonheffingennummer::uit_getal(b.als_getal()), Ok(b));
        Ok(())
    }

    /// `uit_getal` by arithmetic gives what parsing the text `{fiscaal:09}L{sub:02}` gives (its
    /// former definition): by hand for a valid lhn (123456782 passes the 11-test, R-01), a
    /// failing fiscaal nummer (123456789), zero and both ends of the range; then for every
    /// subnumber of a spread of fiscaal nummers (a stride of 7,777,777 crosses every digit).
    #[test]
    fn uit_getal_zoals_de_tekst() {
        let lhn = |f: u32, s: u8| Loonheffingennummer {
            fiscaal: FiscaalNummer(f),
            sub: s,
        };
        assert_eq!(
            Loonheffingennummer::uit_getal(12_345_678_201),
            Ok(lhn(123_456_782, 1))
        );
        assert_eq!(
            Loonheffingennummer::uit_getal(12_345_678_999),
            Err(LhnFout::Elfproef)
        );
        assert_eq!(Loonheffingennummer::uit_getal(0), Err(LhnFout::Elfproef));
        assert_eq!(Loonheffingennummer::uit_getal(-1), Err(LhnFout::Formaat));
        assert_eq!(
            Loonheffingennummer::uit_getal(100_000_000_000),
            Err(LhnFout::Formaat)
        );
        let mut geldig = 0;
        for fiscaal in (0..1_000_000_000i64).step_by(7_777_777) {
            for sub in 0..100 {
                let waarde = fiscaal * 100 + sub;
                let via_tekst = Loonheffingennummer::parse(&format!("{:09}L{:02}", fiscaal, sub));
                assert_eq!(
                    Loonheffingennummer::uit_getal(waarde),
                    via_tekst,
                    "{waarde}"
                );
                geldig += usize::from(via_tekst.is_ok());
            }
        }
        // about one in eleven fiscaal nummers passes: the loop did meet valid ones
        assert!(geldig > 0);
    }
}
