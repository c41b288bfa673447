//! The data-quality report (`dgr kwaliteit`): incomplete or unknown birth dates,
//! provisional AOW dates, registrations of persons without person data, registrations without
//! a notice to the person (Wfsv art. 38d lid 8), and late or missing
//! sources against the rhythm of `grondslagen.csv`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use dgr_core::LeveringSoort;
use dgr_core::aow::aow_datum;
use dgr_core::bron::Bron;
use dgr_core::datum::BrpDatum;
use dgr_core::{Bsn, Periode};

use crate::{Register, RegisterFout, tijd};

/// Days after which person data (BRP, daily) and polis (monthly) count as late
/// (**project decision**; grondslagen use `grondslagen.csv`).
const TERMIJN_PERSONEN_DAGEN: i64 = 3;
/// See [`TERMIJN_PERSONEN_DAGEN`].
const TERMIJN_POLIS_DAGEN: i64 = 35;

/// One person in a quality list (BSN masked).
#[derive(Debug, Clone, Serialize)]
pub struct Melding {
    /// Masked BSN (`*****2333`).
    pub bsn: String,
    /// What is noted, e.g. the incomplete birth date.
    pub toelichting: String,
}

/// Freshness of one source.
#[derive(Debug, Clone, Serialize)]
pub struct BronStatus {
    /// What is expected: a grondslag or a kind of delivery.
    pub onderwerp: String,
    /// The sources that may deliver it.
    pub bronnen: Vec<String>,
    /// The latest delivery (Europe/Amsterdam), if any.
    pub laatste_levering: Option<String>,
    /// Allowed days between deliveries.
    pub termijn_dagen: i64,
    /// `OK`, `TE_LAAT` or `ONTBREEKT`.
    pub status: &'static str,
}

/// The data-quality report.
#[derive(Debug, Clone, Serialize)]
pub struct Kwaliteitsrapport {
    /// The date the report was made (Europe/Amsterdam).
    pub datum: NaiveDate,
    /// Persons whose birth date lacks a day or month (R-12 uses the latest possible date).
    pub onvolledige_geboortedatum: Vec<Melding>,
    /// Persons whose birth date is wholly unknown: no AOW end.
    pub onbekende_geboortedatum: Vec<Melding>,
    /// Persons whose AOW date is provisional (born after the AOW table).
    pub voorlopige_aow_datum: u64,
    /// Persons with a registration but no person data (no AOW end until they arrive).
    pub registraties_zonder_persoonsgegevens: Vec<Melding>,
    /// Registrations without a notice to the person (Wfsv art. 38d lid 8; issue #14): none should
    /// exist; a register from before the notice was introduced lists its older registrations.
    pub registraties_zonder_kennisgeving: Vec<Melding>,
    /// Persons with two registrations of the same grondslag whose periods overlap (an OPVOER
    /// with another ingangsdatum while the first was not ended; issue #9, reading of R-10).
    pub overlappende_registraties: Vec<Melding>,
    /// Freshness per grondslag and for person and polis data.
    pub bronnen: Vec<BronStatus>,
    /// Roster rows naming a unit that is not in the organisation's tree on the row's
    /// `geldig_vanaf` (R-42: those employees count as `niet toegewezen`).
    pub onbekende_eenheden: Vec<Roostermelding>,
}

/// A roster row whose unit is not in the tree that applies on its `geldig_vanaf`. No BSN:
/// the employer knows its own personeelsnummer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Roostermelding {
    /// The organisation.
    pub fiscaal_nummer: String,
    /// The employer's own key.
    pub personeelsnummer: String,
    /// The unit code the row names.
    pub eenheid: String,
    /// The row's `geldig_vanaf`.
    pub geldig_vanaf: NaiveDate,
}

impl Register {
    /// Builds the data-quality report.
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn kwaliteit(&self) -> Result<Kwaliteitsrapport, RegisterFout> {
        let mut onvolledig = Vec::new();
        let mut onbekend = Vec::new();
        let mut voorlopig = 0u64;
        let tabel = self.referentie.aow_tabel();
        self.store.voor_elke_huidige_persoon(&mut |p| {
            match p.geboortedatum {
                BrpDatum::Volledig(_) => {}
                BrpDatum::Onvolledig { jaar: None, .. } => onbekend.push(Melding {
                    bsn: p.bsn.gemaskeerd(),
                    toelichting: "geboortedatum onbekend (00000000): geen AOW-einde".into(),
                }),
                g @ BrpDatum::Onvolledig { .. } => onvolledig.push(Melding {
                    bsn: p.bsn.gemaskeerd(),
                    toelichting: format!(
                        "geboortedatum {g}; gerekend met {}",
                        g.laatst_mogelijke()
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                    ),
                }),
            }
            if aow_datum(p.geboortedatum, tabel).is_some_and(|a| a.voorlopig) {
                voorlopig += 1;
            }
        })?;
        let zonder: Vec<Melding> = self
            .store
            .registraties_zonder_persoon()?
            .into_iter()
            .map(|b| Melding {
                bsn: b.gemaskeerd(),
                toelichting: "registratie zonder persoonsgegevens (BRP)".into(),
            })
            .collect();
        Ok(Kwaliteitsrapport {
            datum: self.klok.vandaag(),
            onvolledige_geboortedatum: onvolledig,
            onbekende_geboortedatum: onbekend,
            voorlopige_aow_datum: voorlopig,
            registraties_zonder_persoonsgegevens: zonder,
            registraties_zonder_kennisgeving: self
                .store
                .registraties_zonder_kennisgeving()?
                .into_iter()
                .map(|(id, b)| Melding {
                    bsn: b.gemaskeerd(),
                    toelichting: format!("registratie {id} zonder kennisgeving"),
                })
                .collect(),
            overlappende_registraties: self.overlappende_registraties()?,
            bronnen: self.versheid()?,
            onbekende_eenheden: self.onbekende_eenheden()?,
        })
    }

