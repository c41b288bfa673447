//! The server's transport under input that must not break it (issue #9): deliveries larger than
//! axum's 2 MB default through the API, the configured upload maximum (413 in Dutch, API and
//! page), an empty optional form field meaning "absent", error bodies that never quote the
//! input, and the header timeout, idle keep-alive timeout and connection limit; and a long read
//! that must not hold up short ones (issue #13).
//!
//! Every test starts its own server on port 0 with a fresh database and its own limits.

mod gemeen;

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use dgr_server::Grenzen;
use dgr_server::auth::Claims;
use dgr_server::identiteit::Rol;
use dgr_server::sleutels::{ONTWIKKEL_ISSUER, Ontwikkelsleutel};
use reqwest::StatusCode;
use reqwest::blocking::multipart::{Form, Part};
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};

/// A BSN-like digit string that must never come back in an error body.
const BSN: &str = "111222333";

struct Server {
    basis: String,
    adres: String,
    map: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
    client: Client,
}

fn server(aanpassen: impl FnOnce(&mut Grenzen)) -> Server {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let db = map.path().join("robuust.db");
    // created and migrated before the server opens it, as `dgr serve` does
    drop(
        dgr_register::Register::open_database(
            &dgr_store::Database::Sqlite(db.clone()),
            dgr_register::tijd::Klok::echt(),
        )
        .unwrap_or_else(|e| unreachable!("{e}")),
    );
    let _ = Ontwikkelsleutel::laad_of_maak(map.path());
    let mut inst = gemeen::instellingen(
        dgr_store::Database::Sqlite(db),
        map.path(),
        dgr_register::tijd::Klok::echt(),
    );
    aanpassen(&mut inst.grenzen);
    let (adres, stop) = gemeen::draai(inst);
    Server {
        basis: format!("http://{adres}"),
        adres,
        map,
        _stop: stop,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| unreachable!("{e}")),
    }
}

impl Server {
    fn token(&self, rol: Rol) -> String {
        let sleutel =
            Ontwikkelsleutel::laad_of_maak(self.map.path()).unwrap_or_else(|e| unreachable!("{e}"));
        let nu = chrono::Utc::now().timestamp() as u64;
        let mut c = Claims {
            sub: format!("robuust-{}", rol.naam()),
            rol: rol.naam().into(),
            iss: ONTWIKKEL_ISSUER.into(),
            aud: "doelgroepregister".into(),
            exp: nu + 600,
            nbf: Some(nu - 5),
            ..Claims::default()
        };
        match rol {
            Rol::Werkgever => c.loonheffingennummers = vec!["999990019L01".into()],
            Rol::Bron => c.bron = Some("UWV".into()),
            _ => {}
        }
        sleutel
            .onderteken(&c)
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn upload(&self, rol: Rol, form: Form) -> Response {
        self.client
            .post(format!("{}/api/v1/leveringen", self.basis))
            .bearer_auth(self.token(rol))
            .multipart(form)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// A web session (development login) as `rol`: the cookie and the form's CSRF token.
    fn web_sessie(&self, rol: &str) -> (String, String) {
        self.web_sessie_met(&[("rol", rol)])
    }

    /// A web session of the development login with these form fields, and its CSRF token.
    fn web_sessie_met(&self, velden: &[(&str, &str)]) -> (String, String) {
        let r = self
            .client
            .post(format!("{}/login", self.basis))
            .form(velden)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        let cookie = r
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|c| c.split(';').next())
            .unwrap_or_default()
            .to_string();
        let html = self
            .client
            .get(format!("{}/leveringen", self.basis))
            .header("cookie", &cookie)
            .send()
            .and_then(Response::text)
            .unwrap_or_default();
        let csrf = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|x| x.split('"').next())
            .unwrap_or_default()
            .to_string();
        (cookie, csrf)
    }

    fn web_upload(&self, cookie: &str, form: Form) -> (StatusCode, String) {
        let r = self
            .client
            .post(format!("{}/leveringen", self.basis))
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        (r.status(), r.text().unwrap_or_default())
    }
}

