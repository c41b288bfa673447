// Issue #12 findings 5 and 7: final decisions in two steps with required reasons and a
// success message, the "Afgehandeld" lists, and a page catalogue that follows the policy.
// (Included in tests/api.rs next to verhalen/api.rs, whose `Browser` and `server` it uses.)

impl Browser {
    /// Posts a form and answers the status, the `Location` of a redirect and the body.
    fn post_met_locatie(&self, pad: &str, velden: &[(&str, &str)]) -> (StatusCode, String, String) {
        let a = self
            .formulier(pad, velden)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        let locatie = a
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (a.status(), locatie, a.text().unwrap_or_default())
    }

    /// A final decision in its two steps: the first post answers the confirmation page (and
    /// decides nothing), the second with `bevestigd=ja` redirects; answers the page it
    /// redirects to, which shows the success message.
    fn beslis_bevestigd(&self, pad: &str, velden: &[(&str, &str)]) -> String {
        let (st, html) = self.post(pad, velden);
        assert_eq!(st, StatusCode::OK, "{html}");
        assert!(
            html.contains("Bevestigen") && html.contains("Annuleren"),
            "{html}"
        );
        assert!(
            html.contains("name=\"bevestigd\" value=\"ja\""),
            "{html}"
        );
        let mut bevestigd = velden.to_vec();
        bevestigd.push(("bevestigd", "ja"));
        let (st, locatie, html) = self.post_met_locatie(pad, &bevestigd);
        assert_eq!(st, StatusCode::SEE_OTHER, "{html}");
        let (st, html) = self.get(&locatie);
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("role=\"status\""), "{html}");
        html
    }
}

/// The links of a page (`href="/…"`) except static files, anchors and downloads.
fn paginalinks(html: &str) -> Vec<String> {
    let mut links: Vec<String> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|x| x.split('"').next())
        // the templates escape `/` and `&` in attributes
        .map(|h| h.replace("&#x2f;", "/").replace("&amp;", "&"))
        .filter(|h| h.starts_with('/') && !h.starts_with("/static/"))
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .filter(|h| !h.is_empty())
        .collect();
    links.sort();
    links.dedup();
    links
}

/// The development login's values per role (as `dgr demo --serve` prints them).
fn inlog(rol: Rol) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![("rol", rol.naam())];
    match rol {
        Rol::Burger => v.push(("bsn", "111222333")),
        Rol::Werkgever => v.push(("loonheffingennummer", "999990019L01")),
        Rol::Gemeente => v.push(("gemeentecode", "0363")),
        Rol::Wsp => v.push(("arbeidsmarktregio", "AM01")),
        Rol::Bron => v.push(("bron", "UWV")),
        _ => {}
    }
    v
}

/// Issue #12 finding 7: every role gets tiles on its start page, and every tile and menu link
/// opens (no 403, no 404); belastingdienst has the employers' quota, gemeente the trend.
#[test]
fn elke_rol_heeft_tegels_en_geen_tegel_geeft_403_of_404() {
    let s = server();
    for rol in Rol::ALLE {
        let mut b = Browser::new(&s);
        assert_eq!(b.login(&inlog(rol)), StatusCode::SEE_OTHER, "{}", rol.naam());
        let (st, html) = b.get("/");
        assert_eq!(st, StatusCode::OK);
        let tegels = html
            .split("<ul class=\"tegels\">")
            .nth(1)
            .and_then(|x| x.split("</ul>").next())
            .unwrap_or_default();
        assert!(
            tegels.contains("<li>"),
            "{} heeft niets te doen: {html}",
            rol.naam()
        );
        let links = paginalinks(&html);
        for link in &links {
            let (st, pagina) = b.get(link);
            assert!(
                st != StatusCode::FORBIDDEN && st != StatusCode::NOT_FOUND,
                "{} → {link}: {st} {pagina}",
                rol.naam()
            );
            // one level deeper: the links on the tile's page (menu, sub-pages, downloads)
            for dieper in paginalinks(&pagina) {
                let st = b.get(&dieper).0;
                assert!(
                    st != StatusCode::FORBIDDEN && st != StatusCode::NOT_FOUND,
                    "{} → {link} → {dieper}: {st}",
                    rol.naam()
                );
            }
        }
        match rol {
            Rol::Belastingdienst => assert!(links.contains(&"/quotum".to_string()), "{links:?}"),
            Rol::Gemeente => {
                assert!(links.contains(&"/dashboard/trend".to_string()), "{links:?}");
            }
            _ => {}
        }
    }
}

