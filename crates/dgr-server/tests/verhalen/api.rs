// The API and the web pages over real HTTP, included once per backend by `tests/api.rs`
// (which defines `nieuwe_database()`).


use std::path::Path;

use dgr_store::testhulp::Testdatabase;

use super::gemeen;

use dgr_register::tijd::{Klok, parse_tijdstip};
use dgr_server::Instellingen;
use dgr_server::auth::Claims;
use dgr_server::identiteit::Rol;
use dgr_server::sleutels::{ONTWIKKEL_ISSUER, Ontwikkelsleutel};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};


struct Server {
    basis: String,
    map: tempfile::TempDir,
    db: Testdatabase,
    _stop: tokio::sync::oneshot::Sender<()>,
    client: Client,
    /// The register's clock (the fixture's deliveries, the server's "now" and "today").
    klok: Klok,
}

/// The instant the tests' register clock starts at: 20 November 2026, noon in Amsterdam. The
/// fixture's polis row of August 2026 is then within the last 3 months (a current employer,
/// R-15), a bezwaar lodged on 12 November 2026 is not in the future, and 2026 is the current
/// (provisional) quota year — whatever day the suite runs on (issue #9 finding 0).
const TESTNU: &str = "2026-11-20T12:00:00+01:00";

/// A register clock standing at `tijdstip` now and running on from there.
fn klok_op(tijdstip: &str) -> Klok {
    Klok::vanaf(parse_tijdstip(tijdstip).unwrap_or_else(|e| unreachable!("{e}")))
}

const REGISTRATIES: &str = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2016-01-01\n123456782;PW_IBA;OPVOER;2017-01-01\n";
const PERSONEN: &str =
    "bsn;geboortedatum;woongemeente\n111222333;1980-01-01;0363\n123456782;1985-01-01;0344\n";
const POLIS: &str = "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;999990019L01;2026-08-01;2026-08-31;100\n";
const WERKGEVERSUREN: &str = "loonheffingennummer;jaar;verloonde_uren_totaal;aantal_werknemers\n999990019L01;2026;100000;50\n";

fn vul(db: &dgr_store::Database, klok: Klok) {
    let mut r =
        dgr_register::Register::open_database(db, klok)
            .unwrap_or_else(|e| unreachable!("{e}"));
    for (soort, bron, kenmerk, inhoud) in [
        (
            dgr_core::LeveringSoort::Personen,
            dgr_core::Bron::Brp,
            "P",
            PERSONEN,
        ),
        (
            dgr_core::LeveringSoort::Registraties,
            dgr_core::Bron::Uwv,
            "R",
            REGISTRATIES,
        ),
        (
            dgr_core::LeveringSoort::Polis,
            dgr_core::Bron::Uwv,
            "POLIS",
            POLIS,
        ),
        (
            dgr_core::LeveringSoort::Werkgeversuren,
            dgr_core::Bron::Uwv,
            "UREN",
            WERKGEVERSUREN,
        ),
    ] {
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
        let _ = r
            .importeer(&a, &mut |_, _| {})
            .unwrap_or_else(|e| unreachable!("{e}"));
    }
}

fn server_met(limiet: u64) -> Server {
    server_instellingen(|i| i.limiet_per_dag = limiet)
}

fn server_instellingen(aanpassen: impl FnOnce(&mut Instellingen)) -> Server {
    server_gevuld(aanpassen, |_, _| {})
}

/// A server on the fixture plus what `extra` delivers before it starts (e.g.
/// [`vul_organisatie`]).
fn server_gevuld(
    aanpassen: impl FnOnce(&mut Instellingen),
    extra: impl FnOnce(&dgr_store::Database, Klok),
) -> Server {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let db = nieuwe_database();
    // one clock for the fixture and the server: the deliveries are recorded on it, and known
    // to the server's "now" that runs on from there
    let klok = klok_op(TESTNU);
    vul(&db.database, klok);
    extra(&db.database, klok);
    // the development key exists before the server and the test both use it
    let _ = Ontwikkelsleutel::laad_of_maak(map.path());
    let mut inst = gemeen::instellingen(db.database.clone(), map.path(), klok);
    aanpassen(&mut inst);
    let klok = inst.klok;
    let (adres, stop) = gemeen::draai(inst);
    Server {
        basis: format!("http://{adres}"),
        map,
        db,
        _stop: stop,
        client: Client::new(),
        klok,
    }
}

fn server() -> Server {
    server_met(1_000)
}

impl Server {
    fn token(&self, rol: Rol, aanpassen: impl FnOnce(&mut Claims)) -> String {
        let sleutel =
            Ontwikkelsleutel::laad_of_maak(self.map.path()).unwrap_or_else(|e| unreachable!("{e}"));
        let nu = chrono::Utc::now().timestamp() as u64;
        let mut c = Claims {
            sub: format!("test-{}", rol.naam()),
            rol: rol.naam().into(),
            iss: ONTWIKKEL_ISSUER.into(),
            aud: "doelgroepregister".into(),
            exp: nu + 600,
            nbf: Some(nu - 5),
            ..Claims::default()
        };
        match rol {
            Rol::Burger => c.bsn = Some("111222333".into()),
            Rol::Werkgever => {
                c.loonheffingennummers = vec!["999990019L01".into()];
                c.organisatie = Some("Bakkerij Test".into());
            }
            Rol::Gemeente => c.gemeentecode = Some("0363".into()),
            Rol::Bron => c.bron = Some("UWV".into()),
            _ => {}
        }
        aanpassen(&mut c);
        sleutel
            .onderteken(&c)
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn rol(&self, rol: Rol) -> String {
        self.token(rol, |_| {})
    }

    fn post(
        &self,
        pad: &str,
        token: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value, reqwest::header::HeaderMap) {
        let mut r = self.client.post(format!("{}{pad}", self.basis)).json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let antwoord = r.send().unwrap_or_else(|e| unreachable!("{e}"));
        let (status, headers) = (antwoord.status(), antwoord.headers().clone());
        (status, antwoord.json().unwrap_or(Value::Null), headers)
    }

    fn get(&self, pad: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut r = self.client.get(format!("{}{pad}", self.basis));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let antwoord = r.send().unwrap_or_else(|e| unreachable!("{e}"));
        let status = antwoord.status();
        (status, antwoord.json().unwrap_or(Value::Null))
    }

    fn sql(&self, query: &str) -> Vec<String> {
        dgr_store::testhulp::vraag_tekst(&self.db.database, query)
            .unwrap_or_else(|e| unreachable!("{e}"))
    }
}

#[test]
fn zoeken_per_rol() {
    let s = server();
    let vraag = json!({"bsn": "111222333", "peildatum": "2026-06-30"});
    // werkgever: yes/no and nothing else
    let (st, body, h) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Werkgever)),
        vraag.clone(),
    );
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        body,
        json!({"inDoelgroepregister": true, "peildatum": "2026-06-30"})
    );
    assert_eq!(
        h.get("api-version").and_then(|v| v.to_str().ok()),
        Some("1.0.0")
    );
    // uwv: details; gemeente 0363: the person lives there -> details; gemeente 0344: yes/no
    let (_, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Uwv)),
        vraag.clone(),
    );
    assert_eq!(body["registraties"][0]["grondslag"], "WAJONG");
    let (_, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Gemeente)),
        vraag.clone(),
    );
    assert!(body["registraties"].is_array());
    let utrecht = s.token(Rol::Gemeente, |c| c.gemeentecode = Some("0344".into()));
    let (_, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&utrecht),
        vraag.clone(),
    );
    assert!(body.get("registraties").is_none());
    // burger: own BSN yes, another 403
    let (st, _, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Burger)),
        vraag.clone(),
    );
    assert_eq!(st, StatusCode::OK);
    let (st, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Burger)),
        json!({"bsn": "123456782"}),
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert!(body.get("inDoelgroepregister").is_none());
    // roles without access: 403; no token: 401
    for rol in [
        Rol::Wsp,
        Rol::Analist,
        Rol::Belastingdienst,
        Rol::Bron,
        Rol::Beheer,
    ] {
        let (st, _, _) = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&s.rol(rol)),
            vraag.clone(),
        );
        assert_eq!(st, StatusCode::FORBIDDEN, "{rol:?}");
    }
    let (st, _, h) = s.post("/api/v1/doelgroepregistraties/_zoek", None, vraag.clone());
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert!(h.get("www-authenticate").is_some());
    // an invalid BSN: 400 with invalidParams, the value masked
    let (st, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Uwv)),
        json!({"bsn": "123456789"}),
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(body["invalidParams"][0]["name"], "bsn");
    assert!(!body.to_string().contains("123456789"));
}

#[test]
fn tokens_worden_echt_gecontroleerd() {
    let s = server();
    let vraag = json!({"bsn": "111222333"});
    for t in [
        s.token(Rol::Uwv, |c| c.exp = 1_000),
        s.token(Rol::Uwv, |c| c.aud = "iets-anders".into()),
        s.token(Rol::Uwv, |c| c.iss = "urn:vreemd".into()),
        s.token(Rol::Uwv, |c| {
            c.nbf = Some(chrono::Utc::now().timestamp() as u64 + 3_600)
        }),
        s.token(Rol::Uwv, |c| c.rol = "koning".into()),
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.".to_string(),
    ] {
        let (st, _, _) = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&t),
            vraag.clone(),
        );
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
    // a token signed by another key (another data folder) is refused too
    let ander = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let vreemd = Ontwikkelsleutel::laad_of_maak(ander.path())
        .and_then(|k| {
            k.onderteken(&Claims {
                sub: "x".into(),
                rol: "uwv".into(),
                iss: ONTWIKKEL_ISSUER.into(),
                aud: "doelgroepregister".into(),
                exp: chrono::Utc::now().timestamp() as u64 + 600,
                ..Claims::default()
            })
        })
        .unwrap_or_default();
    let (st, _, _) = s.post("/api/v1/doelgroepregistraties/_zoek", Some(&vreemd), vraag);
    assert_eq!(st, StatusCode::UNAUTHORIZED);
}

