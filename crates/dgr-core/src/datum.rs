//! civil dates, incomplete BRP dates and half-open periods, and the date forms that
//! deliveries use (FORMATS.md "Dates").

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Why a text is not an acceptable date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatumFout {
    /// Empty where a date is required.
    #[error("datum ontbreekt")]
    Leeg,
    /// A two-digit year: never guessed (case C10).
    #[error("jaartal met twee cijfers is niet toegestaan; gebruik JJJJ-MM-DD")]
    TweeCijferigJaar,
    /// A number that looks like an Excel serial date in text (case C08).
    #[error("lijkt een Excel-serienummer; lever de datum als JJJJ-MM-DD")]
    Serienummer,
    /// Not one of the accepted forms.
    #[error("onbekend datumformaat; gebruik JJJJ-MM-DD, DD-MM-JJJJ of JJJJMMDD")]
    Formaat,
    /// Well-formed but the day does not exist (e.g. 31-02-2024).
    #[error("datum bestaat niet")]
    Onmogelijk,
    /// An incomplete BRP date (`00` day or month) where the column needs a complete date.
    #[error("onvolledige datum is hier niet toegestaan")]
    Onvolledig,
}

/// Parses a complete civil date in one of the delivery forms: `JJJJ-MM-DD`, `DD-MM-JJJJ`,
/// `D-M-JJJJ`, the same with `/`, or `JJJJMMDD` (R-04, FORMATS.md).
///
/// # Errors
/// [`DatumFout`]; incomplete dates give [`DatumFout::Onvolledig`].
pub fn parse_datum(tekst: &str) -> Result<NaiveDate, DatumFout> {
    match parse_brp_datum(tekst)? {
        BrpDatum::Volledig(d) => Ok(d),
        BrpDatum::Onvolledig { .. } => Err(DatumFout::Onvolledig),
    }
}

/// The Dutch month names (and their usual abbreviations) a person may type in a date.
const MAANDEN: [(&str, &str); 12] = [
    ("januari", "jan"),
    ("februari", "feb"),
    ("maart", "mrt"),
    ("april", "apr"),
    ("mei", "mei"),
    ("juni", "jun"),
    ("juli", "jul"),
    ("augustus", "aug"),
    ("september", "sep"),
    ("oktober", "okt"),
    ("november", "nov"),
    ("december", "dec"),
];

/// Parses a date as a person types it into a page form: every form of [`parse_datum`]
/// (`2026-01-05`, `05-01-2026`, `5-1-2026`, `5/1/2026`), also with dots (`5.1.2026`) or spaces
/// around the separators, and with the month written out (`5 januari 2026`, `5 jan. 2026`).
/// Not for deliveries, whose forms are fixed (FORMATS.md).
///
/// # Errors
/// [`DatumFout`]; [`DatumFout::uitleg`] gives the message for the form.
pub fn parse_invoerdatum(tekst: &str) -> Result<NaiveDate, DatumFout> {
    let t = tekst.trim().to_lowercase();
    let woorden: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    if let [dag, maand, jaar] = woorden.as_slice()
        && let Some(nr) = MAANDEN
            .iter()
            .position(|(voluit, kort)| maand == voluit || maand == kort)
    {
        let cijfers = |s: &str| !s.is_empty() && s.bytes().all(|x| x.is_ascii_digit());
        if !(cijfers(dag) && cijfers(jaar) && dag.len() <= 2) {
            return Err(DatumFout::Formaat);
        }
        if jaar.len() != 4 {
            return Err(DatumFout::TweeCijferigJaar);
        }
        let maand = u32::try_from(nr + 1).map_err(|_| DatumFout::Formaat)?;
        return match BrpDatum::uit_delen(getal(jaar)?, maand, getal(dag)?)? {
            BrpDatum::Volledig(d) => Ok(d),
            BrpDatum::Onvolledig { .. } => Err(DatumFout::Onvolledig),
        };
    }
    // digits only, with one kind of separator: the delivery forms
    parse_datum(&woorden.join(if woorden.len() == 3 { "-" } else { "" }))
}