    /// current roster rows of every organisation that name a unit absent from the tree
    /// applying on their `geldig_vanaf` (or for which no tree applies yet).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn onbekende_eenheden(&self) -> Result<Vec<Roostermelding>, RegisterFout> {
        let nu = self.klok.nu();
        let mut uit = Vec::new();
        for org in self.store.organisaties()? {
            let bomen = dgr_core::eenheden::bouw_bomen(self.store.eenheden_op(org, nu)?)
                .unwrap_or_default();
            for r in self.store.personeel_op(org, nu)? {
                let bekend = dgr_core::eenheden::boom_op(&bomen, r.geldig_vanaf)
                    .is_some_and(|b| b.bevat(&r.eenheid));
                if !bekend {
                    uit.push(Roostermelding {
                        fiscaal_nummer: org.to_string(),
                        personeelsnummer: r.personeelsnummer,
                        eenheid: r.eenheid,
                        geldig_vanaf: r.geldig_vanaf,
                    });
                }
            }
        }
        Ok(uit)
    }

    /// Registrations of one person and grondslag whose periods overlap, as the register knows
    /// them now: one line per pair, sorted by (masked BSN, grondslag, first ingangsdatum).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn overlappende_registraties(&self) -> Result<Vec<Melding>, RegisterFout> {
        let mut per_sleutel: HashMap<(Bsn, String), Vec<Periode>> = HashMap::new();
        // every date the ingest accepts lies in these years (dgr_ingest::cel::EERSTE_JAAR..)
        let van = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap_or(NaiveDate::MIN);
        let tot = NaiveDate::from_ymd_opt(2300, 1, 1).unwrap_or(NaiveDate::MAX);
        self.store
            .voor_elke_registratieperiode(van, tot, self.klok.nu(), &mut |p| {
                per_sleutel
                    .entry((p.bsn, p.grondslag.to_string()))
                    .or_default()
                    .push(p.periode);
            })?;
        let mut uit: Vec<(Bsn, String, NaiveDate, NaiveDate)> = Vec::new();
        for ((bsn, grondslag), mut perioden) in per_sleutel {
            perioden.sort_by_key(|p| p.begin);
            for paar in perioden.windows(2) {
                if let [a, b] = paar
                    && a.bevat(b.begin)
                {
                    uit.push((bsn, grondslag.clone(), a.begin, b.begin));
                }
            }
        }
        uit.sort();
        Ok(uit
            .into_iter()
            .map(|(bsn, grondslag, a, b)| Melding {
                bsn: bsn.gemaskeerd(),
                toelichting: format!(
                    "{grondslag}: de registratie vanaf {b} overlapt met die vanaf {a}"
                ),
            })
            .collect())
    }

    /// Freshness per grondslag and for person and polis data (without the person scan of the
    /// full quality report).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn versheid(&self) -> Result<Vec<BronStatus>, RegisterFout> {
        let versheid = self.store.versheid()?;
        let nu = self.klok.nu();
        let status = |onderwerp: String,
                      bronnen: Vec<Bron>,
                      laatste: Option<chrono::DateTime<chrono::Utc>>,
                      termijn: i64| BronStatus {
            onderwerp,
            bronnen: bronnen.iter().map(|b| b.code().to_string()).collect(),
            laatste_levering: laatste.map(tijd::toon),
            termijn_dagen: termijn,
            status: match laatste {
                None => "ONTBREEKT",
                Some(t) if (nu - t).num_days() > termijn => "TE_LAAT",
                Some(_) => "OK",
            },
        };
        let mut uit = Vec::new();
        for g in self.referentie.grondslagen() {
            let laatste = versheid
                .iter()
                .filter(|v| {
                    v.soort == LeveringSoort::Registraties
                        && v.grondslag.as_deref() == Some(g.code.as_str())
                })
                .map(|v| v.laatste)
                .max();
            uit.push(status(
                format!("registraties {}", g.code),
                g.bronnen.clone(),
                laatste,
                g.actualisatie.termijn_dagen(),
            ));
        }
        for (soort, bron, termijn) in [
            (LeveringSoort::Personen, Bron::Brp, TERMIJN_PERSONEN_DAGEN),
            (LeveringSoort::Polis, Bron::Uwv, TERMIJN_POLIS_DAGEN),
        ] {
            let laatste = versheid
                .iter()
                .filter(|v| v.soort == soort)
                .map(|v| v.laatste)
                .max();
            uit.push(status(
                soort.naam().to_string(),
                vec![bron],
                laatste,
                termijn,
            ));
        }
        Ok(uit)
    }
}