#[test]
fn elk_endpoint_maal_elke_rol() {
    let s = server();
    // (method, path, body) -> the roles that get 2xx; everyone else 403
    type Geval = (&'static str, &'static str, Option<Value>, &'static [Rol]);
    let gevallen: Vec<Geval> = vec![
        (
            "POST",
            "/api/v1/werknemersoverzichten",
            Some(json!({"loonheffingennummers": ["999990019L01"], "peildatum": "2026-09-30"})),
            &[Rol::Werkgever],
        ),
        (
            "POST",
            "/api/v1/werkgeversvoordelen/_zoek",
            Some(json!({"bsn": "111222333", "ingangsdatum_dienstverband": "2026-02-01"})),
            &[Rol::Werkgever],
        ),
        ("GET", "/api/v1/mijn/registraties", None, &[Rol::Burger]),
        ("GET", "/api/v1/mijn/verwerkingen", None, &[Rol::Burger]),
        (
            "GET",
            "/api/v1/leveringen",
            None,
            &[Rol::Uwv, Rol::Beheer, Rol::Bron],
        ),
        (
            "GET",
            "/api/v1/leveringen/2",
            None,
            &[Rol::Uwv, Rol::Beheer, Rol::Bron],
        ),
        (
            "GET",
            "/api/v1/rapportages/banenmonitor?jaar=2025",
            None,
            &[Rol::Analist, Rol::Uwv],
        ),
        (
            "GET",
            "/api/v1/rapportages/trend?kwartaal=2026-K3",
            None,
            &[Rol::Analist, Rol::Uwv, Rol::Gemeente],
        ),
        (
            "GET",
            "/api/v1/rapportages/quotum?jaar=2025",
            None,
            &[Rol::Analist, Rol::Belastingdienst],
        ),
        (
            "GET",
            "/api/v1/rapportages/quotum?jaar=2025&fiscaal_nummer=999990019",
            None,
            &[Rol::Analist, Rol::Belastingdienst, Rol::Werkgever],
        ),
        ("GET", "/api/v1/signalen", None, &[Rol::Uwv]),
    ];
    for (methode, pad, body, toegestaan) in gevallen {
        for rol in Rol::ALLE {
            let t = s.rol(rol);
            let status = if methode == "POST" {
                s.post(pad, Some(&t), body.clone().unwrap_or(Value::Null)).0
            } else {
                s.get(pad, Some(&t)).0
            };
            if toegestaan.contains(&rol) {
                assert!(status.is_success(), "{methode} {pad} als {rol:?}: {status}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{methode} {pad} als {rol:?}");
            }
        }
        let zonder = if methode == "POST" {
            s.post(pad, None, body.clone().unwrap_or(Value::Null)).0
        } else {
            s.get(pad, None).0
        };
        assert_eq!(
            zonder,
            StatusCode::UNAUTHORIZED,
            "{methode} {pad} zonder token"
        );
    }
    // a foreign loonheffingennummer is a 403, not an empty list
    let (st, _, _) = s.post(
        "/api/v1/werknemersoverzichten",
        Some(&s.rol(Rol::Werkgever)),
        json!({"loonheffingennummers": ["111222333L01"]}),
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
}

#[test]
fn verwerkingenlogboek_en_trace() {
    let s = server();
    let ouder = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let antwoord = s
        .client
        .post(format!("{}/api/v1/doelgroepregistraties/_zoek", s.basis))
        .bearer_auth(s.rol(Rol::Werkgever))
        .header("traceparent", ouder)
        .json(&json!({"bsn": "111222333"}))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let terug = antwoord
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        terug.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"),
        "{terug}"
    );
    // one record, pseudonymised, with the caller's span as parent; the user is in the audit only
    let records = s.sql("SELECT trace_id || '|' || parent_span_id || '|' || processing_activity_id || '|' || data_subject_id FROM verwerkingen");
    assert_eq!(records.len(), 1);
    let delen: Vec<&str> = records[0].split('|').collect();
    assert_eq!(
        &delen[..3],
        &[
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            // issue #14: no purpose given = `werknemer`, the API's default
            "DGR-ZOEK-WERKNEMER"
        ]
    );
    assert_eq!(delen[3].len(), 64);
    assert_ne!(delen[3], "111222333");
    assert_eq!(
        s.sql("SELECT organisatie_naam FROM audit"),
        vec!["Bakkerij Test".to_string()]
    );
    // the citizen sees who looked
    let (st, body) = s.get("/api/v1/mijn/verwerkingen", Some(&s.rol(Rol::Burger)));
    assert_eq!(st, StatusCode::OK);
    assert!(body.as_array().is_some_and(|l| {
        l.iter()
            .any(|x| x["organisatie"] == "Bakkerij Test" && x["soort_organisatie"] == "werkgever")
    }));
    // with the purpose the employer gave (Wfsv art. 38d lid 7)
    assert!(
        body.as_array().is_some_and(|l| l.iter().any(|x| x["doel"]
            .as_str()
            .is_some_and(|d| d.contains("over een werknemer")))),
        "{body}"
    );
    // a purpose outside the three the law names is refused before anything is read
    let (st, _, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Werkgever)),
        json!({"bsn": "111222333", "doel": "nieuwsgierig"}),
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let (st, _, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Werkgever)),
        json!({"bsn": "111222333", "doel": "sollicitant"}),
    );
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        s.sql(
            "SELECT processing_activity_id FROM verwerkingen \
             WHERE naam = 'doelgroepregistraties_zoeken' ORDER BY id"
        ),
        vec!["DGR-ZOEK-WERKNEMER".to_string(), "DGR-ZOEK-SOLLICITANT".to_string()]
    );
    assert_eq!(
        s.sql("SELECT doel FROM audit WHERE handeling = 'doelgroepregistraties_zoeken' ORDER BY id"),
        vec!["werknemer".to_string(), "sollicitant".to_string()]
    );
    // and reads where a registration came from in plain words: UWV delivered it today on the
    // register's clock (the test database was filled just now), not "levering 1"
    let (st, body) = s.get("/api/v1/mijn/registraties", Some(&s.rol(Rol::Burger)));
    assert_eq!(st, StatusCode::OK);
    assert_eq!(body[0]["bron"], json!("UWV, aangeleverd op 20-11-2026"));
    // an overview of employees writes one record per employee under one trace
    let (st, body, _) = s.post(
        "/api/v1/werknemersoverzichten",
        Some(&s.rol(Rol::Werkgever)),
        json!({"loonheffingennummers": ["999990019L01"], "peildatum": "2026-09-30"}),
    );
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        body["werknemers"],
        json!([{"bsn": "111222333", "loonheffingennummer": "999990019L01"}])
    );
}

#[test]
fn geen_bsn_in_logboek_metrics_of_fouten() {
    let s = server();
    for bsn in ["111222333", "123456782", "123456789"] {
        let _ = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&s.rol(Rol::Werkgever)),
            json!({"bsn": bsn}),
        );
    }
    let metrics = s
        .client
        .get(format!("{}/metrics", s.basis))
        .send()
        .and_then(|r| r.text())
        .unwrap_or_default();
    assert!(metrics.contains("dgr_http_verzoeken_totaal"));
    // each of the three lookups waited for its commit (the registry is shared by the tests of
    // this process, so at least three)
    let gewacht: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("dgr_logboek_wacht_seconden_count "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_default();
    assert!(gewacht >= 3.0, "{metrics}");
    let mut alles = metrics;
    alles.push_str(
        &s.sql("SELECT trace_id || span_id || naam || data_subject_id FROM verwerkingen")
            .join("\n"),
    );
    alles.push_str(
        &s.sql("SELECT sub || rol || organisatie || handeling FROM audit")
            .join("\n"),
    );
    for bsn in ["111222333", "123456782", "123456789"] {
        assert!(!alles.contains(bsn), "{bsn} gelekt");
    }
}

#[test]
fn daglimiet_geeft_429() {
    let s = server_met(2);
    let t = s.rol(Rol::Werkgever);
    for _ in 0..2 {
        assert_eq!(
            s.post(
                "/api/v1/doelgroepregistraties/_zoek",
                Some(&t),
                json!({"bsn": "111222333"})
            )
            .0,
            StatusCode::OK
        );
    }
    let (st, _, h) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&t),
        json!({"bsn": "111222333"}),
    );
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert!(h.get("retry-after").is_some());
    // another employer is not affected
    let ander = s.token(Rol::Werkgever, |c| {
        c.loonheffingennummers = vec!["111222333L01".into()]
    });
    assert_eq!(
        s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&ander),
            json!({"bsn": "111222333"})
        )
        .0,
        StatusCode::OK
    );
}

#[test]
fn levering_uploaden() {
    let s = server();
    let form = |kenmerk: &str, inhoud: &str| {
        reqwest::blocking::multipart::Form::new()
            .text("bron", "UWV")
            .text("soort", "registraties")
            .text("kenmerk", kenmerk.to_string())
            .part(
                "bestand",
                reqwest::blocking::multipart::Part::bytes(inhoud.as_bytes().to_vec())
                    .file_name("r.csv"),
            )
    };
    let goed = "bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2018-01-01\n";
    let r = s
        .client
        .post(format!("{}/api/v1/leveringen", s.basis))
        .bearer_auth(s.rol(Rol::Bron))
        .multipart(form("U1", goed))
        .send();
    let r = r.unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::CREATED);
    let fout = "bsn;grondslag;mutatie;ingangsdatum\n123456789;WAJONG;OPVOER;2018-01-01\n";
    let r = s
        .client
        .post(format!("{}/api/v1/leveringen", s.basis))
        .bearer_auth(s.rol(Rol::Bron))
        .multipart(form("U2", fout))
        .send();
    let r = r.unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().unwrap_or_default();
    assert_eq!(body["rapport"]["fouten"][0]["regel"], 2);
    assert!(!body.to_string().contains("123456789"));
    // a GEMEENTE source may not deliver as UWV
    let gemeente = s.token(Rol::Bron, |c| c.bron = Some("GEMEENTE".into()));
    let r = s
        .client
        .post(format!("{}/api/v1/leveringen", s.basis))
        .bearer_auth(gemeente)
        .multipart(form("U3", goed))
        .send();
    assert_eq!(r.map(|x| x.status()).ok(), Some(StatusCode::FORBIDDEN));
    // the applied delivery wrote one processing record for its one person
    assert_eq!(
        s.sql("SELECT processing_activity_id FROM verwerkingen"),
        vec!["DGR-LEVERING".to_string()]
    );
}

#[test]
fn gezondheid_en_openapi_snapshot() {
    let s = server();
    assert_eq!(s.get("/api/v1/health/live", None).0, StatusCode::OK);
    assert_eq!(s.get("/api/v1/health/ready", None).0, StatusCode::OK);
    assert_eq!(s.get("/api/v1/bestaat-niet", None).0, StatusCode::NOT_FOUND);
    let (st, doc) = s.get("/api/v1/openapi.json", None);
    assert_eq!(st, StatusCode::OK);
    let pad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi.json");
    let nieuw = serde_json::to_string_pretty(&doc).unwrap_or_default();
    if std::env::var_os("DGR_SNAPSHOT_BIJWERKEN").is_some() {
        let _ = std::fs::write(&pad, &nieuw);
    }
    let vastgelegd = std::fs::read_to_string(&pad).unwrap_or_default();
    assert_eq!(
        nieuw.trim(),
        vastgelegd.trim(),
        "OpenAPI veranderd: bekijk het verschil en zet DGR_SNAPSHOT_BIJWERKEN=1"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// A token of an external identity provider signed with `sleutel`.
fn extern_token(sleutel: &Ontwikkelsleutel, iss: &str) -> String {
    let nu = chrono::Utc::now().timestamp() as u64;
    let c = Claims {
        sub: "medewerker-42".into(),
        rol: "uwv".into(),
        iss: iss.into(),
        aud: "doelgroepregister".into(),
        exp: nu + 600,
        nbf: Some(nu - 5),
        ..Claims::default()
    };
    sleutel.onderteken(&c).unwrap_or_default()
}

#[test]
fn jwks_uit_een_bestand_en_van_een_url() {
    let idp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let sleutel =
        Ontwikkelsleutel::laad_of_maak(idp.path()).unwrap_or_else(|e| unreachable!("{e}"));
    let jwks = sleutel.jwks();
    // the provider publishes its JWKS over HTTP
    let (adres_tx, adres_rx) = std::sync::mpsc::channel();
    let document = jwks.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| unreachable!("{e}"));
        rt.block_on(async move {
            let app = axum::Router::new().route(
                "/jwks.json",
                axum::routing::get(move || async move { axum::Json(document.clone()) }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap_or_else(|e| unreachable!("{e}"));
            let _ = adres_tx.send(
                listener
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            );
            let _ = axum::serve(listener, app).await;
        });
    });
    let url = format!("http://{}/jwks.json", adres_rx.recv().unwrap_or_default());
    let bestand = idp.path().join("jwks.json");
    let _ = std::fs::write(&bestand, jwks.to_string());
    for bron in [url, bestand.to_string_lossy().to_string()] {
        let s = server_instellingen(|i| {
            i.jwks = Some(bron.clone());
            i.issuer = Some("https://idp.test".into());
            i.ontwikkel_issuer = false;
        });
        let vraag = json!({"bsn": "111222333"});
        let (st, _, _) = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&extern_token(&sleutel, "https://idp.test")),
            vraag.clone(),
        );
        assert_eq!(st, StatusCode::OK, "{bron}");
        // the same key under another issuer, and development tokens, are refused
        let (st, _, _) = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&extern_token(&sleutel, "https://ander.test")),
            vraag.clone(),
        );
        assert_eq!(st, StatusCode::UNAUTHORIZED);
        let (st, _, _) = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&s.rol(Rol::Uwv)),
            vraag,
        );
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
}

/// A browser-like session: cookies by hand, no redirects followed.
struct Browser {
    client: Client,
    basis: String,
    cookie: Option<String>,
}

