//! Registrations and their history: R-05 (bitemporal versions), R-06 (in the register), R-10
//! (opvoer), R-11 (person-level end), R-13 (death), R-14 (withdrawal), and the derived AOW end of
//! R-12 applied to a registration.
//!
//! The functions here work on a [`Werkset`]: the current registrations of one person plus that
//! person's derived end. The store loads it, these rules change it, the store writes back the
//! registrations that changed as new versions.

use chrono::{DateTime, NaiveDate, Utc};

use crate::aow::aow_datum;
use crate::bsn::Bsn;
use crate::datum::{BrpDatum, Periode};
use crate::getal::Honderdsten;
use crate::referentie::{Niveau, Referentie};

/// Identity of a registration across its versions (assigned by the store).
pub type RegistratieId = i64;

/// End reason code of R-12 (must exist in `redenen_einde.csv`).
pub const REDEN_AOW: &str = "AOW";
/// End reason code of R-13.
pub const REDEN_OVERLIJDEN: &str = "OVERLIJDEN";
/// The grondslag that needs a `loonwaarde_pct`.
pub const PRAKTIJKROUTE: &str = "PRAKTIJKROUTE";
/// 100% as [`Honderdsten`] (loonwaarde must stay below it, R-10).
pub const HONDERD_PROCENT: Honderdsten = Honderdsten(10_000);
/// Grondslagen that existed in law before 2015 and may carry earlier ingangsdatums for historic
/// baseline data (R-10, **project decision**).
pub const HISTORISCHE_GRONDSLAGEN: [&str; 3] = ["WAJONG", "WSW", "WIW_ID"];

/// An end of a registration: the first day it no longer applies, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Einde {
    /// einddatum (exclusive).
    pub datum: NaiveDate,
    /// Code from `redenen_einde.csv`.
    pub reden: String,
}

/// The content of one registration version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registratie {
    /// Identity across versions; `None` until the store assigns one.
    pub id: Option<RegistratieId>,
    /// The person.
    pub bsn: Bsn,
    /// Grondslag code.
    pub grondslag: String,
    /// First day the registration applies.
    pub ingangsdatum: NaiveDate,
    /// End as delivered by a source (EINDE, CORRECTIE or an OPVOER with an end).
    pub bron_einde: Option<Einde>,
    /// End derived by the register from person data (R-12 AOW, R-13 death), kept only when it is
    /// earlier than `bron_einde`.
    pub afgeleid_einde: Option<Einde>,
    /// Loonwaarde in hundredths of a percent (PRAKTIJKROUTE).
    pub loonwaarde_pct: Option<Honderdsten>,
    /// Date of the decision behind the registration.
    pub besluitdatum: Option<NaiveDate>,
    /// The source's own reference.
    pub bron_kenmerk: Option<String>,
    /// Withdrawn: in the current view it never existed.
    pub ingetrokken: bool,
}

impl Registratie {
    /// The effective end: the earlier of the source's end and the derived end.
    pub fn einde(&self) -> Option<&Einde> {
        match (&self.bron_einde, &self.afgeleid_einde) {
            (Some(b), Some(a)) => Some(if a.datum < b.datum { a } else { b }),
            (b, a) => b.as_ref().or(a.as_ref()),
        }
    }

    /// The material period `[ingangsdatum, einddatum)`. An end on or before the start (a derived
    /// end that precedes it) gives an empty period: `None`.
    pub fn periode(&self) -> Option<Periode> {
        Periode::new(self.ingangsdatum, self.einde().map(|e| e.datum))
    }

    /// Whether this registration puts the person in the register on `peildatum` (R-06 for one
    /// version; withdrawn registrations never do).
    pub fn geldt_op(&self, peildatum: NaiveDate) -> bool {
        !self.ingetrokken && self.periode().is_some_and(|p| p.bevat(peildatum))
    }

    /// Sets the derived end from the person's end, keeping it only when it is earlier than the
    /// source's end. Returns whether anything changed.
    pub fn zet_afgeleid_einde(&mut self, persoon_einde: Option<&Einde>) -> bool {
        let nieuw = persoon_einde
            .filter(|p| self.bron_einde.as_ref().is_none_or(|b| p.datum < b.datum))
            .cloned();
        if nieuw == self.afgeleid_einde {
            return false;
        }
        self.afgeleid_einde = nieuw;
        true
    }
}