/// The `n`-th valid BSN from 100000000 upward, by the elfproef worked out here:
/// 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11).
fn bsns(n: usize) -> Vec<String> {
    (10_000_000u64..)
        .filter_map(|basis| {
            let cijfers: Vec<u64> = format!("{basis:08}")
                .bytes()
                .map(|b| u64::from(b - b'0'))
                .collect();
            let som: u64 = cijfers.iter().zip((2..=9).rev()).map(|(d, w)| d * w).sum();
            let laatste = som % 11;
            (laatste < 10).then(|| format!("{basis:08}{laatste}"))
        })
        .take(n)
        .collect()
}

fn upload_form(soort: &str, kenmerk: &str, inhoud: Vec<u8>) -> Form {
    Form::new()
        .text("bron", "UWV")
        .text("soort", soort.to_string())
        .text("kenmerk", kenmerk.to_string())
        .part(
            "bestand",
            Part::bytes(inhoud).file_name(format!("{soort}.csv")),
        )
}

// ---------------------------------------------------------------------------------------------
// Finding 4 / build item 1: deliveries of real size, and the configured maximum

#[test]
fn polislevering_groter_dan_2_mb_wordt_via_de_api_toegepast() {
    let s = server(|_| {});
    // 36,000 rows of 76 bytes (two lhn columns and a soort): 2.6 MiB, over axum's 2 MB default
    let rijen = 36_000;
    let mut csv = String::from(
        "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren;soort\n",
    );
    for bsn in bsns(rijen) {
        csv.push_str(&format!(
            "{bsn};999990019L01;999990019L01;2026-01-01;2026-01-31;100.00;REGULIER\n"
        ));
    }
    assert!(csv.len() > 2 * 1024 * 1024 + 500_000, "{}", csv.len());
    let r = s.upload(Rol::Bron, upload_form("polis", "GROOT-1", csv.into_bytes()));
    assert_eq!(r.status(), StatusCode::CREATED);
    let rapport: Value = r.json().unwrap_or_default();
    assert_eq!(rapport["status"], "TOEGEPAST", "{rapport}");
    assert_eq!(rapport["rijen_gelezen"], json!(rijen));
    assert_eq!(rapport["rijen_toegepast"], json!(rijen));
}

#[test]
fn levering_boven_de_ingestelde_grens_geeft_413_met_de_grens() {
    let s = server(|g| g.max_levering_bytes = 64 * 1024);
    let te_groot = vec![b'x'; 200 * 1024];
    // with a Content-Length: counted while streaming, the rest read away, then the answer
    let r = s.upload(Rol::Bron, upload_form("polis", "TG-1", te_groot.clone()));
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    let p: Value = r.json().unwrap_or_default();
    assert_eq!(p["status"], 413);
    assert_eq!(
        p["detail"],
        "Het bestand is groter dan de toegestane 64 kB."
    );
    // chunked, without a Content-Length: the same answer from the byte count
    let stroom = Part::reader(std::io::Cursor::new(te_groot)).file_name("polis.csv");
    let form = Form::new()
        .text("bron", "UWV")
        .text("soort", "polis")
        .text("kenmerk", "TG-2")
        .part("bestand", stroom);
    let r = s.upload(Rol::Bron, form);
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let p: Value = r.json().unwrap_or_default();
    assert_eq!(
        p["detail"],
        "Het bestand is groter dan de toegestane 64 kB."
    );
    // a file of exactly the limit is read (and rejected by the import, not by the limit)
    let precies = vec![b'x'; 64 * 1024];
    let r = s.upload(Rol::Bron, upload_form("polis", "TG-3", precies));
    assert_ne!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // the page: the same limit, as a message on the page
    let (cookie, csrf) = s.web_sessie("uwv");
    let form = upload_form("polis", "TG-WEB", vec![b'x'; 200 * 1024]).text("csrf", csrf);
    let (st, html) = s.web_upload(&cookie, form);
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        html.contains("Het bestand is groter dan de toegestane 64 kB."),
        "{html}"
    );
    assert!(html.contains("data-max-bytes=\"65536\""), "{html}");
}

