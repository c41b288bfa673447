//! The werkgeversmonitor (R-42 … R-44): an organisation's figures per unit for one quarter, as
//! known at `bekend_op`, with disclosure control inside the organisation, the organisation's
//! jobs beside its sector and subsector, and the measurement of its goals.
//!
//! The facts are gathered here (the tree and roster as known at `bekend_op`, the registrations
//! on D, the polis rows of P attributed to the organisation); the arithmetic and the disclosure
//! rule are `dgr_core::werkgeversmonitor`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use dgr_core::banen::{banen, toegerekend_aan};
use dgr_core::doelen::Maat;
use dgr_core::eenheden::{Boom, boom_op, bouw_bomen, in_dienst_op};
use dgr_core::werkgeversmonitor::{
    Monitorcijfers, Onderdrukking, Werknemerfeit, bereken, bescherm_tegen_kwartaalverschil,
};
use dgr_core::{Breuk, Breuksom, Bsn, FiscaalNummer, LeveringSoort, Referentie};
use dgr_store::Store;

use crate::telling::{Registratiekaart, Sectoren, Telwijze, dagen, tel_uren};
use crate::trend::Kwartaal;
use crate::{Herkomst, RapportFout, constante, herkomst};

/// A withheld figure's kind, as JSON names it.
fn soort_onderdrukking(o: Onderdrukking) -> &'static str {
    match o {
        Onderdrukking::Primair => "primair",
        Onderdrukking::Secundair => "secundair",
    }
}

/// One unit's published figures (R-43 under R-44).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Eenheidsregel {
    /// The unit's code.
    pub code: String,
    /// Its name in the tree of the quarter.
    pub naam: String,
    /// Parent code (`null` for the root).
    pub bovenliggend: Option<String>,
    /// Free-text kind.
    pub soort: Option<String>,
    /// Employees on D, this unit and all below it (never withheld).
    pub werknemers: u64,
    /// Of them in the target group on D; `null` when withheld.
    pub doelgroep: Option<u64>,
    /// R-21 jobs in P (3 decimals) of the employees on the roster on D; `null` when withheld.
    pub banen: Option<f64>,
    /// Employees per roster category (`geslacht=V`, `leeftijd=30-39`, `functieschaal=8`,
    /// `leidinggevend=J`, value `onbekend` when not recorded); `null` when withheld.
    pub categorieen: BTreeMap<String, Option<u64>>,
    /// The same as shares of `werknemers` in percent (1 decimal; R-43 "shares by category");
    /// `null` where the count is withheld.
    pub aandelen: BTreeMap<String, Option<f64>>,
    /// Names of the withheld fields (`doelgroep`, `banen`, `categorieen.geslacht=M`, …).
    pub onderdrukt: Vec<String>,
    /// Per withheld field: `primair` (below the threshold: shown as `<10`) or `secundair`
    /// (withheld against subtraction: shown as `x`).
    pub onderdrukking: BTreeMap<String, &'static str>,
}

impl Eenheidsregel {
    /// How a withheld field is written on pages, text and CSV: `<10` or `x`; `None` when
    /// the field is published.
    pub fn teken(&self, veld: &str, drempel: u64) -> Option<String> {
        self.onderdrukking.get(veld).map(|s| {
            if *s == "primair" {
                format!("<{drempel}")
            } else {
                "x".to_string()
            }
        })
    }
}

/// Jobs of persons attributed to the organisation who are on no unit on D.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NietToegewezen {
    /// R-21 jobs in P (3 decimals); `null` when fewer than the threshold of persons are behind
    /// them.
    pub banen: Option<f64>,
    /// Whether withheld.
    pub onderdrukt: bool,
}

