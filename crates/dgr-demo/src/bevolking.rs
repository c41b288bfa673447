//! The synthetic population: persons (BRP data) and their registrations, calibrated to the
//! published register sizes (DOMAIN.md: ~248k at the baseline, ~204k in Q1 2017, ~239k at the end
//! of 2020, ~263k in Q3 2023). Counts below are at scale 1.0.

use chrono::{Datelike, NaiveDate};
use dgr_core::aow::aow_datum;
use dgr_core::datum::BrpDatum;
use dgr_core::{Bron, Bsn, Referentie};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::kalender::{d, eerste_gebeurtenis, willekeurige_dag};
use crate::nummers::Elfproefreeks;
use crate::{EIND, Gewogen};

/// How a WSW person works (most in a sheltered SW workplace, whose hours never count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WswVorm {
    /// Not a WSW person.
    Geen,
    /// Sheltered work in the SW company (polis soort WSW_BESCHUT).
    Beschut,
    /// Seconded by the SW company to a regular employer (counts for the hirer, R-22).
    Gedetacheerd,
    /// Employed directly by a regular employer (begeleid werken).
    Begeleid,
}

/// A synthetic person.
#[derive(Debug, Clone)]
pub struct Persoon {
    /// BSN.
    pub bsn: Bsn,
    /// Birth date as the BRP delivers it (sometimes incomplete).
    pub geboorte: BrpDatum,
    /// Date of death.
    pub overleden: Option<NaiveDate>,
    /// Index into the reference municipalities.
    pub gemeente: usize,
    /// A move: date and new municipality.
    pub verhuizing: Option<(NaiveDate, usize)>,
    /// Work propensity in [0, 1): lower works sooner (calibrated per year).
    pub u: f64,
    /// Government propensity in [0, 1): lower works in government sooner.
    pub v: f64,
    /// Weekly hours in hundredths.
    pub uren_week: i64,
    /// WSW work form.
    pub wsw: WswVorm,
    /// The end the register derives (min of AOW date and the day after death), as it will see it.
    pub natuurlijk_einde: Option<NaiveDate>,
}

/// A synthetic registration.
#[derive(Debug, Clone)]
pub struct Registratie {
    /// Index into the persons.
    pub persoon: usize,
    /// Grondslag code.
    pub grondslag: &'static str,
    /// Delivering source.
    pub bron: Bron,
    /// Ingangsdatum.
    pub ingang: NaiveDate,
    /// A source-delivered end: date and reason code.
    pub einde: Option<(NaiveDate, &'static str)>,
    /// Loonwaarde in percent (PRAKTIJKROUTE).
    pub loonwaarde: Option<u32>,
    /// First delivered with this wrong ingangsdatum, corrected in the next delivery.
    pub fout_ingang: Option<NaiveDate>,
    /// Withdrawn in the next delivery (wrong from the start, R-14).
    pub ingetrokken: bool,
    /// The end comes from a person-level end of another registration: the register
    /// derives it, no source delivers it.
    pub einde_door_persoon: bool,
}

impl Registratie {
    /// The last day before the registration ends (material), given the person's derived end.
    pub fn einde_effectief(&self, p: &Persoon) -> Option<NaiveDate> {
        match (self.einde.map(|e| e.0), p.natuurlijk_einde) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the registration holds on `datum` (withdrawn ones never do).
    pub fn geldt_op(&self, p: &Persoon, datum: NaiveDate) -> bool {
        !self.ingetrokken
            && self.ingang <= datum
            && self.einde_effectief(p).is_none_or(|e| datum < e)
    }
}

/// One group of the register and how it grows and shrinks.
struct Groep {
    code: &'static str,
    bron: Bron,
    /// Stock at the end of 2012 (historic groups only).
    voorraad_2012: u32,
    /// Age range at the end of 2012 for the stock, and whether it leans old.
    voorraad_leeftijd: (i32, i32, bool),
    /// New registrations per year.
    instroom: fn(i32) -> u32,
    /// Age range at entry.
    instroom_leeftijd: (i32, i32),
    /// Yearly chance of a source-delivered end, and the reasons with weights.
    uitstroom: fn(i32) -> f64,
    redenen: &'static [(&'static str, f64)],
}