/// Issue #12 finding 7: the employers' quota page searches by fiscaal nummer, pages, and
/// downloads the (searched) table as XLSX; a werkgever gets no other employer's quota.
#[test]
fn belastingdienst_quotum_van_alle_werkgevers() {
    let s = server();
    let mut b = Browser::new(&s);
    b.login(&inlog(Rol::Belastingdienst));
    let (st, html) = b.get("/quotum?jaar=2026");
    assert_eq!(st, StatusCode::OK, "{html}");
    // the test register's one employer, fiscaal nummer 999990019 (lhn 999990019L01)
    assert!(html.contains("999990019"), "{html}");
    let (_, html) = b.get("/quotum?jaar=2026&zoek=12345");
    assert!(html.contains("0 van 1 werkgevers"), "{html}");
    let (_, html) = b.get("/quotum?jaar=2026&zoek=9999+9001");
    assert!(html.contains("1 van 1 werkgevers"), "{html}");
    let r = s
        .client
        .get(format!("{}/quotum.xlsx?jaar=2026", s.basis))
        .header("cookie", b.cookie.clone().unwrap_or_default())
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().unwrap_or_default();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip file");
    assert_eq!(b.get("/quotum?jaar=1999").0, StatusCode::BAD_REQUEST);
    let mut w = Browser::new(&s);
    w.login(&inlog(Rol::Werkgever));
    assert_eq!(w.get("/quotum").0, StatusCode::FORBIDDEN);
    assert_eq!(w.get("/quotum.xlsx").0, StatusCode::FORBIDDEN);
    // gemeente: the regional trend, as the API gives it
    let mut g = Browser::new(&s);
    g.login(&inlog(Rol::Gemeente));
    assert_eq!(g.get("/dashboard/trend").0, StatusCode::OK);
}

/// Issue #12 finding 5: the citizen's uitschrijving request and "vindbaar worden" ask for a
/// confirmation first and say afterwards that it worked; UWV's refusal needs a reason (the
/// error next to the field, the typed values kept), is confirmed, and the decided request
/// stays in the "Afgehandeld" list with its reason, filtered by decision and period.
#[test]
fn uitschrijving_bevestigen_reden_en_afgehandeld() {
    let s = server();
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", "123456782")]);
    let csrf = p.csrf("/mijn");
    // the first post only asks
    let (st, html) = p.post("/mijn/uitschrijven", &[("csrf", &csrf)]);
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Uitschrijving aanvragen") && html.contains("8 weken"), "{html}");
    assert_eq!(s.sql("SELECT CAST(COUNT(*) AS TEXT) FROM uitschrijvingen"), vec!["0"]);
    let html = p.beslis_bevestigd("/mijn/uitschrijven", &[("csrf", &csrf)]);
    assert!(html.contains("Uw verzoek om uitschrijving is ontvangen"), "{html}");
    // the message is shown once
    assert!(!p.get("/mijn").1.contains("Uw verzoek om uitschrijving is ontvangen"));
    let html = p.beslis_bevestigd("/mijn/herkenbaar", &[("csrf", &csrf), ("herkenbaar", "J")]);
    assert!(html.contains("U bent nu vindbaar"), "{html}");
    // UWV: a refusal without a reason is refused, next to the field
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV Besluit")]);
    let (_, html) = u.get("/inkijk/uitschrijvingen");
    let id = eerste_id(&html);
    let csrf = u.csrf("/inkijk/uitschrijvingen");
    let (st, html) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "afwijzen"), ("reden", "  ")],
    );
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(&format!("aria-describedby=\"reden-{id}-fout\""))
            && html.contains("Geef de reden van de afwijzing"),
        "{html}"
    );
    assert_eq!(s.sql("SELECT status FROM uitschrijvingen"), vec!["OPEN"]);
    // with a reason: the confirmation names the person and the reason; then decided
    let (_, html) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "afwijzen"), ("reden", "nog in behandeling bij de rechter")],
    );
    assert!(
        html.contains("123456782") && html.contains("nog in behandeling bij de rechter"),
        "{html}"
    );
    assert_eq!(s.sql("SELECT status FROM uitschrijvingen"), vec!["OPEN"]);
    let html = u.beslis_bevestigd(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "afwijzen"), ("reden", "nog in behandeling bij de rechter")],
    );
    assert!(html.contains(&format!("Verzoek {id} afgewezen.")), "{html}");
    assert!(html.contains("Er zijn geen open verzoeken"), "{html}");
    let afgehandeld = html.split("id=\"afgehandeld\"").nth(1).unwrap_or_default();
    assert!(
        afgehandeld.contains("Afgewezen")
            && afgehandeld.contains("nog in behandeling bij de rechter")
            && afgehandeld.contains("UWV Besluit"),
        "{afgehandeld}"
    );
    // the filter: no grants; refusals from today (the test clock's 2026-11-20) on; none from tomorrow
    let (_, html) = u.get("/inkijk/uitschrijvingen?status=TOEGEWEZEN");
    assert!(html.contains("Geen afgehandelde verzoeken die bij het filter passen"), "{html}");
    let (_, html) = u.get("/inkijk/uitschrijvingen?status=AFGEWEZEN&van=20-11-2026");
    assert!(html.contains("nog in behandeling bij de rechter"), "{html}");
    let (_, html) = u.get("/inkijk/uitschrijvingen?van=2026-11-21");
    assert!(html.contains("Geen afgehandelde verzoeken die bij het filter passen"), "{html}");
    let (_, html) = u.get("/inkijk/uitschrijvingen?van=31-02-2026");
    assert!(html.contains("Besloten vanaf: schrijf de datum"), "{html}");
    // deciding again is refused and changes nothing
    let (_, html) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "afwijzen"), ("reden", "x"), ("bevestigd", "ja")],
    );
    assert!(html.contains("niet (meer) open"), "{html}");
    // the citizen reads the refusal with its reason
    assert!(p.get("/mijn").1.contains("nog in behandeling bij de rechter"));
}

