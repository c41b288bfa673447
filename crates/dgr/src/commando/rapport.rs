//! `dgr rapport banenmonitor|trend|omvang|quotum|werkgeversmonitor` and `dgr voordelen`.

use dgr_store::Database;
use std::process::ExitCode;

use anyhow::Context as _;
use dgr_core::Bsn;
use dgr_core::datum::parse_datum;
use dgr_core::lhn::Loonheffingennummer;
use dgr_register::tijd::parse_tijdstip;
use dgr_reports::formaat::{self, Tabel};
use dgr_reports::trend::Kwartaal;
use dgr_reports::{banenmonitor, omvang, quotum, trend, voordelen, werkgeversmonitor};
use serde::Serialize;

use super::medewerker::{Inzage, Medewerker, leg_vast};
use super::{druk_json, gebruiksfout, open};
use crate::cli::{Rapport, Uitvoer, VoordelenArgs};
use crate::uitvoer;

/// Runs `dgr rapport …`.
pub fn rapport(db: &Database, r: &Rapport, wie: &Medewerker) -> anyhow::Result<ExitCode> {
    let u = match r {
        Rapport::Banenmonitor(a) => &a.uitvoer,
        Rapport::Trend(a) => &a.uitvoer,
        Rapport::Omvang(a) => &a.uitvoer,
        Rapport::Quotum(a) => &a.uitvoer,
        Rapport::Werkgeversmonitor(a) => &a.uitvoer,
    };
    let bekend_op = match u.bekend_op.as_deref().map(parse_tijdstip).transpose() {
        Ok(t) => t,
        Err(e) => return Ok(gebruiksfout(format!("--bekend-op: {e}"))),
    };
    if !["tekst", "json", "csv", "xlsx"].contains(&u.formaat.as_str()) {
        return Ok(gebruiksfout(format!(
            "--formaat {}: kies tekst, json, csv of xlsx",
            u.formaat
        )));
    }
    if u.formaat == "xlsx" && u.uit.is_none() {
        return Ok(gebruiksfout("--formaat xlsx heeft --uit BESTAND nodig"));
    }
    let register = super::open_om_te_lezen(db)?;
    // default: as known now, on the register's clock
    let bekend_op = bekend_op.unwrap_or_else(|| register.klok().nu());
    let (store, referentie) = (register.store(), register.referentie());
    match r {
        Rapport::Banenmonitor(a) => {
            let b = banenmonitor::maak(store, referentie, a.jaar, bekend_op, !a.zonder_reeks)?;
            schrijf(
                u,
                &b,
                || formaat::banenmonitor_tekst(&b),
                || formaat::banenmonitor_tabellen(&b),
            )
        }
        Rapport::Trend(a) => {
            let k = match Kwartaal::parse(&a.kwartaal) {
                Ok(k) => k,
                Err(e) => return Ok(gebruiksfout(e)),
            };
            let t = trend::maak(store, referentie, k, bekend_op)?;
            schrijf(
                u,
                &t,
                || formaat::trend_tekst(&t),
                || formaat::trend_tabellen(&t),
            )
        }
        Rapport::Omvang(a) => {
            let van = a.van.as_deref().map(Kwartaal::parse).transpose();
            let (van, tot) = match (van, Kwartaal::parse(&a.tot)) {
                (Ok(van), Ok(tot)) => (van.unwrap_or(omvang::EERSTE_KWARTAAL), tot),
                (Err(e), _) | (_, Err(e)) => return Ok(gebruiksfout(e)),
            };
            if van > tot {
                return Ok(gebruiksfout(format!("--van {van} ligt na --tot {tot}")));
            }
            let o = omvang::maak(store, referentie, van, tot, bekend_op)?;
            schrijf(
                u,
                &o,
                || formaat::omvang_tekst(&o),
                || formaat::omvang_tabellen(&o),
            )
        }
        Rapport::Quotum(a) => {
            let alleen = match a
                .fiscaal_nummer
                .as_deref()
                .map(dgr_core::lhn::FiscaalNummer::parse)
                .transpose()
            {
                Ok(f) => f,
                Err(e) => return Ok(gebruiksfout(format!("--fiscaal-nummer: {e}"))),
            };
            let q = quotum::maak(store, referentie, a.jaar, alleen, bekend_op)?;
            schrijf(
                u,
                &q,
                || formaat::quotum_tekst(&q, 40),
                || formaat::quotum_tabellen(&q),
            )
        }
        Rapport::Werkgeversmonitor(a) => {
            let organisatie = match dgr_core::lhn::FiscaalNummer::parse(&a.fiscaal_nummer) {
                Ok(f) => f,
                Err(e) => return Ok(gebruiksfout(format!("--fiscaal-nummer: {e}"))),
            };
            let k = match Kwartaal::parse(&a.kwartaal) {
                Ok(k) => k,
                Err(e) => return Ok(gebruiksfout(e)),
            };
            let start = register.klok().nu();
            let m = match werkgeversmonitor::maak(store, referentie, organisatie, k, bekend_op) {
                Ok(m) => m,
                Err(dgr_reports::RapportFout::Parameter(e)) => return Ok(gebruiksfout(e)),
                Err(e) => return Err(e.into()),
            };
            // every person read for the monitor is logged before anything is shown
            leg_vast(Inzage {
                db,
                data_map: &super::server::data_map(db, a.data_map.as_ref()),
                klok: register.klok(),
                medewerker: wie,
                naam: "cli_werkgeversmonitor",
                activiteit: "DGR-MONITOR",
                bsns: m.betrokkenen.clone(),
                start,
            })?;
            schrijf(
                u,
                &m,
                || formaat::werkgeversmonitor_tekst(&m),
                || formaat::werkgeversmonitor_tabellen(&m),
            )
        }
    }
}

