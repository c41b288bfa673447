//! `dgr brieven`: the letters of one day about new registrations (Wfsv art. 38d lid 8; issue
//! #14) for the mail room. Every registration recorded that day has a notice; this writes, in a
//! new folder readable only by its owner,
//! - `brieven-<datum>.html`: every letter in one document, one per A4 page, to print at once;
//! - `brief-DGR-K-<id>.html`: each letter on its own;
//! - `verzendlijst.csv`: kenmerk, full BSN and file per letter, for the address from the BRP
//!   (the register holds no addresses; the letters themselves show the BSN masked).
//!
//! Writing the letters processes personal data: the processing log records it (activity
//! `DGR-KENNISGEVING`, one record per person) before any file is written.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use dgr_core::datum::parse_datum;
use dgr_register::tijd::parse_tijdstip;
use dgr_server::web::brief::{Brief, document, kenmerk};
use dgr_store::Database;

use super::medewerker::{Inzage, Medewerker, leg_vast};
use super::server::data_map;
use super::{gebruiksfout, open};
use crate::cli::BrievenArgs;

/// The processing activity of writing the letters (`config/verwerkingsactiviteiten.csv`).
const ACTIVITEIT: &str = "DGR-KENNISGEVING";

/// `dgr brieven`.
///
/// # Errors
/// The register, the log or the folder cannot be read or written.
pub fn brieven(db: &Database, a: &BrievenArgs, wie: &Medewerker) -> anyhow::Result<ExitCode> {
    let register = open(db)?;
    let klok = register.klok();
    let datum = match a.datum.as_deref().map(parse_datum).transpose() {
        Ok(d) => d.unwrap_or_else(|| klok.vandaag()),
        Err(e) => return Ok(gebruiksfout(format!("--datum: {e}"))),
    };
    // the day in Europe/Amsterdam: from its midnight to the next
    let (Ok(van), Some(Ok(tot))) = (
        parse_tijdstip(&datum.to_string()),
        datum.succ_opt().map(|d| parse_tijdstip(&d.to_string())),
    ) else {
        return Ok(gebruiksfout(format!(
            "--datum: {datum} valt buiten het bereik"
        )));
    };
    if fs::read_dir(&a.map).is_ok_and(|mut d| d.next().is_some()) {
        return Ok(gebruiksfout(format!(
            "map {} is niet leeg; kies een nieuwe map (eerdere brieven worden niet overschreven)",
            a.map.display()
        )));
    }
    let start = klok.nu();
    let kennisgevingen = register.store().kennisgevingen_tussen(van, tot)?;
    if kennisgevingen.is_empty() {
        crate::uitvoer::toon(&format!(
            "geen kennisgevingen op {datum}; niets geschreven\n"
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let mut bsns: Vec<_> = kennisgevingen.iter().map(|k| k.bsn).collect();
    bsns.sort_unstable();
    bsns.dedup();
    leg_vast(Inzage {
        db,
        data_map: &data_map(db, a.data_map.as_ref()),
        klok,
        medewerker: wie,
        naam: "cli_brieven",
        activiteit: ACTIVITEIT,
        bsns,
        start,
    })?;
    maak_map(&a.map)?;
    let brieven: Vec<Brief> = kennisgevingen.iter().map(Brief::van).collect();
    let titel = format!("Brieven doelgroepregister {datum}");
    let alles = format!("brieven-{datum}.html");
    schrijf(&a.map.join(&alles), &document(&titel, &brieven)?)?;
    let mut lijst = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(a.map.join("verzendlijst.csv"))
        .context("verzendlijst.csv kan niet geschreven worden")?;
    lijst.write_record(["kenmerk", "bsn", "bestand"])?;
    for (k, b) in kennisgevingen.iter().zip(&brieven) {
        let bestand = format!("brief-{}.html", kenmerk(k.id));
        schrijf(
            &a.map.join(&bestand),
            &document(&b.kenmerk, std::slice::from_ref(b))?,
        )?;
        lijst.write_record([b.kenmerk.as_str(), &k.bsn.cijfers(), &bestand])?;
    }
    lijst.flush()?;
    crate::uitvoer::toon(&format!(
        "{n} brief(ven) van {datum} geschreven in {map}:\n  {alles} (alle brieven, één per pagina, om in één keer af te drukken)\n  {n} losse brieven (brief-DGR-K-<nummer>.html)\n  verzendlijst.csv (kenmerk en volledig BSN voor het adres uit de BRP)\n",
        n = brieven.len(),
        map = a.map.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Creates the folder, readable only by its owner (the letters are personal data).
fn maak_map(map: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(map)
        .with_context(|| format!("map {} kan niet gemaakt worden", map.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(map, fs::Permissions::from_mode(0o700)).with_context(|| {
            format!("rechten van map {} kunnen niet gezet worden", map.display())
        })?;
    }
    Ok(())
}

fn schrijf(pad: &Path, inhoud: &str) -> anyhow::Result<()> {
    fs::write(pad, inhoud).with_context(|| format!("{} kan niet geschreven worden", pad.display()))
}
