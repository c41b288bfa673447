//! Same answers on both backends (issue #10): a small synthetic Netherlands (every delivery kind,
//! corrections, withdrawals, deliberately bad rows) is imported into an embedded SQLite register
//! and into a PostgreSQL one through the same import path, and then every answer is compared:
//! R-06 lookups at many (peildatum, bekend_op) points, the staff view, and the banenmonitor, trend
//! and quota reports with their provenance. The backends are independent implementations
//! of the store contract, so each checks the other. PostgreSQL is the server at
//! `DGR_TEST_POSTGRES`; without it this test fails.

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::Bsn;
use dgr_register::Register;
use dgr_register::tijd::Klok;
use dgr_reports::trend::Kwartaal;
use dgr_reports::{banenmonitor, quotum, trend};
use dgr_store::testhulp::Testdatabase;

fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
}

/// Imports every planned delivery; returns the transaction times.
fn vul(r: &mut Register, plan: &dgr_demo::Plan) -> Vec<DateTime<Utc>> {
    let mut tijden = Vec::new();
    for l in &plan.leveringen {
        let inhoud = std::fs::read(&l.bestand).unwrap_or_else(|e| unreachable!("{e}"));
        let a = l.aanlevering(&inhoud);
        r.importeer(&a, &mut |_, _| {})
            .unwrap_or_else(|e| unreachable!("{}: {e}", l.kenmerk));
        tijden.push(l.tijd);
    }
    tijden
}

fn ok<T, E: std::fmt::Display>(x: Result<T, E>) -> T {
    x.unwrap_or_else(|e| unreachable!("{e}"))
}

fn json<T: serde::Serialize>(x: &T) -> serde_json::Value {
    serde_json::to_value(x).unwrap_or_else(|e| unreachable!("{e}"))
}

/// The path and both values of the first difference between two JSON values, if any.
fn verschil(a: &serde_json::Value, b: &serde_json::Value, pad: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let sleutels: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            sleutels.into_iter().find_map(|k| {
                let (p, q) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                verschil(p, q, &format!("{pad}.{k}"))
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| verschil(p, q, &format!("{pad}[{i}]"))),
        _ => (a != b).then(|| format!("{pad}: sqlite {a} / postgres {b}")),
    }
}

/// Fails with the first difference when the two answers differ.
fn gelijk<T: serde::Serialize>(a: &T, b: &T, wat: &str) {
    if let Some(v) = verschil(&json(a), &json(b), wat) {
        unreachable!("verschil tussen de backends: {v}");
    }
}

