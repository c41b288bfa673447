// Issue #12 findings 8–11 over real HTTP (lists, the citizen's page, dashboards, inkijk), on
// both backends. `vul_lijsten` adds what the long lists need to the fixture; the browser test
// (`e2e_in_chromium`, scenario 12e-lijsten-dashboards.mjs) runs on it too.

/// Valid BSNs from `vanaf` up (the 11-test), `n` of them.
fn lijst_bsns(vanaf: u32, n: usize) -> Vec<String> {
    (vanaf..)
        .filter_map(|w| dgr_core::Bsn::from_u32(w).ok())
        .take(n)
        .map(|b| b.cijfers())
        .collect()
}

/// The job seekers of the long candidate list: 30 findable profiles in Maastricht (0935),
/// 24 hours, MBO2_4, available from October 2026.
fn maastrichtse_kandidaten() -> Vec<String> {
    lijst_bsns(300_000_000, 30)
}

/// The citizen with a future end: born 1961-01-01, so the AOW date is 2028-04-01 (67 years and 3
/// months, R-12 worked example), after the tests' "now" of 20 November 2026.
fn burger_met_aow_einde() -> String {
    lijst_bsns(310_000_000, 1).remove(0)
}

/// The employer whose registered employees all work in sheltered work (WSW_BESCHUT), 2025.
const BESCHUT_LHN: &str = "111222333L01";

/// Deliveries of the fixture of issue #12: 55 small person deliveries (the list of deliveries
/// runs to two pages of 50), 30 candidates in Maastricht, the citizen with a future AOW end
/// and an employer whose registered employees are all in WSW-beschut.
fn vul_lijsten(db: &dgr_store::Database, klok: Klok) {
    let mut r =
        dgr_register::Register::open_database(db, klok).unwrap_or_else(|e| unreachable!("{e}"));
    let mut lever = |soort, bron, kenmerk: &str, inhoud: &str| {
        let a = dgr_register::Aanlevering {
            soort,
            bron,
            kenmerk: kenmerk.into(),
            gemeentecode: None,
            fiscaal_nummer: None,
            modus: dgr_core::Modus::Strict,
            geregistreerd_op: None,
            bestandsnaam: "x.csv".into(),
            inhoud: inhoud.as_bytes(),
        };
        let u = r
            .importeer(&a, &mut |_, _| {})
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(
            matches!(u, dgr_register::ImportUitkomst::Toegepast(..)),
            "{kenmerk}: {u:?}"
        );
    };
    let kandidaten = maastrichtse_kandidaten();
    let burger = burger_met_aow_einde();
    let mut personen = String::from("bsn;geboortedatum;woongemeente\n");
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum\n");
    let mut kand = String::from(
        "bsn;opleidingsniveau;uren_per_week;max_reisafstand_km;beschikbaar_vanaf;interesses;woongemeente;herkenbaar\n",
    );
    let mut polis =
        String::from("bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren;soort\n");
    for (i, b) in kandidaten.iter().enumerate() {
        personen.push_str(&format!("{b};1990-01-01;0935\n"));
        reg.push_str(&format!("{b};PW_IBA;OPVOER;2020-01-01\n"));
        kand.push_str(&format!("{b};MBO2_4;24;30;2026-10-01;zorg|groen;0935;J\n"));
        if i < 3 {
            polis.push_str(&format!(
                "{b};{BESCHUT_LHN};2025-03-01;2025-03-31;80;WSW_BESCHUT\n"
            ));
        }
    }
    personen.push_str(&format!("{burger};1961-01-01;0363\n"));
    reg.push_str(&format!("{burger};WAJONG;OPVOER;2016-01-01\n"));
    lever(
        dgr_core::LeveringSoort::Personen,
        dgr_core::Bron::Brp,
        "L-P",
        &personen,
    );
    lever(
        dgr_core::LeveringSoort::Registraties,
        dgr_core::Bron::Uwv,
        "L-R",
        &reg,
    );
    lever(
        dgr_core::LeveringSoort::Kandidaten,
        dgr_core::Bron::Uwv,
        "L-K",
        &kand,
    );
    lever(
        dgr_core::LeveringSoort::Polis,
        dgr_core::Bron::Uwv,
        "L-POLIS",
        &polis,
    );
    lever(
        dgr_core::LeveringSoort::Werkgeversuren,
        dgr_core::Bron::Uwv,
        "L-UREN",
        &format!(
            "loonheffingennummer;jaar;verloonde_uren_totaal;aantal_werknemers\n{BESCHUT_LHN};2025;60000;40\n"
        ),
    );
    // many small deliveries (one new person each): the list runs over more than one page
    for (i, b) in lijst_bsns(330_000_000, 55).iter().enumerate() {
        lever(
            dgr_core::LeveringSoort::Personen,
            dgr_core::Bron::Brp,
            &format!("L-{i:02}"),
            &format!("bsn;geboortedatum;woongemeente\n{b};1970-01-01;0363\n"),
        );
    }
}

