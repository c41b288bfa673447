//! `dgr migreer`: copies an embedded (SQLite) register — the register file and its processing
//! log — into PostgreSQL, whole or not at all, and proves the copy: the same counts and the same
//! banenmonitor figures (with its provenance, R-24) before and after.

use std::process::ExitCode;

use anyhow::Context as _;
use dgr_register::Register;
use dgr_reports::banenmonitor;
use dgr_store::Database;
use serde::Serialize;

use super::{gebruiksfout, klok};
use crate::cli::MigreerArgs;

/// What is compared before and after: the register's counts and a report.
#[derive(Debug, PartialEq, Serialize)]
struct Bewijs {
    leveringen: usize,
    verwerkingen: u64,
    tellingen: serde_json::Value,
    banenmonitor: serde_json::Value,
}

/// Runs `dgr migreer`.
pub fn migreer(a: &MigreerArgs) -> anyhow::Result<ExitCode> {
    let Database::Postgres(naar) = &a.naar else {
        return Ok(gebruiksfout("--naar moet een postgres://-URL zijn"));
    };
    if !a.van.is_file() {
        return Ok(gebruiksfout(format!(
            "--van {}: geen registerbestand",
            a.van.display()
        )));
    }
    let van = Database::Sqlite(a.van.clone());
    let klok = klok()?;
    let jaar = a
        .jaar
        .unwrap_or_else(|| chrono::Datelike::year(&klok.vandaag()) - 1);
    let voor = {
        let r = Register::open_database(&van, klok)
            .with_context(|| format!("register {van} kan niet geopend worden"))?;
        eprintln!("bewijs vooraf berekenen (tellingen, banenmonitor {jaar}) …");
        bewijs(&r, jaar)?
    };
    let start = std::time::Instant::now();
    let verslag = dgr_store::migratie::sqlite_naar_postgres(&a.van, naar, &mut |tabel, rijen| {
        eprintln!("  {tabel}: {rijen} rijen");
    })
    .context("overzetten mislukt; er is niets in PostgreSQL geschreven")?;
    eprintln!(
        "overgezet in {:.1} s; bewijs achteraf berekenen …",
        start.elapsed().as_secs_f64()
    );
    let na = {
        let r = Register::open_database(&a.naar, klok)
            .with_context(|| format!("register {} kan niet geopend worden", a.naar))?;
        bewijs(&r, jaar)?
    };
    let mut t = String::from("tabel                                   gelezen   geschreven\n");
    for x in &verslag.tabellen {
        t.push_str(&format!(
            "{:<36} {:>10} {:>12}\n",
            x.tabel, x.gelezen, x.geschreven
        ));
    }
    crate::uitvoer::toon(&t);
    if voor != na {
        eprintln!(
            "fout: de kopie in {} geeft andere cijfers dan het origineel:\nvoor: {}\nna:   {}\n\
             verwijder de schema's van de kopie (DROP SCHEMA … CASCADE) voordat u het opnieuw probeert",
            a.naar,
            serde_json::to_string(&voor)?,
            serde_json::to_string(&na)?
        );
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "gecontroleerd: {} leveringen, {} verwerkingen, dezelfde tellingen en dezelfde banenmonitor {jaar} \
         (met herkomst) voor en na",
        voor.leveringen, voor.verwerkingen
    );
    Ok(ExitCode::SUCCESS)
}

/// The counts and the banenmonitor of `jaar`, as known at the register's last transaction.
fn bewijs(r: &Register, jaar: i32) -> anyhow::Result<Bewijs> {
    let store = r.store();
    let bekend_op = store
        .laatste_transactietijd()?
        .unwrap_or_else(|| r.klok().nu());
    let peildatum = bekend_op.date_naive();
    let b = banenmonitor::maak(store, r.referentie(), jaar, bekend_op, true)?;
    Ok(Bewijs {
        leveringen: store.leveringen()?.len(),
        verwerkingen: store.aantal_verwerkingen()?,
        tellingen: serde_json::to_value(store.tellingen(peildatum)?)?,
        banenmonitor: serde_json::to_value(&b)?,
    })
}
