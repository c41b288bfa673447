//! The `dgr` binary as other tools drive it: exit codes, reports, time zones (C20), a delivery
//! killed halfway (C26), and no BSN in any log line of a demo run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod gemeen;

use gemeen::elfproef;

const DGR: &str = env!("CARGO_BIN_EXE_dgr");

fn dgr(db: &Path, args: &[&str]) -> Output {
    Command::new(DGR)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("dgr start niet: {e}"))
}

fn tekst(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn map() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"))
}

fn schrijf(map: &Path, naam: &str, inhoud: &str) -> PathBuf {
    let pad = map.join(naam);
    std::fs::write(&pad, inhoud).unwrap_or_else(|e| unreachable!("{e}"));
    pad
}

fn import(
    db: &Path,
    soort: &str,
    bron: &str,
    kenmerk: &str,
    bestand: &Path,
    extra: &[&str],
) -> Output {
    let b = bestand.to_string_lossy().to_string();
    let mut args = vec![
        "import",
        "--soort",
        soort,
        "--bron",
        bron,
        "--kenmerk",
        kenmerk,
    ];
    args.extend_from_slice(extra);
    args.push(&b);
    dgr(db, &args)
}

#[test]
fn import_meldt_toegepast_afgewezen_en_gebruiksfouten() {
    let m = map();
    let db = m.path().join("r.db");
    let goed = schrijf(
        m.path(),
        "goed.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n",
    );
    let o = import(&db, "registraties", "UWV", "K1", &goed, &[]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    assert!(tekst(&o).contains("toegepast"));
    // the same file again: "already applied", exit 0
    let o = import(&db, "registraties", "UWV", "K1", &goed, &[]);
    assert_eq!(code(&o), 0);
    assert!(tekst(&o).contains("al toegepast"), "{}", tekst(&o));
    // a bad row in strict mode: rejected, exit 1, masked BSN, line and column named
    let fout = schrijf(
        m.path(),
        "fout.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n123456789;WAJONG;OPVOER;2024-03-01\n",
    );
    let o = import(&db, "registraties", "UWV", "K2", &fout, &[]);
    assert_eq!(code(&o), 1);
    let t = tekst(&o);
    assert!(
        t.contains("regel 2, kolom bsn") && t.contains("*****6789") && !t.contains("123456789"),
        "{t}"
    );
    // usage errors: exit 2
    assert_eq!(code(&import(&db, "onzin", "UWV", "K3", &goed, &[])), 2);
    assert_eq!(
        code(&import(&db, "registraties", "GEMEENTE", "K3", &goed, &[])),
        2
    );
    assert_eq!(
        code(&import(
            &db,
            "registraties",
            "UWV",
            "K3",
            &goed,
            &["--geregistreerd-op", "gisteren"]
        )),
        2
    );
    // accept-valid writes the rejection file next to the input
    let gemengd = schrijf(
        m.path(),
        "gemengd.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n123456782;WAJONG;OPVOER;2024-03-01\n123456789;WAJONG;OPVOER;2024-03-01\n",
    );
    let o = import(
        &db,
        "registraties",
        "UWV",
        "K4",
        &gemengd,
        &["--modus", "accept-valid", "--json"],
    );
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let rapport: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(
        (
            rapport["rijen_toegepast"].as_u64(),
            rapport["rijen_afgewezen"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let afgewezen =
        std::fs::read_to_string(m.path().join("gemengd.csv.afgewezen.csv")).unwrap_or_default();
    assert_eq!(afgewezen.lines().count(), 2, "{afgewezen}");
    // leveringen lists all four recorded deliveries (K1, K2 rejected, K4; the repeat is not new)
    let o = dgr(&db, &["leveringen", "--json"]);
    let lijst: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(lijst.as_array().map(Vec::len), Some(3));
}

#[test]
fn check_antwoordt_ja_nee_en_weigert_ongeldige_invoer() {
    let m = map();
    let db = m.path().join("r.db");
    let f = schrijf(
        m.path(),
        "r.csv",
        "bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n012345672;PW_IBA;OPVOER;2024-01-01;2024-06-01;EINDE_GRONDSLAG\n",
    );
    assert_eq!(code(&import(&db, "registraties", "UWV", "K", &f, &[])), 0);
    let vraag = |args: &[&str]| {
        let o = dgr(&db, args);
        (
            code(&o),
            String::from_utf8_lossy(&o.stdout).trim().to_string(),
        )
    };
    // [2024-01-01, 2024-06-01): registered on 05-31, not on 06-01; 12345672 is the same person (C11)
    assert_eq!(
        vraag(&["check", "012345672", "--peildatum", "2024-05-31"]),
        (0, "ja".into())
    );
    assert_eq!(
        vraag(&["check", "12345672", "--peildatum", "2024-05-31"]),
        (0, "ja".into())
    );
    assert_eq!(
        vraag(&["check", "012345672", "--peildatum", "2024-06-01"]),
        (0, "nee".into())
    );
    let (c, json) = vraag(&["check", "012345672", "--peildatum", "2024-05-31", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(
        (
            c,
            v["inDoelgroepregister"].as_bool(),
            v["peildatum"].as_str()
        ),
        (0, Some(true), Some("2024-05-31"))
    );
    // as known before the delivery: no
    assert_eq!(
        vraag(&[
            "check",
            "012345672",
            "--peildatum",
            "2024-05-31",
            "--bekend-op",
            "2020-01-01"
        ]),
        (0, "nee".into())
    );
    // invalid BSN or date: exit 2, and the BSN is not echoed
    let o = dgr(&db, &["check", "123456789"]);
    assert_eq!(code(&o), 2);
    assert!(!tekst(&o).contains("123456789"));
    assert_eq!(
        code(&dgr(
            &db,
            &["check", "012345672", "--peildatum", "31-02-2024"]
        )),
        2
    );
}

#[test]
fn case_c20_geboortedatum_in_elke_tijdzone() {
    for tz in [
        "Europe/Amsterdam",
        "Pacific/Kiritimati",
        "America/Los_Angeles",
    ] {
        let m = map();
        let db = m.path().join("r.db");
        let p = schrijf(
            m.path(),
            "p.csv",
            "bsn;geboortedatum\n111222333;1961-01-01\n",
        );
        let o = Command::new(DGR)
            .env("TZ", tz)
            .args([
                "--db",
                &db.to_string_lossy(),
                "import",
                "--soort",
                "personen",
                "--bron",
                "BRP",
                "--kenmerk",
                "P",
            ])
            .arg(&p)
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(code(&o), 0, "{}", tekst(&o));
        let o = Command::new(DGR)
            .env("TZ", tz)
            .args([
                "--db",
                &db.to_string_lossy(),
                "persoon",
                "111222333",
                "--json",
            ])
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        assert_eq!(v["persoon"]["geboortedatum"], "1961-01-01", "TZ={tz}");
        // 1961-01-01 + 67y3m = 2028-04-01
        assert_eq!(v["persoon"]["aow_datum"], "2028-04-01", "TZ={tz}");
    }
}

/// A large polis delivery (valid rows only).
fn grote_polis(map: &Path, rijen: usize) -> PathBuf {
    let mut s =
        String::from("bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n");
    let mut n = 0usize;
    let mut kandidaat = 100_000_000u32;
    while n < rijen {
        kandidaat += 1;
        if elfproef(kandidaat) {
            for maand in 1..=3 {
                s.push_str(&format!(
                    "{kandidaat:09};123456782L01;2024-{maand:02}-01;2024-{maand:02}-28;100,5\n"
                ));
            }
            n += 3;
        }
    }
    schrijf(map, "groot.csv", &s)
}

fn polisrijen(db: &Path) -> i64 {
    dgr_store::testhulp::vraag_tekst(
        &dgr_store::Database::Sqlite(db.to_path_buf()),
        "SELECT CAST(COUNT(*) AS TEXT) FROM polis_versies",
    )
    .ok()
    .and_then(|r| r.first().and_then(|n| n.parse().ok()))
    .unwrap_or(-1)
}

#[test]
fn case_c26_import_gedood_halverwege_laat_niets_achter() {
    let m = map();
    let db = m.path().join("r.db");
    // create the database first so the child only does the import
    assert_eq!(code(&dgr(&db, &["leveringen"])), 0);
    let bestand = grote_polis(m.path(), 300_000);
    let mut kind = Command::new(DGR)
        .args([
            "--db",
            &db.to_string_lossy(),
            "import",
            "--soort",
            "polis",
            "--bron",
            "UWV",
            "--kenmerk",
            "GROOT",
        ])
        .arg(&bestand)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| unreachable!("{e}"));
    // wait until the transaction is writing (the WAL grows), then SIGKILL
    let wal = m.path().join("r.db-wal");
    let begin = Instant::now();
    while std::fs::metadata(&wal).map(|x| x.len()).unwrap_or(0) < 2_000_000
        && begin.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = kind.kill();
    let status = kind.wait().unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        !status.success(),
        "the import finished before it could be killed; make the file larger"
    );
    // none of it is in the register, and no delivery is recorded
    assert_eq!(polisrijen(&db), 0);
    let o = dgr(&db, &["leveringen", "--json"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
    // the same delivery is accepted afterwards, whole
    let o = import(&db, "polis", "UWV", "GROOT", &bestand, &[]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    assert_eq!(polisrijen(&db), 300_000);
}

/// All maximal runs of exactly nine digits that pass the 11-test.
fn bsns_in(tekst: &str) -> Vec<String> {
    let mut uit = Vec::new();
    let b = tekst.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let j = (i..b.len())
                .find(|&k| !b[k].is_ascii_digit())
                .unwrap_or(b.len());
            if j - i == 9
                && tekst[i..j]
                    .parse::<u32>()
                    .is_ok_and(|n| n != 0 && elfproef(n))
            {
                uit.push(tekst[i..j].to_string());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    uit
}

#[test]
fn demo_run_logt_geen_bsn() {
    let m = map();
    let db = m.path().join("demo.db");
    let data = m.path().join("data");
    let o = Command::new(DGR)
        .env("DGR_LOG", "debug")
        .args([
            "--db",
            &db.to_string_lossy(),
            "-v",
            "demo",
            "--schaal",
            "0.005",
            "--map",
            &data.to_string_lossy(),
        ])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let logs = String::from_utf8_lossy(&o.stderr);
    assert!(
        logs.contains("levering toegepast"),
        "the run logged nothing: {logs}"
    );
    assert_eq!(bsns_in(&logs), Vec::<String>::new());
    // the demo's deliberately bad rows are reported, masked, in the stored reports
    let lijst = dgr(&db, &["kwaliteit", "--json"]);
    assert_eq!(
        bsns_in(&String::from_utf8_lossy(&lijst.stdout)),
        Vec::<String>::new()
    );
    // the summary prints five example BSNs on stdout, and each answer matches the register
    let uit = String::from_utf8_lossy(&o.stdout);
    assert!(uit.matches("dgr check").count() >= 5, "{uit}");
    assert!(!uit.contains('✗'), "{uit}");
}

/// Issue #11 item 6: the demo delivers its organisation (de Rechtspraak) through the normal
/// import path — unit trees and rosters from bron WERKGEVER with the fiscaal nummer, all applied
/// without rejected rows — writes the seed's plan as goals, and says how to open the monitor.
#[test]
fn demo_levert_de_organisatie_en_haar_doelen() {
    let m = map();
    let db = m.path().join("demo.db");
    let data = m.path().join("data");
    let o = dgr(
        &db,
        &[
            "demo",
            "--schaal",
            "0.005",
            "--map",
            &data.to_string_lossy(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let vraag = |sql: &str| {
        dgr_store::testhulp::vraag_tekst(&dgr_store::Database::Sqlite(db.clone()), sql)
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    // two trees, eight quarterly rosters and one correction, every row applied (at this scale
    // a quarter may pass without a change: an empty delivery); the first roster and the
    // correction always have rows
    let leveringen = vraag(
        "SELECT soort || '|' || status || '|' || rijen_afgewezen || '|' || \
         (rijen_toegepast > 0 OR kenmerk NOT IN ('RSP-PERSONEEL-2024-K1', 'RSP-PERSONEEL-2024-K1-CORRECTIE')) \
         FROM leveringen WHERE bron = 'WERKGEVER' ORDER BY id",
    );
    let per_soort = |soort: &str| {
        leveringen
            .iter()
            .filter(|l| l.starts_with(&format!("{soort}|")))
            .count()
    };
    assert_eq!(
        (per_soort("eenheden"), per_soort("personeel")),
        (2, 9),
        "{leveringen:?}"
    );
    assert!(
        leveringen.iter().all(|l| l.ends_with("|TOEGEPAST|0|1")),
        "{leveringen:?}"
    );
    // the payroll under the organisation's numbers, and its employer rows
    let uit = String::from_utf8_lossy(&o.stdout);
    let fiscaal = uit
        .split("--fiscaal-nummer ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| unreachable!("geen fiscaal nummer in {uit}"))
        .to_string();
    assert!(
        uit.contains(&format!(
            "dgr rapport werkgeversmonitor --fiscaal-nummer {fiscaal} --kwartaal 2025-K4"
        )),
        "{uit}"
    );
    let werkgever = vraag(&format!(
        "SELECT sector || '|' || subsector FROM werkgever_versies \
         WHERE CAST(loonheffingennummer AS TEXT) LIKE '{fiscaal}__'"
    ));
    assert!(werkgever.len() >= 2, "{werkgever:?}");
    assert!(
        werkgever.iter().all(|w| w == "OVERHEID|RECHTSPRAAK"),
        "{werkgever:?}"
    );
    // the plan: the five sub-goals of goal 5, the shared definition and jobs per court
    let aantal = |tabel: &str| vraag(&format!("SELECT CAST(COUNT(*) AS TEXT) FROM {tabel}"));
    assert_eq!(aantal("doel_themas"), vec!["2".to_string()]);
    assert_eq!(aantal("doelen"), vec!["9".to_string()]);
    assert_eq!(aantal("doel_mijlpalen"), vec!["6".to_string()]);
    assert_eq!(aantal("doel_evaluaties"), vec!["1".to_string()]);
    assert!(aantal("doel_checkins")[0].parse::<u32>().unwrap_or(0) >= 20);
    // a second run over the same database adds nothing
    let o = dgr(
        &db,
        &[
            "demo",
            "--schaal",
            "0.005",
            "--map",
            &data.to_string_lossy(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    assert_eq!(aantal("doelen"), vec!["9".to_string()]);
}

#[test]
fn bsn_zoeker_vindt_wat_hij_moet_vinden() {
    // the scanner itself: finds a valid BSN, skips invalid ones and longer digit runs
    assert_eq!(
        bsns_in("x 111222333 y 123456789 z 1112223334"),
        vec!["111222333".to_string()]
    );
}

/// The processing log of the register at `db`: (pseudonym, operation, activity, actor, role,
/// organisation) per record, with the actor from its audit record.
fn logboek(db: &Path) -> Vec<(String, String, String, String, String, String)> {
    dgr_store::testhulp::vraag_tekst(
        &dgr_store::Database::Sqlite(db.to_path_buf()),
        "SELECT v.data_subject_id || '|' || v.naam || '|' || v.processing_activity_id || '|' || a.sub \
         || '|' || a.rol || '|' || a.organisatie \
         FROM verwerkingen v JOIN audit a ON a.id = v.audit_id ORDER BY v.id",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
    .into_iter()
    .map(|r| {
        let d: Vec<String> = r.split('|').map(str::to_string).collect();
        let veld = |i: usize| d.get(i).cloned().unwrap_or_default();
        (veld(0), veld(1), veld(2), veld(3), veld(4), veld(5))
    })
    .collect()
}

/// `dgr` as a staff member: the given OS user, no `DGR_GEBRUIKER` from the caller's shell.
fn als(gebruiker: &str, db: &Path, args: &[&str]) -> Output {
    Command::new(DGR)
        .env("USER", gebruiker)
        .env_remove("LOGNAME")
        .env_remove("DGR_GEBRUIKER")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("dgr start niet: {e}"))
}

/// Issue #9 finding 13: `dgr persoon`, `check`, `voordelen` and `verwerkingen --bsn` read
/// personal data, so each writes a processing record for that person — pseudonymised with the
/// server's secret, so the citizen finds it — and an audit record naming the staff member:
/// the OS user, or `--gebruiker` / `DGR_GEBRUIKER`.
#[test]
fn medewerkersinzage_op_de_opdrachtregel_wordt_vastgelegd() {
    let m = map();
    let db = m.path().join("r.db");
    let f = schrijf(
        m.path(),
        "r.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2024-01-01\n",
    );
    assert_eq!(code(&import(&db, "registraties", "UWV", "K", &f, &[])), 0);
    // an import is a delivery, not a staff read: nothing of persons read by staff yet
    assert!(
        logboek(&db).iter().all(|r| r.4 != "beheer"),
        "{:?}",
        logboek(&db)
    );
    let o = als("tester", &db, &["persoon", "012345672"]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let o = als(
        "tester",
        &db,
        &["--gebruiker", "j.jansen", "check", "012345672"],
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ja");
    let o = Command::new(DGR)
        .env("DGR_GEBRUIKER", "p.pietersen")
        .args(["--db", &db.to_string_lossy()])
        .args([
            "voordelen",
            "012345672",
            "--ingangsdatum-dienstverband",
            "2025-01-01",
        ])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let o = als("tester", &db, &["verwerkingen", "--bsn", "12345672"]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    // the pseudonym the server would write for this person (same secret, DATA_MAP/logboek.geheim)
    let pseudoniem = dgr_server::logboek::Pseudonimiseerder::laad_of_maak(m.path())
        .map(|p| {
            p.pseudoniem(dgr_core::Bsn::parse("012345672").unwrap_or_else(|e| unreachable!("{e}")))
        })
        .unwrap_or_default();
    assert_eq!(pseudoniem.len(), 64);
    let medewerkers: Vec<_> = logboek(&db)
        .into_iter()
        .filter(|r| r.4 == "beheer")
        .collect();
    let rij = |naam: &str, wie: &str| {
        (
            pseudoniem.clone(),
            naam.to_string(),
            "DGR-BEHEER".to_string(),
            wie.to_string(),
            "beheer".to_string(),
            format!("beheer:{wie}"),
        )
    };
    assert_eq!(
        medewerkers,
        vec![
            rij("cli_persoon", "tester"),
            rij("cli_check", "j.jansen"),
            rij("cli_voordelen", "p.pietersen"),
            rij("cli_verwerkingen", "tester"),
        ]
    );
    // the staff's reads show in the person's own processing log, the last one included
    let o = als(
        "tester",
        &db,
        &["verwerkingen", "--bsn", "012345672", "--json"],
    );
    let lijst: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(
        lijst
            .as_array()
            .map(|l| l.iter().filter(|x| x["rol"] == "beheer").count()),
        Some(5)
    );
}

/// Issue #9 finding 13: when the read cannot be logged, the command fails and prints nothing
/// of the person.
#[test]
fn medewerkersinzage_zonder_logboek_toont_niets() {
    let m = map();
    let db = m.path().join("r.db");
    let f = schrijf(
        m.path(),
        "r.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2024-01-01\n",
    );
    assert_eq!(code(&import(&db, "registraties", "UWV", "K", &f, &[])), 0);
    // the secret cannot be read or made: a directory stands in its place
    std::fs::create_dir(m.path().join("logboek.geheim")).unwrap_or_else(|e| unreachable!("{e}"));
    for args in [
        vec!["persoon", "012345672"],
        vec!["check", "012345672"],
        vec![
            "voordelen",
            "012345672",
            "--ingangsdatum-dienstverband",
            "2025-01-01",
        ],
        vec!["verwerkingen", "--bsn", "012345672"],
    ] {
        let o = als("tester", &db, &args);
        assert_eq!(code(&o), 1, "{args:?}: {}", tekst(&o));
        assert_eq!(String::from_utf8_lossy(&o.stdout), "", "{args:?}");
        assert!(!tekst(&o).contains("12345672"), "{}", tekst(&o));
    }
}

/// `dgr migreer`: a register made through the CLI (a delivery, and a staff read in its
/// processing log) moves to PostgreSQL whole; the copy answers the same, and a second migration
/// into the now-filled schemas is refused. PostgreSQL: `DGR_TEST_POSTGRES`.
#[test]
fn migreer_zet_een_register_over_naar_postgresql_en_bewijst_het() {
    let m = map();
    let db = m.path().join("r.db");
    let reg = schrijf(
        m.path(),
        "reg.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n123456782;PW_IBA;OPVOER;2017-01-01\n",
    );
    let o = import(&db, "registraties", "UWV", "K1", &reg, &[]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let o = dgr(&db, &["check", "111222333", "--peildatum", "2025-01-01"]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let pg = dgr_store::testhulp::Testdatabase::postgres();
    let dgr_store::Database::Postgres(doel) = &pg.database else {
        unreachable!("postgres verwacht")
    };
    let url = doel.als_url();
    let migreer = || {
        Command::new(DGR)
            .args(["migreer", "--van"])
            .arg(&db)
            .args(["--naar", &url, "--jaar", "2024"])
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let o = migreer();
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    // one delivery; one processing record (the staff read of one person)
    assert!(
        tekst(&o).contains("gecontroleerd: 1 leveringen, 1 verwerkingen"),
        "{}",
        tekst(&o)
    );
    let vraag = |bsn: &str, peildatum: &str| {
        let o = Command::new(DGR)
            .args(["--db", &url, "check", bsn, "--peildatum", peildatum])
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    // in since 2024-03-01 and 2017-01-01
    assert_eq!(vraag("111222333", "2025-01-01"), "ja");
    assert_eq!(vraag("111222333", "2024-02-29"), "nee");
    assert_eq!(vraag("123456782", "2016-12-31"), "nee");
    assert_eq!(vraag("123456782", "2017-01-01"), "ja");
    let o = migreer();
    assert_eq!(code(&o), 1, "{}", tekst(&o));
    assert!(tekst(&o).contains("niet leeg"), "{}", tekst(&o));
}

/// Issue #11: an employer's units and roster through `dgr import --bron WERKGEVER
/// --fiscaal-nummer`, then `dgr rapport werkgeversmonitor`: the tree in text with `<10` for the
/// withheld figures, one DGR-MONITOR record per person read, and usage errors with exit 2.
#[test]
fn werkgeversmonitor_op_de_opdrachtregel() {
    let m = map();
    let db = m.path().join("r.db");
    let e = schrijf(
        m.path(),
        "e.csv",
        "code;naam;bovenliggend;geldig_vanaf\nORG;Organisatie;;2025-01-01\nAFD;Afdeling;ORG;2025-01-01\n",
    );
    let p = schrijf(
        m.path(),
        "p.csv",
        "personeelsnummer;bsn;eenheid;geldig_vanaf\n1;012345672;AFD;2025-01-01\n2;111222333;ORG;2025-01-01\n",
    );
    // without the fiscaal nummer a WERKGEVER delivery is a usage error
    assert_eq!(
        code(&import(&db, "eenheden", "WERKGEVER", "E0", &e, &[])),
        2
    );
    let fiscaal = ["--fiscaal-nummer", "123456782"];
    let o = import(&db, "eenheden", "WERKGEVER", "E1", &e, &fiscaal);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let o = import(&db, "personeel", "WERKGEVER", "P1", &p, &fiscaal);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let o = als(
        "tester",
        &db,
        &[
            "rapport",
            "werkgeversmonitor",
            "--fiscaal-nummer",
            "123456782",
            "--kwartaal",
            "2025-K4",
        ],
    );
    let t = tekst(&o);
    assert_eq!(code(&o), 0, "{t}");
    assert!(
        t.contains("Organisatie (ORG)") && t.contains("  Afdeling (AFD)"),
        "{t}"
    );
    assert!(t.contains("<10"), "{t}");
    assert!(!t.contains("012345672"), "{t}");
    let monitor: Vec<_> = logboek(&db)
        .into_iter()
        .filter(|r| r.2 == "DGR-MONITOR")
        .collect();
    assert_eq!(monitor.len(), 2, "{monitor:?}");
    assert!(
        monitor
            .iter()
            .all(|r| r.1 == "cli_werkgeversmonitor" && r.3 == "tester")
    );
    let o = dgr(
        &db,
        &[
            "rapport",
            "werkgeversmonitor",
            "--fiscaal-nummer",
            "123456789",
            "--kwartaal",
            "2025-K4",
        ],
    );
    assert_eq!(code(&o), 2, "{}", tekst(&o));
}

/// Issue #12 finding 12: `dgr persoon` for a BSN the register does not know says so (masked)
/// and exits 1, instead of printing an empty table with exit 0; a known one still exits 0.
#[test]
fn persoon_onbekend_bsn_geeft_exit_1_met_melding() {
    let m = map();
    let db = m.path().join("r.db");
    let f = schrijf(
        m.path(),
        "r.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2024-01-01\n",
    );
    assert_eq!(code(&import(&db, "registraties", "UWV", "K", &f, &[])), 0);
    let o = als("tester", &db, &["persoon", "123456782"]);
    let t = tekst(&o);
    assert_eq!(code(&o), 1, "{t}");
    assert!(t.contains("niet bekend in het register"), "{t}");
    assert!(!t.contains("123456782"), "{t}");
    assert_eq!(code(&als("tester", &db, &["persoon", "012345672"])), 0);
}

/// Issue #12 finding 12: clap's usage errors and the operating system's I/O errors reach the
/// user in Dutch: a missing required argument names it in a Dutch sentence with the usage line
/// under `Gebruik:` (exit 2), and a delivery file that does not exist is "bestand of map bestaat
/// niet" instead of "No such file or directory (os error 2)" (exit 1).
#[test]
fn gebruiks_en_io_fouten_in_het_nederlands() {
    let m = map();
    let db = m.path().join("r.db");
    let o = dgr(&db, &["import", "--bron", "UWV", "x.csv"]);
    let t = tekst(&o);
    assert_eq!(code(&o), 2, "{t}");
    assert!(
        t.contains("fout: verplichte argumenten ontbreken: --soort <SOORT>, --kenmerk"),
        "{t}"
    );
    assert!(t.contains("Gebruik: dgr import"), "{t}");
    for engels in ["error:", "required", "Usage:", "For more information"] {
        assert!(!t.contains(engels), "{engels} in: {t}");
    }
    let weg = m.path().join("bestaat-niet.csv");
    let o = import(&db, "registraties", "UWV", "K", &weg, &[]);
    let t = tekst(&o);
    assert_eq!(code(&o), 1, "{t}");
    assert!(
        t.contains("kan niet gelezen worden: bestand of map bestaat niet"),
        "{t}"
    );
    assert!(
        !t.contains("os error") && !t.contains("No such file"),
        "{t}"
    );
    let hulp = dgr(&db, &["--help"]);
    assert_eq!(code(&hulp), 0);
    assert!(tekst(&hulp).contains("Opties:"), "{}", tekst(&hulp));
}

/// Issue #14 (Wfsv art. 38d lid 8): the import reports the notices it made; `dgr brieven` writes
/// the day's letters — all in one document, one file each and a mailing list with the full BSN
/// for the address — into a new folder, after logging the processing; the letters show the BSN
/// masked; a folder that is not empty is refused.
#[test]
fn brieven_van_de_dag_voor_de_postkamer() {
    let m = map();
    let db = m.path().join("r.db");
    let f = schrijf(
        m.path(),
        "r.csv",
        "bsn;grondslag;mutatie;ingangsdatum\n012345672;WAJONG;OPVOER;2024-01-01\n111222333;PW_IBA;OPVOER;2025-06-01\n",
    );
    // the register's clock stands at noon on 15 June 2026 for every command, so import and
    // letters fall on the same day whenever the test runs
    let op_middag = |args: &[&str]| {
        Command::new(DGR)
            .env("DGR_NU", "2026-06-15T12:00:00+02:00")
            .env("USER", "postkamer")
            .env_remove("LOGNAME")
            .env_remove("DGR_GEBRUIKER")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap_or_else(|e| unreachable!("dgr start niet: {e}"))
    };
    let pad = f.to_string_lossy().to_string();
    let o = op_middag(&[
        "import",
        "--soort",
        "registraties",
        "--bron",
        "UWV",
        "--kenmerk",
        "K",
        &pad,
    ]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    assert!(
        tekst(&o).contains(
            "kennisgevingen aan personen van nieuwe registraties (art. 38d lid 8 Wfsv): 2"
        ),
        "{}",
        tekst(&o)
    );
    let uit = m.path().join("post");
    let uit_tekst = uit.to_string_lossy().to_string();
    let o = op_middag(&["brieven", "--map", &uit_tekst]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let bestanden: Vec<String> = std::fs::read_dir(&uit)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(bestanden.len(), 4, "{bestanden:?}");
    let alles = bestanden
        .iter()
        .find(|b| b.starts_with("brieven-"))
        .map(|b| std::fs::read_to_string(uit.join(b)).unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(alles.matches("<article class=\"brief\">").count(), 2);
    assert!(alles.contains("*****5672") && alles.contains("*****2333"));
    assert!(!alles.contains("012345672") && !alles.contains("111222333"));
    let lijst = std::fs::read_to_string(uit.join("verzendlijst.csv")).unwrap_or_default();
    assert!(lijst.starts_with("kenmerk;bsn;bestand\n"), "{lijst}");
    assert!(
        lijst.contains(";012345672;") && lijst.contains(";111222333;"),
        "{lijst}"
    );
    // the two persons' processing is logged under its own activity, by the staff member
    let log: Vec<_> = logboek(&db)
        .into_iter()
        .filter(|r| r.2 == "DGR-KENNISGEVING")
        .collect();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log.iter()
            .all(|r| r.1 == "cli_brieven" && r.3 == "postkamer")
    );
    // the same folder again: refused, nothing overwritten
    let o = op_middag(&["brieven", "--map", &uit_tekst]);
    assert_eq!(code(&o), 2, "{}", tekst(&o));
    // a day without new registrations writes nothing
    let leeg = m.path().join("leeg");
    let o = op_middag(&[
        "brieven",
        "--datum",
        "2020-01-01",
        "--map",
        &leeg.to_string_lossy(),
    ]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    assert!(tekst(&o).contains("geen kennisgevingen"));
    assert!(!leeg.exists());
}

/// `dgr rapport omvang`: the register's size and flows per quarter (spells of registration per
/// person, R-40's threshold of 10 from `constanten.csv`). Twelve persons enter on 2024-01-15;
/// eleven more on 2024-07-01, and ten of the first twelve leave on 2024-08-01 (EINDE: first day
/// out). So on the peildatums: K1 12, K2 12, K3 12 + 11 − 10 = 13, K4 13. Flows: K1 12 in and
/// 0 out, K2 and K4 none, K3 11 in and 10 out. A quarter with one flow under 10 withholds both
/// flows (R-40: the other and the stocks would give it away), so only K3 shows its flows.
/// By default the series starts at 2013-K1: 2013-K1..2024-K4 is 12 × 4 = 48 quarters, the
/// first with 0 persons (withheld).
#[test]
fn rapport_omvang_per_kwartaal() {
    let m = map();
    let db = m.path().join("r.db");
    let bsns: Vec<String> = (100_000_000u32..)
        .filter(|&n| elfproef(n))
        .take(23)
        .map(|n| format!("{n:09}"))
        .collect();
    let mut opvoer = String::from("bsn;grondslag;mutatie;ingangsdatum\n");
    for (i, b) in bsns.iter().enumerate() {
        let begin = if i < 12 { "2024-01-15" } else { "2024-07-01" };
        opvoer.push_str(&format!("{b};WAJONG;OPVOER;{begin}\n"));
    }
    let lever = |kenmerk: &str, inhoud: &str| {
        let bestand = schrijf(m.path(), &format!("{kenmerk}.csv"), inhoud);
        let o = import(&db, "registraties", "UWV", kenmerk, &bestand, &[]);
        assert_eq!(code(&o), 0, "{}", tekst(&o));
    };
    lever("OP", &opvoer);
    let mut einde = String::from("bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde\n");
    for b in &bsns[..10] {
        einde.push_str(&format!(
            "{b};WAJONG;EINDE;2024-01-15;2024-08-01;EINDE_GRONDSLAG\n"
        ));
    }
    lever("AF", &einde);

    let o = dgr(
        &db,
        &[
            "rapport",
            "omvang",
            "--van",
            "2024-K1",
            "--tot",
            "2024-K4",
            "--formaat",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    let verwacht = serde_json::json!([
        {"kwartaal": "2024-K1", "personen": 12, "instroom": null, "uitstroom": null},
        {"kwartaal": "2024-K2", "personen": 12, "instroom": null, "uitstroom": null},
        {"kwartaal": "2024-K3", "personen": 13, "instroom": 11, "uitstroom": 10},
        {"kwartaal": "2024-K4", "personen": 13, "instroom": null, "uitstroom": null},
    ]);
    assert_eq!(v, verwacht);

    let o = dgr(&db, &["rapport", "omvang", "--tot", "2024-K4"]);
    assert_eq!(code(&o), 0, "{}", tekst(&o));
    let t = String::from_utf8_lossy(&o.stdout).to_string();
    let regels: Vec<&str> = t.lines().filter(|r| r.starts_with("20")).collect();
    assert_eq!(regels.len(), 48, "{t}");
    assert_eq!(
        regels[0].split_whitespace().collect::<Vec<_>>(),
        ["2013-K1", "x", "x", "x"]
    );
    assert_eq!(
        regels[46].split_whitespace().collect::<Vec<_>>(),
        ["2024-K3", "13", "11", "10"]
    );

    // usage errors: exit 2
    assert_eq!(
        code(&dgr(&db, &["rapport", "omvang", "--tot", "2024-K5"])),
        2
    );
    let o = dgr(
        &db,
        &["rapport", "omvang", "--van", "2025-K1", "--tot", "2024-K4"],
    );
    assert_eq!(code(&o), 2, "{}", tekst(&o));
}
