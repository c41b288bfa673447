//! The eight kinds of delivery (FORMATS.md "Kinds"): their columns, how a row becomes a typed
//! value, and the key that must be unique inside one delivery.

mod overig;
mod registraties;
mod werkgever;

use std::hash::Hash;

use dgr_core::LeveringSoort;
use dgr_core::eenheden::{Eenheid, Personeelsrij};
use dgr_core::gegevens::{Kandidaat, Persoon, PolisRij, Werkgever, Werkgeversuren};
use dgr_core::registratie::RegistratieMutatie;

use crate::bestand::Tabel;
use crate::cel::{Cel, CelFout};
use crate::kolommen::{Kolom, KolomIndex};
use crate::{BestandFout, Context, Ingelezen, Regel, RijFout};

/// The valid rows of a delivery, by kind.
#[derive(Debug, Clone)]
pub enum Rijen {
    /// `registraties`.
    Registraties(Vec<Regel<RegistratieMutatie>>),
    /// `personen`.
    Personen(Vec<Regel<Persoon>>),
    /// `polis`.
    Polis(Vec<Regel<PolisRij>>),
    /// `werkgevers`.
    Werkgevers(Vec<Regel<Werkgever>>),
    /// `werkgeversuren`.
    Werkgeversuren(Vec<Regel<Werkgeversuren>>),
    /// `kandidaten`.
    Kandidaten(Vec<Regel<Kandidaat>>),
    /// `eenheden`: every tree of the delivery checked by [`dgr_core::eenheden::bouw_bomen`].
    Eenheden(Vec<Regel<Eenheid>>),
    /// `personeel`.
    Personeel(Vec<Regel<Personeelsrij>>),
}

impl Rijen {
    /// Number of valid rows.
    pub fn len(&self) -> usize {
        match self {
            Rijen::Registraties(r) => r.len(),
            Rijen::Personen(r) => r.len(),
            Rijen::Polis(r) => r.len(),
            Rijen::Werkgevers(r) => r.len(),
            Rijen::Werkgeversuren(r) => r.len(),
            Rijen::Kandidaten(r) => r.len(),
            Rijen::Eenheden(r) => r.len(),
            Rijen::Personeel(r) => r.len(),
        }
    }

    /// Whether there are no valid rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads the rows of one cell row for one kind, collecting errors per column.
pub(crate) struct RijLezer<'r, 'c> {
    cellen: &'r [Cel<'c>],
    index: &'r KolomIndex,
    ctx: Context<'r>,
    bestand: &'r str,
    fouten: Vec<RijFout>,
    fataal: Option<BestandFout>,
    regel: u64,
}

impl<'r, 'c> RijLezer<'r, 'c> {
    /// The cell of a column, or `None` when the column is absent or the cell empty.
    fn cel(&self, naam: &str) -> Option<&'r Cel<'c>> {
        self.index
            .positie(naam)
            .and_then(|i| self.cellen.get(i))
            .filter(|c| !c.is_leeg())
    }

    /// Records a row error; the value shown is bounded and printable (issue #9).
    fn fout(&mut self, kolom: &str, reden: impl Into<String>, waarde: Option<String>) {
        self.fouten.push(RijFout {
            regel: self.regel,
            kolom: kolom.to_string(),
            reden: reden.into(),
            waarde: waarde.map(|w| crate::toon_waarde(&w)),
        });
    }

