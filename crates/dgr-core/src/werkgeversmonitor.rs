//! R-43 unit figures and R-44 disclosure inside the organisation, as pure computation over the
//! facts the report gathers (who is on which unit on D, who is registered on D, whose hours
//! count in P). Reading those facts from the register is `dgr_reports::werkgeversmonitor`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::eenheden::{Boom, Personeelsrij, leeftijdsklasse};
use crate::{Breuk, Bsn};

/// The facts of one rostered employee on D that the figures need.
#[derive(Debug, Clone)]
pub struct Werknemerfeit<'a> {
    /// The roster row that applies on D.
    pub rij: &'a Personeelsrij,
    /// In the register on D with a grondslag that counts for the banenafspraak.
    pub doelgroep: bool,
    /// Counted hours in P under the organisation's loonheffingennummers.
    pub uren: Breuk,
}

/// Why a figure is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Onderdrukking {
    /// Below the threshold itself (shown as `<10`).
    Primair,
    /// Withheld so that another cannot be recovered by subtraction (shown as `x`).
    Secundair,
}

impl Onderdrukking {
    /// How a withheld figure is written on pages, text and CSV: `<t` or `x`.
    pub fn teken(self, drempel: u64) -> String {
        match self {
            Onderdrukking::Primair => format!("<{drempel}"),
            Onderdrukking::Secundair => "x".to_string(),
        }
    }
}

/// The figures of one unit (its own staff and everyone below it), before and after R-44.
#[derive(Debug, Clone, PartialEq)]
pub struct Eenheidscijfers {
    /// Unit code.
    pub code: String,
    /// Employees on D (never withheld).
    pub werknemers: u64,
    /// Employees placed directly on this unit (not below it).
    pub eigen_werknemers: u64,
    /// Of them in the target group on D.
    pub doelgroep: u64,
    /// Counted hours in P of the employees on the roster on D.
    pub uren: Breuk,
    /// `werknemers` per category: (`geslacht`, `M`) → n, (`leeftijd`, `30-39`) → n, …
    pub categorieen: BTreeMap<(String, String), u64>,
    /// R-44 on `doelgroep` and `banen` (together).
    pub onderdrukt: Option<Onderdrukking>,
    /// R-44 on each category count.
    pub categorie_onderdrukt: BTreeMap<(String, String), Onderdrukking>,
}

/// The result for one organisation and quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitorcijfers {
    /// Per unit, from the root down.
    pub eenheden: Vec<Eenheidscijfers>,
    /// Hours in P of persons attributed to the organisation who are on no unit of the tree on D
    /// (temp workers hired in, leavers, rows naming a unit not in the tree): the root's
    /// `niet toegewezen`.
    pub niet_toegewezen_uren: Breuk,
    /// How many persons are behind `niet_toegewezen_uren` (with counted hours > 0).
    pub niet_toegewezen_personen: u64,
    /// Whether `niet toegewezen` is withheld (fewer than t persons, 0 included; R-44).
    pub niet_toegewezen_onderdrukt: bool,
    /// Employees on the roster on D whose unit is not in the tree on D (a quality warning).
    pub onbekende_eenheid: u64,
}

impl Monitorcijfers {
    /// The figures of a unit.
    pub fn eenheid(&self, code: &str) -> Option<&Eenheidscijfers> {
        self.eenheden.iter().find(|e| e.code == code)
    }
}

/// The category groups counted per unit, in display order.
pub const CATEGORIEGROEPEN: [&str; 4] = ["geslacht", "leeftijd", "functieschaal", "leidinggevend"];

/// The category values of one employee on D (a value `onbekend` when not recorded).
fn categorieen(rij: &Personeelsrij, peildatum: NaiveDate) -> [(String, String); 4] {
    let onbekend = || "onbekend".to_string();
    [
        (
            "geslacht".into(),
            rij.geslacht.map_or_else(onbekend, |g| g.code().to_string()),
        ),
        (
            "leeftijd".into(),
            rij.geboortejaar
                .map_or_else(onbekend, |j| leeftijdsklasse(j, peildatum)),
        ),
        (
            "functieschaal".into(),
            rij.functieschaal.map_or_else(onbekend, |s| s.to_string()),
        ),
        (
            "leidinggevend".into(),
            rij.leidinggevend
                .map_or_else(onbekend, |l| if l { "J" } else { "N" }.to_string()),
        ),
    ]
}