/// The organisation's jobs beside its sector and subsector in the national count (issue #11:
/// a benchmark beside the goals). Jobs are R-21 jobs in P; the sector of an lhn is R-22's (on
/// 1 January), its subsector that of its latest employer data known.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Vergelijking {
    /// The organisation's sector (of its first lhn with employer data).
    pub sector: Option<String>,
    /// Its subsector.
    pub subsector: Option<String>,
    /// All jobs attributed to the organisation (root + niet toegewezen, as the banenmonitor
    /// counts it), 3 decimals. Published only when at least the threshold of persons are behind
    /// it.
    pub organisatie_banen: Option<f64>,
    /// Jobs of the whole sector in P.
    pub sector_banen: Option<f64>,
    /// Jobs of the whole subsector in P.
    pub subsector_banen: Option<f64>,
    /// The organisation's share of its subsector's jobs, in percent (2 decimals).
    pub aandeel_subsector_pct: Option<f64>,
}

/// The werkgeversmonitor of one organisation and quarter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Monitorrapport {
    /// The organisation.
    pub fiscaal_nummer: String,
    /// The quarter (`2025-K4`).
    pub kwartaal: String,
    /// D: the last day of the quarter.
    pub peildatum: String,
    /// The threshold t of R-44 (`onthullingsdrempel_personen`).
    pub drempel: u64,
    /// The `geldig_vanaf` of the tree used; `null` when no tree applies on D.
    pub boom_geldig_vanaf: Option<String>,
    /// The units from the root down.
    pub eenheden: Vec<Eenheidsregel>,
    /// At the root: jobs of persons on no unit.
    pub niet_toegewezen: NietToegewezen,
    /// Employees on the roster whose unit is not in the tree on D (a warning, R-42).
    pub onbekende_eenheid: u64,
    /// The benchmark.
    pub vergelijking: Vergelijking,
    ///
    pub herkomst: Herkomst,
    /// The data subjects read for this report (for the processing log; never serialised).
    #[serde(skip)]
    pub betrokkenen: Vec<Bsn>,
}

impl Monitorrapport {
    /// A unit's figures.
    pub fn eenheid(&self, code: &str) -> Option<&Eenheidsregel> {
        self.eenheden.iter().find(|e| e.code == code)
    }

    /// The unit and its ancestors up to the root, nearest first.
    pub fn voorouders(&self, code: &str) -> Vec<&Eenheidsregel> {
        let mut uit = Vec::new();
        let mut huidig = self.eenheid(code);
        while let Some(e) = huidig {
            uit.push(e);
            if uit.len() > self.eenheden.len() {
                break;
            }
            huidig = e.bovenliggend.as_deref().and_then(|b| self.eenheid(b));
        }
        uit
    }

    /// Limits the report to a unit contact person's units and everything below them: other
    /// units are left out, and so are the organisation-wide figures (`niet_toegewezen`, the
    /// benchmark). An empty list keeps everything.
    pub fn beperk_tot(&mut self, eenheden: &[String]) {
        if eenheden.is_empty() {
            return;
        }
        let binnen: Vec<String> = self
            .eenheden
            .iter()
            .filter(|e| {
                self.voorouders(&e.code)
                    .iter()
                    .any(|v| eenheden.contains(&v.code))
            })
            .map(|e| e.code.clone())
            .collect();
        self.eenheden.retain(|e| binnen.contains(&e.code));
        self.niet_toegewezen = NietToegewezen {
            banen: None,
            onderdrukt: true,
        };
        self.vergelijking = Vergelijking {
            sector: None,
            subsector: None,
            organisatie_banen: None,
            sector_banen: None,
            subsector_banen: None,
            aandeel_subsector_pct: None,
        };
    }

    /// the measured value of a goal's measure on `eenheid`: at the unit itself, or
    /// at its nearest ancestor whose figure is published (then `een_niveau_hoger`). `None` for a
    /// manual measure, an unknown unit, or when no level publishes the figure.
    pub fn meet(&self, maat: &Maat, eenheid: &str) -> Option<Meetpunt> {
        let waarde = |e: &Eenheidsregel| -> Option<f64> {
            match maat {
                Maat::Doelgroep => e.doelgroep.map(|d| d as f64),
                Maat::Banen => e.banen,
                Maat::Aandeel { categorie } => {
                    let n = (*e.categorieen.get(categorie)?)?;
                    (e.werknemers > 0).then(|| rond(n as f64 * 100.0 / e.werknemers as f64, 2))
                }
                Maat::Handmatig => None,
            }
        };
        self.voorouders(eenheid)
            .into_iter()
            .find_map(|e| waarde(e).map(|w| (e, w)))
            .map(|(e, w)| Meetpunt {
                waarde: w,
                eenheid: e.code.clone(),
                een_niveau_hoger: e.code != eenheid,
            })
    }
}

