//! `dgr demo`: generate a synthetic Netherlands and import it through the normal import path,
//! then print a summary: persons, registrations per grondslag, deliveries, rejected rows, the
//! register's size against the published figures, and five BSNs to try — and the demo
//! organisation of the werkgeversmonitor: its example goals are written after the import
//! ([`super::demodoelen`]) and the summary says how to open its monitor.

use dgr_store::Database;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use chrono::NaiveDate;
use dgr_demo::{Instellingen, Plan};
use dgr_register::ImportUitkomst;
use dgr_register::tijd::toon;

use super::demodoelen::Doelentelling;
use super::open;
use crate::cli::DemoArgs;
use crate::uitvoer;

/// Published register sizes to compare with (DOMAIN.md §1, constanten.csv).
const GEPUBLICEERD: [(&str, &str, u64); 4] = [
    (
        "2012-12-31",
        "nulmeting (constanten.csv nulmeting_personen_landelijk)",
        247_739,
    ),
    ("2017-03-31", "Q1 2017 (DOMAIN.md: ~204k)", 204_000),
    ("2020-12-31", "eind 2020 (DOMAIN.md: ~239k)", 239_000),
    ("2023-09-30", "Q3 2023 (DOMAIN.md: ~263k)", 263_000),
];

/// Runs `dgr demo`.
pub fn demo(db: &Database, a: &DemoArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let mut register = open(db)?;
    // a second run over the same database skips what the first one recorded (applied or
    // rejected), so the register is not asked to go back in time
    let al_verwerkt: std::collections::HashSet<(String, String)> = register
        .store()
        .leveringen()?
        .into_iter()
        .map(|l| (l.levering.bron.code().to_string(), l.levering.kenmerk))
        .collect();
    if !al_verwerkt.is_empty() {
        eprintln!(
            "let op: {} bevat al {} leveringen; die worden overgeslagen",
            db,
            al_verwerkt.len()
        );
    }
    eprintln!(
        "synthetisch Nederland genereren (schaal {}, seed {}) in {} …",
        a.schaal,
        a.seed,
        a.map.display()
    );
    let instellingen = Instellingen {
        schaal: a.schaal,
        seed: a.seed,
        map: a.map.clone(),
    };
    let plan =
        dgr_demo::genereer(&instellingen, register.referentie()).context("demo genereren")?;
    let gegenereerd = start.elapsed();
    eprintln!(
        "{} personen, {} registraties, {} werkgevers, {} polisrijen (met correcties) in {} leveringen ({:.1} s); inlezen …",
        plan.personen,
        plan.registraties,
        plan.werkgevers,
        plan.polisrijen,
        plan.leveringen.len(),
        gegenereerd.as_secs_f64()
    );
    if a.alleen_bestanden {
        let mut t = String::new();
        for l in &plan.leveringen {
            t.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                toon(l.tijd),
                l.soort,
                l.bron,
                l.kenmerk,
                l.gemeentecode
                    .map(|g| g.to_string())
                    .or(l.fiscaal_nummer.map(|f| f.to_string()))
                    .unwrap_or_default(),
                l.modus,
                l.bestand.display()
            ));
        }
        uitvoer::toon(&t);
        return Ok(ExitCode::SUCCESS);
    }
    let balk = uitvoer::voortgangsbalk("leveringen");
    balk.set_length(plan.leveringen.len() as u64);
    // the WAL copied back into the register file on the other core while the deliveries go in
    // (only a speed-up: without it the importer's commits copy the WAL themselves)
    let checkpoint = match db {
        Database::Sqlite(pad) => dgr_store::sqlite::Achtergrondcheckpoint::start(pad)
            .inspect_err(|e| tracing::warn!(fout = %e, "geen checkpoints op de achtergrond"))
            .ok(),
        Database::Postgres(_) => None,
    };
    let inlezen = Instant::now();
    let afgewezen = importeer_plan(
        &mut register,
        &plan,
        &al_verwerkt,
        &balk,
        checkpoint.as_ref(),
    )?;
    let ingelezen = inlezen.elapsed();
    drop(checkpoint);
    balk.finish_and_clear();
    let doelen = super::demodoelen::schrijf(&mut register, &plan.organisatie)
        .context("voorbeelddoelen van de demo-organisatie vastleggen")?;
    uitvoer::toon(&samenvatting(
        db,
        &register,
        &plan,
        &afgewezen,
        a.schaal,
        (gegenereerd, ingelezen),
        start,
    )?);
    uitvoer::toon(&organisatie(&plan.organisatie, doelen));
    if !a.serve {
        return Ok(ExitCode::SUCCESS);
    }
    uitvoer::toon(&voorbeeldtokens(db, &register, &plan, &a.listen)?);
    uitvoer::toon(&webpaginas(&register, &plan, &a.listen));
    uitvoer::toon(&monitor_in_de_browser(&plan.organisatie, &a.listen));
    drop(register);
    super::server::serve_met(super::server::ontwikkel_instellingen(db), &a.listen)
}