const GEEN_INSTROOM: fn(i32) -> u32 = |_| 0;

fn groepen() -> Vec<Groep> {
    vec![
        Groep {
            code: "WSW",
            bron: Bron::Panteia,
            voorraad_2012: 100_000,
            voorraad_leeftijd: (20, 64, true),
            instroom: GEEN_INSTROOM,
            instroom_leeftijd: (18, 30),
            uitstroom: |_| 0.008,
            redenen: &[("EINDE_GRONDSLAG", 0.8), ("UITSCHRIJVING", 0.2)],
        },
        Groep {
            code: "WAJONG",
            bron: Bron::Uwv,
            voorraad_2012: 106_000,
            voorraad_leeftijd: (18, 60, false),
            instroom: |j| match j {
                ..=2014 => 0,
                2015 => 2_000,
                _ => 400,
            },
            instroom_leeftijd: (18, 25),
            // the re-assessment of the old Wajong (2015-2017) moved many to "no work capacity"
            uitstroom: |j| {
                if (2015..=2017).contains(&j) {
                    0.085
                } else {
                    0.012
                }
            },
            redenen: &[
                ("GEEN_ARBEIDSVERMOGEN", 0.7),
                ("EINDE_GRONDSLAG", 0.2),
                ("UITSCHRIJVING", 0.1),
            ],
        },
        Groep {
            code: "WIW_ID",
            bron: Bron::Cbs,
            voorraad_2012: 42_000,
            voorraad_leeftijd: (38, 64, true),
            instroom: GEEN_INSTROOM,
            instroom_leeftijd: (40, 60),
            uitstroom: |_| 0.06,
            redenen: &[("EINDE_GRONDSLAG", 0.9), ("UITSCHRIJVING", 0.1)],
        },
        Groep {
            code: "PW_IBA",
            bron: Bron::Uwv,
            voorraad_2012: 0,
            voorraad_leeftijd: (0, 0, false),
            instroom: |j| match j {
                ..=2014 => 0,
                2015 => 2_600,
                2016 => 5_000,
                2017 => 9_500,
                2018 => 11_000,
                _ => 10_000,
            },
            instroom_leeftijd: (18, 40),
            uitstroom: |_| 0.03,
            redenen: &[
                ("EINDE_GRONDSLAG", 0.4),
                ("UITSCHRIJVING", 0.25),
                ("BESCHUT_WERK", 0.2),
                ("GEEN_ARBEIDSVERMOGEN", 0.15),
            ],
        },
        Groep {
            code: "VSO_PRO",
            bron: Bron::Uwv,
            voorraad_2012: 0,
            voorraad_leeftijd: (0, 0, false),
            instroom: |j| match j {
                ..=2014 => 0,
                2015 => 3_200,
                2016 => 5_000,
                _ => 6_000,
            },
            instroom_leeftijd: (17, 19),
            uitstroom: |_| 0.02,
            redenen: &[("EINDE_GRONDSLAG", 0.6), ("UITSCHRIJVING", 0.4)],
        },
        Groep {
            code: "PRAKTIJKROUTE",
            bron: Bron::Inlichtingenbureau,
            voorraad_2012: 0,
            voorraad_leeftijd: (0, 0, false),
            instroom: |j| match j {
                ..=2016 => 0,
                2017 => 1_000,
                2018 => 1_600,
                _ => 2_100,
            },
            instroom_leeftijd: (18, 50),
            uitstroom: |_| 0.04,
            redenen: &[("EINDE_GRONDSLAG", 0.7), ("UITSCHRIJVING", 0.3)],
        },
        Groep {
            code: "WMV",
            bron: Bron::Uwv,
            voorraad_2012: 0,
            voorraad_leeftijd: (0, 0, false),
            instroom: |j| if j >= 2016 { 800 } else { 0 },
            instroom_leeftijd: (18, 28),
            uitstroom: |_| 0.02,
            redenen: &[("EINDE_GRONDSLAG", 0.7), ("UITSCHRIJVING", 0.3)],
        },
        Groep {
            code: "WAJONG_DGAV",
            bron: Bron::Uwv,
            voorraad_2012: 0,
            voorraad_leeftijd: (0, 0, false),
            instroom: |j| if j >= 2026 { 1_800 } else { 0 },
            instroom_leeftijd: (20, 50),
            uitstroom: |_| 0.02,
            redenen: &[("EINDE_GRONDSLAG", 1.0)],
        },
        Groep {
            code: "WIA_IVA_LD",
            bron: Bron::Uwv,
            voorraad_2012: 0,
            voorraad_leeftijd: (0, 0, false),
            instroom: |j| if j >= 2026 { 400 } else { 0 },
            instroom_leeftijd: (30, 60),
            uitstroom: |_| 0.02,
            redenen: &[("EINDE_GRONDSLAG", 1.0)],
        },
    ]
}

