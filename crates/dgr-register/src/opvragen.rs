//! Questions about one person: R-06 (in the register on a peildatum as known at a moment, with
//! R-07 for a grondslag that counts only in a dienstbetrekking) and the
//! staff view with both time axes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use dgr_core::Bsn;
use dgr_core::aow::aow_datum;
use dgr_core::dienstbetrekking::Dienstbetrekking;
use dgr_core::registratie::{Oorzaak, RegistratieVersie, in_register};

use crate::{Register, RegisterFout, tijd};

/// The staff view of one person (`dgr persoon`): data and every registration version.
#[derive(Debug, Clone, Serialize)]
pub struct PersoonOverzicht {
    /// BSN (full: this is the staff view of a register with a legal task).
    pub bsn: String,
    /// The moment the view is "as known at".
    pub bekend_op: String,
    /// Person data as known then, if any.
    pub persoon: Option<PersoonGegevens>,
    /// Whether the person is in the register today (as known at `bekend_op`).
    pub in_doelgroepregister_vandaag: bool,
    /// Every registration version recorded by `bekend_op`, per registration, oldest first.
    pub registratieversies: Vec<VersieRegel>,
}

/// Person data in the staff view.
#[derive(Debug, Clone, Serialize)]
pub struct PersoonGegevens {
    /// Birth date as held (`00` for unknown parts).
    pub geboortedatum: String,
    /// Date of death.
    pub overlijdensdatum: Option<NaiveDate>,
    /// Municipality code and name.
    pub woongemeente: Option<String>,
    /// AOW date, if the birth date allows one.
    pub aow_datum: Option<NaiveDate>,
    /// The AOW date is provisional (born after the table).
    pub aow_voorlopig: bool,
    /// From which delivery.
    pub levering_id: i64,
}

/// One registration version with both time axes.
#[derive(Debug, Clone, Serialize)]
pub struct VersieRegel {
    /// Registration identity.
    pub registratie_id: i64,
    /// Grondslag code.
    pub grondslag: String,
    /// Material period start.
    pub ingangsdatum: NaiveDate,
    /// Material period end (exclusive), if any.
    pub einddatum: Option<NaiveDate>,
    /// Why it ends.
    pub reden_einde: Option<String>,
    /// Withdrawn.
    pub ingetrokken: bool,
    /// Recorded from (Europe/Amsterdam).
    pub geregistreerd_op: String,
    /// Recorded until (superseded), if before `bekend_op`.
    pub vervallen_op: Option<String>,
    /// Cause: `levering 12`, `referentie <versie>` or a staff action.
    pub oorzaak: String,
}

/// The answer to a lookup of one person (R-06, API.md `doelgroepregistraties/_zoeken`): the
/// yes/no, the registrations in force on the peildatum (shown only to roles that may see
/// details), and the current woongemeente the access policy decides a gemeente's access by.
#[derive(Debug, Clone)]
pub struct Opvraging {
    /// Whether the person is in the register on the peildatum as known at `bekend_op`.
    pub in_doelgroepregister: bool,
    /// The registrations as known at `bekend_op` in force on the peildatum.
    pub registraties: Vec<dgr_core::registratie::Registratie>,
    /// The woongemeente of the current person data, if known and asked for.
    pub woongemeente: Option<dgr_core::Gemeentecode>,
}

/// Whether a lookup reads the person's woongemeente ([`Register::opvraging`]): only a
/// gemeente's access depends on it, and for anyone else it would be one more read per lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woongemeente {
    /// Read it (a gemeente asks).
    Lezen,
    /// Leave it out: [`Opvraging::woongemeente`] is `None`.
    Overslaan,
}

