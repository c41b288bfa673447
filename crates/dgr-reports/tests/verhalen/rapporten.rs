// The reports on a small fixed dataset whose figures are computed by hand below (R-20 … R-24,
// R-27 with … R-36). One job in December = 25.5 × 31 / 7 hours, so jobs =
// hours × 14 / 1581. Included once per backend by `tests/contract.rs`, which defines
// `nieuwe_database()`.

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::lhn::FiscaalNummer;
use dgr_core::{Bron, Bsn, LeveringSoort, Modus};
use dgr_register::tijd::parse_tijdstip;
use dgr_register::{Aanlevering, ImportUitkomst, Register};
use dgr_reports::trend::Kwartaal;
use dgr_reports::{banenmonitor, quotum, trend, voordelen};
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

fn leeg_register() -> R {
    let db = nieuwe_database();
    let r = Register::open_database(&db.database, dgr_register::tijd::Klok::echt())
        .unwrap_or_else(|e| unreachable!("{e}"));
    R { r, _db: db }
}

fn t(s: &str) -> DateTime<Utc> {
    parse_tijdstip(s).unwrap_or_else(|e| unreachable!("{e}"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn lever(
    r: &mut Register,
    soort: LeveringSoort,
    bron: Bron,
    kenmerk: &str,
    tijd: &str,
    inhoud: &str,
) {
    let a = Aanlevering {
        soort,
        bron,
        kenmerk: kenmerk.into(),
        gemeentecode: None,
        fiscaal_nummer: None,
        modus: Modus::Strict,
        geregistreerd_op: Some(t(tijd)),
        bestandsnaam: format!("{kenmerk}.csv"),
        inhoud: inhoud.as_bytes(),
    };
    let u = r
        .importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        matches!(u, ImportUitkomst::Toegepast(..)),
        "{kenmerk}: {u:?}"
    );
}

/// A (market bakery) 123456782L01, B (municipality, government) 111222333L01, U (temp agency,
/// market) 999990019L01. P1 111222333 WAJONG since 2010 (Amsterdam), P2 123456782 PW_IBA from
/// 2016-12-16 (Utrecht), P3 012345672 WMV from 2017 (Groningen).
fn register() -> R {
    let mut r = leeg_register();
    lever(
        &mut r,
        LeveringSoort::Werkgevers,
        Bron::Uwv,
        "W",
        "2015-01-01",
        "loonheffingennummer;naam;sector\n123456782L01;Bakkerij A;MARKT\n111222333L01;Gemeente B;OVERHEID\n999990019L01;Uitzendbureau U;MARKT\n",
    );
    lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        "2015-01-02",
        "bsn;geboortedatum;woongemeente\n111222333;1970-01-01;0363\n123456782;1980-05-05;0344\n012345672;1960-06-15;0014\n",
    );
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R",
        "2015-01-03",
        "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2010-01-01\n123456782;PW_IBA;OPVOER;2016-12-16\n012345672;WMV;OPVOER;2017-01-01\n",
    );
    lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "POLIS",
        "2017-01-20",
        "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n\
         111222333;123456782L01;;2012-12-01;2012-12-31;110,5\n\
         111222333;123456782L01;;2016-12-01;2016-12-31;100\n\
         123456782;999990019L01;111222333L01;2016-12-05;2017-01-01;112\n\
         012345672;123456782L01;;2017-12-01;2017-12-31;80\n\
         123456782;999990019L01;111222333L01;2018-12-01;2018-12-31;120\n",
    );
    lever(
        &mut r,
        LeveringSoort::Werkgeversuren,
        Bron::Uwv,
        "WU",
        "2019-03-01",
        "loonheffingennummer;jaar;verloonde_uren_totaal;aantal_werknemers\n123456782L01;2018;50000;30\n111222333L01;2018;100000;60\n999990019L01;2018;30000;20\n",
    );
    r
}

fn gelijk(x: Option<f64>, teller: f64, noemer: f64) {
    let x = x.unwrap_or(f64::NAN);
    assert!(
        (x - teller / noemer).abs() < 1e-12,
        "{x} != {teller}/{noemer}"
    );
}

/// A person with pay periods at two employers in one December counts once as working per
/// sector and once in the total. By hand: P1 also works 20 h at B (government) in December
/// 2016 (delivered in 2019), beside the 100 h at A (market); P2 works for B through agency U. MARKT: P1 = 1;
/// OVERHEID: P1 and P2 = 2; TOTAAL: P1 and P2 = 2, not 3. Hours: OVERHEID 64 + 20 = 84 h =
/// 84 × 14/1581 = 1176/1581 jobs; TOTAAL 100 + 84 = 184 h = 2576/1581 jobs.
#[test]
fn r23_werkende_personen_eenmaal_per_sector() {
    let mut r = register();
    lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "POLIS-B",
        "2019-04-01",
        "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n\
         111222333;111222333L01;;2016-12-01;2016-12-31;20\n",
    );
    let b = banenmonitor::maak(r.store(), r.referentie(), 2016, t("2020-01-01"), true)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(b.sectoren["MARKT"].werkende_personen, 1);
    assert_eq!(b.sectoren["OVERHEID"].werkende_personen, 2);
    assert_eq!(b.sectoren["TOTAAL"].werkende_personen, 2);
    gelijk(Some(b.sectoren["OVERHEID"].banen), 1176.0, 1581.0);
    gelijk(Some(b.sectoren["TOTAAL"].banen), 2576.0, 1581.0);
}