/// Where and what a goal's measure was measured (R-44: a withheld unit is measured higher up).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Meetpunt {
    /// The value M.
    pub waarde: f64,
    /// The unit it was measured at.
    pub eenheid: String,
    /// Whether that is an ancestor of the goal's unit (the goal's own unit is withheld).
    pub een_niveau_hoger: bool,
}

/// Rounds to `decimalen` decimals (half away from zero).
fn rond(x: f64, decimalen: i32) -> f64 {
    let f = 10f64.powi(decimalen);
    (x * f).round() / f
}

/// Jobs (3 decimals) from hours in P.
fn als_banen(uren: Breuk, dagen_p: i64, per_week: Breuk) -> f64 {
    Breuk::new(banen(uren, dagen_p, per_week).afgerond(3), 1000).als_f64()
}

/// The werkgeversmonitor of `organisatie` for `kwartaal`, as known at `bekend_op` (R-42 … R-44).
///
/// # Errors
/// [`RapportFout::Parameter`] for a quarter after the one holding `bekend_op`;
/// [`RapportFout`] on storage failure or a missing constant.
pub fn maak(
    store: &dyn Store,
    referentie: &Referentie,
    organisatie: FiscaalNummer,
    kwartaal: Kwartaal,
    bekend_op: DateTime<Utc>,
) -> Result<Monitorrapport, RapportFout> {
    let mut alle = maak_meerdere(store, referentie, organisatie, &[kwartaal], bekend_op)?;
    alle.pop()
        .ok_or_else(|| RapportFout::Parameter("geen kwartaal gekozen".into()))
}

/// [`maak`] for several quarters at once, reading the organisation's data and the
/// registrations once for all of them (what a page with a series of quarters needs). At most
/// 40 quarters.
///
/// # Errors
/// As [`maak`].
pub fn maak_meerdere(
    store: &dyn Store,
    referentie: &Referentie,
    organisatie: FiscaalNummer,
    kwartalen: &[Kwartaal],
    bekend_op: DateTime<Utc>,
) -> Result<Vec<Monitorrapport>, RapportFout> {
    if kwartalen.len() > 40 {
        return Err(RapportFout::Parameter(
            "kies ten hoogste 40 kwartalen".into(),
        ));
    }
    if let Some(k) = kwartalen
        .iter()
        .find(|k| k.begin() > bekend_op.date_naive())
    {
        return Err(RapportFout::Parameter(format!(
            "kwartaal {}-K{} ligt na de peildatum van de gegevens; kies een eerder kwartaal",
            k.jaar, k.nummer
        )));
    }
    let (Some(eerste), Some(laatste)) = (
        kwartalen.iter().map(|k| k.begin()).min(),
        kwartalen.iter().map(|k| k.einde()).max(),
    ) else {
        return Ok(Vec::new());
    };
    let drempel = constante(referentie, "onthullingsdrempel_personen")?
        .afgerond(0)
        .clamp(0, i128::from(u32::MAX)) as u64;
    let per_week = constante(referentie, "uren_per_baan_per_week")?;
    // one map of registrations for every peildatum (of the previous quarters too) and month P
    let kaart = Registratiekaart::laad(
        store,
        referentie,
        eerste.pred_opt().unwrap_or(eerste),
        laatste,
        bekend_op,
        Telwijze::Banenafspraak,
    )?;
    let bron = Bron {
        store,
        organisatie,
        bekend_op,
        drempel,
        kaart,
        bomen: bouw_bomen(store.eenheden_op(organisatie, bekend_op)?)
            .map_err(|(d, f)| RapportFout::Parameter(format!("opgeslagen boom van {d}: {f}")))?,
        rooster: store.personeel_op(organisatie, bekend_op)?,
        sectoren: Sectorindeling::new(store.werkgevers_op(bekend_op)?, organisatie),
    };
    kwartalen
        .iter()
        .map(|k| bron.rapport(referentie, *k, per_week))
        .collect()
}

