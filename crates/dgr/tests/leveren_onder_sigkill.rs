//! Issue #9, item 3: an applied delivery never lacks its processing-log records. A real `dgr
//! serve` process is killed (SIGKILL) while a polis delivery is being uploaded, parsed, applied
//! or logged, at several moments; afterwards every delivery the register holds as applied has a
//! `DGR-LEVERING` record for each of its data subjects, and a delivery whose records are missing
//! was not applied. (Records without an applied delivery may exist: the log is written before the
//! register commits, so a kill between the two leaves the record of an attempted processing.)

use std::collections::HashSet;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dgr_core::Bsn;
use dgr_server::logboek::Pseudonimiseerder;

mod gemeen;

use gemeen::elfproef;

const DGR: &str = env!("CARGO_BIN_EXE_dgr");

/// A polis delivery of `personen` persons (3 monthly rows each), BSNs from `eerste` upward.
fn polis(map: &Path, naam: &str, eerste: u32, personen: usize) -> (PathBuf, Vec<Bsn>) {
    let mut s =
        String::from("bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n");
    let mut bsns = Vec::new();
    let mut kandidaat = eerste;
    while bsns.len() < personen {
        kandidaat += 1;
        if elfproef(kandidaat) {
            for maand in 1..=3 {
                s.push_str(&format!(
                    "{kandidaat:09};123456782L01;2024-{maand:02}-01;2024-{maand:02}-28;100,5\n"
                ));
            }
            bsns.push(
                Bsn::parse(&format!("{kandidaat:09}")).unwrap_or_else(|e| unreachable!("{e}")),
            );
        }
    }
    let pad = map.join(naam);
    std::fs::write(&pad, s).unwrap_or_else(|e| unreachable!("{e}"));
    (pad, bsns)
}

/// Starts `dgr serve` on a free port; returns the process and its address.
fn start_server(db: &Path) -> (Child, String) {
    let mut kind = Command::new(DGR)
        .args(["--db", &db.to_string_lossy(), "serve", "--ontwikkel-issuer"])
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let stderr = kind.stderr.take().unwrap_or_else(|| unreachable!("stderr"));
    let mut regels = BufReader::new(stderr).lines();
    let mut adres = String::new();
    for regel in regels.by_ref() {
        let regel = regel.unwrap_or_default();
        if let Some(rest) = regel.split("http://").nth(1) {
            adres = rest.split('/').next().unwrap_or_default().to_string();
            break;
        }
    }
    assert!(!adres.is_empty(), "the server did not say where it listens");
    // keep draining stderr so the server never blocks on a full pipe
    std::thread::spawn(move || for _ in regels {});
    (kind, adres)
}

fn token(db: &Path) -> String {
    let o = Command::new(DGR)
        .args(["--db", &db.to_string_lossy(), "token", "--rol", "uwv"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn upload(adres: &str, token: &str, kenmerk: &str, bestand: &Path) {
    let form = reqwest::blocking::multipart::Form::new()
        .text("bron", "UWV")
        .text("soort", "polis")
        .text("kenmerk", kenmerk.to_string())
        .file("bestand", bestand)
        .unwrap_or_else(|e| unreachable!("{e}"));
    // the server may be killed at any moment: an error here is expected
    let _ = reqwest::blocking::Client::new()
        .post(format!("http://{adres}/api/v1/leveringen"))
        .bearer_auth(token)
        .multipart(form)
        .timeout(Duration::from_secs(60))
        .send();
}

fn toegepast(db: &Path) -> HashSet<String> {
    dgr_store::testhulp::vraag_tekst(
        &dgr_store::Database::Sqlite(db.to_path_buf()),
        "SELECT kenmerk FROM leveringen WHERE status = 'TOEGEPAST'",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
    .into_iter()
    .collect()
}

fn gelogde_leveringssubjecten(db: &Path) -> HashSet<String> {
    dgr_store::testhulp::vraag_tekst(
        &dgr_store::Database::Sqlite(db.to_path_buf()),
        "SELECT DISTINCT data_subject_id FROM verwerkingen \
         WHERE processing_activity_id = 'DGR-LEVERING'",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
    .into_iter()
    .collect()
}

#[test]
fn een_toegepaste_levering_heeft_altijd_haar_verwerkingen() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let db = map.path().join("r.db");
    let st = Command::new(DGR)
        .args(["--db", &db.to_string_lossy(), "leveringen"])
        .status()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(st.success());
    let token = token(&db);
    // kill moments from "while the body arrives" to "after the answer"; the last one lets the
    // upload finish so at least one delivery is applied
    let momenten_ms = [5u64, 40, 120, 250, 400, 600, 900, 1300, 0];
    let mut leveringen: Vec<(String, Vec<Bsn>)> = Vec::new();
    for (k, wacht) in momenten_ms.iter().enumerate() {
        let kenmerk = format!("K{k}");
        let eerste = 100_000_000 + u32::try_from(k).unwrap_or(0) * 1_000_000;
        let (bestand, bsns) = polis(map.path(), &format!("{kenmerk}.csv"), eerste, 8_000);
        let (mut server, adres) = start_server(&db);
        let (a, t, km, b) = (
            adres.clone(),
            token.clone(),
            kenmerk.clone(),
            bestand.clone(),
        );
        let verzender = std::thread::spawn(move || upload(&a, &t, &km, &b));
        if *wacht > 0 {
            std::thread::sleep(Duration::from_millis(*wacht));
            let _ = server.kill();
            let _ = verzender.join();
        } else {
            // no kill before the answer: wait for it, then stop the server
            let _ = verzender.join();
            let _ = server.kill();
        }
        let _ = server.wait();
        leveringen.push((kenmerk, bsns));
        // the register opens again after every kill (nothing half-applied blocks it)
        let st = Command::new(DGR)
            .args(["--db", &db.to_string_lossy(), "leveringen"])
            .stdout(Stdio::null())
            .status()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(st.success(), "the register does not open after kill {k}");
    }
    let pseudo =
        Pseudonimiseerder::laad_of_maak(map.path()).unwrap_or_else(|e| unreachable!("{e}"));
    let toegepast = toegepast(&db);
    let gelogd = gelogde_leveringssubjecten(&map.path().join("r.db"));
    let mut met_records = 0;
    for (kenmerk, bsns) in &leveringen {
        let alle_gelogd = bsns.iter().all(|b| gelogd.contains(&pseudo.pseudoniem(*b)));
        if alle_gelogd {
            met_records += 1;
        }
        // equivalently: a delivery without (all) its records was not applied
        assert!(
            alle_gelogd || !toegepast.contains(kenmerk),
            "delivery {kenmerk} is applied without its processing records"
        );
    }
    assert!(
        toegepast.contains("K8"),
        "the upload without a kill must be applied: {toegepast:?}"
    );
    assert!(
        toegepast.len() < leveringen.len(),
        "no kill landed before a commit; the test proves nothing: {toegepast:?}"
    );
    eprintln!(
        "{} deliveries, {} applied, {} with all records",
        leveringen.len(),
        toegepast.len(),
        met_records
    );
}