impl Browser {
    fn new(s: &Server) -> Browser {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| unreachable!("{e}"));
        Browser {
            client,
            basis: s.basis.clone(),
            cookie: None,
        }
    }

    fn login(&mut self, velden: &[(&str, &str)]) -> StatusCode {
        let r = self
            .client
            .post(format!("{}/login", self.basis))
            .form(velden)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        if let Some(c) = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()) {
            let waarde = c.split(';').next().unwrap_or_default().to_string();
            assert!(
                c.contains("HttpOnly") && c.contains("Secure") && c.contains("SameSite=Strict"),
                "{c}"
            );
            self.cookie = Some(waarde);
        }
        r.status()
    }

    fn get(&self, pad: &str) -> (StatusCode, String) {
        let mut r = self.client.get(format!("{}{pad}", self.basis));
        if let Some(c) = &self.cookie {
            r = r.header("cookie", c);
        }
        let a = r.send().unwrap_or_else(|e| unreachable!("{e}"));
        (a.status(), a.text().unwrap_or_default())
    }

    /// A form posted to `pad` with this browser's session cookie, not yet sent.
    fn formulier(&self, pad: &str, velden: &[(&str, &str)]) -> reqwest::blocking::RequestBuilder {
        let r = self
            .client
            .post(format!("{}{pad}", self.basis))
            .form(velden);
        match &self.cookie {
            Some(c) => r.header("cookie", c),
            None => r,
        }
    }

    fn post(&self, pad: &str, velden: &[(&str, &str)]) -> (StatusCode, String) {
        let a = self
            .formulier(pad, velden)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        (a.status(), a.text().unwrap_or_default())
    }

    /// As [`Browser::post`] for a body the server refuses by its length alone: the status, or
    /// `None` when the connection was cut while the body was still being sent. The server
    /// answers 413 as soon as it reads the length and closes the connection without reading
    /// the rest; a client still sending a large body may then see the connection reset before
    /// it reads that answer (a browser too). Either way nothing was accepted.
    fn post_te_groot(&self, pad: &str, velden: &[(&str, &str)]) -> Option<StatusCode> {
        match self.formulier(pad, velden).send() {
            Ok(a) => Some(a.status()),
            Err(e) if e.is_request() => None,
            Err(e) => unreachable!("{e}"),
        }
    }

    fn csrf(&self, pad: &str) -> String {
        let (_, html) = self.get(pad);
        html.split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|x| x.split('"').next())
            .unwrap_or_default()
            .to_string()
    }
}

#[test]
fn webpaginas_per_rol_met_logboek_en_csrf() {
    let s = server();
    // not logged in: to the login page, which says plainly it is a development login
    let b = Browser::new(&s);
    assert_eq!(b.get("/").0, StatusCode::SEE_OTHER);
    let (st, html) = b.get("/login");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("ontwikkellogin") && html.contains("<label for=\"rol\">"));
    // pages allow only this server's scripts and styles, are never framed and never cached
    let r = s
        .client
        .get(format!("{}/login", s.basis))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let kop = |naam: &str| {
        r.headers()
            .get(naam)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(kop("content-security-policy").contains("script-src 'self'"));
    assert!(kop("content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(kop("x-content-type-options"), "nosniff");
    assert_eq!(kop("cache-control"), "no-store");
    // werkgever: check a BSN -> yes, logged like the API
    let mut w = Browser::new(&s);
    assert_eq!(
        w.login(&[
            ("rol", "werkgever"),
            ("loonheffingennummer", "999990019L01"),
            ("organisatie", "Bakkerij Web")
        ]),
        StatusCode::SEE_OTHER
    );
    let csrf = w.csrf("/werkgever/check");
    assert_eq!(csrf.len(), 64);
    // issue #14: the page asks why (Wfsv art. 38d lid 7); without a purpose nothing is looked up
    let (st, html) = w.post(
        "/werkgever/check",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("peildatum", "2026-06-30"),
        ],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("Kies waarom u deze persoon raadpleegt"), "{html}");
    assert!(s.sql("SELECT naam FROM verwerkingen").is_empty());
    let (st, html) = w.post(
        "/werkgever/check",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("peildatum", "2026-06-30"),
            ("doel", "inlener"),
        ],
    );
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("staat deze persoon <strong>wel</strong>"),
        "{html}"
    );
    assert!(
        !html.contains("WAJONG"),
        "a werkgever never sees the grondslag"
    );
    assert_eq!(
        s.sql("SELECT naam || '|' || processing_activity_id FROM verwerkingen"),
        vec!["web_controle|DGR-ZOEK-INLENER".to_string()]
    );
    assert_eq!(
        s.sql("SELECT doel FROM audit WHERE handeling = 'web_controle'"),
        vec!["inlener".to_string()]
    );
    // without the CSRF token: refused, nothing logged
    let (st, _) = w.post("/werkgever/check", &[("csrf", "x"), ("bsn", "111222333")]);
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(s.sql("SELECT naam FROM verwerkingen").len(), 1);
    // a werkgever cannot open Inkijk
    assert_eq!(w.get("/inkijk").0, StatusCode::FORBIDDEN);
    // uwv: Inkijk shows both time axes
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV")]);
    let csrf = u.csrf("/inkijk");
    let (st, html) = u.post("/inkijk", &[("csrf", &csrf), ("bsn", "111222333")]);
    assert_eq!(st, StatusCode::OK);
    assert!(
        // the grondslag by its name from grondslagen.csv, not the code (issue #12)
        html.contains("Oude Wajong of Wajong 2010 met arbeidsvermogen")
            && !html.contains(">WAJONG<")
            && html.contains("Registratieversies"),
        "{html}"
    );
    // burger: own registrations and who looked (the employer by name)
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", "111222333")]);
    let (st, html) = p.get("/mijn");
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("Bakkerij Web") && html.contains("Wajong"),
        "{html}"
    );
    // issue #14 (Wfsv art. 38d lid 8): the notice of the registration, with its letter
    assert!(html.contains("bent u opgenomen in het doelgroepregister"), "{html}");
    let brief = html
        .split("href=\"/mijn/kennisgevingen/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(!brief.is_empty(), "{html}");
    let (st, html) = p.get(&format!("/mijn/kennisgevingen/{brief}"));
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("U staat in het doelgroepregister")
            && html.contains("Oude Wajong of Wajong 2010 met arbeidsvermogen")
            && html.contains("*****2333")
            && !html.contains("111222333"),
        "{html}"
    );
    assert_eq!(
        s.sql("SELECT naam FROM verwerkingen WHERE naam = 'web_kennisgeving'"),
        vec!["web_kennisgeving".to_string()]
    );
    // another person's letter is not found, never shown
    let mut q = Browser::new(&s);
    q.login(&[("rol", "burger"), ("bsn", "123456782")]);
    assert_eq!(
        q.get(&format!("/mijn/kennisgevingen/{brief}")).0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(p.get("/leveringen").0, StatusCode::FORBIDDEN);
    // logout ends the session
    let csrf = p.csrf("/mijn");
    assert_eq!(
        p.post("/uitloggen", &[("csrf", &csrf)]).0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(p.get("/mijn").0, StatusCode::SEE_OTHER);
}

#[test]
fn werkgeversportaal_dashboard_en_leveringen_op_de_website() {
    let s = server();
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
        ("organisatie", "Bakkerij Web"),
    ]);
    // own employees: the one polis row of 999990019L01 in August 2026 is within 3 months of 2026-09-30
    let (st, html) = w.get("/werkgever/werknemers?peildatum=2026-09-30");
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("<td data-label=\"BSN\">111222333</td><td data-label=\"Loonheffingennummer\">999990019L01</td>"),
        "{html}"
    );
    let (st, csv) = w.get("/werkgever/werknemers.csv?peildatum=2026-09-30");
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        // the page download is for Dutch Excel (issue #12): a byte order mark, `;`, the date
        // as 30-09-2026
        vec![
            "\u{feff}BSN;Loonheffingennummer;Peildatum",
            "111222333;999990019L01;30-09-2026"
        ]
    );
    // every view and download wrote one record for that employee
    assert_eq!(
        s.sql("SELECT naam FROM verwerkingen WHERE processing_activity_id = 'DGR-WERKNEMERS'")
            .len(),
        2
    );
    // LKV/no-riskpolis: registered WAJONG since 2016, start 2026-02-01 -> both yes, no end date
    let csrf = w.csrf("/werkgever/voordelen");
    let (st, html) = w.post(
        "/werkgever/voordelen",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("ingangsdatum", "2026-02-01"),
        ],
    );
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("No-riskpolis:</strong> ja") && html.contains("€\u{a0}1,01 per verloond uur"),
        "{html}"
    );
    assert!(!html.contains("WAJONG"));
    // quota page renders (no hours delivered for the employer in the test data) with the
    // series of every year since 2015, computed in the background after the first visit
    assert_eq!(w.get("/werkgever/quotum?jaar=2025").0, StatusCode::OK);
    let mut html = String::new();
    for _ in 0..100 {
        html = w.get("/werkgever/quotum?jaar=2025").1;
        if !html.contains("wordt berekend") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // the one polis row: 100 hours in August 2026 for 111222333, in the register (WAJONG) all
    // 31 days of it, so 100 × 31/31 = 100 counted hours in 2026 (R-20, R-32); total hours were
    // delivered for 2026 only, so earlier years have no quota for this employer
    // (2026 is provisional: the register's clock stands in November 2026)
    assert!(
        html.contains("<tr><td>2026 (voorlopig)</td><td>–</td><td>100,00</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>2015</td><td colspan=\"3\">geen uren van uw organisatie bekend</td>"),
        "{html}"
    );
    assert!(!html.contains("wordt berekend"), "{html}");
    assert_eq!(w.get("/dashboard").0, StatusCode::FORBIDDEN);
    // analist: the banenmonitor dashboard with an SVG chart and a CSV download
    let mut a = Browser::new(&s);
    a.login(&[("rol", "analist")]);
    let (st, html) = a.get("/dashboard?jaar=2025");
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("<svg") && html.contains("role=\"img\""),
        "{html}"
    );
    assert_eq!(
        a.get("/dashboard/banenmonitor.csv?jaar=2025").0,
        StatusCode::OK
    );
    // the regional trend: a tile per arbeidsmarktregio (35 in arbeidsmarktregios.csv); the
    // fixture holds 2 persons, below the threshold of 10, so even the national count is withheld
    let (st, html) = a.get("/dashboard/trend?kwartaal=2026-K3");
    assert_eq!(st, StatusCode::OK);
    assert_eq!(html.matches("<g><title>").count(), 35, "{html}");
    assert!(
        html.contains(
            "<th scope=\"row\">Nederland</th><td><span class=\"onderdrukt\">onderdrukt</span>"
        ),
        "{html}"
    );
    assert!(!html.contains("<td>2</td>"), "a count of 2 is never shown");
    let (st, csv) = a.get("/dashboard/trend.csv?kwartaal=2026-K3");
    assert_eq!(st, StatusCode::OK);
    // the national row of the CSV withholds the 2 persons too (R-40): NL;Nederland;;...
    let nl = csv
        .lines()
        .find(|l| l.starts_with("NL"))
        .unwrap_or_default();
    assert!(
        nl.starts_with("NL;Nederland;;") || nl.starts_with("NL,Nederland,,"),
        "{csv}"
    );
    // size and flows per quarter since 2013-K1: 55 quarters to 2026-K3, all withheld here
    let (st, csv) = a.get("/dashboard/omvang.csv?kwartaal=2026-K3");
    assert_eq!(st, StatusCode::OK);
    assert!(
        // the byte order mark first: the page's CSV is for Dutch Excel (issue #12)
        csv.starts_with("\u{feff}Kwartaal;Personen;Instroom;Uitstroom\n2013-K1;;;\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 55);
    assert!(csv.contains("\n2026-K3;;;\n"), "{csv}");
    assert_eq!(
        a.get("/dashboard/trend?kwartaal=2026-K5").0,
        StatusCode::BAD_REQUEST
    );
    // the start page offers the analist both dashboards
    let (_, start) = a.get("/");
    assert!(
        start.contains(">Banenmonitor</a>") && start.contains(">Regionale trend</a>"),
        "{start}"
    );
    assert_eq!(w.get("/dashboard/trend").0, StatusCode::FORBIDDEN);
    // uwv: upload a delivery with a bad row in accept-valid mode, then download its rejection file
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv")]);
    let csrf = u.csrf("/leveringen");
    let form = reqwest::blocking::multipart::Form::new()
        .text("csrf", csrf)
        .text("bron", "UWV")
        .text("soort", "registraties")
        .text("kenmerk", "WEB-1")
        .text("modus", "accept-valid")
        .part("bestand", reqwest::blocking::multipart::Part::bytes(b"bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2018-01-01\n123456789;WAJONG;OPVOER;2018-01-01\n".to_vec()).file_name("web.csv"));
    let r = u
        .client
        .post(format!("{}/leveringen", u.basis))
        .header("cookie", u.cookie.clone().unwrap_or_default())
        .multipart(form)
        .send();
    let html = r.map(|x| x.text().unwrap_or_default()).unwrap_or_default();
    assert!(
        html.contains("<strong>verwerkt</strong>")
            && html.contains("Afwijzingsbestand downloaden"),
        "{html}"
    );
    assert!(html.contains("Actualiteit van de bronnen"));
    let id = html
        .split("/leveringen/")
        .nth(1)
        .and_then(|x| x.split('/').next())
        .unwrap_or_default()
        .to_string();
    let (st, afgewezen) = u.get(&format!("/leveringen/{id}/afwijzingen"));
    assert_eq!(st, StatusCode::OK);
    assert!(
        afgewezen.starts_with("bsn;grondslag;mutatie;ingangsdatum;afwijzing_regel;afwijzing_reden"),
        "{afgewezen}"
    );
}

#[test]
fn kandidatenverkenner_en_wsp() {
    let s = server();
    // six registered job seekers in Amsterdam (five findable, one not) and one in Utrecht
    let bsns: Vec<String> = (200_000_000u32..)
        .filter_map(|n| dgr_core::Bsn::from_u32(n).ok())
        .take(7)
        .map(|b| b.cijfers())
        .collect();
    let mut reg = String::from("bsn;grondslag;mutatie;ingangsdatum\n");
    let mut kand = String::from(
        "bsn;opleidingsniveau;uren_per_week;max_reisafstand_km;beschikbaar_vanaf;interesses;woongemeente;herkenbaar\n",
    );
    for (i, b) in bsns.iter().enumerate() {
        reg.push_str(&format!("{b};PW_IBA;OPVOER;2020-01-01\n"));
        let (gemeente, herkenbaar) = if i == 6 {
            ("0344", "J")
        } else if i == 5 {
            ("0363", "N")
        } else {
            ("0363", "J")
        };
        kand.push_str(&format!(
            "{b};MBO2_4;24;40;2026-10-01;zorg|groen;{gemeente};{herkenbaar}\n"
        ));
    }
    let bron = s.rol(Rol::Bron);
    for (soort, kenmerk, inhoud) in [("registraties", "K-R", reg), ("kandidaten", "K-K", kand)] {
        let form = reqwest::blocking::multipart::Form::new()
            .text("bron", "UWV")
            .text("soort", soort)
            .text("kenmerk", kenmerk)
            .part(
                "bestand",
                reqwest::blocking::multipart::Part::bytes(inhoud.into_bytes()).file_name("k.csv"),
            );
        let r = s
            .client
            .post(format!("{}/api/v1/leveringen", s.basis))
            .bearer_auth(&bron)
            .multipart(form)
            .send();
        assert_eq!(
            r.map(|x| x.status()).ok(),
            Some(StatusCode::CREATED),
            "{soort}"
        );
    }
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
        ("organisatie", "Bakkerij Web"),
    ]);
    // from Amsterdam: five findable candidates match (the Utrecht one too, within 40 km): 6 >= 5
    let (st, html) = w.get("/werkgever/kandidaten?gezocht=1&vanuit=0363&uren_min=20&uren_max=32");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("6 kandidaten passen"), "{html}");
    assert!(
        html.contains("21-24") && html.contains("&lt;10"),
        "bands and R-40 on the aggregate: {html}"
    );
    for b in &bsns {
        assert!(!html.contains(b.as_str()), "a BSN on the employer's page");
    }
    // a narrower search (one region far away, none match) shows nothing
    let (_, html) = w.get("/werkgever/kandidaten?gezocht=1&vanuit=0014&uren_min=20&uren_max=32");
    assert!(html.contains("te weinig kandidaten"), "{html}");
    // search again and ask contact for the first profile
    let (_, html) = w.get("/werkgever/kandidaten?gezocht=1&vanuit=0363&uren_min=20&uren_max=32");
    let profiel = html
        .split("name=\"profiel\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert_eq!(profiel.len(), 12);
    let csrf = w.csrf("/werkgever/kandidaten");
    let (st, html) = w.post(
        "/werkgever/kandidaten/contact",
        &[("csrf", &csrf), ("profiel", &profiel)],
    );
    assert_eq!(st, StatusCode::OK, "{html}");
    // the WSP of Amsterdam's region sees the request with the candidate's identity and records consent
    let regio = s
        .sql("SELECT arbeidsmarktregio FROM contactverzoeken")
        .first()
        .cloned()
        .unwrap_or_default();
    let mut p = Browser::new(&s);
    p.login(&[
        ("rol", "wsp"),
        ("arbeidsmarktregio", &regio),
        ("organisatie", "WSP Groot Amsterdam"),
    ]);
    let (st, html) = p.get("/wsp");
    assert_eq!(st, StatusCode::OK);
    assert!(bsns.iter().any(|b| html.contains(b.as_str())), "{html}");
    let id = html
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string();
    let csrf = p.csrf("/wsp");
    // refusing without the candidate's reason is refused, next to the field
    let (st, html) = p.post(
        "/wsp/besluit",
        &[("csrf", &csrf), ("id", &id), ("besluit", "afgewezen")],
    );
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(&format!("aria-describedby=\"reden-{id}-fout\"")), "{html}");
    // consent, confirmed in a second step
    let html = p.beslis_bevestigd(
        "/wsp/besluit",
        &[("csrf", &csrf), ("id", &id), ("besluit", "akkoord")],
    );
    assert!(html.contains(&format!("Verzoek {id} vastgelegd: kandidaat stemt in.")), "{html}");
    let afgehandeld = html.split("id=\"afgehandeld\"").nth(1).unwrap_or_default();
    assert!(afgehandeld.contains("Kandidaat stemt in"), "{afgehandeld}");
    // the employer's own list keeps the decided request
    let (st, html) = w.get("/werkgever/contactverzoeken");
    assert_eq!(st, StatusCode::OK);
    let afgehandeld = html.split("id=\"afgehandeld\"").nth(1).unwrap_or_default();
    assert!(
        afgehandeld.contains("Kandidaat stemt in") && afgehandeld.contains("contact gelegd door WSP Groot Amsterdam"),
        "{afgehandeld}"
    );
    for b in &bsns {
        assert!(!html.contains(b.as_str()), "a BSN on the employer's page");
    }
    let (_, html) = w.get("/werkgever/contactverzoeken?status=AFGEWEZEN");
    assert!(html.contains("Geen afgehandelde contactverzoeken die bij het filter passen"), "{html}");
    // only now the employer sees that contact was made, and by whom
    let (_, html) = w.get("/werkgever/kandidaten");
    assert!(
        html.contains("contact gelegd door WSP Groot Amsterdam"),
        "{html}"
    );
    // a WSP of another region does not see it
    let mut ander = Browser::new(&s);
    ander.login(&[("rol", "wsp"), ("arbeidsmarktregio", "AM01")]);
    assert!(!ander.get("/wsp").1.contains("Stemt in"));
}