impl Bron<'_> {
    /// The report of one quarter (see [`maak`]).
    fn rapport(
        &self,
        referentie: &Referentie,
        kwartaal: Kwartaal,
        per_week: Breuk,
    ) -> Result<Monitorrapport, RapportFout> {
        let (store, organisatie, bekend_op, drempel) =
            (self.store, self.organisatie, self.bekend_op, self.drempel);
        let peildatum = kwartaal.peildatum();
        let bron = self;
        let mut nu = bron.kwartaal(kwartaal)?;
        // the previous quarter, as known at the same moment, against differencing across a change
        // of the tree (see `bescherm_tegen_kwartaalverschil`; its primary withholding is enough)
        let vorige = bron.vorige(kwartaal.vorige());
        if let (Some(b), Some(c), Some((vb, vc))) = (&nu.boom, &mut nu.cijfers, &vorige) {
            bescherm_tegen_kwartaalverschil(b, c, vb, vc, drempel);
        }
        let Kwartaalcijfers {
            boom,
            cijfers,
            teller,
            op_rooster,
        } = nu;
        let boom = boom.as_ref();
        let (van, tot) = kwartaal.laatste_maand();
        let dagen_p = dagen(van, tot);
        let eenheden = match (boom, &cijfers) {
            (Some(b), Some(c)) => regels(b, c, dagen_p, per_week),
            _ => Vec::new(),
        };
        let nt = cijfers.as_ref().map_or(
            NietToegewezen {
                banen: None,
                onderdrukt: true,
            },
            |c| NietToegewezen {
                banen: (!c.niet_toegewezen_onderdrukt)
                    .then(|| als_banen(c.niet_toegewezen_uren, dagen_p, per_week)),
                onderdrukt: c.niet_toegewezen_onderdrukt,
            },
        );
        let mut betrokkenen: BTreeSet<Bsn> = op_rooster;
        betrokkenen.extend(teller.per_persoon.keys().copied());
        let delen_getoond = !nt.onderdrukt && eenheden.first().is_some_and(|e| e.banen.is_some());
        let vergelijking = teller.vergelijking(drempel, dagen_p, per_week, delen_getoond);
        let herkomst = herkomst(
            store,
            referentie,
            "werkgeversmonitor",
            vec![
                ("fiscaal_nummer".into(), organisatie.to_string()),
                (
                    "kwartaal".into(),
                    format!("{}-K{}", kwartaal.jaar, kwartaal.nummer),
                ),
            ],
            bekend_op,
            &[
                LeveringSoort::Eenheden,
                LeveringSoort::Personeel,
                LeveringSoort::Registraties,
                LeveringSoort::Polis,
                LeveringSoort::Werkgevers,
            ],
        )?;
        Ok(Monitorrapport {
            fiscaal_nummer: organisatie.to_string(),
            kwartaal: format!("{}-K{}", kwartaal.jaar, kwartaal.nummer),
            peildatum: peildatum.to_string(),
            drempel,
            boom_geldig_vanaf: boom.map(|b| b.geldig_vanaf.to_string()),
            eenheden,
            niet_toegewezen: nt,
            onbekende_eenheid: cijfers.as_ref().map_or(0, |c| c.onbekende_eenheid),
            vergelijking,
            herkomst,
            betrokkenen: betrokkenen.into_iter().collect(),
        })
    }
}