#[test]
fn r23_banenmonitor_met_de_hand_uitgerekend() {
    let r = register();
    let b = banenmonitor::maak(r.store(), r.referentie(), 2016, t("2020-01-01"), true)
        .unwrap_or_else(|e| unreachable!("{e}"));
    // nulmeting: P1 110.5 h in December 2012 at A (market): 110.5 × 14/1581 = 1547/1581 jobs
    gelijk(Some(b.nulmeting.banen), 1547.0, 1581.0);
    assert!(b.nulmeting.bron.starts_with("berekend"));
    // 2016, MARKT: P1 100 h at A = 1400/1581 jobs; extra = (1400 - 1547)/1581 = -147/1581
    let markt = &b.sectoren["MARKT"];
    gelijk(Some(markt.banen), 1400.0, 1581.0);
    gelijk(markt.extra_banen, -147.0, 1581.0);
    assert_eq!(markt.werkende_personen, 1);
    // OVERHEID: P2 via agency U hired by B (R-22: the inlener's sector). 4-week tijdvak
    // 12-05..01-01 (28 days), 112 h; registered from 12-16: 16 counted December days ->
    // 112 × 16/28 = 64 h = 896/1581 jobs; nulmeting OVERHEID 0 -> extra 896/1581
    let overheid = &b.sectoren["OVERHEID"];
    gelijk(Some(overheid.banen), 896.0, 1581.0);
    gelijk(overheid.extra_banen, 896.0, 1581.0);
    // TOTAAL: 164 h = 2296/1581 = 1.452… jobs -> shown 1.5; extra 749/1581
    let totaal = &b.sectoren["TOTAAL"];
    gelijk(Some(totaal.banen), 2296.0, 1581.0);
    assert_eq!(totaal.banen_afgerond, "1.5");
    gelijk(totaal.extra_banen, 749.0, 1581.0);
    assert_eq!(totaal.werkende_personen, 2);
    // the 2016 target (banenafspraak_doelen.csv) and the published result are reported beside it
    assert_eq!(
        (totaal.doel, totaal.gepubliceerd),
        (Some(20_500), Some(22_554))
    );
    // the series holds 2012 and 2016 (the years with December polis up to 2016)
    assert_eq!(
        b.reeks.iter().map(|j| j.jaar).collect::<Vec<_>>(),
        vec![2012, 2016]
    );
    // every employer has a sector, so no ONBEKEND column: a sector appears only with hours
    assert_eq!(
        b.sectoren.keys().map(String::as_str).collect::<Vec<_>>(),
        ["MARKT", "OVERHEID", "TOTAAL"]
    );
}

/// The registrations overlapping any of several windows, read once: P1 (WAJONG from 2010) meets
/// both December 2012 and 20 December 2016 but comes once; P2 (PW_IBA from 2016-12-16) only
/// the second; P3 (WMV from 2017-01-01) neither. No window, or one backwards, no registrations;
/// 20,000 windows of nobody's days beside them change nothing.
#[test]
fn registraties_in_meerdere_vensters_eenmaal() {
    let r = register();
    let lees = |vensters: &[(NaiveDate, NaiveDate)]| {
        let mut gelezen = Vec::new();
        r.store()
            .voor_elke_registratieperiode_in(vensters, t("2020-01-01"), &mut |p| {
                gelezen.push((p.bsn.waarde(), p.grondslag.to_string()));
            })
            .unwrap_or_else(|e| unreachable!("{e}"));
        gelezen.sort();
        gelezen
    };
    let vensters = [
        (d("2012-12-01"), d("2013-01-01")),
        (d("2016-12-20"), d("2016-12-21")),
    ];
    let beide = [
        (111_222_333, "WAJONG".to_string()),
        (123_456_782, "PW_IBA".to_string()),
    ];
    assert_eq!(lees(&vensters), beide);
    assert_eq!(lees(&vensters[..1]), [(111_222_333, "WAJONG".to_string())]);
    assert_eq!(lees(&[]), []);
    // a window backwards, 2017-03-01 to 2017-01-01, holds no day: nobody, though P1, P2 and P3
    // all began before its end and end after its start
    assert_eq!(lees(&[(d("2017-03-01"), d("2017-01-01"))]), []);
    // 20,000 more windows, one day each from 1950-01-01 (up to 2004-10-04), before anyone's
    // registration: the same two, with more windows than one SQL statement may take parameters
    let mut veel: Vec<(NaiveDate, NaiveDate)> = (0..20_000u64)
        .map(|i| {
            let dag = d("1950-01-01") + chrono::Days::new(i);
            (dag, dag + chrono::Days::new(1))
        })
        .collect();
    veel.extend(vensters);
    assert_eq!(lees(&veel), beide);
}