#[test]
fn uitschrijving_van_aanvraag_tot_besluit_en_vindbaarheid() {
    let s = server();
    // 123456782 (PW_IBA since 2017, no employer) asks to be removed
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", "123456782")]);
    let csrf = p.csrf("/mijn");
    let html = p.beslis_bevestigd("/mijn/uitschrijven", &[("csrf", &csrf)]);
    assert!(html.contains("ontvangen, in behandeling"), "{html}");
    // the werk.nl-style setting
    let csrf = p.csrf("/mijn");
    p.beslis_bevestigd("/mijn/herkenbaar", &[("csrf", &csrf), ("herkenbaar", "N")]);
    assert_eq!(
        s.sql("SELECT CAST(herkenbaar AS TEXT) FROM kandidaat_voorkeuren"),
        vec!["0".to_string()]
    );
    // UWV: the request is in the queue; deciding before informing employers is refused
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV Amsterdam")]);
    let (st, html) = u.get("/inkijk/uitschrijvingen");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("123456782"), "{html}");
    let id = html
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string();
    let csrf = u.csrf("/inkijk/uitschrijvingen");
    let (_, html) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "toewijzen")],
    );
    assert!(html.contains("informeer eerst de werkgevers"), "{html}");
    // no current employer: the window closes today, and the request can be granted
    let (st, _) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "informeren")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, html) = u.get("/inkijk/uitschrijvingen");
    assert!(html.contains("geen huidige werkgever"), "{html}");
    let html = u.beslis_bevestigd(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "toewijzen")],
    );
    assert!(
        html.contains("toegewezen: 1 registratie beëindigd"),
        "{html}"
    );
    // the register reflects it: not registered today any more (R-11 UITSCHRIJVING)
    let (_, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Uwv)),
        json!({"bsn": "123456782"}),
    );
    assert_eq!(body["inDoelgroepregister"], false);
    let (_, html) = p.get("/mijn");
    assert!(html.contains("toegewezen: u bent uitgeschreven"), "{html}");
    // 111222333 has a current employer: after informing, the 2-week objection window blocks a decision
    let mut q = Browser::new(&s);
    q.login(&[("rol", "burger"), ("bsn", "111222333")]);
    let csrf = q.csrf("/mijn");
    q.beslis_bevestigd("/mijn/uitschrijven", &[("csrf", &csrf)]);
    let (_, html) = u.get("/inkijk/uitschrijvingen");
    let id = html
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string();
    let csrf = u.csrf("/inkijk/uitschrijvingen");
    u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "informeren")],
    );
    let (_, html) = u.get("/inkijk/uitschrijvingen");
    assert!(
        html.contains("999990019L01"),
        "the employer by its lhn (no employer data in the test): {html}"
    );
    let (_, html) = u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "toewijzen")],
    );
    assert!(
        html.contains("bezwaartermijn van de werkgevers loopt nog"),
        "{html}"
    );
}

/// The value of the first `name="id"` hidden field in a page.
fn eerste_id(html: &str) -> String {
    html.split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn bezwaar_tegen_beoordeling_arbeidsvermogen() {
    let s = server();
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
    ]);
    assert_eq!(w.get("/inkijk/bezwaren").0, StatusCode::FORBIDDEN);
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV Bezwaar")]);
    let (st, html) = u.get("/inkijk/bezwaren");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("geen open bezwaren"), "{html}");
    let csrf = u.csrf("/inkijk/bezwaren");
    // a decision of 5 January 2026: the term's last day is 5 Jan + 42 days = 16 February 2026;
    // lodged on 17 February it is late, and the form proposes niet-ontvankelijk
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "registreren"),
            ("bsn", "123456782"),
            ("besluitdatum", "2026-01-05"),
            ("ingediend_op", "2026-02-17"),
            ("toelichting", "wel arbeidsvermogen"),
        ],
    );
    assert!(
        html.contains("ingediend na de termijn (laatste dag 16 februari 2026)"),
        "{html}"
    );
    // late: no outcome chosen for the officer, but the usual one named beside the field
    assert!(html.contains("<option value=\"\" selected>Kies een uitkomst</option>"), "{html}");
    assert!(html.contains("Ingediend na de termijn: meestal niet-ontvankelijk."), "{html}");
    let id = eerste_id(&html);
    // founded, but the ingangsdatum is missing: nothing happens
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "beslissen"),
            ("id", &id),
            ("uitkomst", "gegrond-intrekking"),
        ],
    );
    assert!(html.contains("geef de ingangsdatum"), "{html}");
    // withdrawing a PW_IBA registration that does not exist is refused (once confirmed) and
    // nothing is decided
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "beslissen"),
            ("id", &id),
            ("uitkomst", "gegrond-intrekking"),
            ("ingangsdatum", "2018-01-01"),
            ("bevestigd", "ja"),
        ],
    );
    assert!(
        html.contains("de registratie kon niet worden aangepast"),
        "{html}"
    );
    assert_eq!(eerste_id(&html), id, "still open");
    // founded: the PW_IBA registration of 2017-01-01 is withdrawn (R-14), the person is out
    let html = u.beslis_bevestigd(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "beslissen"),
            ("id", &id),
            ("uitkomst", "gegrond-intrekking"),
            ("ingangsdatum", "2017-01-01"),
        ],
    );
    assert!(
        html.contains(
            "gegrond: registratie Participatiewet - indicatie banenafspraak van 01-01-2017 ingetrokken. Eén registratie is gewijzigd."
        ),
        "{html}"
    );
    assert!(html.contains("geen open bezwaren"), "{html}");
    let (_, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Uwv)),
        json!({"bsn": "123456782"}),
    );
    assert_eq!(body["inDoelgroepregister"], false);
    // a second bezwaar, on time, founded the other way: a PW_IBA registration is added
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "registreren"),
            ("bsn", "123456782"),
            ("besluitdatum", "2026-10-01"),
            ("ingediend_op", "2026-11-12"),
        ],
    );
    assert!(
        html.contains("vastgelegd.") && !html.contains("na de termijn"),
        "{html}"
    );
    let id = eerste_id(&html);
    let html = u.beslis_bevestigd(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "beslissen"),
            ("id", &id),
            ("uitkomst", "gegrond-opvoer"),
            ("ingangsdatum", "2026-10-01"),
        ],
    );
    assert!(html.contains("Eén registratie is gewijzigd."), "{html}");
    let (_, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Uwv)),
        json!({"bsn": "123456782"}),
    );
    assert_eq!(body["inDoelgroepregister"], true);
    // the citizen sees the new registration and that UWV looked at the file
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", "123456782")]);
    let (_, html) = p.get("/mijn");
    assert!(
        html.contains("2026-10-01") && html.contains("UWV Bezwaar"),
        "{html}"
    );
}