#[test]
fn sqlite_en_postgresql_geven_dezelfde_antwoorden() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let (sq_db, pg_db) = (Testdatabase::sqlite(), Testdatabase::postgres());
    let klok = Klok::vanaf(
        dgr_register::tijd::parse_tijdstip("2026-12-02T12:00:00+01:00")
            .unwrap_or_else(|e| unreachable!("{e}")),
    );
    let open = |db: &Testdatabase| {
        Register::open_database(&db.database, klok).unwrap_or_else(|e| unreachable!("{e}"))
    };
    let (mut sq, mut pg) = (open(&sq_db), open(&pg_db));
    let plan = dgr_demo::genereer(
        &dgr_demo::Instellingen {
            schaal: 0.005,
            seed: 2026,
            map: map.path().to_path_buf(),
        },
        sq.referentie(),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let tijden = vul(&mut sq, &plan);
    assert_eq!(vul(&mut pg, &plan), tijden);
    // the deliveries as recorded: same ids, counts, reports and SHA-256
    let leveringen = |r: &Register| -> Vec<String> {
        let lijst = r
            .store()
            .leveringen()
            .unwrap_or_else(|e| unreachable!("{e}"));
        lijst.iter().map(|l| format!("{l:?}")).collect()
    };
    assert_eq!(leveringen(&sq), leveringen(&pg));
    assert!(
        leveringen(&sq).len() > 100,
        "de demo levert meer dan 100 bestanden"
    );

    // R-06 at many points: every 7th person with a registration, at six peildata, as known
    // at every 25th delivery time and now
    let mut bsns = std::collections::BTreeSet::new();
    sq.store()
        .voor_elke_registratieperiode(d(1900, 1, 1), d(2200, 1, 1), klok.nu(), &mut |p| {
            bsns.insert(p.bsn);
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
    let bsns: Vec<Bsn> = bsns.into_iter().step_by(7).collect();
    assert!(bsns.len() > 50, "{} personen", bsns.len());
    let peildata = [
        d(2012, 12, 31),
        d(2015, 6, 19),
        d(2018, 3, 31),
        d(2020, 12, 31),
        d(2023, 9, 30),
        d(2026, 9, 30),
    ];
    let mut momenten: Vec<DateTime<Utc>> = tijden.iter().step_by(25).copied().collect();
    momenten.push(klok.nu());
    let (mut vragen, mut ja) = (0, 0);
    for bsn in &bsns {
        for peildatum in peildata {
            for bekend_op in &momenten {
                let a = sq.in_doelgroepregister(*bsn, peildatum, *bekend_op);
                let b = pg.in_doelgroepregister(*bsn, peildatum, *bekend_op);
                let (a, b) = (
                    a.unwrap_or_else(|e| unreachable!("{e}")),
                    b.unwrap_or_else(|e| unreachable!("{e}")),
                );
                assert_eq!(a, b, "R-06 op {peildatum} bekend op {bekend_op}");
                vragen += 1;
                ja += usize::from(a);
            }
        }
        // one moment for both: the clock runs, and the staff view shows its bekend_op
        let nu = klok.nu();
        let a = sq.persoon(*bsn, nu).unwrap_or_else(|e| unreachable!("{e}"));
        let b = pg.persoon(*bsn, nu).unwrap_or_else(|e| unreachable!("{e}"));
        gelijk(&a, &b, "medewerkersbeeld");
    }
    // not a vacuous comparison: both answers occur
    assert!(ja > 0 && ja < vragen, "{ja} van {vragen} ja");

    // the reports, with their provenance, as known now and as known halfway
    let halverwege = tijden[tijden.len() / 2];
    for bekend_op in [klok.nu(), halverwege] {
        for jaar in [2015, 2020, 2025] {
            let a = banenmonitor::maak(sq.store(), sq.referentie(), jaar, bekend_op, true);
            let b = banenmonitor::maak(pg.store(), pg.referentie(), jaar, bekend_op, true);
            gelijk(&ok(a), &ok(b), "banenmonitor {jaar}");
        }
        for k in ["2017-K1", "2020-K4", "2025-K3"] {
            let k = Kwartaal::parse(k).unwrap_or_else(|e| unreachable!("{e}"));
            let a = trend::maak(sq.store(), sq.referentie(), k, bekend_op);
            let b = trend::maak(pg.store(), pg.referentie(), k, bekend_op);
            gelijk(&ok(a), &ok(b), "trend");
        }
        for jaar in [2018, 2024] {
            let a = quotum::maak(sq.store(), sq.referentie(), jaar, None, bekend_op);
            let b = quotum::maak(pg.store(), pg.referentie(), jaar, None, bekend_op);
            gelijk(&ok(a), &ok(b), "quotum {jaar}");
        }
    }
    let a = sq
        .store()
        .tellingen(d(2025, 12, 31))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let b = pg
        .store()
        .tellingen(d(2025, 12, 31))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(a, b);
    assert!(a.polisrijen > 1_000, "{a:?}");

    // a read replica (here: a connection whose transactions are read-only, as on a hot
    // standby) opens the up-to-date register without writing and gives the same report; a
    // write through it is refused
    let alleen_lezen: dgr_store::Database = match &pg_db.database {
        dgr_store::Database::Postgres(u) => {
            format!(
                "{}&options=-c%20default_transaction_read_only%3Don",
                u.als_url()
            )
        }
        dgr_store::Database::Sqlite(_) => unreachable!("postgres verwacht"),
    }
    .parse()
    .unwrap_or_else(|e| unreachable!("{e}"));
    let mut replica =
        Register::open_database(&alleen_lezen, klok).unwrap_or_else(|e| unreachable!("{e}"));
    let nu = klok.nu();
    let a = banenmonitor::maak(pg.store(), pg.referentie(), 2025, nu, true);
    let b = banenmonitor::maak(replica.store(), replica.referentie(), 2025, nu, true);
    gelijk(&ok(a), &ok(b), "banenmonitor op een alleen-lezenverbinding");
    let bsn = bsns[0];
    assert!(
        replica.vraag_uitschrijving(bsn).is_err(),
        "schrijven via een alleen-lezenverbinding"
    );
}