#[test]
fn r24_herhalen_met_dezelfde_parameters_geeft_dezelfde_cijfers() {
    let mut r = register();
    let eerder = t("2020-01-01");
    let voor = banenmonitor::maak(r.store(), r.referentie(), 2016, eerder, true)
        .unwrap_or_else(|e| unreachable!("{e}"));
    // a later correction halves P1's December 2016 hours (R-20: it replaces the row)
    lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "CORR",
        "2021-01-01",
        "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;123456782L01;2016-12-01;2016-12-31;50\n",
    );
    let opnieuw = banenmonitor::maak(r.store(), r.referentie(), 2016, eerder, true)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(voor, opnieuw);
    // the provenance names the deliveries read, with their hashes
    assert!(
        voor.herkomst
            .leveringen
            .iter()
            .any(|l| l.kenmerk == "POLIS" && l.sha256.len() == 64)
    );
    assert!(!voor.herkomst.leveringen.iter().any(|l| l.kenmerk == "CORR"));
    // known now: MARKT = 50 × 14/1581 = 700/1581
    let nu = banenmonitor::maak(r.store(), r.referentie(), 2016, t("2022-01-01"), false)
        .unwrap_or_else(|e| unreachable!("{e}"));
    gelijk(Some(nu.sectoren["MARKT"].banen), 700.0, 1581.0);
}

