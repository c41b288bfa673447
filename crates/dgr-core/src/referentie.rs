//! The shipped reference data (`reference/*.csv`, sources in `reference/SOURCES.md`): loaded and
//! validated as a whole, identified by a content hash (its *version*).
//!
//! The binary embeds the set it was built with ([`Referentie::ingebouwd`]); a newer set can be
//! loaded from a folder ([`Referentie::uit_map`]). Values are never copied into logic: rules ask
//! this struct.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::bron::Bron;
use crate::gemeente::Gemeentecode;

/// The file names of a complete reference set.
pub const BESTANDEN: [&str; 10] = [
    "aow_leeftijd.csv",
    "arbeidsmarktregios.csv",
    "banenafspraak_doelen.csv",
    "banenafspraak_resultaten.csv",
    "constanten.csv",
    "gemeenten.csv",
    "grondslagen.csv",
    "quotumpercentages.csv",
    "redenen_einde.csv",
    "wml.csv",
];

const INGEBOUWD: [(&str, &str); 10] = [
    (
        "aow_leeftijd.csv",
        include_str!("../../../reference/aow_leeftijd.csv"),
    ),
    (
        "arbeidsmarktregios.csv",
        include_str!("../../../reference/arbeidsmarktregios.csv"),
    ),
    (
        "banenafspraak_doelen.csv",
        include_str!("../../../reference/banenafspraak_doelen.csv"),
    ),
    (
        "banenafspraak_resultaten.csv",
        include_str!("../../../reference/banenafspraak_resultaten.csv"),
    ),
    (
        "constanten.csv",
        include_str!("../../../reference/constanten.csv"),
    ),
    (
        "gemeenten.csv",
        include_str!("../../../reference/gemeenten.csv"),
    ),
    (
        "grondslagen.csv",
        include_str!("../../../reference/grondslagen.csv"),
    ),
    (
        "quotumpercentages.csv",
        include_str!("../../../reference/quotumpercentages.csv"),
    ),
    (
        "redenen_einde.csv",
        include_str!("../../../reference/redenen_einde.csv"),
    ),
    ("wml.csv", include_str!("../../../reference/wml.csv")),
];

/// A reference file that is missing or does not validate.
#[derive(Debug, thiserror::Error)]
pub enum ReferentieFout {
    /// A required file is absent from the set.
    #[error("referentiebestand {0} ontbreekt")]
    Ontbreekt(String),
    /// A file could not be read from disk.
    #[error(
        "referentiebestand {bestand} kan niet gelezen worden: {}",
        crate::tekst::io_uitleg(oorzaak)
    )]
    Lezen {
        /// File name.
        bestand: String,
        /// IO error.
        oorzaak: std::io::Error,
    },
    /// A row does not parse or violates a consistency rule.
    #[error("referentiebestand {bestand}, regel {regel}: {reden}")]
    Ongeldig {
        /// File name.
        bestand: String,
        /// Physical line (1 = header).
        regel: u64,
        /// What is wrong.
        reden: String,
    },
}

/// One municipality (`gemeenten.csv`).
#[derive(Debug, Clone)]
pub struct Gemeente {
    /// CBS code.
    pub code: Gemeentecode,
    /// Name.
    pub naam: String,
    /// Province name.
    pub provincie: String,
    /// Arbeidsmarktregio code (`AMxx`).
    pub arbeidsmarktregio: String,
    /// Latitude in degrees (WGS84) of the municipality's point.
    pub latitude: f64,
    /// Longitude in degrees (WGS84).
    pub longitude: f64,
    /// Inhabitants (CBS).
    pub inwoners: u32,
}

/// One labour-market region (`arbeidsmarktregios.csv`).
#[derive(Debug, Clone)]
pub struct Arbeidsmarktregio {
    /// Code `AMxx`.
    pub code: String,
    /// Name.
    pub naam: String,
}

/// One row of the AOW table (`aow_leeftijd.csv`): people born in `[geboren_vanaf,
/// geboren_tot_en_met]` reach the AOW age at `jaren` years and `maanden` months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AowRegel {
    /// First birth date of the range (inclusive).
    pub geboren_vanaf: NaiveDate,
    /// Last birth date of the range (inclusive).
    pub geboren_tot_en_met: NaiveDate,
    /// Years of the AOW age.
    pub jaren: u32,
    /// Months on top of the years.
    pub maanden: u32,
}