impl DatumFout {
    /// What a page says about a date typed into a form, in plain Dutch (the error's own text
    /// speaks of deliveries).
    pub fn uitleg(&self) -> &'static str {
        match self {
            DatumFout::Leeg => "Vul een datum in.",
            DatumFout::TweeCijferigJaar => {
                "Vul het jaar met 4 cijfers in, bijvoorbeeld 05-01-2026."
            }
            DatumFout::Onmogelijk | DatumFout::Onvolledig => {
                "Deze datum bestaat niet. Controleer de dag en de maand."
            }
            DatumFout::Serienummer | DatumFout::Formaat => {
                "Vul de datum in als dag-maand-jaar, bijvoorbeeld 05-01-2026."
            }
        }
    }
}

/// Parses a date that may be incomplete in the BRP way (`JJJJ-MM-00`, `JJJJ-00-00`, `19610100`,
/// `00000000`), for the columns that allow it (`geboortedatum`).
///
/// # Errors
/// [`DatumFout`].
pub fn parse_brp_datum(tekst: &str) -> Result<BrpDatum, DatumFout> {
    let t = tekst.trim();
    if t.is_empty() {
        return Err(DatumFout::Leeg);
    }
    let (jaar, maand, dag) = delen(t)?;
    BrpDatum::uit_delen(jaar, maand, dag)
}

/// Splits a date text into (year, month, day) numbers, checking the form only.
fn delen(t: &str) -> Result<(u32, u32, u32), DatumFout> {
    match tien_tekens(t.as_bytes()) {
        Some(delen) => Ok(delen),
        None => delen_algemeen(t),
    }
}

/// [`delen`] for the two ten-character forms nearly every delivery uses, `JJJJ-MM-DD` and
/// `DD-MM-JJJJ`, read digit by digit: a polis row has two dates, and the general way (scans,
/// a split, three number parses) took some 570 instructions a date (issue #13). `None` for
/// any other text, which [`delen_algemeen`] reads, with the same outcome for these two forms.
fn tien_tekens(t: &[u8]) -> Option<(u32, u32, u32)> {
    let getal = |van: usize, tot: usize| -> Option<u32> {
        t.get(van..tot)?.iter().try_fold(0, |n: u32, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    match t {
        [_, _, _, _, b'-', _, _, b'-', _, _] => Some((getal(0, 4)?, getal(5, 7)?, getal(8, 10)?)),
        [_, _, b'-', _, _, b'-', _, _, _, _] => Some((getal(6, 10)?, getal(3, 5)?, getal(0, 2)?)),
        _ => None,
    }
}

/// [`delen`] for every form.
fn delen_algemeen(t: &str) -> Result<(u32, u32, u32), DatumFout> {
    let alle_cijfers = t.bytes().all(|b| b.is_ascii_digit());
    if alle_cijfers {
        return match t.len() {
            8 => Ok((getal(&t[..4])?, getal(&t[4..6])?, getal(&t[6..])?)),
            // 1..=5 digits: a day count from Excel (e.g. 45383) pasted as text.
            1..=5 => Err(DatumFout::Serienummer),
            6 => Err(DatumFout::TweeCijferigJaar),
            _ => Err(DatumFout::Formaat),
        };
    }
    let scheiding = if t.contains('-') { '-' } else { '/' };
    // three parts, without collecting them (a delivery's two dates per row, issue #13)
    let mut stukken = t.split(scheiding);
    let (Some(a), Some(b), Some(c), None) = (
        stukken.next(),
        stukken.next(),
        stukken.next(),
        stukken.next(),
    ) else {
        return Err(DatumFout::Formaat);
    };
    let cijfers = |s: &str| !s.is_empty() && s.bytes().all(|x| x.is_ascii_digit());
    if !(cijfers(a) && cijfers(b) && cijfers(c)) {
        return Err(DatumFout::Formaat);
    }
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        Ok((getal(a)?, getal(b)?, getal(c)?))
    } else if a.len() <= 2 && b.len() <= 2 && c.len() == 4 {
        Ok((getal(c)?, getal(b)?, getal(a)?))
    } else if a.len() <= 2 && b.len() <= 2 && c.len() == 2 {
        Err(DatumFout::TweeCijferigJaar)
    } else {
        Err(DatumFout::Formaat)
    }
}

fn getal(s: &str) -> Result<u32, DatumFout> {
    s.parse().map_err(|_| DatumFout::Formaat)
}

/// A date as the BRP knows it: complete, or with an unknown day, month or year (`00`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum BrpDatum {
    /// A complete civil date.
    Volledig(NaiveDate),
    /// Day unknown (`dag` = None), month and day unknown, or everything unknown (`jaar` = None).
    Onvolledig {
        /// The year, if known.
        jaar: Option<i32>,
        /// The month (1..=12), if known; only with a known year.
        maand: Option<u32>,
    },
}

