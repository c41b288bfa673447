//! The demo organisation for the werkgeversmonitor (R-42..R-45): a synthetic organisation shaped
//! like the national judiciary (de Rechtspraak) — one root, 11 rechtbanken (two with teams),
//! 4 gerechtshoven, 2 national courts and 4 services — with about 10,000 employees at scale 1.
//!
//! The model knows everyone's true roster: placements (unit from a date), leavers, new hires, a
//! merger of one service into another from 2025-07-01 and a renamed unit in that second tree.
//! Registered employees (about 3%) are persons of the synthetic register with a counting
//! grondslag; the others get fresh BSNs (persons the register does not know). A dozen registered
//! persons work for the organisation as temp workers hired in from an agency, on no roster.
//! [`leveringen`] writes it all as the employer's and UWV's deliveries.

pub mod leveringen;
mod ontwerp;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use dgr_core::eenheden::{
    Boom, Eenheid, Geslacht, Personeelsrij, boom_op, bouw_bomen, in_dienst_op,
};
use dgr_core::lhn::{FiscaalNummer, Loonheffingennummer};
use dgr_core::{Bsn, Honderdsten, Referentie};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::bevolking::{Bevolking, WswVorm};
use crate::kalender::{d, willekeurige_dag};
use crate::nummers::Elfproefreeks;
use crate::werkgevers::Werkgevers;
use ontwerp::{ONTWERP, Ontwerp, bestaat_op, grootte};

/// The organisation's name (its employer rows and its root unit).
pub const NAAM: &str = "de Rechtspraak";
/// The code of the root unit.
pub const WORTEL: &str = "RSP";
/// First day of the roster (and of the first unit tree).
pub const BEGIN: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(x) => x,
    None => NaiveDate::MIN,
};
/// First day of the second unit tree (a merger and a new name).
pub const TWEEDE_BOOM: NaiveDate = match NaiveDate::from_ymd_opt(2025, 7, 1) {
    Some(x) => x,
    None => NaiveDate::MIN,
};
/// Last day the roster covers (2025-K4).
pub const LAATSTE_DAG: NaiveDate = match NaiveDate::from_ymd_opt(2025, 12, 31) {
    Some(x) => x,
    None => NaiveDate::MIN,
};
/// The service merged into another from [`TWEEDE_BOOM`]: (merged, absorbing).
pub const SAMENVOEGING: (&str, &str) = ("SSR", "LDCR");
/// The unit renamed from [`TWEEDE_BOOM`]: (code, new name).
pub const NIEUWE_NAAM: (&str, &str) = ("KCR", "Kenniscentrum Rechtspraak en Inclusie");
/// Share of the staff in the register with a counting grondslag.
const AANDEEL_GEREGISTREERD: f64 = 0.03;
/// Chance that an employee leaves during the two roster years.
const KANS_VERTREK: f64 = 0.14;
/// Chance that an employee moves to another unit during the two roster years.
const KANS_OVERPLAATSING: f64 = 0.06;
/// Temp workers hired in (registered persons paid by an agency, on no roster).
const INLENERS: usize = 12;
/// Roster rows first delivered with a wrong unit and corrected in a later delivery.
const CORRECTIES: usize = 3;

/// Loonheffingennummer subnumbers: rechtbanken, courts of appeal and national courts, services.
const SUBNUMMERS: usize = 3;

/// A unit from a date on (one row of the roster's history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plaatsing {
    /// From when.
    pub vanaf: NaiveDate,
    /// Unit code.
    pub eenheid: &'static str,
}

