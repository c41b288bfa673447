//! The one formatting layer of the web pages, their CSV downloads and their charts: numbers,
//! money, dates and instants the way Dutch readers write them, and names instead of codes.
//!
//! Pure functions, plus the minijinja filters built on them (registered in
//! [`super::gemeen`]'s template environment):
//!
//! | filter | input | output |
//! |---|---|---|
//! | `getal(d=0)` | number (or numeric text) | `1.234,5`; none → `–` |
//! | `geld` | euro cents | `€ 1.234,50` |
//! | `datum` | ISO date `2026-01-05` (or instant) | `05-01-2026` |
//! | `datum_lang` | ISO date | `5 januari 2026` |
//! | `naam(soort)` | a code | its Dutch name (see [`naam`]) |
//! | `regio` | `AM25` | `West-Brabant` |
//! | `maand` | `2026-03` | `maart 2026` |
//!
//! Rounding is half away from zero (RULES ), unlike Rust's `{:.1}` (ties to even).

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use dgr_core::referentie::Referentie;
use dgr_reports::formaat::{Tabel, Waarde};
use minijinja::Value;

/// The dash shown for a missing or unknown value (with an explanation near the table).
pub const ONTBREEKT: &str = "–";

/// Decimals per kind of figure: counts (persons, employees, rows) 0.
pub const DECIMALEN_AANTAL: usize = 0;
/// Decimals for jobs (banen, R-21: one decimal).
pub const DECIMALEN_BANEN: usize = 1;

/// `x` rounded half away from zero to `decimalen` decimals, as digits without separators: the
/// sign (`-` or empty), the integer part and the fraction (`decimalen` digits). `-0` is `0`.
fn afgerond(x: f64, decimalen: usize) -> (bool, String, String) {
    if !x.is_finite() {
        return (false, "0".into(), "0".repeat(decimalen));
    }
    let schaal = 10f64.powi(decimalen as i32);
    // f64::round rounds half away from zero; the guard keeps 1e300 from overflowing u128
    let n = (x.abs() * schaal).round().min(1e30) as u128;
    let tekst = format!("{n:0>width$}", width = decimalen + 1);
    let (geheel, breuk) = tekst.split_at(tekst.len() - decimalen);
    (x < 0.0 && n != 0, geheel.to_string(), breuk.to_string())
}

/// A number as Dutch readers write it: thousands dot, decimal comma, `decimalen` decimals,
/// rounded half away from zero (`1234.5` → `1.234,5`; `-0.04` with 1 decimal → `0,0`).
pub fn getal(x: f64, decimalen: usize) -> String {
    let (min, geheel, breuk) = afgerond(x, decimalen);
    let cijfers: Vec<char> = geheel.chars().collect();
    let groepen: Vec<String> = cijfers
        .rchunks(3)
        .rev()
        .map(|g| g.iter().collect())
        .collect();
    let teken = if min { "-" } else { "" };
    if breuk.is_empty() {
        format!("{teken}{}", groepen.join("."))
    } else {
        format!("{teken}{},{breuk}", groepen.join("."))
    }
}

/// [`getal`] with at most `decimalen` decimals: trailing zeros after the comma are dropped
/// (`12.50` → `12,5`, `3.0` → `3`).
pub fn getal_tot(x: f64, decimalen: usize) -> String {
    let s = getal(x, decimalen);
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        s
    }
}

/// A count (no decimals): `28911` → `28.911`.
pub fn aantal(n: i64) -> String {
    getal(n as f64, 0)
}

/// An amount in euro cents as money: `200000` → `€ 2.000,00`; `-5` → `€ -0,05`. The space after
/// the euro sign is a no-break space (U+00A0), so that a narrow screen never puts the sign and
/// the amount on two lines.
pub fn geld(eurocent: i64) -> String {
    let teken = if eurocent < 0 { "-" } else { "" };
    let c = eurocent.unsigned_abs();
    format!("€\u{a0}{teken}{},{:02}", aantal((c / 100) as i64), c % 100)
}

