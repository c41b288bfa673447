//! `dgr`: the doelgroepregister command line. A thin binary: parse the arguments, open the
//! register, run one command, map the outcome to an exit code (0 ok, 1 rejected or failed,
//! 2 usage error).

mod cli;
mod commando;
mod gebruiksfout;
mod uitvoer;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// mimalloc instead of glibc's allocator: the HTTP server allocates and frees many small and a
/// few larger buffers per request, where glibc spent a tenth of the server's time (issue #13).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let gelezen = gebruiksfout::vernederlands(cli::Cli::command())
        .try_get_matches()
        .and_then(|m| cli::Cli::from_arg_matches(&m));
    let cli = match gelezen {
        Ok(cli) => cli,
        Err(e) => return gebruiksfout::meld(&e),
    };
    init_logging(cli.verbose);
    match commando::voer_uit(cli) {
        Ok(code) => code,
        Err(fout) => {
            let tekst = gebruiksfout::keten(&fout);
            eprintln!("fout: {}", dgr_core::tekst::voor_terminal(&tekst));
            ExitCode::from(1)
        }
    }
}

/// Logs go to stderr; `-v` shows progress messages, `DGR_LOG` (tracing filter syntax) overrides.
/// Log lines never carry a BSN (only masked forms or counts).
fn init_logging(verbose: bool) {
    let standaard = if verbose { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("DGR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(standaard));
    let kleur = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(kleur)
        .with_target(false)
        .init();
}
