//! Requests to enter the register (issue #14), decided by UWV:
//! - a **beoordeling arbeidsvermogen**, asked by the person (Mijn pages) or by their gemeente on
//!   their behalf: a positive *indicatie banenafspraak* registers PW_IBA from the decision's
//!   date; a negative outcome or *duurzaam geen arbeidsvermogen* registers nothing. The decision's
//!   date starts the R-16 objection term (bezwaar is against the assessment, not the
//!   registration);
//! - a **VSO/PrO request** of a former pupil of voortgezet speciaal onderwijs or
//!   praktijkonderwijs, naming the school and the years: once staff confirmed it against the
//!   school record (its reference is kept), VSO_PRO is registered without further assessment.
//!
//! A registration that follows is a staff action naming the request, written in one
//! transaction with the decision and with its notice to the person (Wfsv art. 38d lid 8).
//!
//! **Legal term** (project decision): UWV decides within 8 weeks of receipt — Algemene wet
//! bestuursrecht art. 4:13 lid 2, the term that applies when no statutory term is set; the work
//! queue shows each request's last day and flags those past it.

use chrono::{Days, NaiveDate};

use dgr_core::Bsn;
use dgr_core::registratie::{MutatieSoort, RegistratieMutatie};
use dgr_store::Besluit;
use dgr_store::aanvragen::{Aanvraag, AanvraagBesluit, NieuweAanvraag, soort, status};

use crate::{Register, RegisterFout};

/// The decision term in days (8 weeks; Awb art. 4:13 lid 2).
pub const BESLISTERMIJN_DAGEN: u64 = 56;

/// The last day of the decision term of a request received on `ingediend_op`.
pub fn uiterste_beslisdatum(ingediend_op: NaiveDate) -> NaiveDate {
    ingediend_op
        .checked_add_days(Days::new(BESLISTERMIJN_DAGEN))
        .unwrap_or(NaiveDate::MAX)
}

/// The outcome staff record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uitkomst {
    /// Beoordeling: positive indicatie banenafspraak → PW_IBA.
    Positief,
    /// Beoordeling: the person can earn the minimum wage; with the grounds.
    Negatief(String),
    /// Beoordeling: duurzaam geen arbeidsvermogen; with the grounds.
    DuurzaamGeenArbeidsvermogen(String),
    /// VSO/PrO confirmed against the school record with this reference → VSO_PRO.
    Bevestigd(String),
    /// VSO/PrO not confirmed; with the reason.
    Afgewezen(String),
}

impl Uitkomst {
    /// The stored status.
    pub fn status(&self) -> &'static str {
        match self {
            Uitkomst::Positief => status::POSITIEF,
            Uitkomst::Negatief(_) => status::NEGATIEF,
            Uitkomst::DuurzaamGeenArbeidsvermogen(_) => status::DGAV,
            Uitkomst::Bevestigd(_) => status::BEVESTIGD,
            Uitkomst::Afgewezen(_) => status::AFGEWEZEN,
        }
    }

    /// The kind of request this outcome belongs to.
    fn soort(&self) -> &'static str {
        match self {
            Uitkomst::Positief
            | Uitkomst::Negatief(_)
            | Uitkomst::DuurzaamGeenArbeidsvermogen(_) => soort::BEOORDELING,
            Uitkomst::Bevestigd(_) | Uitkomst::Afgewezen(_) => soort::VSO_PRO,
        }
    }

    /// The grondslag a positive outcome registers.
    fn grondslag(&self) -> Option<&'static str> {
        match self {
            Uitkomst::Positief => Some("PW_IBA"),
            Uitkomst::Bevestigd(_) => Some("VSO_PRO"),
            _ => None,
        }
    }
}

/// The refusal of a second open request of the same kind.
pub const AL_OPEN: &str =
    "Er staat al een aanvraag van deze soort open; UWV beslist daar eerst over.";