/// R-43 then R-44: the figures of every unit of `boom` from the facts of the employees on D,
/// and the hours of persons attributed to the organisation who are on no unit
/// (`niet_toegewezen`: per person, hours > 0). `drempel` is `onthullingsdrempel_personen`.
pub fn bereken(
    boom: &Boom,
    peildatum: NaiveDate,
    feiten: &[Werknemerfeit<'_>],
    niet_toegewezen: &HashMap<Bsn, Breuk>,
    drempel: u64,
) -> Monitorcijfers {
    let volgorde = boom.van_boven_naar_beneden();
    let mut cijfers: BTreeMap<&str, Eenheidscijfers> = volgorde
        .iter()
        .map(|e| {
            (
                e.code.as_str(),
                Eenheidscijfers {
                    code: e.code.clone(),
                    werknemers: 0,
                    eigen_werknemers: 0,
                    doelgroep: 0,
                    uren: Breuk::NUL,
                    categorieen: BTreeMap::new(),
                    onderdrukt: None,
                    categorie_onderdrukt: BTreeMap::new(),
                },
            )
        })
        .collect();
    let mut nt_uren = Breuk::NUL;
    let mut nt_personen = 0;
    for (bsn, uren) in niet_toegewezen {
        let _ = bsn;
        if uren.is_positief() {
            nt_uren += *uren;
            nt_personen += 1;
        }
    }
    let mut onbekende_eenheid = 0;
    for f in feiten {
        if !boom.bevat(&f.rij.eenheid) {
            onbekende_eenheid += 1;
            if f.uren.is_positief() {
                nt_uren += f.uren;
                nt_personen += 1;
            }
            continue;
        }
        if let Some(c) = cijfers.get_mut(f.rij.eenheid.as_str()) {
            c.eigen_werknemers += 1;
        }
        let cats = categorieen(f.rij, peildatum);
        for e in boom.voorouders(&f.rij.eenheid) {
            if let Some(c) = cijfers.get_mut(e.code.as_str()) {
                c.werknemers += 1;
                c.doelgroep += u64::from(f.doelgroep);
                c.uren += f.uren;
                for k in &cats {
                    *c.categorieen.entry(k.clone()).or_default() += 1;
                }
            }
        }
    }
    let nt_onderdrukt = nt_personen < drempel;
    let mut eenheden: Vec<Eenheidscijfers> = volgorde
        .iter()
        .filter_map(|e| cijfers.remove(e.code.as_str()))
        .collect();
    // every unit lists every category value found anywhere in the tree (0 where it has none), so
    // a missing value cannot act as a published 0 beside a withheld one
    let alle: std::collections::BTreeSet<(String, String)> = eenheden
        .iter()
        .flat_map(|e| e.categorieen.keys().cloned())
        .collect();
    for e in &mut eenheden {
        for k in &alle {
            e.categorieen.entry(k.clone()).or_insert(0);
        }
    }
    onderdruk(boom, &mut eenheden, nt_onderdrukt, drempel);
    Monitorcijfers {
        eenheden,
        niet_toegewezen_uren: nt_uren,
        niet_toegewezen_personen: nt_personen,
        niet_toegewezen_onderdrukt: nt_onderdrukt,
        onbekende_eenheid,
    }
}

/// R-44 on the figures of a tree (ordered from the root down): primary, then secondary until no
/// sum can be solved for a single withheld term (category counts: primary only).
pub fn onderdruk(boom: &Boom, eenheden: &mut [Eenheidscijfers], nt_onderdrukt: bool, drempel: u64) {
    for e in eenheden.iter_mut() {
        let rest = e.werknemers - e.doelgroep;
        if e.doelgroep < drempel || rest < drempel {
            e.onderdrukt = Some(Onderdrukking::Primair);
        }
        for ((groep, waarde), n) in &e.categorieen {
            let rest = e.werknemers - n;
            if *n < drempel || rest < drempel {
                e.categorie_onderdrukt
                    .insert((groep.clone(), waarde.clone()), Onderdrukking::Primair);
            }
        }
    }
    secundair(boom, eenheden, nt_onderdrukt);
    categorie_secundair(boom, eenheden);
}

/// R-44's secondary step for the category counts (R-43 "shares by category"): two kinds of
/// sum must not have exactly one withheld term under a shown total — the values of one group
/// inside a unit (they add up to its published `werknemers`), and one value across a unit and
/// its children (plus its own staff, a term never published on its own). Where one does, the
/// smallest shown term is withheld (ties: the smaller unit code or value); repeated to a fixed
/// point.
fn categorie_secundair(boom: &Boom, eenheden: &mut [Eenheidscijfers]) {
    let index: HashMap<String, usize> = eenheden
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.clone(), i))
        .collect();
    let kinderen: Vec<Vec<usize>> = eenheden
        .iter()
        .map(|e| {
            boom.kinderen(&e.code)
                .iter()
                .filter_map(|k| index.get(&k.code).copied())
                .collect()
        })
        .collect();
    while let Some((i, sleutel)) = categorie_herstel(eenheden, &kinderen) {
        eenheden[i]
            .categorie_onderdrukt
            .insert(sleutel, Onderdrukking::Secundair);
    }
}

