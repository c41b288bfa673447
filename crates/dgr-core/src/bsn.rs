//! the burgerservicenummer.

use std::fmt;

/// A valid burgerservicenummer: nine digits passing the 11-test, never `000000000`.
///
/// The only way to build one is [`Bsn::parse`] (or [`Bsn::from_u32`] for values read back from
/// storage). `Display` and `Debug` show the masked form (`*****2333`) so that a BSN cannot leak
/// into a log line, a panic or an error message by accident; [`Bsn::cijfers`] gives the full nine
/// digits for the few places that need them (storage, the person's own view).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bsn(u32);

/// Why a text is not a valid BSN. The offending value is never part of the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BsnFout {
    /// Empty after trimming.
    #[error("BSN is leeg")]
    Leeg,
    /// A character other than a digit (after trimming surrounding spaces).
    #[error("BSN bevat andere tekens dan cijfers")]
    GeenCijfers,
    /// Fewer than 8 digits: possibly leading zeros were lost (e.g. by Excel).
    #[error("BSN heeft {0} cijfers; verwacht 9 (zijn voorloopnullen weggevallen?)")]
    TeKort(usize),
    /// More than 9 digits.
    #[error("BSN heeft {0} cijfers; verwacht 9")]
    TeLang(usize),
    /// All zeros.
    #[error("BSN 000000000 is ongeldig")]
    Nul,
    /// The 11-test fails.
    #[error("BSN voldoet niet aan de elfproef")]
    Elfproef,
}

impl BsnFout {
    /// What a page says about a BSN typed into a form, in plain Dutch for an employer or a
    /// member of staff (no "elfproef"); like the error, it never repeats the value.
    pub fn uitleg(self) -> String {
        match self {
            BsnFout::Leeg => "Vul het burgerservicenummer in.".into(),
            BsnFout::GeenCijfers => {
                "Een burgerservicenummer bestaat uit 9 cijfers; spaties, punten en streepjes \
                 ertussen mogen, andere tekens niet."
                    .into()
            }
            BsnFout::TeKort(n) | BsnFout::TeLang(n) => format!(
                "Een burgerservicenummer heeft 9 cijfers; u vulde er {n} in. Controleer of u \
                 alle cijfers goed hebt overgenomen."
            ),
            BsnFout::Nul | BsnFout::Elfproef => "Dit is geen geldig burgerservicenummer. \
                 Controleer of u alle 9 cijfers goed hebt overgenomen."
                .into(),
        }
    }
}

impl Bsn {
    /// Parses a BSN: trims spaces, accepts 9 digits or 8 digits (left-padded with one
    /// zero, for numbers that lost their leading zero), and checks the 11-test
    /// `9·d1+8·d2+…+2·d8−1·d9 ≡ 0 (mod 11)`.
    ///
    /// # Errors
    /// A [`BsnFout`] naming the reason; the value itself is not included.
    pub fn parse(tekst: &str) -> Result<Bsn, BsnFout> {
        let t = tekst.trim();
        if t.is_empty() {
            return Err(BsnFout::Leeg);
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BsnFout::GeenCijfers);
        }
        match t.len() {
            n @ 0..=7 => return Err(BsnFout::TeKort(n)),
            8 | 9 => {}
            n => return Err(BsnFout::TeLang(n)),
        }
        let mut waarde: u32 = 0;
        for b in t.bytes() {
            waarde = waarde * 10 + u32::from(b - b'0');
        }
        Self::from_u32(waarde)
    }

    /// Parses a BSN as a person types it into a page form: the digits may be grouped with
    /// spaces (also non-breaking ones), dots or dashes (`725 569 207`, `725.569.207`,
    /// `725-569-207`); those separators are dropped and the rest is [`Bsn::parse`]. Not for
    /// deliveries, whose columns hold plain digits.
    ///
    /// # Errors
    /// As [`Bsn::parse`]; [`BsnFout::uitleg`] gives the message for the form.
    pub fn uit_invoer(tekst: &str) -> Result<Bsn, BsnFout> {
        let cijfers: String = tekst
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '\u{2010}'..='\u{2013}')))
            .collect();
        Self::parse(&cijfers)
    }

    /// Builds a BSN from its numeric value (as stored), checking R-01.
    ///
    /// # Errors
    /// [`BsnFout::Nul`], [`BsnFout::TeLang`] or [`BsnFout::Elfproef`].
    pub fn from_u32(waarde: u32) -> Result<Bsn, BsnFout> {
        if waarde == 0 {
            return Err(BsnFout::Nul);
        }
        if waarde > 999_999_999 {
            return Err(BsnFout::TeLang(10));
        }
        if !elfproef(waarde) {
            return Err(BsnFout::Elfproef);
        }
        Ok(Bsn(waarde))
    }

    /// The numeric value (for storage).
    pub fn waarde(self) -> u32 {
        self.0
    }

    /// The full nine digits, zero-padded. Personal data: only for storage and the person's own view.
    pub fn cijfers(self) -> String {
        format!("{:09}", self.0)
    }

    /// The masked form `*****2333` (last four digits), safe for logs and error messages.
    pub fn gemaskeerd(self) -> String {
        format!("*****{:04}", self.0 % 10_000)
    }
}