/// Share of WAJONG stock persons who also hold WSW (one person, two grondslagen).
const DUBBEL_WSW_WAJONG: f64 = 0.03;
/// Share of new registrations first delivered with a wrong ingangsdatum and corrected later.
const KANS_CORRECTIE: f64 = 0.005;
/// Share of new registrations withdrawn in the next delivery.
const KANS_INTREKKING: f64 = 0.002;

/// The population.
pub struct Bevolking {
    /// Persons.
    pub personen: Vec<Persoon>,
    /// Registrations.
    pub registraties: Vec<Registratie>,
}

/// Builds the population for `schaal` (1.0 = national size).
pub fn genereer(
    rng: &mut ChaCha8Rng,
    schaal: f64,
    referentie: &Referentie,
    nummers: &mut Elfproefreeks,
) -> Bevolking {
    let gemeenten = Gewogen::new(
        referentie
            .gemeenten()
            .iter()
            .map(|g| f64::from(g.inwoners))
            .collect(),
    );
    let mut b = Bevolking {
        personen: Vec::new(),
        registraties: Vec::new(),
    };
    let aantal = |n: u32| (f64::from(n) * schaal).round() as usize;
    for g in groepen() {
        if referentie.grondslag(g.code).is_none() {
            continue;
        }
        // historic stock at the end of 2012; a WAJONG person may be one of the earlier (WSW) persons
        let eerdere_personen = b.personen.len();
        let mut hergebruikt = std::collections::HashSet::new();
        for _ in 0..aantal(g.voorraad_2012) {
            let (lo, hi, oud) = g.voorraad_leeftijd;
            let mut leeftijd = rng.random_range(lo..=hi);
            if oud {
                leeftijd = leeftijd.max(rng.random_range(lo..=hi));
            }
            let hergebruik = g.code == "WAJONG" && rng.random::<f64>() < DUBBEL_WSW_WAJONG;
            let kandidaat =
                (hergebruik && eerdere_personen > 0).then(|| rng.random_range(0..eerdere_personen));
            let p = if let Some(k) = kandidaat.filter(|k| hergebruikt.insert(*k)) {
                k
            } else {
                nieuw_persoon(
                    &mut b,
                    rng,
                    nummers,
                    &gemeenten,
                    referentie,
                    d(2012, 12, 31),
                    leeftijd,
                )
            };
            let achttien = jaren_later(geboren(&b.personen[p]), 18);
            let ingang = willekeurige_dag(rng, achttien.max(d(1998, 1, 1)), d(2012, 12, 31));
            voeg_toe(&mut b, rng, &g, p, ingang, d(2013, 1, 1));
        }
        // inflow from the year the grondslag exists
        for jaar in 2013..=EIND.year() {
            for _ in 0..aantal((g.instroom)(jaar)) {
                let ingang = willekeurige_dag(rng, d(jaar, 1, 1), d(jaar, 12, 31).min(EIND));
                let leeftijd = rng.random_range(g.instroom_leeftijd.0..=g.instroom_leeftijd.1);
                let p = nieuw_persoon(
                    &mut b, rng, nummers, &gemeenten, referentie, ingang, leeftijd,
                );
                if b.personen[p].natuurlijk_einde.is_some_and(|e| e <= ingang) {
                    continue;
                }
                voeg_toe(&mut b, rng, &g, p, ingang, ingang);
            }
        }
    }
    b
}