/// How many deliveries read ahead may wait for the register (`importeer_plan`). With one, the
/// reader fell behind after a run of small deliveries, and the register waited for the next
/// large one to be parsed: 2.0 s of waiting in the national demo, 0.6–0.8 s with four. The bound
/// counts deliveries, not bytes: the demo's largest (a December of polis) is ~30 MB read.
const VOORUIT: usize = 4;

/// Imports the plan's deliveries in order, those not recorded before. The next deliveries are
/// read from disk and parsed on a second thread ([`dgr_register::levering::lees_vooraf`]) while
/// the register applies the one before; at most [`VOORUIT`] wait, so memory holds at most
/// `VOORUIT` + 2 deliveries (issue #13: a backlog's import uses the machine's second core).
/// Returns the rejected rows and a line per rejected delivery.
fn importeer_plan(
    register: &mut dgr_register::Register,
    plan: &Plan,
    al_verwerkt: &std::collections::HashSet<(String, String)>,
    balk: &indicatif::ProgressBar,
    checkpoint: Option<&dgr_store::sqlite::Achtergrondcheckpoint>,
) -> anyhow::Result<(u64, Vec<String>)> {
    let (te_doen, al): (Vec<_>, Vec<_>) = plan
        .leveringen
        .iter()
        .partition(|l| !al_verwerkt.contains(&(l.bron.code().to_string(), l.kenmerk.clone())));
    balk.inc(al.len() as u64);
    let referentie = register.referentie().clone();
    let grenzen = register.grenzen();
    let nu = register.klok().nu();
    std::thread::scope(|draden| {
        let (zender, ontvanger) = std::sync::mpsc::sync_channel(VOORUIT);
        draden.spawn(move || {
            for l in te_doen {
                let gelezen = std::fs::read(&l.bestand).map(|inhoud| {
                    let vooraf = dgr_register::levering::lees_vooraf(
                        &l.aanlevering(&inhoud),
                        &referentie,
                        grenzen,
                        nu,
                    );
                    (inhoud, vooraf)
                });
                // a closed channel: the import stopped on an error
                if zender.send((l, gelezen)).is_err() {
                    break;
                }
            }
        });
        let mut afgewezen_rijen = 0u64;
        let mut afgewezen_leveringen = Vec::new();
        for (l, gelezen) in ontvanger {
            let (inhoud, vooraf) =
                gelezen.with_context(|| format!("{} lezen", l.bestand.display()))?;
            let uitkomst =
                register.importeer_vooraf(&l.aanlevering(&inhoud), vooraf, &mut |_, _| {})?;
            if let Some(c) = checkpoint {
                c.wek();
            }
            afgewezen_rijen += uitkomst.rapport().rijen_afgewezen;
            if let ImportUitkomst::Afgewezen(r, _) = &uitkomst {
                afgewezen_leveringen.push(format!(
                    "{} ({})",
                    r.kenmerk,
                    r.reden.as_deref().unwrap_or("")
                ));
            }
            balk.inc(1);
        }
        Ok((afgewezen_rijen, afgewezen_leveringen))
    })
}

