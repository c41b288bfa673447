//! `dgr check` and `dgr persoon`.

use std::path::Path;
use std::process::ExitCode;

use dgr_core::Bsn;
use dgr_core::datum::parse_datum;
use dgr_register::tijd::{nu, parse_tijdstip, vandaag};
use serde_json::json;

use super::{druk_json, gebruiksfout, open};
use crate::cli::{CheckArgs, PersoonArgs};
use crate::uitvoer;

/// `dgr check`: prints `ja` or `nee`; exit 0 either way, 2 for an invalid BSN or date.
pub fn check(db: &Path, a: &CheckArgs) -> anyhow::Result<ExitCode> {
    let bsn = match Bsn::parse(&a.bsn) {
        Ok(b) => b,
        Err(e) => return Ok(gebruiksfout(format!("ongeldig BSN: {e}"))),
    };
    let peildatum = match a.peildatum.as_deref().map(parse_datum).transpose() {
        Ok(p) => p.unwrap_or_else(vandaag),
        Err(e) => return Ok(gebruiksfout(format!("--peildatum: {e}"))),
    };
    let bekend_op = match a.bekend_op.as_deref().map(parse_tijdstip).transpose() {
        Ok(t) => t.unwrap_or_else(nu),
        Err(e) => return Ok(gebruiksfout(format!("--bekend-op: {e}"))),
    };
    let register = open(db)?;
    let ja = register.in_doelgroepregister(bsn, peildatum, bekend_op)?;
    if a.json {
        druk_json(&json!({ "inDoelgroepregister": ja, "peildatum": peildatum }))?;
    } else {
        crate::uitvoer::toon(if ja { "ja\n" } else { "nee\n" });
    }
    Ok(ExitCode::SUCCESS)
}

/// `dgr persoon`: the staff view with both time axes.
pub fn persoon(db: &Path, a: &PersoonArgs) -> anyhow::Result<ExitCode> {
    let bsn = match Bsn::parse(&a.bsn) {
        Ok(b) => b,
        Err(e) => return Ok(gebruiksfout(format!("ongeldig BSN: {e}"))),
    };
    let bekend_op = match a.bekend_op.as_deref().map(parse_tijdstip).transpose() {
        Ok(t) => t.unwrap_or_else(nu),
        Err(e) => return Ok(gebruiksfout(format!("--bekend-op: {e}"))),
    };
    let register = open(db)?;
    let overzicht = register.persoon(bsn, bekend_op)?;
    if a.json {
        druk_json(&overzicht)?;
    } else {
        crate::uitvoer::toon(&uitvoer::persoon(&overzicht));
    }
    Ok(ExitCode::SUCCESS)
}