/// A date as `05-01-2026`.
pub fn datum(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date as in a sentence: `5 januari 2026`.
pub fn datum_lang(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

/// A month written `2026-03` as `maart 2026`; other text unchanged.
pub fn maand(tekst: &str) -> String {
    NaiveDate::parse_from_str(&format!("{tekst}-01"), "%Y-%m-%d").map_or_else(
        |_| tekst.to_string(),
        |d| format!("{} {}", MAANDEN[d.month0() as usize], d.year()),
    )
}

/// An instant in Dutch civil time (Europe/Amsterdam): `05-01-2026 13:51`.
pub fn moment(t: DateTime<Utc>) -> String {
    let lokaal = dgr_register::tijd::toon(t);
    DateTime::parse_from_rfc3339(&lokaal)
        .map(|l| l.format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or(lokaal)
}

/// Text that is a date (`2026-01-05`) or an RFC 3339 instant, written the Dutch way
/// ([`datum`], [`moment`]); anything else unchanged.
pub fn datum_tekst(tekst: &str) -> String {
    if let Ok(t) = DateTime::parse_from_rfc3339(tekst) {
        moment(t.to_utc())
    } else if let Ok(d) = NaiveDate::parse_from_str(tekst, "%Y-%m-%d") {
        datum(d)
    } else {
        tekst.to_string()
    }
}

/// The built-in reference data's names (region and grondslag codes do not change meaning
/// between versions; the names are only shown).
static REFERENTIE: LazyLock<Option<Referentie>> = LazyLock::new(|| Referentie::ingebouwd().ok());

static REGIOS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    REFERENTIE
        .iter()
        .flat_map(|r| r.arbeidsmarktregios())
        .map(|a| (a.code.clone(), a.naam.clone()))
        .collect()
});

/// The name of an arbeidsmarktregio (`AM25` → `West-Brabant`); an unknown code unchanged.
pub fn regio(code: &str) -> String {
    REGIOS
        .get(code)
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// The Dutch name of a code of kind `soort`, as staff, employers and citizens read it; an
/// unknown code is shown unchanged (in lower case with spaces for underscores, never shouting).
///
/// Kinds: `uitschrijving` (request status), `bezwaar` (status and uitkomst), `contactverzoek`
/// (WSP status), `levering` (delivery status), `opleidingsniveau`, `grondslag`, `bron`,
/// `sector`, `regio`, `reden` (reason of an end, `redenen_einde.csv`), `versheid` (a source's
/// delivery state), `rol` (a login's role as the policy names it), `onderwerp` (a line of the
/// freshness board: `registraties PW_IBA`, `personen`, `polis`).
pub fn naam(soort: &str, code: &str) -> String {
    let vast = match (soort, code) {
        ("uitschrijving", "OPEN") => "nieuw, werkgevers nog niet geïnformeerd",
        ("uitschrijving", "WERKGEVERS_GEINFORMEERD") => "werkgevers geïnformeerd",
        ("uitschrijving", "TOEGEWEZEN") => "toegewezen",
        ("uitschrijving", "AFGEWEZEN") => "afgewezen",
        ("bezwaar", "OPEN") => "in behandeling",
        ("bezwaar", "GEGROND") => "gegrond",
        ("bezwaar", "ONGEGROND") => "ongegrond",
        ("bezwaar", "BESLIST") => "beslist",
        ("contactverzoek", "OPEN") => "wacht op het WerkgeversServicePunt",
        ("contactverzoek", "AKKOORD") => "kandidaat stemt in",
        ("contactverzoek", "AFGEWEZEN") => "kandidaat weigert",
        ("levering", "TOEGEPAST") => "verwerkt",
        ("levering", "AFGEWEZEN") => "afgewezen",
        ("levering", "ONTVANGEN") => "ontvangen",
        ("opleidingsniveau", "GEEN") => "geen opleiding",
        ("opleidingsniveau", "BASIS") => "basisonderwijs",
        ("opleidingsniveau", "VMBO") => "vmbo",
        ("opleidingsniveau", "MBO1") => "mbo niveau 1",
        ("opleidingsniveau", "MBO2_4") => "mbo niveau 2 tot en met 4",
        ("opleidingsniveau", "HAVO_VWO") => "havo of vwo",
        ("opleidingsniveau", "HBO") => "hbo",
        ("opleidingsniveau", "WO") => "universiteit (wo)",
        ("rol", "burger") => "burger",
        ("rol", "werkgever") => "werkgever",
        ("rol", "gemeente") => "gemeente",
        ("rol", "uwv") => "UWV",
        ("rol", "wsp") => "WerkgeversServicePunt",
        ("rol", "analist") => "analist",
        ("rol", "belastingdienst") => "Belastingdienst",
        ("rol", "bron") => "bronhouder",
        ("rol", "beheer") => "beheerder",
        ("bron", "UWV") => "UWV",
        ("bron", "GEMEENTE") => "gemeente",
        ("bron", "INLICHTINGENBUREAU") => "Inlichtingenbureau",
        ("bron", "WERKGEVER") => "werkgever",
        ("bron", "BELASTINGDIENST") => "Belastingdienst",
        ("bron", "BRP") => "BRP",
        ("sector", "MARKT") => "marktsector",
        ("sector", "OVERHEID") => "overheid",
        ("sector", "TOTAAL") => "totaal",
        ("onderwerp", "personen") => "persoonsgegevens (BRP)",
        ("onderwerp", "polis") => "polisadministratie (lonen en uren)",
        ("versheid", "OK") => "op tijd",
        ("versheid", "TE_LAAT") => "te laat",
        ("versheid", "ONTBREEKT") => "nooit geleverd",
        _ => "",
    };
    if !vast.is_empty() {
        return vast.to_string();
    }
    match soort {
        "regio" => return regio(code),
        "onderwerp" => {
            if let Some(g) = code.strip_prefix("registraties ") {
                return format!("registraties: {}", naam("grondslag", g));
            }
        }
        "grondslag" => {
            if let Some(g) = REFERENTIE
                .iter()
                .flat_map(|r| r.grondslagen())
                .find(|g| g.code == code)
            {
                return g.naam.clone();
            }
        }
        "reden" => {
            if let Some(r) = REFERENTIE.as_ref().and_then(|r| r.reden(code)) {
                return crate::api::zonder_regelverwijzing(&r.omschrijving);
            }
        }
        _ => {}
    }
    if code.chars().any(|c| c.is_ascii_lowercase()) {
        code.to_string()
    } else {
        code.to_lowercase().replace('_', " ")
    }
}

/// Plain words for a quota year's state (R-34) instead of the rule's shorthand ("geactiveerd;
/// heffing opgeschort"): whether the employer pays a levy and why (not). `met_bedrag`: the page
/// shows a computed levy, so a year without the regulation says what that amount means.
pub fn quotum_stand(
    geactiveerd: bool,
    heffing_opgelegd: bool,
    jaar: i32,
    sector: &str,
    met_bedrag: bool,
) -> String {
    let stand = quotum_stand_zonder_bedrag(geactiveerd, heffing_opgelegd, jaar, sector);
    if met_bedrag && !geactiveerd {
        format!("{stand} Het bedrag laat zien wat de heffing zou zijn.")
    } else {
        stand
    }
}

/// [`quotum_stand`] without the sentence about the amount.
fn quotum_stand_zonder_bedrag(
    geactiveerd: bool,
    heffing_opgelegd: bool,
    jaar: i32,
    sector: &str,
) -> String {
    match (geactiveerd, heffing_opgelegd, sector) {
        (true, true, _) => "De quotumregeling geldt voor dit jaar; de heffing wordt opgelegd.".into(),
        (true, false, _) if jaar == 2018 => "De quotumregeling gold in 2018 voor de overheid, maar zonder heffing: u betaalt niets.".into(),
        (true, false, _) => "De quotumregeling geldt voor de overheid, maar de heffing is uitgesteld: u betaalt niets.".into(),
        (false, _, "MARKT") => "De quotumregeling is voor de marktsector nooit ingegaan: u betaalt niets.".into(),
        (false, _, _) => "De quotumregeling gold in dit jaar niet: u betaalt niets.".into(),
    }
}

/// Plain words for where a quota percentage comes from instead of the rule number:
/// `tabel (vastgesteld)` → `vastgesteld door de minister`, `formule R-31 (doel geïnterpoleerd)`
/// → a sentence without "formule" or "R-31".
pub fn percentage_bron(bron: &str) -> String {
    if let Some(status) = bron
        .strip_prefix("tabel (")
        .and_then(|s| s.strip_suffix(')'))
    {
        return match status {
            "vastgesteld" => "vastgesteld door de minister".into(),
            "indicatief" => "indicatief, nog niet vastgesteld".into(),
            s => s.to_string(),
        };
    }
    if bron.starts_with("formule") {
        return if bron.contains("geïnterpoleerd") {
            "berekend uit de doelen van de banenafspraak; het doel van dit jaar is geschat tussen de jaren ervoor en erna".into()
        } else {
            "berekend uit de doelen van de banenafspraak".into()
        };
    }
    bron.to_string()
}

// ---- CSV for Dutch Excel ----

/// Decimals of a CSV column by its name, as the page shows the figure: jobs 1, missing
/// jobs 2, hours and percentages 2, counts and years 0.
pub fn decimalen_kolom(kolom: &str) -> usize {
    if kolom.contains("ontbrekende_banen") || kolom.contains("uren") || kolom.contains("percentage")
    {
        2
    } else if kolom.contains("banen") {
        DECIMALEN_BANEN
    } else {
        DECIMALEN_AANTAL
    }
}

/// A number for a Dutch spreadsheet cell: decimal comma, no thousands separator (so Excel
/// never mistakes `1.234` for one point two), rounded half away from zero.
pub fn getal_csv(x: f64, decimalen: usize) -> String {
    let (min, geheel, breuk) = afgerond(x, decimalen);
    let teken = if min { "-" } else { "" };
    if breuk.is_empty() {
        format!("{teken}{geheel}")
    } else {
        format!("{teken}{geheel},{breuk}")
    }
}

/// A column name as a person reads it in a spreadsheet's header row: `ontbrekende_banen` →
/// `Ontbrekende banen`; a name the glossary writes in capitals stays so (`bsn` → `BSN`).
pub fn kolomkop(kolom: &str) -> String {
    if kolom == "bsn" {
        return "BSN".into();
    }
    let woorden = kolom.replace('_', " ");
    let mut tekens = woorden.chars();
    tekens
        .next()
        .map(|c| c.to_uppercase().chain(tekens).collect())
        .unwrap_or_default()
}

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// The first table as CSV in the dialect Dutch Excel opens correctly with a double click:
/// UTF-8 with a byte order mark, `;` between cells, decimal comma, numbers rounded as the page
/// shows them ([`decimalen_kolom`]), dates `dd-mm-jjjj`, empty cells for withheld figures, and
/// a header row in words ([`kolomkop`]).
///
/// Why a BOM and no `sep=;` line: Dutch Excel splits on its list separator `;` by itself, and
/// only the BOM makes it read the file as UTF-8 (names with `ë`, `ï`); a `sep=` first line would
/// make Excel ignore the BOM and show `geÃ¯nterpoleerd`. Text cells that a spreadsheet would run
/// as a formula are neutralised as in the machine CSV (issue #9).
///
/// The API's and the CLI's CSV (`dgr rapport --formaat csv`) stay the machine dialect of
/// [`dgr_reports::formaat::csv`]; this one is for the page downloads.
pub fn excel_csv(tabellen: &[Tabel]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    if let Some(t) = tabellen.first() {
        let _ = w.write_record(t.kop.iter().map(|k| kolomkop(k)));
        for r in &t.rijen {
            let _ = w.write_record(r.iter().zip(&t.kop).map(|(c, kolom)| match c {
                Waarde::Getal(g) => getal_csv(*g, decimalen_kolom(kolom)),
                Waarde::Tekst(t) => dgr_core::tekst::neutraliseer_csv(&datum_tekst(t)).into_owned(),
                Waarde::Leeg => String::new(),
            }));
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The tables as XLSX for a page download: numbers stay numbers, the header rows in words
/// ([`kolomkop`]) as in [`excel_csv`].
///
/// # Errors
/// The XLSX writer's error.
pub fn excel_xlsx(mut tabellen: Vec<Tabel>) -> Result<Vec<u8>, dgr_reports::formaat::XlsxError> {
    for t in &mut tabellen {
        t.kop = t.kop.iter().map(|k| kolomkop(k)).collect();
    }
    dgr_reports::formaat::xlsx(&tabellen)
}

// ---- template filters ----

/// The value of a template variable as a number, if it is one (or numeric text like `12.5`).
fn als_getal(v: &Value) -> Option<f64> {
    if let Some(s) = v.as_str() {
        return s.trim().parse::<f64>().ok();
    }
    f64::try_from(v.clone()).ok()
}

/// Filter `getal(decimalen=0)`: see [`getal`]; none/undefined → `–`; other text unchanged.
pub fn getal_filter(v: Value, decimalen: Option<usize>) -> String {
    if v.is_none() || v.is_undefined() {
        return ONTBREEKT.into();
    }
    match als_getal(&v) {
        Some(x) => getal(x, decimalen.unwrap_or(0)),
        None => v.to_string(),
    }
}

/// Filter `geld`: euro cents → [`geld`]; none → `–`.
pub fn geld_filter(v: Value) -> String {
    match als_getal(&v) {
        Some(c) if !v.is_none() => geld(c.round() as i64),
        _ => ONTBREEKT.into(),
    }
}

/// Filter `datum`: [`datum_tekst`] inside `<time datetime="…">` (machine-readable, and kept on
/// one line by the stylesheet); none → `–`; text that is no date unchanged (escaped).
pub fn datum_filter(v: Value) -> Value {
    if v.is_none() || v.is_undefined() {
        return Value::from(ONTBREEKT);
    }
    let bron = v.to_string();
    let toon = datum_tekst(&bron);
    if toon == bron {
        return Value::from(bron);
    }
    let veilig = |t: &str| {
        t.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    Value::from_safe_string(format!(
        "<time datetime=\"{}\">{}</time>",
        veilig(&bron),
        veilig(&toon)
    ))
}

/// Filter `datum_lang`: an ISO date → `5 januari 2026`; other text unchanged.
pub fn datum_lang_filter(v: Value) -> String {
    let t = v.to_string();
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_or(t, datum_lang)
}

/// Filter `naam(soort)`: [`naam`]; none → `–`.
pub fn naam_filter(v: Value, soort: String) -> String {
    if v.is_none() || v.is_undefined() {
        return ONTBREEKT.into();
    }
    naam(&soort, &v.to_string())
}

/// Filter `regio`: [`regio`].
pub fn regio_filter(v: Value) -> String {
    if v.is_none() || v.is_undefined() {
        return ONTBREEKT.into();
    }
    regio(&v.to_string())
}

/// Registers the filters of this module on a template environment.
pub fn registreer(env: &mut minijinja::Environment<'_>) {
    env.add_filter("getal", getal_filter);
    env.add_filter("geld", geld_filter);
    env.add_filter("datum", datum_filter);
    env.add_filter("datum_lang", datum_lang_filter);
    env.add_filter("naam", naam_filter);
    env.add_filter("regio", regio_filter);
    env.add_filter("maand", |v: Value| maand(&v.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getallen_met_punt_en_komma() {
        assert_eq!(getal(1234.5, 1), "1.234,5");
        assert_eq!(getal(1234.5, 2), "1.234,50");
        assert_eq!(getal(0.0, 1), "0,0");
        assert_eq!(getal(0.0, 0), "0");
        assert_eq!(getal(1e6, 0), "1.000.000");
        assert_eq!(getal(999.0, 0), "999");
        assert_eq!(getal(42694.0, 0), "42.694");
        // 7558.2 jobs, one decimal
        assert_eq!(getal(7558.2, 1), "7.558,2");
        // 15 digits are rounded away: 6041.605971618616 → 6041.6 (the next digit is 0)
        assert_eq!(getal(6041.605971618616, 1), "6.041,6");
        assert_eq!(getal(-12.5, 1), "-12,5");
        assert_eq!(getal(-1234567.891, 2), "-1.234.567,89");
        assert_eq!(getal_tot(12.5, 3), "12,5");
        assert_eq!(getal_tot(1200.0, 3), "1.200");
        // 0.0004 to 3 decimals is 0,000 → 0
        assert_eq!(getal_tot(0.0004, 3), "0");
    }

    #[test]
    fn afronden_van_nul_af() {
        // exact binary halves: 2.5 → 3 and -2.5 → -3 (Rust's {:.0} would give 2 and -2)
        assert_eq!(getal(2.5, 0), "3");
        assert_eq!(getal(-2.5, 0), "-3");
        // 0.25 is exact in binary: half away from zero → 0,3 (ties-to-even would give 0,2)
        assert_eq!(getal(0.25, 1), "0,3");
        // -0.05 to 1 decimal: -0.5 tenths → -0,1; to 0 decimals it is 0, never "-0"
        assert_eq!(getal(-0.05, 1), "-0,1");
        assert_eq!(getal(-0.05, 0), "0");
        assert_eq!(getal(-0.04, 1), "0,0");
        // R-33 worked example: 1429 / 1331 = 1.07362… → 1,07
        assert_eq!(getal(1429.0 / 1331.0, 2), "1,07");
    }

    #[test]
    fn geld_in_euro() {
        // 1.07 jobs × EUR 5,000 = EUR 5,350.00 = 535000 cents
        assert_eq!(geld(535_000), "€\u{a0}5.350,00");
        assert_eq!(geld(200_000), "€\u{a0}2.000,00");
        assert_eq!(geld(403_168_319), "€\u{a0}4.031.683,19");
        assert_eq!(geld(5), "€\u{a0}0,05");
        assert_eq!(geld(-5), "€\u{a0}-0,05");
        assert_eq!(geld(0), "€\u{a0}0,00");
    }

    #[test]
    fn datums_en_momenten() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        assert_eq!(datum(d), "05-01-2026");
        assert_eq!(datum_lang(d), "5 januari 2026");
        assert_eq!(
            datum_lang(NaiveDate::from_ymd_opt(2036, 9, 29).unwrap_or_default()),
            "29 september 2036"
        );
        // 03:18:36 UTC in December is 04:18 in Amsterdam (CET, +01:00)
        assert_eq!(datum_tekst("2026-12-02T03:18:36Z"), "02-12-2026 04:18");
        // the same instant written with its offset
        assert_eq!(datum_tekst("2026-12-02T04:18:36+01:00"), "02-12-2026 04:18");
        // summer: 11:51 UTC is 13:51 CEST
        assert_eq!(datum_tekst("2026-07-30T11:51:00Z"), "30-07-2026 13:51");
        assert_eq!(datum_tekst("2026-12-02"), "02-12-2026");
        assert_eq!(datum_tekst("geen datum"), "geen datum");
        assert_eq!(maand("2026-03"), "maart 2026");
        assert_eq!(maand("later"), "later");
    }

    #[test]
    fn namen_voor_codes() {
        assert_eq!(
            naam("uitschrijving", "WERKGEVERS_GEINFORMEERD"),
            "werkgevers geïnformeerd"
        );
        assert_eq!(
            naam("opleidingsniveau", "MBO2_4"),
            "mbo niveau 2 tot en met 4"
        );
        assert_eq!(naam("opleidingsniveau", "HAVO_VWO"), "havo of vwo");
        // the freshness board's subjects: the grondslag's name from reference/grondslagen.csv
        assert_eq!(
            naam("onderwerp", "registraties PW_IBA"),
            "registraties: Participatiewet - indicatie banenafspraak"
        );
        assert_eq!(naam("onderwerp", "personen"), "persoonsgegevens (BRP)");
        assert_eq!(naam("rol", "uwv"), "UWV");
        // from reference/arbeidsmarktregios.csv
        assert_eq!(regio("AM30"), "Zuid-Limburg");
        assert_eq!(regio("AM25"), "West-Brabant");
        assert_eq!(naam("regio", "AM30"), "Zuid-Limburg");
        // from reference/grondslagen.csv
        assert_eq!(
            naam("grondslag", "PW_IBA"),
            "Participatiewet - indicatie banenafspraak"
        );
        // unknown: no shouting
        assert_eq!(naam("iets", "NIEUWE_STAND"), "nieuwe stand");
        // redenen_einde.csv: "AOW-leeftijd bereikt (R-12)" without the rule number
        assert_eq!(naam("reden", "AOW"), "AOW-leeftijd bereikt");
        assert!(!percentage_bron("formule R-31 (doel geïnterpoleerd)").contains("R-31"));
        assert_eq!(
            percentage_bron("tabel (vastgesteld)"),
            "vastgesteld door de minister"
        );
        let stand = quotum_stand(true, false, 2024, "OVERHEID", true);
        assert!(stand.contains("uitgesteld"), "{stand}");
        assert!(!stand.contains(';'), "{stand}");
        // a year without the regulation: the sentence about the amount only beside an amount
        let met = quotum_stand(false, false, 2024, "MARKT", true);
        assert!(
            met.ends_with("Het bedrag laat zien wat de heffing zou zijn."),
            "{met}"
        );
        let zonder = quotum_stand(false, false, 2024, "MARKT", false);
        assert_eq!(
            zonder,
            "De quotumregeling is voor de marktsector nooit ingegaan: u betaalt niets."
        );
    }

    #[test]
    fn filters_tonen_streepje_voor_niets() {
        assert_eq!(getal_filter(Value::from(()), Some(1)), "–");
        assert_eq!(getal_filter(Value::from(28911), None), "28.911");
        assert_eq!(getal_filter(Value::from("7558.2"), Some(1)), "7.558,2");
        assert_eq!(getal_filter(Value::from("<10"), None), "<10");
        assert_eq!(geld_filter(Value::from(200_000)), "€\u{a0}2.000,00");
        assert_eq!(
            datum_filter(Value::from("2026-12-02")).to_string(),
            "<time datetime=\"2026-12-02\">02-12-2026</time>"
        );
        assert_eq!(datum_filter(Value::from(())).to_string(), "–");
        assert_eq!(
            naam_filter(Value::from("OPEN"), "bezwaar".into()),
            "in behandeling"
        );
    }

    #[test]
    fn csv_voor_nederlandse_excel() {
        let t = Tabel {
            naam: "t".into(),
            kop: vec![
                "jaar".into(),
                "sector".into(),
                "banen".into(),
                "doel".into(),
            ],
            rijen: vec![vec![
                Waarde::Getal(2024.0),
                Waarde::Tekst("geïnterpoleerd".into()),
                Waarde::Getal(6041.605971618616),
                Waarde::Leeg,
            ]],
        };
        let bytes = excel_csv(&[t]);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{bytes:?}");
        let tekst = String::from_utf8(bytes[3..].to_vec()).unwrap_or_default();
        let regels: Vec<&str> = tekst.lines().collect();
        assert_eq!(regels[0], "Jaar;Sector;Banen;Doel");
        // parsed back by hand: four cells split on ';'
        let cellen: Vec<&str> = regels[1].split(';').collect();
        // year without thousands dot; jobs to 1 decimal with a comma (6041.60… → 6041,6); empty
        assert_eq!(cellen, ["2024", "geïnterpoleerd", "6041,6", ""]);
        assert_eq!(getal_csv(-0.05, 1), "-0,1");
        assert_eq!(decimalen_kolom("ontbrekende_banen"), 2);
        assert_eq!(decimalen_kolom("werkende_personen"), 0);
        assert_eq!(kolomkop("ontbrekende_banen"), "Ontbrekende banen");
        assert_eq!(kolomkop("bsn"), "BSN");
        assert_eq!(kolomkop("ïnput"), "Ïnput");
        assert_eq!(kolomkop(""), "");
    }
}
