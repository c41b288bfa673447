//! Property tests of the readers (issue #9, quality bar: "property tests in the normal suite").
//!
//! Each property states what holds for every input of a family that proptest generates: any
//! bytes at all; valid `polis` and `registraties` deliveries in every dialect FORMATS.md allows
//! (`;` or `,`, LF or CRLF, with or without BOM and `sep=` line, blank lines, quoted fields over
//! several lines); one bad row among valid ones; and the same rows as CSV and as XLSX. Expected
//! values come from the generated rows themselves (the digits, dates and hours that were
//! written), and expected line numbers from counting the lines that were written.

use std::sync::LazyLock;

use chrono::{Datelike as _, NaiveDate};
use dgr_core::tekst::{MAX_FRAGMENT, is_stuurteken};
use dgr_core::{Bron, LeveringSoort, Referentie};
use proptest::prelude::*;

use crate::{BestandFout, Context, Grenzen, Ingelezen, Rijen, lees_levering};

const ONTVANGEN_OP: NaiveDate = match NaiveDate::from_ymd_opt(2026, 6, 30) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

static REFERENTIE: LazyLock<Referentie> = LazyLock::new(|| match Referentie::ingebouwd() {
    Ok(r) => r,
    Err(e) => unreachable!("{e}"),
});

/// Small limits, so that short generated inputs reach every limit check too.
const KLEINE_GRENZEN: Grenzen = Grenzen {
    max_kolommen: 8,
    max_veld_bytes: 32,
    max_regel_bytes: 128,
    xlsx_max_rijen: 40,
    xlsx_max_onderdelen: 16,
    xlsx_max_deel_bytes: 16 * 1024,
    xlsx_max_uitgepakt_bytes: 48 * 1024,
    xlsx_max_gedeelde_teksten_bytes: 4 * 1024,
    xlsx_max_gedeelde_teksten: 64,
};

