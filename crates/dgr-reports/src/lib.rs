//! `dgr-reports`: what the register is for — the landelijke banenmonitor, the regional
//! trend (R-27 with R-40), the quota (R-30 … R-34), the employer's advantages and
//! the werkgeversmonitor (R-42 … R-44).
//!
//! Each report is computed from the store as known at a moment (`bekend_op`) with the rules of
//! `dgr-core`, and carries its provenance: parameters, `bekend_op`, reference-data version
//! and the deliveries it read, so that re-running it with the same parameters reproduces it.

pub mod banenmonitor;
pub mod formaat;
pub mod omvang;
pub mod quotum;
pub mod telling;
pub mod trend;
pub mod voordelen;
pub mod werkgeversmonitor;

use chrono::{DateTime, Utc};
use dgr_core::Referentie;
use dgr_store::{Store, StoreFout};
use serde::Serialize;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RapportFout {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreFout),
    /// A constant the report needs is missing from the reference data.
    #[error("referentiegegevens: constante {0} ontbreekt of is geen getal")]
    Constante(&'static str),
    /// Invalid parameters (a year or quarter out of range).
    #[error("{0}")]
    Parameter(String),
}

/// One delivery a report read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GelezenLevering {
    /// Delivery id.
    pub id: i64,
    /// Kind.
    pub soort: String,
    /// Source.
    pub bron: String,
    /// Delivery reference.
    pub kenmerk: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// what a report was made from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Herkomst {
    /// Report name.
    pub rapport: String,
    /// Parameters as given (name, value).
    pub parameters: Vec<(String, String)>,
    /// The moment the data are "as known at" (RFC 3339, UTC).
    pub bekend_op: String,
    /// Reference-data version.
    pub referentie_versie: String,
    /// The applied deliveries recorded by `bekend_op` of the kinds the report reads.
    pub leveringen: Vec<GelezenLevering>,
}

/// Builds the provenance of a report over the deliveries of `soorten` known at `bekend_op`.
///
/// # Errors
/// [`RapportFout`] on storage failure.
pub fn herkomst(
    store: &dyn Store,
    referentie: &Referentie,
    rapport: &str,
    parameters: Vec<(String, String)>,
    bekend_op: DateTime<Utc>,
    soorten: &[dgr_core::LeveringSoort],
) -> Result<Herkomst, RapportFout> {
    let leveringen = store
        .leveringen_op(bekend_op)?
        .into_iter()
        .filter(|l| soorten.contains(&l.levering.soort))
        .map(|l| GelezenLevering {
            id: l.id,
            soort: l.levering.soort.naam().to_string(),
            bron: l.levering.bron.code().to_string(),
            kenmerk: l.levering.kenmerk,
            sha256: l.levering.sha256,
        })
        .collect();
    Ok(Herkomst {
        rapport: rapport.to_string(),
        parameters,
        bekend_op: bekend_op.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        referentie_versie: referentie.versie().to_string(),
        leveringen,
    })
}

/// A constant from `constanten.csv` as an exact number.
///
/// # Errors
/// [`RapportFout::Constante`] when missing.
pub fn constante(
    referentie: &Referentie,
    naam: &'static str,
) -> Result<dgr_core::Breuk, RapportFout> {
    referentie
        .constante(naam)
        .and_then(dgr_core::Breuk::parse)
        .ok_or(RapportFout::Constante(naam))
}