#[test]
fn webpagina_bewaart_de_formulierwaarden_na_een_fout() {
    let s = server(|_| {});
    let (cookie, csrf) = s.web_sessie("uwv");
    // gemeentecode "12" is invalid: the page answers 400 and shows the values again
    let form = Form::new()
        .text("csrf", csrf)
        .text("bron", "UWV")
        .text("soort", "polis")
        .text("kenmerk", "BEWAARD-7")
        .text("modus", "accept-valid")
        .text("gemeentecode", "12")
        .part("bestand", Part::bytes(b"bsn\n".to_vec()).file_name("p.csv"));
    let (st, html) = s.web_upload(&cookie, form);
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("value=\"BEWAARD-7\""), "{html}");
    assert!(html.contains("<option selected>polis</option>"), "{html}");
    assert!(
        html.contains("<option value=\"accept-valid\" selected>"),
        "{html}"
    );
    assert!(html.contains("id=\"gemeentecode\" name=\"gemeentecode\" value=\"12\""));
    assert!(html.contains("gemeentecode moet 4 cijfers zijn"), "{html}");
    // the progress script is served from this server (CSP 'self') and the page refers to it
    assert!(html.contains("<script src=\"/static/levering.js\" defer></script>"));
    assert!(html.contains("<progress id=\"uploadvoortgang\""));
    let js = s
        .client
        .get(format!("{}/static/levering.js", s.basis))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(js.status(), StatusCode::OK);
    assert!(
        js.text()
            .unwrap_or_default()
            .contains("upload.addEventListener(\"progress\"")
    );
}

// ---------------------------------------------------------------------------------------------
// Finding 5: an empty optional field is absent

#[test]
fn lege_gemeentecode_van_uwv_telt_als_afwezig_via_api_en_web() {
    let s = server(|_| {});
    let csv =
        |bsn: &str| format!("bsn;grondslag;mutatie;ingangsdatum\n{bsn};WAJONG;OPVOER;2018-01-01\n");
    let nummers = bsns(2);
    let form = upload_form("registraties", "LEEG-API", csv(&nummers[0]).into_bytes())
        .text("gemeentecode", "")
        .text("modus", "");
    let r = s.upload(Rol::Uwv, form);
    assert_eq!(r.status(), StatusCode::CREATED);
    let rapport: Value = r.json().unwrap_or_default();
    assert_eq!(rapport["status"], "TOEGEPAST", "{rapport}");
    let (cookie, csrf) = s.web_sessie("uwv");
    let form = upload_form("registraties", "LEEG-WEB", csv(&nummers[1]).into_bytes())
        .text("csrf", csrf)
        .text("gemeentecode", "")
        .text("modus", "strict");
    let (st, html) = s.web_upload(&cookie, form);
    assert_eq!(st, StatusCode::OK, "{html}");
    // the status by its name on the page (issue #12), TOEGEPAST in the API
    assert!(html.contains("<strong>verwerkt</strong>"), "{html}");
}

// ---------------------------------------------------------------------------------------------
// Finding 8 / build item 5: error bodies are our own words

fn aanvraag(
    s: &Server,
    pad: &str,
    rol: Rol,
    soort: &str,
    body: &str,
) -> (StatusCode, String, String) {
    let r = s
        .client
        .post(format!("{}{pad}", s.basis))
        .bearer_auth(s.token(rol))
        .header("content-type", soort)
        .body(body.to_string())
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let st = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (st, ct, r.text().unwrap_or_default())
}

/// A malformed request: path, content type, body, the expected status and the invalid
/// parameter's name and code.
type Geval<'a> = (
    &'a str,
    &'a str,
    String,
    StatusCode,
    Option<(&'a str, &'a str)>,
);