/// How often a source delivers a grondslag (`grondslagen.csv` column `actualisatie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actualisatie {
    /// Daily.
    Dagelijks,
    /// Monthly.
    Maandelijks,
    /// Twice a year.
    Halfjaarlijks,
    /// Yearly.
    Jaarlijks,
}

impl Actualisatie {
    /// Days after which a source of this rhythm counts as late (the rhythm plus a grace period;
    /// **project decision**: 3, 35, 190 and 370 days).
    pub fn termijn_dagen(self) -> i64 {
        match self {
            Actualisatie::Dagelijks => 3,
            Actualisatie::Maandelijks => 35,
            Actualisatie::Halfjaarlijks => 190,
            Actualisatie::Jaarlijks => 370,
        }
    }
}

/// One grondslag (`grondslagen.csv`).
#[derive(Debug, Clone)]
pub struct Grondslag {
    /// Code, e.g. `PW_IBA`.
    pub code: String,
    /// Name.
    pub naam: String,
    /// Sources that may deliver it.
    pub bronnen: Vec<Bron>,
    /// Update rhythm.
    pub actualisatie: Actualisatie,
    /// Counts for the banenafspraak.
    pub telt_banenafspraak: bool,
    /// Counts for the quota.
    pub telt_quotum: bool,
    /// First day the grondslag exists in law.
    pub geldig_vanaf: NaiveDate,
    /// First day it no longer exists, if any.
    pub geldig_tot: Option<NaiveDate>,
    /// Counts only on days within a pay period with a REGULIER polis row of the person (R-07,
    /// column `alleen_in_dienstbetrekking`; `WAJONG_DGAV`).
    pub alleen_in_dienstbetrekking: bool,
}

/// Level of an end reason (`redenen_einde.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Niveau {
    /// Ends every open registration of the person.
    Persoon,
    /// Ends only the named registration.
    Registratie,
}

/// One end reason.
#[derive(Debug, Clone)]
pub struct RedenEinde {
    /// Code, e.g. `AOW`.
    pub code: String,
    /// Person or registration level.
    pub niveau: Niveau,
    /// Description (Dutch).
    pub omschrijving: String,
}

/// Cumulative target of extra jobs for a year (`banenafspraak_doelen.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doel {
    /// Year (peildatum 31 December).
    pub jaar: i32,
    /// Total, if set for that year.
    pub totaal: Option<i64>,
    /// Market sector.
    pub markt: Option<i64>,
    /// Government.
    pub overheid: Option<i64>,
}

/// A published result (`banenafspraak_resultaten.csv`); missing figures are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resultaat {
    /// Measured year.
    pub jaar: i32,
    /// Extra jobs in total.
    pub totaal: Option<i64>,
    /// Extra jobs, market.
    pub markt: Option<i64>,
    /// Extra jobs, government.
    pub overheid: Option<i64>,
}

/// A quota percentage from `quotumpercentages.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotumpercentage {
    /// Year.
    pub jaar: i32,
    /// `MARKT` or `OVERHEID`.
    pub sector: String,
    /// Percentage in hundredths (2.76% = 276).
    pub honderdsten: i64,
    /// Status (vastgesteld, indicatief).
    pub status: String,
}

/// A complete, validated reference set.
#[derive(Debug, Clone)]
pub struct Referentie {
    versie: String,
    bestanden: BTreeMap<String, String>,
    gemeenten: Vec<Gemeente>,
    gemeente_index: HashMap<Gemeentecode, usize>,
    regios: Vec<Arbeidsmarktregio>,
    aow: Vec<AowRegel>,
    grondslagen: Vec<Grondslag>,
    redenen: Vec<RedenEinde>,
    constanten: BTreeMap<String, String>,
    doelen: Vec<Doel>,
    resultaten: Vec<Resultaat>,
    quotumpercentages: Vec<Quotumpercentage>,
}

