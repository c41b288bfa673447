//! Output formats of the reports: text (for people), CSV and XLSX (for spreadsheets). JSON is the
//! reports' serde form (the machine-readable contract).

use std::fmt::Write as _;

use rust_xlsxwriter::Workbook;
/// The XLSX writer's error ([`xlsx`]).
pub use rust_xlsxwriter::XlsxError;

use crate::banenmonitor::{Banenmonitor, MARKT, OVERHEID, TOTAAL};
use crate::quotum::Quotumrapport;
use crate::trend::{Trend, uitsplitsing};

/// A table: header and rows of cells (text or number).
pub struct Tabel {
    /// Sheet name.
    pub naam: String,
    /// Column names.
    pub kop: Vec<String>,
    /// Rows.
    pub rijen: Vec<Vec<Waarde>>,
}

/// A cell.
#[derive(Debug, Clone)]
pub enum Waarde {
    /// Text.
    Tekst(String),
    /// A number.
    Getal(f64),
    /// Suppressed or unknown.
    Leeg,
}

impl Waarde {
    fn tekst(&self) -> String {
        match self {
            Waarde::Tekst(t) => t.clone(),
            Waarde::Getal(g) => format!("{g}"),
            Waarde::Leeg => String::new(),
        }
    }
}

fn getal(x: Option<f64>) -> Waarde {
    x.map_or(Waarde::Leeg, Waarde::Getal)
}

/// The register's size and flows per quarter ([`crate::omvang`]); withheld cells empty.
pub fn omvang_tabellen(o: &[crate::omvang::Kwartaalomvang]) -> Vec<Tabel> {
    let n = |x: Option<u64>| getal(x.map(|v| v as f64));
    vec![Tabel {
        naam: "omvang".into(),
        kop: ["kwartaal", "personen", "instroom", "uitstroom"]
            .map(String::from)
            .to_vec(),
        rijen: o
            .iter()
            .map(|k| {
                vec![
                    Waarde::Tekst(k.kwartaal.clone()),
                    n(k.personen),
                    n(k.instroom),
                    n(k.uitstroom),
                ]
            })
            .collect(),
    }]
}

/// The register's size and flows per quarter as text: one line per quarter, withheld counts
/// as `x`, as in the trend (a flow of 10 or more is withheld with the other flow).
pub fn omvang_tekst(o: &[crate::omvang::Kwartaalomvang]) -> String {
    let n = |x: Option<u64>| x.map_or_else(|| "x".to_string(), |v| v.to_string());
    let mut t = String::from(
        "Omvang van het register per kwartaal (personen op de laatste dag; x = onderdrukt: \
         onder de onthullingsdrempel of daaruit terug te rekenen, R-40)\n",
    );
    let _ = writeln!(
        t,
        "{:<9} {:>10} {:>10} {:>10}",
        "kwartaal", "personen", "instroom", "uitstroom"
    );
    for k in o {
        let _ = writeln!(
            t,
            "{:<9} {:>10} {:>10} {:>10}",
            k.kwartaal,
            n(k.personen),
            n(k.instroom),
            n(k.uitstroom)
        );
    }
    t
}

/// The tables of a banenmonitor: the year's sectors and the series.
pub fn banenmonitor_tabellen(b: &Banenmonitor) -> Vec<Tabel> {
    let kop = |eerste: &str| {
        [
            eerste,
            "sector",
            "banen",
            "werkende_personen",
            "extra_banen",
            "doel",
            "verschil_met_doel",
            "gepubliceerd_extra_banen",
        ]
        .map(String::from)
        .to_vec()
    };
    let mut reeks = Vec::new();
    for j in &b.reeks {
        for s in [MARKT, OVERHEID, TOTAAL] {
            if let Some(c) = j.sectoren.get(s) {
                reeks.push(vec![
                    Waarde::Getal(f64::from(j.jaar)),
                    Waarde::Tekst(s.into()),
                    Waarde::Getal(c.banen),
                    Waarde::Getal(c.werkende_personen as f64),
                    getal(c.extra_banen),
                    getal(c.doel.map(|d| d as f64)),
                    getal(c.verschil_met_doel),
                    getal(c.gepubliceerd.map(|d| d as f64)),
                ]);
            }
        }
    }
    vec![Tabel {
        naam: "banenmonitor".into(),
        kop: kop("jaar"),
        rijen: reeks,
    }]
}