#[test]
fn foutantwoorden_herhalen_geen_ingevoerde_bsn() {
    let s = server(|_| {});
    let zoek = "/api/v1/doelgroepregistraties/_zoek";
    let werknemers = "/api/v1/werknemersoverzichten";
    let voordelen = "/api/v1/werkgeversvoordelen/_zoek";
    let json = "application/json";
    // (path, content type, body, status, the invalid parameter's name and code)
    let gevallen: Vec<Geval> = vec![
        // a number where a string belongs: serde's message quoted the number
        (
            zoek,
            json,
            format!("{{\"bsn\": {BSN}}}"),
            StatusCode::BAD_REQUEST,
            Some(("bsn", "type")),
        ),
        (
            werknemers,
            json,
            format!("{{\"loonheffingennummers\": [{BSN}]}}"),
            StatusCode::BAD_REQUEST,
            Some(("loonheffingennummers[0]", "type")),
        ),
        (
            voordelen,
            json,
            format!("{{\"bsn\": {BSN}, \"ingangsdatum_dienstverband\": \"2026-01-01\"}}"),
            StatusCode::BAD_REQUEST,
            Some(("bsn", "type")),
        ),
        (
            zoek,
            json,
            format!("{{\"bsn\": {{\"{BSN}\": true}}}}"),
            StatusCode::BAD_REQUEST,
            Some(("bsn", "type")),
        ),
        // an unknown field named by the input
        (
            zoek,
            json,
            format!("{{\"bsn\": \"x\", \"{BSN}\": 1}}"),
            StatusCode::BAD_REQUEST,
            Some(("body", "onbekend")),
        ),
        // a syntax error (the body ends) and trailing characters, right after the digits
        (
            zoek,
            json,
            format!("{{\"bsn\": \"{BSN}\""),
            StatusCode::BAD_REQUEST,
            Some(("body", "syntaxis")),
        ),
        (
            zoek,
            json,
            format!("{{\"bsn\": \"{BSN}\"}} {BSN}"),
            StatusCode::BAD_REQUEST,
            Some(("body", "syntaxis")),
        ),
        // a missing field is named by our own name
        (
            zoek,
            json,
            format!("{{\"peildatum\": null, \"x{BSN}\": 0}}"),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            zoek,
            json,
            "{}".to_string(),
            StatusCode::BAD_REQUEST,
            Some(("bsn", "verplicht")),
        ),
        // another media type
        (
            zoek,
            "text/plain",
            format!("{{\"bsn\": \"{BSN}\"}}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            None,
        ),
        // over the 64 kB of a JSON body
        (
            zoek,
            json,
            format!("{{\"bsn\": \"{}\"}}", BSN.repeat(10_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
        ),
    ];
    for (pad, soort, body, status, param) in gevallen {
        let (st, ct, antwoord) = aanvraag(&s, pad, Rol::Werkgever, soort, &body);
        assert_eq!(st, status, "{body} → {antwoord}");
        assert_eq!(ct, "application/problem+json", "{body}");
        assert!(!antwoord.contains(BSN), "{body} → {antwoord}");
        let p: Value = serde_json::from_str(&antwoord).unwrap_or_default();
        assert_eq!(
            p["type"],
            format!(
                "https://doelgroepregister.invalid/problemen/{}",
                status.as_u16()
            ),
            "{antwoord}"
        );
        if let Some((naam, code)) = param {
            assert_eq!(p["invalidParams"][0]["name"], naam, "{body} → {antwoord}");
            assert_eq!(p["invalidParams"][0]["code"], code, "{body} → {antwoord}");
        }
    }
    // query parameters
    let r = s
        .client
        .get(format!(
            "{}/api/v1/rapportages/banenmonitor?jaar=x{BSN}",
            s.basis
        ))
        .bearer_auth(s.token(Rol::Analist))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let tekst = r.text().unwrap_or_default();
    assert!(!tekst.contains(BSN), "{tekst}");
    assert!(tekst.contains("\"name\":\"jaar\""), "{tekst}");
    // multipart: an unknown field named by the input, and a value that is no bron
    let form = upload_form("polis", "M-1", b"bsn\n".to_vec()).text(BSN, "1");
    let r = s.upload(Rol::Uwv, form);
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let tekst = r.text().unwrap_or_default();
    assert!(!tekst.contains(BSN), "{tekst}");
    let form = Form::new()
        .text("bron", BSN)
        .text("soort", "polis")
        .text("kenmerk", "M-2")
        .part("bestand", Part::bytes(b"bsn\n".to_vec()).file_name("p.csv"));
    let r = s.upload(Rol::Uwv, form);
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let tekst = r.text().unwrap_or_default();
    assert!(!tekst.contains(BSN), "{tekst}");
    assert!(tekst.contains("onbekende bron"), "{tekst}");
}

// ---------------------------------------------------------------------------------------------
// Finding 9 / build item 6: timeouts and the connection limit

/// Reads until the server closes the connection (EOF or reset), at most `deadline` in all; true
/// when it closed. The deadline only bounds the wait: nothing about durations is asserted.
fn wordt_gesloten(tcp: &mut TcpStream, deadline: Duration) -> bool {
    let _ = tcp.set_read_timeout(Some(deadline));
    let mut buf = [0u8; 4096];
    loop {
        match tcp.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn gezondheidscheck_antwoordt_terwijl_meer_verbindingen_dan_de_grens_openstaan() {
    // timeouts far beyond the test, so only the limit can close connections
    let s = server(|g| {
        g.max_verbindingen = 64;
        g.kop_timeout = Duration::from_secs(600);
    });
    let mut open: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&s.adres).unwrap_or_else(|e| unreachable!("{e}")))
        .collect();
    let r = s
        .client
        .get(format!("{}/api/v1/health/live", s.basis))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
    // the limit held: of 200 idle connections (and the health check's) at most 64 stay open,
    // so the server closed at least 200 + 1 − 64 = 137 of them (all of ours, perhaps minus the
    // health check's own one)
    let mut gesloten = 0;
    for tcp in &mut open {
        let _ = tcp.set_nonblocking(false);
        let _ = tcp.set_read_timeout(Some(Duration::from_millis(1)));
    }
    // closing is asynchronous: look again until enough are closed or a generous wait is over
    for _ in 0..600 {
        open.retain_mut(|tcp| {
            let mut buf = [0u8; 16];
            match tcp.read(&mut buf) {
                Ok(0) => {
                    gesloten += 1;
                    false
                }
                Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                    gesloten += 1;
                    false
                }
                _ => true,
            }
        });
        if gesloten >= 136 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(gesloten >= 136, "{gesloten} van 200 gesloten");
    // and the server still answers with 64 idle connections open
    let r = s
        .client
        .get(format!("{}/api/v1/health/live", s.basis))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
}

#[test]
fn half_verzonden_headers_worden_na_de_kop_timeout_gesloten() {
    let s = server(|g| g.kop_timeout = Duration::from_secs(1));
    let mut tcp = TcpStream::connect(&s.adres).unwrap_or_else(|e| unreachable!("{e}"));
    tcp.write_all(b"GET /api/v1/health/live HTTP/1.1\r\nHost: dgr\r\nX-Traag: ")
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(wordt_gesloten(&mut tcp, Duration::from_secs(60)));
}

#[test]
fn ongebruikte_keep_alive_verbinding_wordt_gesloten() {
    let s = server(|g| g.kop_timeout = Duration::from_secs(1));
    let mut tcp = TcpStream::connect(&s.adres).unwrap_or_else(|e| unreachable!("{e}"));
    tcp.write_all(b"GET /api/v1/health/live HTTP/1.1\r\nHost: dgr\r\n\r\n")
        .unwrap_or_else(|e| unreachable!("{e}"));
    // the whole answer (headers and the Content-Length body), on a connection kept alive
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(60)));
    let mut ontvangen = Vec::new();
    let mut buf = [0u8; 4096];
    let compleet = |v: &[u8]| {
        let tekst = String::from_utf8_lossy(v);
        let Some((kop, body)) = tekst.split_once("\r\n\r\n") else {
            return false;
        };
        let lengte = kop
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|n| n.trim().parse::<usize>().unwrap_or(0))
            })
            .unwrap_or(0);
        body.len() >= lengte
    };
    while !compleet(&ontvangen) {
        match tcp.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => ontvangen.extend_from_slice(buf.get(..n).unwrap_or_default()),
            Err(e) => unreachable!("{e}"),
        }
    }
    let tekst = String::from_utf8_lossy(&ontvangen);
    assert!(tekst.starts_with("HTTP/1.1 200"), "{tekst}");
    assert!(
        !tekst.to_ascii_lowercase().contains("connection: close"),
        "{tekst}"
    );
    // then nothing: the server closes the idle connection
    assert!(wordt_gesloten(&mut tcp, Duration::from_secs(60)));
}