impl Referentie {
    /// The set embedded in the binary at build time (a copy of `reference/`).
    ///
    /// # Errors
    /// [`ReferentieFout`] if the embedded files do not validate (a build defect).
    pub fn ingebouwd() -> Result<Referentie, ReferentieFout> {
        Self::uit_bestanden(
            INGEBOUWD
                .iter()
                .map(|(n, c)| ((*n).to_string(), (*c).to_string()))
                .collect(),
        )
    }

    /// Loads a set from a folder holding the ten files of [`BESTANDEN`].
    ///
    /// # Errors
    /// [`ReferentieFout`] naming the file (and line) at fault.
    pub fn uit_map(map: &Path) -> Result<Referentie, ReferentieFout> {
        let mut bestanden = BTreeMap::new();
        for naam in BESTANDEN {
            let pad = map.join(naam);
            if !pad.exists() {
                return Err(ReferentieFout::Ontbreekt(pad.display().to_string()));
            }
            let inhoud =
                std::fs::read_to_string(&pad).map_err(|oorzaak| ReferentieFout::Lezen {
                    bestand: naam.to_string(),
                    oorzaak,
                })?;
            bestanden.insert(naam.to_string(), inhoud);
        }
        Self::uit_bestanden(bestanden)
    }

    /// Builds and validates a set from file contents by name.
    ///
    /// # Errors
    /// [`ReferentieFout`].
    pub fn uit_bestanden(
        bestanden: BTreeMap<String, String>,
    ) -> Result<Referentie, ReferentieFout> {
        for naam in BESTANDEN {
            if !bestanden.contains_key(naam) {
                return Err(ReferentieFout::Ontbreekt(naam.to_string()));
            }
        }
        let tekst = |n: &str| bestanden.get(n).map(String::as_str).unwrap_or_default();
        let gemeenten = lees_gemeenten(tekst("gemeenten.csv"))?;
        let regios = lees_regios(tekst("arbeidsmarktregios.csv"))?;
        let aow = lees_aow(tekst("aow_leeftijd.csv"))?;
        let grondslagen = lees_grondslagen(tekst("grondslagen.csv"))?;
        let redenen = lees_redenen(tekst("redenen_einde.csv"))?;
        let constanten = lees_constanten(tekst("constanten.csv"))?;
        for naam in [
            "banenafspraak_doelen.csv",
            "banenafspraak_resultaten.csv",
            "quotumpercentages.csv",
            "wml.csv",
        ] {
            controleer_jaartabel(naam, tekst(naam))?;
        }
        let doelen = lees_doelen(tekst("banenafspraak_doelen.csv"))?;
        let resultaten = lees_resultaten(tekst("banenafspraak_resultaten.csv"))?;
        let quotumpercentages = lees_quotumpercentages(tekst("quotumpercentages.csv"))?;
        for (i, g) in gemeenten.iter().enumerate() {
            if !regios.iter().any(|r| r.code == g.arbeidsmarktregio) {
                return Err(ongeldig(
                    "gemeenten.csv",
                    i as u64 + 2,
                    format!("onbekende arbeidsmarktregio {}", g.arbeidsmarktregio),
                ));
            }
        }
        for code in ["AOW", "OVERLIJDEN"] {
            if !redenen.iter().any(|r| r.code == code) {
                return Err(ongeldig(
                    "redenen_einde.csv",
                    1,
                    format!("reden {code} ontbreekt (nodig voor R-12/R-13)"),
                ));
            }
        }
        let gemeente_index = gemeenten
            .iter()
            .enumerate()
            .map(|(i, g)| (g.code, i))
            .collect();
        Ok(Referentie {
            versie: versie_van(&bestanden),
            bestanden,
            gemeenten,
            gemeente_index,
            regios,
            aow,
            grondslagen,
            redenen,
            constanten,
            doelen,
            resultaten,
            quotumpercentages,
        })
    }

    /// The yearly targets (`banenafspraak_doelen.csv`).
    pub fn doelen(&self) -> &[Doel] {
        &self.doelen
    }

    /// The target of one year.
    pub fn doel(&self, jaar: i32) -> Option<Doel> {
        self.doelen.iter().find(|d| d.jaar == jaar).copied()
    }

    /// The published results (`banenafspraak_resultaten.csv`).
    pub fn resultaten(&self) -> &[Resultaat] {
        &self.resultaten
    }