fn geboren(p: &Persoon) -> NaiveDate {
    p.geboorte.laatst_mogelijke().unwrap_or(d(1970, 1, 1))
}

fn jaren_later(datum: NaiveDate, jaren: i32) -> NaiveDate {
    datum
        .with_year(datum.year() + jaren)
        .unwrap_or_else(|| d(datum.year() + jaren, 3, 1))
}

/// Adds a registration for person `p`, with a source-delivered end sampled from `uitstroom_vanaf`.
fn voeg_toe(
    b: &mut Bevolking,
    rng: &mut ChaCha8Rng,
    g: &Groep,
    p: usize,
    ingang: NaiveDate,
    uitstroom_vanaf: NaiveDate,
) {
    let persoon = &b.personen[p];
    let natuurlijk = persoon.natuurlijk_einde;
    if natuurlijk.is_some_and(|e| e <= ingang)
        || b.registraties
            .iter()
            .rev()
            .take(3)
            .any(|r| r.persoon == p && r.grondslag == g.code)
    {
        return;
    }
    let grens = natuurlijk.map_or(EIND, |e| e.pred_opt().unwrap_or(e).min(EIND));
    let einde = eerste_gebeurtenis(
        rng,
        uitstroom_vanaf.max(ingang.succ_opt().unwrap_or(ingang)),
        grens,
        g.uitstroom,
    )
    .map(|datum| (datum, kies_reden(rng, g.redenen)));
    let nieuw = ingang >= d(2015, 1, 1);
    let fout_ingang = (nieuw && rng.random::<f64>() < KANS_CORRECTIE)
        .then(|| ingang.succ_opt().unwrap_or(ingang))
        .filter(|f| natuurlijk.is_none_or(|e| *f < e) && einde.is_none_or(|(e, _)| *f < e));
    let ingetrokken = nieuw && fout_ingang.is_none() && rng.random::<f64>() < KANS_INTREKKING;
    let loonwaarde = (g.code == "PRAKTIJKROUTE").then(|| rng.random_range(30..=95));
    b.registraties.push(Registratie {
        persoon: p,
        grondslag: g.code,
        bron: g.bron,
        ingang,
        einde,
        loonwaarde,
        fout_ingang: if ingetrokken || einde.is_some() {
            None
        } else {
            fout_ingang
        },
        ingetrokken: ingetrokken && einde.is_none(),
        einde_door_persoon: false,
    });
}

fn kies_reden(rng: &mut ChaCha8Rng, redenen: &'static [(&'static str, f64)]) -> &'static str {
    let totaal: f64 = redenen.iter().map(|r| r.1).sum();
    let mut x = rng.random::<f64>() * totaal;
    for (code, gewicht) in redenen {
        if x < *gewicht {
            return code;
        }
        x -= gewicht;
    }
    redenen.last().map_or("EINDE_GRONDSLAG", |r| r.0)
}

/// Yearly mortality by age (a smooth approximation; the register only needs deaths to happen).
fn sterftekans(leeftijd: i32) -> f64 {
    0.0012 + 0.000_35 * f64::from((leeftijd - 40).max(0))
}