/// What every quarter of one report reads once: the organisation's trees, roster and the
/// employers, as known at `bekend_op`.
struct Bron<'a> {
    store: &'a dyn Store,
    organisatie: FiscaalNummer,
    bekend_op: DateTime<Utc>,
    drempel: u64,
    /// Counting registrations over every quarter asked for and the one before each.
    kaart: Registratiekaart,
    bomen: Vec<Boom>,
    rooster: Vec<dgr_core::eenheden::Personeelsrij>,
    sectoren: Sectorindeling,
}

/// One quarter's tree, figures (R-43 with R-44) and counted hours.
struct Kwartaalcijfers {
    boom: Option<Boom>,
    cijfers: Option<Monitorcijfers>,
    teller: Teller,
    op_rooster: BTreeSet<Bsn>,
}

impl Bron<'_> {
    /// for one quarter.
    fn kwartaal(&self, kwartaal: Kwartaal) -> Result<Kwartaalcijfers, RapportFout> {
        let peildatum = kwartaal.peildatum();
        let in_dienst = in_dienst_op(&self.rooster, peildatum);
        let (van, tot) = kwartaal.laatste_maand();
        let kaart = &self.kaart;
        let teller = tel_p(
            self.store,
            kaart,
            self.organisatie,
            &self.sectoren,
            (van, tot),
            self.bekend_op,
        )?;
        let boom = boom_op(&self.bomen, peildatum).cloned();
        let feiten: Vec<Werknemerfeit<'_>> = in_dienst
            .iter()
            .map(|r| Werknemerfeit {
                rij: r,
                doelgroep: kaart.ingeschreven_op(r.bsn, peildatum),
                uren: teller
                    .per_persoon
                    .get(&r.bsn)
                    .copied()
                    .unwrap_or(Breuk::NUL),
            })
            .collect();
        let op_rooster: BTreeSet<Bsn> = in_dienst.iter().map(|r| r.bsn).collect();
        let niet_toegewezen: HashMap<Bsn, Breuk> = teller
            .per_persoon
            .iter()
            .filter(|(b, _)| !op_rooster.contains(b))
            .map(|(b, u)| (*b, *u))
            .collect();
        let cijfers = boom
            .as_ref()
            .map(|b| bereken(b, peildatum, &feiten, &niet_toegewezen, self.drempel));
        Ok(Kwartaalcijfers {
            boom,
            cijfers,
            teller,
            op_rooster,
        })
    }

    /// The previous quarter's tree and unit figures without its payroll (no hours): enough for
    /// the primary withholding `bescherm_tegen_kwartaalverschil` looks at.
    fn vorige(&self, kwartaal: Kwartaal) -> Option<(Boom, Monitorcijfers)> {
        let peildatum = kwartaal.peildatum();
        let boom = boom_op(&self.bomen, peildatum)?.clone();
        let in_dienst = in_dienst_op(&self.rooster, peildatum);
        let feiten: Vec<Werknemerfeit<'_>> = in_dienst
            .iter()
            .map(|r| Werknemerfeit {
                rij: r,
                doelgroep: self.kaart.ingeschreven_op(r.bsn, peildatum),
                uren: Breuk::NUL,
            })
            .collect();
        let cijfers = bereken(&boom, peildatum, &feiten, &HashMap::new(), self.drempel);
        Some((boom, cijfers))
    }
}

/// The monitor for every quarter from `van` to `tot` inclusive, each with its own tree (R-42:
/// earlier quarters use the tree as it was), as known at `bekend_op`. At most 40 quarters.
///
/// # Errors
/// As [`maak`]; [`RapportFout::Parameter`] for an empty or too long range.
pub fn reeks(
    store: &dyn Store,
    referentie: &Referentie,
    organisatie: FiscaalNummer,
    van: Kwartaal,
    tot: Kwartaal,
    bekend_op: DateTime<Utc>,
) -> Result<Vec<Monitorrapport>, RapportFout> {
    let mut kwartalen = Vec::new();
    let mut k = van;
    while k.begin() <= tot.begin() {
        if kwartalen.len() >= 40 {
            return Err(RapportFout::Parameter(
                "kies ten hoogste 40 kwartalen".into(),
            ));
        }
        kwartalen.push(k);
        k = k.volgende();
    }
    if kwartalen.is_empty() {
        return Err(RapportFout::Parameter(
            "het eerste kwartaal ligt na het laatste".into(),
        ));
    }
    maak_meerdere(store, referentie, organisatie, &kwartalen, bekend_op)
}