fn server_lijsten() -> Server {
    server_gevuld(|_| {}, vul_lijsten)
}

/// The number of `<tr>` rows in the table body after `kop` (a caption's text).
fn rijen_na(html: &str, kop: &str) -> usize {
    html.split(kop)
        .nth(1)
        .and_then(|x| x.split("<tbody>").nth(1))
        .and_then(|x| x.split("</tbody>").next())
        .map_or(0, |t| t.matches("<tr").count())
}

#[test]
fn i12_leveringen_gefilterd_gesorteerd_en_per_pagina() {
    let s = server_lijsten();
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV")]);
    // fixture 4 + vul_lijsten 5 + 55 = 64 deliveries: page 1 holds 50, page 2 the other 14
    let (st, html) = u.get("/leveringen");
    assert_eq!(st, StatusCode::OK);
    assert_eq!(rijen_na(&html, "<caption>Leveringen, nieuwste eerst"), 50);
    assert!(html.contains("van 64 (pagina 1 van 2)"), "{html}");
    assert!(html.contains("href=\"/leveringen?pagina=2\""), "{html}");
    let (_, html) = u.get("/leveringen?pagina=2");
    assert_eq!(rijen_na(&html, "<caption>Leveringen, nieuwste eerst"), 14);
    // a page past the end shows the last
    let (_, html) = u.get("/leveringen?pagina=99");
    assert!(html.contains("pagina 2 van 2"), "{html}");
    // filter on kind: the fixture's polis and vul_lijsten's polis, 2 of them; oldest first the
    // fixture's ("POLIS") comes before "L-POLIS"
    let (_, html) = u.get("/leveringen?soort=polis&volgorde=oud");
    assert_eq!(rijen_na(&html, "<caption>Leveringen, oudste eerst"), 2);
    let eerst = html.find("<td>POLIS</td>").unwrap_or(usize::MAX);
    let later = html.find("<td>L-POLIS</td>").unwrap_or(0);
    assert!(eerst < later, "{html}");
    // filter on source: BRP delivered the fixture's P, L-P and 55 more = 57
    let (_, html) = u.get("/leveringen?bron=BRP");
    assert!(html.contains("van 57 (pagina 1 van 2)"), "{html}");
    // dates that contradict each other are said next to the field, not ignored
    let (_, html) = u.get("/leveringen?van=2026-12-01&tot=2026-01-01");
    assert!(
        html.contains("De einddatum ligt vóór de begindatum."),
        "{html}"
    );
    // no BSN in a page link
    for b in maastrichtse_kandidaten() {
        assert!(!html.contains(&format!("?{b}")) && !html.contains(&format!("={b}")));
    }
}

