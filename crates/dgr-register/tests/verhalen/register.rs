// End-to-end register behaviour: cases of group E (C25, C26, C28), C18, C19, C20, R-15, R-16
// and the delivery rules of FORMATS.md. Expected values are worked out by hand in each test from
// the rules. Included once per backend by `tests/contract.rs`, which defines
// `nieuwe_database()`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::{Bron, Bsn, Gemeentecode, LeveringSoort, Modus, Referentie};
use dgr_register::tijd::{Klok, parse_tijdstip};
use dgr_register::{Aanlevering, ImportUitkomst, Register};
use dgr_store::testhulp::Testdatabase;

/// A register on a fresh database of this backend; the database goes when it is dropped (the
/// register first: fields drop in order).
struct R {
    r: Register,
    _db: Testdatabase,
}

impl std::ops::Deref for R {
    type Target = Register;
    fn deref(&self) -> &Register {
        &self.r
    }
}

impl std::ops::DerefMut for R {
    fn deref_mut(&mut self) -> &mut Register {
        &mut self.r
    }
}

fn register_met(klok: Klok) -> R {
    let db = nieuwe_database();
    let r = Register::open_database(&db.database, klok).unwrap_or_else(|e| unreachable!("{e}"));
    R { r, _db: db }
}

fn register() -> R {
    register_met(Klok::echt())
}

/// A register whose clock stands at `tijdstip` now (and runs on): for a rule that depends on
/// "today", so the test does not depend on the day it runs (issue #9 finding 0).
fn register_op(tijdstip: &str) -> R {
    register_met(Klok::vanaf(t(tijdstip)))
}

fn t(s: &str) -> DateTime<Utc> {
    parse_tijdstip(s).unwrap_or_else(|e| unreachable!("{e}"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn bsn(s: &str) -> Bsn {
    Bsn::parse(s).unwrap_or_else(|e| unreachable!("{e}"))
}

/// A delivery of `bron` without municipality or employer, in file `KENMERK.csv`.
fn aanlevering<'a>(
    soort: LeveringSoort,
    bron: Bron,
    kenmerk: &str,
    modus: Modus,
    tijd: Option<&str>,
    inhoud: &'a str,
) -> Aanlevering<'a> {
    Aanlevering {
        soort,
        bron,
        kenmerk: kenmerk.into(),
        gemeentecode: None,
        fiscaal_nummer: None,
        modus,
        geregistreerd_op: tijd.map(t),
        bestandsnaam: format!("{kenmerk}.csv"),
        inhoud: inhoud.as_bytes(),
    }
}

fn lever(
    r: &mut R,
    soort: LeveringSoort,
    bron: Bron,
    kenmerk: &str,
    modus: Modus,
    tijd: Option<&str>,
    inhoud: &str,
) -> ImportUitkomst {
    let a = aanlevering(soort, bron, kenmerk, modus, tijd, inhoud);
    r.importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"))
}

fn uwv(r: &mut R, kenmerk: &str, tijd: &str, inhoud: &str) -> ImportUitkomst {
    lever(
        r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        kenmerk,
        Modus::Strict,
        Some(tijd),
        inhoud,
    )
}

/// A strict BRP delivery of persons (`bsn;geboortedatum;woongemeente` rows) recorded at `tijd`.
fn brp(r: &mut R, kenmerk: &str, tijd: &str, inhoud: &str) -> ImportUitkomst {
    lever(
        r,
        LeveringSoort::Personen,
        Bron::Brp,
        kenmerk,
        Modus::Strict,
        Some(tijd),
        inhoud,
    )
}

fn ja(r: &R, b: &str, peildatum: &str, bekend_op: &str) -> bool {
    r.in_doelgroepregister(bsn(b), d(peildatum), t(bekend_op))
        .unwrap_or_else(|e| unreachable!("{e}"))
}

const KOP: &str = "bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde;nieuwe_ingangsdatum\n";

/// A delivery read ahead (`lees_vooraf`, the demo's import of a backlog) is applied as if read
/// at its import; a read-ahead of other content, or for another day of receipt, is not used:
/// the import reads its own file. L1 registers 111222333 from 2024-03-01, read ahead with its
/// own content. L2 registers 123456782, but comes with the read-ahead of a file registering
/// 012345672: the register holds 123456782 and never 012345672. L3, person data with a birth
/// date of 2024-02-06 (R-01: a birth date after the day of receipt is a row error), was read
/// ahead as received on 2024-02-05 (a row error, strict: rejected whole) and is imported on
/// 2024-02-06: read again, it is applied.
#[test]
fn vooraf_gelezen_levering_alleen_voor_dezelfde_inhoud() {
    fn uwv_levering<'a>(kenmerk: &str, tijd: &str, inhoud: &'a str) -> Aanlevering<'a> {
        let (soort, bron) = (LeveringSoort::Registraties, Bron::Uwv);
        aanlevering(soort, bron, kenmerk, Modus::Strict, Some(tijd), inhoud)
    }
    let mut r = register();
    let vooraf = |a: &Aanlevering<'_>, r: &R| {
        dgr_register::levering::lees_vooraf(a, r.referentie(), r.grenzen(), t("2030-01-01"))
    };
    let opvoer = |b: &str| format!("{KOP}{b};WAJONG;OPVOER;2024-03-01;;;\n");
    let (eigen, ander) = (opvoer("111222333"), opvoer("012345672"));
    let l1 = uwv_levering("L1", "2024-02-01", &eigen);
    let v1 = vooraf(&l1, &r);
    let u1 = r.importeer_vooraf(&l1, v1, &mut |_, _| {});
    assert!(matches!(u1, Ok(ImportUitkomst::Toegepast(..))), "{u1:?}");
    let tweede = opvoer("123456782");
    let l2 = uwv_levering("L2", "2024-02-02", &tweede);
    let v_ander = vooraf(&uwv_levering("L2", "2024-02-02", &ander), &r);
    let u2 = r.importeer_vooraf(&l2, v_ander, &mut |_, _| {});
    assert!(matches!(u2, Ok(ImportUitkomst::Toegepast(..))), "{u2:?}");
    // born on the day of receipt: a row error only when read as received the day before
    let persoon = "bsn;geboortedatum\n999999990;2024-02-06\n";
    let (soort, bron) = (LeveringSoort::Personen, Bron::Brp);
    let l3 = aanlevering(
        soort,
        bron,
        "L3",
        Modus::Strict,
        Some("2024-02-06"),
        persoon,
    );
    let mut eerder = l3.clone();
    eerder.geregistreerd_op = Some(t("2024-02-05"));
    let v3 = vooraf(&eerder, &r);
    let u3 = r.importeer_vooraf(&l3, v3, &mut |_, _| {});
    assert!(matches!(u3, Ok(ImportUitkomst::Toegepast(..))), "{u3:?}");
    assert_eq!(
        r.store()
            .persoon_versies(bsn("999999990"))
            .map(|v| v.len())
            .unwrap_or_default(),
        1
    );
    assert!(ja(&r, "111222333", "2024-06-01", "2025-01-01"));
    assert!(ja(&r, "123456782", "2024-06-01", "2025-01-01"));
    assert!(!ja(&r, "012345672", "2024-06-01", "2025-01-01"));
}

