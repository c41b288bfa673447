//! `dgr check` and `dgr persoon`: staff reads, logged before the answer is printed
//! ([`super::medewerker`]).

use dgr_store::Database;
use std::process::ExitCode;

use dgr_core::Bsn;
use dgr_core::datum::parse_datum;
use dgr_register::tijd::parse_tijdstip;
use serde_json::json;

use super::medewerker::{Inzage, Medewerker, leg_vast};
use super::server::data_map;
use super::{druk_json, gebruiksfout, open};
use crate::cli::{CheckArgs, PersoonArgs};
use crate::uitvoer;

/// `dgr check`: prints `ja` or `nee`; exit 0 either way, 2 for an invalid BSN or date.
/// Default peildatum today and `bekend_op` now, on the register's clock.
pub fn check(db: &Database, a: &CheckArgs, wie: &Medewerker) -> anyhow::Result<ExitCode> {
    let bsn = match Bsn::parse(&a.bsn) {
        Ok(b) => b,
        Err(e) => return Ok(gebruiksfout(format!("ongeldig BSN: {e}"))),
    };
    let peildatum = match a.peildatum.as_deref().map(parse_datum).transpose() {
        Ok(p) => p,
        Err(e) => return Ok(gebruiksfout(format!("--peildatum: {e}"))),
    };
    let bekend_op = match a.bekend_op.as_deref().map(parse_tijdstip).transpose() {
        Ok(t) => t,
        Err(e) => return Ok(gebruiksfout(format!("--bekend-op: {e}"))),
    };
    let register = open(db)?;
    let klok = register.klok();
    let start = klok.nu();
    let peildatum = peildatum.unwrap_or_else(|| klok.vandaag());
    let ja = register.in_doelgroepregister(bsn, peildatum, bekend_op.unwrap_or(start))?;
    leg_vast(Inzage {
        db,
        data_map: &data_map(db, a.data_map.as_ref()),
        klok,
        medewerker: wie,
        naam: "cli_check",
        activiteit: super::medewerker::ACTIVITEIT,
        bsns: vec![bsn],
        start,
    })?;
    if a.json {
        druk_json(&json!({ "inDoelgroepregister": ja, "peildatum": peildatum }))?;
    } else {
        crate::uitvoer::toon(if ja { "ja\n" } else { "nee\n" });
    }
    Ok(ExitCode::SUCCESS)
}

/// `dgr persoon`: the staff view with both time axes.
pub fn persoon(db: &Database, a: &PersoonArgs, wie: &Medewerker) -> anyhow::Result<ExitCode> {
    let bsn = match Bsn::parse(&a.bsn) {
        Ok(b) => b,
        Err(e) => return Ok(gebruiksfout(format!("ongeldig BSN: {e}"))),
    };
    let bekend_op = match a.bekend_op.as_deref().map(parse_tijdstip).transpose() {
        Ok(t) => t,
        Err(e) => return Ok(gebruiksfout(format!("--bekend-op: {e}"))),
    };
    let register = open(db)?;
    let klok = register.klok();
    let start = klok.nu();
    let overzicht = register.persoon(bsn, bekend_op.unwrap_or(start))?;
    leg_vast(Inzage {
        db,
        data_map: &data_map(db, a.data_map.as_ref()),
        klok,
        medewerker: wie,
        naam: "cli_persoon",
        activiteit: super::medewerker::ACTIVITEIT,
        bsns: vec![bsn],
        start,
    })?;
    if overzicht.persoon.is_none() && overzicht.registratieversies.is_empty() {
        // issue #12 finding 12: an unknown person is said to be unknown, not shown as an empty
        // table (the consultation itself is logged above: the lookup happened)
        eprintln!(
            "BSN {} is niet bekend in het register (geen persoonsgegevens en geen registraties, zoals bekend op {})",
            bsn.gemaskeerd(),
            overzicht.bekend_op
        );
        return Ok(ExitCode::FAILURE);
    }
    if a.json {
        druk_json(&overzicht)?;
    } else {
        crate::uitvoer::toon(&uitvoer::persoon(&overzicht));
    }
    Ok(ExitCode::SUCCESS)
}