/// The next (unit, category) to withhold, if any sum can still be solved for one term.
fn categorie_herstel(
    eenheden: &[Eenheidscijfers],
    kinderen: &[Vec<usize>],
) -> Option<(usize, (String, String))> {
    let weg = |i: usize, k: &(String, String)| eenheden[i].categorie_onderdrukt.contains_key(k);
    for (i, e) in eenheden.iter().enumerate() {
        // the values of one group inside the unit
        let groepen: std::collections::BTreeSet<&String> =
            e.categorieen.keys().map(|(g, _)| g).collect();
        for g in groepen {
            let leden: Vec<&(String, String)> =
                e.categorieen.keys().filter(|(x, _)| x == g).collect();
            if leden.iter().filter(|k| weg(i, k)).count() == 1 {
                let kleinste = leden
                    .iter()
                    .filter(|k| !weg(i, k))
                    .min_by_key(|k| (e.categorieen[**k], (**k).clone()));
                if let Some(k) = kleinste {
                    return Some((i, (*k).clone()));
                }
            }
        }
        // one value across the unit and its children
        if kinderen[i].is_empty() {
            continue;
        }
        for k in e.categorieen.keys() {
            let onbekend = kinderen[i].iter().filter(|&&c| weg(c, k)).count()
                + usize::from(e.eigen_werknemers > 0);
            let kleinste_kind = || {
                kinderen[i]
                    .iter()
                    .copied()
                    .filter(|&c| !weg(c, k))
                    .min_by_key(|&c| (eenheden[c].categorieen.get(k).copied(), &eenheden[c].code))
            };
            if !weg(i, k) && onbekend == 1 {
                return Some((kleinste_kind().unwrap_or(i), k.clone()));
            }
            if weg(i, k)
                && onbekend == 0
                && let Some(c) = kleinste_kind()
            {
                return Some((c, k.clone()));
            }
        }
    }
    None
}

/// R-44's secondary step: withholds units, from the root down, until no sum (a unit = its child
/// units + its own staff, at the root also + `niet toegewezen`) has exactly one withheld term
/// under a shown total, nor a withheld total with every term shown. Idempotent.
pub fn secundair(boom: &Boom, eenheden: &mut [Eenheidscijfers], nt_onderdrukt: bool) {
    let index: HashMap<String, usize> = eenheden
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.clone(), i))
        .collect();
    let wortel = boom.wortel().to_string();
    loop {
        let mut gewijzigd = false;
        for i in 0..eenheden.len() {
            let kinderen: Vec<usize> = boom
                .kinderen(&eenheden[i].code)
                .iter()
                .filter_map(|k| index.get(&k.code).copied())
                .collect();
            if kinderen.is_empty() {
                continue;
            }
            let eigen = eenheden[i].eigen_werknemers > 0;
            let mut extra = vec![eigen];
            if let Some(doel) = herstel(eenheden, i, &kinderen, &extra) {
                eenheden[doel].onderdrukt = Some(Onderdrukking::Secundair);
                gewijzigd = true;
                break;
            }
            if eenheden[i].code == wortel {
                extra.push(nt_onderdrukt);
                if let Some(doel) = herstel(eenheden, i, &kinderen, &extra) {
                    eenheden[doel].onderdrukt = Some(Onderdrukking::Secundair);
                    gewijzigd = true;
                    break;
                }
            }
        }
        if !gewijzigd {
            break;
        }
    }
}