/// What caused a version: a delivery, a change of reference data, or a user action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Oorzaak {
    /// A delivery, by its id.
    Levering(i64),
    /// A reference-data version (AOW recomputation, C19).
    Referentie(String),
    /// A staff action, described.
    Handeling(String),
}

/// One recorded version of a registration: the content, valid in transaction time
/// `[geregistreerd_op, vervallen_op)`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistratieVersie {
    /// The content.
    pub registratie: Registratie,
    /// When the register learned this version (UTC).
    pub geregistreerd_op: DateTime<Utc>,
    /// When it was superseded, if it was.
    pub vervallen_op: Option<DateTime<Utc>>,
    /// What caused it.
    pub oorzaak: Oorzaak,
}

impl RegistratieVersie {
    /// Whether the register knew this version at `bekend_op`.
    pub fn bekend_op(&self, bekend_op: DateTime<Utc>) -> bool {
        self.geregistreerd_op <= bekend_op && self.vervallen_op.is_none_or(|v| bekend_op < v)
    }
}

/// whether a person with these registration versions is in the doelgroepregister on
/// `peildatum` as known at `bekend_op`, counting only grondslagen for which `telt` is true
/// (use `|_| true` for the plain question).
pub fn in_register(
    versies: &[RegistratieVersie],
    peildatum: NaiveDate,
    bekend_op: DateTime<Utc>,
    telt: impl Fn(&str) -> bool,
) -> bool {
    versies.iter().any(|v| {
        v.bekend_op(bekend_op)
            && v.registratie.geldt_op(peildatum)
            && telt(&v.registratie.grondslag)
    })
}

/// The end the register derives from person data: the earlier of the AOW date and
/// the day after death. A wholly unknown birth date gives no AOW end.
pub fn persoon_einde(
    geboorte: Option<BrpDatum>,
    overlijden: Option<NaiveDate>,
    referentie: &Referentie,
) -> Option<Einde> {
    let aow = geboorte
        .and_then(|g| aow_datum(g, referentie.aow_tabel()))
        .map(|a| Einde {
            datum: a.datum,
            reden: REDEN_AOW.to_string(),
        });
    let dood = overlijden.and_then(|d| d.succ_opt()).map(|d| Einde {
        datum: d,
        reden: REDEN_OVERLIJDEN.to_string(),
    });
    match (aow, dood) {
        (Some(a), Some(o)) => Some(if a.datum < o.datum { a } else { o }),
        (a, o) => a.or(o),
    }
}

/// The kind of change a `registraties` row asks for (FORMATS.md column `mutatie`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MutatieSoort {
    /// a new registration, optionally with a known end.
    Opvoer {
        /// Known end, if the source delivers one.
        einde: Option<Einde>,
    },
    /// end the registration (and for a person-level reason all open ones).
    Einde(Einde),
    /// Correct the ingangsdatum and/or the end of the registration.
    Correctie {
        /// New ingangsdatum, if given.
        nieuwe_ingangsdatum: Option<NaiveDate>,
        /// `None`: unchanged; `Some(None)`: open; `Some(Some(d))`: new end on `d`.
        nieuwe_einddatum: Option<Option<NaiveDate>>,
        /// Reason for a new end (required when the registration had none).
        reden: Option<String>,
    },
    /// withdraw the registration.
    Intrekking,
}

/// One `registraties` row, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistratieMutatie {
    /// The person.
    pub bsn: Bsn,
    /// Grondslag code (validated against the reference data).
    pub grondslag: String,
    /// ingangsdatum (identifies the registration for non-OPVOER rows).
    pub ingangsdatum: NaiveDate,
    /// What to do.
    pub soort: MutatieSoort,
    /// Loonwaarde (PRAKTIJKROUTE).
    pub loonwaarde_pct: Option<Honderdsten>,
    /// Decision date.
    pub besluitdatum: Option<NaiveDate>,
    /// The source's reference.
    pub bron_kenmerk: Option<String>,
}

/// Why a mutation cannot be applied: the column it concerns and the reason (Dutch, without BSN).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kolom}: {reden}")]
pub struct MutatieFout {
    /// The column at fault.
    pub kolom: &'static str,
    /// The reason.
    pub reden: String,
}

