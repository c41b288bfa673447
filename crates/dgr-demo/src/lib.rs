//! `dgr-demo`: a synthetic Netherlands for the doelgroepregister.
//!
//! [`genereer`] writes a complete, deterministic (per seed) set of deliveries — employers, BRP
//! person data, registrations from every source, payroll (polis) rows, employer hours and
//! job-seeker profiles — the way the real sources send them (several CSV dialects and
//! encodings, corrections, withdrawals, a few deliberately bad rows), and returns the plan of
//! deliveries in transaction-time order. The caller imports them through the register's normal
//! import path.
//!
//! It also builds a demo organisation for the werkgeversmonitor ([`organisatie`]): de
//! Rechtspraak's units, rosters and payroll, delivered through the same path.
//!
//! Calibration (scale 1.0): the register holds about 248k persons at the baseline (end 2012),
//! ~204k in Q1 2017, ~239k at the end of 2020 and ~263k in Q3 2023 (DOMAIN.md); December jobs
//! follow the nulmeting plus the published results per year (`banenafspraak_resultaten.csv`).

mod bestanden;
pub mod bevolking;
mod kalender;
mod leveringen;
pub mod nummers;
pub mod organisatie;
mod polis;
pub mod werkgevers;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::{Bron, FiscaalNummer, Gemeentecode, LeveringSoort, Modus, Referentie};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The last day the synthetic timeline covers (deliveries run until shortly after).
pub const EIND: NaiveDate = match NaiveDate::from_ymd_opt(2026, 9, 30) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Instellingen {
    /// 1.0 = national size.
    pub schaal: f64,
    /// Seed of the random generator.
    pub seed: u64,
    /// Folder for the delivery files (created).
    pub map: PathBuf,
}

/// One delivery to import, in order.
#[derive(Debug, Clone)]
pub struct GeplandeLevering {
    /// The file.
    pub bestand: PathBuf,
    /// Kind.
    pub soort: LeveringSoort,
    /// Source.
    pub bron: Bron,
    /// Delivery reference.
    pub kenmerk: String,
    /// For a municipality: its code.
    pub gemeentecode: Option<Gemeentecode>,
    /// For an employer's own delivery (bron WERKGEVER): its fiscaal nummer.
    pub fiscaal_nummer: Option<FiscaalNummer>,
    /// Mode (accept-valid for the files with deliberately bad rows).
    pub modus: Modus,
    /// Transaction time to record it at.
    pub tijd: DateTime<Utc>,
}

impl GeplandeLevering {
    /// This delivery as handed in to the register, with its file's content: its metadata, its
    /// transaction time and the file's name.
    #[must_use]
    pub fn aanlevering<'a>(&self, inhoud: &'a [u8]) -> dgr_register::Aanlevering<'a> {
        dgr_register::Aanlevering {
            soort: self.soort,
            bron: self.bron,
            kenmerk: self.kenmerk.clone(),
            gemeentecode: self.gemeentecode,
            fiscaal_nummer: self.fiscaal_nummer,
            modus: self.modus,
            geregistreerd_op: Some(self.tijd),
            bestandsnaam: self
                .bestand
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            inhoud,
        }
    }
}

/// A BSN to try, with the question and the expected answer.
#[derive(Debug, Clone)]
pub struct Voorbeeld {
    /// BSN (nine digits).
    pub bsn: String,
    /// The peildatum of the question.
    pub peildatum: NaiveDate,
    /// `--bekend-op`, when the example is about formal history.
    pub bekend_op: Option<DateTime<Utc>>,
    /// Expected answer.
    pub verwacht: bool,
    /// Why (Dutch).
    pub toelichting: String,
}

/// The result of generating.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Deliveries in transaction-time order.
    pub leveringen: Vec<GeplandeLevering>,
    /// Five example questions.
    pub voorbeelden: Vec<Voorbeeld>,
    /// Persons generated.
    pub personen: usize,
    /// Registrations generated.
    pub registraties: usize,
    /// Employers generated.
    pub werkgevers: usize,
    /// Polis rows written.
    pub polisrijen: u64,
    /// Rows deliberately made bad (the import reports must catch them).
    pub foute_rijen: u64,
    /// The demo organisation of the werkgeversmonitor.
    pub organisatie: organisatie::Organisatie,
}