/// The table of a trend report (suppressed cells empty).
pub fn trend_tabellen(t: &Trend) -> Vec<Tabel> {
    let kop = [
        "code",
        "naam",
        "personen",
        "werkende_personen",
        "banen",
        "instroom",
        "uitstroom",
        "verandering_personen_vorig_kwartaal",
        "verandering_banen_vorig_kwartaal",
        "verandering_banen_nulmeting",
        "onderdrukt",
    ]
    .map(String::from)
    .to_vec();
    let mut rijen: Vec<Vec<Waarde>> = t
        .regios
        .iter()
        .map(|r| {
            vec![
                Waarde::Tekst(r.code.clone()),
                Waarde::Tekst(r.naam.clone()),
                getal(r.personen.map(|x| x as f64)),
                getal(r.werkende_personen.map(|x| x as f64)),
                getal(r.banen),
                getal(r.instroom.map(|x| x as f64)),
                getal(r.uitstroom.map(|x| x as f64)),
                getal(r.verandering_personen_vorig_kwartaal.map(|x| x as f64)),
                getal(r.verandering_banen_vorig_kwartaal),
                getal(r.verandering_banen_nulmeting),
                Waarde::Tekst(r.onderdrukt.join("|")),
            ]
        })
        .collect();
    let x = &t.totaal;
    // R-40 also holds for the national row: a count of persons below the threshold (only ever on
    // a small database) is left empty, and so are the jobs and changes derived from it.
    let d = t.onthullingsdrempel;
    let personen_ok = x.personen >= d;
    let werkend_ok = x.werkende_personen >= d;
    let vorig_ok = x.personen as i64 - x.verandering_personen_vorig_kwartaal >= d as i64;
    let als = |ok: bool, v: f64| getal(ok.then_some(v));
    rijen.push(vec![
        Waarde::Tekst("NL".into()),
        Waarde::Tekst("Nederland".into()),
        als(personen_ok, x.personen as f64),
        als(werkend_ok, x.werkende_personen as f64),
        als(werkend_ok, x.banen),
        als(x.instroom >= d, x.instroom as f64),
        als(x.uitstroom >= d, x.uitstroom as f64),
        als(
            personen_ok && vorig_ok,
            x.verandering_personen_vorig_kwartaal as f64,
        ),
        als(werkend_ok, x.verandering_banen_vorig_kwartaal),
        als(werkend_ok, x.verandering_banen_nulmeting),
        Waarde::Tekst(String::new()),
    ]);
    vec![Tabel {
        naam: format!("trend {}", t.kwartaal),
        kop,
        rijen,
    }]
}

/// The table of a quota report.
pub fn quotum_tabellen(q: &Quotumrapport) -> Vec<Tabel> {
    let kop = [
        "fiscaal_nummer",
        "naam",
        "sector",
        "totale_uren",
        "quotumplichtig",
        "quotumpercentage",
        "percentage_bron",
        "vereiste_uren",
        "getelde_uren",
        "ontbrekende_banen",
        "heffing_eurocent",
        "geactiveerd",
        "heffing_opgelegd",
    ]
    .map(String::from)
    .to_vec();
    let jn = |b: bool| Waarde::Tekst(if b { "J" } else { "N" }.into());
    let rijen = q
        .werkgevers
        .iter()
        .map(|w| {
            vec![
                Waarde::Tekst(w.fiscaal_nummer.clone()),
                Waarde::Tekst(w.naam.clone().unwrap_or_default()),
                Waarde::Tekst(w.sector.clone().unwrap_or_default()),
                Waarde::Getal(w.totale_uren),
                jn(w.quotumplichtig),
                getal(w.quotumpercentage),
                Waarde::Tekst(w.percentage_bron.clone().unwrap_or_default()),
                getal(w.vereiste_uren),
                Waarde::Getal(w.getelde_uren),
                getal(w.ontbrekende_banen),
                getal(w.heffing_eurocent.map(|x| x as f64)),
                jn(w.geactiveerd),
                jn(w.heffing_opgelegd),
            ]
        })
        .collect();
    vec![Tabel {
        naam: format!("quotum {}", q.jaar),
        kop,
        rijen,
    }]
}