/// The published rows of every unit.
fn regels(boom: &Boom, c: &Monitorcijfers, dagen_p: i64, per_week: Breuk) -> Vec<Eenheidsregel> {
    c.eenheden
        .iter()
        .filter_map(|e| {
            let def = boom.eenheid(&e.code)?;
            let mut onderdrukking = BTreeMap::new();
            if let Some(o) = e.onderdrukt {
                onderdrukking.insert("doelgroep".to_string(), soort_onderdrukking(o));
                onderdrukking.insert("banen".to_string(), soort_onderdrukking(o));
            }
            let mut categorieen = BTreeMap::new();
            for ((groep, waarde), n) in &e.categorieen {
                let sleutel = format!("{groep}={waarde}");
                match e.categorie_onderdrukt.get(&(groep.clone(), waarde.clone())) {
                    Some(o) => {
                        onderdrukking
                            .insert(format!("categorieen.{sleutel}"), soort_onderdrukking(*o));
                        categorieen.insert(sleutel, None);
                    }
                    None => {
                        categorieen.insert(sleutel, Some(*n));
                    }
                }
            }
            let getoond = e.onderdrukt.is_none();
            let aandelen = categorieen
                .iter()
                .map(|(k, n)| {
                    let pct = n
                        .filter(|_| e.werknemers > 0)
                        .map(|n| rond(n as f64 * 100.0 / e.werknemers as f64, 1));
                    (k.clone(), pct)
                })
                .collect();
            Some(Eenheidsregel {
                code: e.code.clone(),
                naam: def.naam.clone(),
                bovenliggend: def.bovenliggend.clone(),
                soort: def.soort.clone(),
                werknemers: e.werknemers,
                doelgroep: getoond.then_some(e.doelgroep),
                banen: getoond.then(|| als_banen(e.uren, dagen_p, per_week)),
                categorieen,
                aandelen,
                onderdrukt: onderdrukking.keys().cloned().collect(),
                onderdrukking,
            })
        })
        .collect()
}

/// The sectors and the organisation's subsector, read once per report from the employer data
/// (the sector of an lhn is R-22's on 1 January; its subsector that of its latest data).
struct Sectorindeling {
    sectoren: Sectoren,
    /// An lhn of the organisation with employer data.
    eigen_lhn: Option<dgr_core::Loonheffingennummer>,
    subsector: Option<String>,
    /// The lhns in the organisation's subsector.
    in_subsector: std::collections::HashSet<dgr_core::Loonheffingennummer>,
}

impl Sectorindeling {
    fn new(werkgevers: Vec<dgr_core::gegevens::Werkgever>, organisatie: FiscaalNummer) -> Self {
        let mut subsectoren: HashMap<dgr_core::Loonheffingennummer, Option<String>> =
            HashMap::new();
        for w in &werkgevers {
            subsectoren.insert(w.loonheffingennummer, w.subsector.clone());
        }
        let eigen_lhn = werkgevers
            .iter()
            .map(|w| w.loonheffingennummer)
            .find(|l| l.fiscaal_nummer() == organisatie);
        let subsector = eigen_lhn.and_then(|l| subsectoren.get(&l).cloned().flatten());
        let in_subsector = subsectoren
            .iter()
            .filter(|(_, s)| s.is_some() && **s == subsector)
            .map(|(l, _)| *l)
            .collect();
        Sectorindeling {
            sectoren: Sectoren::new(werkgevers),
            eigen_lhn,
            subsector,
            in_subsector,
        }
    }
}

