//! Latency of the R-06 lookup behind `dgr check`, in process (no process start): opens the
//! database in `DGR_BENCH_DB` (or a small generated one), draws 20,000 persons from it, and
//! prints the median, p99 and maximum per lookup. Run with `cargo bench -p dgr-register`.

use std::time::Instant;

use dgr_core::Bsn;
use dgr_register::Register;
use dgr_store::sqlite::SqliteStore;

fn main() {
    let Some(pad) = std::env::var_os("DGR_BENCH_DB") else {
        println!(
            "opvragen: zet DGR_BENCH_DB op een database (bijv. via bench/check.sh); overgeslagen"
        );
        return;
    };
    let store = match SqliteStore::open(std::path::Path::new(&pad)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("opvragen: {e}");
            return;
        }
    };
    let bsns: Vec<Bsn> = {
        let conn = store.verbinding();
        let mut stmt = match conn
            .prepare("SELECT DISTINCT bsn FROM registratie_versies ORDER BY random() LIMIT 20000")
        {
            Ok(s) => s,
            Err(e) => {
                eprintln!("opvragen: {e}");
                return;
            }
        };
        let rijen = stmt.query_map([], |r| r.get::<_, u32>(0));
        rijen
            .map(|it| {
                it.filter_map(Result::ok)
                    .filter_map(|w| Bsn::from_u32(w).ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let register = match Register::open(store) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("opvragen: {e}");
            return;
        }
    };
    let (peildatum, bekend_op) = (register.klok().vandaag(), register.klok().nu());
    let mut tijden = Vec::with_capacity(bsns.len());
    let mut ja = 0;
    for bsn in &bsns {
        let t = Instant::now();
        if register
            .in_doelgroepregister(*bsn, peildatum, bekend_op)
            .unwrap_or(false)
        {
            ja += 1;
        }
        tijden.push(t.elapsed().as_secs_f64() * 1e6);
    }
    tijden.sort_by(f64::total_cmp);
    let p = |q: f64| {
        tijden
            .get(((tijden.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "opvragen (R-06, dgr check zonder processtart): {} lookups, {ja} ja; mediaan {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        tijden.len(),
        p(0.5),
        p(0.99),
        p(1.0)
    );
}