    /// The published result of one year.
    pub fn resultaat(&self, jaar: i32) -> Option<Resultaat> {
        self.resultaten.iter().find(|r| r.jaar == jaar).copied()
    }

    /// The quota percentage of a year and sector, if the table has it.
    pub fn quotumpercentage(&self, jaar: i32, sector: &str) -> Option<&Quotumpercentage> {
        self.quotumpercentages
            .iter()
            .find(|q| q.jaar == jaar && q.sector == sector)
    }

    /// The version: SHA-256 (hex) over the file names and contents, in name order.
    pub fn versie(&self) -> &str {
        &self.versie
    }

    /// The short version (first 12 hex digits) for display.
    pub fn korte_versie(&self) -> &str {
        self.versie.get(..12).unwrap_or(&self.versie)
    }

    /// The raw file contents by name (to store a set in the register).
    pub fn bestanden(&self) -> &BTreeMap<String, String> {
        &self.bestanden
    }

    /// All municipalities.
    pub fn gemeenten(&self) -> &[Gemeente] {
        &self.gemeenten
    }

    /// The municipality with this code, if it exists.
    pub fn gemeente(&self, code: Gemeentecode) -> Option<&Gemeente> {
        self.gemeente_index
            .get(&code)
            .and_then(|&i| self.gemeenten.get(i))
    }

    /// All labour-market regions.
    pub fn arbeidsmarktregios(&self) -> &[Arbeidsmarktregio] {
        &self.regios
    }

    /// The AOW table rows in birth-date order.
    pub fn aow_tabel(&self) -> &[AowRegel] {
        &self.aow
    }

    /// All grondslagen.
    pub fn grondslagen(&self) -> &[Grondslag] {
        &self.grondslagen
    }

    /// The grondslag with this code (case-sensitive after trimming and upper-casing by the caller).
    pub fn grondslag(&self, code: &str) -> Option<&Grondslag> {
        self.grondslagen.iter().find(|g| g.code == code)
    }

    /// Whether `grondslag` counts only while the person works in a dienstbetrekking;
    /// false for an unknown code.
    pub fn alleen_in_dienstbetrekking(&self, grondslag: &str) -> bool {
        self.grondslag(grondslag)
            .is_some_and(|g| g.alleen_in_dienstbetrekking)
    }

    /// Whether `bron` may deliver registrations of `grondslag` (R-10, column `bronnen`).
    pub fn bron_mag_grondslag(&self, bron: Bron, grondslag: &str) -> bool {
        self.grondslag(grondslag)
            .is_some_and(|g| g.bronnen.contains(&bron))
    }

    /// The end reason with this code.
    pub fn reden(&self, code: &str) -> Option<&RedenEinde> {
        self.redenen.iter().find(|r| r.code == code)
    }

    /// A constant from `constanten.csv` as its text value.
    pub fn constante(&self, naam: &str) -> Option<&str> {
        self.constanten.get(naam).map(String::as_str)
    }
}

