//! The command line in Dutch (issue #12, finding 12): clap's own words (usage errors, the help
//! headings and the help and version flags) replaced by ours, and operating-system I/O errors
//! described in Dutch instead of `No such file or directory (os error 2)`.
//!
//! Help texts of the arguments are Dutch already (`cli.rs`); this module only touches what clap
//! writes itself.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help layout of every command: clap's `Usage:` heading replaced by `Gebruik:`.
const SJABLOON: &str =
    "{before-help}{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// `cmd` and all its subcommands with Dutch headings (`Argumenten`, `Opties`, `Commando's`) and
/// Dutch `-h`/`--help` and `-V`/`--version` flags.
pub fn vernederlands(cmd: Command) -> Command {
    let mut cmd = cmd
        .help_template(SJABLOON)
        .subcommand_help_heading("Commando's")
        .disable_help_flag(true)
        .arg(
            Arg::new("hulp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Deze uitleg tonen"),
        )
        .mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("Argumenten")
            } else {
                a.help_heading("Opties")
            }
        });
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("versie")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("De versie tonen")
                .help_heading("Opties"),
        );
    }
    let namen: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for naam in namen {
        cmd = cmd.mut_subcommand(naam, vernederlands);
    }
    cmd
}

/// Reports a command-line error of clap in Dutch on stderr and gives the exit code: 0 for the
/// help and version texts (printed as clap renders them), 2 for a usage error.
pub fn meld(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    eprintln!("fout: {}", uitleg(e));
    if let Some(ContextValue::StyledStr(gebruik)) = e.get(ContextKind::Usage) {
        let gebruik = gebruik.to_string();
        let gebruik = gebruik.trim().trim_start_matches("Usage:").trim();
        eprintln!("\nGebruik: {gebruik}");
    }
    eprintln!("\nMeer uitleg: dgr --help, of dgr <commando> --help");
    ExitCode::from(2)
}