impl BrpDatum {
    /// Builds a BRP date from numbers where 0 means unknown. A known part below an unknown one
    /// (a day without a month) is invalid.
    ///
    /// # Errors
    /// [`DatumFout::Onmogelijk`] or [`DatumFout::Formaat`].
    pub fn uit_delen(jaar: u32, maand: u32, dag: u32) -> Result<BrpDatum, DatumFout> {
        match (jaar, maand, dag) {
            (0, 0, 0) => Ok(BrpDatum::Onvolledig {
                jaar: None,
                maand: None,
            }),
            (0, _, _) => Err(DatumFout::Formaat),
            (j, 0, 0) => Ok(BrpDatum::Onvolledig {
                jaar: Some(jaar_i32(j)?),
                maand: None,
            }),
            (_, 0, _) => Err(DatumFout::Formaat),
            (j, m, 0) if (1..=12).contains(&m) => Ok(BrpDatum::Onvolledig {
                jaar: Some(jaar_i32(j)?),
                maand: Some(m),
            }),
            (j, m, d) => NaiveDate::from_ymd_opt(jaar_i32(j)?, m, d)
                .map(BrpDatum::Volledig)
                .ok_or(DatumFout::Onmogelijk),
        }
    }

    /// The latest date this value can stand for (R-12: so nobody leaves the register too early):
    /// unknown day → last day of the month; unknown month → 31 December; unknown year → `None`.
    pub fn laatst_mogelijke(self) -> Option<NaiveDate> {
        match self {
            BrpDatum::Volledig(d) => Some(d),
            BrpDatum::Onvolledig { jaar: None, .. } => None,
            BrpDatum::Onvolledig {
                jaar: Some(j),
                maand: None,
            } => NaiveDate::from_ymd_opt(j, 12, 31),
            BrpDatum::Onvolledig {
                jaar: Some(j),
                maand: Some(m),
            } => laatste_dag_van_maand(j, m),
        }
    }

    /// Whether day, month and year are all known.
    pub fn is_volledig(self) -> bool {
        matches!(self, BrpDatum::Volledig(_))
    }

    /// Storage and display form `JJJJ-MM-DD` with `00` for unknown parts (`0000-00-00` unknown).
    pub fn als_tekst(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for BrpDatum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BrpDatum::Volledig(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            BrpDatum::Onvolledig { jaar, maand } => {
                write!(f, "{:04}-{:02}-00", jaar.unwrap_or(0), maand.unwrap_or(0))
            }
        }
    }
}

fn jaar_i32(j: u32) -> Result<i32, DatumFout> {
    i32::try_from(j).map_err(|_| DatumFout::Formaat)
}

/// The last day of month `maand` of `jaar`.
pub fn laatste_dag_van_maand(jaar: i32, maand: u32) -> Option<NaiveDate> {
    let (vj, vm) = if maand == 12 {
        (jaar + 1, 1)
    } else {
        (jaar, maand + 1)
    };
    NaiveDate::from_ymd_opt(vj, vm, 1)?.pred_opt()
}

/// The first day of the month of `d`.
pub fn eerste_van_maand(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// A half-open period `[begin, einde)` of civil dates; `einde = None` is open.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct Periode {
    /// First day in the period (ingangsdatum).
    pub begin: NaiveDate,
    /// First day no longer in the period (einddatum), or open.
    pub einde: Option<NaiveDate>,
}