/// Sends `verzoek` and reads the answer's status line, waiting at most a generous minute.
fn statusregel_na(adres: &str, verzoek: &[u8]) -> String {
    let mut tcp = TcpStream::connect(adres).unwrap_or_else(|e| unreachable!("{e}"));
    tcp.write_all(verzoek)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(60)));
    let mut ontvangen = Vec::new();
    let mut buf = [0u8; 1024];
    while !ontvangen.windows(2).any(|w| w == b"\r\n") {
        match tcp.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => ontvangen.extend_from_slice(buf.get(..n).unwrap_or_default()),
        }
    }
    String::from_utf8_lossy(&ontvangen)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn een_body_die_niet_komt_geeft_408_op_webpaginas_en_uploads() {
    // headers complete, body promised and never sent: only the route timeouts end it
    let s = server(|g| {
        g.verzoek_timeout = Duration::from_secs(1);
        g.upload_timeout = Duration::from_secs(1);
    });
    let web = "POST /login HTTP/1.1\r\nHost: dgr\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nrol=uwv";
    assert_eq!(
        statusregel_na(&s.adres, web.as_bytes()),
        "HTTP/1.1 408 Request Timeout"
    );
    let upload = format!(
        "POST /api/v1/leveringen HTTP/1.1\r\nHost: dgr\r\nAuthorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=grens\r\nContent-Length: 100000\r\n\r\n--grens\r\nContent-Disposition: form-data; name=\"bron\"\r\n\r\nUWV\r\n",
        s.token(Rol::Bron)
    );
    assert_eq!(
        statusregel_na(&s.adres, upload.as_bytes()),
        "HTTP/1.1 408 Request Timeout"
    );
}

