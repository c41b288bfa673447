//! an organisation's units (`eenheden`) and who belongs to them (`personeel`), for the
//! werkgeversmonitor.
//!
//! A unit tree is delivered whole from its `geldig_vanaf` on; a report for peildatum D uses the
//! tree with the latest `geldig_vanaf` ≤ D. An employee belongs on D to the unit named by the
//! latest roster row with `geldig_vanaf` ≤ D of their personeelsnummer, unless that row's
//! `uit_dienst` ≤ D.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike as _, NaiveDate};

use crate::{Bsn, Honderdsten};

/// One unit as delivered (`eenheden`, FORMATS.md), valid from `geldig_vanaf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eenheid {
    /// The unit's own code, unique within the organisation (e.g. `RB-ZWB`).
    pub code: String,
    /// Display name.
    pub naam: String,
    /// Code of the parent unit; `None` for the root.
    pub bovenliggend: Option<String>,
    /// Free text kind (`rechtbank`, `dienst`, …).
    pub soort: Option<String>,
    /// The date from which this tree applies.
    pub geldig_vanaf: NaiveDate,
}

/// Geslacht as recorded in the employer's roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Geslacht {
    /// Man.
    M,
    /// Vrouw.
    V,
    /// Anders / onbekend (recorded as X).
    X,
}

impl Geslacht {
    /// The code as written in `personeel` files (`M`, `V`, `X`).
    pub fn code(self) -> &'static str {
        match self {
            Geslacht::M => "M",
            Geslacht::V => "V",
            Geslacht::X => "X",
        }
    }

    /// Parses `M`, `V` or `X` (case-insensitive).
    pub fn parse(tekst: &str) -> Option<Geslacht> {
        match tekst.trim().to_ascii_uppercase().as_str() {
            "M" => Some(Geslacht::M),
            "V" => Some(Geslacht::V),
            "X" => Some(Geslacht::X),
            _ => None,
        }
    }
}

/// One row of an employer's roster (`personeel`, FORMATS.md), valid from `geldig_vanaf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personeelsrij {
    /// The employer's own key for the employee.
    pub personeelsnummer: String,
    /// The employee.
    pub bsn: Bsn,
    /// Unit code (of the tree valid on `geldig_vanaf`).
    pub eenheid: String,
    /// From when this row applies.
    pub geldig_vanaf: NaiveDate,
    /// First day no longer employed.
    pub uit_dienst: Option<NaiveDate>,
    /// Contract hours per week (0..60), in hundredths.
    pub uren_per_week: Option<Honderdsten>,
    /// Salary scale 1..18.
    pub functieschaal: Option<u8>,
    /// Whether the employee leads others.
    pub leidinggevend: Option<bool>,
    /// As recorded; `None` = not recorded.
    pub geslacht: Option<Geslacht>,
    /// Year of birth (shown only as age bands of 10 years).
    pub geboortejaar: Option<i32>,
}

/// Why a delivered tree is not a tree (a file error, FORMATS.md `eenheden`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoomFout {
    /// No unit without a parent.
    GeenWortel,
    /// More than one unit without a parent.
    MeerdereWortels(Vec<String>),
    /// A parent code that is not in the tree.
    OnbekendeBovenliggende {
        /// The unit.
        eenheid: String,
        /// The unknown parent.
        bovenliggend: String,
    },
    /// Following parents leads back to the unit.
    Kring(Vec<String>),
}

impl std::fmt::Display for BoomFout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoomFout::GeenWortel => {
                f.write_str("de eenheden hebben geen wortel (een eenheid zonder bovenliggende)")
            }
            BoomFout::MeerdereWortels(w) => {
                write!(
                    f,
                    "de eenheden hebben meer dan één wortel: {}",
                    w.join(", ")
                )
            }
            BoomFout::OnbekendeBovenliggende {
                eenheid,
                bovenliggend,
            } => write!(
                f,
                "eenheid {eenheid} noemt bovenliggende {bovenliggend}, die niet in de boom staat"
            ),
            BoomFout::Kring(k) => write!(f, "de eenheden vormen een kring: {}", k.join(" → ")),
        }
    }
}

