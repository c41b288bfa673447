//! Text output of the CLI (Dutch, for people at a terminal) and the progress bar.

use std::fmt::Write as _;
use std::path::Path;

use dgr_register::Leveringsrapport;
use dgr_register::kwaliteit::Kwaliteitsrapport;
use dgr_register::opvragen::PersoonOverzicht;
use dgr_register::tijd;
use dgr_store::LeveringRecord;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Most row errors printed in a text report (the JSON report and the rejection file hold all).
const MAX_FOUTEN_TEKST: usize = 25;

/// Writes text to stdout, with control characters that values from files might carry (an ESC
/// sequence in a kenmerk or a cell) escaped so they cannot repaint the terminal. A closed pipe
/// (`dgr leveringen | head`) ends the process quietly instead of panicking.
pub fn toon(tekst: &str) {
    use std::io::Write as _;
    let tekst = dgr_core::tekst::voor_terminal(tekst);
    let mut uit = std::io::stdout().lock();
    if let Err(e) = uit.write_all(tekst.as_bytes()).and_then(|()| uit.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("fout: schrijven naar stdout mislukt: {e}");
        std::process::exit(1);
    }
}

/// A progress bar on stderr that draws only when stderr is a terminal.
pub fn voortgangsbalk(wat: &str) -> ProgressBar {
    let balk = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(stijl) =
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, nog {eta})")
    {
        balk.set_style(stijl.progress_chars("=> "));
    }
    balk.set_message(wat.to_string());
    balk
}

/// The delivery report as text.
pub fn leveringsrapport(r: &Leveringsrapport, afwijzingen: Option<&Path>) -> String {
    let mut s = String::new();
    let status = match r.status {
        "TOEGEPAST" => "toegepast",
        "AL_TOEGEPAST" => "al toegepast (niets gewijzigd)",
        _ => "AFGEWEZEN (niets toegepast)",
    };
    let _ = writeln!(s, "levering {}: {status}", r.levering_id);
    let _ = writeln!(
        s,
        "  soort {} · bron {} · kenmerk {} · modus {}",
        r.soort, r.bron, r.kenmerk, r.modus
    );
    if let Some(g) = &r.gemeentecode {
        let _ = writeln!(s, "  gemeente {g}");
    }
    let _ = writeln!(
        s,
        "  bestand {} (sha256 {})",
        r.bestandsnaam,
        r.sha256.get(..16).unwrap_or(&r.sha256)
    );
    if let (Some(c), Some(k)) = (&r.container, &r.codering) {
        let _ = writeln!(s, "  gelezen als {c}, codering {k}");
    }
    let _ = writeln!(
        s,
        "  geregistreerd op {} · referentieversie {}",
        r.geregistreerd_op,
        r.referentie_versie.get(..12).unwrap_or_default()
    );
    let van = if r.status == "AL_TOEGEPAST" {
        " (van de eerdere levering)"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "  rijen{van}: {} gelezen, {} toegepast, {} met fouten · {} nieuw, {} gewijzigd, {} ongewijzigd",
        r.rijen_gelezen, r.rijen_toegepast, r.rijen_afgewezen, r.nieuw, r.gewijzigd, r.ongewijzigd
    );
    if r.kennisgevingen > 0 {
        let _ = writeln!(
            s,
            "  kennisgevingen aan personen van nieuwe registraties (art. 38d lid 8 Wfsv): {} (dgr brieven --datum schrijft de brieven)",
            r.kennisgevingen
        );
    }
    if r.afgeleide_wijzigingen > 0 {
        let _ = writeln!(
            s,
            "  afgeleide einddata (AOW/overlijden) bijgewerkt: {}",
            r.afgeleide_wijzigingen
        );
    }
    if let Some(reden) = &r.reden {
        let _ = writeln!(s, "  reden: {reden}");
    }
    for w in &r.waarschuwingen {
        let _ = writeln!(s, "  waarschuwing: {w}");
    }
    for f in r.fouten.iter().take(MAX_FOUTEN_TEKST) {
        let _ = writeln!(s, "  fout {}: {f}", r.bestandsnaam);
    }
    if r.fouten.len() > MAX_FOUTEN_TEKST {
        let _ = writeln!(
            s,
            "  … en nog {} fouten (zie --json of het afwijzingsbestand)",
            r.fouten.len() - MAX_FOUTEN_TEKST
        );
    }
    if let Some(p) = afwijzingen {
        let _ = writeln!(s, "  afwijzingsbestand: {}", p.display());
    }
    let _ = writeln!(s, "  duur {} ms", r.duur_ms);
    s
}