impl Periode {
    /// A period `[begin, einde)`; `None` if it would be empty or reversed.
    pub fn new(begin: NaiveDate, einde: Option<NaiveDate>) -> Option<Periode> {
        match einde {
            Some(e) if e <= begin => None,
            _ => Some(Periode { begin, einde }),
        }
    }

    /// Whether day `d` lies in the period: `begin ≤ d < einde`.
    pub fn bevat(&self, d: NaiveDate) -> bool {
        self.begin <= d && self.einde.is_none_or(|e| d < e)
    }

    /// Number of days of `[van, tot)` that lie in this period (0 when disjoint).
    pub fn dagen_binnen(&self, van: NaiveDate, tot: NaiveDate) -> i64 {
        let begin = self.begin.max(van);
        let einde = self.einde.map_or(tot, |e| e.min(tot));
        (einde - begin).num_days().max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
    }

    #[test]
    fn r04_datumvormen() {
        assert_eq!(parse_datum("2024-03-01"), Ok(d(2024, 3, 1)));
        assert_eq!(parse_datum("01-03-2024"), Ok(d(2024, 3, 1)));
        assert_eq!(parse_datum("1-3-2024"), Ok(d(2024, 3, 1)));
        assert_eq!(parse_datum("1/3/2024"), Ok(d(2024, 3, 1)));
        assert_eq!(parse_datum("20240301"), Ok(d(2024, 3, 1)));
        assert_eq!(parse_datum(" 2024-03-01 "), Ok(d(2024, 3, 1)));
        assert_eq!(parse_datum("31-02-2024"), Err(DatumFout::Onmogelijk));
        assert_eq!(parse_datum("2024-13-01"), Err(DatumFout::Onmogelijk));
        assert_eq!(parse_datum("2024/03-01"), Err(DatumFout::Formaat));
        assert_eq!(parse_datum(""), Err(DatumFout::Leeg));
        // exactly three parts: two or four are no date, nor is an empty part
        for t in [
            "2024-03",
            "01-03-2024-1",
            "2024-03-01-",
            "-2024-03-01",
            "01--2024",
        ] {
            assert_eq!(parse_datum(t), Err(DatumFout::Formaat), "{t}");
        }
    }

    /// The fast reading of `JJJJ-MM-DD` and `DD-MM-JJJJ` gives what the general one gives:
    /// for hand-picked texts (a digit replaced by a letter, a sign, a space; the separators
    /// moved or mixed) and for every text of those two shapes made of digits and a few other
    /// characters; and it reads every date of both forms.
    #[test]
    fn tien_tekens_zoals_de_algemene_weg() {
        let zelfde = |t: &str| {
            if let Some(snel) = tien_tekens(t.as_bytes()) {
                assert_eq!(Ok(snel), delen_algemeen(t), "{t}");
            }
        };
        for t in [
            "2024-03-01",
            "01-03-2024",
            "0000-00-00",
            "00-00-0000",
            "9999-99-99",
            "2024-0a-01",
            "+024-03-01",
            "2024-03-+1",
            "01-03-202 ",
            " 1-03-2024",
            "2024/03-01",
            "01-03/2024",
            "2024-03-1-",
            "1-03-2024-",
            "24-03-01-2",
        ] {
            zelfde(t);
        }
        assert_eq!(tien_tekens(b"2024-03-01"), Some((2024, 3, 1)));
        assert_eq!(tien_tekens(b"01-03-2024"), Some((2024, 3, 1)));
        assert_eq!(tien_tekens(b"2024/03/01"), None);
        assert_eq!(tien_tekens(b"2024-0a-01"), None);
        // every choice of one of six characters at positions 0, 3, 6 and 9 (the others as in
        // the shape): 6^4 = 1,296 texts per shape, choice n taking character n / 6^p % 6 at
        // the p-th position
        let tekens = ['0', '1', '9', 'x', '-', ' '];
        for vorm in ["0000-00-00", "00-00-0000"] {
            for n in 0..tekens.len().pow(4) {
                let mut t: Vec<char> = vorm.chars().collect();
                for (p, plek) in [0, 3, 6, 9].into_iter().enumerate() {
                    t[plek] = tekens[n / tekens.len().pow(p as u32) % tekens.len()];
                }
                zelfde(&t.iter().collect::<String>());
            }
        }
        proptest::proptest!(|(j in 0u32..10_000, m in 0u32..100, d in 0u32..100)| {
            let iso = format!("{j:04}-{m:02}-{d:02}");
            let nl = format!("{d:02}-{m:02}-{j:04}");
            proptest::prop_assert_eq!(tien_tekens(iso.as_bytes()), Some((j, m, d)));
            proptest::prop_assert_eq!(tien_tekens(nl.as_bytes()), Some((j, m, d)));
            proptest::prop_assert_eq!(delen_algemeen(&iso), Ok((j, m, d)));
            proptest::prop_assert_eq!(delen_algemeen(&nl), Ok((j, m, d)));
        });
    }

