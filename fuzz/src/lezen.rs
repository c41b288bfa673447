//! Reading a delivery under fuzzing: the context picked from one input byte, and the invariants
//! that every outcome of [`dgr_ingest::lees_levering`] must keep whatever the bytes.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use dgr_core::bron::{ALLE_BRONNEN, ALLE_SOORTEN};
use dgr_core::tekst::{MAX_FRAGMENT, is_stuurteken};
use dgr_core::{LeveringSoort, Referentie};
use dgr_ingest::bestand::Tabel;
use dgr_ingest::{BestandFout, Container, Context, Grenzen, Ingelezen, afwijzing, lees_levering};

/// The built-in reference data, loaded once per process.
static REFERENTIE: LazyLock<Referentie> = LazyLock::new(|| match Referentie::ingebouwd() {
    Ok(r) => r,
    Err(e) => unreachable!("ingebouwde referentiedata: {e}"),
});

/// The fixed day the fuzzed deliveries are received (no dependence on the calendar).
const ONTVANGEN_OP: NaiveDate = match NaiveDate::from_ymd_opt(2026, 6, 30) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Small limits, so the fuzzer reaches every limit check with short inputs.
pub const KLEINE_GRENZEN: Grenzen = Grenzen {
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

/// Longest file-level or row-level message we accept (characters): every value from the file in
/// it is a bounded excerpt, so anything longer echoes input without bound.
const MAX_BERICHT: usize = 600;

/// What one selector byte chooses: the kind (bits 0–2, modulo 6), the limits (bit 3: small),
/// and which of the sources allowed for the kind delivers it (bits 4–7).
pub fn kies(keuze: u8) -> (LeveringSoort, dgr_core::Bron, Grenzen) {
    let soort = ALLE_SOORTEN[usize::from(keuze & 0b111) % ALLE_SOORTEN.len()];
    let grenzen = if keuze & 0b1000 == 0 {
        Grenzen::STANDAARD
    } else {
        KLEINE_GRENZEN
    };
    let toegestaan: Vec<_> = ALLE_BRONNEN
        .into_iter()
        .filter(|b| soort.bron_toegestaan(*b))
        .collect();
    let bron = toegestaan
        .get(usize::from(keuze >> 4) % toegestaan.len().max(1))
        .copied()
        .unwrap_or(dgr_core::Bron::Uwv);
    (soort, bron, grenzen)
}

/// Reads `inhoud` as the delivery the selector byte picks, checks every invariant of the
/// outcome, and — when it read and has row errors — writes the rejection file and checks it.
pub fn lees_en_controleer(keuze: u8, inhoud: &[u8]) {
    let (soort, bron, grenzen) = kies(keuze);
    let ctx = Context {
        soort,
        bron,
        referentie: &REFERENTIE,
        ontvangen_op: ONTVANGEN_OP,
        grenzen,
    };
    match lees_levering(inhoud, "fuzz.csv", ctx) {
        Ok(i) => {
            controleer_ingelezen(inhoud, &i, &grenzen);
            if !i.fouten.is_empty() {
                controleer_afwijzing(inhoud, &i);
            }
        }
        Err(e) => controleer_bericht("bestandsfout", &e.to_string()),
    }
}

/// A message shown to an operator or a source: bounded and without control characters.
fn controleer_bericht(wat: &str, tekst: &str) {
    assert!(
        !tekst.chars().any(is_stuurteken),
        "{wat} bevat een stuurteken: {tekst:?}"
    );
    assert!(
        tekst.chars().count() <= MAX_BERICHT,
        "{wat} is langer dan {MAX_BERICHT} tekens"
    );
}

/// Characters of a shown value, an escape `\u{1b}` of a control character counting as the one
/// character it stands for ([`dgr_core::tekst::fragment`] bounds the characters of the value).
pub fn getoonde_tekens(waarde: &str) -> usize {
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

/// The invariants of a successful read.
fn controleer_ingelezen(inhoud: &[u8], i: &Ingelezen, g: &Grenzen) {
    // a physical line number exists in the file: at most the number of line feeds plus one
    // (CSV); at most the sheet's row limit (XLSX)
    let max_regel = match i.container {
        // physical lines: `\n`, `\r\n` and a lone `\r` each end one (finding F1)
        Container::Csv => {
            let losse_cr = inhoud
                .windows(2)
                .filter(|w| w[0] == b'\r' && w[1] != b'\n')
                .count()
                + usize::from(inhoud.last() == Some(&b'\r'));
            (inhoud.iter().filter(|b| **b == b'\n').count() + losse_cr) as u64 + 1
        }
        Container::Xlsx => u64::from(g.xlsx_max_rijen),
    };
    for f in &i.fouten {
        assert!(
            (1..=max_regel).contains(&f.regel),
            "regel {} buiten 1..={max_regel}",
            f.regel
        );
        if let Some(w) = &f.waarde {
            assert!(
                getoonde_tekens(w) <= MAX_FRAGMENT + 1,
                "waarde van {} tekens: {w:?}",
                getoonde_tekens(w)
            );
            assert!(
                !w.chars().any(is_stuurteken),
                "waarde met stuurteken: {w:?}"
            );
        }
        controleer_bericht("kolom", &f.kolom);
        controleer_bericht("reden", &f.reden);
    }
    assert!(
        i.fouten.is_sorted_by_key(|f| f.regel),
        "fouten niet op regel gesorteerd"
    );
    for w in &i.waarschuwingen {
        controleer_bericht("waarschuwing", w);
    }
    assert!(
        i.rijen.len() as u64 <= i.rijen_gelezen,
        "{} geldige rijen uit {} gelezen",
        i.rijen.len(),
        i.rijen_gelezen
    );
}

/// The rejection file of a delivery that read with row errors: it must be written (the file
/// was read before, so an error here is a defect), and it holds the header plus one row for
/// every line with an error.
fn controleer_afwijzing(inhoud: &[u8], i: &Ingelezen) {
    let (uit, container) = match afwijzing::schrijf(inhoud, "fuzz.csv", &i.fouten) {
        Ok(x) => x,
        Err(e) => panic!("afwijzingsbestand niet geschreven: {e}"),
    };
    assert_eq!(container, i.container, "afwijzing in een andere vorm");
    let regels: BTreeSet<u64> = i.fouten.iter().map(|f| f.regel).collect();
    let rijen = match container {
        Container::Csv => {
            let scheiding = Tabel::open(inhoud, "fuzz.csv", Grenzen::STANDAARD)
                .map(|t| t.scheidingsteken)
                .unwrap_or(b';');
            csv_records(&uit, scheiding)
        }
        Container::Xlsx => xlsx_rijen(&uit),
    };
    assert_eq!(
        rijen,
        regels.len() + 1,
        "afwijzing met {rijen} rijen voor {} foutregels",
        regels.len()
    );
}

/// Records in a CSV we wrote (blank lines do not count, as in the csv crate).
fn csv_records(uit: &[u8], scheiding: u8) -> usize {
    let mut lezer = csv_lezer(uit, scheiding);
    lezer.byte_records().filter(Result::is_ok).count()
}

fn csv_lezer(uit: &[u8], scheiding: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(scheiding)
        .has_headers(false)
        .flexible(true)
        .from_reader(uit)
}

/// Non-blank rows in an XLSX we wrote.
fn xlsx_rijen(uit: &[u8]) -> usize {
    let tabel = match Tabel::open(uit, "afwijzing.xlsx", Grenzen::STANDAARD) {
        Ok(t) => t,
        Err(e) => panic!("afwijzing.xlsx niet te openen: {e}"),
    };
    let mut n = 0;
    if let Err(e) = tabel.voor_elke_rij("afwijzing.xlsx", |_, _| {
        n += 1;
        Ok::<(), BestandFout>(())
    }) {
        panic!("afwijzing.xlsx niet te lezen: {e}");
    }
    n
}
