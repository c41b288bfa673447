//! No-riskpolis and LKV for one worker and employment, answered from the register
//! without revealing the grondslag.

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::aow::aow_datum;
use dgr_core::lhn::FiscaalNummer;
use dgr_core::registratie::in_register;
use dgr_core::voordelen::{
    Lkv, NoRiskpolis, Werknemerssituatie, begin_maand_ervoor, begin_wachttermijn, lkv, no_riskpolis,
};
use dgr_core::{Bsn, Referentie};
use dgr_store::Store;
use serde::Serialize;

use crate::{RapportFout, constante};

/// The answer for an employer: no grondslag, no dates of the registration.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Werkgeversvoordelen {
    /// The first day of the employment asked about.
    pub ingangsdatum_dienstverband: NaiveDate,
    ///
    pub no_riskpolis: NoRiskpolisAntwoord,
    ///
    pub lkv: LkvAntwoord,
}

/// R-35 answer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NoRiskpolisAntwoord {
    /// Applies.
    pub van_toepassing: bool,
    /// Why not.
    pub reden: Option<String>,
}

/// R-36 answer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LkvAntwoord {
    /// Entitled.
    pub recht: bool,
    /// EUR per paid hour, in cents.
    pub bedrag_per_uur_eurocent: i64,
    /// Yearly maximum per employment, in cents.
    pub maximum_per_jaar_eurocent: i64,
    /// Exclusive end date, if limited.
    pub einddatum: Option<NaiveDate>,
    /// Why not.
    pub reden: Option<String>,
}

/// Answers for `bsn` starting on `ingangsdatum` with `werkgever` (to check prior
/// employment), as known at `bekend_op` and with `vandaag` as today.
///
/// # Errors
/// [`RapportFout`] on storage failure or missing constants.
pub fn bereken(
    store: &dyn Store,
    referentie: &Referentie,
    bsn: Bsn,
    ingangsdatum: NaiveDate,
    werkgever: Option<FiscaalNummer>,
    vandaag: NaiveDate,
    bekend_op: DateTime<Utc>,
) -> Result<Werkgeversvoordelen, RapportFout> {
    let versies = store.registratie_versies(bsn)?;
    let ingeschreven = |d: NaiveDate| in_register(&versies, d, bekend_op, |_| true);
    let maand_ervoor = begin_maand_ervoor(ingangsdatum);
    let bij_start = std::iter::successors(Some(maand_ervoor), |d| d.succ_opt())
        .take_while(|d| *d <= ingangsdatum)
        .any(ingeschreven);
    let wacht = begin_wachttermijn(ingangsdatum);
    let eerder = match werkgever {
        Some(f) => store.polis_van(bsn, bekend_op)?.iter().any(|r| {
            let zelfde = r.loonheffingennummer.fiscaal_nummer() == f
                || r.inlener.is_some_and(|i| i.fiscaal_nummer() == f);
            zelfde && r.tijdvak_begin < ingangsdatum && r.tijdvak_einde >= wacht
        }),
        None => false,
    };
    let persoon = store
        .persoon_versies(bsn)?
        .into_iter()
        .find(|v| v.geregistreerd_op <= bekend_op && v.vervallen_op.is_none_or(|e| bekend_op < e));
    let aow = persoon
        .and_then(|p| aow_datum(p.persoon.geboortedatum, referentie.aow_tabel()))
        .map(|a| a.datum);
    let s = Werknemerssituatie {
        ingangsdatum_dienstverband: ingangsdatum,
        ingeschreven_vandaag: ingeschreven(vandaag),
        ingeschreven_bij_start: bij_start,
        eerder_in_dienst: eerder,
        aow_datum: aow,
    };
    let nr: NoRiskpolis = no_riskpolis(&s);
    let l: Lkv = lkv(
        &s,
        constante(referentie, "lkv_bedrag_per_uur")?,
        constante(referentie, "lkv_maximum_per_jaar")?,
    );
    Ok(Werkgeversvoordelen {
        ingangsdatum_dienstverband: ingangsdatum,
        no_riskpolis: NoRiskpolisAntwoord {
            van_toepassing: nr.van_toepassing,
            reden: nr.reden,
        },
        lkv: LkvAntwoord {
            recht: l.recht,
            bedrag_per_uur_eurocent: i64::try_from(l.bedrag_per_uur_eurocent).unwrap_or(0),
            maximum_per_jaar_eurocent: i64::try_from(l.maximum_per_jaar_eurocent).unwrap_or(0),
            einddatum: l.einddatum,
            reden: l.reden,
        },
    })
}