fn lees(soort: LeveringSoort, grenzen: Grenzen, inhoud: &[u8]) -> Result<Ingelezen, BestandFout> {
    let bron = match soort {
        LeveringSoort::Personen => Bron::Brp,
        _ => Bron::Uwv,
    };
    lees_levering(
        inhoud,
        "eigenschap.csv",
        Context {
            soort,
            bron,
            referentie: &REFERENTIE,
            ontvangen_op: ONTVANGEN_OP,
            grenzen,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Nine digits that pass the 11-test of R-01 (also the fiscal number of an lhn, R-02): eight
/// digits d1..d8, not all zero, and d9 = (9·d1 + 8·d2 + … + 2·d8) mod 11 when that is a digit.
fn elfproef_cijfers() -> impl Strategy<Value = String> {
    (1u32..100_000_000).prop_filter_map("controlecijfer zou 10 zijn", |voor| {
        let tekst = format!("{voor:08}");
        let som: u32 = tekst
            .bytes()
            .zip((2..=9).rev())
            .map(|(b, gewicht)| u32::from(b - b'0') * gewicht)
            .sum();
        let controle = som % 11;
        (controle < 10).then(|| format!("{tekst}{controle}"))
    })
}

fn datum() -> impl Strategy<Value = NaiveDate> {
    (2015i32..=2030, 1u32..=12, 1u32..=28)
        .prop_filter_map("datum", |(j, m, d)| NaiveDate::from_ymd_opt(j, m, d))
}

/// How a CSV file is written (FORMATS.md "Dialects").
#[derive(Debug, Clone, Copy)]
struct Dialect {
    scheiding: char,
    crlf: bool,
    bom: bool,
    sep_regel: bool,
    slot_regeleinde: bool,
    /// Every field in quotes (as some exports write them), not only those that need it.
    aanhalingstekens: bool,
}

impl Dialect {
    fn einde(self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }

    /// The file's start: BOM and `sep=` line as chosen.
    fn begin(self) -> String {
        let mut s = String::new();
        if self.bom {
            s.push('\u{feff}');
        }
        if self.sep_regel {
            s.push_str(&format!("sep={}{}", self.scheiding, self.einde()));
        }
        s
    }

    /// Physical lines before the header (the `sep=` line).
    fn regels_voor_kop(self) -> u64 {
        u64::from(self.sep_regel)
    }

    /// One field, quoted (with doubled quotes) when it holds the delimiter, a quote or a line
    /// break, or when the dialect quotes every field.
    fn veld(self, waarde: &str) -> String {
        let moet = waarde.contains([self.scheiding, '"', '\n', '\r']);
        if moet || self.aanhalingstekens {
            format!("\"{}\"", waarde.replace('"', "\"\""))
        } else {
            waarde.to_string()
        }
    }

    /// A row of fields, delimited.
    fn rij<S: AsRef<str>>(self, velden: &[S]) -> String {
        let velden: Vec<String> = velden.iter().map(|v| self.veld(v.as_ref())).collect();
        velden.join(&self.scheiding.to_string())
    }
}

fn dialect() -> impl Strategy<Value = Dialect> {
    (
        prop::sample::select(vec![';', ',']),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(scheiding, crlf, bom, sep_regel, slot_regeleinde, aanhalingstekens)| Dialect {
                scheiding,
                crlf,
                bom,
                sep_regel,
                slot_regeleinde,
                aanhalingstekens,
            },
        )
}

/// One generated polis row (FORMATS.md `polis`).
#[derive(Debug, Clone)]
struct PolisInvoer {
    bsn: String,
    lhn: String,
    begin: NaiveDate,
    dagen: u32,
    /// Hours in hundredths.
    uren: i64,
}

impl PolisInvoer {
    fn einde(&self) -> NaiveDate {
        self.begin + chrono::Days::new(u64::from(self.dagen - 1))
    }

    /// The hours as a source writes them: a decimal comma in `;` files, a point in `,` files,
    /// no decimals for whole hours.
    fn uren_tekst(&self, scheiding: char) -> String {
        let (heel, rest) = (self.uren / 100, self.uren % 100);
        match (rest, scheiding) {
            (0, _) => heel.to_string(),
            (_, ';') => format!("{heel},{rest:02}"),
            _ => format!("{heel}.{rest:02}"),
        }
    }
}

fn polis_rij() -> impl Strategy<Value = PolisInvoer> {
    (
        elfproef_cijfers(),
        elfproef_cijfers(),
        0u8..100,
        datum(),
        1u32..=31,
        0i64..=2400,
    )
        .prop_map(|(bsn, fiscaal, sub, begin, dagen, uren)| PolisInvoer {
            bsn,
            lhn: format!("{fiscaal}L{sub:02}"),
            begin,
            dagen,
            uren,
        })
}

/// 1..=`max` rows with distinct BSNs (so no two rows share a delivery key).
fn unieke_rijen<T: std::fmt::Debug + Clone>(
    rij: impl Strategy<Value = T>,
    bsn: fn(&T) -> &str,
    max: usize,
) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(rij, 1..=max).prop_map(move |rijen| {
        let mut gezien = std::collections::HashSet::new();
        rijen
            .into_iter()
            .filter(|r| gezien.insert(bsn(r).to_string()))
            .collect()
    })
}

const POLIS_KOP: [&str; 5] = [
    "bsn",
    "loonheffingennummer",
    "tijdvak_begin",
    "tijdvak_einde",
    "verloonde_uren",
];

fn polis_csv(d: Dialect, rijen: &[PolisInvoer]) -> String {
    let mut s = d.begin();
    s.push_str(&d.rij(&POLIS_KOP));
    for r in rijen {
        s.push_str(d.einde());
        s.push_str(&d.rij(&[
            r.bsn.clone(),
            r.lhn.clone(),
            r.begin.to_string(),
            r.einde().to_string(),
            r.uren_tekst(d.scheiding),
        ]));
    }
    if d.slot_regeleinde {
        s.push_str(d.einde());
    }
    s
}

/// (bsn, lhn, begin, einde, hundredths, line) of every valid polis row read.
type PolisUit = (String, String, NaiveDate, NaiveDate, i64, u64);

fn polis_uit(i: &Ingelezen) -> Vec<PolisUit> {
    match &i.rijen {
        Rijen::Polis(r) => r
            .iter()
            .map(|x| {
                (
                    x.rij.bsn.cijfers(),
                    x.rij.loonheffingennummer.to_string(),
                    x.rij.tijdvak_begin,
                    x.rij.tijdvak_einde,
                    x.rij.verloonde_uren.0,
                    x.regel,
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One generated registraties row: an OPVOER with an optional free-text `bron_kenmerk` that
/// may hold delimiters, quotes and line breaks, preceded by some blank lines.
#[derive(Debug, Clone)]
struct RegistratieInvoer {
    bsn: String,
    grondslag: &'static str,
    mutatie: &'static str,
    ingangsdatum: NaiveDate,
    kenmerk: String,
    lege_regels_voor: u64,
}

/// Grondslagen UWV may deliver (reference/grondslagen.csv).
const UWV_GRONDSLAGEN: [&str; 4] = ["PW_IBA", "VSO_PRO", "WAJONG", "WMV"];

fn registratie_rij() -> impl Strategy<Value = RegistratieInvoer> {
    let kenmerk = prop::collection::vec(
        prop::sample::select(vec!['a', 'B', '7', ' ', ';', ',', '"', '\n']),
        0..10,
    )
    .prop_map(|t| t.into_iter().collect::<String>());
    (
        elfproef_cijfers(),
        prop::sample::select(UWV_GRONDSLAGEN.to_vec()),
        prop::sample::select(vec!["OPVOER", "opvoer", "Opvoer"]),
        datum(),
        kenmerk,
        0u64..3,
    )
        .prop_map(
            |(bsn, grondslag, mutatie, ingangsdatum, kenmerk, lege_regels_voor)| {
                RegistratieInvoer {
                    bsn,
                    grondslag,
                    mutatie,
                    ingangsdatum,
                    kenmerk,
                    lege_regels_voor,
                }
            },
        )
}

const REGISTRATIES_KOP: [&str; 5] = [
    "bsn",
    "grondslag",
    "mutatie",
    "ingangsdatum",
    "bron_kenmerk",
];

/// The file and the physical line (1-based) each row starts on, counted while writing.
fn registraties_csv(d: Dialect, rijen: &[RegistratieInvoer]) -> (String, Vec<u64>) {
    let mut s = d.begin();
    s.push_str(&d.rij(&REGISTRATIES_KOP));
    let mut regel = 1 + d.regels_voor_kop();
    let mut regels = Vec::new();
    for r in rijen {
        for _ in 0..r.lege_regels_voor {
            s.push_str(d.einde());
            regel += 1;
        }
        s.push_str(d.einde());
        regel += 1;
        regels.push(regel);
        // a line break inside the quoted value is written as the file's own line ending
        let kenmerk = r.kenmerk.replace('\n', d.einde());
        s.push_str(&d.rij(&[
            r.bsn.clone(),
            r.grondslag.to_string(),
            r.mutatie.to_string(),
            r.ingangsdatum.to_string(),
            kenmerk,
        ]));
        regel += r.kenmerk.matches('\n').count() as u64;
    }
    if d.slot_regeleinde {
        s.push_str(d.einde());
    }
    (s, regels)
}

/// (bsn, grondslag, ingangsdatum, kenmerk, line) of every valid registraties row read.
type RegistratieUit = (String, String, NaiveDate, Option<String>, u64);

fn registraties_uit(i: &Ingelezen) -> Vec<RegistratieUit> {
    match &i.rijen {
        Rijen::Registraties(r) => r
            .iter()
            .map(|x| {
                (
                    x.rij.bsn.cijfers(),
                    x.rij.grondslag.clone(),
                    x.rij.ingangsdatum,
                    x.rij.bron_kenmerk.clone(),
                    x.regel,
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What the reader must return for a generated registraties row on `regel`: the value as
/// written (a kenmerk is trimmed; an empty one is absent).
fn registratie_verwacht(r: &RegistratieInvoer, d: Dialect, regel: u64) -> RegistratieUit {
    let kenmerk = r.kenmerk.replace('\n', d.einde());
    let kenmerk = Some(kenmerk.trim().to_string()).filter(|k| !k.is_empty());
    (
        r.bsn.clone(),
        r.grondslag.to_string(),
        r.ingangsdatum,
        kenmerk,
        regel,
    )
}

/// How a generated row is made bad, and the column whose error it must give.
#[derive(Debug, Clone, Copy)]
enum Bederf {
    /// The BSN's last digit changed: the 11-test fails.
    Elfproef(u8),
    /// 30 February.
    Datum,
    /// A grondslag that does not exist.
    Grondslag,
    /// A mutation that does not exist.
    Mutatie,
}

impl Bederf {
    fn kolom(self) -> &'static str {
        match self {
            Bederf::Elfproef(_) => "bsn",
            Bederf::Datum => "ingangsdatum",
            Bederf::Grondslag => "grondslag",
            Bederf::Mutatie => "mutatie",
        }
    }

    /// Writes the fault into the row's text fields.
    fn pas_toe(self, r: &mut RegistratieInvoer) -> Option<String> {
        match self {
            Bederf::Elfproef(verschil) => {
                // changing d9 by 1..=9 changes the weighted sum by that much: no longer ≡ 0 mod 11
                let laatste = r.bsn.pop().map_or(0, |c| c as u8 - b'0');
                r.bsn.push(char::from(b'0' + (laatste + verschil) % 10));
                None
            }
            Bederf::Datum => Some(format!("{}-02-30", r.ingangsdatum.year())),
            Bederf::Grondslag => {
                r.grondslag = "ONBEKEND";
                None
            }
            Bederf::Mutatie => {
                r.mutatie = "OPVOOR";
                None
            }
        }
    }
}

fn bederf() -> impl Strategy<Value = Bederf> {
    prop_oneof![
        (1u8..=9).prop_map(Bederf::Elfproef),
        Just(Bederf::Datum),
        Just(Bederf::Grondslag),
        Just(Bederf::Mutatie),
    ]
}

/// An XLSX of polis rows: text cells for the identifiers, date cells for the tijdvak, number
/// cells for the hours (as Excel users deliver them).
fn polis_xlsx(rijen: &[PolisInvoer]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut boek = Workbook::new();
    let datum_opmaak = Format::new().set_num_format("yyyy-mm-dd");
    let blad = boek.add_worksheet();
    for (k, naam) in (0u16..).zip(POLIS_KOP) {
        blad.write_string(0, k, naam)?;
    }
    let datumcel = |d: NaiveDate| {
        ExcelDateTime::from_ymd(
            u16::try_from(d.year()).unwrap_or_default(),
            u8::try_from(d.month()).unwrap_or_default(),
            u8::try_from(d.day()).unwrap_or_default(),
        )
    };
    for (rij, r) in (1u32..).zip(rijen) {
        blad.write_string(rij, 0, &r.bsn)?;
        blad.write_string(rij, 1, &r.lhn)?;
        blad.write_datetime_with_format(rij, 2, &datumcel(r.begin)?, &datum_opmaak)?;
        blad.write_datetime_with_format(rij, 3, &datumcel(r.einde())?, &datum_opmaak)?;
        blad.write_number(rij, 4, r.uren as f64 / 100.0)?;
    }
    boek.save_to_buffer()
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Characters of a shown value, an escape `\u{1b}` of a control character counting as the one
/// character it stands for.
fn getoonde_tekens(waarde: &str) -> usize {
    let mut n = 0;
    let mut rest = waarde;
    while let Some(c) = rest.chars().next() {
        n += 1;
        let escape = rest
            .strip_prefix("\\u{")
            .and_then(|r| r.find('}').map(|eind| eind + 4));
        rest = match escape {
            Some(lengte) => &rest[lengte..],
            None => &rest[c.len_utf8()..],
        };
    }
    n
}

/// Checks what holds for the outcome of reading any bytes: a row error shows at most
/// [`MAX_FRAGMENT`] characters of the value (plus `…`, control characters escaped), names a
/// physical line that exists, and every message is printable.
fn controleer_uitkomst(inhoud: &[u8], uitkomst: &Result<Ingelezen, BestandFout>) {
    // physical lines: `\n`, `\r\n` and a lone `\r` each end one (finding F1)
    let losse_cr = inhoud
        .windows(2)
        .filter(|w| w[0] == b'\r' && w[1] != b'\n')
        .count()
        + usize::from(inhoud.last() == Some(&b'\r'));
    let regels = (inhoud.iter().filter(|b| **b == b'\n').count() + losse_cr) as u64 + 1;
    match uitkomst {
        Ok(i) => {
            for f in &i.fouten {
                if let Some(w) = &f.waarde {
                    assert!(getoonde_tekens(w) <= MAX_FRAGMENT + 1, "waarde {w:?}");
                    assert!(!w.chars().any(is_stuurteken), "waarde {w:?}");
                }
                assert!(!f.reden.chars().any(is_stuurteken), "reden {:?}", f.reden);
                if i.container == crate::Container::Csv {
                    assert!((1..=regels).contains(&f.regel), "regel {}", f.regel);
                }
            }
            for w in &i.waarschuwingen {
                assert!(!w.chars().any(is_stuurteken), "waarschuwing {w:?}");
            }
        }
        Err(e) => {
            let tekst = e.to_string();
            assert!(!tekst.chars().any(is_stuurteken), "fout {tekst:?}");
        }
    }
}

/// Bytes that look like a delivery of `soort`: its header, then lines of characters that
/// matter to a CSV reader and to the cell parsers.
fn bijna_csv() -> impl Strategy<Value = (usize, Vec<u8>)> {
    let teken = prop::sample::select(b";,\"\r\n \t0123456789-.:LaZ=\x1b\x00\xe9\xff".to_vec());
    (0usize..KOPPEN.len(), prop::collection::vec(teken, 0..400))
}

/// A header per kind, in the order of `ALLE_SOORTEN`.
const KOPPEN: [&str; 8] = [
    "bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde;loonwaarde_pct",
    "bsn;geboortedatum;overlijdensdatum;woongemeente",
    "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren",
    "loonheffingennummer;naam;sector;vestigingsgemeente;geldig_vanaf",
    "loonheffingennummer;jaar;verloonde_uren_totaal;aantal_werknemers",
    "bsn;opleidingsniveau;uren_per_week;max_reisafstand_km;beschikbaar_vanaf;interesses;woongemeente;herkenbaar",
    "code;naam;bovenliggend;soort;geldig_vanaf",
    "personeelsnummer;bsn;eenheid;geldig_vanaf;uit_dienst;uren_per_week;functieschaal;leidinggevend;geslacht;geboortejaar",
];

proptest! {
    #[test]
    fn willekeurige_bytes_geven_nooit_een_paniek_en_altijd_begrensde_waarden(
        soort in 0usize..KOPPEN.len(),
        klein in any::<bool>(),
        inhoud in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let soort = dgr_core::bron::ALLE_SOORTEN[soort];
        let grenzen = if klein { KLEINE_GRENZEN } else { Grenzen::STANDAARD };
        let uitkomst = lees(soort, grenzen, &inhoud);
        controleer_uitkomst(&inhoud, &uitkomst);
    }

    #[test]
    fn bijna_geldige_csv_geeft_begrensde_printbare_fouten_op_bestaande_regels(
        (soort, staart) in bijna_csv(),
        klein in any::<bool>(),
    ) {
        let mut inhoud = KOPPEN[soort].as_bytes().to_vec();
        inhoud.push(b'\n');
        inhoud.extend_from_slice(&staart);
        let soort = dgr_core::bron::ALLE_SOORTEN[soort];
        let grenzen = if klein { KLEINE_GRENZEN } else { Grenzen::STANDAARD };
        let uitkomst = lees(soort, grenzen, &inhoud);
        controleer_uitkomst(&inhoud, &uitkomst);
    }

    #[test]
    fn geldige_polis_in_elk_dialect_leest_elke_rij_met_de_geschreven_waarden(
        d in dialect(),
        rijen in unieke_rijen(polis_rij(), |r: &PolisInvoer| r.bsn.as_str(), 20),
    ) {
        let csv = polis_csv(d, &rijen);
        let i = lees(LeveringSoort::Polis, Grenzen::STANDAARD, csv.as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&i.fouten, &Vec::new());
        prop_assert_eq!(&i.waarschuwingen, &Vec::<String>::new());
        prop_assert_eq!(i.rijen_gelezen, rijen.len() as u64);
        let eerste = 2 + d.regels_voor_kop();
        let verwacht: Vec<PolisUit> = (eerste..)
            .zip(&rijen)
            .map(|(regel, r)| (r.bsn.clone(), r.lhn.clone(), r.begin, r.einde(), r.uren, regel))
            .collect();
        prop_assert_eq!(polis_uit(&i), verwacht);
    }

    #[test]
    fn geldige_registraties_met_lege_en_meerregelige_velden_houden_fysieke_regelnummers(
        d in dialect(),
        rijen in unieke_rijen(registratie_rij(), |r: &RegistratieInvoer| r.bsn.as_str(), 12),
    ) {
        let (csv, regels) = registraties_csv(d, &rijen);
        let i = lees(LeveringSoort::Registraties, Grenzen::STANDAARD, csv.as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&i.fouten, &Vec::new());
        let verwacht: Vec<RegistratieUit> = rijen
            .iter()
            .zip(&regels)
            .map(|(r, regel)| registratie_verwacht(r, d, *regel))
            .collect();
        prop_assert_eq!(registraties_uit(&i), verwacht);
    }

    #[test]
    fn een_slechte_rij_k_geeft_precies_een_fout_op_haar_fysieke_regel(
        d in dialect(),
        rijen in unieke_rijen(registratie_rij(), |r: &RegistratieInvoer| r.bsn.as_str(), 12),
        k in any::<prop::sample::Index>(),
        fout in bederf(),
    ) {
        let k = k.index(rijen.len());
        let mut rijen = rijen;
        let mut slecht = rijen[k].clone();
        let datum_tekst = fout.pas_toe(&mut slecht);
        rijen[k] = slecht.clone();
        let (mut csv, regels) = registraties_csv(d, &rijen);
        if let Some(t) = datum_tekst {
            // the bad date replaces the row's own (unique in the file: the header has none)
            let sep = d.scheiding;
            let goed = format!("{sep}{}{sep}", d.veld(&slecht.ingangsdatum.to_string()));
            let slecht_veld = format!("{sep}{}{sep}", d.veld(&t));
            let plek = csv
                .match_indices(&goed)
                .map(|(p, _)| p)
                .find(|p| csv[..*p].matches('\n').count() as u64 + 1 == regels[k]);
            prop_assume!(plek.is_some());
            let p = plek.unwrap_or_default();
            csv.replace_range(p..p + goed.len(), &slecht_veld);
        }
        let i = lees(LeveringSoort::Registraties, Grenzen::STANDAARD, csv.as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let fouten: Vec<(u64, String)> =
            i.fouten.iter().map(|f| (f.regel, f.kolom.clone())).collect();
        prop_assert_eq!(fouten, vec![(regels[k], fout.kolom().to_string())]);
        let verwacht: Vec<RegistratieUit> = rijen
            .iter()
            .zip(&regels)
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, (r, regel))| registratie_verwacht(r, d, *regel))
            .collect();
        prop_assert_eq!(registraties_uit(&i), verwacht);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn polis_als_xlsx_leest_dezelfde_rijen_als_als_csv(
        rijen in unieke_rijen(polis_rij(), |r: &PolisInvoer| r.bsn.as_str(), 15),
    ) {
        let d = Dialect {
            scheiding: ';',
            crlf: false,
            bom: false,
            sep_regel: false,
            slot_regeleinde: true,
            aanhalingstekens: false,
        };
        let csv = lees(LeveringSoort::Polis, Grenzen::STANDAARD, polis_csv(d, &rijen).as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let bytes = polis_xlsx(&rijen).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let xlsx = lees(LeveringSoort::Polis, Grenzen::STANDAARD, &bytes)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&xlsx.fouten, &Vec::new());
        prop_assert_eq!(xlsx.container, crate::Container::Xlsx);
        prop_assert_eq!(polis_uit(&xlsx), polis_uit(&csv));
        prop_assert_eq!(polis_uit(&xlsx).len(), rijen.len());
    }
}

mod vondsten;