#[test]
fn i12_kandidatenverkenner_controleert_de_vraag_en_bladert() {
    let s = server_lijsten();
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
        ("organisatie", "Bakkerij Web"),
    ]);
    // an empty search says what to fill in
    let (st, html) = w.get("/werkgever/kandidaten?gezocht=1&opleidingsniveau=&vanuit=");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("Vul ten minste één zoekvraag in"), "{html}");
    // an unknown municipality code or a postcode is an error next to the field
    let (st, html) = w.get("/werkgever/kandidaten?gezocht=1&vanuit=9999");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("Er is geen gemeente met code 9999") && html.contains("id=\"vanuit-fout\""),
        "{html}"
    );
    let (st, html) = w.get("/werkgever/kandidaten?gezocht=1&vanuit=6211+AB");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("Een postcode (6211 AB)"), "{html}");
    // hours outside 1..=40, or a range upside down
    let (st, html) = w.get("/werkgever/kandidaten?gezocht=1&uren_min=-5");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("tussen 1 en 40"), "{html}");
    let (st, html) = w.get("/werkgever/kandidaten?gezocht=1&uren_min=30&uren_max=10");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("is kleiner dan"), "{html}");
    // by name: Maastricht is found; its 30 candidates (24 hours, 30 km) match: 25 on page 1
    let (st, html) =
        w.get("/werkgever/kandidaten?gezocht=1&vanuit=maastricht&uren_min=20&uren_max=32");
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(
        html.contains("30 kandidaten passen; u ziet 1 tot en met 25"),
        "{html}"
    );
    assert_eq!(html.matches("name=\"profiel\"").count(), 25);
    assert!(html.contains("pagina=2"), "{html}");
    let (_, html) =
        w.get("/werkgever/kandidaten?gezocht=1&vanuit=Maastricht&uren_min=20&uren_max=32&pagina=2");
    assert_eq!(html.matches("name=\"profiel\"").count(), 5);
    // a contact request from page 2 with a message; the summary of the profile is kept
    let profiel = html
        .split("name=\"profiel\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string();
    let csrf = w.csrf("/werkgever/kandidaten");
    let te_lang = "x".repeat(501);
    let (st, _) = w.post(
        "/werkgever/kandidaten/contact",
        &[
            ("csrf", &csrf),
            ("profiel", &profiel),
            ("bericht", &te_lang),
        ],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let (st, html) = w.post(
        "/werkgever/kandidaten/contact",
        &[
            ("csrf", &csrf),
            ("profiel", &profiel),
            ("bericht", "Vacature bakker, 24 uur, Maastricht-centrum"),
        ],
    );
    assert_eq!(st, StatusCode::OK, "{html}");
    assert_eq!(
        s.sql("SELECT toelichting || ' / ' || profiel FROM contactverzoeken"),
        vec![
            // the profile in names (MBO2_4, 2026-10 and AM30 in words), as the WSP reads it
            "Vacature bakker, 24 uur, Maastricht-centrum / mbo niveau 2 tot en met 4 · 21-24 uur per week · beschikbaar vanaf oktober 2026 · interesses: zorg, groen · regio Zuid-Limburg".to_string()
        ]
    );
    let (_, html) = w.get("/werkgever/kandidaten");
    assert!(
        html.contains("mbo niveau 2 tot en met 4 · 21-24 uur per week") && html.contains("Vacature bakker"),
        "{html}"
    );
    // the WSP of the candidate's region reads the message
    let mut p = Browser::new(&s);
    p.login(&[("rol", "wsp"), ("arbeidsmarktregio", "AM30")]);
    let (_, html) = p.get("/wsp");
    assert!(html.contains("Bericht: Vacature bakker"), "{html}");
}

#[test]
fn i12_burger_ziet_eigen_inzage_apart_en_toekomstig_einde() {
    let s = server_lijsten();
    let burger = burger_met_aow_einde();
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", &burger)]);
    let _ = p.get("/mijn");
    let _ = p.get("/mijn");
    let (st, html) = p.get("/mijn");
    assert_eq!(st, StatusCode::OK);
    // the two earlier looks are the citizen's own: not in the consultations table
    assert!(
        html.contains("Niemand anders heeft uw gegevens geraadpleegd."),
        "{html}"
    );
    assert!(
        html.contains("U heeft uw gegevens zelf 2 keer bekeken"),
        "{html}"
    );
    // the header addresses the citizen ("U bent ingelogd"), not the role code
    assert!(html.contains("<span class=\"wie\">U bent ingelogd</span>"), "{html}");
    // born 1961-01-01 → AOW 2028-04-01, after today (20-11-2026): future tense
    assert!(
        html.contains("dan bereikt u de AOW-leeftijd") && !html.contains("AOW-leeftijd bereikt)"),
        "{html}"
    );
}

#[test]
fn i12_inkijk_onbekend_bsn_en_beide_tijdassen() {
    let s = server_lijsten();
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV")]);
    let csrf = u.csrf("/inkijk");
    // the form starts with today and now (the tests' clock: 20 November 2026)
    let (_, html) = u.get("/inkijk");
    assert!(html.contains("value=\"2026-11-20\""), "{html}");
    let voor = s.sql("SELECT naam FROM verwerkingen").len();
    // a valid BSN nobody delivered: unknown, not "lives elsewhere", and still logged
    let onbekend = lijst_bsns(320_000_000, 1).remove(0);
    let (st, html) = u.post("/inkijk", &[("csrf", &csrf), ("bsn", &onbekend)]);
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("Dit BSN is niet bekend in het doelgroepregister."),
        "{html}"
    );
    assert!(!html.contains("woont niet in uw gemeente"), "{html}");
    assert_eq!(s.sql("SELECT naam FROM verwerkingen").len(), voor + 1);
    // the same for a gemeente
    let mut g = Browser::new(&s);
    g.login(&[("rol", "gemeente"), ("gemeentecode", "0344")]);
    let gcsrf = g.csrf("/inkijk");
    let (_, html) = g.post("/inkijk", &[("csrf", &gcsrf), ("bsn", &onbekend)]);
    assert!(
        html.contains("Dit BSN is niet bekend in het doelgroepregister."),
        "{html}"
    );
    // both axes (bekend-op empty: now): on peildatum 2015-06-01 111222333 (WAJONG from
    // 2016-01-01) was not in the register, on 2020-06-01 it was; as known on 1 January 2020,
    // before the fixture's deliveries (20 November 2026), nothing was recorded yet
    let (st, html) = u.post(
        "/inkijk",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("peildatum", "2015-06-01"),
        ],
    );
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(html.contains("<strong>nee</strong>"), "{html}");
    assert!(html.contains("value=\"2015-06-01\"") && html.contains("value=\"111222333\""));
    let (_, html) = u.post(
        "/inkijk",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("peildatum", "2020-06-01"),
        ],
    );
    assert!(
        html.contains("<strong>ja</strong>") && html.contains("Wajong 2010"),
        "{html}"
    );
    let (_, html) = u.post(
        "/inkijk",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("peildatum", "2020-06-01"),
            ("bekend_op", "2020-01-01T09:00"),
        ],
    );
    assert!(
        html.contains("<strong>nee</strong>") && html.contains("nog geen registratie vastgelegd"),
        "{html}"
    );
    // a bekend-op in the future is refused next to the field, the values kept
    let (st, html) = u.post(
        "/inkijk",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("bekend_op", "2030-01-01T09:00"),
        ],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("Bekend op ligt in de toekomst")
            && html.contains("value=\"2030-01-01T09:00\""),
        "{html}"
    );
}

