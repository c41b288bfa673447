//! Synthetic employers: market firms, government bodies (every municipality, ministries,
//! schools, police, courts), temp agencies and one SW company per labour-market region.

use dgr_core::Referentie;
use dgr_core::gegevens::Sector;
use dgr_core::lhn::Loonheffingennummer;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::Gewogen;
use crate::nummers::Elfproefreeks;

/// What kind of employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    /// A market firm.
    Markt,
    /// A government body.
    Overheid,
    /// A temp agency (market) that lends workers to hirers.
    Uitzend,
    /// The regional SW company (government).
    SwBedrijf,
}

/// A synthetic employer.
#[derive(Debug, Clone)]
pub struct Werkgever {
    /// Its payroll numbers (one, or two subnumbers of one fiscaal nummer).
    pub lhns: Vec<Loonheffingennummer>,
    /// Name.
    pub naam: String,
    /// Sector.
    pub sector: Sector,
    /// Subsector.
    pub subsector: Option<&'static str>,
    /// Municipality index.
    pub gemeente: usize,
    /// Employees (all, not only the target group).
    pub grootte: u32,
    /// Pays in 4-week periods instead of months.
    pub vierwekelijks: bool,
    /// Kind.
    pub soort: Soort,
}

/// All employers, with weighted choosers per region.
pub struct Werkgevers {
    /// The employers.
    pub lijst: Vec<Werkgever>,
    markt: Vec<(Vec<usize>, Gewogen)>,
    overheid: Vec<(Vec<usize>, Gewogen)>,
    uitzend: (Vec<usize>, Gewogen),
    sw: Vec<usize>,
    /// The municipality as employer, per municipality index.
    pub gemeente_als_werkgever: Vec<usize>,
    /// Region index per municipality index.
    pub regio_van_gemeente: Vec<usize>,
}

const BRANCHES: [&str; 12] = [
    "Bouwbedrijf",
    "Schoonmaakbedrijf",
    "Zorggroep",
    "Transportbedrijf",
    "Groenvoorziening",
    "Horecabedrijf",
    "Logistiek Centrum",
    "Technisch Bureau",
    "Supermarkt",
    "Metaalbewerking",
    "Drukkerij",
    "Facilitair Bedrijf",
];
const VORMEN: [&str; 4] = ["B.V.", "V.O.F.", "& Zn.", "Groep"];

