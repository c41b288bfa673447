// The werkgeversmonitor (R-42 … R-44) on a small organisation whose figures are worked out by
// hand below. One job in December = 25.5 × 31 / 7 hours, so jobs = hours × 14 / 1581.
// Included once per backend by `tests/contract.rs`, which defines `nieuwe_database()`.

use chrono::{DateTime, Utc};
use dgr_core::doelen::Maat;
use dgr_core::lhn::FiscaalNummer;
use dgr_core::{Bron, Bsn, LeveringSoort, Modus};
use dgr_register::tijd::parse_tijdstip;
use dgr_register::{Aanlevering, ImportUitkomst, Register};
use dgr_reports::trend::Kwartaal;
use dgr_reports::werkgeversmonitor::{self, Monitorrapport};
use dgr_store::testhulp::Testdatabase;

struct R {
    r: Register,
    _db: Testdatabase,
}

fn t(s: &str) -> DateTime<Utc> {
    parse_tijdstip(s).unwrap_or_else(|e| unreachable!("{e}"))
}

const ORG: &str = "123456782";

fn org() -> FiscaalNummer {
    FiscaalNummer::parse(ORG).unwrap_or_else(|e| unreachable!("{e}"))
}

fn lever(r: &mut Register, soort: LeveringSoort, bron: Bron, kenmerk: &str, tijd: &str, inhoud: &str) {
    let a = Aanlevering {
        soort,
        bron,
        kenmerk: kenmerk.into(),
        gemeentecode: None,
        fiscaal_nummer: (bron == Bron::Werkgever).then(org),
        modus: Modus::Strict,
        geregistreerd_op: Some(t(tijd)),
        bestandsnaam: format!("{kenmerk}.csv"),
        inhoud: inhoud.as_bytes(),
    };
    let u = r
        .importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(u, ImportUitkomst::Toegepast(..)), "{kenmerk}: {u:?}");
}

/// A BSN as written in a delivery (nine digits; `Display` masks it).
fn nr(b: &Bsn) -> String {
    format!("{:09}", b.waarde())
}

/// The first `n` valid BSNs from 100000000 up, after skipping `vanaf` of them.
fn bsns(vanaf: usize, n: usize) -> Vec<Bsn> {
    (100_000_000u32..)
        .filter_map(|x| Bsn::from_u32(x).ok())
        .skip(vanaf)
        .take(n)
        .collect()
}