fn schrijf<T: Serialize>(
    u: &Uitvoer,
    rapport: &T,
    tekst: impl Fn() -> String,
    tabellen: impl Fn() -> Vec<Tabel>,
) -> anyhow::Result<ExitCode> {
    let bytes = match u.formaat.as_str() {
        "json" => {
            let mut b = serde_json::to_vec_pretty(rapport)?;
            b.push(b'\n');
            b
        }
        "csv" => formaat::csv(&tabellen()),
        "xlsx" => formaat::xlsx(&tabellen()).context("xlsx schrijven")?,
        _ => tekst().into_bytes(),
    };
    match &u.uit {
        Some(pad) => {
            std::fs::write(pad, bytes).with_context(|| format!("{} schrijven", pad.display()))?;
            eprintln!("rapport geschreven naar {}", pad.display());
        }
        // the formats write UTF-8: checked at the standard library's fast path (the lossy
        // conversion's was 3% of a cold quota report's instructions, issue #13)
        None => match String::from_utf8(bytes) {
            Ok(tekst) => uitvoer::toon(&tekst),
            Err(e) => uitvoer::toon(&String::from_utf8_lossy(e.as_bytes())),
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `dgr voordelen` (a staff read, logged before the answer is printed).
pub fn voordelen(db: &Database, a: &VoordelenArgs, wie: &Medewerker) -> anyhow::Result<ExitCode> {
    let bsn = match Bsn::parse(&a.bsn) {
        Ok(b) => b,
        Err(e) => return Ok(gebruiksfout(format!("ongeldig BSN: {e}"))),
    };
    let ingang = match parse_datum(&a.ingangsdatum_dienstverband) {
        Ok(d) => d,
        Err(e) => return Ok(gebruiksfout(format!("--ingangsdatum-dienstverband: {e}"))),
    };
    let werkgever = match a
        .loonheffingennummer
        .as_deref()
        .map(Loonheffingennummer::parse)
        .transpose()
    {
        Ok(l) => l.map(Loonheffingennummer::fiscaal_nummer),
        Err(e) => return Ok(gebruiksfout(format!("--loonheffingennummer: {e}"))),
    };
    let register = open(db)?;
    let klok = register.klok();
    let start = klok.nu();
    let v = voordelen::bereken(
        register.store(),
        register.referentie(),
        bsn,
        ingang,
        werkgever,
        dgr_register::tijd::datum_van(start),
        start,
    )?;
    leg_vast(Inzage {
        db,
        data_map: &super::server::data_map(db, a.data_map.as_ref()),
        klok,
        medewerker: wie,
        naam: "cli_voordelen",
        activiteit: super::medewerker::ACTIVITEIT,
        bsns: vec![bsn],
        start,
    })?;
    if a.json {
        druk_json(&v)?;
    } else {
        let nr = &v.no_riskpolis;
        let l = &v.lkv;
        let mut t = format!("dienstverband vanaf {}\n", v.ingangsdatum_dienstverband);
        t.push_str(&format!(
            "no-riskpolis: {}\n",
            if nr.van_toepassing {
                "ja".to_string()
            } else {
                format!("nee ({})", nr.reden.clone().unwrap_or_default())
            }
        ));
        if l.recht {
            t.push_str(&format!(
                "LKV doelgroep banenafspraak: ja, EUR {}.{:02} per verloond uur, ten hoogste EUR {} per jaar{}\n",
                l.bedrag_per_uur_eurocent / 100,
                l.bedrag_per_uur_eurocent % 100,
                l.maximum_per_jaar_eurocent / 100,
                l.einddatum.map(|e| format!(", tot {e}")).unwrap_or_else(|| ", zolang het dienstverband duurt en de werknemer is ingeschreven".into())
            ));
        } else {
            t.push_str(&format!(
                "LKV doelgroep banenafspraak: nee ({})\n",
                l.reden.clone().unwrap_or_default()
            ));
        }
        uitvoer::toon(&t);
    }
    Ok(ExitCode::SUCCESS)
}
