// The werkgeversmonitor's pages (issue #11 item 4) over real HTTP, on a small organisation
// delivered on top of the fixture of `verhalen/api.rs` (included after it, once per backend).
//
// The organisation (fiscaal nummer 800000006, lhn 800000006L01, OVERHEID / RECHTSPRAAK) has the
// tree RSP (root, no staff of its own) with RB-ZWB, RB-AMS and DIENST from 2025-01-01:
// - RB-ZWB: 12 registered (WAJONG, 110.5 h in September 2026 each) and 10 not registered;
// - RB-AMS: 15 registered (55.25 h each) and 15 not registered;
// - DIENST: 1 registered (20 h) and 2 not registered.
// On 2026-09-30 (2026-K3, the last complete quarter on the tests' clock of 2026-11-20) R-44 gives:
// DIENST's doelgroep 1 < 10, withheld (primary, `<10`); the root's sum RSP = ZWB + AMS + DIENST
// then has one withheld term while its total 28 is shown, so the shown child with the smallest
// doelgroep, RB-ZWB (12 < 15), is withheld too (secondary, `x`); RB-AMS 15 stays, and the sum has
// two unknown terms. The organisation's BSNs start at 200000007, apart from the fixture's.

/// The organisation's fiscaal nummer and loonheffingennummer.
const ORG_LHN: &str = "800000006L01";

/// The organisation's persons: `n` valid BSNs from 200000000 up after skipping `vanaf`.
fn org_bsns(vanaf: usize, n: usize) -> Vec<String> {
    (200_000_000u32..)
        .filter(|x| dgr_core::Bsn::from_u32(*x).is_ok())
        .skip(vanaf)
        .take(n)
        .map(|x| format!("{x:09}"))
        .collect()
}

/// Delivers the organisation: employer data, registrations, polis rows of September 2026, the
/// unit tree and the roster (bron WERKGEVER, with its fiscaal nummer).
fn vul_organisatie(db: &dgr_store::Database, klok: Klok) {
    let mut r = dgr_register::Register::open_database(db, klok)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let zwb = org_bsns(0, 22);
    let ams = org_bsns(22, 30);
    let dienst = org_bsns(52, 3);
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum\n");
    let mut polis = String::from("bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n");
    for (lijst, n, uren) in [(&zwb, 12, "110,5"), (&ams, 15, "55,25"), (&dienst, 1, "20")] {
        for b in &lijst[..n] {
            reg.push_str(&format!("{b};WAJONG;OPVOER;2010-01-01\n"));
            polis.push_str(&format!("{b};{ORG_LHN};2026-09-01;2026-09-30;{uren}\n"));
        }
    }
    let mut pers = String::from("personeelsnummer;bsn;eenheid;geldig_vanaf;geslacht\n");
    for (eenheid, lijst) in [("RB-ZWB", &zwb), ("RB-AMS", &ams), ("DIENST", &dienst)] {
        for (i, b) in lijst.iter().enumerate() {
            let g = if i % 2 == 0 { "V" } else { "M" };
            pers.push_str(&format!("{eenheid}-{i};{b};{eenheid};2025-01-01;{g}\n"));
        }
    }
    let org = dgr_core::lhn::FiscaalNummer::parse("800000006").unwrap_or_else(|e| unreachable!("{e}"));
    let werkgevers = format!("loonheffingennummer;naam;sector;subsector\n{ORG_LHN};Rechtspraak;OVERHEID;RECHTSPRAAK\n");
    let eenheden = "code;naam;bovenliggend;soort;geldig_vanaf\n\
         RSP;de Rechtspraak;;organisatie;2025-01-01\n\
         RB-ZWB;Rechtbank Zeeland-West-Brabant;RSP;rechtbank;2025-01-01\n\
         RB-AMS;Rechtbank Amsterdam;RSP;rechtbank;2025-01-01\n\
         DIENST;Bureau;RSP;dienst;2025-01-01\n";
    for (soort, bron, kenmerk, inhoud) in [
        (dgr_core::LeveringSoort::Werkgevers, dgr_core::Bron::Uwv, "ORG-W", werkgevers.as_str()),
        (dgr_core::LeveringSoort::Registraties, dgr_core::Bron::Uwv, "ORG-R", reg.as_str()),
        (dgr_core::LeveringSoort::Polis, dgr_core::Bron::Uwv, "ORG-POLIS", polis.as_str()),
        (dgr_core::LeveringSoort::Eenheden, dgr_core::Bron::Werkgever, "ORG-E", eenheden),
        (dgr_core::LeveringSoort::Personeel, dgr_core::Bron::Werkgever, "ORG-P", pers.as_str()),
    ] {
        let a = dgr_register::Aanlevering {
            soort,
            bron,
            kenmerk: kenmerk.into(),
            gemeentecode: None,
            fiscaal_nummer: (bron == dgr_core::Bron::Werkgever).then_some(org),
            modus: dgr_core::Modus::Strict,
            geregistreerd_op: None,
            bestandsnaam: format!("{kenmerk}.csv"),
            inhoud: inhoud.as_bytes(),
        };
        let u = r
            .importeer(&a, &mut |_, _| {})
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(matches!(u, dgr_register::ImportUitkomst::Toegepast(..)), "{kenmerk}: {u:?}");
    }
}