#[test]
fn i12_dashboards_weigeren_de_toekomst_en_quotum_legt_beschut_uit() {
    let s = server_lijsten();
    let mut a = Browser::new(&s);
    a.login(&[("rol", "analist"), ("organisatie", "SZW")]);
    // today is 2026-K4 on the tests' clock: 2030-K1 has no figures
    let (st, html) = a.get("/dashboard/trend?kwartaal=2030-K1");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("Over 2030-K1 zijn nog geen cijfers"),
        "{html}"
    );
    assert_eq!(
        a.get("/dashboard/trend.csv?kwartaal=2027-K1").0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(a.get("/dashboard/trend?kwartaal=2026-K4").0, StatusCode::OK);
    assert_eq!(a.get("/dashboard?jaar=2031").0, StatusCode::BAD_REQUEST);
    // the banenmonitor says its targets are national, and that this register is a sample
    let (st, html) = a.get("/dashboard?jaar=2025");
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("De doelen zijn landelijke aantallen"),
        "{html}"
    );
    // the employer whose registered employees all work in WSW-beschut: 0 counted, and why;
    // 3 rows of 80 hours in March 2025, all days registered: 240 hours left out
    let mut w = Browser::new(&s);
    w.login(&[("rol", "werkgever"), ("loonheffingennummer", BESCHUT_LHN)]);
    let (st, html) = w.get("/werkgever/quotum?jaar=2025");
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("Daarom 0: de 240,00 uur") && html.contains("beschut werk"),
        "{html}"
    );
    // no year has a required number of hours (the sector is unknown, so no percentage): the
    // page says so, and neither the year nor the series draws a chart of nothing
    let mut html = html;
    for _ in 0..100 {
        if !html.contains("wordt berekend") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        html = w.get("/werkgever/quotum?jaar=2025").1;
    }
    assert!(html.contains("data-zonder-percentage"), "{html}");
    assert!(!html.contains("<svg"), "{html}");
    assert_eq!(
        w.get("/werkgever/quotum?jaar=2031").0,
        StatusCode::BAD_REQUEST
    );
}