/// The staff view of a person as text.
pub fn persoon(o: &PersoonOverzicht) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "persoon {} (bekend op {})", o.bsn, o.bekend_op);
    match &o.persoon {
        Some(p) => {
            let _ = writeln!(s, "  geboortedatum   {}", p.geboortedatum);
            if let Some(d) = p.overlijdensdatum {
                let _ = writeln!(s, "  overleden       {d}");
            }
            let _ = writeln!(
                s,
                "  woongemeente    {}",
                p.woongemeente.as_deref().unwrap_or("(niet ingezetene)")
            );
            let aow = p.aow_datum.map_or("onbekend".to_string(), |d| {
                format!("{d}{}", if p.aow_voorlopig { " (voorlopig)" } else { "" })
            });
            let _ = writeln!(s, "  AOW-datum       {aow}");
            let _ = writeln!(s, "  bron            levering {}", p.levering_id);
        }
        None => {
            let _ = writeln!(s, "  geen persoonsgegevens (BRP) bekend");
        }
    }
    let _ = writeln!(
        s,
        "  in doelgroepregister vandaag: {}",
        if o.in_doelgroepregister_vandaag {
            "ja"
        } else {
            "nee"
        }
    );
    let _ = writeln!(
        s,
        "  registratieversies ({}); einde = eerste dag niet meer ingeschreven:",
        o.registratieversies.len()
    );
    let _ = writeln!(
        s,
        "    {:>8}  {:<13} {:<10} {:<10} {:<20} {:<25} {:<25} oorzaak",
        "reg", "grondslag", "ingang", "einde", "reden", "geregistreerd op", "vervallen op"
    );
    for v in &o.registratieversies {
        let einde = v
            .einddatum
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into());
        let reden = if v.ingetrokken {
            "INGETROKKEN".to_string()
        } else {
            v.reden_einde.clone().unwrap_or_else(|| "-".into())
        };
        let _ = writeln!(
            s,
            "    {:>8}  {:<13} {:<10} {:<10} {:<20} {:<25} {:<25} {}",
            v.registratie_id,
            v.grondslag,
            v.ingangsdatum,
            einde,
            reden,
            v.geregistreerd_op,
            v.vervallen_op.as_deref().unwrap_or("-"),
            v.oorzaak
        );
    }
    s
}

/// One delivery as JSON (without the stored report body).
pub fn levering_json(l: &LeveringRecord) -> serde_json::Value {
    let x = &l.levering;
    serde_json::json!({
        "id": l.id,
        "bron": x.bron.code(),
        "soort": x.soort.naam(),
        "kenmerk": x.kenmerk,
        "gemeentecode": x.gemeentecode.map(|g| g.to_string()),
        "status": x.status.code(),
        "modus": x.modus.naam(),
        "geregistreerd_op": tijd::toon(x.geregistreerd_op),
        "bestandsnaam": x.bestandsnaam,
        "sha256": x.sha256,
        "referentie_versie": x.referentie_versie,
        "rijen_gelezen": x.rijen_gelezen,
        "rijen_toegepast": x.rijen_toegepast,
        "rijen_afgewezen": x.rijen_afgewezen,
        "nieuw": x.nieuw,
        "gewijzigd": x.gewijzigd,
        "ongewijzigd": x.ongewijzigd,
    })
}

/// The list of deliveries as a table.
pub fn leveringen(lijst: &[LeveringRecord]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>5}  {:<25} {:<18} {:<15} {:<34} {:<10} {:>9} {:>9} {:>9}",
        "id",
        "geregistreerd op",
        "bron",
        "soort",
        "kenmerk",
        "status",
        "gelezen",
        "toegepast",
        "afgewezen"
    );
    for l in lijst {
        let x = &l.levering;
        let _ = writeln!(
            s,
            "{:>5}  {:<25} {:<18} {:<15} {:<34} {:<10} {:>9} {:>9} {:>9}",
            l.id,
            tijd::toon(x.geregistreerd_op),
            x.bron.code(),
            x.soort.naam(),
            x.kenmerk,
            x.status.code(),
            x.rijen_gelezen,
            x.rijen_toegepast,
            x.rijen_afgewezen
        );
    }
    let _ = writeln!(s, "{} levering(en)", lijst.len());
    s
}

/// The quality report as text (lists cut to their first entries).
pub fn kwaliteit(k: &Kwaliteitsrapport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "datakwaliteit op {}", k.datum);
    let lijst = |s: &mut String, titel: &str, m: &[dgr_register::kwaliteit::Melding]| {
        let _ = writeln!(s, "  {titel}: {}", m.len());
        for x in m.iter().take(10) {
            let _ = writeln!(s, "    {} {}", x.bsn, x.toelichting);
        }
        if m.len() > 10 {
            let _ = writeln!(s, "    … (alle meldingen met --json)");
        }
    };
    lijst(
        &mut s,
        "onvolledige geboortedatum",
        &k.onvolledige_geboortedatum,
    );
    lijst(
        &mut s,
        "onbekende geboortedatum",
        &k.onbekende_geboortedatum,
    );
    let _ = writeln!(
        s,
        "  voorlopige AOW-datum (geboren na de AOW-tabel): {}",
        k.voorlopige_aow_datum
    );
    lijst(
        &mut s,
        "registraties zonder persoonsgegevens",
        &k.registraties_zonder_persoonsgegevens,
    );
    lijst(
        &mut s,
        "registraties zonder kennisgeving aan de persoon (art. 38d lid 8 Wfsv)",
        &k.registraties_zonder_kennisgeving,
    );
    lijst(
        &mut s,
        "overlappende registraties (zelfde grondslag)",
        &k.overlappende_registraties,
    );
    let _ = writeln!(s, "  bronnen (laatste levering tegen de termijn):");
    for b in &k.bronnen {
        let _ = writeln!(
            s,
            "    {:<10} {:<28} {:<30} {:<27} termijn {} dagen",
            b.status,
            b.onderwerp,
            b.bronnen.join("/"),
            b.laatste_levering.as_deref().unwrap_or("nooit"),
            b.termijn_dagen
        );
    }
    let _ = writeln!(
        s,
        "  personeelsrijen met een eenheid die niet in de boom staat (tellen als niet toegewezen, R-42): {}",
        k.onbekende_eenheden.len()
    );
    for m in k.onbekende_eenheden.iter().take(20) {
        let _ = writeln!(
            s,
            "    organisatie {} personeelsnummer {} eenheid {} geldig vanaf {}",
            m.fiscaal_nummer, m.personeelsnummer, m.eenheid, m.geldig_vanaf
        );
    }
    s
}