impl Browser {
    /// Posts a form; returns the status, the `Location` of a redirect and the body.
    fn post_naar(&self, pad: &str, velden: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut r = self.client.post(format!("{}{pad}", self.basis)).form(velden);
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        let a = r.send().unwrap_or_else(|e| unreachable!("{e}"));
        let locatie = a
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (a.status(), locatie, a.text().unwrap_or_default())
    }
}

/// The first `value="…"` after `na` in `html`.
fn waarde_na(html: &str, na: &str) -> String {
    html.split(na)
        .nth(1)
        .and_then(|x| x.split("value=\"").nth(1))
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// The organisation's D&I team (whole organisation) or a contact person for `eenheden`.
fn monitor_login(s: &Server, eenheden: &str) -> Browser {
    let mut b = Browser::new(s);
    let st = b.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", ORG_LHN),
        ("organisatie", "de Rechtspraak"),
        ("eenheden", eenheden),
    ]);
    assert_eq!(st, StatusCode::SEE_OTHER);
    b
}

/// A theme and topic through the catalogue page; returns the topic's id.
fn maak_onderwerp(b: &Browser) -> String {
    let csrf = b.csrf("/werkgever/monitor/themas");
    let (st, ..) = b.post_naar(
        "/werkgever/monitor/themas",
        &[("csrf", &csrf), ("actie", "thema"), ("naam", "Inclusief werkgeverschap"), ("omschrijving", "")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, html) = b.get("/werkgever/monitor/themas");
    let thema = waarde_na(&html, "id=\"onderwerp-thema\"");
    let (st, ..) = b.post_naar(
        "/werkgever/monitor/themas",
        &[("csrf", &csrf), ("actie", "onderwerp"), ("thema", &thema), ("naam", "Banenafspraak"), ("omschrijving", "")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, html) = b.get("/werkgever/monitor/doelen/nieuw");
    waarde_na(&html, "id=\"doel-onderwerp\"")
}

/// Sets a goal through the form; returns its page's path.
fn stel_doel(b: &Browser, onderwerp: &str, eenheid: &str, titel: &str, maat: &str) -> String {
    let csrf = b.csrf("/werkgever/monitor/doelen/nieuw");
    let (st, locatie, html) = b.post_naar(
        "/werkgever/monitor/doelen/nieuw",
        &[
            ("csrf", &csrf),
            ("eenheid", eenheid),
            ("onderwerp", onderwerp),
            ("titel", titel),
            ("eigenaar", "Coördinator D&I"),
            ("start", "2026-01-01"),
            ("deadline", "2027-12-31"),
            ("soort", "kwantitatief"),
            ("maat", maat),
            ("categorie", ""),
            ("basiswaarde", "0"),
            ("streefwaarde", "10"),
            ("definitie", ""),
        ],
    );
    assert_eq!(st, StatusCode::SEE_OTHER, "{html}");
    assert!(locatie.starts_with("/werkgever/monitor/doelen/"), "{locatie}");
    locatie
}

#[test]
fn monitor_doel_via_formulier_checkin_en_status() {
    let s = server_gevuld(|_| {}, vul_organisatie);
    let b = monitor_login(&s, "");
    // the start page has the tile
    let (_, start) = b.get("/");
    assert!(
        start.contains("&#x2f;werkgever&#x2f;monitor\">Werkgeversmonitor</a>"),
        "{start}"
    );
    let onderwerp = maak_onderwerp(&b);
    assert!(!onderwerp.is_empty());
    // an error keeps the values and is shown next to its field
    let csrf = b.csrf("/werkgever/monitor/doelen/nieuw");
    let (st, _, html) = b.post_naar(
        "/werkgever/monitor/doelen/nieuw",
        &[
            ("csrf", &csrf),
            ("eenheid", "RB-AMS"),
            ("onderwerp", &onderwerp),
            ("titel", "Meer banen"),
            ("eigenaar", "Teamleider"),
            ("start", "2026-01-01"),
            ("deadline", "2025-12-31"),
            ("soort", "kwantitatief"),
            ("maat", "handmatig"),
            ("basiswaarde", "0"),
            ("streefwaarde", "10"),
        ],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("value=\"Meer banen\""), "{html}");
    assert!(html.contains("id=\"doel-deadline-fout\""), "{html}");
    assert!(html.contains("aria-describedby=\"doel-deadline-fout\""), "{html}");
    // a valid goal: measured by hand, 0 -> 10 from 2026-01-01 to 2027-12-31
    let pad = stel_doel(&b, &onderwerp, "RB-AMS", "Tien werkplekken", "handmatig");
    let (st, html) = b.get(&pad);
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(">nog niet gemeten<"), "{html}");
    // a check-in: 9 on 2026-11-20; expected = 10 × 323/729 = 4.4307 -> op koers (shown 4,4: one decimal)
    let csrf = b.csrf(&pad);
    let (st, locatie, _) = b.post_naar(
        &format!("{pad}/checkins"),
        &[("csrf", &csrf), ("datum", "2026-11-20"), ("waarde", "9"), ("toelichting", "Negen plekken ingevuld"), ("vertrouwen", "hoog")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert!(locatie.ends_with("#checkins"));
    let (_, html) = b.get(&pad);
    assert!(html.contains(">op koers<"), "{html}");
    assert!(html.contains("Negen plekken ingevuld") && html.contains("4,4<"), "{html}");
    assert!(html.contains("<svg") && html.contains("doel-grafiek-titel"));
    // a check-in without a note is refused next to the field, the value kept
    let (st, _, html) = b.post_naar(
        &format!("{pad}/checkins"),
        &[("csrf", &csrf), ("datum", "2026-11-20"), ("waarde", "2"), ("toelichting", ""), ("vertrouwen", "laag")],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"checkin-toelichting-fout\"") && html.contains("value=\"2\""), "{html}");
    // the overview counts it as op koers; a milestone and an evaluation (adjust) go through
    let (_, html) = b.get("/werkgever/monitor");
    assert!(html.contains("Tien werkplekken"), "{html}");
    let id = pad.rsplit('/').next().unwrap_or_default().to_string();
    let (st, ..) = b.post_naar(
        "/werkgever/monitor/mijlpalen",
        &[("csrf", &csrf), ("doel", &id), ("naam", "Stuurgroep 19 december"), ("datum", "2026-12-19")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _, html) = b.post_naar(
        &format!("{pad}/evaluaties"),
        &[
            ("csrf", &csrf), ("periode", "2026-K3"), ("geleerd", "Het gaat snel"), ("besluit", "bijstellen"),
            ("reden", "Hoger ambitieniveau"), ("titel", "Twaalf werkplekken"), ("eigenaar", "Teamleider"),
            ("start", "2026-01-01"), ("deadline", "2027-12-31"), ("basiswaarde", "0"), ("streefwaarde", "12"),
        ],
    );
    assert_eq!(st, StatusCode::SEE_OTHER, "{html}");
    let (_, html) = b.get(&pad);
    assert!(html.contains("Twaalf werkplekken") && html.contains("Hoger ambitieniveau"), "{html}");
    assert!(html.contains("Stuurgroep 19 december"), "{html}");
}

#[test]
fn monitor_contactpersoon_ziet_alleen_eigen_eenheden() {
    let s = server_gevuld(|_| {}, vul_organisatie);
    let team = monitor_login(&s, "");
    let onderwerp = maak_onderwerp(&team);
    let zwb = stel_doel(&team, &onderwerp, "RB-ZWB", "Doel van Zeeland", "banen");
    let ams = stel_doel(&team, &onderwerp, "RB-AMS", "Doel van Amsterdam", "handmatig");
    let c = monitor_login(&s, "RB-AMS");
    assert_eq!(c.get("/werkgever/monitor/eenheden/RB-AMS").0, StatusCode::OK);
    assert_eq!(c.get("/werkgever/monitor/eenheden/RB-ZWB").0, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/werkgever/monitor/eenheden/RSP").0, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&zwb).0, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&ams).0, StatusCode::OK);
    let (st, html) = c.get("/werkgever/monitor");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Doel van Amsterdam") && !html.contains("Doel van Zeeland"), "{html}");
    assert!(!html.contains("data-eenheid=\"RB-ZWB\"") && !html.contains("data-eenheid=\"RSP\""));
    let (_, html) = c.get("/werkgever/monitor/verantwoording?kwartaal=2026-K3");
    assert!(!html.contains("Doel van Zeeland") && !html.contains("data-eenheid=\"RB-ZWB\""), "{html}");
    // nor can they change it: a check-in on the other unit's goal, a goal for another unit
    let csrf = c.csrf(&ams);
    let (st, ..) = c.post_naar(
        &format!("{zwb}/checkins"),
        &[("csrf", &csrf), ("datum", "2026-11-20"), ("waarde", "1"), ("toelichting", "x"), ("vertrouwen", "laag")],
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, html) = c.post_naar(
        "/werkgever/monitor/doelen/nieuw",
        &[("csrf", &csrf), ("eenheid", "RB-ZWB"), ("onderwerp", &onderwerp), ("titel", "t"), ("eigenaar", "e"),
          ("start", "2026-01-01"), ("deadline", "2027-01-01"), ("soort", "kwantitatief"), ("maat", "banen"),
          ("basiswaarde", "1"), ("streefwaarde", "2")],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"doel-eenheid-fout\""), "{html}");
    // another organisation's werkgever is refused the same way
    let mut ander = Browser::new(&s);
    ander.login(&[("rol", "werkgever"), ("loonheffingennummer", "999990019L01"), ("organisatie", "Bakkerij")]);
    assert_eq!(ander.get(&zwb).0, StatusCode::FORBIDDEN);
    assert_eq!(ander.get("/werkgever/monitor/eenheden/RB-ZWB").0, StatusCode::FORBIDDEN);
    // and other roles cannot open the monitor at all
    let mut uwv = Browser::new(&s);
    uwv.login(&[("rol", "uwv"), ("organisatie", "UWV")]);
    assert_eq!(uwv.get("/werkgever/monitor").0, StatusCode::FORBIDDEN);
}

#[test]
fn monitor_verantwoording_als_pagina_en_xlsx() {
    let s = server_gevuld(|_| {}, vul_organisatie);
    let b = monitor_login(&s, "");
    let (st, html) = b.get("/werkgever/monitor/verantwoording?kwartaal=2026-K3");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Verantwoording werkgeversmonitor 2026-K3") && html.contains("verantwoording.xlsx?kwartaal=2026-K3"));
    let r = b
        .client
        .get(format!("{}/werkgever/monitor/verantwoording.xlsx?kwartaal=2026-K3", s.basis))
        .header("cookie", b.cookie.clone().unwrap_or_default())
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
    let soort = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(soort.contains("spreadsheetml"), "{soort}");
    let bytes = r.bytes().unwrap_or_default();
    assert!(bytes.starts_with(b"PK"), "not a zip (xlsx)");
    // a quarter that has not begun is refused
    assert_eq!(b.get("/werkgever/monitor/verantwoording?kwartaal=2027-K1").0, StatusCode::BAD_REQUEST);
}

/// One row of a figures table: (code, parent, werknemers, doelgroep, banen); `None` when withheld.
type Cijferrij = (String, String, f64, Option<f64>, Option<f64>);

/// The figures tables' rows of a page (`<tr data-eenheid=…>` with `data-veld` cells).
fn cijferrijen(html: &str) -> Vec<Cijferrij> {
    let veld = |rij: &str, naam: &str| -> Option<f64> {
        let na = rij.split(&format!("data-veld=\"{naam}\"")).nth(1)?;
        let tekst = na.split('>').nth(1)?.split('<').next()?;
        tekst.trim().replace(',', ".").parse().ok()
    };
    html.split("<tr data-eenheid=\"")
        .skip(1)
        .map(|rij| {
            let rij = rij.split("</tr>").next().unwrap_or_default();
            let code = rij.split('"').next().unwrap_or_default().to_string();
            let ouder = rij
                .split("data-bovenliggend=\"")
                .nth(1)
                .and_then(|x| x.split('"').next())
                .unwrap_or_default()
                .to_string();
            (code, ouder, veld(rij, "werknemers").unwrap_or(f64::NAN), veld(rij, "doelgroep"), veld(rij, "banen"))
        })
        .collect()
}

/// Checks that no parent = sum-of-children relation on the page has exactly one unknown term
/// (then it could be solved for it): the terms are the children and the parent's own staff
/// (unknown when it has any: never published on its own), and the total.
fn niets_terug_te_rekenen(rijen: &[Cijferrij], pagina: &str) {
    for (code, _, werknemers, doelgroep, banen) in rijen {
        let kinderen: Vec<&Cijferrij> = rijen.iter().filter(|r| &r.1 == code).collect();
        if kinderen.is_empty() {
            continue;
        }
        let eigen = werknemers - kinderen.iter().map(|k| k.2).sum::<f64>();
        assert!(eigen >= 0.0, "{pagina}: {code} has fewer staff than its children");
        for (naam, totaal, termen) in [
            ("doelgroep", doelgroep, kinderen.iter().map(|k| k.3).collect::<Vec<_>>()),
            ("banen", banen, kinderen.iter().map(|k| k.4).collect::<Vec<_>>()),
        ] {
            let onbekend = termen.iter().filter(|t| t.is_none()).count()
                + usize::from(eigen > 0.0)
                + usize::from(totaal.is_none());
            assert_ne!(onbekend, 1, "{pagina}: {naam} of {code} can be recovered by subtraction");
        }
    }
}

#[test]
fn monitor_laat_geen_cijfer_onder_de_drempel_terugrekenen() {
    let s = server_gevuld(|_| {}, vul_organisatie);
    let b = monitor_login(&s, "");
    let (st, html) = b.get("/werkgever/monitor?kwartaal=2026-K3");
    assert_eq!(st, StatusCode::OK);
    let rijen = cijferrijen(&html);
    // the fixture is as worked out above: root 28, AMS 15, ZWB x, DIENST <10
    let rij = |c: &str| rijen.iter().find(|r| r.0 == c).cloned().unwrap_or_else(|| unreachable!("{c}"));
    assert_eq!(rijen.len(), 4, "{html}");
    assert_eq!((rij("RSP").2, rij("RSP").3), (55.0, Some(28.0)));
    assert_eq!(rij("RB-AMS").3, Some(15.0));
    assert_eq!(rij("RB-ZWB").3, None);
    assert_eq!(rij("DIENST").3, None);
    assert!(html.contains("data-veld=\"doelgroep\" class=\"onderdrukt\">&lt;10<"), "{html}");
    assert!(html.contains("data-veld=\"doelgroep\" class=\"onderdrukt\">x<"), "{html}");
    niets_terug_te_rekenen(&rijen, "overzicht");
    // the unit pages and the steering group's report show the same relations
    for pad in [
        "/werkgever/monitor/eenheden/RSP?kwartaal=2026-K3",
        "/werkgever/monitor/eenheden/RB-AMS?kwartaal=2026-K3",
    ] {
        let (st, html) = b.get(pad);
        assert_eq!(st, StatusCode::OK, "{pad}");
        niets_terug_te_rekenen(&cijferrijen(&html), pad);
        // the staff by roster category: none recorded here, so every unit's staff all share
        // "niet vastgelegd", whose rest (0) is below 10: withheld, never the count itself
        assert!(html.contains("Samenstelling van het personeel"), "{pad}");
        assert!(html.contains("niet vastgelegd"), "{pad}");
        assert!(!html.contains("<td>30</td><td>100,0 %</td>"), "{pad}");
    }
    // every person read is in the processing log as DGR-MONITOR, and no BSN is on the page
    let activiteiten = s.sql("SELECT DISTINCT processing_activity_id FROM verwerkingen");
    assert!(activiteiten.contains(&"DGR-MONITOR".to_string()), "{activiteiten:?}");
    let n = s.sql(
        "SELECT DISTINCT data_subject_id FROM verwerkingen WHERE processing_activity_id = 'DGR-MONITOR'",
    );
    assert_eq!(n.len(), 55);
    for bsn in org_bsns(0, 55) {
        assert!(!html.contains(&bsn));
    }
}