#[test]
fn rol_die_niet_levert_wordt_geweigerd_voordat_het_bestand_gelezen_wordt() {
    // a file over the limit (and over axum's old 2 MB): a 403, not a 413, shows the role was
    // refused before the file was read (a werkgever delivers its own eenheden and personeel,
    // R-42, so the analist is the role that delivers nothing)
    let s = server(|g| g.max_levering_bytes = 64 * 1024);
    let r = s.upload(
        Rol::Analist,
        upload_form("polis", "W-1", vec![b'x'; 3 * 1024 * 1024]),
    );
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // a werkgever's polis is refused once the form is read
    let r = s.upload(
        Rol::Werkgever,
        upload_form("polis", "W-3", b"bsn\n".to_vec()),
    );
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (cookie, _) = s.web_sessie("analist");
    let (st, html) = s.web_upload(
        &cookie,
        upload_form("polis", "W-2", vec![b'x'; 3 * 1024 * 1024]),
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert!(!html.contains("<h2>Leveringen</h2>"), "{html}");
}

/// Issue #11: a werkgever delivers its organisation's units on the deliveries page (bron
/// WERKGEVER and its fiscaal nummer filled in) and sees only its own deliveries there.
#[test]
fn werkgever_levert_eenheden_via_de_webpagina() {
    let s = server(|_| {});
    let (cookie, csrf) = s.web_sessie_met(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "123456782L01"),
        ("organisatie", "Rechtspraak"),
    ]);
    // a UWV delivery the werkgever must not see
    let (uwv, uwv_csrf) = s.web_sessie("uwv");
    let goed = "bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2018-01-01\n";
    let (st, _) = s.web_upload(
        &uwv,
        upload_form("registraties", "UWV-ZICHTBAAR", goed.as_bytes().to_vec())
            .text("csrf", uwv_csrf),
    );
    assert_eq!(st, StatusCode::OK);
    let form = Form::new()
        .text("csrf", csrf)
        .text("bron", "WERKGEVER")
        .text("soort", "eenheden")
        .text("kenmerk", "BOOM-1")
        .text("fiscaal_nummer", "123456782")
        .part(
            "bestand",
            Part::bytes(
                b"code;naam;bovenliggend;geldig_vanaf\nRSP;Rechtspraak;;2025-01-01\n".to_vec(),
            )
            .file_name("eenheden.csv"),
        );
    let (st, html) = s.web_upload(&cookie, form);
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(html.contains("BOOM-1"), "{html}");
    assert!(html.contains("value=\"123456782\""), "{html}");
    assert!(!html.contains("UWV-ZICHTBAAR"), "{html}");
}