/// One employee as the employer knows them (the truth; deliveries may lag or err).
#[derive(Debug, Clone)]
pub struct Medewerker {
    /// The employer's own key.
    pub personeelsnummer: String,
    /// BSN.
    pub bsn: Bsn,
    /// Index into the synthetic population when the person is in the register.
    pub persoon: Option<usize>,
    /// Units from dates on, by date; the first starts the employment (or the roster).
    pub plaatsingen: Vec<Plaatsing>,
    /// First day no longer employed.
    pub uit_dienst: Option<NaiveDate>,
    /// Contract hours per week, in hundredths.
    pub uren_week: i64,
    /// Salary scale 1..18.
    pub functieschaal: u8,
    /// Leads others.
    pub leidinggevend: bool,
    /// As recorded (`None`: not recorded).
    pub geslacht: Option<Geslacht>,
    /// Year of birth.
    pub geboortejaar: i32,
    /// Index into [`Organisatie::lhns`] of the number that pays them.
    pub lhn: usize,
    /// Their first row was first delivered with this unit, corrected later.
    pub fout_eenheid: Option<&'static str>,
}

impl Medewerker {
    /// First day employed (on the roster).
    pub fn in_dienst(&self) -> NaiveDate {
        self.plaatsingen.first().map_or(BEGIN, |p| p.vanaf)
    }

    /// Whether employed on `datum`.
    pub fn werkt_op(&self, datum: NaiveDate) -> bool {
        self.in_dienst() <= datum && self.uit_dienst.is_none_or(|u| datum < u)
    }

    /// The true roster rows (uit_dienst on the last one).
    pub fn rijen(&self) -> Vec<Personeelsrij> {
        let n = self.plaatsingen.len();
        self.plaatsingen
            .iter()
            .enumerate()
            .map(|(i, p)| Personeelsrij {
                personeelsnummer: self.personeelsnummer.clone(),
                bsn: self.bsn,
                eenheid: p.eenheid.to_string(),
                geldig_vanaf: p.vanaf,
                uit_dienst: if i + 1 == n { self.uit_dienst } else { None },
                uren_per_week: Some(Honderdsten(self.uren_week)),
                functieschaal: Some(self.functieschaal),
                leidinggevend: Some(self.leidinggevend),
                geslacht: self.geslacht,
                geboortejaar: Some(self.geboortejaar),
            })
            .collect()
    }
}

/// A registered person hired in through a temp agency (polis rows of the agency naming the
/// organisation as inlener; on no roster).
#[derive(Debug, Clone)]
pub struct Inlener {
    /// Index into the synthetic population.
    pub persoon: usize,
    /// BSN.
    pub bsn: Bsn,
    /// The agency's loonheffingennummer.
    pub uitzendbureau: Loonheffingennummer,
    /// First day hired in (a first of the month); it lasts until the end of the roster.
    pub vanaf: NaiveDate,
    /// Hours per week, in hundredths.
    pub uren_week: i64,
}

/// The demo organisation.
#[derive(Debug, Clone)]
pub struct Organisatie {
    /// Its fiscaal nummer (R-42: the organisation).
    pub fiscaal_nummer: FiscaalNummer,
    /// Its loonheffingennummers (`…L01`, `…L02`, `…L03`).
    pub lhns: Vec<Loonheffingennummer>,
    /// Everyone who was on the roster.
    pub medewerkers: Vec<Medewerker>,
    /// Temp workers hired in.
    pub inleners: Vec<Inlener>,
    /// Per person of the population (by index): when they work here, [first day, first day
    /// no longer).
    bezet: Vec<Option<(NaiveDate, NaiveDate)>>,
}