fn fout(kolom: &'static str, reden: impl Into<String>) -> MutatieFout {
    MutatieFout {
        kolom,
        reden: reden.into(),
    }
}

/// The outcome of applying one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uitkomst {
    /// A new registration was added.
    Nieuw,
    /// Existing registrations changed (how many).
    Gewijzigd(usize),
    /// Nothing changed (the row repeats what the register holds).
    Ongewijzigd,
    /// A new registration was added although it overlaps another registration of the same
    /// grondslag with another ingangsdatum (the one starting on the given date). Sources send
    /// these when a new decision is taken before the old one was ended; the register keeps both
    /// and the delivery report and the quality report warn (issue #9, reading of R-10).
    NieuwMetOverlap(NaiveDate),
}

/// The current registrations of one person and the person's derived end, while a delivery is
/// applied. `origineel` keeps the state as loaded, so the store can write only what changed.
#[derive(Debug, Clone)]
pub struct Werkset {
    /// The person.
    pub bsn: Bsn,
    /// The derived end from the person data the register holds.
    pub persoon_einde: Option<Einde>,
    /// Current registrations, including new ones (`id = None`) and withdrawn ones.
    pub registraties: Vec<Registratie>,
    /// The registrations as loaded, by position (new ones have no original).
    pub origineel: Vec<Registratie>,
}

impl Werkset {
    /// A work set from the current (non-withdrawn) registrations of a person.
    pub fn new(bsn: Bsn, persoon_einde: Option<Einde>, registraties: Vec<Registratie>) -> Werkset {
        Werkset {
            bsn,
            persoon_einde,
            origineel: registraties.clone(),
            registraties,
        }
    }

