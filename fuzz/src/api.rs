//! The API's JSON request bodies under fuzzing: the whole router of `dgr-server` (as
//! `dgr_server::start` builds it, on a fresh register in a temporary folder), driven in-process
//! with `tower::ServiceExt::oneshot`, so whatever extractor or validation the server uses is
//! what is fuzzed. The bodies go to the three endpoints that take one, with a valid token of a
//! role that may call them (or may not: refusals are answers too).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use dgr_server::auth::Claims;
use dgr_server::identiteit::Rol;
use dgr_server::sleutels::{ONTWIKKEL_ISSUER, Ontwikkelsleutel};
use dgr_server::{Instellingen, Staat};
use tower::ServiceExt as _;

/// A small register: two registered persons, one employee of the werkgever's lhn.
const LEVERINGEN: [(dgr_core::LeveringSoort, dgr_core::Bron, &str); 3] = [
    (
        dgr_core::LeveringSoort::Personen,
        dgr_core::Bron::Brp,
        "bsn;geboortedatum;woongemeente\n111222333;1980-01-01;0363\n123456782;1985-01-01;0344\n",
    ),
    (
        dgr_core::LeveringSoort::Registraties,
        dgr_core::Bron::Uwv,
        "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2016-01-01\n123456782;PW_IBA;OPVOER;2017-01-01\n",
    ),
    (
        dgr_core::LeveringSoort::Polis,
        dgr_core::Bron::Uwv,
        "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;999990019L01;2025-01-01;2025-01-31;100\n",
    ),
];

/// The endpoints with a JSON body, and the roles that call them (index = selector byte % 8).
pub const VRAGEN: [(&str, Rol); 8] = [
    ("/api/v1/doelgroepregistraties/_zoek", Rol::Werkgever),
    ("/api/v1/doelgroepregistraties/_zoek", Rol::Uwv),
    ("/api/v1/doelgroepregistraties/_zoek", Rol::Gemeente),
    ("/api/v1/doelgroepregistraties/_zoek", Rol::Burger),
    ("/api/v1/werknemersoverzichten", Rol::Werkgever),
    ("/api/v1/werkgeversvoordelen/_zoek", Rol::Werkgever),
    ("/api/v1/werknemersoverzichten", Rol::Uwv),
    ("/api/v1/werkgeversvoordelen/_zoek", Rol::Gemeente),
];

/// The application under test, built once per fuzzing process.
pub struct Api {
    rt: tokio::runtime::Runtime,
    app: Router,
    tokens: Vec<(Rol, String)>,
    _map: tempfile::TempDir,
}

/// The one instance of the process.
pub static API: LazyLock<Api> = LazyLock::new(|| match Api::bouw() {
    Ok(a) => a,
    Err(e) => unreachable!("API opbouwen: {e}"),
});

impl Api {
    fn bouw() -> Result<Api, String> {
        let map = tempfile::tempdir().map_err(|e| e.to_string())?;
        let db = map.path().join("fuzz.db");
        vul(&db)?;
        let sleutel = Ontwikkelsleutel::laad_of_maak(map.path()).map_err(|e| e.to_string())?;
        let instellingen = Instellingen {
            db: dgr_store::Database::Sqlite(db),
            data_map: map.path().to_path_buf(),
            jwks: None,
            issuer: None,
            audience: "doelgroepregister".into(),
            ontwikkel_issuer: true,
            // the daily limit would turn every later lookup into the same 429
            limiet_per_dag: u64::MAX,
            oidc: None,
            grenzen: dgr_server::Grenzen::default(),
            klok: dgr_register::tijd::Klok::echt(),
            // no dashboards computed ahead on a thread of their own: each input runs alone
            dashboards_voorberekenen: false,
            lezers: None,
            logboek_wachttijd: None,
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let staat = {
            let _binnen = rt.enter();
            Staat::new(instellingen).map_err(|e| e.to_string())?
        };
        let app = dgr_server::app::router(staat);
        let mut tokens = Vec::new();
        for rol in [Rol::Werkgever, Rol::Uwv, Rol::Gemeente, Rol::Burger] {
            tokens.push((rol, token(&sleutel, rol)?));
        }
        Ok(Api {
            rt,
            app,
            tokens,
            _map: map,
        })
    }

    /// Sends `body` as a JSON POST to the endpoint and role the selector picks; the status and
    /// the answer's bytes.
    pub fn vraag(&self, keuze: u8, body: &[u8]) -> (u16, Vec<u8>) {
        let (pad, rol) = VRAGEN[usize::from(keuze) % VRAGEN.len()];
        let token = self
            .tokens
            .iter()
            .find(|(r, _)| *r == rol)
            .map(|(_, t)| t.as_str())
            .unwrap_or_default();
        let mut verzoek =
            Request::post(pad).header(header::AUTHORIZATION, format!("Bearer {token}"));
        // bit 3: leave the content type out (the extractor's 415 path)
        if keuze & 0b1000 == 0 {
            verzoek = verzoek.header(header::CONTENT_TYPE, "application/json");
        }
        let verzoek = match verzoek
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40_000))))
            .body(Body::from(body.to_vec()))
        {
            Ok(v) => v,
            Err(e) => unreachable!("verzoek opbouwen: {e}"),
        };
        self.rt.block_on(async {
            let antwoord = match self.app.clone().oneshot(verzoek).await {
                Ok(a) => a,
                Err(e) => match e {},
            };
            let status = antwoord.status().as_u16();
            let bytes = axum::body::to_bytes(antwoord.into_body(), 16 * 1024 * 1024)
                .await
                .map(|b| b.to_vec())
                .unwrap_or_default();
            (status, bytes)
        })
    }
}

