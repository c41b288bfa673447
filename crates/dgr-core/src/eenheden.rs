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
    /// Units that never reach the root by following parents (they are on a cycle, or below
    /// one); at most 10 named.
    Kring(Vec<String>),
    /// More units in one tree than [`MAX_EENHEDEN`].
    TeGroot(usize),
}

/// Most units in one tree (**project decision**: a bound on the work of R-44's fixed point for
/// any delivered file; the largest employers have a few hundred units).
pub const MAX_EENHEDEN: usize = 10_000;

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
            BoomFout::Kring(k) => write!(
                f,
                "eenheden bereiken de wortel niet (een kring van bovenliggende): {}",
                k.join(", ")
            ),
            BoomFout::TeGroot(n) => {
                write!(f, "de boom heeft {n} eenheden; ten hoogste {MAX_EENHEDEN}")
            }
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
    /// The child codes of each unit, sorted (built once: every walk over the tree is linear).
    kinderen: HashMap<String, Vec<String>>,
}

impl Boom {
    /// Checks and builds a tree from the units of one `geldig_vanaf`.
    ///
    /// # Errors
    /// [`BoomFout`] when the units do not form exactly one tree.
    pub fn bouw(geldig_vanaf: NaiveDate, eenheden: Vec<Eenheid>) -> Result<Boom, BoomFout> {
        if eenheden.len() > MAX_EENHEDEN {
            return Err(BoomFout::TeGroot(eenheden.len()));
        }
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
        let mut kinderen: HashMap<String, Vec<String>> = HashMap::new();
        for e in eenheden.values() {
            if let Some(b) = &e.bovenliggend {
                kinderen.entry(b.clone()).or_default().push(e.code.clone());
            }
        }
        let boom = Boom {
            geldig_vanaf,
            eenheden,
            wortel,
            kinderen,
        };
        boom.zonder_kring()?;
        Ok(boom)
    }

    /// Every unit must reach the root by following parents: with one root and every parent
    /// known, that is exactly when a walk down from the root meets every unit (linear; a unit on
    /// a cycle is never met).
    fn zonder_kring(&self) -> Result<(), BoomFout> {
        let bereikt = self.van_boven_naar_beneden().len();
        if bereikt == self.eenheden.len() {
            return Ok(());
        }
        let gezien: HashSet<&str> = self
            .van_boven_naar_beneden()
            .into_iter()
            .map(|e| e.code.as_str())
            .collect();
        let mut kring: Vec<String> = self
            .eenheden
            .keys()
            .filter(|c| !gezien.contains(c.as_str()))
            .take(10)
            .cloned()
            .collect();
        kring.sort();
        Err(BoomFout::Kring(kring))
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
        self.kinderen
            .get(code)
            .map(|k| k.iter().filter_map(|c| self.eenheden.get(c)).collect())
            .unwrap_or_default()
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
    for idx in per_bsn.values_mut() {
        // a sweep by start date (linear after sorting, whatever a hostile file holds): a row
        // clashes with the earlier row of another personeelsnummer that ends last, if that one
        // still applies on its start; the two latest-ending earlier rows of distinct numbers
        // are enough to find it
        idx.sort_by_key(|&i| rijen[i].geldig_vanaf);
        let mut langst: [Option<usize>; 2] = [None, None];
        let einde = |i: usize| tot[i].unwrap_or(NaiveDate::MAX);
        for &j in idx.iter() {
            let y = rijen[j];
            let partner = langst
                .iter()
                .flatten()
                .copied()
                .find(|&i| rijen[i].personeelsnummer != y.personeelsnummer);
            if let Some(i) = partner.filter(|&i| y.geldig_vanaf < einde(i)) {
                uit.push((i.min(j), i.max(j)));
            }
            langst = beste_twee(langst, j, &einde, rijen);
        }
    }
    uit.sort_unstable();
    uit
}

/// The two rows ending last among `huidig` and `nieuw`, of distinct personeelsnummers (latest
/// first): what [`dubbele_dienstverbanden`]'s sweep keeps.
fn beste_twee(
    huidig: [Option<usize>; 2],
    nieuw: usize,
    einde: &impl Fn(usize) -> NaiveDate,
    rijen: &[&Personeelsrij],
) -> [Option<usize>; 2] {
    let mut kandidaten: Vec<usize> = huidig.iter().flatten().copied().collect();
    kandidaten.push(nieuw);
    kandidaten.sort_by_key(|&i| std::cmp::Reverse(einde(i)));
    let eerste = kandidaten.first().copied();
    let tweede = eerste.and_then(|e| {
        kandidaten
            .iter()
            .copied()
            .find(|&i| rijen[i].personeelsnummer != rijen[e].personeelsnummer)
    });
    [eerste, tweede]
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