/// CSV (`;`-separated, for Dutch spreadsheets; decimal point) of the first table. Text cells
/// that a spreadsheet would run as a formula (an employer's `naam` starting with `=`, `+`, `-`,
/// `@`, a tab or CR) are neutralised with a leading apostrophe (OWASP; issue #9).
pub fn csv(tabellen: &[Tabel]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    if let Some(t) = tabellen.first() {
        let _ = w.write_record(&t.kop);
        for r in &t.rijen {
            let _ = w.write_record(
                r.iter()
                    .map(|c| dgr_core::tekst::neutraliseer_csv(&c.tekst()).into_owned()),
            );
        }
    }
    w.into_inner().unwrap_or_default()
}

/// XLSX with one sheet per table (numbers as numbers).
///
/// # Errors
/// The writer's error.
pub fn xlsx(tabellen: &[Tabel]) -> Result<Vec<u8>, XlsxError> {
    let mut boek = Workbook::new();
    for t in tabellen {
        let blad = boek.add_worksheet();
        blad.set_name(t.naam.chars().take(31).collect::<String>())?;
        for (k, naam) in t.kop.iter().enumerate() {
            blad.write_string(0, k as u16, naam)?;
        }
        for (i, rij) in t.rijen.iter().enumerate() {
            for (k, w) in rij.iter().enumerate() {
                let (r, k) = (i as u32 + 1, k as u16);
                match w {
                    Waarde::Tekst(s) => {
                        blad.write_string(r, k, s)?;
                    }
                    Waarde::Getal(g) => {
                        blad.write_number(r, k, *g)?;
                    }
                    Waarde::Leeg => {}
                }
            }
        }
    }
    boek.save_to_buffer()
}