impl Organisatie {
    /// Builds the organisation for `schaal` from the population. `nummers` gives the fiscaal
    /// nummer and the BSNs of employees outside the register (so none repeats).
    pub fn genereer(
        rng: &mut ChaCha8Rng,
        schaal: f64,
        b: &Bevolking,
        wg: &Werkgevers,
        referentie: &Referentie,
        nummers: &mut Elfproefreeks,
    ) -> Organisatie {
        let eerste = nummers.lhn(1);
        let fiscaal_nummer = eerste.fiscaal_nummer();
        let lhns: Vec<Loonheffingennummer> = (1..=SUBNUMMERS)
            .filter_map(|s| Loonheffingennummer::parse(&format!("{fiscaal_nummer}L{s:02}")).ok())
            .collect();
        let mut pool = geregistreerden(b, referentie);
        pool.shuffle(rng);
        let mut org = Organisatie {
            fiscaal_nummer,
            lhns,
            medewerkers: Vec::new(),
            inleners: Vec::new(),
            bezet: vec![None; b.personen.len()],
        };
        let mut maker = Maker {
            b,
            pool,
            nummers,
            volgnummer: 0,
        };
        // the staff on 2024-01-01
        for o in &ONTWERP {
            for k in 0..grootte(o, schaal) {
                // the small service always has registered staff (1 of 3, 2 of 15)
                let geregistreerd = if o.grootte < 20 {
                    k == 0 || k == 7
                } else {
                    rng.random::<f64>() < AANDEEL_GEREGISTREERD
                };
                let m = maker.medewerker(rng, o, BEGIN, geregistreerd);
                org.medewerkers.push(m);
            }
        }
        // leavers, moves and (to keep the size) new hires
        let gewichten: Vec<f64> = ONTWERP.iter().map(|o| f64::from(o.grootte)).collect();
        let kies_eenheid = crate::Gewogen::new(gewichten);
        let beginners = org.medewerkers.len();
        for i in 0..beginners {
            let m = &mut org.medewerkers[i];
            if rng.random::<f64>() < KANS_VERTREK {
                m.uit_dienst = Some(willekeurige_dag(rng, d(2024, 1, 15), LAATSTE_DAG));
            }
        }
        let vertrekkers = org
            .medewerkers
            .iter()
            .filter(|m| m.uit_dienst.is_some())
            .count();
        for _ in 0..vertrekkers {
            let datum = willekeurige_dag(rng, d(2024, 2, 1), d(2025, 12, 1));
            let o = loop {
                let o = &ONTWERP[kies_eenheid.kies(rng)];
                if bestaat_op(o.code, datum) {
                    break o;
                }
            };
            let geregistreerd = rng.random::<f64>() < AANDEEL_GEREGISTREERD;
            let m = maker.medewerker(rng, o, datum, geregistreerd);
            org.medewerkers.push(m);
        }
        for m in &mut org.medewerkers {
            if rng.random::<f64>() < KANS_OVERPLAATSING {
                let datum =
                    willekeurige_dag(rng, m.in_dienst() + chrono::Days::new(30), LAATSTE_DAG);
                let doel = &ONTWERP[kies_eenheid.kies(rng)];
                let huidig = m.plaatsingen[0].eenheid;
                if m.uit_dienst.is_none_or(|u| datum < u)
                    && datum > m.in_dienst()
                    && doel.code != huidig
                    && bestaat_op(doel.code, datum)
                    && bestaat_op(huidig, datum)
                {
                    m.plaatsingen.push(Plaatsing {
                        vanaf: datum,
                        eenheid: doel.code,
                    });
                }
            }
            voeg_samenvoeging_toe(m);
        }
        // a few first rows delivered with a wrong unit (one row, never leaving, not in SSR)
        let mut gecorrigeerd = 0;
        for m in &mut org.medewerkers {
            if gecorrigeerd == CORRECTIES {
                break;
            }
            let eenheid = m.plaatsingen[0].eenheid;
            if m.plaatsingen.len() == 1
                && m.uit_dienst.is_none()
                && m.in_dienst() == BEGIN
                && eenheid.starts_with("RB-ZWB-")
            {
                m.fout_eenheid = Some("RB-ZWB");
                gecorrigeerd += 1;
            }
        }
        // temp workers hired in from an agency
        for _ in 0..INLENERS {
            let Some(p) = maker.pool.pop() else { break };
            let bureau = wg.uitzendbureau(rng);
            let Some(lhn) = wg.lijst.get(bureau).and_then(|w| w.lhns.first()) else {
                break;
            };
            org.inleners.push(Inlener {
                persoon: p,
                bsn: b.personen[p].bsn,
                uitzendbureau: *lhn,
                vanaf: d(2024, rng.random_range(3..=12), 1),
                uren_week: b.personen[p].uren_week,
            });
        }
        let na_rooster = LAATSTE_DAG.succ_opt().unwrap_or(LAATSTE_DAG);
        for m in &org.medewerkers {
            if let Some(p) = m.persoon {
                org.bezet[p] = Some((m.in_dienst(), m.uit_dienst.unwrap_or(na_rooster)));
            }
        }
        for i in &org.inleners {
            org.bezet[i.persoon] = Some((i.vanaf, na_rooster));
        }
        org
    }