impl Werkgevers {
    /// Generates the employers for `schaal`.
    pub fn genereer(
        rng: &mut ChaCha8Rng,
        schaal: f64,
        referentie: &Referentie,
        nummers: &mut Elfproefreeks,
    ) -> Werkgevers {
        let gemeenten = referentie.gemeenten();
        let regios = referentie.arbeidsmarktregios();
        let regio_van_gemeente: Vec<usize> = gemeenten
            .iter()
            .map(|g| {
                regios
                    .iter()
                    .position(|r| r.code == g.arbeidsmarktregio)
                    .unwrap_or(0)
            })
            .collect();
        let inwoners = Gewogen::new(gemeenten.iter().map(|g| f64::from(g.inwoners)).collect());
        let mut lijst: Vec<Werkgever> = Vec::new();
        let mut nieuw = |lijst: &mut Vec<Werkgever>,
                         rng: &mut ChaCha8Rng,
                         naam: String,
                         soort: Soort,
                         sub: Option<&'static str>,
                         gemeente: usize,
                         grootte: u32| {
            let sector = if matches!(soort, Soort::Overheid | Soort::SwBedrijf) {
                Sector::Overheid
            } else {
                Sector::Markt
            };
            let eerste = nummers.lhn(1);
            let mut lhns = vec![eerste];
            if grootte > 2_000
                && rng.random::<f64>() < 0.3
                && let Ok(tweede) =
                    Loonheffingennummer::parse(&format!("{}L02", eerste.fiscaal_nummer()))
            {
                lhns.push(tweede);
            }
            let vierwekelijks =
                matches!(soort, Soort::Markt | Soort::Uitzend) && rng.random::<f64>() < 0.3;
            lijst.push(Werkgever {
                lhns,
                naam,
                sector,
                subsector: sub,
                gemeente,
                grootte,
                vierwekelijks,
                soort,
            });
        };
        let zipf = |rng: &mut ChaCha8Rng, max: f64| {
            (max.ln() * rng.random::<f64>()).exp().round().max(1.0) as u32
        };
        for (i, g) in gemeenten.iter().enumerate() {
            nieuw(
                &mut lijst,
                rng,
                format!("Gemeente {}", g.naam),
                Soort::Overheid,
                Some("GEMEENTEN"),
                i,
                (g.inwoners / 70).max(40),
            );
        }
        for (r, regio) in regios.iter().enumerate() {
            let gemeente = regio_van_gemeente.iter().position(|x| *x == r).unwrap_or(0);
            let grootte = rng.random_range(400..3_000);
            nieuw(
                &mut lijst,
                rng,
                format!("{} Werkbedrijf", regio.naam),
                Soort::SwBedrijf,
                Some("GEMEENTEN"),
                gemeente,
                grootte,
            );
            let grootte = rng.random_range(500..4_000);
            nieuw(
                &mut lijst,
                rng,
                format!("Politie eenheid {}", regio.naam),
                Soort::Overheid,
                Some("POLITIE"),
                gemeente,
                grootte,
            );
            let grootte = rng.random_range(150..900);
            nieuw(
                &mut lijst,
                rng,
                format!("Rechtbank {}", regio.naam),
                Soort::Overheid,
                Some("RECHTSPRAAK"),
                gemeente,
                grootte,
            );
        }
        let aantal = |n: f64| ((n * schaal).round() as usize).max(10);
        for k in 0..aantal(900.0) {
            let g = inwoners.kies(rng);
            let (naam, sub) = match k % 3 {
                0 => (
                    format!("{} College {}", gemeenten[g].naam, k / 3 + 1),
                    "ONDERWIJS",
                ),
                1 => (
                    format!("Rijksdienst {} {}", gemeenten[g].naam, k / 3 + 1),
                    "RIJK",
                ),
                _ => (
                    format!(
                        "Waterschap en Omgevingsdienst {} {}",
                        gemeenten[g].naam,
                        k / 3 + 1
                    ),
                    "OVERIG",
                ),
            };
            let grootte = zipf(rng, 8_000.0).max(20);
            nieuw(
                &mut lijst,
                rng,
                naam,
                Soort::Overheid,
                Some(sub),
                g,
                grootte,
            );
        }
        for k in 0..aantal(250.0) {
            let g = inwoners.kies(rng);
            let grootte = zipf(rng, 20_000.0).max(50);
            nieuw(
                &mut lijst,
                rng,
                format!("Uitzendbureau {} {}", gemeenten[g].naam, k + 1),
                Soort::Uitzend,
                None,
                g,
                grootte,
            );
        }
        for k in 0..aantal(14_000.0) {
            let g = inwoners.kies(rng);
            let naam = format!(
                "{} {} {}",
                BRANCHES[k % BRANCHES.len()],
                gemeenten[g].naam,
                VORMEN[(k / BRANCHES.len()) % VORMEN.len()]
            );
            let grootte = zipf(rng, 4_000.0);
            nieuw(&mut lijst, rng, naam, Soort::Markt, None, g, grootte);
        }
        let per_regio = |soort: Soort| -> Vec<(Vec<usize>, Gewogen)> {
            (0..regios.len())
                .map(|r| {
                    let idx: Vec<usize> = (0..lijst.len())
                        .filter(|&i| {
                            lijst[i].soort == soort && regio_van_gemeente[lijst[i].gemeente] == r
                        })
                        .collect();
                    let gewichten = idx
                        .iter()
                        .map(|&i| f64::from(lijst[i].grootte).sqrt())
                        .collect();
                    (idx, Gewogen::new(gewichten))
                })
                .collect()
        };
        let markt = per_regio(Soort::Markt);
        let overheid = per_regio(Soort::Overheid);
        let uitzend_idx: Vec<usize> = (0..lijst.len())
            .filter(|&i| lijst[i].soort == Soort::Uitzend)
            .collect();
        let uitzend_gew = Gewogen::new(
            uitzend_idx
                .iter()
                .map(|&i| f64::from(lijst[i].grootte))
                .collect(),
        );
        let sw = (0..regios.len())
            .map(|r| {
                (0..lijst.len())
                    .find(|&i| {
                        lijst[i].soort == Soort::SwBedrijf
                            && regio_van_gemeente[lijst[i].gemeente] == r
                    })
                    .unwrap_or(0)
            })
            .collect();
        Werkgevers {
            gemeente_als_werkgever: (0..gemeenten.len()).collect(),
            lijst,
            markt,
            overheid,
            uitzend: (uitzend_idx, uitzend_gew),
            sw,
            regio_van_gemeente,
        }
    }

    /// A regular employer of `sector` for someone living in region `regio` (85% in the region).
    pub fn kies(&self, rng: &mut ChaCha8Rng, sector: Sector, regio: usize) -> usize {
        let lijsten = if sector == Sector::Overheid {
            &self.overheid
        } else {
            &self.markt
        };
        let r = if rng.random::<f64>() < 0.85 {
            regio
        } else {
            rng.random_range(0..lijsten.len())
        };
        let (idx, gew) = &lijsten[r.min(lijsten.len() - 1)];
        if idx.is_empty() {
            return self.gemeente_als_werkgever[0];
        }
        idx[gew.kies(rng)]
    }

    /// A temp agency.
    pub fn uitzendbureau(&self, rng: &mut ChaCha8Rng) -> usize {
        self.uitzend
            .0
            .get(self.uitzend.1.kies(rng))
            .copied()
            .unwrap_or(0)
    }

    /// The SW company of a region.
    pub fn sw_bedrijf(&self, regio: usize) -> usize {
        self.sw.get(regio).copied().unwrap_or(0)
    }
}