/// The web address and what to type in the development login per role (issue #12 finding 12):
/// the example person's BSN, its municipality and labour-market region, an employer of it.
fn webpaginas(register: &dgr_register::Register, plan: &Plan, listen: &str) -> String {
    let bsn = plan
        .voorbeelden
        .first()
        .map(|v| v.bsn.clone())
        .unwrap_or_default();
    let gemeente = dgr_core::Bsn::parse(&bsn)
        .ok()
        .and_then(|b| register.huidige_woongemeente(b).ok().flatten())
        .and_then(|g| register.referentie().gemeente(g).cloned());
    let lhn = dgr_core::Bsn::parse(&bsn)
        .ok()
        .and_then(|b| register.store().polis_van(b, register.klok().nu()).ok())
        .and_then(|rijen| {
            rijen
                .last()
                .map(|r| r.inlener.unwrap_or(r.loonheffingennummer).to_string())
        })
        .unwrap_or_else(|| "123456782L01".into());
    let (code, naam, regio) = gemeente.map_or_else(
        || {
            (
                "0363".to_string(),
                "Amsterdam".to_string(),
                "AM22".to_string(),
            )
        },
        |g| (g.code.to_string(), g.naam, g.arbeidsmarktregio),
    );
    format!(
        "webpagina's: open http://{listen}/login (ontwikkellogin) en kies een rol:\n  \
         werkgever: loonheffingennummer {lhn}\n  \
         gemeente: gemeentecode {code} ({naam})\n  \
         wsp: arbeidsmarktregio {regio}\n  \
         burger: BSN {bsn}\n  \
         uwv, analist, belastingdienst, beheer: geen extra velden\n"
    )
}

/// How to open the demo organisation's werkgeversmonitor in the browser with the development
/// login: as the D&I team (the organisation's lhn) and as a unit contact person (`eenheden`).
fn monitor_in_de_browser(org: &dgr_demo::organisatie::Organisatie, listen: &str) -> String {
    let lhn = org
        .lhns
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    format!(
        "werkgeversmonitor in de browser: open http://{listen}/login, kies rol werkgever, \
         loonheffingennummer {lhn}, en open daarna http://{listen}/werkgever/monitor\n  \
         als contactpersoon van één eenheid: vul bij eenheden bijvoorbeeld RB-AMS in\n  \
         eenheden en personeel aanleveren: http://{listen}/leveringen\n"
    )
}

/// Development tokens for a quick try of the API after the demo.
fn voorbeeldtokens(
    db: &Database,
    register: &dgr_register::Register,
    plan: &Plan,
    listen: &str,
) -> anyhow::Result<String> {
    use dgr_server::identiteit::Rol;
    use std::fmt::Write as _;
    let map = super::server::data_map(db, None);
    let bsn = plan
        .voorbeelden
        .first()
        .map(|v| v.bsn.clone())
        .unwrap_or_default();
    let lhn = dgr_core::Bsn::parse(&bsn)
        .ok()
        .and_then(|b| register.store().polis_van(b, register.klok().nu()).ok())
        .and_then(|rijen| {
            rijen
                .last()
                .map(|r| r.inlener.unwrap_or(r.loonheffingennummer))
        })
        .map(|l| l.to_string())
        .unwrap_or_else(|| "123456782L01".into());
    let mut s = String::from("ontwikkeltokens (8 uur geldig; alleen voor deze ontwikkelserver):\n");
    for (rol, claim) in [
        (Rol::Werkgever, "werkgever"),
        (Rol::Uwv, "uwv"),
        (Rol::Analist, "analist"),
        (Rol::Burger, "burger"),
    ] {
        let mut c = super::server::claims(rol, &format!("demo-{claim}"), "doelgroepregister", 480);
        match rol {
            Rol::Werkgever => {
                c.loonheffingennummers = vec![lhn.clone()];
                c.organisatie = Some("Demowerkgever".into());
            }
            Rol::Burger => c.bsn = Some(bsn.clone()),
            _ => c.organisatie = Some(format!("Demo {claim}")),
        }
        let _ = writeln!(s, "  {claim}: {}", super::server::maak_token(&map, &c)?);
    }
    let _ = writeln!(
        s,
        "probeer: curl -s -X POST -H \"Authorization: Bearer <token>\" -H 'Content-Type: application/json' -d '{{\"bsn\":\"{bsn}\"}}' http://{listen}/api/v1/doelgroepregistraties/_zoek"
    );
    Ok(s)
}