    /// Whether person `p` of the population works here (on the roster or hired in) on any day
    /// of `[van, tot]`: the general payroll model leaves them out then.
    pub fn werkt_hier(&self, p: usize, van: NaiveDate, tot: NaiveDate) -> bool {
        self.bezet
            .get(p)
            .copied()
            .flatten()
            .is_some_and(|(begin, einde)| begin <= tot && van < einde)
    }

    /// The units of both trees (from [`BEGIN`] and from [`TWEEDE_BOOM`]).
    pub fn eenheden(&self) -> Vec<Eenheid> {
        let mut uit = Vec::new();
        for datum in [BEGIN, TWEEDE_BOOM] {
            for o in ONTWERP.iter().filter(|o| bestaat_op(o.code, datum)) {
                let naam = if datum >= TWEEDE_BOOM && o.code == NIEUWE_NAAM.0 {
                    NIEUWE_NAAM.1
                } else {
                    o.naam
                };
                uit.push(Eenheid {
                    code: o.code.to_string(),
                    naam: naam.to_string(),
                    bovenliggend: o.boven.map(str::to_string),
                    soort: Some(o.soort.to_string()),
                    geldig_vanaf: datum,
                });
            }
        }
        uit
    }

    /// The true roster rows of everyone.
    pub fn rooster(&self) -> Vec<Personeelsrij> {
        self.medewerkers
            .iter()
            .flat_map(Medewerker::rijen)
            .collect()
    }

    /// Figures the model expects per unit (own staff and all below) on a peildatum: employees,
    /// registered employees and their jobs (weekly hours ÷ 25.5, as for a whole month) — for
    /// the example goals' baselines and check-ins.
    pub fn verwacht(&self, eenheid: &str, peildatum: NaiveDate) -> Verwachting {
        let bomen = bouw_bomen(self.eenheden()).unwrap_or_default();
        let mut v = Verwachting::default();
        let Some(boom) = boom_op(&bomen, peildatum) else {
            return v;
        };
        let index: HashMap<&str, &Medewerker> = self
            .medewerkers
            .iter()
            .map(|m| (m.personeelsnummer.as_str(), m))
            .collect();
        let rooster = self.rooster();
        for r in in_dienst_op(&rooster, peildatum) {
            if !onder(boom, &r.eenheid, eenheid) {
                continue;
            }
            v.werknemers += 1;
            if let Some(m) = index.get(r.personeelsnummer.as_str())
                && m.persoon.is_some()
            {
                v.doelgroep += 1;
                v.banen += m.uren_week as f64 / 100.0 / 25.5;
            }
        }
        v
    }
}

/// What the model expects for a unit on a date (before disclosure control).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Verwachting {
    /// Employees on the roster.
    pub werknemers: usize,
    /// Of them in the register (counting grondslag).
    pub doelgroep: usize,
    /// Their jobs, roughly.
    pub banen: f64,
}

/// Whether unit `code` is `boven` or below it in `boom`.
fn onder(boom: &Boom, code: &str, boven: &str) -> bool {
    boom.voorouders(code).iter().any(|e| e.code == boven)
}