/// The banenmonitor as text, with the published results beside it.
pub fn banenmonitor_tekst(b: &Banenmonitor) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Landelijke banenmonitor {} (december; bekend op {})",
        b.jaar, b.bekend_op
    );
    let _ = writeln!(
        s,
        "nulmeting: {:.1} banen — {}",
        b.nulmeting.banen, b.nulmeting.bron
    );
    let _ = writeln!(
        s,
        "{:<6} {:<9} {:>10} {:>10} {:>11} {:>9} {:>12} {:>10}",
        "jaar", "sector", "banen", "werkend", "extra", "doel", "gepubl.", "afwijking"
    );
    for j in &b.reeks {
        for sector in [MARKT, OVERHEID, TOTAAL] {
            if let Some(c) = j.sectoren.get(sector) {
                let afwijking = c
                    .extra_banen
                    .zip(c.gepubliceerd)
                    .map(|(e, g)| format!("{:+.1}%", (e - g as f64) / g as f64 * 100.0));
                let _ = writeln!(
                    s,
                    "{:<6} {:<9} {:>10} {:>10} {:>11} {:>9} {:>12} {:>10}",
                    j.jaar,
                    sector,
                    c.banen_afgerond,
                    c.werkende_personen,
                    c.extra_banen
                        .map(|e| format!("{e:.1}"))
                        .unwrap_or_else(|| "-".into()),
                    c.doel.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    c.gepubliceerd
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    afwijking.unwrap_or_else(|| "-".into())
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "referentieversie {} · {} leveringen gelezen",
        &b.herkomst.referentie_versie[..12.min(b.herkomst.referentie_versie.len())],
        b.herkomst.leveringen.len()
    );
    s
}

/// The trend as text.
pub fn trend_tekst(t: &Trend) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Regionale trendrapportage {} (peildatum {}; bekend op {}; x = onderdrukt: minder dan {} personen of daaruit terug te rekenen, R-40)",
        t.kwartaal, t.peildatum, t.bekend_op, t.onthullingsdrempel
    );
    let _ = writeln!(
        s,
        "{:<5} {:<38} {:>9} {:>9} {:>10} {:>8} {:>8}",
        "code", "regio", "personen", "werkend", "banen", "instroom", "uitstroom"
    );
    // a withheld cell is "x" (the CBS sign for confidential), not "<10": secondary suppression
    // also withholds cells of 10 or more
    let toon = |x: Option<String>| x.unwrap_or_else(|| "x".to_string());
    for r in &t.regios {
        let _ = writeln!(
            s,
            "{:<5} {:<38} {:>9} {:>9} {:>10} {:>8} {:>8}",
            r.code,
            r.naam.chars().take(38).collect::<String>(),
            toon(r.personen.map(|x| x.to_string())),
            toon(r.werkende_personen.map(|x| x.to_string())),
            r.banen_afgerond.clone().unwrap_or_else(|| "x".into()),
            toon(r.instroom.map(|x| x.to_string())),
            toon(r.uitstroom.map(|x| x.to_string()))
        );
    }
    let x = &t.totaal;
    let d = t.onthullingsdrempel;
    let aantal = |n: u64| toon((n >= d).then(|| n.to_string()));
    let _ = writeln!(
        s,
        "{:<5} {:<38} {:>9} {:>9} {:>10} {:>8} {:>8}",
        "NL",
        "Nederland",
        aantal(x.personen),
        aantal(x.werkende_personen),
        toon((x.werkende_personen >= d).then(|| format!("{:.1}", x.banen))),
        aantal(x.instroom),
        aantal(x.uitstroom)
    );
    for (kop, per) in [
        ("instroom per grondslag", &x.instroom_per_grondslag),
        ("uitstroom per reden", &x.uitstroom_per_reden),
    ] {
        let delen: Vec<String> = uitsplitsing(per, d)
            .into_iter()
            .map(|(k, v)| format!("{k} {}", toon(v.map(|n| n.to_string()))))
            .collect();
        let _ = writeln!(s, "{kop}: {}", delen.join(", "));
    }
    s
}

/// The quota report as text.
pub fn quotum_tekst(q: &Quotumrapport, max_rijen: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Quotum {} (bekend op {})", q.jaar, q.bekend_op);
    for (sector, p) in &q.sectoren {
        let _ = writeln!(
            s,
            "  {sector}: percentage {} ({}); {}",
            p.percentage
                .map(|x| format!("{x:.2}%"))
                .unwrap_or_else(|| "onbekend".into()),
            p.bron,
            p.activering
        );
    }
    let plichtig = q.werkgevers.iter().filter(|w| w.quotumplichtig).count();
    let _ = writeln!(
        s,
        "  {} werkgevers (fiscale nummers), waarvan {plichtig} quotumplichtig",
        q.werkgevers.len()
    );
    let _ = writeln!(
        s,
        "{:<10} {:<40} {:<9} {:>14} {:>6} {:>12} {:>12} {:>10} {:>14}",
        "fiscaal nr",
        "naam",
        "sector",
        "totale uren",
        "plicht",
        "vereist",
        "geteld",
        "ontbrekend",
        "heffing EUR"
    );
    let mut rijen: Vec<_> = q.werkgevers.iter().filter(|w| w.quotumplichtig).collect();
    rijen.sort_by(|a, b| b.totale_uren.total_cmp(&a.totale_uren));
    for w in rijen.iter().take(max_rijen) {
        let _ = writeln!(
            s,
            "{:<10} {:<40} {:<9} {:>14.2} {:>6} {:>12} {:>12.2} {:>10} {:>14}",
            w.fiscaal_nummer,
            w.naam
                .clone()
                .unwrap_or_default()
                .chars()
                .take(40)
                .collect::<String>(),
            w.sector.clone().unwrap_or_default(),
            w.totale_uren,
            if w.quotumplichtig { "ja" } else { "nee" },
            w.vereiste_uren
                .map(|v| format!("{v:.2}"))
                .unwrap_or_else(|| "-".into()),
            w.getelde_uren,
            w.ontbrekende_banen
                .map(|v| format!("{v:.2}"))
                .unwrap_or_else(|| "-".into()),
            w.heffing_eurocent
                .map(|c| format!("{}.{:02}", c / 100, c % 100))
                .unwrap_or_else(|| "-".into())
        );
    }
    if rijen.len() > max_rijen {
        let _ = writeln!(
            s,
            "… {} meer (volledig met --formaat json|csv|xlsx)",
            rijen.len() - max_rijen
        );
    }
    s
}