impl Register {
    /// Records a request received today. A VSO/PrO request names the school and the years.
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] for a second open request of the same kind or a VSO/PrO
    /// request without school or years; [`RegisterFout`] on storage failure.
    pub fn dien_aanvraag_in(&mut self, a: &NieuweAanvraag<'_>) -> Result<i64, RegisterFout> {
        if a.soort == soort::VSO_PRO
            && (a.school.is_none_or(str::is_empty) || a.schooljaren.is_none_or(str::is_empty))
        {
            return Err(RegisterFout::Ongeldig(
                "Noem de school en de jaren waarin u daar op school zat.".into(),
            ));
        }
        if self
            .store
            .aanvragen_van(a.bsn)?
            .iter()
            .any(|x| x.soort == a.soort && x.status == status::OPEN)
        {
            return Err(RegisterFout::Ongeldig(AL_OPEN.into()));
        }
        let mut tx = self.store.transactie()?;
        let id = tx.dien_aanvraag_in(a)?;
        tx.commit()?;
        tracing::info!(aanvraag = id, soort = a.soort, "aanvraag ontvangen");
        Ok(id)
    }

    /// Decides request `id` on `op` by `wie`: a positive outcome registers the grondslag from
    /// `op` as a staff action naming the request, in one transaction with the decision and the
    /// notice. Returns the registrations that changed (0 or 1).
    ///
    /// # Errors
    /// [`RegisterFout::Ongeldig`] when the request is unknown or already decided, the outcome
    /// does not fit its kind, the date lies before receipt or after today, grounds or the school
    /// record's reference are missing, or the person has no BRP data; [`RegisterFout::Aanlevering`]
    /// when R-10 refuses the registration; nothing is written then.
    pub fn beslis_aanvraag(
        &mut self,
        id: i64,
        uitkomst: &Uitkomst,
        op: NaiveDate,
        wie: &str,
    ) -> Result<u64, RegisterFout> {
        let a = self.open_aanvraag(id)?;
        controleer(&a, uitkomst, op, self.klok.vandaag())?;
        let (kenmerk, reden) = match uitkomst {
            Uitkomst::Positief => (None, None),
            Uitkomst::Bevestigd(k) => (Some(k.as_str()), None),
            Uitkomst::Negatief(r)
            | Uitkomst::DuurzaamGeenArbeidsvermogen(r)
            | Uitkomst::Afgewezen(r) => (None, Some(r.as_str())),
        };
        let besluit = Besluit::Aanvraag(AanvraagBesluit {
            id,
            status: uitkomst.status(),
            op,
            wie,
            kenmerk,
            reden,
        });
        let Some(grondslag) = uitkomst.grondslag() else {
            return self.wijzig_door_handeling(None, "", Some(&besluit));
        };
        if !self.heeft_persoonsgegevens(a.bsn)? {
            return Err(RegisterFout::Ongeldig(
                crate::praktijkroute::ZONDER_BRP.into(),
            ));
        }
        let m = RegistratieMutatie {
            bsn: a.bsn,
            grondslag: grondslag.into(),
            ingangsdatum: op,
            soort: MutatieSoort::Opvoer { einde: None },
            loonwaarde_pct: None,
            besluitdatum: Some(op),
            bron_kenmerk: kenmerk.map(str::to_string),
        };
        let handeling = format!("besluit op aanvraag {id} ({})", uitkomst.status());
        self.wijzig_door_handeling(Some(&m), &handeling, Some(&besluit))
    }

    fn open_aanvraag(&self, id: i64) -> Result<Aanvraag, RegisterFout> {
        match self.store.aanvraag(id)? {
            Some(a) if a.status == status::OPEN => Ok(a),
            Some(_) => Err(RegisterFout::Ongeldig(
                "Over deze aanvraag is al beslist.".into(),
            )),
            None => Err(RegisterFout::Ongeldig("Deze aanvraag bestaat niet.".into())),
        }
    }

    /// The person's requests, oldest first (the Mijn page and Inkijk).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn aanvragen_van(&self, bsn: Bsn) -> Result<Vec<Aanvraag>, RegisterFout> {
        Ok(self.store.aanvragen_van(bsn)?)
    }
}

/// The checks of a decision that need no storage.
fn controleer(
    a: &Aanvraag,
    uitkomst: &Uitkomst,
    op: NaiveDate,
    vandaag: NaiveDate,
) -> Result<(), RegisterFout> {
    let ongeldig = |t: &str| Err(RegisterFout::Ongeldig(t.into()));
    if uitkomst.soort() != a.soort {
        return ongeldig("Deze uitkomst past niet bij deze soort aanvraag.");
    }
    if op < a.ingediend_op {
        return ongeldig("De datum van het besluit ligt vóór de ontvangst van de aanvraag.");
    }
    if op > vandaag {
        return ongeldig("De datum van het besluit ligt in de toekomst.");
    }
    match uitkomst {
        Uitkomst::Bevestigd(k) if k.trim().is_empty() => ongeldig(
            "Vul het kenmerk in van het schoolgegeven waarmee u de aanvraag hebt gecontroleerd.",
        ),
        Uitkomst::Negatief(r)
        | Uitkomst::DuurzaamGeenArbeidsvermogen(r)
        | Uitkomst::Afgewezen(r)
            if r.trim().is_empty() =>
        {
            ongeldig("Geef de reden van dit besluit.")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default()
    }

    #[test]
    fn beslistermijn_is_acht_weken_na_ontvangst() {
        // received Monday 2 November 2026: 56 days later is Monday 28 December 2026
        assert_eq!(uiterste_beslisdatum(d(2026, 11, 2)), d(2026, 12, 28));
        // over a leap day: 2028-01-15 + 56 days = 2028-03-11 (January 16 + February 29 + 11)
        assert_eq!(uiterste_beslisdatum(d(2028, 1, 15)), d(2028, 3, 11));
    }

    #[test]
    fn een_besluit_past_bij_de_soort_en_de_datums() {
        let a = Aanvraag {
            id: 1,
            soort: soort::BEOORDELING.into(),
            bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
            ingediend_op: d(2026, 11, 2),
            ingediend_door: "burger".into(),
            toelichting: None,
            school: None,
            schooljaren: None,
            status: status::OPEN.into(),
            besluit_op: None,
            kenmerk: None,
            reden: None,
            behandelaar: None,
        };
        let vandaag = d(2026, 12, 3);
        assert!(controleer(&a, &Uitkomst::Positief, d(2026, 11, 20), vandaag).is_ok());
        assert!(controleer(&a, &Uitkomst::Positief, d(2026, 11, 1), vandaag).is_err());
        assert!(controleer(&a, &Uitkomst::Positief, d(2026, 12, 4), vandaag).is_err());
        assert!(controleer(&a, &Uitkomst::Bevestigd("S-1".into()), vandaag, vandaag).is_err());
        assert!(controleer(&a, &Uitkomst::Negatief(" ".into()), vandaag, vandaag).is_err());
        assert!(
            controleer(
                &a,
                &Uitkomst::Negatief("verdient WML".into()),
                vandaag,
                vandaag
            )
            .is_ok()
        );
    }
}