#[test]
fn r27_trend_met_onthullingsbeheersing() {
    let r = register();
    let k = Kwartaal::parse("2016-K4").unwrap_or_else(|e| unreachable!("{e}"));
    let tr = trend::maak(r.store(), r.referentie(), k, t("2020-01-01"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(tr.peildatum, d("2016-12-31"));
    // national: P1 and P2 in the register on 2016-12-31 (P3's WMV starts 2017), both working
    assert_eq!((tr.totaal.personen, tr.totaal.werkende_personen), (2, 2));
    assert!((tr.totaal.banen - 2296.0 / 1581.0).abs() < 1e-12);
    // inflow in Q4 2016: P2's PW_IBA on 2016-12-16
    assert_eq!(tr.totaal.instroom_per_grondslag.get("PW_IBA"), Some(&1));
    // every region has fewer than 10 persons: all published cells suppressed
    let amsterdam = r
        .referentie()
        .gemeenten()
        .iter()
        .find(|g| g.naam == "Amsterdam")
        .map(|g| g.arbeidsmarktregio.clone())
        .unwrap_or_default();
    let regio = tr.regios.iter().find(|x| x.code == amsterdam);
    assert!(regio.is_some_and(|x| x.personen.is_none()
        && x.banen.is_none()
        && x.onderdrukt.contains(&"personen".to_string())));
    assert!(tr.regios.iter().all(|x| x.personen.is_none()));
    // the JSON contract: suppressed values are null
    let json = serde_json::to_value(&tr).unwrap_or_default();
    assert!(json["regios"][0]["personen"].is_null());
    assert_eq!(json["kwartaal"], "2016-K4");
    // 2017-K1: P3's WMV registration starts 2017-01-01, but WMV counts for the quota only
    // (telt_banenafspraak = N, R-06): still 2 persons and no inflow at all (issue #9)
    let k1 = Kwartaal::parse("2017-K1").unwrap_or_else(|e| unreachable!("{e}"));
    let tr = trend::maak(r.store(), r.referentie(), k1, t("2020-01-01"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(tr.totaal.personen, 2);
    assert_eq!(tr.totaal.instroom_per_grondslag.get("WMV"), None);
    assert_eq!(tr.totaal.instroom_per_grondslag.values().sum::<u64>(), 0);
}

#[test]
fn r30_r33_quotum_2018_met_de_hand() {
    let r = register();
    let q = quotum::maak(r.store(), r.referentie(), 2018, None, t("2020-01-01"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let b = q
        .werkgevers
        .iter()
        .find(|w| w.fiscaal_nummer == "111222333");
    let b = b.unwrap_or_else(|| unreachable!("B ontbreekt"));
    // B: 100,000 h >= 40,575 -> quotumplichtig; OVERHEID 2018 from the table: 1.93%
    assert!(b.quotumplichtig);
    assert_eq!(b.quotumpercentage, Some(1.93));
    // vereist = 1.93% × 100,000 = 1,930 h; geteld = P2's 120 h in December 2018 hired by B
    assert_eq!((b.vereiste_uren, b.getelde_uren), (Some(1930.0), 120.0));
    // ontbrekend = (1930 - 120)/1331 = 1810/1331 = 1.3598… -> 1.36 -> 1.36 × EUR 5,000 = 6,800.00
    assert_eq!(
        (b.ontbrekende_banen, b.heffing_eurocent),
        (Some(1.36), Some(680_000))
    );
    // government 2018 activated, levy-free
    assert!(b.geactiveerd && !b.heffing_opgelegd);
    // MARKT 2018 has no table value: R-31's formula with the nulmeting computed from December
    // 2012 (P1's 110.5 h at A: 110.5 / (25.5 × 31/7) = 773.5/790.5 = 91/93 jobs), the targets
    // 23,000 (2017) and 31,000 (2018), and the market's 30 + 20 = 50 employees of 2018:
    // (91/93 + 23,000 + 0.5 × 8,000) × 1,331 / (50 × 1,623) = 2,511,091/93 × 1,331 / 81,150
    // = 3,342,262,121 / 7,546,950 (× 100: 44,286.26…%, a register of 50 employees)
    let markt = q.sectoren.get("MARKT");
    assert_eq!(markt.map(|m| m.bron.as_str()), Some("formule R-31"));
    let verwacht = 3_342_262_121.0 * 100.0 / 7_546_950.0;
    let gekregen = markt.and_then(|m| m.percentage).unwrap_or(f64::NAN);
    assert!((gekregen - verwacht).abs() < 1e-9, "{gekregen} != {verwacht}");
    // A: 50,000 h, plichtig; U: 30,000 h < 40,575, not
    let u = q
        .werkgevers
        .iter()
        .find(|w| w.fiscaal_nummer == "999990019");
    assert_eq!(u.map(|w| w.quotumplichtig), Some(false));
    // one employer only
    let alleen = quotum::maak(
        r.store(),
        r.referentie(),
        2018,
        FiscaalNummer::parse("123456782").ok(),
        t("2020-01-01"),
    );
    assert_eq!(alleen.map(|x| x.werkgevers.len()).unwrap_or_default(), 1);
}

#[test]
fn r35_r36_voordelen_zonder_grondslag() {
    let r = register();
    let bsn = |s: &str| Bsn::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let a = FiscaalNummer::parse("123456782").ok();
    let b = FiscaalNummer::parse("111222333").ok();
    // P1 starts at B on 2017-02-01: registered, never employed by B before -> LKV until 2020-02-01
    let v = voordelen::bereken(
        r.store(),
        r.referentie(),
        bsn("111222333"),
        d("2017-02-01"),
        b,
        d("2026-11-30"),
        t("2026-11-30"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(v.no_riskpolis.van_toepassing);
    assert_eq!(
        (v.lkv.recht, v.lkv.einddatum, v.lkv.bedrag_per_uur_eurocent),
        (true, Some(d("2020-02-01")), 101)
    );
    // at A, where P1 was paid in December 2016 (within 6 months before): no LKV
    let v = voordelen::bereken(
        r.store(),
        r.referentie(),
        bsn("111222333"),
        d("2017-02-01"),
        a,
        d("2026-11-30"),
        t("2026-11-30"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(!v.lkv.recht);
    // P2 starting 2016-12-05: not registered then nor in November -> no LKV; no-riskpolis yes today
    let v = voordelen::bereken(
        r.store(),
        r.referentie(),
        bsn("123456782"),
        d("2016-12-05"),
        b,
        d("2026-11-30"),
        t("2026-11-30"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(v.no_riskpolis.van_toepassing && !v.lkv.recht);
    // the answer never carries the grondslag
    let json = serde_json::to_string(&v).unwrap_or_default();
    assert!(!json.contains("PW_IBA") && !json.contains("grondslag"));
}

/// R-40 on a breakdown published beside its total (instroom per grondslag).
#[test]
fn r40_uitsplitsing_naast_een_totaal() {
    let per = |paren: &[(&str, u64)]| {
        paren
            .iter()
            .map(|&(k, v)| (k.to_string(), v))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    // WAJONG 5 < 10 is withheld; alone it would follow from the total 67 - 50 - 12, so the
    // smallest other cell (WSW 12) is withheld too; PW_IBA 50 stays
    let u = trend::uitsplitsing(&per(&[("PW_IBA", 50), ("WAJONG", 5), ("WSW", 12)]), 10);
    assert_eq!(
        u,
        vec![
            ("PW_IBA".to_string(), Some(50)),
            ("WAJONG".to_string(), None),
            ("WSW".to_string(), None)
        ]
    );
    // two small cells already protect each other: 40 stays
    let u = trend::uitsplitsing(&per(&[("A", 3), ("B", 7), ("C", 40)]), 10);
    assert_eq!(u.iter().filter(|(_, v)| v.is_none()).count(), 2);
    assert_eq!(u[2], ("C".to_string(), Some(40)));
    // nothing small: everything shown
    let u = trend::uitsplitsing(&per(&[("A", 10), ("B", 20)]), 10);
    assert!(u.iter().all(|(_, v)| v.is_some()));
}

/// The first `n` valid BSNs from 100000000 up (the 11-test, R-01), skipping the fixture's.
fn bsns(n: usize) -> Vec<String> {
    (100_000_000u32..)
        .filter(|&w| dgr_core::bsn::elfproef(w))
        .map(|w| format!("{w:09}"))
        .take(n)
        .collect()
}

/// The size per quarter reads every registration up to the series' last peildatum: 10 persons
/// registered from 31 March 2020, the last day of 2020-K1, are in the register on that
/// peildatum (10, at the threshold, shown); their instroom (10) is withheld with the uitstroom
/// (0). A series ending a quarter earlier has nobody (0, withheld).
#[test]
fn omvang_tot_en_met_de_laatste_peildatum() {
    let mut r = leeg_register();
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n");
    for bsn in bsns(10) {
        reg.push_str(&format!("{bsn};WAJONG;OPVOER;2020-03-31;;\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R1",
        "2020-04-02",
        &reg,
    );
    let k = |s: &str| Kwartaal::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let omvang = |van: &str, tot: &str| {
        dgr_reports::omvang::maak(r.store(), r.referentie(), k(van), k(tot), t("2020-12-01"))
            .unwrap_or_else(|e| unreachable!("{e}"))
            .iter()
            .map(|x| (x.kwartaal.clone(), x.personen, x.instroom, x.uitstroom))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        omvang("2020-K1", "2020-K1"),
        [("2020-K1".to_string(), Some(10), None, None)]
    );
    assert_eq!(
        omvang("2019-K4", "2019-K4"),
        [("2019-K4".to_string(), None, None, None)]
    );
}

/// Size and flows per quarter, worked out by hand: 12 persons (A) enter on 2020-01-15 and stay;
/// 10 (B) are registered from 2020-02-01 until 2020-05-01 (last day 30 April, in Q2); 10 (C)
/// enter on 2020-05-01. One A person also gets a PW_IBA from 2020-03-01: overlapping
/// registrations are one spell, not a second instroom.
#[test]
fn omvang_en_stromen_per_kwartaal() {
    let mut r = leeg_register();
    let alle = bsns(42);
    let (a, rest) = alle.split_at(12);
    let (b, rest) = rest.split_at(10);
    // D: WMV counts for the quota only (telt_banenafspraak = N), so it never enters these
    // counts (R-06; issue #9)
    let (c, d) = rest.split_at(10);
    let mut personen = String::from("bsn;geboortedatum;woongemeente\n");
    for bsn in &alle {
        personen.push_str(&format!("{bsn};1980-01-01;0363\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        "2020-01-01",
        &personen,
    );
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n");
    for bsn in a {
        reg.push_str(&format!("{bsn};WAJONG;OPVOER;2020-01-15;;\n"));
    }
    reg.push_str(&format!("{};PW_IBA;OPVOER;2020-03-01;;\n", a[0]));
    for bsn in b {
        reg.push_str(&format!("{bsn};PW_IBA;OPVOER;2020-02-01;;\n"));
    }
    for bsn in c {
        reg.push_str(&format!("{bsn};VSO_PRO;OPVOER;2020-05-01;;\n"));
    }
    for bsn in d {
        reg.push_str(&format!("{bsn};WMV;OPVOER;2020-04-01;;\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R1",
        "2020-01-02",
        &reg,
    );
    let mut einde = String::from("bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n");
    for bsn in b {
        einde.push_str(&format!(
            "{bsn};PW_IBA;EINDE;2020-02-01;2020-05-01;EINDE_GRONDSLAG\n"
        ));
    }
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R2",
        "2020-06-01",
        &einde,
    );
    let k = |s: &str| Kwartaal::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let o = dgr_reports::omvang::maak(
        r.store(),
        r.referentie(),
        k("2019-K4"),
        k("2020-K3"),
        t("2020-12-01"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let rij = |kw: &str| {
        o.iter()
            .find(|x| x.kwartaal == kw)
            .map(|x| (x.personen, x.instroom, x.uitstroom))
    };
    // 2019-K4: nobody (0 < 10 withheld), no flows
    assert_eq!(rij("2019-K4"), Some((None, None, None)));
    // 2020-K1: A 12 + B 10 = 22 in on 31 March; instroom 22 but uitstroom 0 is withheld, and
    // with it the instroom (22 - 0 would give it away)
    assert_eq!(rij("2020-K1"), Some((Some(22), None, None)));
    // 2020-K2: C 10 in, B 10 out (last day 30 April) -> 22 - 10 + 10 = 22
    assert_eq!(rij("2020-K2"), Some((Some(22), Some(10), Some(10))));
    // 2020-K3: no movement: 22, both flows 0 withheld
    assert_eq!(rij("2020-K3"), Some((Some(22), None, None)));
    // a series ending in 2020-K1 reads no registration beginning after 31 March (C's, from
    // 1 May; B's end on 1 May is an end, not a beginning): the same figures for its quarters
    let kort = dgr_reports::omvang::maak(
        r.store(),
        r.referentie(),
        k("2019-K4"),
        k("2020-K1"),
        t("2020-12-01"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let kort: Vec<_> = kort
        .iter()
        .map(|x| (x.kwartaal.as_str(), x.personen, x.instroom, x.uitstroom))
        .collect();
    assert_eq!(
        kort,
        [("2019-K4", None, None, None), ("2020-K1", Some(22), None, None)]
    );
    // known before the end was delivered (2020-06-01), B is still in on 30 June
    let oud = dgr_reports::omvang::maak(
        r.store(),
        r.referentie(),
        k("2020-K2"),
        k("2020-K2"),
        t("2020-05-15"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(oud[0].personen, Some(32));
}

/// Issue #12 finding 10: the trend's flows and the register's size per quarter are one
/// computation (spells of a person, first day out), so both tables show the same numbers.
/// Worked out by hand for 2020-K2 (1 April – 30 June; the flows are withheld below 10, R-40):
/// - A (12): WAJONG 2019-01-01 until 2020-05-01, then PW_IBA from 2020-05-01 without a gap: a
///   change of grondslag, neither instroom nor uitstroom (per registration it was 12 + 12);
/// - B (10): PW_IBA 2019-01-01 until 2020-07-01, last day 30 June = the peildatum: still in
///   on the peildatum, so its uitstroom falls in K3 (per registration it fell in K2);
/// - C (11): WAJONG 2019-01-01 until 2020-04-01, last day 31 March, first day out 1 April: in
///   on K1's peildatum, out on K2's, so uitstroom in K2 (per registration it fell in K1);
/// - E (10): VSO_PRO from 2020-04-15: instroom in K2.
///
/// K1's peildatum (31 March): A 12 + B 10 + C 11 = 33. K2: instroom E = 10, uitstroom C = 11,
/// personen 33 + 10 − 11 = 32 (A 12 + B 10 + E 10). K3: instroom 0, uitstroom B = 10.
#[test]
fn trend_en_omvang_tellen_dezelfde_stromen() {
    let mut r = leeg_register();
    let alle = bsns(43);
    let (a, rest) = alle.split_at(12);
    let (b, rest) = rest.split_at(10);
    let (c, e) = rest.split_at(11);
    let mut personen = String::from("bsn;geboortedatum;woongemeente\n");
    for bsn in &alle {
        personen.push_str(&format!("{bsn};1980-01-01;0363\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        "2019-01-01",
        &personen,
    );
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n");
    for bsn in a {
        reg.push_str(&format!("{bsn};WAJONG;OPVOER;2019-01-01;;\n"));
        reg.push_str(&format!("{bsn};PW_IBA;OPVOER;2020-05-01;;\n"));
    }
    for bsn in b {
        reg.push_str(&format!("{bsn};PW_IBA;OPVOER;2019-01-01;;\n"));
    }
    for bsn in c {
        reg.push_str(&format!("{bsn};WAJONG;OPVOER;2019-01-01;;\n"));
    }
    for bsn in e {
        reg.push_str(&format!("{bsn};VSO_PRO;OPVOER;2020-04-15;;\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R1",
        "2019-01-02",
        &reg,
    );
    let mut einde = String::from("bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n");
    for bsn in a {
        einde.push_str(&format!(
            "{bsn};WAJONG;EINDE;2019-01-01;2020-05-01;EINDE_GRONDSLAG\n"
        ));
    }
    for bsn in b {
        einde.push_str(&format!(
            "{bsn};PW_IBA;EINDE;2019-01-01;2020-07-01;EINDE_GRONDSLAG\n"
        ));
    }
    for bsn in c {
        einde.push_str(&format!(
            "{bsn};WAJONG;EINDE;2019-01-01;2020-04-01;EINDE_GRONDSLAG\n"
        ));
    }
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R2",
        "2019-06-01",
        &einde,
    );
    let k = |s: &str| Kwartaal::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let bekend = t("2021-01-01");
    let o = dgr_reports::omvang::maak(
        r.store(),
        r.referentie(),
        k("2020-K1"),
        k("2020-K3"),
        bekend,
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let rij = |kw: &str| {
        o.iter()
            .find(|x| x.kwartaal == kw)
            .map(|x| (x.personen, x.instroom, x.uitstroom))
    };
    assert_eq!(rij("2020-K2"), Some((Some(32), Some(10), Some(11))));
    let k2 = trend::maak(r.store(), r.referentie(), k("2020-K2"), bekend)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(
        (k2.totaal.personen, k2.totaal.instroom, k2.totaal.uitstroom),
        (32, 10, 11)
    );
    assert_eq!(k2.totaal.instroom_per_grondslag.get("VSO_PRO"), Some(&10));
    assert_eq!(k2.totaal.instroom_per_grondslag.values().sum::<u64>(), 10);
    assert_eq!(
        k2.totaal.uitstroom_per_reden.get("EINDE_GRONDSLAG"),
        Some(&11)
    );
    assert_eq!(k2.totaal.uitstroom_per_reden.values().sum::<u64>(), 11);
    // everybody lives in Amsterdam: that region's published flows are the national ones
    let amsterdam = r
        .referentie()
        .gemeenten()
        .iter()
        .find(|g| g.naam == "Amsterdam")
        .map(|g| g.arbeidsmarktregio.clone())
        .unwrap_or_default();
    let regio = k2.regios.iter().find(|x| x.code == amsterdam);
    assert_eq!(
        regio.map(|x| (x.instroom, x.uitstroom)),
        Some((Some(10), Some(11)))
    );
    let k3 = trend::maak(r.store(), r.referentie(), k("2020-K3"), bekend)
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!((k3.totaal.instroom, k3.totaal.uitstroom), (0, 10));
}

/// R-07 (issue #14): WAJONG_DGAV counts only on days within a REGULIER pay period of the person.
/// Worked out by hand for 2026-K3 (1 July – 30 September, peildatum 30 September, P = September
/// of 30 days; one job = 25.5 × 30 / 7 = 765/7 hours):
/// - G (12): WAJONG_DGAV from 2026-01-01, monthly polis for July and August only: counts on
///   [07-01, 09-01): an instroom on 1 July, an uitstroom (GEEN_DIENSTBETREKKING) on 1 September,
///   not counted on the peildatum, no September hours;
/// - H (11): WAJONG_DGAV from 2026-01-01, 4-weekly polis 08-31..09-27 and 09-28..10-25 with
///   100 h each: counts on [08-31, 10-26): an instroom on 31 August, counted on the peildatum;
///   September hours 100 × 27/28 + 100 × 3/28 = 3,000/28 each;
/// - J (10): PW_IBA from 2026-01-01 without polis: counted all the time.
///
/// K2's peildatum (30 June): J 10. K3: instroom G 12 + H 11 = 23, uitstroom G 12, personen
/// 10 + 23 − 12 = 21 (H 11 + J 10; without R-07 it would be 33). Jobs in September:
/// 11 × 3,000/28 h / (765/7) = 231,000/21,420 = 10.78 → 10.8, working persons 11.
#[test]
fn r07_wajong_dgav_telt_alleen_in_een_dienstbetrekking() {
    let mut r = leeg_register();
    let mut alle = bsns(34);
    // one more person, registered WMV only and without person data: counts for the quota, not
    // for the banenafspraak, so in none of the figures below but the quota's map
    let wmv = alle.pop().unwrap_or_else(|| unreachable!());
    let (g, rest) = alle.split_at(12);
    let (h, j) = rest.split_at(11);
    lever(
        &mut r,
        LeveringSoort::Werkgevers,
        Bron::Uwv,
        "W",
        "2025-12-01",
        "loonheffingennummer;naam;sector\n123456782L01;Bakkerij A;MARKT\n",
    );
    let mut personen = String::from("bsn;geboortedatum;woongemeente\n");
    for bsn in &alle {
        personen.push_str(&format!("{bsn};1980-01-01;0363\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Personen,
        Bron::Brp,
        "P",
        "2025-12-02",
        &personen,
    );
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum\n");
    for bsn in g.iter().chain(h) {
        reg.push_str(&format!("{bsn};WAJONG_DGAV;OPVOER;2026-01-01\n"));
    }
    for bsn in j {
        reg.push_str(&format!("{bsn};PW_IBA;OPVOER;2026-01-01\n"));
    }
    reg.push_str(&format!("{wmv};WMV;OPVOER;2026-01-01\n"));
    lever(
        &mut r,
        LeveringSoort::Registraties,
        Bron::Uwv,
        "R",
        "2026-01-02",
        &reg,
    );
    let mut polis = String::from(
        "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n",
    );
    for bsn in g {
        polis.push_str(&format!("{bsn};123456782L01;;2026-07-01;2026-07-31;100\n"));
        polis.push_str(&format!("{bsn};123456782L01;;2026-08-01;2026-08-31;100\n"));
    }
    for bsn in h {
        polis.push_str(&format!("{bsn};123456782L01;;2026-08-31;2026-09-27;100\n"));
        polis.push_str(&format!("{bsn};123456782L01;;2026-09-28;2026-10-25;100\n"));
    }
    lever(
        &mut r,
        LeveringSoort::Polis,
        Bron::Uwv,
        "POLIS",
        "2026-11-15",
        &polis,
    );
    let k = |s: &str| Kwartaal::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let bekend = t("2026-12-01");
    let k3 = trend::maak(r.store(), r.referentie(), k("2026-K3"), bekend)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let tot = &k3.totaal;
    assert_eq!((tot.personen, tot.instroom, tot.uitstroom), (21, 23, 12));
    assert_eq!(tot.instroom_per_grondslag.get("WAJONG_DGAV"), Some(&23));
    assert_eq!(
        tot.uitstroom_per_reden.get(trend::REDEN_GEEN_DIENSTBETREKKING),
        Some(&12)
    );
    assert_eq!(tot.werkende_personen, 11);
    assert!((tot.banen - 231_000.0 / 21_420.0).abs() < 1e-9, "{}", tot.banen);
    // the size per quarter counts the same spells: K2 10, K3 21 = 10 + 23 − 12
    let o = dgr_reports::omvang::maak(r.store(), r.referentie(), k("2026-K2"), k("2026-K3"), bekend)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let rij: Vec<_> = o
        .iter()
        .map(|x| (x.personen, x.instroom, x.uitstroom))
        .collect();
    assert_eq!(rij[0].0, Some(10));
    assert_eq!(rij[1], (Some(21), Some(23), Some(12)));
    // the lookups (R-06 with R-07): G counts up to and including 31 August, H up to 25 October
    let ja = |bsn: &str, dag: &str, op: &str| {
        let b = Bsn::parse(bsn).unwrap_or_else(|e| unreachable!("{e}"));
        r.in_doelgroepregister(b, d(dag), t(op))
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    assert!(ja(&g[0], "2026-08-31", "2026-12-01"));
    assert!(!ja(&g[0], "2026-09-01", "2026-12-01"));
    assert!(!ja(&g[0], "2026-06-30", "2026-12-01"));
    assert!(ja(&h[0], "2026-10-25", "2026-12-01"));
    assert!(!ja(&h[0], "2026-10-26", "2026-12-01"));
    assert!(ja(&j[0], "2026-09-01", "2026-12-01"));
    // as known before the polis arrived, nobody with WAJONG_DGAV alone counted yet
    assert!(!ja(&g[0], "2026-08-15", "2026-11-01"));
    // two registration maps from one reading: September by telt_banenafspraak and the year by
    // telt_quotum. WAJONG_DGAV and PW_IBA count for both: G on [07-01, 09-01), H on [08-31,
    // 10-26), J from 2026-01-01 up to its AOW date (R-12: born 1980-01-01, after the table's
    // last range the last age, 67 years 3 months: 2047-04-01), in each. WMV counts for the
    // quota only: the WMV person from 2026-01-01 (no person data, so no end) is in the year's
    // map alone. 12 + 11 + 10 = 33 persons in September's map, 34 in the year's; as known on
    // 2026-11-01, before the polis, G and H are in neither: 10 and 11.
    use dgr_reports::telling::{Kaartvraag, Registratiekaart, Telwijze};
    let b = |s: &str| Bsn::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let p = |van: &str, tot: Option<&str>| {
        dgr_core::Periode::new(d(van), tot.map(d)).unwrap_or_else(|| unreachable!())
    };
    let september = [(d("2026-09-01"), d("2026-10-01"))];
    let jaar = [(d("2026-01-01"), d("2027-01-01"))];
    let vragen = [
        Kaartvraag {
            vensters: &september,
            telwijze: Telwijze::Banenafspraak,
        },
        Kaartvraag {
            vensters: &jaar,
            telwijze: Telwijze::Quotum,
        },
    ];
    let [sept, heel] = Registratiekaart::laad_elk(r.store(), r.referentie(), vragen, bekend)
        .unwrap_or_else(|e| unreachable!("{e}"));
    for kaart in [&sept, &heel] {
        assert_eq!(kaart.van(b(&g[0])), [p("2026-07-01", Some("2026-09-01"))]);
        assert_eq!(kaart.van(b(&h[0])), [p("2026-08-31", Some("2026-10-26"))]);
        assert_eq!(kaart.van(b(&j[0])), [p("2026-01-01", Some("2047-04-01"))]);
    }
    assert_eq!(sept.van(b(&wmv)), []);
    assert_eq!(heel.van(b(&wmv)), [p("2026-01-01", None)]);
    assert_eq!(sept.per_persoon().count(), 33);
    assert_eq!(heel.per_persoon().count(), 34);
    let [sept, heel] =
        Registratiekaart::laad_elk(r.store(), r.referentie(), vragen, t("2026-11-01"))
            .unwrap_or_else(|e| unreachable!("{e}"));
    for kaart in [&sept, &heel] {
        assert_eq!(kaart.van(b(&g[0])), []);
        assert_eq!(kaart.van(b(&j[0])), [p("2026-01-01", Some("2047-04-01"))]);
    }
    assert_eq!(sept.per_persoon().count(), 10);
    assert_eq!(heel.per_persoon().count(), 11);
}