/// Why generating failed.
#[derive(Debug, thiserror::Error)]
pub enum DemoFout {
    /// Writing a file failed.
    #[error("demobestand schrijven mislukt: {}", dgr_core::tekst::io_uitleg(.0))]
    Io(#[from] std::io::Error),
    /// The scale is out of range ([`SCHALEN`]).
    #[error("schaal moet tussen 0.001 en 5 liggen")]
    Schaal,
}

/// The scales the demo generates: from a thousandth of the Netherlands to five times it
/// (`bench/schaal.sh` measures growth up to scale 3, issue #13). The identifiers come from a
/// permutation of 90 million eight-digit prefixes, far more than scale 5 draws (~2.3 million
/// persons with BRP data, ~80,000 loonheffingennummers).
pub const SCHALEN: std::ops::RangeInclusive<f64> = 0.001..=5.0;

/// Generates the synthetic Netherlands into `instellingen.map`.
///
/// # Errors
/// [`DemoFout`] on a bad scale or IO failure.
pub fn genereer(instellingen: &Instellingen, referentie: &Referentie) -> Result<Plan, DemoFout> {
    let schrijvers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    genereer_met(instellingen, referentie, schrijvers)
}

/// [`genereer`] with the polis files written on `schrijvers` threads (one per core, at most four,
/// in [`genereer`]); the files do not depend on it.
pub(crate) fn genereer_met(
    instellingen: &Instellingen,
    referentie: &Referentie,
    schrijvers: usize,
) -> Result<Plan, DemoFout> {
    if !SCHALEN.contains(&instellingen.schaal) {
        return Err(DemoFout::Schaal);
    }
    std::fs::create_dir_all(&instellingen.map)?;
    let mut rng = ChaCha8Rng::seed_from_u64(instellingen.seed);
    let mut nummers = nummers::Elfproefreeks::new(rng.random(), 104_729);
    let mut bevolking =
        bevolking::genereer(&mut rng, instellingen.schaal, referentie, &mut nummers);
    bevolking::pas_persoonsbrede_eindes_toe(&mut bevolking, referentie);
    bevolking::wijs_wsw_vormen_toe(&mut bevolking, &mut rng);
    let werkgevers =
        werkgevers::Werkgevers::genereer(&mut rng, instellingen.schaal, referentie, &mut nummers);
    // the organisation draws from its own stream, so it leaves the rest of the demo as it was
    let mut org_rng = ChaCha8Rng::seed_from_u64(instellingen.seed ^ 0x5253_5000);
    let organisatie = organisatie::Organisatie::genereer(
        &mut org_rng,
        instellingen.schaal,
        &bevolking,
        &werkgevers,
        referentie,
        &mut nummers,
    );
    let map: &Path = &instellingen.map;
    let mut plan = Plan {
        leveringen: Vec::new(),
        voorbeelden: Vec::new(),
        personen: bevolking.personen.len(),
        registraties: bevolking.registraties.len(),
        werkgevers: werkgevers.lijst.len(),
        polisrijen: 0,
        foute_rijen: 0,
        organisatie,
    };
    leveringen::schrijf_register(
        &mut plan,
        &bevolking,
        &werkgevers,
        referentie,
        map,
        &mut rng,
    )?;
    let org = plan.organisatie.clone();
    polis::schrijf_polis(
        &mut plan,
        &bevolking,
        &werkgevers,
        &org,
        referentie,
        instellingen.schaal,
        map,
        &mut rng,
        schrijvers,
    )?;
    organisatie::leveringen::schrijf(&mut plan, &org, map, &mut org_rng)?;
    plan.leveringen.sort_by_key(|l| l.tijd);
    plan.voorbeelden = leveringen::voorbeelden(&bevolking, &plan);
    Ok(plan)
}

/// Weighted random choice over fixed weights (cumulative table, binary search).
pub struct Gewogen {
    cumulatief: Vec<f64>,
}

impl Gewogen {
    /// A chooser for these weights (non-negative).
    pub fn new(gewichten: Vec<f64>) -> Gewogen {
        let mut som = 0.0;
        let cumulatief = gewichten
            .into_iter()
            .map(|g| {
                som += g.max(0.0);
                som
            })
            .collect();
        Gewogen { cumulatief }
    }

    /// An index drawn with probability proportional to its weight (0 when empty).
    pub fn kies(&self, rng: &mut impl Rng) -> usize {
        let totaal = self.cumulatief.last().copied().unwrap_or(0.0);
        if totaal <= 0.0 {
            return 0;
        }
        let x = rng.random::<f64>() * totaal;
        self.cumulatief
            .partition_point(|c| *c <= x)
            .min(self.cumulatief.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::{DemoFout, Instellingen, SCHALEN, genereer};

    /// A scale outside 0.001–5 is refused before anything is written; 3, the largest scale of
    /// `bench/schaal.sh`, is within.
    #[test]
    fn schaal_buiten_het_bereik_wordt_geweigerd() {
        assert!(SCHALEN.contains(&3.0));
        let referentie =
            dgr_core::referentie::Referentie::ingebouwd().unwrap_or_else(|e| unreachable!("{e}"));
        let map = std::env::temp_dir().join(format!("dgr-demo-schaal-{}", std::process::id()));
        for schaal in [0.0, 0.000_9, 5.01, f64::NAN] {
            let instellingen = Instellingen {
                schaal,
                seed: 2015,
                map: map.clone(),
            };
            assert!(
                matches!(genereer(&instellingen, &referentie), Err(DemoFout::Schaal)),
                "{schaal}"
            );
            assert!(!map.exists());
        }
    }
}