fn nieuw_persoon(
    b: &mut Bevolking,
    rng: &mut ChaCha8Rng,
    nummers: &mut Elfproefreeks,
    gemeenten: &Gewogen,
    referentie: &Referentie,
    op: NaiveDate,
    leeftijd: i32,
) -> usize {
    let geboren = willekeurige_dag(
        rng,
        d(op.year() - leeftijd - 1, op.month(), 1),
        d(op.year() - leeftijd, op.month(), 1),
    );
    let x = rng.random::<f64>();
    let geboorte = if x < 0.0005 {
        BrpDatum::Onvolledig {
            jaar: None,
            maand: None,
        }
    } else if x < 0.0015 {
        BrpDatum::Onvolledig {
            jaar: Some(geboren.year()),
            maand: None,
        }
    } else if x < 0.005 {
        BrpDatum::Onvolledig {
            jaar: Some(geboren.year()),
            maand: Some(geboren.month()),
        }
    } else {
        BrpDatum::Volledig(geboren)
    };
    let overleden = eerste_gebeurtenis(rng, op.max(d(2013, 1, 1)), EIND, |j| {
        sterftekans(j - geboren.year())
    });
    let aow = aow_datum(geboorte, referentie.aow_tabel()).map(|a| a.datum);
    let dood = overleden.and_then(|o| o.succ_opt());
    let natuurlijk_einde = match (aow, dood) {
        (Some(a), Some(o)) => Some(a.min(o)),
        (a, o) => a.or(o),
    };
    let gemeente = gemeenten.kies(rng);
    let verhuizing = eerste_gebeurtenis(rng, d(2015, 6, 1), EIND, |_| 0.015)
        .map(|datum| (datum, gemeenten.kies(rng)));
    let uren = match rng.random::<f64>() {
        x if x < 0.15 => rng.random_range(24..40),
        x if x < 0.50 => rng.random_range(40..64),
        _ => rng.random_range(64..=76),
    };
    b.personen.push(Persoon {
        bsn: nummers.bsn(),
        geboorte,
        overleden,
        gemeente,
        verhuizing,
        u: rng.random(),
        v: rng.random(),
        uren_week: i64::from(uren) * 50,
        wsw: WswVorm::Geen,
        natuurlijk_einde,
    });
    b.personen.len() - 1
}

/// Assigns WSW work forms after the population is built (persons with a WSW registration).
pub fn wijs_wsw_vormen_toe(b: &mut Bevolking, rng: &mut ChaCha8Rng) {
    let wsw: Vec<usize> = b
        .registraties
        .iter()
        .filter(|r| r.grondslag == "WSW")
        .map(|r| r.persoon)
        .collect();
    for p in wsw {
        b.personen[p].wsw = match rng.random::<f64>() {
            x if x < 0.62 => WswVorm::Beschut,
            x if x < 0.87 => WswVorm::Gedetacheerd,
            _ => WswVorm::Begeleid,
        };
    }
}

/// R-11 in the model: a person-level end of one registration ends the person's other
/// registrations that are still open on that date.
pub fn pas_persoonsbrede_eindes_toe(b: &mut Bevolking, referentie: &Referentie) {
    let mut per_persoon: Vec<Vec<usize>> = vec![Vec::new(); b.personen.len()];
    for (i, r) in b.registraties.iter().enumerate() {
        per_persoon[r.persoon].push(i);
    }
    for regs in per_persoon.iter().filter(|r| r.len() > 1) {
        let eindes: Vec<(NaiveDate, &'static str)> = regs
            .iter()
            .filter_map(|&i| {
                b.registraties[i]
                    .einde
                    .filter(|_| !b.registraties[i].einde_door_persoon)
            })
            .filter(|(_, reden)| {
                referentie
                    .reden(reden)
                    .is_some_and(|x| x.niveau == dgr_core::referentie::Niveau::Persoon)
            })
            .collect();
        for (datum, reden) in eindes {
            for &i in regs {
                let r = &mut b.registraties[i];
                let open = r.ingang < datum && r.einde.is_none_or(|(e, _)| e > datum);
                if open && !r.ingetrokken {
                    r.einde = Some((datum, reden));
                    r.einde_door_persoon = true;
                    r.fout_ingang = None;
                }
            }
        }
    }
}