/// A server state on a fresh register with `lezers` readers, and a runtime of two workers to
/// drive it (the folder must outlive both).
fn staat_met_lezers(
    lezers: usize,
) -> (
    tempfile::TempDir,
    tokio::runtime::Runtime,
    dgr_server::Staat,
) {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let db = dgr_store::Database::Sqlite(map.path().join("lezers.db"));
    let mut inst = gemeen::instellingen(db, map.path(), dgr_register::tijd::Klok::echt());
    inst.lezers = Some(lezers);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let staat = rt
        .block_on(
            async move { tokio::task::spawn_blocking(move || dgr_server::Staat::new(inst)).await },
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
        .unwrap_or_else(|e| unreachable!("{e:?}"));
    (map, rt, staat)
}

/// A short read never waits behind a long one while another reader comes free (issue #13).
/// Two readers: a long task (2 s, a report) takes one, a task of 0.3 s the other, then a short
/// read asks. It gets the second reader as soon as that is free, so it runs while the long task
/// still has the first. (Before, a task that found no reader free waited on the lock of the
/// reader next in turn: here the long task's, 2 s.)
#[test]
fn korte_lezing_wacht_niet_op_een_lange() {
    use dgr_server::register::blokkerend;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let (_map, rt, staat) = staat_met_lezers(2);
    let tijdens_lange = rt.block_on(async move {
        let lang_klaar = Arc::new(AtomicBool::new(false));
        let (s, klaar) = (staat.clone(), Arc::clone(&lang_klaar));
        let lang = tokio::spawn(async move {
            blokkerend(&s, move |_| {
                std::thread::sleep(Duration::from_secs(2));
                klaar.store(true, Ordering::SeqCst);
                Ok(())
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        let s = staat.clone();
        let middel = tokio::spawn(async move {
            blokkerend(&s, |_| {
                std::thread::sleep(Duration::from_millis(300));
                Ok(())
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        let klaar = Arc::clone(&lang_klaar);
        let tijdens = blokkerend(&staat, move |_| Ok(!klaar.load(Ordering::SeqCst)))
            .await
            .unwrap_or_else(|e| unreachable!("{e:?}"));
        for taak in [lang, middel] {
            taak.await
                .unwrap_or_else(|e| unreachable!("{e}"))
                .unwrap_or_else(|e| unreachable!("{e:?}"));
        }
        tijdens
    });
    assert!(
        tijdens_lange,
        "de korte lezing wachtte op de lezer van de lange"
    );
}

/// A reader whose task panicked serves the requests after it: with one reader, the panic is
/// that request's error (500) and the next long and short reads get the same reader again.
#[test]
fn lezer_na_een_paniek_weer_bruikbaar() {
    use dgr_server::register::{blokkerend, kort_lezen};

    let (_map, rt, staat) = staat_met_lezers(1);
    let (paniek, lang, kort) = rt.block_on(async move {
        let paniek = blokkerend(&staat, |_| -> Result<(), dgr_server::fout::ApiFout> {
            unreachable!("opzettelijke paniek in een lezing")
        })
        .await;
        let lang = blokkerend(&staat, |r| Ok(r.klok().vandaag())).await;
        let kort = kort_lezen(&staat, |r| Ok(r.klok().vandaag())).await;
        (paniek, lang, kort)
    });
    assert!(paniek.is_err());
    assert!(lang.is_ok(), "{lang:?}");
    assert!(kort.is_ok(), "{kort:?}");
}