fn vul(db: &std::path::Path) -> Result<(), String> {
    let database = dgr_store::Database::Sqlite(db.to_path_buf());
    let mut register =
        dgr_register::Register::open_database(&database, dgr_register::tijd::Klok::echt())
            .map_err(|e| e.to_string())?;
    for (soort, bron, inhoud) in LEVERINGEN {
        let a = dgr_register::Aanlevering {
            soort,
            bron,
            kenmerk: soort.naam().into(),
            gemeentecode: None,
            fiscaal_nummer: None,
            modus: dgr_core::Modus::Strict,
            geregistreerd_op: None,
            bestandsnaam: "fuzz.csv".into(),
            inhoud: inhoud.as_bytes(),
        };
        register
            .importeer(&a, &mut |_, _| {})
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A development token of `rol`, valid for 30 days.
fn token(sleutel: &Ontwikkelsleutel, rol: Rol) -> Result<String, String> {
    let nu = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    let mut c = Claims {
        sub: format!("fuzz-{}", rol.naam()),
        rol: rol.naam().into(),
        iss: ONTWIKKEL_ISSUER.into(),
        aud: "doelgroepregister".into(),
        exp: nu + 30 * 24 * 3600,
        nbf: Some(nu.saturating_sub(5)),
        ..Claims::default()
    };
    match rol {
        Rol::Burger => c.bsn = Some("111222333".into()),
        Rol::Werkgever => {
            c.loonheffingennummers = vec!["999990019L01".into()];
            c.organisatie = Some("Fuzz BV".into());
        }
        Rol::Gemeente => c.gemeentecode = Some("0363".into()),
        _ => {}
    }
    sleutel.onderteken(&c).map_err(|e| e.to_string())
}

/// The 9-digit windows of the digit runs in `tekst`: every BSN-like string in it.
fn bsn_vensters(tekst: &[u8]) -> impl Iterator<Item = &[u8]> {
    tekst
        .split(|b| !b.is_ascii_digit())
        .flat_map(|run| run.windows(9))
}

/// Nine-digit strings in our own messages, not taken from the input: the example of the
/// loonheffingennummer's form ("heeft niet de vorm 123456782L01").
const EIGEN_REEKSEN: [&[u8]; 1] = [b"123456782"];

/// A BSN-like (9-digit) string that occurs both in the input and in the answer, if any
/// (except [`EIGEN_REEKSEN`]).
pub fn gedeelde_bsn_reeks<'a>(invoer: &[u8], antwoord: &'a [u8]) -> Option<&'a [u8]> {
    let vensters: HashSet<&[u8]> = bsn_vensters(invoer)
        .filter(|w| !EIGEN_REEKSEN.contains(w))
        .collect();
    bsn_vensters(antwoord).find(|w| vensters.contains(w))
}

/// The invariants of one answer to a fuzzed body: never a server error, a refusal is
/// problem+json, and no BSN-like digit string of the input appears in a refusal (issue #9,
/// finding 8: serde's message echoed `{"bsn": 111222333}`).
pub fn controleer_antwoord(body: &[u8], status: u16, antwoord: &[u8]) {
    assert!(status < 500, "status {status} op een verzoekbody");
    if (200..300).contains(&status) {
        return;
    }
    assert!(
        serde_json::from_slice::<serde_json::Value>(antwoord).is_ok(),
        "weigering {status} is geen JSON"
    );
    if let Some(reeks) = gedeelde_bsn_reeks(body, antwoord) {
        panic!(
            "status {status}: de BSN-achtige reeks {} uit de invoer staat in het antwoord: {}",
            String::from_utf8_lossy(reeks),
            String::from_utf8_lossy(antwoord)
        );
    }
}