/// Issue #12 finding 5: a bezwaar is decided "ongegrond" only with its grounds, after a
/// confirmation, and stays in the "Afgehandeld" list.
#[test]
fn bezwaar_ongegrond_met_motivering_en_afgehandeld() {
    let s = server();
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV Bezwaar")]);
    let csrf = u.csrf("/inkijk/bezwaren");
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "registreren"),
            ("bsn", "123456782"),
            ("besluitdatum", "2026-10-01"),
            ("ingediend_op", "2026-11-02"),
        ],
    );
    let id = eerste_id(&html);
    let (st, html) = u.post(
        "/inkijk/bezwaren",
        &[("csrf", &csrf), ("actie", "beslissen"), ("id", &id), ("uitkomst", "ongegrond"), ("ingangsdatum", "2026-10-01")],
    );
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(&format!("aria-describedby=\"motivering-{id}-fout\""))
            && html.contains("waarom het bezwaar ongegrond is"),
        "{html}"
    );
    // the typed values are kept
    assert!(html.contains("value=\"2026-10-01\""), "{html}");
    assert_eq!(s.sql("SELECT status FROM bezwaren"), vec!["OPEN"]);
    let velden = [
        ("csrf", csrf.as_str()),
        ("actie", "beslissen"),
        ("id", id.as_str()),
        ("uitkomst", "ongegrond"),
        ("motivering", "arbeidsvermogen is juist vastgesteld"),
    ];
    let html = u.beslis_bevestigd("/inkijk/bezwaren", &velden);
    assert!(html.contains(&format!("Op bezwaar {id} is beslist: ongegrond.")), "{html}");
    let afgehandeld = html.split("id=\"afgehandeld\"").nth(1).unwrap_or_default();
    assert!(
        afgehandeld.contains("Ongegrond")
            && afgehandeld.contains("arbeidsvermogen is juist vastgesteld")
            && afgehandeld.contains("UWV Bezwaar"),
        "{afgehandeld}"
    );
    let (_, html) = u.get("/inkijk/bezwaren?status=GEGROND");
    assert!(html.contains("Geen afgehandelde bezwaren die bij het filter passen"), "{html}");
}