/// A minimal OpenID Connect provider for the login test: discovery, an authorize endpoint that
/// logs in a fixed citizen at once, a token endpoint that checks the PKCE verifier against the
/// challenge (RFC 7636 S256) and signs an id_token with the nonce, and its JWKS.
fn oidc_provider(
    sleutel: Ontwikkelsleutel,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::extract::{Form, Query};
    use base64::Engine as _;
    use sha2::Digest as _;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    let (adres_tx, adres_rx) = std::sync::mpsc::channel();
    // how often the discovery document was fetched
    let ontdekt = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let teller = ontdekt.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| unreachable!("{e}"));
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap_or_else(|e| unreachable!("{e}"));
            let basis = format!(
                "http://{}",
                listener
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default()
            );
            let _ = adres_tx.send(basis.clone());
            // code -> (challenge, nonce)
            let codes: Arc<Mutex<HashMap<String, (String, String)>>> = Arc::default();
            let jwks = sleutel.jwks();
            let sleutel = Arc::new(sleutel);
            let (b1, b2) = (basis.clone(), basis.clone());
            let (c1, c2) = (codes.clone(), codes.clone());
            let app = axum::Router::new()
                .route(
                    "/.well-known/openid-configuration",
                    axum::routing::get(move || async move {
                        teller.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        axum::Json(json!({
                            "issuer": b1,
                            "authorization_endpoint": format!("{b1}/authorize"),
                            "token_endpoint": format!("{b1}/token"),
                            "jwks_uri": format!("{b1}/jwks"),
                        }))
                    }),
                )
                .route(
                    "/authorize",
                    axum::routing::get(move |Query(q): Query<HashMap<String, String>>| async move {
                        assert_eq!(q["code_challenge_method"], "S256");
                        assert_eq!(q["client_id"], "dgr-web");
                        assert_eq!(q["response_type"], "code");
                        if let Ok(mut m) = c1.lock() {
                            m.insert(
                                "code-1".into(),
                                (q["code_challenge"].clone(), q["nonce"].clone()),
                            );
                        }
                        axum::response::Redirect::to(&format!(
                            "{}?code=code-1&state={}",
                            q["redirect_uri"], q["state"]
                        ))
                    }),
                )
                .route(
                    "/token",
                    axum::routing::post(move |Form(f): Form<HashMap<String, String>>| async move {
                        let Some((challenge, nonce)) =
                            c2.lock().ok().and_then(|mut m| m.remove(&f["code"]))
                        else {
                            return (StatusCode::BAD_REQUEST, axum::Json(json!({"error": "invalid_grant"})));
                        };
                        let bewijs = base64::engine::general_purpose::URL_SAFE_NO_PAD
                            .encode(sha2::Sha256::digest(f["code_verifier"].as_bytes()));
                        if bewijs != challenge {
                            return (StatusCode::BAD_REQUEST, axum::Json(json!({"error": "invalid_grant"})));
                        }
                        let nu = chrono::Utc::now().timestamp();
                        let id_token = sleutel
                            .onderteken(&json!({
                                "iss": b2, "aud": "dgr-web", "sub": "digid-burger-1",
                                "exp": nu + 300, "iat": nu, "nonce": nonce,
                                "rol": "burger", "bsn": "111222333",
                            }))
                            .unwrap_or_default();
                        (StatusCode::OK, axum::Json(json!({"id_token": id_token, "token_type": "Bearer", "access_token": "x"})))
                    }),
                )
                .route(
                    "/jwks",
                    axum::routing::get(move || async move { axum::Json(jwks.clone()) }),
                );
            let _ = axum::serve(listener, app).await;
        });
    });
    (adres_rx.recv().unwrap_or_default(), ontdekt)
}

/// The `Location` header of a redirect.
fn locatie(r: &reqwest::blocking::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn inloggen_via_oidc_met_pkce() {
    let idp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let sleutel =
        Ontwikkelsleutel::laad_of_maak(idp.path()).unwrap_or_else(|e| unreachable!("{e}"));
    let (provider, ontdekt) = oidc_provider(sleutel);
    let s = server_instellingen(|i| {
        i.ontwikkel_issuer = false;
        i.oidc = Some(dgr_server::OidcInstellingen {
            issuer: provider.clone(),
            client_id: "dgr-web".into(),
            client_secret: None,
            basis_url: "https://dgr.test".into(),
        });
    });
    let browser = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let html = browser
        .get(format!("{}/login", s.basis))
        .send()
        .and_then(|r| r.text())
        .unwrap_or_default();
    assert!(
        html.contains("Inloggen via uw identiteitsprovider") && !html.contains("ontwikkellogin"),
        "{html}"
    );
    // 1. to the provider, with a PKCE challenge; the browser gets the state in a cookie
    let r = browser
        .get(format!("{}/login/oidc", s.basis))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let naar_idp = locatie(&r);
    assert!(
        naar_idp.starts_with(&format!("{provider}/authorize?")),
        "{naar_idp}"
    );
    assert!(naar_idp.contains("code_challenge_method=S256"));
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let poging = cookie.split(';').next().unwrap_or_default().to_string();
    // 2. the provider sends the browser back with a code
    let r = browser
        .get(&naar_idp)
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let terug = locatie(&r).replace("https://dgr.test", &s.basis);
    assert!(
        terug.contains("/login/oidc/terug?code=code-1&state="),
        "{terug}"
    );
    // without the browser's state cookie the callback is refused (login CSRF)
    let r = browser
        .get(&terug)
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // 3. with it: the code and verifier are exchanged, the id_token checked, a session starts
    let r = browser
        .get(&terug)
        .header("cookie", &poging)
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
    let sessie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dgr_sessie="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_string();
    assert!(!sessie.is_empty());
    let html = browser
        .get(format!("{}/mijn", s.basis))
        .header("cookie", &sessie)
        .send()
        .and_then(|r| r.text())
        .unwrap_or_default();
    assert!(
        html.contains("Mijn doelgroepregistratie") && !html.contains("ontwikkellogin"),
        "{html}"
    );
    // the same callback again: the login attempt is used up
    let r = browser
        .get(&terug)
        .header("cookie", &poging)
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // the discovery document was fetched once for the whole login, not at start and callback
    assert_eq!(ontdekt.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// Issue #9 finding 0: every "today" and "now" is the register's clock, not the day the suite
/// runs: the default peildatum, the employer's default overview, and "current employer" of an
/// uitschrijving (R-15: polis rows in the last 3 months).
#[test]
fn vandaag_en_huidige_werkgever_volgen_de_klok_van_het_register() {
    // on 20 November 2026 (TESTNU) the polis row of August 2026 is within the last 3 months
    let s = server();
    let (st, body, _) = s.post(
        "/api/v1/doelgroepregistraties/_zoek",
        Some(&s.rol(Rol::Werkgever)),
        json!({"bsn": "111222333"}),
    );
    assert_eq!(st, StatusCode::OK);
    assert_eq!(body["peildatum"], "2026-11-20");
    assert_eq!(s.klok.vandaag().to_string(), "2026-11-20");
    let (_, body, _) = s.post(
        "/api/v1/werknemersoverzichten",
        Some(&s.rol(Rol::Werkgever)),
        json!({"loonheffingennummers": ["999990019L01"]}),
    );
    assert_eq!(
        body,
        json!({"peildatum": "2026-11-20", "werknemers": [{"bsn": "111222333", "loonheffingennummer": "999990019L01"}]})
    );
    // the same register on 1 June 2027: August 2026 is more than 3 months back (before
    // 1 March 2027), so the employer is no longer current and the default overview is empty
    let later = server_instellingen(|i| i.klok = klok_op("2027-06-01T12:00:00+02:00"));
    let (_, body, _) = later.post(
        "/api/v1/werknemersoverzichten",
        Some(&later.rol(Rol::Werkgever)),
        json!({"loonheffingennummers": ["999990019L01"]}),
    );
    assert_eq!(body, json!({"peildatum": "2027-06-01", "werknemers": []}));
    let mut p = Browser::new(&later);
    p.login(&[("rol", "burger"), ("bsn", "111222333")]);
    let csrf = p.csrf("/mijn");
    p.beslis_bevestigd("/mijn/uitschrijven", &[("csrf", &csrf)]);
    let mut u = Browser::new(&later);
    u.login(&[("rol", "uwv")]);
    let (_, html) = u.get("/inkijk/uitschrijvingen");
    let id = eerste_id(&html);
    let csrf = u.csrf("/inkijk/uitschrijvingen");
    u.post(
        "/inkijk/uitschrijvingen",
        &[("csrf", &csrf), ("id", &id), ("actie", "informeren")],
    );
    let (_, html) = u.get("/inkijk/uitschrijvingen");
    assert!(
        html.contains("geen huidige werkgever") && !html.contains("999990019L01"),
        "{html}"
    );
}

/// Issue #9 finding 7: every answer that reveals registration is counted at one point — the
/// advantages question (R-35/R-36 say "no" for anyone outside the register) on the API and on
/// the page, the page's check, the overview — so neither the daily limit nor the fishing signal
/// can be bypassed.
#[test]
fn daglimiet_en_visserijsignaal_tellen_elk_kanaal_dat_registratie_onthult() {
    let s = server_met(4);
    let t = s.rol(Rol::Werkgever);
    let voordelen = |bsn: &str| {
        s.post(
            "/api/v1/werkgeversvoordelen/_zoek",
            Some(&t),
            json!({"bsn": bsn, "ingangsdatum_dienstverband": "2026-02-01"}),
        )
        .0
    };
    // 1: an own employee (polis row under 999990019L01), asked about for its advantages;
    // 2: someone never in its polis data, looked up (R-06)
    assert_eq!(voordelen("111222333"), StatusCode::OK);
    let zoek = |bsn: &str| {
        s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&t),
            json!({"bsn": bsn}),
        )
    };
    assert_eq!(zoek("123456782").0, StatusCode::OK);
    // 3 and 4: the same organisation (fiscaal nummer 999990019) on the pages
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
    ]);
    let csrf = w.csrf("/werkgever/voordelen");
    let (st, html) = w.post(
        "/werkgever/voordelen",
        &[
            ("csrf", &csrf),
            ("bsn", "123456782"),
            ("ingangsdatum", "2026-02-01"),
        ],
    );
    assert_eq!(st, StatusCode::OK, "{html}");
    let csrf = w.csrf("/werkgever/check");
    let (st, html) = w.post(
        "/werkgever/check",
        &[("csrf", &csrf), ("bsn", "123456782"), ("doel", "sollicitant")],
    );
    assert_eq!(st, StatusCode::OK, "{html}");
    // the limit of 4 is reached: every channel refuses, the lookup first
    let (st, _, h) = zoek("111222333");
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert!(h.get("retry-after").is_some());
    assert_eq!(voordelen("111222333"), StatusCode::TOO_MANY_REQUESTS);
    let csrf = w.csrf("/werkgever/check");
    let (st, _) = w.post(
        "/werkgever/check",
        &[("csrf", &csrf), ("bsn", "123456782"), ("doel", "sollicitant")],
    );
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        s.post(
            "/api/v1/werknemersoverzichten",
            Some(&t),
            json!({"loonheffingennummers": ["999990019L01"]})
        )
        .0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let csrf = w.csrf("/werkgever/voordelen");
    let (st, _) = w.post(
        "/werkgever/voordelen",
        &[
            ("csrf", &csrf),
            ("bsn", "111222333"),
            ("ingangsdatum", "2026-02-01"),
        ],
    );
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        w.get("/werkgever/werknemers").0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // the signal: 4 lookups, 3 of them for 123456782, who never appears in its polis data
    let (st, body) = s.get("/api/v1/signalen", Some(&s.rol(Rol::Uwv)));
    assert_eq!(st, StatusCode::OK);
    let eigen = body
        .as_array()
        .and_then(|l| l.iter().find(|x| x["organisatie"] == "werkgever:999990019"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (&eigen["opvragingen"], &eigen["buiten_eigen_polis"]),
        (&json!(4), &json!(3)),
        "{body}"
    );
    // issue #14: of those 3, the page's check asked about 123456782 as a sollicitant
    assert_eq!(eigen["sollicitant_buiten_eigen_polis"], json!(1), "{body}");
}