#[test]
fn case_c25_dubbele_import() {
    let mut r = register();
    let bestand = format!("{KOP}111222333;WAJONG;OPVOER;2024-03-01;;;\n");
    let eerste = uwv(&mut r, "L1", "2024-02-01", &bestand);
    assert!(
        matches!(eerste, ImportUitkomst::Toegepast(..)),
        "{eerste:?}"
    );
    let tweede = uwv(&mut r, "L1", "2024-02-02", &bestand);
    assert!(
        matches!(tweede, ImportUitkomst::AlToegepast(_)),
        "{tweede:?}"
    );
    assert_eq!(tweede.rapport().levering_id, eerste.rapport().levering_id);
    // one registration, one history entry
    let versies = r
        .store()
        .registratie_versies(bsn("111222333"))
        .unwrap_or_default();
    assert_eq!(versies.len(), 1);
    // one delivery record
    assert_eq!(
        r.store().leveringen().map(|l| l.len()).unwrap_or_default(),
        1
    );
    // the same kenmerk with different content is rejected (and recorded)
    let ander = format!("{KOP}123456782;WAJONG;OPVOER;2024-03-01;;;\n");
    let derde = uwv(&mut r, "L1", "2024-02-03", &ander);
    assert!(matches!(derde, ImportUitkomst::Afgewezen(..)));
    assert!(
        derde
            .rapport()
            .reden
            .as_deref()
            .unwrap_or_default()
            .contains("al gebruikt")
    );
    assert_eq!(
        r.store().leveringen().map(|l| l.len()).unwrap_or_default(),
        2
    );
    assert!(!ja(&r, "123456782", "2024-06-01", "2025-01-01"));
}

#[test]
fn case_c26_strict_en_accept_valid() {
    let bestand = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n123456789;WAJONG;OPVOER;2024-03-01\n123456782;WAJONG;OPVOER;31-02-2024\n";
    // strict: nothing applied, report lists line 3 (BSN, masked) and line 4 (date)
    let mut r = register();
    let u = lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "S1",
        Modus::Strict,
        Some("2024-02-01"),
        bestand,
    );
    assert!(matches!(u, ImportUitkomst::Afgewezen(..)));
    let fouten: Vec<(u64, &str)> = u
        .rapport()
        .fouten
        .iter()
        .map(|f| (f.regel, f.kolom.as_str()))
        .collect();
    assert_eq!(fouten, vec![(3, "bsn"), (4, "ingangsdatum")]);
    assert_eq!(u.rapport().fouten[0].waarde.as_deref(), Some("*****6789"));
    assert!(!ja(&r, "111222333", "2024-06-01", "2025-01-01"));
    // accept-valid: row 1 applied, the two others in the rejection file
    let u = lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "S2",
        Modus::AcceptValid,
        Some("2024-02-02"),
        bestand,
    );
    assert!(matches!(u, ImportUitkomst::Toegepast(..)), "{u:?}");
    assert_eq!(
        (u.rapport().rijen_toegepast, u.rapport().rijen_afgewezen),
        (1, 2)
    );
    let afwijzing = String::from_utf8_lossy(u.afwijzingsbestand().unwrap_or_default()).to_string();
    assert_eq!(afwijzing.lines().count(), 3, "{afwijzing}");
    assert!(
        afwijzing
            .lines()
            .nth(1)
            .unwrap_or_default()
            .starts_with("123456789;WAJONG;OPVOER;2024-03-01;3;")
    );
    assert!(ja(&r, "111222333", "2024-06-01", "2025-01-01"));
    // re-delivering the corrected rows (with row 1 again) does not duplicate row 1
    let gecorrigeerd = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n123456782;WAJONG;OPVOER;29-02-2024\n";
    let u = lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "S3",
        Modus::Strict,
        Some("2024-02-03"),
        gecorrigeerd,
    );
    assert_eq!((u.rapport().nieuw, u.rapport().ongewijzigd), (1, 1));
    assert_eq!(
        r.store()
            .registratie_versies(bsn("111222333"))
            .unwrap_or_default()
            .len(),
        1
    );
    assert!(ja(&r, "123456782", "2024-02-29", "2025-01-01"));
}

#[test]
fn case_c28_correcties_en_bekend_op() {
    let mut r = register();
    uwv(
        &mut r,
        "D1",
        "2024-02-01",
        &format!(
            "{KOP}111222333;WAJONG;OPVOER;2024-03-01;;;\n123456782;PW_IBA;OPVOER;2024-01-01;;;\n012345672;PW_IBA;OPVOER;2024-01-01;;;\n"
        ),
    );
    uwv(
        &mut r,
        "D2",
        "2024-05-01",
        &format!("{KOP}111222333;WAJONG;CORRECTIE;2024-03-01;;;2024-01-15\n"),
    );
    let d3 = uwv(
        &mut r,
        "D3",
        "2024-06-01",
        &format!(
            "{KOP}123456782;PW_IBA;INTREKKING;2024-01-01;;;\n012345672;PW_IBA;EINDE;2024-01-01;2024-06-01;EINDE_GRONDSLAG;\n"
        ),
    );
    assert!(matches!(d3, ImportUitkomst::Toegepast(..)), "{d3:?}");
    let nu = "2026-01-01";
    // 111222333 on 2024-02-01: now yes (corrected start 2024-01-15); as known on 2024-04-01 no
    assert!(ja(&r, "111222333", "2024-02-01", nu));
    assert!(!ja(&r, "111222333", "2024-02-01", "2024-04-01"));
    // 123456782: withdrawn -> no on every date now; the formal history keeps the version
    for p in ["2024-01-01", "2024-03-01", "2025-01-01"] {
        assert!(!ja(&r, "123456782", p, nu));
    }
    assert!(ja(&r, "123456782", "2024-03-01", "2024-05-15"));
    assert_eq!(
        r.store()
            .registratie_versies(bsn("123456782"))
            .unwrap_or_default()
            .len(),
        2
    );
    // 012345672: yes on 2024-05-31, no on 2024-06-01; 12345672 is the same person (C11)
    assert!(ja(&r, "012345672", "2024-05-31", nu));
    assert!(!ja(&r, "012345672", "2024-06-01", nu));
    assert!(ja(&r, "12345672", "2024-05-31", nu));
}

#[test]
fn transactietijd_kan_niet_terug() {
    let mut r = register();
    uwv(
        &mut r,
        "A",
        "2024-05-01",
        &format!("{KOP}111222333;WAJONG;OPVOER;2024-03-01;;;\n"),
    );
    let a = aanlevering(
        LeveringSoort::Registraties,
        Bron::Uwv,
        "B",
        Modus::Strict,
        Some("2024-04-01"),
        "bsn;grondslag;mutatie;ingangsdatum\n123456782;WAJONG;OPVOER;2024-03-01\n",
    );
    assert!(r.importeer(&a, &mut |_, _| {}).is_err());
}

#[test]
fn gemeente_levert_met_gemeentecode() {
    let mut r = register();
    let mut a = aanlevering(
        LeveringSoort::Registraties,
        Bron::Gemeente,
        "G1",
        Modus::Strict,
        None,
        "bsn;grondslag;mutatie;ingangsdatum;loonwaarde_pct\n111222333;PRAKTIJKROUTE;OPVOER;2024-03-01;65,5\n",
    );
    assert!(r.importeer(&a, &mut |_, _| {}).is_err());
    a.gemeentecode = Gemeentecode::parse("0363").ok();
    let u = r
        .importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(u, ImportUitkomst::Toegepast(..)), "{u:?}");
}