/// How to open the werkgeversmonitor of the demo organisation.
fn organisatie(org: &dgr_demo::organisatie::Organisatie, doelen: Doelentelling) -> String {
    use dgr_demo::organisatie::{LAATSTE_DAG, NAAM, WORTEL};
    use std::fmt::Write as _;
    let mut s = String::new();
    let v = org.verwacht(WORTEL, LAATSTE_DAG);
    let lhns: Vec<String> = org.lhns.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        s,
        "werkgeversmonitor: demo-organisatie {NAAM}, fiscaal nummer {} (loonheffingennummers {})",
        org.fiscaal_nummer,
        lhns.join(", ")
    );
    let _ = writeln!(
        s,
        "  {} eenheden; op {LAATSTE_DAG} {} medewerkers, van wie {} in het register; {} ingeleende uitzendkrachten",
        org.eenheden()
            .iter()
            .filter(|e| e.geldig_vanaf == dgr_demo::organisatie::TWEEDE_BOOM)
            .count(),
        v.werknemers,
        v.doelgroep,
        org.inleners.len()
    );
    if doelen != Doelentelling::default() {
        let _ = writeln!(
            s,
            "  voorbeeldplan: {} thema's, {} onderwerpen, {} doelen, {} check-ins, {} mijlpalen, {} evaluatie(s)",
            doelen.themas,
            doelen.onderwerpen,
            doelen.doelen,
            doelen.checkins,
            doelen.mijlpalen,
            doelen.evaluaties
        );
    }
    let _ = writeln!(
        s,
        "  open de monitor: dgr rapport werkgeversmonitor --fiscaal-nummer {} --kwartaal 2025-K4",
        org.fiscaal_nummer
    );
    s
}

/// The persons in the register on each date of [`GEPUBLICEERD`], counted on a connection of
/// their own (`samenvatting` counts the rest on the register's meanwhile: each count is a scan
/// of the registrations, 0.3 s for the national demo).
fn personen_op_gepubliceerde_data(db: &Database) -> anyhow::Result<Vec<u64>> {
    let store = db.open_lezer()?;
    GEPUBLICEERD
        .iter()
        .map(|(datum, _, _)| {
            let d = NaiveDate::parse_from_str(datum, "%Y-%m-%d")?;
            Ok(store.personen_in_register(d)?)
        })
        .collect()
}

