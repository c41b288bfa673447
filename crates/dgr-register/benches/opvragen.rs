//! Latency of the R-06 lookup behind `dgr check`, in process (no process start): opens the
//! database in `DGR_BENCH_DB` (a path or a `postgres://` URL), draws 20,000 persons from it, and
//! prints the median, p99 and maximum per lookup. Run with `cargo bench -p dgr-register`.

use std::time::Instant;

use dgr_core::Bsn;
use dgr_register::Register;
use dgr_store::Database;

fn main() {
    let Some(pad) = std::env::var_os("DGR_BENCH_DB") else {
        println!(
            "opvragen: zet DGR_BENCH_DB op een database (bijv. via bench/check.sh); overgeslagen"
        );
        return;
    };
    let db: Database = match pad.to_string_lossy().parse() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("opvragen: {e}");
            return;
        }
    };
    let register = match Register::open_database(&db, dgr_register::tijd::Klok::echt()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("opvragen: {e}");
            return;
        }
    };
    // every person with a registration period, spread evenly over the BSN range: up to 20,000
    let mut alle = std::collections::BTreeSet::new();
    let ruim = (
        chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default(),
        chrono::NaiveDate::from_ymd_opt(2200, 1, 1).unwrap_or_default(),
    );
    if let Err(e) = register.store().voor_elke_registratieperiode(
        ruim.0,
        ruim.1,
        register.klok().nu(),
        &mut |p| {
            alle.insert(p.bsn);
        },
    ) {
        eprintln!("opvragen: {e}");
        return;
    }
    let stap = (alle.len() / 20_000).max(1);
    let bsns: Vec<Bsn> = alle.into_iter().step_by(stap).take(20_000).collect();
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