/// The 11-test of R-01 on a number of at most nine digits (weights 9..2 and −1; a tenth digit
/// is not looked at).
///
/// Called for every BSN a report reads back, so written without a loop: the weight −1 of the
/// last digit is taken as 10 (−1 ≡ 10 mod 11), which keeps the sum unsigned, and the digits
/// come from two independent halves of the number.
pub fn elfproef(waarde: u32) -> bool {
    let waarde = waarde % 1_000_000_000;
    // the last four digits (weights 10, 2, 3, 4) and the first five (weights 5 … 9)
    let (hoog, laag) = (waarde / 10_000, waarde % 10_000);
    let som_laag =
        10 * (laag % 10) + 2 * (laag / 10 % 10) + 3 * (laag / 100 % 10) + 4 * (laag / 1000);
    let som_hoog = 5 * (hoog % 10)
        + 6 * (hoog / 10 % 10)
        + 7 * (hoog / 100 % 10)
        + 8 * (hoog / 1000 % 10)
        + 9 * (hoog / 10_000);
    (som_laag + som_hoog) % 11 == 0
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.gemaskeerd())
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bsn({})", self.gemaskeerd())
    }
}

/// Masks any text that may hold a BSN: keeps the last four characters. For error messages about a
/// value that failed to parse as a BSN.
pub fn maskeer_tekst(tekst: &str) -> String {
    let t = tekst.trim();
    let n = t.chars().count();
    if n <= 4 {
        return "*".repeat(n);
    }
    let staart: String = t.chars().skip(n - 4).collect();
    format!("{}{}", "*".repeat(n - 4), staart)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geldig(t: &str) -> bool {
        Bsn::parse(t).is_ok()
    }

    #[test]
    fn r01_voorbeelden_uit_de_regel() {
        // 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 9+8+7+12+10+8+9+6-3 = 66 = 6*11
        assert!(geldig("111222333"));
        // 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8-1*2 = 9+16+21+24+25+24+21+16-2 = 154 = 14*11
        assert!(geldig("123456782"));
        // ... -1*9 instead of -1*2: 147 = 13*11 + 4
        assert!(!geldig("123456789"));
        // 0 + 8*1+7*2+6*3+5*4+4*5+3*6+2*7-1*2 = 8+14+18+20+20+18+14-2 = 110 = 10*11
        assert_eq!(
            Bsn::parse("12345672").map(Bsn::cijfers),
            Ok("012345672".to_string())
        );
        assert!(geldig("999990019"));
        assert!(geldig("999991176"));
    }

    /// The 11-test as R-01 words it, digit by digit from the text: weights 9, 8 … 2 from the
    /// left and −1 for the last digit.
    fn elfproef_uit_de_regel(waarde: u32) -> bool {
        let tekst = format!("{:09}", waarde % 1_000_000_000);
        let som: i64 = tekst
            .chars()
            .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
            .map(|(c, gewicht)| gewicht * i64::from(c.to_digit(10).unwrap_or(0)))
            .sum();
        som % 11 == 0
    }

    #[test]
    fn elfproef_zoals_de_regel_hem_schrijft() {
        // every number of two stretches, and a sample across all nine-digit numbers and beyond
        let stukken = (0..20_000)
            .chain(999_980_000..1_000_020_000)
            .chain((0..u32::MAX / 7_919).map(|i| i * 7_919))
            .chain([u32::MAX]);
        for waarde in stukken {
            assert_eq!(elfproef(waarde), elfproef_uit_de_regel(waarde), "{waarde}");
        }
    }

    #[test]
    fn case_c11_bsn_lengtes() {
        assert_eq!(Bsn::parse("1"), Err(BsnFout::TeKort(1)));
        assert_eq!(Bsn::parse("187318"), Err(BsnFout::TeKort(6)));
        assert_eq!(Bsn::parse("0187318"), Err(BsnFout::TeKort(7)));
        assert_eq!(Bsn::parse("12345672"), Bsn::parse("012345672"));
    }

    #[test]
    fn case_c12_nullen_en_lege_waarden() {
        assert_eq!(Bsn::parse(""), Err(BsnFout::Leeg));
        assert_eq!(Bsn::parse("0"), Err(BsnFout::TeKort(1)));
        assert_eq!(Bsn::parse("000000000"), Err(BsnFout::Nul));
        assert_eq!(Bsn::parse("0111222333"), Err(BsnFout::TeLang(10)));
    }

    #[test]
    fn case_c13_min_een_gewicht() {
        assert_eq!(Bsn::parse("123456789"), Err(BsnFout::Elfproef));
        assert!(geldig("123456782"));
    }

    #[test]
    fn case_c07_vijf_cijfers_te_weinig_noemt_voorloopnullen() {
        let fout = Bsn::parse("5084039")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(fout.contains("voorloopnullen"), "{fout}");
    }

    #[test]
    fn invoer_met_spaties_punten_en_streepjes() {
        // 725569207: 9*7+8*2+7*5+6*5+5*6+4*9+3*2+2*0-1*7 = 63+16+35+30+30+36+6+0-7 = 209 = 19*11
        let verwacht = Bsn::parse("725569207");
        assert!(verwacht.is_ok());
        for t in [
            "725 569 207",
            "725.569.207",
            "725-569-207",
            " 7255 69207 ",
            "725\u{a0}569\u{a0}207",
            "725\u{2013}569\u{2013}207",
        ] {
            assert_eq!(Bsn::uit_invoer(t), verwacht, "{t:?}");
        }
        // other characters stay refused, and the length counts digits only
        assert_eq!(Bsn::uit_invoer("725/569/207"), Err(BsnFout::GeenCijfers));
        assert_eq!(Bsn::uit_invoer("725 569 2"), Err(BsnFout::TeKort(7)));
        assert_eq!(Bsn::uit_invoer("725 569 2071"), Err(BsnFout::TeLang(10)));
        assert_eq!(Bsn::uit_invoer(" . - "), Err(BsnFout::Leeg));
        // a typo in one digit: 725569208 gives 209 - 1 = 208 = 18*11 + 10
        assert_eq!(Bsn::uit_invoer("725 569 208"), Err(BsnFout::Elfproef));
    }

    #[test]
    fn uitleg_in_gewone_taal_zonder_de_waarde() {
        let t = BsnFout::Elfproef.uitleg();
        assert_eq!(
            t,
            "Dit is geen geldig burgerservicenummer. Controleer of u alle 9 cijfers goed hebt overgenomen."
        );
        assert!(!t.contains("elfproef"));
        assert!(BsnFout::TeLang(11).uitleg().contains("u vulde er 11 in"));
        assert_eq!(BsnFout::Leeg.uitleg(), "Vul het burgerservicenummer in.");
    }

    #[test]
    fn maskeren_toont_alleen_laatste_vier_cijfers() {
        let bsn = Bsn::parse("111222333").ok();
        assert_eq!(bsn.map(|b| b.to_string()), Some("*****2333".to_string()));
        assert_eq!(
            bsn.map(|b| format!("{b:?}")),
            Some("Bsn(*****2333)".to_string())
        );
        assert_eq!(maskeer_tekst("123456789"), "*****6789");
        assert_eq!(maskeer_tekst("12"), "**");
    }

    mod eigenschappen {
        use super::super::*;
        use proptest::prelude::*;

        /// Independent 11-test: weights written out as in R-01.
        fn elfproef_uitgeschreven(d: &[u32; 9]) -> bool {
            let w = [9i64, 8, 7, 6, 5, 4, 3, 2, -1];
            let som: i64 = d.iter().zip(w).map(|(c, g)| i64::from(*c) * g).sum();
            som % 11 == 0
        }

        proptest! {
            #[test]
            fn parse_volgt_de_uitgeschreven_elfproef(d in proptest::array::uniform9(0u32..10)) {
                let tekst: String = d.iter().map(|c| char::from(b'0' + *c as u8)).collect();
                let verwacht = elfproef_uitgeschreven(&d) && tekst != "000000000";
                prop_assert_eq!(Bsn::parse(&tekst).is_ok(), verwacht);
            }

            #[test]
            fn gemaskeerde_vorm_bevat_nooit_het_hele_nummer(n in 1u32..=999_999_999) {
                if let Ok(bsn) = Bsn::from_u32(n) {
                    let m = bsn.to_string();
                    prop_assert!(!m.contains(&bsn.cijfers()));
                    prop_assert_eq!(m.len(), 9);
                }
            }

            #[test]
            fn spaties_rondom_maken_niet_uit(n in 1u32..=999_999_999) {
                let t = format!("{n:09}");
                prop_assert_eq!(Bsn::parse(&t), Bsn::parse(&format!("  {t} ")));
            }
        }
    }
}