impl Register {
    /// A lookup of one person on `peildatum` as known at `bekend_op` ([`Opvraging`]). The
    /// woongemeente, when `woongemeente` asks for it, is the current one (the policy asks where
    /// the person lives now).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn opvraging(
        &self,
        bsn: Bsn,
        peildatum: NaiveDate,
        bekend_op: DateTime<Utc>,
        woongemeente: Woongemeente,
    ) -> Result<Opvraging, RegisterFout> {
        let versies = self.store.registratie_versies(bsn)?;
        let registraties = versies
            .iter()
            .filter(|v| v.bekend_op(bekend_op) && v.registratie.geldt_op(peildatum))
            .map(|v| v.registratie.clone())
            .collect();
        Ok(Opvraging {
            in_doelgroepregister: self.telt_op(bsn, &versies, peildatum, bekend_op)?,
            registraties,
            woongemeente: match woongemeente {
                Woongemeente::Lezen => self.huidige_woongemeente(bsn)?,
                Woongemeente::Overslaan => None,
            },
        })
    }

    /// The woongemeente of the person's current data, if known.
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn huidige_woongemeente(
        &self,
        bsn: Bsn,
    ) -> Result<Option<dgr_core::Gemeentecode>, RegisterFout> {
        Ok(self
            .store
            .persoon_versies(bsn)?
            .into_iter()
            .rev()
            .find(|v| v.vervallen_op.is_none())
            .and_then(|v| v.persoon.woongemeente))
    }

    /// whether the person is in the doelgroepregister on `peildatum` as known at
    /// `bekend_op`.
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn in_doelgroepregister(
        &self,
        bsn: Bsn,
        peildatum: NaiveDate,
        bekend_op: DateTime<Utc>,
    ) -> Result<bool, RegisterFout> {
        let versies = self.store.registratie_versies(bsn)?;
        self.telt_op(bsn, &versies, peildatum, bekend_op)
    }

    /// R-06 with R-07: whether some registration among `versies` (those of `bsn`) holds on
    /// `peildatum` as known at `bekend_op`, where one of an `alleen_in_dienstbetrekking`
    /// grondslag (WAJONG_DGAV) holds only on days within a REGULIER pay period of the person.
    /// The polis is read only when such a registration alone would decide.
    fn telt_op(
        &self,
        bsn: Bsn,
        versies: &[RegistratieVersie],
        peildatum: NaiveDate,
        bekend_op: DateTime<Utc>,
    ) -> Result<bool, RegisterFout> {
        let voorwaardelijk = |g: &str| self.referentie.alleen_in_dienstbetrekking(g);
        if in_register(versies, peildatum, bekend_op, |g| !voorwaardelijk(g)) {
            return Ok(true);
        }
        if !in_register(versies, peildatum, bekend_op, voorwaardelijk) {
            return Ok(false);
        }
        let polis = self.store.polis_van(bsn, bekend_op)?;
        Ok(Dienstbetrekking::uit_polis(&polis).op(peildatum))
    }

    /// The employees of these loonheffingennummers (polis rows in the 3 months before
    /// `peildatum`) who are in the register on `peildatum` (API.md `werknemersoverzichten`).
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn werknemers_in_register(
        &self,
        lhns: &std::collections::BTreeSet<dgr_core::Loonheffingennummer>,
        peildatum: NaiveDate,
        bekend_op: DateTime<Utc>,
    ) -> Result<Vec<(Bsn, dgr_core::Loonheffingennummer)>, RegisterFout> {
        let van = peildatum
            .checked_sub_months(chrono::Months::new(3))
            .unwrap_or(peildatum);
        let tot = peildatum.succ_opt().unwrap_or(peildatum);
        let mut kandidaten = std::collections::BTreeSet::new();
        self.store
            .voor_elke_polisrij(van, tot, bekend_op, &mut |rij| {
                if lhns.contains(&rij.loonheffingennummer) {
                    kandidaten.insert((rij.bsn, rij.loonheffingennummer));
                }
            })?;
        let mut uit = Vec::new();
        for (bsn, lhn) in kandidaten {
            let versies = self.store.registratie_versies(bsn)?;
            if self.telt_op(bsn, &versies, peildatum, bekend_op)? {
                uit.push((bsn, lhn));
            }
        }
        Ok(uit)
    }

    /// The staff view of a person as known at `bekend_op`.
    ///
    /// # Errors
    /// [`RegisterFout`] on storage failure.
    pub fn persoon(
        &self,
        bsn: Bsn,
        bekend_op: DateTime<Utc>,
    ) -> Result<PersoonOverzicht, RegisterFout> {
        let versies = self.store.registratie_versies(bsn)?;
        let persoon = self.store.persoon_versies(bsn)?.into_iter().find(|v| {
            v.geregistreerd_op <= bekend_op && v.vervallen_op.is_none_or(|e| bekend_op < e)
        });
        let gegevens = persoon.map(|v| {
            let aow = aow_datum(v.persoon.geboortedatum, self.referentie.aow_tabel());
            PersoonGegevens {
                geboortedatum: v.persoon.geboortedatum.als_tekst(),
                overlijdensdatum: v.persoon.overlijdensdatum,
                woongemeente: v
                    .persoon
                    .woongemeente
                    .map(|g| match self.referentie.gemeente(g) {
                        Some(x) => format!("{g} {}", x.naam),
                        None => g.to_string(),
                    }),
                aow_datum: aow.map(|a| a.datum),
                aow_voorlopig: aow.is_some_and(|a| a.voorlopig),
                levering_id: v.levering,
            }
        });
        Ok(PersoonOverzicht {
            bsn: bsn.cijfers(),
            bekend_op: tijd::toon(bekend_op),
            persoon: gegevens,
            in_doelgroepregister_vandaag: self.telt_op(
                bsn,
                &versies,
                self.klok.vandaag(),
                bekend_op,
            )?,
            registratieversies: versies
                .iter()
                .filter(|v| v.geregistreerd_op <= bekend_op)
                .map(|v| regel(v, bekend_op))
                .collect(),
        })
    }
}

fn regel(v: &RegistratieVersie, bekend_op: DateTime<Utc>) -> VersieRegel {
    let r = &v.registratie;
    VersieRegel {
        registratie_id: r.id.unwrap_or_default(),
        grondslag: r.grondslag.clone(),
        ingangsdatum: r.ingangsdatum,
        einddatum: r.einde().map(|e| e.datum),
        reden_einde: r.einde().map(|e| e.reden.clone()),
        ingetrokken: r.ingetrokken,
        geregistreerd_op: tijd::toon(v.geregistreerd_op),
        vervallen_op: v.vervallen_op.filter(|t| *t <= bekend_op).map(tijd::toon),
        oorzaak: match &v.oorzaak {
            Oorzaak::Levering(id) => format!("levering {id}"),
            Oorzaak::Referentie(versie) => {
                format!("referentie {}", versie.get(..12).unwrap_or(versie))
            }
            Oorzaak::Handeling(h) => h.clone(),
        },
    }
}