#[test]
fn i12_open_werkvoorraad_per_pagina_en_alleen_getoonde_bsns_gelogd() {
    // the 30 Maastricht candidates of the fixture each ask for uitschrijving: 30 open requests,
    // 25 a page -> page 1 shows 25, page 2 the other 5
    let s = server_gevuld(
        |_| {},
        |db, klok| {
            vul_lijsten(db, klok);
            let mut r = dgr_register::Register::open_database(db, klok)
                .unwrap_or_else(|e| unreachable!("{e}"));
            for b in maastrichtse_kandidaten() {
                let bsn = dgr_core::Bsn::parse(&b).unwrap_or_else(|e| unreachable!("{e}"));
                r.vraag_uitschrijving(bsn)
                    .unwrap_or_else(|e| unreachable!("{e}"));
            }
        },
    );
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV")]);
    let voor = s.sql("SELECT naam FROM verwerkingen WHERE naam = 'web_uitschrijvingen'").len();
    let (st, html) = u.get("/inkijk/uitschrijvingen");
    assert_eq!(st, StatusCode::OK);
    assert_eq!(rijen_na(&html, "<caption>Open verzoeken, oudste eerst</caption>"), 25, "{html}");
    assert!(html.contains("Pagina 1 van 2 (1 tot en met 25 van 30)"), "{html}");
    assert!(html.contains("href=\"&#x2f;inkijk&#x2f;uitschrijvingen?open=2#open\""), "{html}");
    // only the 25 persons shown were read (no decided requests yet)
    let na = s.sql("SELECT naam FROM verwerkingen WHERE naam = 'web_uitschrijvingen'").len();
    assert_eq!(na - voor, 25);
    let (_, html) = u.get("/inkijk/uitschrijvingen?open=2");
    assert_eq!(rijen_na(&html, "<caption>Open verzoeken, oudste eerst</caption>"), 5, "{html}");
    assert!(html.contains("Pagina 2 van 2 (26 tot en met 30 van 30)"), "{html}");
    // a page past the end shows the last
    let (_, html) = u.get("/inkijk/uitschrijvingen?open=9");
    assert_eq!(rijen_na(&html, "<caption>Open verzoeken, oudste eerst</caption>"), 5, "{html}");
    // refusing a request of page 2 without a reason: the answer shows page 2, where the field
    // and its error are, not page 1
    let id = html
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string();
    let csrf = u.csrf("/inkijk/uitschrijvingen");
    let (_, html) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "afwijzen"), ("reden", "")],
    );
    assert!(html.contains("Pagina 2 van 2"), "{html}");
    assert!(html.contains(&format!("id=\"reden-{id}-fout\"")), "{html}");
}