/// A withheld-or-published figure of the werkgeversmonitor as text: the number, or `<10` /
/// `x`.
fn monitor_cel(
    e: &crate::werkgeversmonitor::Eenheidsregel,
    veld: &str,
    waarde: Option<String>,
    drempel: u64,
) -> String {
    e.teken(veld, drempel)
        .or(waarde)
        .unwrap_or_else(|| "-".into())
}

/// The depth of each unit below the root (for indentation).
fn monitor_diepte(m: &crate::werkgeversmonitor::Monitorrapport, code: &str) -> usize {
    m.voorouders(code).len().saturating_sub(1)
}

/// The werkgeversmonitor as text: the unit tree with its figures, `niet toegewezen` and the
/// benchmark. Withheld figures read `<10` (primary) or `x` (secondary), R-44.
pub fn werkgeversmonitor_tekst(m: &crate::werkgeversmonitor::Monitorrapport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Werkgeversmonitor {} — kwartaal {} (peildatum {}), eenhedenboom geldig vanaf {}",
        m.fiscaal_nummer,
        m.kwartaal,
        m.peildatum,
        m.boom_geldig_vanaf
            .as_deref()
            .unwrap_or("— (geen boom op de peildatum)")
    );
    let _ = writeln!(
        s,
        "\n{:<48} {:>10} {:>10} {:>10}",
        "eenheid", "werknemers", "doelgroep", "banen"
    );
    for e in &m.eenheden {
        let naam = format!(
            "{}{} ({})",
            "  ".repeat(monitor_diepte(m, &e.code)),
            e.naam,
            e.code
        );
        let _ = writeln!(
            s,
            "{:<48} {:>10} {:>10} {:>10}",
            naam.chars().take(48).collect::<String>(),
            e.werknemers,
            monitor_cel(
                e,
                "doelgroep",
                e.doelgroep.map(|d| d.to_string()),
                m.drempel
            ),
            monitor_cel(e, "banen", e.banen.map(|b| format!("{b:.3}")), m.drempel),
        );
    }
    let nt = match m.niet_toegewezen.banen {
        Some(b) => format!("{b:.3}"),
        None => format!("<{}", m.drempel),
    };
    let _ = writeln!(
        s,
        "{:<48} {:>10} {:>10} {:>10}",
        "niet toegewezen (aan de wortel)", "", "", nt
    );
    if m.onbekende_eenheid > 0 {
        let _ = writeln!(
            s,
            "\nlet op: {} werknemer(s) staan op een eenheid die niet in de boom van de peildatum staat; zij tellen als niet toegewezen",
            m.onbekende_eenheid
        );
    }
    let v = &m.vergelijking;
    let b = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
    let _ = writeln!(
        s,
        "\nvergelijking (banen in de laatste maand): organisatie {}, sector {} {}, subsector {} {}{}",
        b(v.organisatie_banen),
        v.sector.as_deref().unwrap_or("?"),
        b(v.sector_banen),
        v.subsector.as_deref().unwrap_or("?"),
        b(v.subsector_banen),
        v.aandeel_subsector_pct
            .map(|p| format!(" (aandeel {p:.2}%)"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "\n<{} = onder de onthullingsdrempel; x = weggelaten zodat geen kleiner getal uit een verschil volgt (R-44)",
        m.drempel
    );
    s
}

/// The werkgeversmonitor as tables: units (with withheld cells as `<10` / `x`) and categories.
pub fn werkgeversmonitor_tabellen(m: &crate::werkgeversmonitor::Monitorrapport) -> Vec<Tabel> {
    let kop = [
        "code",
        "naam",
        "bovenliggend",
        "werknemers",
        "doelgroep",
        "banen",
    ]
    .map(String::from)
    .to_vec();
    let cel = |e: &crate::werkgeversmonitor::Eenheidsregel, veld: &str, x: Option<f64>| match e
        .teken(veld, m.drempel)
    {
        Some(t) => Waarde::Tekst(t),
        None => getal(x),
    };
    let mut rijen: Vec<Vec<Waarde>> = m
        .eenheden
        .iter()
        .map(|e| {
            vec![
                Waarde::Tekst(e.code.clone()),
                Waarde::Tekst(e.naam.clone()),
                Waarde::Tekst(e.bovenliggend.clone().unwrap_or_default()),
                Waarde::Getal(e.werknemers as f64),
                cel(e, "doelgroep", e.doelgroep.map(|d| d as f64)),
                cel(e, "banen", e.banen),
            ]
        })
        .collect();
    rijen.push(vec![
        Waarde::Tekst("niet toegewezen".into()),
        Waarde::Tekst("niet toegewezen (aan de wortel)".into()),
        Waarde::Tekst(
            m.eenheden
                .first()
                .map(|e| e.code.clone())
                .unwrap_or_default(),
        ),
        Waarde::Leeg,
        Waarde::Leeg,
        match m.niet_toegewezen.banen {
            Some(b) => Waarde::Getal(b),
            None => Waarde::Tekst(format!("<{}", m.drempel)),
        },
    ]);
    let mut categorieen = Vec::new();
    for e in &m.eenheden {
        for (k, n) in &e.categorieen {
            let (groep, waarde) = k.split_once('=').unwrap_or((k, ""));
            let teken = e.teken(&format!("categorieen.{k}"), m.drempel);
            categorieen.push(vec![
                Waarde::Tekst(e.code.clone()),
                Waarde::Tekst(groep.to_string()),
                Waarde::Tekst(waarde.to_string()),
                match &teken {
                    Some(t) => Waarde::Tekst(t.clone()),
                    None => getal(n.map(|x| x as f64)),
                },
                match teken {
                    Some(t) => Waarde::Tekst(t),
                    None => getal(e.aandelen.get(k).copied().flatten()),
                },
            ]);
        }
    }
    vec![
        Tabel {
            naam: format!("eenheden {}", m.kwartaal),
            kop,
            rijen,
        },
        Tabel {
            naam: format!("categorieen {}", m.kwartaal),
            kop: ["eenheid", "groep", "waarde", "werknemers", "aandeel_pct"]
                .map(String::from)
                .to_vec(),
            rijen: categorieen,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rapporten_laten_excel_geen_formules_uitvoeren() {
        // an employer's name from a `werkgevers` delivery travels into `rapport quotum --formaat
        // csv`: a name starting with '=' must reach Excel as text; numbers stay numbers
        let t = Tabel {
            naam: "quotum".into(),
            kop: vec!["naam".into(), "ontbrekend".into()],
            rijen: vec![
                vec![
                    Waarde::Tekst("=HYPERLINK(\"http://x\")".into()),
                    Waarde::Getal(-3.0),
                ],
                vec![Waarde::Tekst("+31 Rechtbank".into()), Waarde::Getal(1.5)],
            ],
        };
        let tekst = String::from_utf8(csv(&[t])).unwrap_or_default();
        assert_eq!(
            tekst,
            "naam;ontbrekend\n\"'=HYPERLINK(\"\"http://x\"\")\";-3\n'+31 Rechtbank;1.5\n"
        );
    }
}