/// **Project decision** closing a gap R-44 leaves between two quarters: when the tree changed
/// (units merged, split, moved or dropped, and their staff moved with them), a unit published
/// in both quarters could give away a withheld unit that moved into or out of it by subtracting
/// its two figures. So in a quarter whose tree differs from the previous quarter's, a unit
/// published in both (in the previous quarter: not primarily withheld) is withheld (secondary)
/// when its doelgroep differs by fewer than `drempel` (0 excluded: then nothing is given away);
/// the secondary step then runs again. Returns the codes withheld.
pub fn bescherm_tegen_kwartaalverschil(
    boom: &Boom,
    cijfers: &mut Monitorcijfers,
    vorige_boom: &Boom,
    vorige: &Monitorcijfers,
    drempel: u64,
) -> Vec<String> {
    let mut weg = Vec::new();
    if boom.geldig_vanaf == vorige_boom.geldig_vanaf {
        return weg;
    }
    for e in &mut cijfers.eenheden {
        let Some(oud) = vorige.eenheid(&e.code) else {
            continue;
        };
        // a figure withheld secondarily in the previous quarter counts as published here: the
        // caller may compute that quarter without its payroll, so only primary withholding is
        // certain (this errs on the side of withholding)
        if e.onderdrukt.is_some() || oud.onderdrukt == Some(Onderdrukking::Primair) {
            continue;
        }
        let verschil = e.doelgroep.abs_diff(oud.doelgroep);
        if verschil > 0 && verschil < drempel {
            e.onderdrukt = Some(Onderdrukking::Secundair);
            weg.push(e.code.clone());
        }
    }
    if !weg.is_empty() {
        secundair(
            boom,
            &mut cijfers.eenheden,
            cijfers.niet_toegewezen_onderdrukt,
        );
    }
    weg
}

/// Checks one sum of unit `i`: its child units plus the extra terms (`true` = withheld). Returns
/// the unit to withhold next, if the sum could be solved for a withheld term.
fn herstel(
    eenheden: &[Eenheidscijfers],
    i: usize,
    kinderen: &[usize],
    extra: &[bool],
) -> Option<usize> {
    let onderdrukte_kinderen = kinderen
        .iter()
        .filter(|&&k| eenheden[k].onderdrukt.is_some())
        .count();
    let onderdrukt = onderdrukte_kinderen + extra.iter().filter(|&&x| x).count();
    let totaal_getoond = eenheden[i].onderdrukt.is_none();
    let kleinste_getoonde = || {
        kinderen
            .iter()
            .copied()
            .filter(|&k| eenheden[k].onderdrukt.is_none())
            .min_by(|&a, &b| {
                (eenheden[a].doelgroep, &eenheden[a].code)
                    .cmp(&(eenheden[b].doelgroep, &eenheden[b].code))
            })
    };
    if totaal_getoond && onderdrukt == 1 {
        // withhold another term; with no shown child left, the total itself
        return kleinste_getoonde().or(Some(i));
    }
    if !totaal_getoond && onderdrukt == 0 {
        return kleinste_getoonde();
    }
    None
}

/// where a goal on `code` is measured: the unit itself, or its nearest ancestor whose
/// figures are published. `None` when every level is withheld.
pub fn meetpunt<'a>(
    boom: &Boom,
    cijfers: &'a Monitorcijfers,
    code: &str,
) -> Option<&'a Eenheidscijfers> {
    boom.voorouders(code)
        .into_iter()
        .filter_map(|e| cijfers.eenheid(&e.code))
        .find(|c| c.onderdrukt.is_none())
}

#[cfg(test)]
mod tests;