/// The audit records of refusals, sorted, once `n` of them are written (they are handed to the
/// log writer after the answer: the test waits for the writer, it does not time anything).
fn weigeringen(s: &Server, n: usize) -> Vec<String> {
    let vraag = "SELECT handeling || '|' || rol || '|' || organisatie || '|' || coalesce(client_ip, '') \
                 FROM audit WHERE handeling LIKE 'weigering:%'";
    let mut rijen = s.sql(vraag);
    for _ in 0..400 {
        if rijen.len() >= n {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
        rijen = s.sql(vraag);
    }
    rijen.sort();
    rijen
}

/// Issue #9 finding 13: refused authorisations and failed authentications are logged as audit
/// records with the operation, role, organisation and reason — and no personal data: no BSN,
/// no pseudonym, no processing record.
#[test]
fn weigeringen_staan_in_het_logboek_zonder_persoonsgegevens() {
    let s = server();
    let zoek = "/api/v1/doelgroepregistraties/_zoek";
    let (st, _, _) = s.post(zoek, Some(&s.rol(Rol::Burger)), json!({"bsn": "123456782"}));
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, _) = s.post(
        zoek,
        Some(&s.rol(Rol::Analist)),
        json!({"bsn": "111222333"}),
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, _) = s.post(
        "/api/v1/werknemersoverzichten",
        Some(&s.rol(Rol::Werkgever)),
        json!({"loonheffingennummers": ["111222333L01"]}),
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, _) = s.post(zoek, None, json!({"bsn": "111222333"}));
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let verlopen = s.token(Rol::Uwv, |c| c.exp = 1_000);
    let (st, _, _) = s.post(zoek, Some(&verlopen), json!({"bsn": "111222333"}));
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // the pages' role gate
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
    ]);
    assert_eq!(w.get("/inkijk").0, StatusCode::FORBIDDEN);
    let mut verwacht = vec![
        "weigering:doelgroepregistraties_zoeken: een burger kan alleen het eigen BSN opvragen|burger|burger:test-burger|127.0.0.1",
        "weigering:doelgroepregistraties_zoeken: deze rol mag deze handeling niet uitvoeren|analist|analist:test-analist|127.0.0.1",
        "weigering:werknemersoverzicht: een werkgever kan alleen de eigen loonheffingennummers opvragen|werkgever|werkgever:999990019|127.0.0.1",
        "weigering:authenticatie: geen bearer-token|onbekend|onbekend|127.0.0.1",
        "weigering:authenticatie: token ongeldig|onbekend|onbekend|127.0.0.1",
        "weigering:inkijken: deze rol mag deze handeling niet uitvoeren|werkgever|werkgever:999990019|",
    ];
    verwacht.sort_unstable();
    assert_eq!(weigeringen(&s, verwacht.len()), verwacht);
    // nothing of the persons asked about: no BSN, no pseudonym (64 hex), no processing record
    let alles = s
        .sql(
            "SELECT trace_id || '|' || sub || '|' || rol || '|' || organisatie || '|' || \
             coalesce(organisatie_naam, '') || '|' || coalesce(client_ip, '') || '|' || handeling || '|' || \
             bsn_opvragingen || '|' || buiten_eigen_polis FROM audit",
        )
        .join("\n");
    for bsn in ["111222333", "123456782"] {
        assert!(!alles.contains(bsn), "{bsn} in het logboek: {alles}");
    }
    assert!(
        !alles
            .split(|c: char| !c.is_ascii_hexdigit())
            .any(|w| w.len() >= 64),
        "{alles}"
    );
    assert_eq!(s.sql("SELECT naam FROM verwerkingen"), Vec::<String>::new());
}

/// An employer delivers its own units and roster over the API (bron WERKGEVER, R-42) and reads
/// its werkgeversmonitor: two employees, one registered, so the figures are withheld (R-44); each
/// person read is in the processing log as DGR-MONITOR; another organisation is refused, and so
/// is UWV delivering an employer's roster.
#[test]
fn werkgeversmonitor_via_de_api() {
    let s = server();
    let werkgever = s.rol(Rol::Werkgever);
    let lever = |token: &str, soort: &str, kenmerk: &str, fiscaal: &str, inhoud: &str| {
        let form = reqwest::blocking::multipart::Form::new()
            .text("bron", "WERKGEVER")
            .text("soort", soort.to_string())
            .text("kenmerk", kenmerk.to_string())
            .text("fiscaal_nummer", fiscaal.to_string())
            .part(
                "bestand",
                reqwest::blocking::multipart::Part::bytes(inhoud.as_bytes().to_vec())
                    .file_name("x.csv"),
            );
        s.client
            .post(format!("{}/api/v1/leveringen", s.basis))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .map(|r| r.status())
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let eenheden = "code;naam;bovenliggend;geldig_vanaf\nBAK;Bakkerij Test;;2026-01-01\nOVEN;Ovenafdeling;BAK;2026-01-01\n";
    let personeel = "personeelsnummer;bsn;eenheid;geldig_vanaf\n1;111222333;OVEN;2026-01-01\n2;123456782;BAK;2026-01-01\n";
    assert_eq!(lever(&werkgever, "eenheden", "E1", "999990019", eenheden), StatusCode::CREATED);
    assert_eq!(lever(&werkgever, "personeel", "P1", "999990019", personeel), StatusCode::CREATED);
    // not for another organisation, and UWV does not deliver an employer's roster
    assert_eq!(lever(&werkgever, "eenheden", "E2", "123456782", eenheden), StatusCode::FORBIDDEN);
    assert_eq!(lever(&s.rol(Rol::Uwv), "eenheden", "E3", "999990019", eenheden), StatusCode::FORBIDDEN);
    let (st, m) = s.get(
        "/api/v1/rapportages/werkgeversmonitor?fiscaal_nummer=999990019&kwartaal=2026-K3",
        Some(&werkgever),
    );
    assert_eq!(st, StatusCode::OK, "{m}");
    assert_eq!(m["eenheden"][0]["code"], "BAK");
    assert_eq!(m["eenheden"][0]["werknemers"], 2);
    assert_eq!(m["eenheden"][0]["doelgroep"], Value::Null);
    assert_eq!(m["eenheden"][1]["bovenliggend"], "BAK");
    assert!(m["eenheden"][0]["onderdrukt"].to_string().contains("doelgroep"));
    assert_eq!(m["herkomst"]["rapport"], "werkgeversmonitor");
    assert!(!m.to_string().contains("111222333"));
    // one record per person read: the two on the roster
    assert_eq!(
        s.sql("SELECT naam FROM verwerkingen WHERE processing_activity_id = 'DGR-MONITOR'"),
        ["werkgeversmonitor", "werkgeversmonitor"]
    );
    let (st, _) = s.get(
        "/api/v1/rapportages/werkgeversmonitor?fiscaal_nummer=123456782&kwartaal=2026-K3",
        Some(&werkgever),
    );
    assert_eq!(st, StatusCode::FORBIDDEN);
    // a unit contact person sees only their own unit, not the organisation's totals
    let contactpersoon = s.token(Rol::Werkgever, |c| c.eenheden = vec!["OVEN".into()]);
    let (st, m) = s.get(
        "/api/v1/rapportages/werkgeversmonitor?fiscaal_nummer=999990019&kwartaal=2026-K3",
        Some(&contactpersoon),
    );
    assert_eq!(st, StatusCode::OK, "{m}");
    assert_eq!(m["eenheden"].as_array().map(Vec::len), Some(1));
    assert_eq!(m["eenheden"][0]["code"], "OVEN");
    assert_eq!(m["vergelijking"]["organisatie_banen"], Value::Null);
    let (st, _) = s.get(
        "/api/v1/rapportages/werkgeversmonitor?fiscaal_nummer=999990019&kwartaal=2030-K1",
        Some(&werkgever),
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
}

/// Issue #12 finding 3: outside the API an unknown path, a page's query that cannot be read
/// and a method a page does not take are HTML pages in the site's style (with the menu when
/// logged in), not problem+json; the API keeps problem+json; the favicon is there, cached.
#[test]
fn foutpaginas_in_html_buiten_de_api() {
    let s = server();
    let html_van = |r: reqwest::blocking::Response| {
        let ct = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (r.status(), ct, r.text().unwrap_or_default())
    };
    let (st, ct, html) = html_van(
        s.client
            .get(format!("{}/bestaatniet", s.basis))
            .send()
            .unwrap_or_else(|e| unreachable!("{e}")),
    );
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(
        html.contains("<h1>Pagina niet gevonden</h1>") && html.contains("/static/dgr.css"),
        "{html}"
    );
    let (st, ct, _) = html_van(
        s.client
            .get(format!("{}/api/v1/bestaatniet", s.basis))
            .send()
            .unwrap_or_else(|e| unreachable!("{e}")),
    );
    assert_eq!((st, ct.as_str()), (StatusCode::NOT_FOUND, "application/problem+json"));
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
        ("organisatie", "Bakkerij Fout"),
    ]);
    // jaar=xyzzy: the 400 page names the field, not the value, and keeps the logged-in header
    // (a value of letters outside 0-9a-f: the page's random hex CSRF token may hold any hex
    // run, and once held "abc", which failed this test by chance)
    let (st, html) = w.get("/werkgever/quotum?jaar=xyzzy");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("<h1>Ongeldig verzoek</h1>"), "{html}");
    assert!(html.contains("‘jaar’") && !html.contains("xyzzy"), "{html}");
    assert!(html.contains("Bakkerij Fout"), "{html}");
    // an unknown path while logged in: the same 404 page, with the menu
    let (st, html) = w.get("/werkgever/bestaatniet");
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(html.contains("Pagina niet gevonden") && html.contains("Bakkerij Fout"));
    // a form without its fields (no csrf): 400 page naming the missing field
    let (st, html) = w.post("/werkgever/check", &[("bsn", "111222333")]);
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("ontbreekt het veld ‘csrf’"), "{html}");
    // GET on a POST-only page: 405 as a page, Allow kept
    let r = s
        .client
        .get(format!("{}/uitloggen", s.basis))
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(r.headers().get("allow").is_some());
    let (st, ct, _) = html_van(r);
    assert_eq!(st, StatusCode::METHOD_NOT_ALLOWED);
    assert!(ct.starts_with("text/html"), "{ct}");
    // the favicon, linked from every page and at /favicon.ico, cached for a day
    for pad in ["/favicon.ico", "/static/favicon.svg"] {
        let r = s
            .client
            .get(format!("{}{pad}", s.basis))
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(r.status(), StatusCode::OK, "{pad}");
        assert_eq!(
            r.headers().get("cache-control").and_then(|v| v.to_str().ok()),
            Some("public, max-age=86400")
        );
        assert_eq!(
            r.headers().get("content-type").and_then(|v| v.to_str().ok()),
            Some("image/svg+xml")
        );
    }
    assert!(w.get("/").1.contains("<link rel=\"icon\" href=\"/static/favicon.svg\""));
}

