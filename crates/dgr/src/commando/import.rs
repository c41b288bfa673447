//! `dgr import`: one delivery through the register's ingest.

use dgr_store::Database;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use dgr_core::{Bron, FiscaalNummer, Gemeentecode, LeveringSoort, Modus};
use dgr_register::tijd::parse_tijdstip;
use dgr_register::{Aanlevering, ImportUitkomst, RegisterFout};

use super::{druk_json, gebruiksfout, open};
use crate::cli::ImportArgs;
use crate::uitvoer;

/// Parsed delivery metadata, or a usage error message.
struct Metadata {
    soort: LeveringSoort,
    bron: Bron,
    gemeente: Option<Gemeentecode>,
    fiscaal_nummer: Option<FiscaalNummer>,
    modus: Modus,
    tijd: Option<chrono::DateTime<chrono::Utc>>,
}

fn metadata(a: &ImportArgs) -> Result<Metadata, String> {
    Ok(Metadata {
        soort: a.soort.parse()?,
        bron: a.bron.parse()?,
        gemeente: a
            .gemeente
            .as_deref()
            .map(Gemeentecode::parse)
            .transpose()
            .map_err(|e| format!("--gemeente: {e}"))?,
        fiscaal_nummer: a
            .fiscaal_nummer
            .as_deref()
            .map(FiscaalNummer::parse)
            .transpose()
            .map_err(|e| format!("--fiscaal-nummer: {e}"))?,
        modus: a.modus.parse()?,
        tijd: a
            .geregistreerd_op
            .as_deref()
            .map(parse_tijdstip)
            .transpose()?,
    })
}

/// Runs `dgr import`: exit 0 applied or already applied, 1 rejected, 2 usage error.
pub fn import(db: &Database, a: &ImportArgs) -> anyhow::Result<ExitCode> {
    let m = match metadata(a) {
        Ok(m) => m,
        Err(e) => return Ok(gebruiksfout(e)),
    };
    let inhoud = std::fs::read(&a.bestand)
        .with_context(|| format!("bestand {} kan niet gelezen worden", a.bestand.display()))?;
    let mut register = open(db)?;
    let aanlevering = Aanlevering {
        soort: m.soort,
        bron: m.bron,
        kenmerk: a.kenmerk.clone(),
        gemeentecode: m.gemeente,
        fiscaal_nummer: m.fiscaal_nummer,
        modus: m.modus,
        geregistreerd_op: m.tijd,
        bestandsnaam: a
            .bestand
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        inhoud: &inhoud,
    };
    let balk = uitvoer::voortgangsbalk("rijen toepassen");
    let uitkomst = register.importeer(&aanlevering, &mut |gedaan, totaal| {
        balk.set_length(totaal);
        balk.set_position(gedaan);
    });
    balk.finish_and_clear();
    let uitkomst = match uitkomst {
        Ok(u) => u,
        Err(e @ (RegisterFout::Aanlevering(_) | RegisterFout::TijdTerug { .. })) => {
            return Ok(gebruiksfout(e));
        }
        Err(e) => return Err(e.into()),
    };
    let afwijzingspad = schrijf_afwijzingen(&uitkomst, a)?;
    if a.json {
        druk_json(uitkomst.rapport())?;
    } else {
        crate::uitvoer::toon(&uitvoer::leveringsrapport(
            uitkomst.rapport(),
            afwijzingspad.as_deref(),
        ));
    }
    Ok(match uitkomst {
        ImportUitkomst::Toegepast(..) | ImportUitkomst::AlToegepast(_) => ExitCode::SUCCESS,
        ImportUitkomst::Afgewezen(..) => ExitCode::from(1),
    })
}

/// Writes the rejection file of an accept-valid delivery (FORMATS.md) and returns its path.
fn schrijf_afwijzingen(
    uitkomst: &ImportUitkomst,
    a: &ImportArgs,
) -> anyhow::Result<Option<PathBuf>> {
    let Some(bytes) = uitkomst.afwijzingsbestand() else {
        return Ok(None);
    };
    let pad = match &a.afwijzingen {
        Some(p) => p.clone(),
        None => {
            let xlsx = bytes.starts_with(b"PK\x03\x04");
            let naam = a
                .bestand
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            a.bestand.with_file_name(format!(
                "{naam}.afgewezen.{}",
                if xlsx { "xlsx" } else { "csv" }
            ))
        }
    };
    std::fs::write(&pad, bytes).with_context(|| {
        format!(
            "afwijzingsbestand {} kan niet geschreven worden",
            pad.display()
        )
    })?;
    Ok(Some(pad))
}