/// The demo's summary: what the register holds, the persons in it against the published
/// figures, the time taken, and example questions with their answers. `afgewezen` is what
/// [`importeer_plan`] returned; the times are those of generating the files and of importing
/// them (reading, applying and committing every delivery, issue #13's import), and `start` is
/// when the demo began.
fn samenvatting(
    db: &Database,
    register: &dgr_register::Register,
    plan: &Plan,
    (afgewezen_rijen, afgewezen_leveringen): &(u64, Vec<String>),
    schaal: f64,
    (gegenereerd, ingelezen): (std::time::Duration, std::time::Duration),
    start: Instant,
) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut s = String::new();
    let peil = dgr_demo::EIND;
    let (t, gepubliceerd) = std::thread::scope(|draden| {
        let tweede = draden.spawn(|| personen_op_gepubliceerde_data(db));
        let t = register.store().tellingen(peil);
        let gepubliceerd = tweede
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (t, gepubliceerd)
    });
    let (t, gepubliceerd) = (t?, gepubliceerd?);
    let _ = writeln!(
        s,
        "synthetisch Nederland ingelezen (de demo loopt tot {peil}; `dgr kwaliteit` noemt bronnen daarna te laat)"
    );
    let _ = writeln!(s, "  personen met BRP-gegevens:      {}", t.personen);
    let _ = writeln!(
        s,
        "  in het register op {peil}:   {}",
        t.personen_in_register
    );
    let _ = writeln!(s, "  registraties op {peil} per grondslag:");
    for (g, n) in &t.registraties_per_grondslag {
        let _ = writeln!(s, "    {g:<14} {n:>8}");
    }
    let _ = writeln!(s, "  polisrijen (actueel):           {}", t.polisrijen);
    let _ = writeln!(s, "  loonheffingennummers:           {}", t.werkgevers);
    let _ = writeln!(s, "  kandidaatprofielen:             {}", t.kandidaten);
    let _ = writeln!(
        s,
        "  leveringen: {} toegepast, {} afgewezen",
        t.leveringen_toegepast, t.leveringen_afgewezen
    );
    for a in afgewezen_leveringen {
        let _ = writeln!(s, "    afgewezen: {a}");
    }
    let _ = writeln!(
        s,
        "  afgekeurde rijen: {afgewezen_rijen} (waarvan {} bewust fout in de demo)",
        plan.foute_rijen
    );
    let _ = writeln!(
        s,
        "  personen in het register tegen de gepubliceerde cijfers (× schaal {schaal}):"
    );
    for ((datum, wat, gepubliceerd), n) in GEPUBLICEERD.iter().zip(gepubliceerd) {
        let verwacht = (*gepubliceerd as f64 * schaal).round();
        let afwijking = (n as f64 - verwacht) / verwacht.max(1.0) * 100.0;
        let _ = writeln!(
            s,
            "    {datum}  {n:>8}  gepubliceerd {verwacht:>8}  ({afwijking:+.1}%)  {wat}"
        );
    }
    let _ = writeln!(
        s,
        "  tijd: genereren {:.1} s, inlezen {:.1} s, totaal {:.1} s",
        gegenereerd.as_secs_f64(),
        ingelezen.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    let _ = writeln!(s, "probeer:");
    for v in &plan.voorbeelden {
        let bsn = dgr_core::Bsn::parse(&v.bsn)?;
        let bekend_op = v.bekend_op.unwrap_or_else(|| register.klok().nu());
        let antwoord = register.in_doelgroepregister(bsn, v.peildatum, bekend_op)?;
        let bekend = v
            .bekend_op
            .map(|b| format!(" --bekend-op {}", toon(b)))
            .unwrap_or_default();
        let verwacht = if v.verwacht { "ja" } else { "nee" };
        let klopt = if antwoord == v.verwacht {
            "✓"
        } else {
            "✗ (register wijkt af!)"
        };
        let _ = writeln!(
            s,
            "  dgr check {} --peildatum {}{bekend}   → {verwacht} {klopt}  ({})",
            v.bsn, v.peildatum, v.toelichting
        );
        if v.bekend_op.is_some() {
            let nu = register.in_doelgroepregister(bsn, v.peildatum, register.klok().nu())?;
            let _ = writeln!(
                s,
                "  dgr check {} --peildatum {}   → {} (nu bekend)",
                v.bsn,
                v.peildatum,
                if nu { "ja" } else { "nee" }
            );
        }
    }
    Ok(s)
}