#[test]
fn r12_personen_leggen_aow_einde_vast_en_case_c18() {
    let mut r = register();
    uwv(
        &mut r,
        "R",
        "2020-01-01",
        &format!(
            "{KOP}111222333;WAJONG;OPVOER;2016-01-01;;;\n123456782;WAJONG;OPVOER;2016-01-01;;;\n012345672;WAJONG;OPVOER;2016-01-01;;;\n999990019;PW_IBA;OPVOER;2016-01-01;;;\n"
        ),
    );
    // no person data yet: no AOW end, listed in the quality report
    let k = r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(k.registraties_zonder_persoonsgegevens.len(), 4);
    let u = brp(
        &mut r,
        "P",
        "2020-02-01",
        "bsn;geboortedatum;overlijdensdatum\n111222333;19610100;\n123456782;19610000;\n012345672;00000000;\n999990019;1957-06-15;2019-03-10\n",
    );
    assert!(matches!(u, ImportUitkomst::Toegepast(..)), "{u:?}");
    // 19610100 -> 1961-01-31 -> +67y3m = 2028-04-31 -> 2028-05-01: registered 2028-04-30, not 2028-05-01
    assert!(ja(&r, "111222333", "2028-04-30", "2026-01-01"));
    assert!(!ja(&r, "111222333", "2028-05-01", "2026-01-01"));
    // 19610000 -> 1961-12-31 -> 2029-03-31
    assert!(ja(&r, "123456782", "2029-03-30", "2026-01-01"));
    assert!(!ja(&r, "123456782", "2029-03-31", "2026-01-01"));
    // 00000000 -> no AOW end
    assert!(ja(&r, "012345672", "2060-01-01", "2026-01-01"));
    // died 2019-03-10 -> registered through that day
    assert!(ja(&r, "999990019", "2019-03-10", "2026-01-01"));
    assert!(!ja(&r, "999990019", "2019-03-11", "2026-01-01"));
    // as known before the person delivery, 111222333 was still registered in 2030
    assert!(ja(&r, "111222333", "2030-01-01", "2020-01-15"));
    let k = r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(
        (
            k.onvolledige_geboortedatum.len(),
            k.onbekende_geboortedatum.len()
        ),
        (2, 1)
    );
    assert!(k.registraties_zonder_persoonsgegevens.is_empty());
    // opvoer on or after the AOW date is refused: 1957-06-15 + 67y = 2024-06-15 (but died earlier)
    let u = lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R2",
        Modus::Strict,
        Some("2020-03-01"),
        &format!("{KOP}999990019;WAJONG;OPVOER;2019-04-01;;;\n"),
    );
    assert!(matches!(u, ImportUitkomst::Afgewezen(..)));
}

#[test]
fn case_c19_nieuwe_aow_tabel_via_referentie() {
    // An older table (as if published before 2024) said 67y6m for people born in 1961-01-01..1961-09-30.
    let ingebouwd = Referentie::ingebouwd().unwrap_or_else(|e| unreachable!("{e}"));
    let mut bestanden: BTreeMap<String, String> = ingebouwd.bestanden().clone();
    if let Some(aow) = bestanden.get_mut("aow_leeftijd.csv") {
        *aow = aow.replace("2028,67,3,1961-01-01", "2028,67,6,1961-01-01");
    }
    let oud = Referentie::uit_bestanden(bestanden).unwrap_or_else(|e| unreachable!("{e}"));
    // today is 1 June 2026: both AOW dates below (2028-07-01, 2028-04-01) are still ahead, so
    // the new table recomputes the end (from 1 July 2028 on, the old end would be history)
    let mut r = register_op("2026-06-01T12:00:00+02:00");
    let wissel = r
        .laad_referentie(oud)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(wissel.gewijzigd);
    uwv(
        &mut r,
        "R",
        "2025-01-01",
        &format!("{KOP}111222333;WAJONG;OPVOER;2016-01-01;;;\n"),
    );
    brp(
        &mut r,
        "P",
        "2025-01-02",
        "bsn;geboortedatum\n111222333;1961-01-01\n",
    );
    // old table: 1961-01-01 + 67y6m = 2028-07-01
    assert!(ja(&r, "111222333", "2028-06-30", "2025-02-01"));
    // the current table: 67y3m -> 2028-04-01, still in the future: recomputed
    let wissel = r
        .laad_referentie(ingebouwd)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(wissel.herberekende_registraties, 1);
    let nu = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(1));
    assert!(ja(&r, "111222333", "2028-03-31", &nu));
    assert!(!ja(&r, "111222333", "2028-04-01", &nu));
    // the new version names the reference version as its cause
    let overzicht = r
        .persoon(bsn("111222333"), t(&nu))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        overzicht
            .registratieversies
            .last()
            .is_some_and(|v| v.oorzaak.starts_with("referentie "))
    );
}

#[test]
fn case_c20_geboortedatum_verschuift_niet() {
    // Dates are civil dates everywhere: CSV -> database -> JSON keeps 1961-01-01 whatever TZ says.
    // (.ci/run also runs the whole suite under TZ=Pacific/Kiritimati and TZ=Europe/Amsterdam.)
    let mut r = register();
    lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        Modus::Strict,
        None,
        "bsn;geboortedatum\n111222333;1961-01-01\n",
    );
    let overzicht = r
        .persoon(bsn("111222333"), r.klok().nu())
        .unwrap_or_else(|e| unreachable!("{e}"));
    let json = serde_json::to_string(&overzicht).unwrap_or_default();
    assert!(json.contains("\"geboortedatum\":\"1961-01-01\""), "{json}");
    // and back: the JSON date parses to the same civil date
    let terug: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(terug["persoon"]["geboortedatum"], "1961-01-01");
    assert_eq!(terug["persoon"]["aow_datum"], "2028-04-01");
}

#[test]
fn overige_soorten_en_correctie_van_polis() {
    let mut r = register();
    let polis1 = "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;123456782L01;2024-01-01;2024-01-31;100\n";
    let u = lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "P1",
        Modus::Strict,
        None,
        polis1,
    );
    assert_eq!(u.rapport().nieuw, 1);
    // a later delivery with the same key replaces: one current row, changed
    let polis2 = "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;123456782L01;2024-01-01;2024-01-31;110,5\n";
    let u = lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "P2",
        Modus::Strict,
        None,
        polis2,
    );
    assert_eq!((u.rapport().nieuw, u.rapport().gewijzigd), (0, 1));
    let tellingen = r.store().tellingen(d("2024-01-01")).unwrap_or_default();
    assert_eq!(tellingen.polisrijen, 1);
    let w = "loonheffingennummer;naam;sector;subsector;vestigingsgemeente\n123456782L01;Gemeente Utrecht;OVERHEID;GEMEENTEN;0344\n";
    assert!(matches!(
        lever(
            &mut r,
            LeveringSoort::Werkgevers,
            Bron::Uwv,
            "W",
            Modus::Strict,
            None,
            w
        ),
        ImportUitkomst::Toegepast(..)
    ));
    let wu = "loonheffingennummer;jaar;verloonde_uren_totaal;aantal_werknemers\n123456782L01;2024;100000;60\n";
    assert!(matches!(
        lever(
            &mut r,
            LeveringSoort::Werkgeversuren,
            Bron::Uwv,
            "WU",
            Modus::Strict,
            None,
            wu
        ),
        ImportUitkomst::Toegepast(..)
    ));
    let k = "bsn;opleidingsniveau;uren_per_week;max_reisafstand_km;beschikbaar_vanaf;interesses;woongemeente;herkenbaar\n111222333;MBO2_4;24;25;2025-01-01;zorg|groen;0344;J\n";
    assert!(matches!(
        lever(
            &mut r,
            LeveringSoort::Kandidaten,
            Bron::Uwv,
            "K",
            Modus::Strict,
            None,
            k
        ),
        ImportUitkomst::Toegepast(..)
    ));
    let tellingen = r.store().tellingen(d("2024-01-01")).unwrap_or_default();
    assert_eq!(
        (
            tellingen.werkgevers,
            tellingen.kandidaten,
            tellingen.leveringen_toegepast
        ),
        (1, 1, 5)
    );
}