/// A valid unit tree (one root, every parent known, no cycle), as it applies from one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boom {
    /// The date from which it applies.
    pub geldig_vanaf: NaiveDate,
    eenheden: BTreeMap<String, Eenheid>,
    wortel: String,
}

impl Boom {
    /// Checks and builds a tree from the units of one `geldig_vanaf`.
    ///
    /// # Errors
    /// [`BoomFout`] when the units do not form exactly one tree.
    pub fn bouw(geldig_vanaf: NaiveDate, eenheden: Vec<Eenheid>) -> Result<Boom, BoomFout> {
        let eenheden: BTreeMap<String, Eenheid> =
            eenheden.into_iter().map(|e| (e.code.clone(), e)).collect();
        let wortels: Vec<String> = eenheden
            .values()
            .filter(|e| e.bovenliggend.is_none())
            .map(|e| e.code.clone())
            .collect();
        let wortel = match wortels.as_slice() {
            [] => return Err(BoomFout::GeenWortel),
            [w] => w.clone(),
            _ => return Err(BoomFout::MeerdereWortels(wortels)),
        };
        for e in eenheden.values() {
            if let Some(b) = &e.bovenliggend
                && !eenheden.contains_key(b)
            {
                return Err(BoomFout::OnbekendeBovenliggende {
                    eenheid: e.code.clone(),
                    bovenliggend: b.clone(),
                });
            }
        }
        let boom = Boom {
            geldig_vanaf,
            eenheden,
            wortel,
        };
        boom.zonder_kring()?;
        Ok(boom)
    }

    /// Every unit must reach the root by following parents.
    fn zonder_kring(&self) -> Result<(), BoomFout> {
        for start in self.eenheden.keys() {
            let mut pad = vec![start.clone()];
            let mut gezien: HashSet<&str> = HashSet::from([start.as_str()]);
            let mut huidig = start.as_str();
            while let Some(b) = self
                .eenheden
                .get(huidig)
                .and_then(|e| e.bovenliggend.as_deref())
            {
                pad.push(b.to_string());
                if !gezien.insert(b) {
                    return Err(BoomFout::Kring(pad));
                }
                huidig = b;
            }
        }
        Ok(())
    }

    /// The root unit's code.
    pub fn wortel(&self) -> &str {
        &self.wortel
    }

    /// A unit by code.
    pub fn eenheid(&self, code: &str) -> Option<&Eenheid> {
        self.eenheden.get(code)
    }

    /// Whether the unit is in this tree.
    pub fn bevat(&self, code: &str) -> bool {
        self.eenheden.contains_key(code)
    }

    /// All units, by code.
    pub fn eenheden(&self) -> impl Iterator<Item = &Eenheid> {
        self.eenheden.values()
    }

    /// The direct children of a unit, by code.
    pub fn kinderen(&self, code: &str) -> Vec<&Eenheid> {
        self.eenheden
            .values()
            .filter(|e| e.bovenliggend.as_deref() == Some(code))
            .collect()
    }

    /// The unit and its ancestors up to the root, nearest first.
    pub fn voorouders(&self, code: &str) -> Vec<&Eenheid> {
        let mut uit = Vec::new();
        let mut huidig = self.eenheden.get(code);
        while let Some(e) = huidig {
            uit.push(e);
            huidig = e.bovenliggend.as_deref().and_then(|b| self.eenheden.get(b));
            if uit.len() > self.eenheden.len() {
                break;
            }
        }
        uit
    }

    /// Units from the root down (parents before children; siblings by code).
    pub fn van_boven_naar_beneden(&self) -> Vec<&Eenheid> {
        let mut uit = Vec::with_capacity(self.eenheden.len());
        let mut rij = vec![self.wortel.as_str()];
        while let Some(code) = rij.pop() {
            if let Some(e) = self.eenheden.get(code) {
                uit.push(e);
                let mut k = self.kinderen(code);
                k.reverse();
                rij.extend(k.into_iter().map(|x| x.code.as_str()));
            }
        }
        uit
    }
}