    /// A required value; records "waarde ontbreekt" or the cell's error.
    fn verplicht<T>(
        &mut self,
        naam: &str,
        lees: impl FnOnce(&Cel<'c>) -> Result<T, CelFout>,
    ) -> Option<T> {
        match self.cel(naam) {
            None => {
                self.fout(naam, "waarde ontbreekt", None);
                None
            }
            Some(c) => self.vastleggen(naam, lees(c)),
        }
    }

    /// An optional value: `Some(None)` when empty, `None` after an error.
    fn optioneel<T>(
        &mut self,
        naam: &str,
        lees: impl FnOnce(&Cel<'c>) -> Result<T, CelFout>,
    ) -> Option<Option<T>> {
        match self.cel(naam) {
            None => Some(None),
            Some(c) => self.vastleggen(naam, lees(c)).map(Some),
        }
    }

    fn vastleggen<T>(&mut self, naam: &str, uitkomst: Result<T, CelFout>) -> Option<T> {
        match uitkomst {
            Ok(v) => Some(v),
            Err(e) => {
                self.fout(naam, e.reden, e.waarde);
                None
            }
        }
    }

    /// A gemeentecode that must exist in the reference data.
    fn gemeente(&mut self, naam: &str, verplicht: bool) -> Option<Option<dgr_core::Gemeentecode>> {
        let ref_ = self.ctx.referentie;
        let lees = |c: &Cel<'c>| {
            let code = c.gemeentecode()?;
            match ref_.gemeente(code) {
                Some(_) => Ok(code),
                None => Err(CelFout {
                    reden: "onbekende gemeentecode".into(),
                    waarde: Some(code.to_string()),
                }),
            }
        };
        if verplicht {
            self.verplicht(naam, lees).map(Some)
        } else {
            self.optioneel(naam, lees)
        }
    }
}

/// Reads a delivery of the context's kind.
pub(crate) fn lees(
    tabel: &Tabel<'_>,
    bestand: &str,
    ctx: Context<'_>,
) -> Result<Ingelezen, BestandFout> {
    use LeveringSoort as S;
    match ctx.soort {
        S::Registraties => lees_soort(
            tabel,
            bestand,
            ctx,
            registraties::KOLOMMEN,
            registraties::lees_rij,
            registraties::sleutel,
            Rijen::Registraties,
        ),
        S::Personen => lees_soort(
            tabel,
            bestand,
            ctx,
            overig::PERSONEN,
            overig::persoon,
            |p| p.bsn,
            Rijen::Personen,
        ),
        S::Polis => lees_soort(
            tabel,
            bestand,
            ctx,
            overig::POLIS,
            overig::polis,
            overig::polis_sleutel,
            Rijen::Polis,
        ),
        S::Werkgevers => lees_soort(
            tabel,
            bestand,
            ctx,
            overig::WERKGEVERS,
            overig::werkgever,
            |w| (w.loonheffingennummer, w.geldig_vanaf),
            Rijen::Werkgevers,
        ),
        S::Werkgeversuren => lees_soort(
            tabel,
            bestand,
            ctx,
            overig::WERKGEVERSUREN,
            overig::werkgeversuren,
            |w| (w.loonheffingennummer, w.jaar),
            Rijen::Werkgeversuren,
        ),
        S::Kandidaten => lees_soort(
            tabel,
            bestand,
            ctx,
            overig::KANDIDATEN,
            overig::kandidaat,
            |k| k.bsn,
            Rijen::Kandidaten,
        ),
        S::Eenheden => {
            let ingelezen = lees_soort(
                tabel,
                bestand,
                ctx,
                werkgever::EENHEDEN,
                werkgever::eenheid,
                |e| (e.code.clone(), e.geldig_vanaf),
                Rijen::Eenheden,
            )?;
            controleer_bomen(&ingelezen, bestand)?;
            Ok(ingelezen)
        }
        S::Personeel => lees_soort(
            tabel,
            bestand,
            ctx,
            werkgever::PERSONEEL,
            werkgever::personeelsrij,
            |p| (p.personeelsnummer.clone(), p.geldig_vanaf),
            Rijen::Personeel,
        ),
    }
}

/// FORMATS.md `eenheden`: a tree with a cycle, two roots or an unknown parent is a file error.
/// Checked on the valid rows, and only when every row is valid (a bad row is reported as such,
/// and a tree missing it would give a misleading second error).
fn controleer_bomen(ingelezen: &Ingelezen, bestand: &str) -> Result<(), BestandFout> {
    let Rijen::Eenheden(rijen) = &ingelezen.rijen else {
        return Ok(());
    };
    if !ingelezen.fouten.is_empty() {
        return Ok(());
    }
    let eenheden = rijen.iter().map(|r| r.rij.clone()).collect();
    dgr_core::eenheden::bouw_bomen(eenheden)
        .map(|_| ())
        .map_err(|(datum, fout)| BestandFout::Boom {
            bestand: bestand.to_string(),
            reden: format!("boom geldig vanaf {datum}: {fout}"),
        })
}

/// The common driver: header, then every row through `parse`, then duplicate keys.
fn lees_soort<T, K: Hash + Eq>(
    tabel: &Tabel<'_>,
    bestand: &str,
    ctx: Context<'_>,
    kolommen: &[Kolom],
    parse: impl Fn(&mut RijLezer<'_, '_>) -> Option<T>,
    sleutel: impl Fn(&T) -> K,
    verpak: impl FnOnce(Vec<Regel<T>>) -> Rijen,
) -> Result<Ingelezen, BestandFout> {
    let mut index: Option<KolomIndex> = None;
    let mut waarschuwingen = Vec::new();
    let mut rijen: Vec<Regel<T>> = Vec::new();
    let mut fouten: Vec<RijFout> = Vec::new();
    let mut gelezen = 0u64;
    tabel.voor_elke_rij(bestand, |regel, cellen| {
        let Some(idx) = &index else {
            let (i, w) = KolomIndex::bouw(cellen, kolommen, bestand)?;
            index = Some(i);
            waarschuwingen.extend(w);
            return Ok(());
        };
        gelezen += 1;
        let mut lezer = RijLezer {
            cellen,
            index: idx,
            ctx,
            bestand,
            fouten: Vec::new(),
            fataal: None,
            regel,
        };
        if cellen.iter().skip(idx.breedte).any(|c| !c.is_leeg()) {
            lezer.fout(
                "",
                format!(
                    "meer velden dan de {} kolommen van de kopregel",
                    idx.breedte
                ),
                None,
            );
        }
        let rij = parse(&mut lezer);
        if let Some(f) = lezer.fataal {
            return Err(f);
        }
        match rij {
            Some(r) if lezer.fouten.is_empty() => rijen.push(Regel { regel, rij: r }),
            _ => fouten.append(&mut lezer.fouten),
        }
        Ok(())
    })?;
    if index.is_none() {
        return Err(BestandFout::Leeg {
            bestand: bestand.to_string(),
        });
    }
    let rijen = verwijder_dubbele_sleutels(rijen, &sleutel, &mut fouten);
    fouten.sort_by_key(|f| f.regel);
    let codering = tabel.codering;
    if codering == crate::Codering::Windows1252 {
        waarschuwingen.insert(
            0,
            "het bestand is geen geldige UTF-8 en is gelezen als Windows-1252".into(),
        );
    }
    Ok(Ingelezen {
        rijen: verpak(rijen),
        fouten,
        waarschuwingen,
        container: tabel.container,
        codering,
        rijen_gelezen: gelezen,
    })
}

/// FORMATS.md: two rows with the same key inside one delivery are both errors. The keys are
/// hashed with foldhash, seeded at random per map (as the store's polis keys are): SipHash took
/// 2.5% of the instructions of a CLI polis import (issue #13), and a file's author cannot aim
/// at collisions without the seed.
fn verwijder_dubbele_sleutels<T, K: Hash + Eq>(
    rijen: Vec<Regel<T>>,
    sleutel: &impl Fn(&T) -> K,
    fouten: &mut Vec<RijFout>,
) -> Vec<Regel<T>> {
    let mut eerste: foldhash::HashMap<K, u64> = foldhash::HashMap::with_capacity_and_hasher(
        rijen.len(),
        foldhash::fast::RandomState::default(),
    );
    let mut dubbel: foldhash::HashMap<u64, u64> = foldhash::HashMap::default();
    for r in &rijen {
        if let Some(&eerder) = eerste.get(&sleutel(&r.rij)) {
            dubbel.insert(r.regel, eerder);
            dubbel.entry(eerder).or_insert(r.regel);
        } else {
            eerste.insert(sleutel(&r.rij), r.regel);
        }
    }
    if dubbel.is_empty() {
        return rijen;
    }
    for (regel, ander) in &dubbel {
        fouten.push(RijFout {
            regel: *regel,
            kolom: String::new(),
            reden: format!("dubbele sleutel in deze levering (ook op regel {ander})"),
            waarde: None,
        });
    }
    rijen
        .into_iter()
        .filter(|r| !dubbel.contains_key(&r.regel))
        .collect()
}