/// Issue #12 finding 3: a request with a session cookie the server no longer knows goes to
/// the login page with the way back and "Uw sessie is verlopen"; an htmx request gets
/// `HX-Redirect` instead of the login page inside the page; after the login the browser
/// returns, but only to a path on this site; logging out says so.
#[test]
fn sessie_verlopen_terug_na_inloggen_en_uitgelogd() {
    let s = server();
    let oud = "dgr_sessie=verlopen0000";
    let zonder_redirect = |r: reqwest::blocking::RequestBuilder| {
        r.header("cookie", oud)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let b = Browser::new(&s);
    let r = zonder_redirect(b.client.get(format!("{}/werkgever/quotum?jaar=2026", s.basis)));
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(locatie(&r), "/login?terug=%2Fwerkgever%2Fquotum%3Fjaar%3D2026");
    let html = zonder_redirect(b.client.get(format!("{}/login?terug=%2Fwerkgever%2Fquotum%3Fjaar%3D2026", s.basis)))
        .text()
        .unwrap_or_default();
    assert!(html.contains("Uw sessie is verlopen; log opnieuw in."), "{html}");
    assert!(
        // minijinja escapes `/` in attributes as `&#x2f;`
        html.contains("name=\"terug\" value=\"&#x2f;werkgever&#x2f;quotum?jaar=2026\""),
        "{html}"
    );
    // without any cookie: the login page says nothing about an expired session
    assert!(!b.get("/login").1.contains("verlopen"));
    // htmx (the check form posts with hx-post): HX-Redirect to the login, back to the form
    let r = zonder_redirect(
        b.client
            .post(format!("{}/werkgever/check", s.basis))
            .header("hx-request", "true")
            .header(
                "hx-current-url",
                format!("{}/werkgever/check", s.basis),
            )
            .form(&[("csrf", "x"), ("bsn", "111222333")]),
    );
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers().get("hx-redirect").and_then(|v| v.to_str().ok()),
        Some("/login?terug=%2Fwerkgever%2Fcheck")
    );
    assert_eq!(r.text().unwrap_or_default(), "", "no page inside the page");
    // another site's page in HX-Current-URL is not a way back
    let r = zonder_redirect(
        b.client
            .post(format!("{}/werkgever/check", s.basis))
            .header("hx-request", "true")
            .header("hx-current-url", "https://elders.example/werkgever/check")
            .form(&[("csrf", "x"), ("bsn", "111222333")]),
    );
    assert_eq!(
        r.headers().get("hx-redirect").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    // the login returns to terug …
    let werkgever = [
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
    ];
    let login_met = |terug: &str| {
        let mut velden = werkgever.to_vec();
        velden.push(("terug", terug));
        let r = b
            .client
            .post(format!("{}/login", s.basis))
            .form(&velden)
            .send()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        locatie(&r)
    };
    assert_eq!(login_met("/werkgever/quotum?jaar=2026"), "/werkgever/quotum?jaar=2026");
    // … but never to another site (open redirect)
    for kwaad in ["//elders.example/x", "https://elders.example/", "/\\elders.example", "x"] {
        assert_eq!(login_met(kwaad), "/", "{kwaad}");
    }
    // a refused login keeps what was typed (a burger needs a valid BSN)
    let r = b
        .client
        .post(format!("{}/login", s.basis))
        .form(&[("rol", "burger"), ("bsn", "12345"), ("organisatie", "Bakkerij Typo"), ("terug", "/werkgever/check")])
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().unwrap_or_default();
    assert!(html.contains("<option value=\"burger\" selected>"), "{html}");
    assert!(html.contains("value=\"12345\""), "{html}");
    assert!(html.contains("value=\"Bakkerij Typo\""), "{html}");
    assert!(html.contains("name=\"terug\" value=\"&#x2f;werkgever&#x2f;check\""), "{html}");
    assert!(html.contains("aria-describedby=\"login-fout\" aria-invalid=\"true\""), "{html}");
    // logging out ends on the login page with a confirmation
    let mut w = Browser::new(&s);
    w.login(&werkgever);
    let csrf = w.csrf("/werkgever/check");
    let r = w
        .client
        .post(format!("{}/uitloggen", s.basis))
        .header("cookie", w.cookie.clone().unwrap_or_default())
        .form(&[("csrf", &csrf)])
        .send()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(locatie(&r), "/login?uitgelogd=1");
    w.cookie = None;
    let (_, html) = w.get("/login?uitgelogd=1");
    assert!(html.contains("U bent uitgelogd."), "{html}");
}

/// Issue #12 finding 4: forms keep what was typed and put the error beside the field in plain
/// Dutch; a BSN is accepted the way people write it; the answer names the BSN checked.
#[test]
fn formulieren_houden_waarden_en_lezen_bsn_zoals_mensen_het_schrijven() {
    let s = server();
    let mut w = Browser::new(&s);
    w.login(&[
        ("rol", "werkgever"),
        ("loonheffingennummer", "999990019L01"),
    ]);
    let csrf = w.csrf("/werkgever/check");
    // 111222333 with spaces and dots: the registered person of the fixture
    let (st, html) = w.post(
        "/werkgever/check",
        &[
            ("csrf", &csrf),
            ("bsn", "111.222 333"),
            ("peildatum", "30-06-2026"),
            ("doel", "werknemer"),
        ],
    );
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("staat deze persoon <strong>wel</strong>"), "{html}");
    assert!(html.contains("Gecontroleerd burgerservicenummer: <span class=\"gecontroleerd\">111 222 333</span>"), "{html}");
    // one digit wrong: 725569208 fails the 11-test (725569207 passes: 209 = 19·11; the last
    // digit one higher subtracts 1: 208 = 18·11 + 10)
    let (st, html) = w.post(
        "/werkgever/check",
        &[
            ("csrf", &csrf),
            ("bsn", "725 569 208"),
            ("peildatum", "2026-06-30"),
            ("doel", "sollicitant"),
        ],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("<option value=\"sollicitant\" selected>"), "the purpose stays: {html}");
    assert!(!html.contains("doel-fout"), "{html}");
    assert!(html.contains("value=\"725 569 208\""), "the BSN stays: {html}");
    assert!(html.contains("value=\"2026-06-30\""), "the peildatum stays: {html}");
    assert!(html.contains("aria-describedby=\"bsn-uitleg bsn-fout\" aria-invalid=\"true\""), "{html}");
    assert!(html.contains("<p id=\"bsn-fout\" class=\"fout\" role=\"alert\">Dit is geen geldig burgerservicenummer. Controleer of u alle 9 cijfers goed hebt overgenomen.</p>"), "{html}");
    assert!(!html.to_lowercase().contains("elfproef"));
    // the voordelen form the same way
    let csrf = w.csrf("/werkgever/voordelen");
    let (st, html) = w.post(
        "/werkgever/voordelen",
        &[("csrf", &csrf), ("bsn", "725-569-208"), ("ingangsdatum", "2026-03-01")],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("value=\"725-569-208\"") && html.contains("value=\"2026-03-01\""), "{html}");
    assert!(html.contains("id=\"bsn-fout\""), "{html}");
    // the uwv's bezwaar form: lodged (4 January) before the decision (5 January) is refused,
    // both dates and the BSN stay, the error sits at "ingediend op"
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV Formulier")]);
    let csrf = u.csrf("/inkijk/bezwaren");
    let registreer = |bsn: &str, besluit: &str, ingediend: &str, bevestigd: &str| {
        u.post(
            "/inkijk/bezwaren",
            &[
                ("csrf", &csrf),
                ("actie", "registreren"),
                ("bsn", bsn),
                ("besluitdatum", besluit),
                ("ingediend_op", ingediend),
                ("bevestigd", bevestigd),
            ],
        )
    };
    let (st, html) = registreer("123 456 782", "2026-01-05", "2026-01-04", "");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("value=\"2026-01-05\"") && html.contains("value=\"2026-01-04\""), "{html}");
    assert!(html.contains("value=\"123 456 782\""), "{html}");
    assert!(html.contains("id=\"ingediend_op-fout\"") && html.contains("vóór de datum van het besluit"), "{html}");
    assert!(html.contains("geen open bezwaren"), "nothing recorded: {html}");
    // a date as people write it: 5-1-2026 and 05-01-2026
    let (st, html) = registreer("123456782", "5-1-2026", "05-01-2026", "");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Bezwaar 1 vastgelegd."), "{html}");
    // with bezwaar 1 open, a date pair that cannot be right is still refused first (not the
    // warning about the open one)
    let (st, html) = registreer("123456782", "2026-03-02", "2026-03-01", "");
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"ingediend_op-fout\"") && !html.contains("staat al een bezwaar open"), "{html}");
    // a second one for the same person: a warning to confirm, nothing recorded yet
    let (st, html) = registreer("123456782", "2026-03-02", "2026-03-10", "");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Voor deze persoon staat al een bezwaar open: nr. 1 (besluit van 05-01-2026, ingediend 05-01-2026)"), "{html}");
    assert!(html.contains("name=\"bevestigd\" value=\"ja\"") && html.contains("value=\"2026-03-10\""), "{html}");
    assert!(!html.contains("Bezwaar 2 vastgelegd"), "{html}");
    let (_, html) = registreer("123456782", "2026-03-02", "2026-03-10", "ja");
    assert!(html.contains("Bezwaar 2 vastgelegd."), "{html}");
    // a founded opvoer for a person without BRP data (725569207 is not in the fixture's BRP
    // delivery): refused, the bezwaar stays open
    let (_, html) = registreer("725569207", "2026-10-01", "2026-10-02", "");
    assert!(html.contains("Bezwaar 3 vastgelegd."), "{html}");
    // said at the first step, before any confirmation is asked
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "beslissen"),
            ("id", "3"),
            ("uitkomst", "gegrond-opvoer"),
            ("ingangsdatum", "2026-10-01"),
        ],
    );
    assert!(html.contains("Van deze persoon zijn geen persoonsgegevens uit de BRP bekend"), "{html}");
    assert!(!html.contains("name=\"bevestigd\" value=\"ja\""), "no confirmation step: {html}");
    let (_, html) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf),
            ("actie", "beslissen"),
            ("id", "3"),
            ("uitkomst", "gegrond-opvoer"),
            ("ingangsdatum", "2026-10-01"),
            ("bevestigd", "ja"),
        ],
    );
    assert!(html.contains("Van deze persoon zijn geen persoonsgegevens uit de BRP bekend"), "{html}");
    assert!(html.contains("name=\"id\" value=\"3\""), "still open: {html}");
    assert_eq!(
        s.sql("SELECT CAST(COUNT(*) AS TEXT) FROM registratie_versies WHERE bsn = 725569207"),
        vec!["0".to_string()]
    );
}

/// Issue #14: the gemeente's praktijkroute page. Amsterdam (0363) records loonwaardebepalingen:
/// 123456782 lives in Utrecht (0344) — refused; 111222333 lives in Amsterdam: a loonwaarde of 100% is refused beside the field, 62,5% registers PRAKTIJKROUTE
/// from the measurement's date with a notice and a processing record; a gemeente without
/// gemeentecode and an employer do not get the page.
#[test]
fn praktijkroute_op_de_paginas_van_de_gemeente() {
    let s = server();
    let mut g = Browser::new(&s);
    g.login(&[
        ("rol", "gemeente"),
        ("gemeentecode", "0363"),
        ("organisatie", "Gemeente Amsterdam"),
    ]);
    let (st, html) = g.get("/");
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("&#x2f;gemeente&#x2f;praktijkroute"), "{html}");
    let csrf = g.csrf("/gemeente/praktijkroute");
    let velden = |bsn: &'static str, pct: &'static str| {
        vec![
            ("bsn", bsn),
            ("loonheffingennummer", "999990019L01"),
            ("datum", "02-03-2026"),
            ("loonwaarde", pct),
            ("gemeten_door", "Loonwaardebureau Noord"),
        ]
    };
    let post = |v: Vec<(&'static str, &'static str)>| {
        let mut alles: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        alles.extend(v);
        g.post("/gemeente/praktijkroute", &alles)
    };
    let (st, html) = post(velden("111222333", "100"));
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("id=\"loonwaarde-fout\"") && html.contains("kleiner dan 100%"), "{html}");
    assert!(html.contains("value=\"Loonwaardebureau Noord\""), "the form keeps its values");
    // a person living elsewhere: refused, nothing recorded
    let (st, _) = post(velden("123456782", "62,5"));
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, html) = post(velden("111222333", "62,5"));
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(html.contains("vastgelegd vanaf 2 maart 2026"), "{html}");
    assert_eq!(
        s.sql("SELECT grondslag || '|' || ingangsdatum || '|' || loonwaarde_pct FROM registratie_versies WHERE grondslag = 'PRAKTIJKROUTE'"),
        vec!["PRAKTIJKROUTE|2026-03-02|6250".to_string()]
    );
    assert_eq!(
        s.sql("SELECT processing_activity_id FROM verwerkingen WHERE naam = 'web_praktijkroute'"),
        vec!["DGR-PRAKTIJKROUTE".to_string()]
    );
    // the same again: nothing new
    let (st, html) = post(velden("111222333", "62,5"));
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("stond al in het register"), "{html}");
    // without a gemeentecode, and as an employer: no page
    let mut zonder = Browser::new(&s);
    zonder.login(&[("rol", "gemeente")]);
    assert_eq!(zonder.get("/gemeente/praktijkroute").0, StatusCode::FORBIDDEN);
    let mut w = Browser::new(&s);
    w.login(&[("rol", "werkgever"), ("loonheffingennummer", "999990019L01")]);
    assert_eq!(w.get("/gemeente/praktijkroute").0, StatusCode::FORBIDDEN);
}