/// From [`TWEEDE_BOOM`] the merged service's staff belong to the absorbing one.
fn voeg_samenvoeging_toe(m: &mut Medewerker) {
    let (weg, naar) = SAMENVOEGING;
    let op = m
        .plaatsingen
        .iter()
        .rev()
        .find(|p| p.vanaf <= TWEEDE_BOOM)
        .map(|p| p.eenheid);
    if op == Some(weg)
        && m.werkt_op(TWEEDE_BOOM)
        && !m.plaatsingen.iter().any(|p| p.vanaf == TWEEDE_BOOM)
    {
        m.plaatsingen.push(Plaatsing {
            vanaf: TWEEDE_BOOM,
            eenheid: naar,
        });
        m.plaatsingen.sort_by_key(|p| p.vanaf);
    }
}

/// Persons in the register with a counting grondslag throughout the roster years, working
/// (not in sheltered SW work) and before their AOW date — the candidates to employ.
fn geregistreerden(b: &Bevolking, referentie: &Referentie) -> Vec<usize> {
    let mut telt = vec![false; b.personen.len()];
    let mut tot_eind = vec![false; b.personen.len()];
    for r in &b.registraties {
        let p = &b.personen[r.persoon];
        let tellend = referentie
            .grondslag(r.grondslag)
            .is_some_and(|g| g.telt_banenafspraak);
        if tellend && r.geldt_op(p, BEGIN) {
            telt[r.persoon] = true;
        }
        if tellend && r.geldt_op(p, LAATSTE_DAG) {
            tot_eind[r.persoon] = true;
        }
    }
    (0..b.personen.len())
        .filter(|&p| {
            let persoon = &b.personen[p];
            telt[p]
                && tot_eind[p]
                && persoon.wsw == WswVorm::Geen
                && persoon.natuurlijk_einde.is_none_or(|e| e > d(2026, 1, 1))
        })
        .collect()
}

/// Makes employees: registered ones from the pool, others with fresh BSNs.
struct Maker<'a> {
    b: &'a Bevolking,
    pool: Vec<usize>,
    nummers: &'a mut Elfproefreeks,
    volgnummer: u32,
}

impl Maker<'_> {
    fn medewerker(
        &mut self,
        rng: &mut ChaCha8Rng,
        o: &Ontwerp,
        vanaf: NaiveDate,
        geregistreerd: bool,
    ) -> Medewerker {
        self.volgnummer += 1;
        let persoon = if geregistreerd { self.pool.pop() } else { None };
        let (bsn, uren_week, geboortejaar) = match persoon {
            Some(p) => {
                let x = &self.b.personen[p];
                let jaar = x.geboorte.laatst_mogelijke().map_or(1980, |g| g.year());
                (x.bsn, x.uren_week, jaar)
            }
            None => {
                let uren = [36, 36, 36, 32, 32, 28, 24, 20][rng.random_range(0..8)];
                (
                    self.nummers.bsn(),
                    i64::from(uren) * 100,
                    rng.random_range(1960..=2003),
                )
            }
        };
        let functieschaal = if persoon.is_some() {
            rng.random_range(1..=6)
        } else {
            // most staff in scales 6..12, judges and managers up to 18
            (rng.random_range(4..=12) + rng.random_range(0..=6)).min(18)
        };
        let leidinggevend = functieschaal >= 10 && rng.random::<f64>() < 0.2;
        // judges and managers in the higher scales are no longer in their early twenties
        let geboortejaar = if persoon.is_none() && functieschaal >= 12 {
            geboortejaar.min(rng.random_range(1960..=1992))
        } else {
            geboortejaar
        };
        let geslacht = match rng.random::<f64>() {
            x if x < 0.60 => Some(Geslacht::V),
            x if x < 0.98 => Some(Geslacht::M),
            x if x < 0.99 => Some(Geslacht::X),
            _ => None,
        };
        Medewerker {
            personeelsnummer: format!("P{:06}", self.volgnummer),
            bsn,
            persoon,
            plaatsingen: vec![Plaatsing {
                vanaf,
                eenheid: o.code,
            }],
            uit_dienst: None,
            uren_week,
            functieschaal,
            leidinggevend,
            geslacht,
            geboortejaar,
            lhn: o.lhn,
            fout_eenheid: None,
        }
    }
}

#[cfg(test)]
mod tests;