/// A lookup's reads in one read transaction (`Register::leestransactie`, issue #13) leave
/// nothing open: after `werk` failed and after it panicked the register still takes a delivery
/// (a write transaction, which SQLite refuses inside an open one) and then reads it.
#[test]
fn leestransactie_laat_niets_open() {
    let mut r = register();
    uwv(&mut r, "R1", "2024-02-01", &format!("{KOP}111222333;WAJONG;OPVOER;2024-03-01;;;\n"));
    let versies = |r: &Register| -> Result<usize, dgr_register::RegisterFout> {
        Ok(r.store().registratie_versies(bsn("111222333"))?.len())
    };
    assert_eq!(r.leestransactie(versies).unwrap_or_else(|e| unreachable!("{e}")), 1);
    let fout = r.leestransactie(|r| -> Result<(), dgr_register::RegisterFout> {
        versies(r)?;
        Err(dgr_register::RegisterFout::Aanlevering("opzettelijk".into()))
    });
    assert!(fout.is_err());
    let paniek = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = r.leestransactie(|r| -> Result<(), dgr_register::RegisterFout> {
            versies(r)?;
            unreachable!("opzettelijke paniek in een opvraging")
        });
    }));
    assert!(paniek.is_err());
    uwv(&mut r, "R2", "2024-02-02", &format!("{KOP}111222333;PW_IBA;OPVOER;2024-01-01;;;\n"));
    assert_eq!(r.leestransactie(versies).unwrap_or_else(|e| unreachable!("{e}")), 2);
}

#[test]
fn polis_bij_eigen_fiscaal_nummer_als_werkgever_of_inlener() {
    // the fishing signal's question (API.md "Misuse"): has the person ever had a polis row
    // under one of the employer's loonheffingennummers, as employer or as inlener?
    let mut r = register();
    let polis = "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n\
                 111222333;123456782L99;;2024-01-01;2024-01-31;100\n\
                 123456782;999990019L01;123456782L01;2024-01-01;2024-01-31;80\n";
    let u = lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "P",
        Modus::Strict,
        None,
        polis,
    );
    assert_eq!(u.rapport().nieuw, 2);
    let fiscaal =
        |t: &str| dgr_core::FiscaalNummer::parse(t).unwrap_or_else(|e| unreachable!("{e}"));
    let heeft = |b: &str, f: &str| {
        r.store()
            .heeft_polis_bij(bsn(b), fiscaal(f))
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    // L99, the last subnumber of 123456782, is still its own
    assert!(heeft("111222333", "123456782"));
    assert!(!heeft("111222333", "999990019"));
    // hired in: the inlener's fiscaal nummer counts, and so does the employer's
    assert!(heeft("123456782", "123456782"));
    assert!(heeft("123456782", "999990019"));
    // no polis row at all
    assert!(!heeft("725569207", "123456782"));
}

#[test]
fn r15_toegewezen_uitschrijving_beeindigt_alles_per_besluitdatum() {
    let mut r = register();
    uwv(
        &mut r,
        "U",
        "2024-01-01",
        &format!(
            "{KOP}111222333;WAJONG;OPVOER;2016-01-01;;;\n111222333;PW_IBA;OPVOER;2018-01-01;;;\n"
        ),
    );
    let n = r
        .beeindig_persoon(
            bsn("111222333"),
            d("2026-03-01"),
            "UITSCHRIJVING",
            "uitschrijving 1 (UWV)",
            None,
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
    // both open registrations end on the decision date
    assert_eq!(n, 2);
    let nu = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(1));
    assert!(ja(&r, "111222333", "2026-02-28", &nu));
    assert!(!ja(&r, "111222333", "2026-03-01", &nu));
    let o = r
        .persoon(bsn("111222333"), t(&nu))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        o.registratieversies
            .iter()
            .any(|v| v.oorzaak == "uitschrijving 1 (UWV)"
                && v.reden_einde.as_deref() == Some("UITSCHRIJVING"))
    );
    // a registration-level reason is refused here
    assert!(
        r.beeindig_persoon(
            bsn("111222333"),
            d("2026-03-01"),
            "EINDE_GRONDSLAG",
            "x",
            None
        )
        .is_err()
    );
}

/// R-16 with the decision in the same transaction as its register change: a founded bezwaar
/// withdraws the PW_IBA registration and is marked decided together; deciding the same bezwaar a
/// second time (another staff member, a second tab) fails whole: the registration added since
/// is not withdrawn and the first decision stands.
#[test]
fn r16_besluit_en_registerwijziging_in_een_transactie() {
    use dgr_core::bezwaar::Uitkomst;
    use dgr_store::BezwaarBesluit;
    let mut r = register();
    uwv(
        &mut r,
        "B1",
        "2024-01-01",
        &format!("{KOP}111222333;PW_IBA;OPVOER;2018-01-01;;;\n"),
    );
    let id = r
        .registreer_bezwaar(&dgr_store::bezwaren::NieuwBezwaar {
            bsn: bsn("111222333"),
            besluitdatum: d("2025-12-01"),
            ingediend_op: d("2026-01-05"),
            toelichting: "",
            wie: "uwv:a",
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
    let intrekking = Uitkomst::GegrondIntrekking {
        ingangsdatum: d("2018-01-01"),
    };
    let besluit = BezwaarBesluit {
        id,
        uitkomst: intrekking,
        op: d("2026-02-01"),
        wie: "uwv:a",
        motivering: None,
    };
    let n = r
        .voer_bezwaar_uit(bsn("111222333"), besluit, "bezwaar")
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(n, 1);
    let b = r
        .store()
        .bezwaar(id)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(b.map(|b| b.status), Some("GEGROND".to_string()));
    let nu = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(1));
    assert!(!ja(&r, "111222333", "2020-01-01", &nu));
    // the person is registered again from 2019 by a new delivery …
    uwv(
        &mut r,
        "B2",
        &nu,
        &format!("{KOP}111222333;PW_IBA;OPVOER;2019-01-01;;;\n"),
    );
    // … and a second decision on the same bezwaar would withdraw that one: refused, whole
    let tweede = Uitkomst::GegrondIntrekking {
        ingangsdatum: d("2019-01-01"),
    };
    let fout = r.voer_bezwaar_uit(
        bsn("111222333"),
        BezwaarBesluit {
            id,
            uitkomst: tweede,
            op: d("2026-02-02"),
            wie: "uwv:b",
            motivering: None,
        },
        "bezwaar",
    );
    assert!(fout.is_err());
    let later = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(2));
    assert!(ja(&r, "111222333", "2020-01-01", &later));
    let b = r
        .store()
        .bezwaar(id)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(b.and_then(|b| b.behandelaar), Some("uwv:a".to_string()));
}