/// One context value as text (empty when absent).
fn waarde(e: &clap::Error, soort: ContextKind) -> String {
    match e.get(soort) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The Dutch sentence for a usage error, from the error's kind and context.
pub fn uitleg(e: &clap::Error) -> String {
    let arg = waarde(e, ContextKind::InvalidArg);
    let v = waarde(e, ContextKind::InvalidValue);
    let geldig = waarde(e, ContextKind::ValidValue);
    let mut zin = match e.kind() {
        ErrorKind::MissingRequiredArgument if arg.contains(", ") => {
            format!("verplichte argumenten ontbreken: {arg}")
        }
        ErrorKind::MissingRequiredArgument => format!("verplicht argument ontbreekt: {arg}"),
        ErrorKind::MissingSubcommand => "geef een commando op".to_string(),
        ErrorKind::InvalidSubcommand => {
            format!(
                "onbekend commando '{}'",
                waarde(e, ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => format!("onbekend argument '{arg}'"),
        ErrorKind::InvalidValue if v.is_empty() => format!("{arg} heeft een waarde nodig"),
        ErrorKind::InvalidValue => format!("ongeldige waarde '{v}' voor {arg}"),
        ErrorKind::ValueValidation => {
            let reden = std::error::Error::source(e)
                .map(|b| format!(": {b}"))
                .unwrap_or_default();
            format!("ongeldige waarde '{v}' voor {arg}{reden}")
        }
        ErrorKind::ArgumentConflict => format!(
            "{arg} kan niet samen met {}",
            waarde(e, ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => format!("te veel waarden voor {arg}: '{v}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "{arg} verwacht {} waarde(n), gekregen {}",
            waarde(e, ContextKind::ExpectedNumValues),
            waarde(e, ContextKind::ActualNumValues)
        ),
        ErrorKind::NoEquals => format!("{arg} verwacht een waarde met '=': {arg}=WAARDE"),
        ErrorKind::InvalidUtf8 => "een argument is geen geldige UTF-8-tekst".to_string(),
        _ => "ongeldige aanroep".to_string(),
    };
    if !geldig.is_empty() {
        zin.push_str(&format!(" (mogelijk: {geldig})"));
    }
    let suggestie = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(|k| waarde(e, k))
        .find(|s| !s.is_empty());
    if let Some(s) = suggestie {
        zin.push_str(&format!("; bedoelt u '{s}'?"));
    }
    zin
}

/// The error chain of a failed command as one Dutch line: each cause joined by `: `, an
/// operating-system error in Dutch ([`io_uitleg`]).
pub fn keten(fout: &anyhow::Error) -> String {
    let mut delen: Vec<String> = Vec::new();
    let mut vorige = String::new();
    for oorzaak in fout.chain() {
        let tekst = oorzaak.to_string();
        // a cause its wrapper already wrote out (`#[error("…: {0}")]` with `#[from]`) once only
        if !vorige.is_empty() && vorige.ends_with(&tekst) {
            continue;
        }
        delen.push(match oorzaak.downcast_ref::<std::io::Error>() {
            Some(io) if io.raw_os_error().is_some() || io.get_ref().is_none() => {
                dgr_core::tekst::io_uitleg(io).to_string()
            }
            _ => tekst.clone(),
        });
        vorige = tekst;
    }
    delen.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn fout(args: &[&str]) -> clap::Error {
        let cmd = vernederlands(<crate::cli::Cli as clap::CommandFactory>::command());
        match cmd.try_get_matches_from(args) {
            Err(e) => e,
            Ok(_) => unreachable!("{args:?} zou een fout moeten geven"),
        }
    }

    #[test]
    fn ontbrekend_argument_in_het_nederlands() {
        let e = fout(&["dgr", "import", "x.csv"]);
        let zin = uitleg(&e);
        assert!(
            zin.starts_with("verplichte argumenten ontbreken: --soort <SOORT>, --bron <BRON>"),
            "{zin}"
        );
        assert!(!zin.contains("required"), "{zin}");
    }

    #[test]
    fn onbekend_commando_met_suggestie() {
        let e = fout(&["dgr", "imprt"]);
        assert_eq!(e.kind(), ErrorKind::InvalidSubcommand);
        let zin = uitleg(&e);
        assert!(zin.starts_with("onbekend commando 'imprt'"), "{zin}");
        assert!(zin.contains("bedoelt u 'import'?"), "{zin}");
    }

    #[test]
    fn hulptekst_heeft_nederlandse_koppen() {
        let mut cmd = vernederlands(<crate::cli::Cli as clap::CommandFactory>::command());
        let hulp = cmd.render_help().to_string();
        for kop in [
            "Gebruik: dgr",
            "Commando's:",
            "Opties:",
            "Deze uitleg tonen",
        ] {
            assert!(hulp.contains(kop), "{kop} ontbreekt in:\n{hulp}");
        }
        for engels in ["Usage:", "Options:", "Commands:", "Print help"] {
            assert!(!hulp.contains(engels), "{engels} in:\n{hulp}");
        }
        let import = cmd
            .find_subcommand_mut("import")
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(
            import.contains("Argumenten:") && !import.contains("Arguments:"),
            "{import}"
        );
    }

    #[test]
    fn io_fout_zonder_engels() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        let f = anyhow::Error::new(e).context("bestand x.csv openen");
        assert_eq!(
            keten(&f),
            "bestand x.csv openen: bestand of map bestaat niet"
        );
        let os = anyhow::Error::new(std::io::Error::from_raw_os_error(2));
        assert_eq!(keten(&os), "bestand of map bestaat niet");
    }

    #[test]
    fn geldige_aanroep_wordt_nog_steeds_gelezen() {
        let cmd = vernederlands(<crate::cli::Cli as clap::CommandFactory>::command());
        let m = cmd.try_get_matches_from(["dgr", "check", "123456782"]);
        let cli = m.and_then(|m| <crate::cli::Cli as clap::FromArgMatches>::from_arg_matches(&m));
        assert!(cli.is_ok(), "{:?}", cli.err());
        let _ = crate::cli::Cli::try_parse_from(["dgr", "check", "123456782"]);
    }

    /// The log's commit wait (`--logboek-wachttijd-us`) takes 0 to 100,000 µs and refuses
    /// anything else before the server starts; absent, the server picks its default per
    /// database.
    #[test]
    fn logboek_wachttijd_alleen_binnen_het_bereik() {
        let wachttijd = |waarde: Option<&str>| {
            let mut args = vec!["dgr", "serve"];
            if let Some(w) = waarde {
                args.extend(["--logboek-wachttijd-us", w]);
            }
            match crate::cli::Cli::try_parse_from(args).map(|c| c.commando) {
                Ok(crate::cli::Commando::Serve(s)) => Ok(s.server.logboek_wachttijd_us),
                Ok(_) => unreachable!("dgr serve"),
                Err(e) => Err(e.kind()),
            }
        };
        assert_eq!(wachttijd(None), Ok(None));
        assert_eq!(wachttijd(Some("0")), Ok(Some(0)));
        assert_eq!(wachttijd(Some("100000")), Ok(Some(100_000)));
        for fout in ["100001", "-5", "abc", "", "99999999999999999999999", "2.5"] {
            assert!(wachttijd(Some(fout)).is_err(), "{fout:?}");
        }
    }
}