    #[test]
    fn invoerdatums_zoals_mensen_ze_typen() {
        let vijf_januari = Ok(d(2026, 1, 5));
        for t in [
            "2026-01-05",
            "05-01-2026",
            "5-1-2026",
            "5/1/2026",
            "5.1.2026",
            "05.01.2026",
            " 5 - 1 - 2026 ",
            "5 januari 2026",
            "5 Januari 2026",
            "5 jan 2026",
            "5 jan. 2026",
            "05-jan-2026",
            "20260105",
        ] {
            assert_eq!(parse_invoerdatum(t), vijf_januari, "{t:?}");
        }
        assert_eq!(parse_invoerdatum("1 mrt 2024"), Ok(d(2024, 3, 1)));
        assert_eq!(parse_invoerdatum("31 december 2025"), Ok(d(2025, 12, 31)));
        // 2026 is not a leap year: 29 February does not exist
        assert_eq!(
            parse_invoerdatum("29 februari 2026"),
            Err(DatumFout::Onmogelijk)
        );
        assert_eq!(parse_invoerdatum("31-04-2026"), Err(DatumFout::Onmogelijk));
        assert_eq!(
            parse_invoerdatum("5 jan 26"),
            Err(DatumFout::TweeCijferigJaar)
        );
        assert_eq!(
            parse_invoerdatum("5-1-26"),
            Err(DatumFout::TweeCijferigJaar)
        );
        assert_eq!(parse_invoerdatum("5 janvier 2026"), Err(DatumFout::Formaat));
        assert_eq!(parse_invoerdatum("gisteren"), Err(DatumFout::Formaat));
        assert_eq!(parse_invoerdatum("  "), Err(DatumFout::Leeg));
        assert_eq!(
            DatumFout::Formaat.uitleg(),
            "Vul de datum in als dag-maand-jaar, bijvoorbeeld 05-01-2026."
        );
    }

    #[test]
    fn case_c10_tweecijferig_jaar_is_een_fout() {
        assert_eq!(parse_datum("01-01-61"), Err(DatumFout::TweeCijferigJaar));
        assert_eq!(parse_datum("010161"), Err(DatumFout::TweeCijferigJaar));
        assert_eq!(parse_brp_datum("1-1-61"), Err(DatumFout::TweeCijferigJaar));
    }

    #[test]
    fn case_c08_serienummer_in_tekst_is_een_fout() {
        assert_eq!(parse_datum("45383"), Err(DatumFout::Serienummer));
    }