/// R-16's dates checked against each other (issue #12 finding 6): a bezwaar lodged before its
/// decision is refused; a second open bezwaar for the same person is listed (the page asks to
/// confirm it); a founded opvoer for a person without BRP data is refused and the bezwaar stays
/// open, so the quality report never gets a "registratie zonder persoonsgegevens" from it; once
/// the BRP data are there the same decision goes through.
#[test]
fn r16_datums_en_persoonsgegevens_bij_bezwaar() {
    use dgr_core::bezwaar::Uitkomst;
    use dgr_store::BezwaarBesluit;
    let mut r = register();
    let nieuw =
        |besluit: &'static str, ingediend: &'static str| dgr_store::bezwaren::NieuwBezwaar {
            bsn: bsn("123456782"),
            besluitdatum: d(besluit),
            ingediend_op: d(ingediend),
            toelichting: "",
            wie: "uwv:a",
        };
    // lodged on 4 January against a decision of 5 January: one day before, refused
    let fout = r.registreer_bezwaar(&nieuw("2026-01-05", "2026-01-04"));
    assert!(
        matches!(&fout, Err(dgr_register::RegisterFout::Ongeldig(t)) if t.contains("04-01-2026") && t.contains("05-01-2026")),
        "{fout:?}"
    );
    assert_eq!(
        r.open_bezwaren_van(bsn("123456782")).map(|v| v.len()).ok(),
        Some(0)
    );
    // on the day of the decision itself: accepted (the term starts then)
    let eerste = r
        .registreer_bezwaar(&nieuw("2026-01-05", "2026-01-05"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let tweede = r
        .registreer_bezwaar(&nieuw("2026-03-02", "2026-03-10"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let open: Vec<i64> = r
        .open_bezwaren_van(bsn("123456782"))
        .unwrap_or_else(|e| unreachable!("{e}"))
        .iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(open, vec![eerste, tweede]);
    assert_eq!(
        r.open_bezwaren_van(bsn("111222333")).map(|v| v.len()).ok(),
        Some(0)
    );
    // no BRP data for 123456782: the founded opvoer is refused, nothing changes
    assert_eq!(r.heeft_persoonsgegevens(bsn("123456782")).ok(), Some(false));
    let opvoer = |id| BezwaarBesluit {
        id,
        uitkomst: Uitkomst::GegrondOpvoer {
            ingangsdatum: d("2026-01-05"),
        },
        op: d("2026-04-01"),
        wie: "uwv:a",
        motivering: None,
    };
    let fout = r.voer_bezwaar_uit(bsn("123456782"), opvoer(eerste), "bezwaar");
    assert!(
        matches!(&fout, Err(dgr_register::RegisterFout::Ongeldig(t)) if t == dgr_register::handelingen::ZONDER_BRP),
        "{fout:?}"
    );
    let b = r
        .store()
        .bezwaar(eerste)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(b.map(|b| b.status), Some("OPEN".to_string()));
    let k = r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert!(k.registraties_zonder_persoonsgegevens.is_empty());
    // the BRP delivers the person: the same decision now adds the registration
    let u = lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        Modus::Strict,
        None,
        "bsn;geboortedatum\n123456782;1985-01-01\n",
    );
    assert!(matches!(u, ImportUitkomst::Toegepast(..)), "{u:?}");
    assert_eq!(r.heeft_persoonsgegevens(bsn("123456782")).ok(), Some(true));
    let n = r
        .voer_bezwaar_uit(bsn("123456782"), opvoer(eerste), "bezwaar")
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(n, 1);
    let k = r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert!(k.registraties_zonder_persoonsgegevens.is_empty());
    let open: Vec<i64> = r
        .open_bezwaren_van(bsn("123456782"))
        .unwrap_or_else(|e| unreachable!("{e}"))
        .iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(open, vec![tweede]);
}

/// The report's row errors as (line, column).
fn regels_en_kolommen(u: &ImportUitkomst) -> Vec<(u64, String)> {
    u.rapport()
        .fouten
        .iter()
        .map(|f| (f.regel, f.kolom.clone()))
        .collect()
}

#[test]
fn strict_meldt_elke_rijfout_ook_die_pas_bij_het_register_blijken() {
    // line 2: a bad BSN (a reading error); line 3: PRAKTIJKROUTE with loonwaarde 120 (R-10, a
    // register error found only when the row is applied); line 4: fine. Before, strict mode
    // stopped at the reading errors and the source met line 3 only after resending.
    let mut r = register();
    let bestand = "bsn;grondslag;mutatie;ingangsdatum;loonwaarde_pct\n\
                   123456789;PRAKTIJKROUTE;OPVOER;2024-03-01;50\n\
                   111222333;PRAKTIJKROUTE;OPVOER;2024-03-01;120\n\
                   123456782;PRAKTIJKROUTE;OPVOER;2024-03-01;50\n";
    let u = lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Inlichtingenbureau,
        "S1",
        Modus::Strict,
        Some("2024-04-01"),
        bestand,
    );
    assert!(matches!(u, ImportUitkomst::Afgewezen(..)));
    assert_eq!(
        regels_en_kolommen(&u),
        vec![(2, "bsn".to_string()), (3, "loonwaarde_pct".to_string())]
    );
    assert_eq!(
        u.rapport().reden.as_deref(),
        Some("2 rij(en) afgekeurd in strict-modus; niets toegepast")
    );
    // nothing applied: line 4's person is not in the register
    assert!(!ja(&r, "123456782", "2024-03-15", "2024-04-02"));
}

#[test]
fn opvoer_naast_een_open_registratie_is_een_eigen_registratie_met_waarschuwing() {
    // a new WAJONG decision from 2022-01-01 while the one from 2019-01-01 was never ended:
    // strict mode accepts it as a registration of its own (issue #9), warns in the delivery
    // report, and the quality report lists the pair
    let mut r = register();
    uwv(
        &mut r,
        "O1",
        "2024-01-01",
        &format!("{KOP}111222333;WAJONG;OPVOER;2019-01-01;;;\n"),
    );
    let u = uwv(
        &mut r,
        "O2",
        "2024-02-01",
        &format!("{KOP}111222333;WAJONG;OPVOER;2022-01-01;;;\n"),
    );
    assert!(
        matches!(u, ImportUitkomst::Toegepast(..)),
        "{:?}",
        u.rapport()
    );
    assert_eq!(u.rapport().nieuw, 1);
    assert_eq!(
        u.rapport().waarschuwingen,
        vec!["regel 2: de registratie WAJONG vanaf 2022-01-01 overlapt met de registratie WAJONG vanaf 2019-01-01; als eigen registratie opgenomen".to_string()]
    );
    let versies = r
        .store()
        .registratie_versies(bsn("111222333"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(versies.len(), 2);
    let k = r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(k.overlappende_registraties.len(), 1);
    assert_eq!(
        k.overlappende_registraties[0].toelichting,
        "WAJONG: de registratie vanaf 2022-01-01 overlapt met die vanaf 2019-01-01"
    );
    // the same (bsn, grondslag, ingangsdatum) again stays the R-10 no-op
    let u = uwv(
        &mut r,
        "O3",
        "2024-03-01",
        &format!("{KOP}111222333;WAJONG;OPVOER;2022-01-01;;;\n"),
    );
    assert_eq!((u.rapport().nieuw, u.rapport().ongewijzigd), (0, 1));
}

#[test]
fn een_levering_wordt_alleen_met_haar_verwerkingen_toegepast() {
    // the hook sees the delivery's data subjects before the commit: each BSN once, sorted
    let mut r = register();
    let bestand = format!(
        "{KOP}123456782;WAJONG;OPVOER;2024-03-01;;;\n111222333;WAJONG;OPVOER;2024-03-01;;;\n111222333;PW_IBA;OPVOER;2024-03-01;;;\n"
    );
    let a = aanlevering(
        LeveringSoort::Registraties,
        Bron::Uwv,
        "H1",
        Modus::Strict,
        Some("2024-04-01"),
        &bestand,
    );
    // a log that cannot be written: the delivery is not applied, and not recorded as applied
    let fout = r.importeer_met(&a, &mut |_, _| {}, &mut |_, _| Err("schijf vol".into()));
    assert!(matches!(fout, Err(dgr_register::RegisterFout::Logboek(ref m)) if m == "schijf vol"));
    assert!(!ja(&r, "111222333", "2024-03-15", "2024-04-02"));
    assert!(r.store().leveringen().unwrap_or_default().is_empty());
    // then with a working log: applied, with the subjects handed over before the commit
    let mut gezien: Vec<(i64, Vec<String>)> = Vec::new();
    let u = r
        .importeer_met(&a, &mut |_, _| {}, &mut |id, bsns| {
            gezien.push((id, bsns.iter().map(|b| b.cijfers()).collect()));
            Ok(())
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(u, ImportUitkomst::Toegepast(..)));
    assert_eq!(
        gezien,
        vec![(
            u.rapport().levering_id,
            vec!["111222333".to_string(), "123456782".to_string()]
        )]
    );
    assert!(ja(&r, "111222333", "2024-03-15", "2024-04-02"));
}

#[test]
fn kenmerk_en_bestandsnaam_dragen_geen_stuurtekens() {
    let mut r = register();
    let bestand = format!("{KOP}111222333;WAJONG;OPVOER;2024-03-01;;;\n");
    let mut a = Aanlevering {
        soort: LeveringSoort::Registraties,
        bron: Bron::Uwv,
        kenmerk: "K\u{1b}[2J".into(),
        gemeentecode: None,
        fiscaal_nummer: None,
        modus: Modus::Strict,
        geregistreerd_op: Some(t("2024-04-01")),
        bestandsnaam: "x\u{1b}[31m.csv".into(),
        inhoud: bestand.as_bytes(),
    };
    assert!(matches!(
        r.importeer(&a, &mut |_, _| {}),
        Err(dgr_register::RegisterFout::Aanlevering(_))
    ));
    a.kenmerk = "K".repeat(101);
    assert!(r.importeer(&a, &mut |_, _| {}).is_err());
    a.kenmerk = "K1".into();
    let u = r
        .importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(u.rapport().bestandsnaam, "x\\u{1b}[31m.csv");
}

/// Issue #14 (Wfsv art. 38d lid 8): every new registration has a notice, made in the
/// transaction that records it — by delivery and by staff action — and nothing else makes one.
/// By hand: delivery N1 brings 2 new registrations (111222333 WAJONG and PW_IBA) and 1 for
/// 123456782: 3 notices. N2 delivers the same rows again plus an end: no new registration, no
/// notice. A founded bezwaar adds PW_IBA for 123456782 as a staff action: 1 notice more, 4 in all.
#[test]
fn kennisgeving_bij_elke_nieuwe_registratie_langs_levering_en_handeling() {
    use dgr_core::bezwaar::Uitkomst;
    use dgr_store::BezwaarBesluit;
    let mut r = register();
    brp(
        &mut r,
        "P",
        "2026-01-01",
        "bsn;geboortedatum;woongemeente\n111222333;1980-01-01;0363\n123456782;1990-05-05;0344\n",
    );
    let rijen = "111222333;WAJONG;OPVOER;2020-01-01;;;\n111222333;PW_IBA;OPVOER;2021-03-01;;;\n123456782;WMV;OPVOER;2022-01-01;;;\n";
    let u = uwv(&mut r, "N1", "2026-01-02", &format!("{KOP}{rijen}"));
    let ImportUitkomst::Toegepast(rapport, _) = &u else {
        unreachable!("{u:?}")
    };
    assert_eq!((rapport.nieuw, rapport.kennisgevingen), (3, 3));
    let u = uwv(
        &mut r,
        "N2",
        "2026-01-03",
        &format!("{KOP}{rijen}111222333;WAJONG;EINDE;2020-01-01;2025-01-01;EINDE_GRONDSLAG;\n"),
    );
    let ImportUitkomst::Toegepast(rapport, _) = &u else {
        unreachable!("{u:?}")
    };
    assert_eq!(
        rapport.kennisgevingen, 0,
        "a no-op and an end announce nothing"
    );
    // withdrawn in the delivery that adds it: it never existed, nothing to announce (and not
    // "without notice"); recorded after it ended (historical data): announced with its end
    let u = uwv(
        &mut r,
        "N3",
        "2026-01-04",
        &format!(
            "{KOP}012345672;WAJONG;OPVOER;2010-01-01;;;\n012345672;WAJONG;INTREKKING;2010-01-01;;;\n\
             012345672;PW_IBA;OPVOER;2016-01-01;;;\n012345672;PW_IBA;EINDE;2016-01-01;2018-01-01;EINDE_GRONDSLAG;\n"
        ),
    );
    let ImportUitkomst::Toegepast(rapport, _) = &u else {
        unreachable!("{u:?}")
    };
    assert_eq!(rapport.kennisgevingen, 1);
    let k = r
        .store()
        .kennisgevingen_van(bsn("012345672"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(
        k.iter()
            .map(|k| (k.grondslag.as_str(), k.ingangsdatum, k.einddatum))
            .collect::<Vec<_>>(),
        vec![("PW_IBA", d("2016-01-01"), Some(d("2018-01-01")))]
    );
    let id = r
        .registreer_bezwaar(&dgr_store::bezwaren::NieuwBezwaar {
            bsn: bsn("123456782"),
            besluitdatum: d("2025-12-01"),
            ingediend_op: d("2026-01-05"),
            toelichting: "",
            wie: "uwv:a",
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
    let besluit = BezwaarBesluit {
        id,
        uitkomst: Uitkomst::GegrondOpvoer {
            ingangsdatum: d("2025-12-01"),
        },
        op: d("2026-02-01"),
        wie: "uwv:a",
        motivering: None,
    };
    r.voer_bezwaar_uit(bsn("123456782"), besluit, "bezwaar")
        .unwrap_or_else(|e| unreachable!("{e}"));
    let store = r.store();
    assert!(
        store
            .registraties_zonder_kennisgeving()
            .unwrap_or_else(|e| unreachable!("{e}"))
            .is_empty()
    );
    let van = |b: &str| {
        let mut k: Vec<(String, NaiveDate)> = store
            .kennisgevingen_van(bsn(b))
            .unwrap_or_else(|e| unreachable!("{e}"))
            .into_iter()
            .map(|k| (k.grondslag, k.ingangsdatum))
            .collect();
        k.sort();
        k
    };
    assert_eq!(
        van("111222333"),
        vec![
            ("PW_IBA".to_string(), d("2021-03-01")),
            ("WAJONG".to_string(), d("2020-01-01")),
        ]
    );
    assert_eq!(
        van("123456782"),
        vec![
            ("PW_IBA".to_string(), d("2025-12-01")),
            ("WMV".to_string(), d("2022-01-01")),
        ]
    );
    // the letters of 2 January (Amsterdam): the three of delivery N1
    let dag = store
        .kennisgevingen_tussen(t("2026-01-02"), t("2026-01-03"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(dag.len(), 3);
    let k = r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert!(k.registraties_zonder_kennisgeving.is_empty());
}

/// Issue #14: the praktijkroute as a gemeente action. A loonwaardebepaling of 62,5% on
/// 2026-03-02 registers PRAKTIJKROUTE from that day, caused by a staff action that names the
/// measurement, with its notice; recorded twice, or delivered later by the gemeente's file, it
/// is the R-10 no-op (nothing new, no second notice); a loonwaarde of 100% and a person without
/// BRP data are refused and write nothing.
#[test]
fn praktijkroute_als_gemeentehandeling_en_daarna_per_bestand_niets_nieuws() {
    use dgr_core::{Honderdsten, Loonheffingennummer};
    use dgr_register::praktijkroute::{Loonwaardebepaling, Vastgelegd};
    let mut r = register();
    brp(
        &mut r,
        "P",
        "2026-01-01",
        "bsn;geboortedatum;woongemeente\n111222333;1990-01-01;0363\n",
    );
    let amsterdam = Gemeentecode::parse("0363").unwrap_or_else(|e| unreachable!("{e}"));
    let bepaling = |bsn_tekst: &str, pct: i64| Loonwaardebepaling {
        bsn: bsn(bsn_tekst),
        werkgever: Loonheffingennummer::parse("123456782L01")
            .unwrap_or_else(|e| unreachable!("{e}")),
        datum: d("2026-03-02"),
        loonwaarde_pct: Honderdsten(pct),
        gemeten_door: "Loonwaardebureau Noord".into(),
        gemeente: amsterdam,
    };
    // R-10 bounds: 100% is refused, nothing is written
    assert!(matches!(
        r.leg_loonwaardebepaling_vast(&bepaling("111222333", 10_000)),
        Err(dgr_register::RegisterFout::Aanlevering(_))
    ));
    // no BRP data: refused
    assert!(matches!(
        r.leg_loonwaardebepaling_vast(&bepaling("123456782", 6_250)),
        Err(dgr_register::RegisterFout::Ongeldig(_))
    ));
    let nu = || dgr_register::tijd::toon(r.klok().nu());
    assert!(!ja(&r, "111222333", "2026-03-02", &nu()));
    let b = bepaling("111222333", 6_250);
    assert_eq!(
        r.leg_loonwaardebepaling_vast(&b).ok(),
        Some(Vastgelegd::Nieuw)
    );
    let later = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(1));
    assert!(ja(&r, "111222333", "2026-03-02", &later));
    assert!(!ja(&r, "111222333", "2026-03-01", &later));
    let p = r
        .persoon(bsn("111222333"), t(&later))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(p.registratieversies.len(), 1);
    let v = &p.registratieversies[0];
    assert_eq!(
        (v.grondslag.as_str(), v.ingangsdatum),
        ("PRAKTIJKROUTE", d("2026-03-02"))
    );
    assert_eq!(
        v.oorzaak,
        "loonwaardebepaling gemeente 0363: werkgever 123456782L01, gemeten door Loonwaardebureau Noord op 02-03-2026, loonwaarde 62,50%"
    );
    // recorded again: the R-10 no-op
    assert_eq!(
        r.leg_loonwaardebepaling_vast(&b).ok(),
        Some(Vastgelegd::AlGeregistreerd)
    );
    // the gemeente's file with the same registration later: nothing new, no second notice
    let a = Aanlevering {
        soort: LeveringSoort::Registraties,
        bron: Bron::Gemeente,
        kenmerk: "G-PR".into(),
        gemeentecode: Some(amsterdam),
        fiscaal_nummer: None,
        modus: Modus::Strict,
        geregistreerd_op: None,
        bestandsnaam: "g.csv".into(),
        inhoud: b"bsn;grondslag;mutatie;ingangsdatum;loonwaarde_pct\n111222333;PRAKTIJKROUTE;OPVOER;2026-03-02;62,5\n",
    };
    let u = r
        .importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"));
    let ImportUitkomst::Toegepast(rapport, _) = &u else {
        unreachable!("{u:?}")
    };
    assert_eq!(
        (rapport.nieuw, rapport.ongewijzigd, rapport.kennisgevingen),
        (0, 1, 0)
    );
    let k = r
        .store()
        .kennisgevingen_van(bsn("111222333"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(k.len(), 1);
    assert!(
        r.store()
            .registraties_zonder_kennisgeving()
            .unwrap_or_else(|e| unreachable!("{e}"))
            .is_empty()
    );
}

/// Issue #14: requests to enter the register. Worked by hand: 111222333 asks for a beoordeling
/// on the register's today; a second open request of the same kind is refused; UWV decides it
/// positive on the same day: PW_IBA from that day, caused by the decision, with a notice, and
/// the request closed (a second decision is refused, whole). 123456782's VSO/PrO request needs
/// school and years; confirmed against school record S-77 it registers VSO_PRO with that
/// reference. A negative outcome needs grounds and registers nothing.
#[test]
fn aanvragen_beoordeling_en_vso_pro_tot_registratie_met_kennisgeving() {
    use dgr_register::aanvragen::Uitkomst;
    use dgr_store::aanvragen::{NieuweAanvraag, soort, status};
    let mut r = register_op("2026-11-20T12:00:00+01:00");
    lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        Modus::Strict,
        None,
        "bsn;geboortedatum;woongemeente\n111222333;1990-01-01;0363\n123456782;2004-05-05;0344\n012345672;1995-02-02;0014\n",
    );
    let vandaag = r.klok().vandaag();
    let vraag = |b: &str, s: &'static str, school: Option<&'static str>| NieuweAanvraag {
        soort: s,
        bsn: bsn(b),
        ingediend_op: vandaag,
        ingediend_door: "burger",
        toelichting: "",
        school,
        schooljaren: school.map(|_| "2016-2021"),
    };
    let id = r
        .dien_aanvraag_in(&vraag("111222333", soort::BEOORDELING, None))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(
        r.dien_aanvraag_in(&vraag("111222333", soort::BEOORDELING, None)),
        Err(dgr_register::RegisterFout::Ongeldig(t)) if t == dgr_register::aanvragen::AL_OPEN
    ));
    let n = r
        .beslis_aanvraag(id, &Uitkomst::Positief, vandaag, "uwv:a")
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(n, 1);
    let nu = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(1));
    assert!(ja(&r, "111222333", &vandaag.to_string(), &nu));
    let a = r
        .store()
        .aanvraag(id)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(
        a.map(|a| (a.status, a.besluit_op, a.behandelaar)),
        Some((
            status::POSITIEF.to_string(),
            Some(vandaag),
            Some("uwv:a".to_string())
        ))
    );
    assert!(
        r.beslis_aanvraag(id, &Uitkomst::Positief, vandaag, "uwv:b")
            .is_err()
    );
    let p = r
        .persoon(bsn("111222333"), t(&nu))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(
        p.registratieversies
            .iter()
            .map(|v| (v.grondslag.as_str(), v.ingangsdatum, v.oorzaak.as_str()))
            .collect::<Vec<_>>(),
        vec![(
            "PW_IBA",
            vandaag,
            format!("besluit op aanvraag {id} (POSITIEF)").as_str()
        )]
    );
    // VSO/PrO: school and years are required; confirmed with the school record's reference
    assert!(
        r.dien_aanvraag_in(&NieuweAanvraag {
            school: Some(""),
            ..vraag("123456782", soort::VSO_PRO, Some("x"))
        })
        .is_err()
    );
    let vso = r
        .dien_aanvraag_in(&vraag(
            "123456782",
            soort::VSO_PRO,
            Some("De Brug, Utrecht"),
        ))
        .unwrap_or_else(|e| unreachable!("{e}"));
    // an outcome of the other kind, or a confirmation without the reference: refused
    assert!(
        r.beslis_aanvraag(vso, &Uitkomst::Positief, vandaag, "uwv:a")
            .is_err()
    );
    assert!(
        r.beslis_aanvraag(vso, &Uitkomst::Bevestigd(" ".into()), vandaag, "uwv:a")
            .is_err()
    );
    r.beslis_aanvraag(vso, &Uitkomst::Bevestigd("S-77".into()), vandaag, "uwv:a")
        .unwrap_or_else(|e| unreachable!("{e}"));
    let nu = dgr_register::tijd::toon(r.klok().nu() + chrono::Duration::seconds(1));
    assert!(ja(&r, "123456782", &vandaag.to_string(), &nu));
    // negative: grounds required, nothing registered
    let neg = r
        .dien_aanvraag_in(&vraag("012345672", soort::BEOORDELING, None))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        r.beslis_aanvraag(neg, &Uitkomst::Negatief(String::new()), vandaag, "uwv:a")
            .is_err()
    );
    assert_eq!(
        r.beslis_aanvraag(
            neg,
            &Uitkomst::Negatief("verdient zelfstandig WML".into()),
            vandaag,
            "uwv:a"
        )
        .ok(),
        Some(0)
    );
    assert!(!ja(&r, "012345672", &vandaag.to_string(), &nu));
    // every registration of the requests has its notice
    assert!(
        r.store()
            .registraties_zonder_kennisgeving()
            .unwrap_or_else(|e| unreachable!("{e}"))
            .is_empty()
    );
    assert_eq!(
        r.store()
            .kennisgevingen_van(bsn("123456782"))
            .unwrap_or_else(|e| unreachable!("{e}"))
            .iter()
            .map(|k| k.grondslag.as_str())
            .collect::<Vec<_>>(),
        vec!["VSO_PRO"]
    );
}

/// A lookup reads the woongemeente only when asked (issue #13: only a gemeente's access depends
/// on it). 111222333 lives in 0363 and is registered (WAJONG from 2020-01-01): on 2025-06-30 in
/// the register with that one registration either way, and the woongemeente 0363 only with
/// `Woongemeente::Lezen`.
#[test]
fn opvraging_leest_de_woongemeente_alleen_op_verzoek() {
    use dgr_register::opvragen::Woongemeente;
    let mut r = register();
    brp(
        &mut r,
        "P",
        "2026-01-01",
        "bsn;geboortedatum;woongemeente\n111222333;1980-01-01;0363\n",
    );
    uwv(
        &mut r,
        "N1",
        "2026-01-02",
        &format!("{KOP}111222333;WAJONG;OPVOER;2020-01-01;;;\n"),
    );
    let vraag = |w| {
        r.opvraging(
            bsn("111222333"),
            d("2025-06-30"),
            t("2026-01-03T00:00:00Z"),
            w,
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let (met, zonder) = (vraag(Woongemeente::Lezen), vraag(Woongemeente::Overslaan));
    for o in [&met, &zonder] {
        assert!(o.in_doelgroepregister);
        assert_eq!(o.registraties.len(), 1);
        assert_eq!(o.registraties[0].grondslag, "WAJONG");
    }
    assert_eq!(met.woongemeente, Gemeentecode::parse("0363").ok());
    assert_eq!(zonder.woongemeente, None);
}

/// Imports a strict delivery recorded on 2024-02-01 and returns its outcome with every
/// progress report `(gedaan, totaal)` it made, in order.
fn met_voortgang(
    r: &mut R,
    soort: LeveringSoort,
    bron: Bron,
    inhoud: &str,
) -> (ImportUitkomst, Vec<(u64, u64)>) {
    let a = aanlevering(soort, bron, "V1", Modus::Strict, Some("2024-02-01"), inhoud);
    let mut gemeld = Vec::new();
    let u = r
        .importeer(&a, &mut |gedaan, totaal| gemeld.push((gedaan, totaal)))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(u, ImportUitkomst::Toegepast(..)), "{u:?}");
    (u, gemeld)
}

/// A delivery of registrations reports its progress through all three of its passes (reading
/// the persons' work sets, applying the rows, writing the changes), each a third of the rows:
/// with 3 rows for 3 persons, the first step of each pass is (slag · 3 + 0) / 3 = 0, 1 and 2 of
/// 3, and the delivery ends at 3 of 3. Before, the bar stood at 0 through the first pass and
/// reported nothing after the second.
#[test]
fn registraties_melden_voortgang_in_elke_slag() {
    let inhoud = format!(
        "{KOP}111222333;WAJONG;OPVOER;2024-03-01;;;\n123456782;PW_IBA;OPVOER;2024-01-01;;;\n012345672;PW_IBA;OPVOER;2024-01-01;;;\n"
    );
    let (_, gemeld) = met_voortgang(
        &mut register(),
        LeveringSoort::Registraties,
        Bron::Uwv,
        &inhoud,
    );
    assert_eq!(gemeld, [(0, 3), (1, 3), (2, 3), (3, 3)]);
}

/// A delivery of persons ends its progress at its full count, as every other kind does: two
/// rows report 0 of 2 at the first (step 0 is a multiple of 4,096) and 2 of 2 at the end.
#[test]
fn personen_eindigen_op_het_volle_aantal() {
    let (_, gemeld) = met_voortgang(
        &mut register(),
        LeveringSoort::Personen,
        Bron::Brp,
        "bsn;geboortedatum\n111222333;1961-01-01\n123456782;1985-01-01\n",
    );
    assert_eq!(gemeld, [(0, 2), (2, 2)]);
}