/// Checks every tree of a delivery (one per `geldig_vanaf`) and returns them by date.
///
/// # Errors
/// The first [`BoomFout`], with the `geldig_vanaf` of the tree it is in.
pub fn bouw_bomen(eenheden: Vec<Eenheid>) -> Result<Vec<Boom>, (NaiveDate, BoomFout)> {
    let mut per_datum: BTreeMap<NaiveDate, Vec<Eenheid>> = BTreeMap::new();
    for e in eenheden {
        per_datum.entry(e.geldig_vanaf).or_default().push(e);
    }
    per_datum
        .into_iter()
        .map(|(d, e)| Boom::bouw(d, e).map_err(|f| (d, f)))
        .collect()
}

/// the tree that applies on `peildatum`: the one with the latest `geldig_vanaf` ≤ D.
pub fn boom_op(bomen: &[Boom], peildatum: NaiveDate) -> Option<&Boom> {
    bomen
        .iter()
        .filter(|b| b.geldig_vanaf <= peildatum)
        .max_by_key(|b| b.geldig_vanaf)
}

/// the roster row that applies on `peildatum` per personeelsnummer (the latest with
/// `geldig_vanaf` ≤ D), leaving out those whose `uit_dienst` ≤ D.
pub fn in_dienst_op(rijen: &[Personeelsrij], peildatum: NaiveDate) -> Vec<&Personeelsrij> {
    let mut laatste: HashMap<&str, &Personeelsrij> = HashMap::new();
    for r in rijen.iter().filter(|r| r.geldig_vanaf <= peildatum) {
        let plek = laatste.entry(r.personeelsnummer.as_str()).or_insert(r);
        if r.geldig_vanaf > plek.geldig_vanaf {
            *plek = r;
        }
    }
    let mut uit: Vec<&Personeelsrij> = laatste
        .into_values()
        .filter(|r| r.uit_dienst.is_none_or(|u| u > peildatum))
        .collect();
    uit.sort_by(|a, b| a.personeelsnummer.cmp(&b.personeelsnummer));
    uit
}

/// rows of one BSN under different personeelsnummers that apply on the same date. Each row
/// applies from its `geldig_vanaf` until the next row of its personeelsnummer or its `uit_dienst`.
/// Returns the pairs of indexes into `rijen` that clash (each pair once, lower index first).
pub fn dubbele_dienstverbanden(rijen: &[&Personeelsrij]) -> Vec<(usize, usize)> {
    let mut per_nummer: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rijen.iter().enumerate() {
        per_nummer
            .entry(r.personeelsnummer.as_str())
            .or_default()
            .push(i);
    }
    let mut tot: Vec<Option<NaiveDate>> = vec![None; rijen.len()];
    for idx in per_nummer.values_mut() {
        idx.sort_by_key(|&i| rijen[i].geldig_vanaf);
        for (k, &i) in idx.iter().enumerate() {
            let volgende = idx.get(k + 1).map(|&j| rijen[j].geldig_vanaf);
            tot[i] = match (volgende, rijen[i].uit_dienst) {
                (Some(v), Some(u)) => Some(v.min(u)),
                (v, u) => v.or(u),
            };
        }
    }
    let mut per_bsn: HashMap<Bsn, Vec<usize>> = HashMap::new();
    for (i, r) in rijen.iter().enumerate() {
        per_bsn.entry(r.bsn).or_default().push(i);
    }
    let mut uit = Vec::new();
    for idx in per_bsn.values() {
        for (a, &i) in idx.iter().enumerate() {
            for &j in &idx[a + 1..] {
                let (x, y) = (rijen[i], rijen[j]);
                if x.personeelsnummer == y.personeelsnummer {
                    continue;
                }
                let begin = x.geldig_vanaf.max(y.geldig_vanaf);
                let eind_x = tot[i].is_none_or(|t| begin < t);
                let eind_y = tot[j].is_none_or(|t| begin < t);
                if eind_x && eind_y {
                    uit.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    uit.sort_unstable();
    uit
}

/// The age band of 10 years on the peildatum's year: `"20-29"`, `"30-39"`, …; ages under
/// 20 give `"<20"` and 70 or more `"70+"`.
pub fn leeftijdsklasse(geboortejaar: i32, peildatum: NaiveDate) -> String {
    let leeftijd = peildatum.year() - geboortejaar;
    match leeftijd {
        i32::MIN..20 => "<20".to_string(),
        70.. => "70+".to_string(),
        l => {
            let onder = l / 10 * 10;
            format!("{onder}-{}", onder + 9)
        }
    }
}

#[cfg(test)]
mod tests;