    /// The registrations that differ from how they were loaded: `(original if any, new content)`.
    pub fn wijzigingen(&self) -> impl Iterator<Item = (Option<&Registratie>, &Registratie)> {
        self.registraties
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match self.origineel.get(i) {
                Some(o) if o == r => None,
                o => Some((o, r)),
            })
    }

    fn zoek(&self, grondslag: &str, ingangsdatum: NaiveDate) -> Option<usize> {
        self.registraties.iter().position(|r| {
            !r.ingetrokken && r.grondslag == grondslag && r.ingangsdatum == ingangsdatum
        })
    }

    fn zoek_verplicht(&self, m: &RegistratieMutatie) -> Result<usize, MutatieFout> {
        self.zoek(&m.grondslag, m.ingangsdatum).ok_or_else(|| {
            fout(
                "ingangsdatum",
                format!(
                    "geen registratie gevonden met grondslag {} en deze ingangsdatum",
                    m.grondslag
                ),
            )
        })
    }

    /// Applies the person's derived end to every registration; returns how many
    /// changed. Used when person data arrive or change.
    pub fn herbereken(&mut self, persoon_einde: Option<Einde>) -> usize {
        self.persoon_einde = persoon_einde;
        let p = self.persoon_einde.clone();
        self.registraties
            .iter_mut()
            .filter(|r| !r.ingetrokken)
            .map(|r| r.zet_afgeleid_einde(p.as_ref()))
            .filter(|x| *x)
            .count()
    }

    /// Applies a new reference-data version (case C19): derived ends that already passed on
    /// `vandaag` stay as history; the others are recomputed. Returns how many changed.
    pub fn herbereken_na_referentie(
        &mut self,
        persoon_einde: Option<Einde>,
        vandaag: NaiveDate,
    ) -> usize {
        self.persoon_einde = persoon_einde;
        let p = self.persoon_einde.clone();
        self.registraties
            .iter_mut()
            .filter(|r| {
                !r.ingetrokken && r.afgeleid_einde.as_ref().is_none_or(|e| e.datum > vandaag)
            })
            .map(|r| r.zet_afgeleid_einde(p.as_ref()))
            .filter(|x| *x)
            .count()
    }

    /// Applies one `registraties` row.
    ///
    /// # Errors
    /// A [`MutatieFout`] when the row is not allowed: unknown or not-yet-valid grondslag, a
    /// missing loonwaarde, a start on or after the person's AOW date or the day after death, an
    /// empty period, or a row that identifies no registration. An opvoer that overlaps another
    /// registration of the same grondslag is not an error: [`Uitkomst::NieuwMetOverlap`].
    pub fn pas_toe(
        &mut self,
        m: &RegistratieMutatie,
        referentie: &Referentie,
    ) -> Result<Uitkomst, MutatieFout> {
        match &m.soort {
            MutatieSoort::Opvoer { einde } => self.opvoer(m, einde.clone(), referentie),
            MutatieSoort::Einde(einde) => self.beeindig(m, einde, referentie),
            MutatieSoort::Correctie {
                nieuwe_ingangsdatum,
                nieuwe_einddatum,
                reden,
            } => self.corrigeer(
                m,
                *nieuwe_ingangsdatum,
                nieuwe_einddatum.as_ref().copied(),
                reden.clone(),
                referentie,
            ),
            MutatieSoort::Intrekking => {
                let i = self.zoek_verplicht(m)?;
                if let Some(r) = self.registraties.get_mut(i) {
                    r.ingetrokken = true;
                }
                Ok(Uitkomst::Gewijzigd(1))
            }
        }
    }

    /// R-10 checks of an ingangsdatum against the grondslag and the person's end.
    fn controleer_ingang(
        &self,
        grondslag: &str,
        ingang: NaiveDate,
        referentie: &Referentie,
    ) -> Result<(), MutatieFout> {
        let g = referentie
            .grondslag(grondslag)
            .ok_or_else(|| fout("grondslag", format!("onbekende grondslag {grondslag}")))?;
        if ingang < g.geldig_vanaf && !HISTORISCHE_GRONDSLAGEN.contains(&grondslag) {
            return Err(fout(
                "ingangsdatum",
                format!(
                    "ligt voor {} (begin van grondslag {grondslag})",
                    g.geldig_vanaf
                ),
            ));
        }
        if g.geldig_tot.is_some_and(|t| ingang >= t) {
            return Err(fout(
                "ingangsdatum",
                format!("grondslag {grondslag} bestaat niet meer op deze datum"),
            ));
        }
        if let Some(e) = &self.persoon_einde
            && ingang >= e.datum
        {
            let wat = if e.reden == REDEN_AOW {
                "de AOW-datum"
            } else {
                "de dag na overlijden"
            };
            return Err(fout(
                "ingangsdatum",
                format!("ligt op of na {wat} ({})", e.datum),
            ));
        }
        Ok(())
    }

    fn opvoer(
        &mut self,
        m: &RegistratieMutatie,
        einde: Option<Einde>,
        referentie: &Referentie,
    ) -> Result<Uitkomst, MutatieFout> {
        self.controleer_ingang(&m.grondslag, m.ingangsdatum, referentie)?;
        if m.grondslag == PRAKTIJKROUTE
            && !m
                .loonwaarde_pct
                .is_some_and(|p| p.0 > 0 && p.0 < HONDERD_PROCENT.0)
        {
            return Err(fout(
                "loonwaarde_pct",
                "verplicht voor PRAKTIJKROUTE en groter dan 0 en kleiner dan 100",
            ));
        }
        if self.zoek(&m.grondslag, m.ingangsdatum).is_some() {
            return Ok(Uitkomst::Ongewijzigd);
        }
        let nieuw_periode = Periode::new(m.ingangsdatum, einde.as_ref().map(|e| e.datum))
            .ok_or_else(|| fout("einddatum", "ligt niet na de ingangsdatum"))?;
        let overlap = self
            .registraties
            .iter()
            .find(|r| {
                r.grondslag == m.grondslag
                    && r.periode().is_some_and(|p| {
                        p.bevat(nieuw_periode.begin) || nieuw_periode.bevat(p.begin)
                    })
                    && !r.ingetrokken
            })
            .map(|r| r.ingangsdatum);
        let mut r = Registratie {
            id: None,
            bsn: self.bsn,
            grondslag: m.grondslag.clone(),
            ingangsdatum: m.ingangsdatum,
            bron_einde: einde,
            afgeleid_einde: None,
            loonwaarde_pct: m.loonwaarde_pct,
            besluitdatum: m.besluitdatum,
            bron_kenmerk: m.bron_kenmerk.clone(),
            ingetrokken: false,
        };
        r.zet_afgeleid_einde(self.persoon_einde.as_ref());
        self.registraties.push(r);
        Ok(overlap.map_or(Uitkomst::Nieuw, Uitkomst::NieuwMetOverlap))
    }

    fn beeindig(
        &mut self,
        m: &RegistratieMutatie,
        einde: &Einde,
        referentie: &Referentie,
    ) -> Result<Uitkomst, MutatieFout> {
        let i = self.zoek_verplicht(m)?;
        if einde.datum <= m.ingangsdatum {
            return Err(fout("einddatum", "ligt niet na de ingangsdatum"));
        }
        let reden = referentie
            .reden(&einde.reden)
            .ok_or_else(|| fout("reden_einde", format!("onbekende reden {}", einde.reden)))?;
        let persoon_breed = reden.niveau == Niveau::Persoon;
        let persoon_einde = self.persoon_einde.clone();
        let mut gewijzigd = 0;
        for (j, r) in self.registraties.iter_mut().enumerate() {
            let open_op_einde = !r.ingetrokken
                && r.ingangsdatum < einde.datum
                && r.einde().is_none_or(|e| e.datum > einde.datum);
            if j == i || (persoon_breed && open_op_einde) {
                let voor = r.clone();
                r.bron_einde = Some(einde.clone());
                r.afgeleid_einde = None;
                r.zet_afgeleid_einde(persoon_einde.as_ref());
                if *r != voor {
                    gewijzigd += 1;
                }
            }
        }
        Ok(if gewijzigd == 0 {
            Uitkomst::Ongewijzigd
        } else {
            Uitkomst::Gewijzigd(gewijzigd)
        })
    }

    fn corrigeer(
        &mut self,
        m: &RegistratieMutatie,
        nieuwe_ingang: Option<NaiveDate>,
        nieuwe_eind: Option<Option<NaiveDate>>,
        reden: Option<String>,
        referentie: &Referentie,
    ) -> Result<Uitkomst, MutatieFout> {
        if nieuwe_ingang.is_none() && nieuwe_eind.is_none() {
            return Err(fout(
                "nieuwe_ingangsdatum",
                "een correctie heeft een nieuwe_ingangsdatum of nieuwe_einddatum nodig",
            ));
        }
        let i = self.zoek_verplicht(m)?;
        let huidig = self
            .registraties
            .get(i)
            .cloned()
            .ok_or_else(|| fout("ingangsdatum", "registratie verdwenen"))?;
        let mut nieuw = huidig.clone();
        if let Some(ingang) = nieuwe_ingang {
            self.controleer_ingang(&m.grondslag, ingang, referentie)?;
            if ingang != huidig.ingangsdatum && self.zoek(&m.grondslag, ingang).is_some() {
                return Err(fout(
                    "nieuwe_ingangsdatum",
                    "er bestaat al een registratie met deze grondslag en ingangsdatum",
                ));
            }
            nieuw.ingangsdatum = ingang;
        }
        if let Some(eind) = nieuwe_eind {
            nieuw.bron_einde = match eind {
                None => None,
                Some(datum) => {
                    let reden = reden
                        .or_else(|| huidig.bron_einde.as_ref().map(|e| e.reden.clone()))
                        .ok_or_else(|| {
                            fout(
                                "reden_einde",
                                "verplicht bij een nieuwe einddatum zonder eerdere reden",
                            )
                        })?;
                    if referentie.reden(&reden).is_none() {
                        return Err(fout("reden_einde", format!("onbekende reden {reden}")));
                    }
                    Some(Einde { datum, reden })
                }
            };
        }
        if nieuw
            .bron_einde
            .as_ref()
            .is_some_and(|e| e.datum <= nieuw.ingangsdatum)
        {
            return Err(fout("nieuwe_einddatum", "ligt niet na de ingangsdatum"));
        }
        nieuw.afgeleid_einde = None;
        nieuw.zet_afgeleid_einde(self.persoon_einde.as_ref());
        if let Some(m) = m.loonwaarde_pct {
            nieuw.loonwaarde_pct = Some(m);
        }
        if nieuw == huidig {
            return Ok(Uitkomst::Ongewijzigd);
        }
        if let Some(r) = self.registraties.get_mut(i) {
            *r = nieuw;
        }
        Ok(Uitkomst::Gewijzigd(1))
    }
}

#[cfg(test)]
mod tests;