    #[test]
    fn case_c18_onvolledige_brp_datums() {
        // 19610100: day unknown -> latest 1961-01-31
        let a = parse_brp_datum("19610100");
        assert_eq!(a.map(BrpDatum::laatst_mogelijke), Ok(Some(d(1961, 1, 31))));
        // 19610000: month unknown -> 1961-12-31
        let b = parse_brp_datum("19610000");
        assert_eq!(b.map(BrpDatum::laatst_mogelijke), Ok(Some(d(1961, 12, 31))));
        // 00000000: nothing known
        assert_eq!(
            parse_brp_datum("00000000").map(BrpDatum::laatst_mogelijke),
            Ok(None)
        );
        assert_eq!(
            parse_brp_datum("1961-02-00").map(BrpDatum::laatst_mogelijke),
            Ok(Some(d(1961, 2, 28)))
        );
        assert_eq!(
            parse_brp_datum("1960-02-00").map(BrpDatum::laatst_mogelijke),
            Ok(Some(d(1960, 2, 29)))
        );
        // a known day under an unknown month is malformed
        assert_eq!(parse_brp_datum("1961-00-15"), Err(DatumFout::Formaat));
        // complete-only columns refuse them
        assert_eq!(parse_datum("1961-01-00"), Err(DatumFout::Onvolledig));
        assert_eq!(
            parse_brp_datum("19610100").map(|x| x.to_string()),
            Ok("1961-01-00".into())
        );
        assert_eq!(
            parse_brp_datum("00000000").map(|x| x.to_string()),
            Ok("0000-00-00".into())
        );
    }

    #[test]
    fn case_c22_halfopen_perioden() -> Result<(), &'static str> {
        let eerste = Periode::new(d(2024, 1, 1), Some(d(2024, 7, 1))).ok_or("leeg")?;
        let tweede = Periode::new(d(2024, 7, 1), None).ok_or("leeg")?;
        let ingeschreven = |x| eerste.bevat(x) || tweede.bevat(x);
        assert!(ingeschreven(d(2024, 6, 30)));
        assert!(ingeschreven(d(2024, 7, 1)));
        // Q3 2024 = [07-01, 10-01): July 31 + August 31 + September 30 = 92 days
        let q3 = eerste.dagen_binnen(d(2024, 7, 1), d(2024, 10, 1))
            + tweede.dagen_binnen(d(2024, 7, 1), d(2024, 10, 1));
        assert_eq!(q3, 92);
        let een_dag = Periode::new(d(2024, 3, 15), Some(d(2024, 3, 16))).ok_or("leeg")?;
        assert_eq!(een_dag.dagen_binnen(d(2024, 1, 1), d(2025, 1, 1)), 1);
        assert!(een_dag.bevat(d(2024, 3, 15)) && !een_dag.bevat(d(2024, 3, 16)));
        assert_eq!(Periode::new(d(2024, 3, 15), Some(d(2024, 3, 15))), None);
        Ok(())
    }

    mod eigenschappen {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn elke_bestaande_datum_leest_terug_in_alle_vormen(dagnr in 0i64..80_000) {
                let datum = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() + chrono::Days::new(dagnr as u64);
                let (j, m, dag) = (datum.year(), datum.month(), datum.day());
                for vorm in [
                    format!("{j:04}-{m:02}-{dag:02}"),
                    format!("{dag:02}-{m:02}-{j:04}"),
                    format!("{dag}/{m}/{j:04}"),
                    format!("{j:04}{m:02}{dag:02}"),
                ] {
                    prop_assert_eq!(parse_datum(&vorm), Ok(datum));
                }
            }

            #[test]
            fn onmogelijke_dagen_worden_geweigerd(j in 1900i32..2100, m in 1u32..=12, dag in 29u32..=31) {
                let bestaat = NaiveDate::from_ymd_opt(j, m, dag).is_some();
                let uitkomst = parse_datum(&format!("{j:04}-{m:02}-{dag:02}"));
                prop_assert_eq!(uitkomst.is_ok(), bestaat);
                if !bestaat { prop_assert_eq!(uitkomst, Err(DatumFout::Onmogelijk)); }
            }

            #[test]
            fn laatst_mogelijke_ligt_in_dezelfde_maand(j in 1900i32..2100, m in 1u32..=12) {
                let laatst = BrpDatum::uit_delen(j as u32, m, 0).ok().and_then(BrpDatum::laatst_mogelijke);
                prop_assert!(laatst.is_some_and(|x| x.month() == m && x.succ_opt().is_some_and(|n| n.month() != m)));
            }
        }
    }
}
