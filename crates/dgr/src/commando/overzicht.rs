//! `dgr leveringen`, `dgr kwaliteit` and `dgr referentie`.

use dgr_store::Database;
use std::process::ExitCode;

use anyhow::Context as _;
use dgr_core::Referentie;
use serde_json::json;

use super::{druk_json, open};
use crate::cli::ReferentieArgs;
use crate::uitvoer;

/// `dgr leveringen`.
pub fn leveringen(db: &Database, json: bool) -> anyhow::Result<ExitCode> {
    let register = open(db)?;
    let lijst = register.store().leveringen()?;
    if json {
        let rijen: Vec<_> = lijst.iter().map(uitvoer::levering_json).collect();
        druk_json(&rijen)?;
    } else {
        crate::uitvoer::toon(&uitvoer::leveringen(&lijst));
    }
    Ok(ExitCode::SUCCESS)
}

/// `dgr kwaliteit`.
pub fn kwaliteit(db: &Database, json: bool) -> anyhow::Result<ExitCode> {
    let register = open(db)?;
    let rapport = register.kwaliteit()?;
    if json {
        druk_json(&rapport)?;
    } else {
        crate::uitvoer::toon(&uitvoer::kwaliteit(&rapport));
    }
    Ok(ExitCode::SUCCESS)
}

/// `dgr referentie [--map DIR]`.
pub fn referentie(db: &Database, a: &ReferentieArgs) -> anyhow::Result<ExitCode> {
    let mut register = open(db)?;
    let ingebouwd = Referentie::ingebouwd()?;
    let Some(map) = &a.map else {
        let r = register.referentie();
        if a.json {
            druk_json(&json!({
                "versie": r.versie(),
                "ingebouwde_versie": ingebouwd.versie(),
                "bestanden": r.bestanden().keys().collect::<Vec<_>>(),
            }))?;
        } else {
            let mut t = format!(
                "referentiegegevens in gebruik: {}\ningebouwd in deze dgr:        {}\n",
                r.versie(),
                ingebouwd.versie()
            );
            if r.versie() != ingebouwd.versie() {
                t.push_str("(de database gebruikt een andere set dan ingebouwd; laad een set met dgr referentie --map MAP)\n");
            }
            for (naam, inhoud) in r.bestanden() {
                t.push_str(&format!(
                    "  {naam:<30} {:>6} regels\n",
                    inhoud.lines().count().saturating_sub(1)
                ));
            }
            crate::uitvoer::toon(&t);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let nieuw = Referentie::uit_map(map).with_context(|| {
        format!(
            "referentieset in {} is ongeldig; niets geladen",
            map.display()
        )
    })?;
    let wissel = register.laad_referentie(nieuw)?;
    if a.json {
        druk_json(&wissel)?;
    } else if wissel.gewijzigd {
        crate::uitvoer::toon(&format!(
            "referentiegegevens geladen: {} (was {})\nAOW-einddata herberekend: {} registratie(s)\n",
            wissel.nieuwe_versie, wissel.oude_versie, wissel.herberekende_registraties
        ));
    } else {
        crate::uitvoer::toon(&format!(
            "deze referentieset is al in gebruik ({})\n",
            wissel.nieuwe_versie
        ));
    }
    Ok(ExitCode::SUCCESS)
}