/// The counted hours of P: per person attributed to the organisation, and per sector and
/// subsector for the benchmark.
struct Teller {
    per_persoon: HashMap<Bsn, Breuk>,
    sector: Option<String>,
    subsector: Option<String>,
    sector_uren: Breuksom,
    subsector_uren: Breuksom,
    /// Persons with counted hours in the sector, resp. subsector, outside the organisation.
    sector_anderen: BTreeSet<Bsn>,
    subsector_anderen: BTreeSet<Bsn>,
}

/// One pass over the polis rows of P (R-20 hours on registered days, R-22 attribution).
fn tel_p(
    store: &dyn Store,
    kaart: &Registratiekaart,
    organisatie: FiscaalNummer,
    indeling: &Sectorindeling,
    (van, tot): (NaiveDate, NaiveDate),
    bekend_op: DateTime<Utc>,
) -> Result<Teller, RapportFout> {
    let jaar = crate::telling::jaar_van(van);
    let sectoren = &indeling.sectoren;
    let sector = indeling
        .eigen_lhn
        .and_then(|l| sectoren.op_1_januari(l, jaar));
    let subsector = indeling.subsector.clone();
    let in_subsector = &indeling.in_subsector;
    let mut t = Teller {
        per_persoon: HashMap::new(),
        sector: sector.map(|s| s.code().to_string()),
        subsector,
        sector_uren: Breuksom::default(),
        subsector_uren: Breuksom::default(),
        sector_anderen: BTreeSet::new(),
        subsector_anderen: BTreeSet::new(),
    };
    tel_uren(store, kaart, van, tot, bekend_op, &mut |rij, uren| {
        let lhn = toegerekend_aan(rij);
        let eigen = lhn.fiscaal_nummer() == organisatie;
        if eigen {
            *t.per_persoon.entry(rij.bsn).or_insert(Breuk::NUL) += uren;
        }
        if sector.is_some() && sectoren.op_1_januari(lhn, jaar) == sector {
            t.sector_uren += uren;
            if !eigen {
                t.sector_anderen.insert(rij.bsn);
            }
        }
        if in_subsector.contains(&lhn) {
            t.subsector_uren += uren;
            if !eigen {
                t.subsector_anderen.insert(rij.bsn);
            }
        }
    })?;
    Ok(t)
}

impl Teller {
    /// The benchmark under R-44: the organisation's total (root + niet toegewezen) only when
    /// both its parts are published (`delen_getoond`), else the published root would give the
    /// withheld niet toegewezen away; a sector or subsector total only when the organisation's
    /// total is published or at least t other persons are in it (else it is the organisation's
    /// total, or nearly).
    fn vergelijking(
        &self,
        drempel: u64,
        dagen_p: i64,
        per_week: Breuk,
        delen_getoond: bool,
    ) -> Vergelijking {
        let personen = self.per_persoon.len() as u64;
        let eigen: Breuk = self.per_persoon.values().copied().sum();
        let organisatie_banen =
            (personen >= drempel && delen_getoond).then(|| als_banen(eigen, dagen_p, per_week));
        let mag = |anderen: &BTreeSet<Bsn>| {
            organisatie_banen.is_some() || anderen.len() as u64 >= drempel
        };
        let sub = self
            .subsector
            .as_ref()
            .filter(|_| mag(&self.subsector_anderen))
            .map(|_| als_banen(self.subsector_uren.waarde(), dagen_p, per_week));
        Vergelijking {
            sector: self.sector.clone(),
            subsector: self.subsector.clone(),
            organisatie_banen,
            sector_banen: self
                .sector
                .as_ref()
                .filter(|_| mag(&self.sector_anderen))
                .map(|_| als_banen(self.sector_uren.waarde(), dagen_p, per_week)),
            subsector_banen: sub,
            aandeel_subsector_pct: match (organisatie_banen, sub) {
                (Some(o), Some(s)) if s > 0.0 => Some(rond(o * 100.0 / s, 2)),
                _ => None,
            },
        }
    }
}