/// Organisation 123456782 (lhn L01, OVERHEID / RECHTSPRAAK); temp agency 999990019L01 (MARKT).
/// Tree from 2025-01-01: RSP (root) with RB-ZWB, RB-AMS and DIENST.
/// - RB-ZWB: 12 registered (WAJONG), each 110.5 h in December 2025, and 10 not registered.
/// - RB-AMS: 15 registered, each 55.25 h, and 15 not registered.
/// - DIENST: 1 registered (20 h) and 2 not registered.
/// - two registered temp workers hired in from the agency (40 h each), on no roster.
fn register() -> R {
    let db = nieuwe_database();
    let mut r = Register::open_database(&db.database, dgr_register::tijd::Klok::echt())
        .unwrap_or_else(|e| unreachable!("{e}"));
    lever(
        &mut r,
        LeveringSoort::Werkgevers,
        Bron::Uwv,
        "W",
        "2025-01-01",
        "loonheffingennummer;naam;sector;subsector\n123456782L01;Rechtspraak;OVERHEID;RECHTSPRAAK\n999990019L01;Uitzendbureau U;MARKT;\n",
    );
    let zwb = bsns(0, 22);
    let ams = bsns(22, 30);
    let dienst = bsns(52, 3);
    let inleen = bsns(55, 2);
    let geregistreerd: Vec<Bsn> = zwb[..12]
        .iter()
        .chain(&ams[..15])
        .chain(&dienst[..1])
        .chain(&inleen)
        .copied()
        .collect();
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum\n");
    for b in &geregistreerd {
        reg.push_str(&format!("{};WAJONG;OPVOER;2010-01-01\n", nr(b)));
    }
    lever(&mut r, LeveringSoort::Registraties, Bron::Uwv, "R", "2025-01-02", &reg);
    let mut polis = String::from(
        "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n",
    );
    let mut rij = |b: &Bsn, lhn: &str, inlener: &str, uren: &str| {
        polis.push_str(&format!("{};{lhn};{inlener};2025-12-01;2025-12-31;{uren}\n", nr(b)));
    };
    for b in &zwb[..12] {
        rij(b, "123456782L01", "", "110,5");
    }
    for b in &ams[..15] {
        rij(b, "123456782L01", "", "55,25");
    }
    rij(&dienst[0], "123456782L01", "", "20");
    for b in &inleen {
        rij(b, "999990019L01", "123456782L01", "40");
    }
    // a non-registered employee's hours never count
    rij(&zwb[20], "123456782L01", "", "160");
    lever(&mut r, LeveringSoort::Polis, Bron::Uwv, "POLIS", "2026-01-20", &polis);
    lever(
        &mut r,
        LeveringSoort::Eenheden,
        Bron::Werkgever,
        "E1",
        "2026-01-21",
        "code;naam;bovenliggend;soort;geldig_vanaf\n\
         RSP;de Rechtspraak;;organisatie;2025-01-01\n\
         RB-ZWB;Rechtbank Zeeland-West-Brabant;RSP;rechtbank;2025-01-01\n\
         RB-AMS;Rechtbank Amsterdam;RSP;rechtbank;2025-01-01\n\
         DIENST;Bureau;RSP;dienst;2025-01-01\n",
    );
    let mut pers = String::from("personeelsnummer;bsn;eenheid;geldig_vanaf;geslacht\n");
    for (eenheid, lijst) in [("RB-ZWB", &zwb), ("RB-AMS", &ams), ("DIENST", &dienst)] {
        for (i, b) in lijst.iter().enumerate() {
            let g = if i % 2 == 0 { "V" } else { "M" };
            pers.push_str(&format!("{eenheid}-{i};{};{eenheid};2025-01-01;{g}\n", nr(b)));
        }
    }
    lever(&mut r, LeveringSoort::Personeel, Bron::Werkgever, "P1", "2026-01-21T12:00:00Z", &pers);
    R { r, _db: db }
}

fn maak(r: &R, kwartaal: &str, bekend_op: &str) -> Monitorrapport {
    let k = Kwartaal::parse(kwartaal).unwrap_or_else(|e| unreachable!("{e}"));
    werkgeversmonitor::maak(r.r.store(), r.r.referentie(), org(), k, t(bekend_op))
        .unwrap_or_else(|e| unreachable!("{e}"))
}