fn versie_van(bestanden: &BTreeMap<String, String>) -> String {
    let mut h = Sha256::new();
    for (naam, inhoud) in bestanden {
        h.update(naam.as_bytes());
        h.update([0]);
        h.update(inhoud.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

fn ongeldig(bestand: &str, regel: u64, reden: String) -> ReferentieFout {
    ReferentieFout::Ongeldig {
        bestand: bestand.to_string(),
        regel,
        reden,
    }
}

/// Reads every row of a CSV file into `T`, with the physical line in errors.
fn lees<T: for<'de> Deserialize<'de>>(
    bestand: &str,
    tekst: &str,
) -> Result<Vec<(u64, T)>, ReferentieFout> {
    let mut lezer = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(tekst.as_bytes());
    let mut rijen = Vec::new();
    for rij in lezer.deserialize::<T>() {
        match rij {
            Ok(r) => rijen.push((rijen.len() as u64 + 2, r)),
            Err(e) => {
                let regel = e.position().map_or(0, csv::Position::line);
                return Err(ongeldig(bestand, regel, e.to_string()));
            }
        }
    }
    if rijen.is_empty() {
        return Err(ongeldig(bestand, 1, "bestand bevat geen rijen".into()));
    }
    Ok(rijen)
}

fn datum(bestand: &str, regel: u64, tekst: &str) -> Result<NaiveDate, ReferentieFout> {
    NaiveDate::parse_from_str(tekst, "%Y-%m-%d")
        .map_err(|_| ongeldig(bestand, regel, format!("ongeldige datum '{tekst}'")))
}

fn jn(bestand: &str, regel: u64, tekst: &str) -> Result<bool, ReferentieFout> {
    match tekst {
        "J" => Ok(true),
        "N" => Ok(false),
        _ => Err(ongeldig(
            bestand,
            regel,
            format!("verwacht J of N, niet '{tekst}'"),
        )),
    }
}

#[derive(Deserialize)]
struct GemeenteCsv {
    gemeentecode: String,
    gemeentenaam: String,
    provincie: String,
    arbeidsmarktregio_code: String,
    latitude: f64,
    longitude: f64,
    inwoners: u32,
}

fn lees_gemeenten(tekst: &str) -> Result<Vec<Gemeente>, ReferentieFout> {
    const B: &str = "gemeenten.csv";
    lees::<GemeenteCsv>(B, tekst)?
        .into_iter()
        .map(|(regel, r)| {
            let code = Gemeentecode::parse(&r.gemeentecode)
                .map_err(|e| ongeldig(B, regel, e.to_string()))?;
            Ok(Gemeente {
                code,
                naam: r.gemeentenaam,
                provincie: r.provincie,
                arbeidsmarktregio: r.arbeidsmarktregio_code,
                latitude: r.latitude,
                longitude: r.longitude,
                inwoners: r.inwoners,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct RegioCsv {
    code: String,
    naam: String,
}

fn lees_regios(tekst: &str) -> Result<Vec<Arbeidsmarktregio>, ReferentieFout> {
    Ok(lees::<RegioCsv>("arbeidsmarktregios.csv", tekst)?
        .into_iter()
        .map(|(_, r)| Arbeidsmarktregio {
            code: r.code,
            naam: r.naam,
        })
        .collect())
}

#[derive(Deserialize)]
struct AowCsv {
    aow_leeftijd_jaren: u32,
    aow_leeftijd_maanden: u32,
    geboren_vanaf: String,
    geboren_tot_en_met: String,
}

fn lees_aow(tekst: &str) -> Result<Vec<AowRegel>, ReferentieFout> {
    const B: &str = "aow_leeftijd.csv";
    let mut regels: Vec<AowRegel> = Vec::new();
    for (regel, r) in lees::<AowCsv>(B, tekst)? {
        let nieuw = AowRegel {
            geboren_vanaf: datum(B, regel, &r.geboren_vanaf)?,
            geboren_tot_en_met: datum(B, regel, &r.geboren_tot_en_met)?,
            jaren: r.aow_leeftijd_jaren,
            maanden: r.aow_leeftijd_maanden,
        };
        if nieuw.maanden > 11 || nieuw.geboren_tot_en_met < nieuw.geboren_vanaf {
            return Err(ongeldig(
                B,
                regel,
                "ongeldige leeftijd of geboortedatumreeks".into(),
            ));
        }
        if let Some(vorige) = regels.last()
            && vorige.geboren_tot_en_met.succ_opt() != Some(nieuw.geboren_vanaf)
        {
            return Err(ongeldig(
                B,
                regel,
                "geboortedatumreeksen sluiten niet op elkaar aan".into(),
            ));
        }
        regels.push(nieuw);
    }
    Ok(regels)
}

#[derive(Deserialize)]
struct GrondslagCsv {
    code: String,
    naam: String,
    bronnen: String,
    actualisatie: String,
    telt_banenafspraak: String,
    telt_quotum: String,
    geldig_vanaf: String,
    geldig_tot: String,
    /// Added by the project; absent in older copies of the file, which read as N.
    #[serde(default)]
    alleen_in_dienstbetrekking: String,
}

fn lees_grondslagen(tekst: &str) -> Result<Vec<Grondslag>, ReferentieFout> {
    const B: &str = "grondslagen.csv";
    lees::<GrondslagCsv>(B, tekst)?
        .into_iter()
        .map(|(regel, r)| {
            let bronnen = r
                .bronnen
                .split(';')
                .map(|b| b.parse::<Bron>().map_err(|e| ongeldig(B, regel, e)))
                .collect::<Result<Vec<_>, _>>()?;
            let actualisatie = match r.actualisatie.as_str() {
                "dagelijks" => Actualisatie::Dagelijks,
                "maandelijks" => Actualisatie::Maandelijks,
                "halfjaarlijks" => Actualisatie::Halfjaarlijks,
                "jaarlijks" => Actualisatie::Jaarlijks,
                x => return Err(ongeldig(B, regel, format!("onbekende actualisatie '{x}'"))),
            };
            let geldig_tot = if r.geldig_tot.is_empty() {
                None
            } else {
                Some(datum(B, regel, &r.geldig_tot)?)
            };
            Ok(Grondslag {
                code: r.code,
                naam: r.naam,
                bronnen,
                actualisatie,
                telt_banenafspraak: jn(B, regel, &r.telt_banenafspraak)?,
                telt_quotum: jn(B, regel, &r.telt_quotum)?,
                geldig_vanaf: datum(B, regel, &r.geldig_vanaf)?,
                geldig_tot,
                alleen_in_dienstbetrekking: !r.alleen_in_dienstbetrekking.is_empty()
                    && jn(B, regel, &r.alleen_in_dienstbetrekking)?,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct RedenCsv {
    code: String,
    niveau: String,
    omschrijving: String,
}

fn lees_redenen(tekst: &str) -> Result<Vec<RedenEinde>, ReferentieFout> {
    const B: &str = "redenen_einde.csv";
    lees::<RedenCsv>(B, tekst)?
        .into_iter()
        .map(|(regel, r)| {
            let niveau = match r.niveau.as_str() {
                "persoon" => Niveau::Persoon,
                "registratie" => Niveau::Registratie,
                x => return Err(ongeldig(B, regel, format!("onbekend niveau '{x}'"))),
            };
            Ok(RedenEinde {
                code: r.code,
                niveau,
                omschrijving: r.omschrijving,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct ConstanteCsv {
    naam: String,
    waarde: String,
}

fn lees_constanten(tekst: &str) -> Result<BTreeMap<String, String>, ReferentieFout> {
    const B: &str = "constanten.csv";
    let mut uit = BTreeMap::new();
    for (regel, r) in lees::<ConstanteCsv>(B, tekst)? {
        if r.waarde.parse::<f64>().is_err() {
            return Err(ongeldig(
                B,
                regel,
                format!("waarde van {} is geen getal", r.naam),
            ));
        }
        uit.insert(r.naam, r.waarde);
    }
    Ok(uit)
}

#[derive(Deserialize)]
struct DoelCsv {
    jaar: i32,
    doel_totaal_cumulatief: Option<i64>,
    doel_markt_cumulatief: Option<i64>,
    doel_overheid_cumulatief: Option<i64>,
}

fn lees_doelen(tekst: &str) -> Result<Vec<Doel>, ReferentieFout> {
    Ok(lees::<DoelCsv>("banenafspraak_doelen.csv", tekst)?
        .into_iter()
        .map(|(_, r)| Doel {
            jaar: r.jaar,
            totaal: r.doel_totaal_cumulatief,
            markt: r.doel_markt_cumulatief,
            overheid: r.doel_overheid_cumulatief,
        })
        .collect())
}

#[derive(Deserialize)]
struct ResultaatCsv {
    meetjaar: i32,
    gerealiseerd_totaal: Option<i64>,
    gerealiseerd_markt: Option<i64>,
    gerealiseerd_overheid: Option<i64>,
}

fn lees_resultaten(tekst: &str) -> Result<Vec<Resultaat>, ReferentieFout> {
    Ok(lees::<ResultaatCsv>("banenafspraak_resultaten.csv", tekst)?
        .into_iter()
        .map(|(_, r)| Resultaat {
            jaar: r.meetjaar,
            totaal: r.gerealiseerd_totaal,
            markt: r.gerealiseerd_markt,
            overheid: r.gerealiseerd_overheid,
        })
        .collect())
}

#[derive(Deserialize)]
struct QuotumCsv {
    jaar: i32,
    sector: String,
    percentage: String,
    status: String,
}

fn lees_quotumpercentages(tekst: &str) -> Result<Vec<Quotumpercentage>, ReferentieFout> {
    const B: &str = "quotumpercentages.csv";
    lees::<QuotumCsv>(B, tekst)?
        .into_iter()
        .map(|(regel, r)| {
            let honderdsten = crate::Honderdsten::parse(&r.percentage)
                .map_err(|e| ongeldig(B, regel, e.to_string()))?;
            Ok(Quotumpercentage {
                jaar: r.jaar,
                sector: r.sector,
                honderdsten: honderdsten.0,
                status: r.status,
            })
        })
        .collect()
}

/// The year tables used by later reports: checked for a parseable first column (year or date).
fn controleer_jaartabel(bestand: &str, tekst: &str) -> Result<(), ReferentieFout> {
    let mut lezer = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(tekst.as_bytes());
    let mut aantal = 0;
    for (i, rij) in lezer.records().enumerate() {
        let regel = i as u64 + 2;
        let rij = rij.map_err(|e| ongeldig(bestand, regel, e.to_string()))?;
        let eerste = rij.get(0).unwrap_or_default();
        let ok =
            eerste.parse::<i32>().is_ok() || NaiveDate::parse_from_str(eerste, "%Y-%m-%d").is_ok();
        if !ok {
            return Err(ongeldig(
                bestand,
                regel,
                format!("eerste kolom '{eerste}' is geen jaar of datum"),
            ));
        }
        aantal += 1;
    }
    if aantal == 0 {
        return Err(ongeldig(bestand, 1, "bestand bevat geen rijen".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ingebouwde_set_is_geldig_en_volledig() -> Result<(), ReferentieFout> {
        let r = Referentie::ingebouwd()?;
        // 342 municipalities and 35 regions per DOMAIN.md / gemeenten.csv of 2026.
        assert_eq!(r.gemeenten().len(), 342);
        assert_eq!(r.arbeidsmarktregios().len(), 35);
        assert_eq!(r.versie().len(), 64);
        assert!(r.bron_mag_grondslag(Bron::Gemeente, "PRAKTIJKROUTE"));
        assert!(!r.bron_mag_grondslag(Bron::Uwv, "PRAKTIJKROUTE"));
        assert_eq!(
            r.grondslag("WMV").map(|g| g.telt_banenafspraak),
            Some(false)
        );
        // only WAJONG_DGAV is conditional on a dienstbetrekking
        let voorwaardelijk: Vec<&str> = r
            .grondslagen()
            .iter()
            .filter(|g| g.alleen_in_dienstbetrekking)
            .map(|g| g.code.as_str())
            .collect();
        assert_eq!(voorwaardelijk, ["WAJONG_DGAV"]);
        let amsterdam = Gemeentecode::parse("0363").ok().and_then(|c| r.gemeente(c));
        assert_eq!(amsterdam.map(|g| g.naam.as_str()), Some("Amsterdam"));
        Ok(())
    }

    #[test]
    fn kapot_bestand_geeft_bestand_en_regel() {
        let mut b: BTreeMap<String, String> = Referentie::ingebouwd()
            .map(|r| r.bestanden().clone())
            .unwrap_or_default();
        b.insert("aow_leeftijd.csv".into(), "jaar,aow_leeftijd_jaren,aow_leeftijd_maanden,geboren_vanaf,geboren_tot_en_met\n2013,65,1,1948-01-01,1948-13-30\n".into());
        let fout = Referentie::uit_bestanden(b)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            fout.contains("aow_leeftijd.csv") && fout.contains("regel 2"),
            "{fout}"
        );
    }

    #[test]
    fn andere_inhoud_geeft_andere_versie() -> Result<(), ReferentieFout> {
        let r = Referentie::ingebouwd()?;
        let mut b = r.bestanden().clone();
        if let Some(c) = b.get_mut("constanten.csv") {
            c.push_str("extra,1,x,test\n");
        }
        let r2 = Referentie::uit_bestanden(b)?;
        assert_ne!(r.versie(), r2.versie());
        Ok(())
    }
}
