//! One module per group of subcommands; each returns the process exit code.

mod demo;
mod import;
mod opvragen;
mod overzicht;
mod rapport;
pub mod server;

use std::process::ExitCode;

use anyhow::Context as _;
use dgr_register::Register;
use dgr_store::sqlite::SqliteStore;

use crate::cli::{Cli, Commando};

/// Exit code for usage errors (bad arguments), as clap uses.
pub const GEBRUIKSFOUT: u8 = 2;

/// Runs the chosen subcommand.
///
/// # Errors
/// Anything that stops the command; printed by `main` with exit code 1.
pub fn voer_uit(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.commando {
        Commando::Import(a) => import::import(&cli.db, &a),
        Commando::Check(a) => opvragen::check(&cli.db, &a),
        Commando::Persoon(a) => opvragen::persoon(&cli.db, &a),
        Commando::Leveringen(a) => overzicht::leveringen(&cli.db, a.json),
        Commando::Kwaliteit(a) => overzicht::kwaliteit(&cli.db, a.json),
        Commando::Referentie(a) => overzicht::referentie(&cli.db, &a),
        Commando::Demo(a) => demo::demo(&cli.db, &a),
        Commando::Rapport(r) => rapport::rapport(&cli.db, &r),
        Commando::Voordelen(a) => rapport::voordelen(&cli.db, &a),
        Commando::Serve(a) => server::serve(&cli.db, &a.listen, &a.server),
        Commando::Token(a) => server::token(&cli.db, &a),
        Commando::Verwerkingen(a) => server::verwerkingen(&cli.db, &a),
        Commando::Signalen(a) => server::signalen(&cli.db, &a),
    }
}

/// Opens (creating and migrating when new) the register at `db`.
pub fn open(db: &std::path::Path) -> anyhow::Result<Register<SqliteStore>> {
    if let Some(map) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(map)
            .with_context(|| format!("map {} kan niet gemaakt worden", map.display()))?;
    }
    let store = SqliteStore::open(db)
        .with_context(|| format!("database {} kan niet geopend worden", db.display()))?;
    Register::open(store)
        .with_context(|| format!("register in {} kan niet geopend worden", db.display()))
}

/// Prints a usage error and returns exit code 2.
pub fn gebruiksfout(bericht: impl std::fmt::Display) -> ExitCode {
    let tekst = bericht.to_string();
    eprintln!("fout: {}", dgr_core::tekst::voor_terminal(&tekst));
    ExitCode::from(GEBRUIKSFOUT)
}

/// Prints a value as pretty JSON on stdout.
pub fn druk_json<T: serde::Serialize>(waarde: &T) -> anyhow::Result<()> {
    crate::uitvoer::toon(&format!("{}\n", serde_json::to_string_pretty(waarde)?));
    Ok(())
}