#[test]
fn eenheidscijfers_met_primaire_en_secundaire_onderdrukking() {
    let r = register();
    let m = maak(&r, "2025-K4", "2026-02-01");
    let e = |c: &str| m.eenheid(c).unwrap_or_else(|| unreachable!("{c}"));
    // RB-AMS: 15 registered of 30; jobs 15 × 55.25 = 828.75 h × 14 / 1581 = 7.3387 → 7.339
    assert_eq!(e("RB-AMS").werknemers, 30);
    assert_eq!(e("RB-AMS").doelgroep, Some(15));
    assert_eq!(e("RB-AMS").banen, Some(7.339));
    // DIENST: 1 registered of 3 → below 10: primary
    assert_eq!(e("DIENST").doelgroep, None);
    assert_eq!(e("DIENST").teken("doelgroep", 10).as_deref(), Some("<10"));
    // RSP = RB-ZWB + RB-AMS + DIENST would give DIENST away: RB-ZWB (12 < 15) is withheld too
    assert_eq!(e("RB-ZWB").doelgroep, None);
    assert_eq!(e("RB-ZWB").banen, None);
    assert_eq!(e("RB-ZWB").teken("banen", 10).as_deref(), Some("x"));
    assert!(e("RB-ZWB").onderdrukt.starts_with(&["banen".to_string()]));
    assert!(e("RB-ZWB").onderdrukt.contains(&"doelgroep".to_string()));
    // a category that everyone shares (all 22 without a recorded functieschaal: the rest is 0)
    // is withheld too (R-44: "it or the rest of its group below t")
    assert!(e("RB-ZWB").onderdrukt.contains(&"categorieen.functieschaal=onbekend".to_string()));
    // the root: 22 + 30 + 3 = 55 employees, 12 + 15 + 1 = 28 registered (rest 27);
    // jobs (1326 + 828.75 + 20) = 2174.75 h × 14 / 1581 = 19.2577 → 19.258 (the 160 h of a
    // non-registered employee do not count)
    assert_eq!(e("RSP").werknemers, 55);
    assert_eq!(e("RSP").doelgroep, Some(28));
    assert_eq!(e("RSP").banen, Some(19.258));
    // two temp workers behind niet toegewezen: below 10 → withheld
    assert!(m.niet_toegewezen.onderdrukt);
    assert_eq!(m.niet_toegewezen.banen, None);
    // the benchmark: all 30 persons attributed to the organisation have 2174.75 + 80 =
    // 2254.75 h (19.966 jobs), but that total minus the published root (19.258) would give the
    // withheld niet toegewezen away, so it is withheld; and the subsector RECHTSPRAAK is this
    // organisation alone (no other person in it), so its total is withheld as well
    assert_eq!(m.vergelijking.organisatie_banen, None);
    assert_eq!(m.vergelijking.subsector.as_deref(), Some("RECHTSPRAAK"));
    assert_eq!(m.vergelijking.subsector_banen, None);
    assert_eq!(m.vergelijking.aandeel_subsector_pct, None);
    // every rostered person and every attributed person was read (55 + 2)
    assert_eq!(m.betrokkenen.len(), 57);
    // categories: RB-AMS has 15 V and 15 M (i even → V for i = 0, 2, …, 28): 15 / 30 = 50.0 %
    assert_eq!(e("RB-AMS").categorieen["geslacht=V"], Some(15));
    assert_eq!(e("RB-AMS").aandelen["geslacht=V"], Some(50.0));
    // DIENST: 2 V and 1 M, both below 10 → withheld
    assert_eq!(e("DIENST").categorieen["geslacht=V"], None);
}

#[test]
fn een_doel_op_een_onderdrukte_eenheid_wordt_een_niveau_hoger_gemeten() {
    let r = register();
    let m = maak(&r, "2025-K4", "2026-02-01");
    let p = m.meet(&Maat::Banen, "DIENST").unwrap_or_else(|| unreachable!());
    assert_eq!((p.eenheid.as_str(), p.een_niveau_hoger, p.waarde), ("RSP", true, 19.258));
    let p = m.meet(&Maat::Doelgroep, "RB-AMS").unwrap_or_else(|| unreachable!());
    assert_eq!((p.eenheid.as_str(), p.een_niveau_hoger, p.waarde), ("RB-AMS", false, 15.0));
    // share of V on RB-AMS: 15 / 30 = 50 %
    let aandeel = Maat::Aandeel { categorie: "geslacht=V".into() };
    assert_eq!(m.meet(&aandeel, "RB-AMS").map(|p| p.waarde), Some(50.0));
}