/// Issue #14: a request from the Mijn page through UWV's queue to the register and back to the
/// citizen. 111222333 (WAJONG, Amsterdam) asks for a beoordeling; the queue shows it with its
/// last day (20 November + 56 days = 15 January 2027); UWV decides it positive on
/// 20 November 2026; the citizen sees the outcome, the objection term (6 weeks: 1 January 2027)
/// and a notice of the PW_IBA registration. Amsterdam asks on behalf of its resident, not of an
/// Utrecht resident; an employer gets neither page.
#[test]
fn aanvraag_van_mijn_pagina_via_de_wachtrij_naar_het_register() {
    let s = server();
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", "111222333")]);
    let csrf = p.csrf("/mijn");
    let (st, _) = p.post(
        "/mijn/aanvragen",
        &[("csrf", &csrf), ("soort", "BEOORDELING_ARBEIDSVERMOGEN"), ("toelichting", "Ik werk met begeleiding.")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, html) = p.get("/mijn");
    assert!(html.contains("Uw aanvraag is ontvangen") && html.contains("in behandeling"), "{html}");
    assert!(html.contains("15 januari 2027"), "the term: {html}");
    // a second one of the same kind is refused
    let (st, html) = p.post("/mijn/aanvragen", &[("csrf", &csrf), ("soort", "BEOORDELING_ARBEIDSVERMOGEN")]);
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("al een aanvraag"), "{html}");
    // UWV's queue
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv"), ("organisatie", "UWV Aanvragen")]);
    let (st, html) = u.get("/inkijk/aanvragen");
    assert_eq!(st, StatusCode::OK);
    // staff see the BSN in full, as in the bezwaren queue (the page is in the processing log)
    assert!(html.contains("111222333"), "{html}");
    assert!(html.contains("15-01-2027"), "{html}");
    let id = html
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string();
    let csrf_u = u.csrf("/inkijk/aanvragen");
    // an outcome must be chosen
    let (st, html) = u.post("/inkijk/aanvragen", &[("csrf", &csrf_u), ("id", &id), ("uitkomst", "")]);
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("Kies de uitkomst"), "{html}");
    let (st, _) = u.post(
        "/inkijk/aanvragen",
        &[("csrf", &csrf_u), ("id", &id), ("uitkomst", "POSITIEF"), ("besluit_op", "2026-11-20")],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, html) = u.get("/inkijk/aanvragen");
    assert!(html.contains("registratie is opgenomen vanaf 20 november 2026"), "{html}");
    // the decision is in the processing log under the request's activity
    assert_eq!(
        s.sql("SELECT processing_activity_id FROM verwerkingen WHERE naam = 'web_aanvraag_besluit'"),
        vec!["DGR-AANVRAAG".to_string()]
    );
    assert!(html.contains("mogelijk tot en met <time datetime=\"2027-01-01\">"), "{html}");
    assert_eq!(
        s.sql("SELECT grondslag || '|' || ingangsdatum FROM registratie_versies WHERE grondslag = 'PW_IBA' AND bsn = 111222333"),
        vec!["PW_IBA|2026-11-20".to_string()]
    );
    // a bezwaar against that decision: the bezwaren queue names the request it is against
    let csrf_b = u.csrf("/inkijk/bezwaren");
    let (st, _) = u.post(
        "/inkijk/bezwaren",
        &[
            ("csrf", &csrf_b),
            ("actie", "registreren"),
            ("bsn", "111222333"),
            ("besluitdatum", "2026-11-20"),
            ("ingediend_op", "2026-11-20"),
            ("bevestigd", "ja"),
        ],
    );
    assert!(st.is_success() || st.is_redirection(), "{st}");
    let (_, html) = u.get("/inkijk/bezwaren");
    assert!(html.contains(&format!("besluit op aanvraag {id}")), "{html}");
    // the citizen sees the outcome, the objection term and the notice
    let (_, html) = p.get("/mijn");
    assert!(html.contains("positief: indicatie banenafspraak"), "{html}");
    assert!(html.contains("uiterlijk 1 januari 2027"), "{html}");
    assert!(html.contains("Participatiewet - indicatie banenafspraak</strong>, vanaf 20 november 2026"), "{html}");
    // a gemeente asks on behalf of its resident only
    let mut g = Browser::new(&s);
    g.login(&[("rol", "gemeente"), ("gemeentecode", "0344")]);
    let csrf_g = g.csrf("/gemeente/aanvragen");
    let (st, _) = g.post("/gemeente/aanvragen", &[("csrf", &csrf_g), ("bsn", "111222333")]);
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, html) = g.post("/gemeente/aanvragen", &[("csrf", &csrf_g), ("bsn", "123456782"), ("toelichting", "Via de Participatiewet.")]);
    assert_eq!(st, StatusCode::OK, "{html}");
    assert!(html.contains("De aanvraag is ingediend"), "{html}");
    assert_eq!(
        s.sql("SELECT ingediend_door FROM aanvragen WHERE bsn = 123456782"),
        vec!["gemeente 0344".to_string()]
    );
    assert!(
        s.sql("SELECT DISTINCT processing_activity_id FROM verwerkingen WHERE naam LIKE 'web_aanvra%'")
            .iter()
            .all(|a| a == "DGR-AANVRAAG")
    );
    let mut w = Browser::new(&s);
    w.login(&[("rol", "werkgever"), ("loonheffingennummer", "999990019L01")]);
    assert_eq!(w.get("/inkijk/aanvragen").0, StatusCode::FORBIDDEN);
    assert_eq!(w.get("/gemeente/aanvragen").0, StatusCode::FORBIDDEN);
}

/// Issue #14's new forms and endpoint with hostile input: a form over the transport's limit is
/// refused (413); long text is cut to what the register keeps (1,000 characters; 200 for who
/// measured) without control characters or
/// bidirectional overrides; an unknown kind, wrong types, absurd numbers and ids are refused
/// with 400 or 404, never a 500, and refused input writes nothing.
#[test]
fn nieuwe_formulieren_met_vijandige_invoer() {
    let s = server();
    let groot = format!("a\u{1b}[2J\u{202e}{}", "x".repeat(1_500_000));
    let ruim = format!("a\u{1b}[2J\u{202e}{}", "x".repeat(20_000));
    let mut p = Browser::new(&s);
    p.login(&[("rol", "burger"), ("bsn", "111222333")]);
    let csrf = p.csrf("/mijn");
    // an unknown kind of request: refused, nothing stored
    let (st, _) = p.post("/mijn/aanvragen", &[("csrf", &csrf), ("soort", "'; DROP TABLE aanvragen; --")]);
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(s.sql("SELECT soort FROM aanvragen").is_empty());
    // 1.5 MB of explanation: refused by the transport's form limit (a 413, or the connection
    // cut while the body was still being sent), nothing stored
    let st = p.post_te_groot(
        "/mijn/aanvragen",
        &[("csrf", &csrf), ("soort", "BEOORDELING_ARBEIDSVERMOGEN"), ("toelichting", &groot)],
    );
    assert!(matches!(st, None | Some(StatusCode::PAYLOAD_TOO_LARGE)), "{st:?}");
    assert!(s.sql("SELECT soort FROM aanvragen").is_empty());
    // 20 KB with escape sequences: kept as 1,000 clean characters
    let (st, _) = p.post(
        "/mijn/aanvragen",
        &[("csrf", &csrf), ("soort", "BEOORDELING_ARBEIDSVERMOGEN"), ("toelichting", &ruim)],
    );
    assert_eq!(st, StatusCode::SEE_OTHER);
    let kept = s.sql("SELECT toelichting FROM aanvragen");
    assert_eq!(kept.len(), 1);
    // "a" + "[2J" (the escape and the override dropped) + 996 × "x" = 1,000 characters
    assert_eq!(kept[0].chars().count(), 1_000);
    assert!(kept[0].starts_with("a[2Jx") && !kept[0].contains('\u{1b}') && !kept[0].contains('\u{202e}'));
    // absurd letter ids: "not found" (the site's answer to any address it does not serve), never a 500
    for pad in [
        "/mijn/kennisgevingen/abc",
        "/mijn/kennisgevingen/99999999999999999999999",
        "/mijn/kennisgevingen/-1",
    ] {
        assert_eq!(p.get(pad).0, StatusCode::NOT_FOUND, "{pad}");
    }
    // UWV's decision form: wrong types and unknown requests
    let mut u = Browser::new(&s);
    u.login(&[("rol", "uwv")]);
    let csrf_u = u.csrf("/inkijk/aanvragen");
    let (st, _) = u.post("/inkijk/aanvragen", &[("csrf", &csrf_u), ("id", "één"), ("uitkomst", "POSITIEF")]);
    assert!(st.is_client_error(), "{st}");
    let (st, html) = u.post("/inkijk/aanvragen", &[("csrf", &csrf_u), ("id", "987654"), ("uitkomst", "POSITIEF")]);
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("bestaat niet"), "{html}");
    let (st, _) = u.post(
        "/inkijk/aanvragen",
        &[("csrf", &csrf_u), ("id", "1"), ("uitkomst", "POSITIEF"), ("besluit_op", "31-02-2026")],
    );
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(s.sql("SELECT status FROM aanvragen"), vec!["OPEN".to_string()]);
    // the praktijkroute: absurd loonwaarden and an oversized name
    let mut g = Browser::new(&s);
    g.login(&[("rol", "gemeente"), ("gemeentecode", "0363")]);
    let csrf_g = g.csrf("/gemeente/praktijkroute");
    for pct in ["1e309", "NaN", "99,999", "-0,01", "", "6.2.5"] {
        let (st, html) = g.post(
            "/gemeente/praktijkroute",
            &[
                ("csrf", &csrf_g),
                ("bsn", "111222333"),
                ("loonheffingennummer", "999990019L01"),
                ("datum", "2026-03-02"),
                ("loonwaarde", pct),
                ("gemeten_door", &ruim),
            ],
        );
        assert_eq!(st, StatusCode::BAD_REQUEST, "{pct}");
        assert!(html.contains("id=\"loonwaarde-fout\""), "{pct}: {html}");
    }
    assert!(s.sql("SELECT grondslag FROM registratie_versies WHERE grondslag = 'PRAKTIJKROUTE'").is_empty());
    let (st, _) = g.post(
        "/gemeente/praktijkroute",
        &[
            ("csrf", &csrf_g),
            ("bsn", "111222333"),
            ("loonheffingennummer", "999990019L01"),
            ("datum", "2026-03-02"),
            ("loonwaarde", "50"),
            ("gemeten_door", &ruim),
        ],
    );
    assert_eq!(st, StatusCode::OK);
    let oorzaak = s.sql("SELECT handeling FROM registratie_versies WHERE grondslag = 'PRAKTIJKROUTE'");
    assert_eq!(oorzaak.len(), 1);
    assert!(!oorzaak[0].contains('\u{1b}') && oorzaak[0].len() < 400, "{}", oorzaak[0].len());
    // the API's purpose: a wrong type is a 400, an oversized body a 413 (the API's body limit)
    for (doel, verwacht) in [
        (json!(3), StatusCode::BAD_REQUEST),
        (json!(["werknemer"]), StatusCode::BAD_REQUEST),
        (json!("x".repeat(100_000)), StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let (st, _, _) = s.post(
            "/api/v1/doelgroepregistraties/_zoek",
            Some(&s.rol(Rol::Werkgever)),
            json!({"bsn": "111222333", "doel": doel}),
        );
        assert_eq!(st, verwacht);
    }
}
