//! One module per group of subcommands; each returns the process exit code.

mod brieven;
mod demo;
mod demodoelen;
mod import;
pub mod medewerker;
mod migreer;
mod opvragen;
mod overzicht;
mod rapport;
pub mod server;

use dgr_store::Database;
use std::process::ExitCode;

use anyhow::Context as _;
use dgr_register::Register;
use dgr_register::tijd::Klok;

use crate::cli::{Cli, Commando};

/// Exit code for usage errors (bad arguments), as clap uses.
pub const GEBRUIKSFOUT: u8 = 2;

/// Runs the chosen subcommand.
///
/// # Errors
/// Anything that stops the command; printed by `main` with exit code 1.
pub fn voer_uit(cli: Cli) -> anyhow::Result<ExitCode> {
    let medewerker = medewerker::Medewerker::bepaal(cli.gebruiker.as_deref());
    match cli.commando {
        Commando::Import(a) => import::import(&cli.db, &a),
        Commando::Check(a) => opvragen::check(&cli.db, &a, &medewerker),
        Commando::Persoon(a) => opvragen::persoon(&cli.db, &a, &medewerker),
        Commando::Leveringen(a) => overzicht::leveringen(&cli.db, a.json),
        Commando::Kwaliteit(a) => overzicht::kwaliteit(&cli.db, a.json),
        Commando::Brieven(a) => brieven::brieven(&cli.db, &a, &medewerker),
        Commando::Referentie(a) => overzicht::referentie(&cli.db, &a),
        Commando::Demo(a) => demo::demo(&cli.db, &a),
        Commando::Rapport(r) => rapport::rapport(&cli.db, &r, &medewerker),
        Commando::Voordelen(a) => rapport::voordelen(&cli.db, &a, &medewerker),
        Commando::Serve(a) => server::serve(&cli.db, &a.listen, &a.server),
        Commando::Token(a) => server::token(&cli.db, &a),
        Commando::Verwerkingen(a) => server::verwerkingen(&cli.db, &a, &medewerker),
        Commando::Signalen(a) => server::signalen(&cli.db, &a),
        Commando::Migreer(a) => migreer::migreer(&a),
    }
}

/// The register's clock for this command: from `DGR_NU` when set (an instant or a date; the
/// clock runs on from there), else the real one.
///
/// # Errors
/// An invalid `DGR_NU`.
pub fn klok() -> anyhow::Result<Klok> {
    Klok::uit_omgeving().map_err(anyhow::Error::msg)
}

/// Opens (creating and migrating when new) the register in `db`, with the clock of [`klok`].
/// For an embedded database the folder of its file is created when missing.
pub fn open(db: &Database) -> anyhow::Result<Register> {
    if let Some(map) = db
        .pad()
        .and_then(std::path::Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(map)
            .with_context(|| format!("map {} kan niet gemaakt worden", map.display()))?;
    }
    register_op(db, db.open())
}

/// Opens the register as [`open`] does, for a command that reads large parts of it (the
/// reports): the embedded database's file is read through a memory map, so its pages are used
/// where they lie in the operating system's cache instead of being copied into a page cache of
/// this process first, and each large scan is read in two parts on two connections at once
/// ([`dgr_store::Database::open_rapportlezer`]). The process's resident memory then counts the
/// pages it read.
pub fn open_om_te_lezen(db: &Database) -> anyhow::Result<Register> {
    register_op(db, db.open_rapportlezer())
}

/// The register on the store just opened from `db`, with the clock of [`klok`].
fn register_op(
    db: &Database,
    store: dgr_store::Resultaat<Box<dyn dgr_store::Store>>,
) -> anyhow::Result<Register> {
    let store = store.with_context(|| format!("database {db} kan niet geopend worden"))?;
    Register::open_met_klok(store, klok()?)
        .with_context(|| format!("register in {db} kan niet geopend worden"))
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