#[test]
fn later_bekende_correctie_en_hernoemde_eenheid() {
    let mut r = register();
    // a correction known only on 2026-03-01: from 2025-12-01 one RB-AMS employee (not
    // registered, index 29) moves to DIENST
    let b = bsns(22, 30)[29];
    lever(
        &mut r.r,
        LeveringSoort::Personeel,
        Bron::Werkgever,
        "P2",
        "2026-03-01",
        &format!(
            "personeelsnummer;bsn;eenheid;geldig_vanaf\nRB-AMS-29;{};DIENST;2025-12-01\n",
            nr(&b)
        ),
    );
    // and a new tree from 2025-10-01 renames RB-AMS (known on 2026-03-02)
    lever(
        &mut r.r,
        LeveringSoort::Eenheden,
        Bron::Werkgever,
        "E2",
        "2026-03-02",
        "code;naam;bovenliggend;geldig_vanaf\n\
         RSP;de Rechtspraak;;2025-10-01\n\
         RB-ZWB;Rechtbank Zeeland-West-Brabant;RSP;2025-10-01\n\
         RB-AMS;Rechtbank Amsterdam-Amstelland;RSP;2025-10-01\n\
         DIENST;Bureau;RSP;2025-10-01\n",
    );
    let voor = maak(&r, "2025-K4", "2026-02-01");
    let na = maak(&r, "2025-K4", "2026-04-01");
    let werknemers = |m: &Monitorrapport, c: &str| m.eenheid(c).map(|e| e.werknemers);
    assert_eq!((werknemers(&voor, "RB-AMS"), werknemers(&voor, "DIENST")), (Some(30), Some(3)));
    assert_eq!((werknemers(&na, "RB-AMS"), werknemers(&na, "DIENST")), (Some(29), Some(4)));
    assert_eq!(voor.eenheid("RB-AMS").map(|e| e.naam.as_str()), Some("Rechtbank Amsterdam"));
    assert_eq!(
        na.eenheid("RB-AMS").map(|e| e.naam.as_str()),
        Some("Rechtbank Amsterdam-Amstelland")
    );
    // the third quarter uses the tree as it was then
    let k3 = maak(&r, "2025-K3", "2026-04-01");
    assert_eq!(k3.boom_geldig_vanaf.as_deref(), Some("2025-01-01"));
    assert_eq!(k3.eenheid("RB-AMS").map(|e| e.naam.as_str()), Some("Rechtbank Amsterdam"));
}

#[test]
fn boom_met_twee_wortels_en_dubbel_dienstverband_worden_afgewezen() {
    let mut r = register();
    let a = Aanlevering {
        soort: LeveringSoort::Eenheden,
        bron: Bron::Werkgever,
        kenmerk: "E-fout".into(),
        gemeentecode: None,
        fiscaal_nummer: Some(org()),
        modus: Modus::Strict,
        geregistreerd_op: Some(t("2026-03-05")),
        bestandsnaam: "eenheden.csv".into(),
        inhoud: b"code;naam;bovenliggend;geldig_vanaf\nA;A;;2026-01-01\nB;B;;2026-01-01\n",
    };
    let u = r.r.importeer(&a, &mut |_, _| {}).unwrap_or_else(|e| unreachable!("{e}"));
    let reden = u.rapport().reden.clone().unwrap_or_default();
    assert!(matches!(u, ImportUitkomst::Afgewezen(..)), "{u:?}");
    assert!(reden.contains("meer dan één wortel"), "{reden}");
    // one person under a second personeelsnummer on a date the first still applies
    let b = bsns(0, 1)[0];
    let inhoud = format!(
        "personeelsnummer;bsn;eenheid;geldig_vanaf\nNIEUW-1;{};RB-AMS;2025-06-01\n",
        nr(&b)
    );
    let a = Aanlevering {
        soort: LeveringSoort::Personeel,
        kenmerk: "P-fout".into(),
        inhoud: inhoud.as_bytes(),
        ..a
    };
    let u = r.r.importeer(&a, &mut |_, _| {}).unwrap_or_else(|e| unreachable!("{e}"));
    assert!(matches!(u, ImportUitkomst::Afgewezen(..)), "{u:?}");
    assert!(u.rapport().fouten[0].reden.contains("RB-ZWB-0"), "{:?}", u.rapport().fouten);
    // without the fiscaal nummer the delivery is refused before it is read
    let a = Aanlevering {
        fiscaal_nummer: None,
        kenmerk: "P-zonder".into(),
        ..a
    };
    assert!(r.r.importeer(&a, &mut |_, _| {}).is_err());
}

