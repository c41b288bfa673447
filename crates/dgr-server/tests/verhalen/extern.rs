// The tests that drive external tools (schemathesis, Chromium) against a server; included in
// the SQLite half of `tests/api.rs` only: they test the HTTP surface, which does not depend on
// the backend, and take long.

use std::path::PathBuf;

/// Finds a program on the PATH.
fn op_pad(naam: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(naam))
            .find(|x| x.is_file())
    })
}

#[test]
fn schemathesis_fuzzing_tegen_de_openapi() {
    let Some(st) = op_pad("schemathesis") else {
        // .ci/run installs schemathesis; on CI its absence is a failure, locally a notice
        assert!(
            std::env::var_os("CI").is_none(),
            "schemathesis ontbreekt op CI (pip install schemathesis)"
        );
        eprintln!("schemathesis niet gevonden: fuzzing overgeslagen (pip install schemathesis)");
        return;
    };
    let s = server_met(1_000_000);
    for rol in [Rol::Werkgever, Rol::Uwv] {
        let uit = std::process::Command::new(&st)
            .args(["run", &format!("{}/api/v1/openapi.json", s.basis)])
            .args(["-H", &format!("Authorization: Bearer {}", s.rol(rol))])
            .args([
                "--checks",
                "not_a_server_error,response_schema_conformance",
                "-n",
                "25",
                "--seed",
                "2015",
            ])
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        let tekst = String::from_utf8_lossy(&uit.stdout);
        assert!(uit.status.success(), "schemathesis als {rol:?}:\n{tekst}");
    }
}

/// One registered employee (111222333, WAJONG since 2016) working 113 hours every December of
/// 2016..=2025 at the fixture's employer: the banenmonitor dashboard then has a series of years,
/// with 2024 among them (the year without a target, issue #12).
fn vul_banenreeks(db: &dgr_store::Database, klok: Klok) {
    let mut r = dgr_register::Register::open_database(db, klok)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let mut polis =
        String::from("bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n");
    for jaar in 2016..=2025 {
        polis.push_str(&format!(
            "111222333;999990019L01;{jaar}-12-01;{jaar}-12-31;113\n"
        ));
    }
    let a = dgr_register::Aanlevering {
        soort: dgr_core::LeveringSoort::Polis,
        bron: dgr_core::Bron::Uwv,
        kenmerk: "POLIS-REEKS".into(),
        gemeentecode: None,
        fiscaal_nummer: None,
        modus: dgr_core::Modus::Strict,
        geregistreerd_op: None,
        bestandsnaam: "reeks.csv".into(),
        inhoud: polis.as_bytes(),
    };
    let _ = r
        .importeer(&a, &mut |_, _| {})
        .unwrap_or_else(|e| unreachable!("{e}"));
}

/// The web pages in a real browser: `e2e/run.mjs` drives the system Chromium through every role's
/// main tasks and refusals, runs axe-core on each page (no serious or critical violations) and
/// takes desktop and mobile screenshots (no page wider than a phone). Needs node, chromium and
/// `npm ci --prefix e2e`; `.ci/run` installs them.
#[test]
fn e2e_in_chromium() {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(op_pad);
    let klaar = op_pad("node").is_some()
        && chromium.is_some()
        && e2e.join("node_modules/playwright-core").is_dir();
    if !klaar {
        assert!(
            std::env::var_os("CI").is_none(),
            "node, chromium of e2e/node_modules ontbreekt op CI (zie .ci/run)"
        );
        eprintln!(
            "e2e overgeslagen: node, chromium of e2e/node_modules ontbreekt (npm ci --prefix e2e)"
        );
        return;
    }
    // the fixture plus the small organisation of the werkgeversmonitor (verhalen/monitor.rs), a
    // December of work for every year of the banenmonitor's series and the long lists of issue
    // #12 (verhalen/lijsten.rs)
    let s = server_gevuld(
        |_| {},
        |db, klok| {
            vul_organisatie(db, klok);
            vul_banenreeks(db, klok);
            vul_lijsten(db, klok);
        },
    );
    let schermen = e2e.join("screenshots");
    let uit = std::process::Command::new("node")
        .arg(e2e.join("run.mjs"))
        .arg(&s.basis)
        .arg(&schermen)
        .env("DGR_CHROMIUM", chromium.unwrap_or_default())
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        uit.status.success(),
        "e2e:\n{}\n{}",
        String::from_utf8_lossy(&uit.stdout),
        String::from_utf8_lossy(&uit.stderr)
    );
}