#[test]
fn personeelsrij_met_onbekende_eenheid_is_een_kwaliteitsmelding_en_niet_toegewezen() {
    let mut r = register();
    let b = bsns(0, 1)[0];
    // RB-ZWB-0 moves on 2025-11-01 to a unit the tree does not have
    lever(
        &mut r.r,
        LeveringSoort::Personeel,
        Bron::Werkgever,
        "P3",
        "2026-03-03",
        &format!(
            "personeelsnummer;bsn;eenheid;geldig_vanaf\nRB-ZWB-0;{};RB-ONBEKEND;2025-11-01\n",
            nr(&b)
        ),
    );
    let k = r.r.kwaliteit().unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(k.onbekende_eenheden.len(), 1);
    assert_eq!(k.onbekende_eenheden[0].eenheid, "RB-ONBEKEND");
    let m = maak(&r, "2025-K4", "2026-04-01");
    assert_eq!(m.onbekende_eenheid, 1);
    // 55 − 1 employees on the tree; the registered employee's 110.5 h now sit in niet
    // toegewezen (3 persons: still below 10, withheld)
    assert_eq!(m.eenheid("RSP").map(|e| e.werknemers), Some(54));
    assert!(m.niet_toegewezen.onderdrukt);
}

/// Two quarters' trees cannot be subtracted to find a withheld unit: in 2025-K3 DIENST (1
/// registered of 3) is withheld and RB-AMS shows 15; from 2025-10-01 a new tree drops DIENST and
/// its staff move to RB-AMS, which would show 16 in 2025-K4 — and 16 − 15 = DIENST's 1. So RB-AMS
/// is withheld in 2025-K4 (a difference of 1 < 10 across a changed tree), and with it, by the
/// secondary rule, the smallest other shown child of the root (RB-ZWB).
#[test]
fn geen_verschil_tussen_de_bomen_van_twee_kwartalen_onthult_een_onderdrukte_eenheid() {
    let mut r = register();
    lever(
        &mut r.r,
        LeveringSoort::Eenheden,
        Bron::Werkgever,
        "E-fusie",
        "2026-03-02",
        "code;naam;bovenliggend;geldig_vanaf\n\
         RSP;de Rechtspraak;;2025-10-01\n\
         RB-ZWB;Rechtbank Zeeland-West-Brabant;RSP;2025-10-01\n\
         RB-AMS;Rechtbank Amsterdam;RSP;2025-10-01\n",
    );
    let mut verhuizing = String::from("personeelsnummer;bsn;eenheid;geldig_vanaf\n");
    for (i, b) in bsns(52, 3).iter().enumerate() {
        verhuizing.push_str(&format!("DIENST-{i};{};RB-AMS;2025-10-01\n", nr(b)));
    }
    lever(&mut r.r, LeveringSoort::Personeel, Bron::Werkgever, "P-fusie", "2026-03-03", &verhuizing);
    // the same population in both quarters (registrations from 2010, roster from 2025-01-01)
    let k3 = maak(&r, "2025-K3", "2026-04-01");
    assert_eq!(k3.eenheid("RB-AMS").and_then(|e| e.doelgroep), Some(15));
    assert_eq!(k3.eenheid("DIENST").and_then(|e| e.doelgroep), None);
    let k4 = maak(&r, "2025-K4", "2026-04-01");
    let ams = k4.eenheid("RB-AMS").unwrap_or_else(|| unreachable!());
    assert_eq!(ams.werknemers, 33);
    assert_eq!(ams.doelgroep, None, "16 − 15 would give DIENST away");
    assert_eq!(ams.teken("doelgroep", 10).as_deref(), Some("x"));
    // RSP = RB-ZWB + RB-AMS: one withheld term is not allowed → RB-ZWB withheld as well
    assert_eq!(k4.eenheid("RB-ZWB").and_then(|e| e.doelgroep), None);
    assert_eq!(k4.eenheid("RSP").and_then(|e| e.doelgroep), Some(28));
}

/// Several quarters at once (one read of the registrations for all of them, as the pages ask)
/// give exactly the reports of one quarter at a time.
#[test]
fn meerdere_kwartalen_tegelijk_geven_dezelfde_rapporten() {
    let r = register();
    let k = |t: &str| Kwartaal::parse(t).unwrap_or_else(|e| unreachable!("{e}"));
    let samen = werkgeversmonitor::maak_meerdere(
        r.r.store(),
        r.r.referentie(),
        org(),
        &[k("2025-K3"), k("2025-K4")],
        t("2026-04-01"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(samen, [maak(&r, "2025-K3", "2026-04-01"), maak(&r, "2025-K4", "2026-04-01")]);
}
