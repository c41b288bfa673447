//! Buffered writes of person data: a BRP delivery writes hundreds of thousands of persons
//! through [`crate::Transactie::schrijf_persoon`], each answered against the current version
//! (which the transaction remembers, see `huidig`). Like the polis rows (see `polis`), new
//! versions wait in the transaction and go to the table with one `COPY`, the versions they
//! supersede are closed with one `UPDATE`; at commit, before the transaction loads all current
//! persons, and whenever [`BUFFERGROOTTE`] versions wait. Ids are drawn in write order.
//!
//! Nothing else in a transaction reads `persoon_versies` by SQL except a person's own lookup,
//! and a person written in this transaction is always looked up from memory.

use std::collections::HashMap;

use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use dgr_core::gegevens::Persoon;

use super::{Groei, Ids, bsn_getal, opt_datum};
use crate::{Resultaat, StoreFout};

/// Buffered versions that trigger a write before commit.
const BUFFERGROOTTE: usize = 100_000;

/// A buffered person version.
#[derive(Debug, Clone)]
struct Versie {
    persoon: Persoon,
    geregistreerd_op: i64,
    vervallen_op: Option<i64>,
    levering: i64,
}

/// The unwritten person versions of one transaction.
#[derive(Debug)]
pub(super) struct Personenbuffer {
    nieuw: Vec<Versie>,
    /// Per BSN: the index in `nieuw` of its current version, if that is buffered.
    plek: HashMap<i64, usize>,
    /// BSNs whose current version in the table is superseded, with the time it ends.
    sluiten: Vec<(i64, i64)>,
    groei: Groei,
}

impl Default for Personenbuffer {
    fn default() -> Personenbuffer {
        Personenbuffer {
            nieuw: Vec::new(),
            plek: HashMap::new(),
            sluiten: Vec::new(),
            groei: Groei::new("persoon_versies"),
        }
    }
}

impl Personenbuffer {
    /// Buffers a new current version of `p`; `had_versie` tells whether the person had one
    /// (in the table or in this buffer), which ends at `tijd`.
    pub(super) fn schrijf(
        &mut self,
        tx: &mut Transaction<'_>,
        ids: &mut Ids,
        p: &Persoon,
        had_versie: bool,
        tijd: i64,
        levering: i64,
    ) -> Resultaat<()> {
        let bsn = bsn_getal(p.bsn);
        if had_versie {
            match self.plek.get(&bsn).and_then(|&i| self.nieuw.get_mut(i)) {
                Some(v) => v.vervallen_op = Some(tijd),
                None => self.sluiten.push((bsn, tijd)),
            }
        }
        self.plek.insert(bsn, self.nieuw.len());
        self.nieuw.push(Versie {
            persoon: p.clone(),
            geregistreerd_op: tijd,
            vervallen_op: None,
            levering,
        });
        if self.nieuw.len() >= BUFFERGROOTTE {
            self.schrijf_weg(tx, ids)?;
        }
        Ok(())
    }

    /// Writes the buffer to the table: closes the superseded versions, then adds the new ones
    /// (ids in write order, sent sorted by BSN).
    pub(super) fn schrijf_weg(&mut self, tx: &mut Transaction<'_>, ids: &mut Ids) -> Resultaat<()> {
        self.sluit(tx)?;
        if self.nieuw.is_empty() {
            return Ok(());
        }
        let ids = ids.reeks(tx, "persoon_versies", self.nieuw.len())?;
        let mut volgorde: Vec<(&Versie, i64)> = self.nieuw.iter().zip(ids).collect();
        volgorde.sort_by_key(|(v, id)| (v.persoon.bsn.waarde(), *id));
        let sink = tx.copy_in(
            "COPY persoon_versies (versie_id, bsn, geboortedatum, overlijdensdatum, woongemeente, geregistreerd_op, \
             vervallen_op, levering_id) FROM STDIN BINARY",
        )?;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::INT8,
                Type::INT8,
                Type::INT8,
            ],
        );
        for (v, id) in &volgorde {
            let p = &v.persoon;
            w.write(&[
                id,
                &bsn_getal(p.bsn),
                &p.geboortedatum.als_tekst(),
                &opt_datum(p.overlijdensdatum),
                &p.woongemeente.map(|g| i64::from(g.waarde())),
                &v.geregistreerd_op,
                &v.vervallen_op,
                &v.levering,
            ])?;
        }
        let geschreven = w.finish()?;
        self.nieuw.clear();
        self.plek.clear();
        self.groei.tel(tx, geschreven)
    }

    /// Ends the recorded period of the superseded versions in the table, in one statement.
    fn sluit(&mut self, tx: &mut Transaction<'_>) -> Resultaat<()> {
        if self.sluiten.is_empty() {
            return Ok(());
        }
        tx.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS persoon_sluiten (bsn BIGINT, vervallen_op BIGINT) \
             ON COMMIT DELETE ROWS; TRUNCATE persoon_sluiten",
        )?;
        let sink = tx.copy_in("COPY persoon_sluiten (bsn, vervallen_op) FROM STDIN BINARY")?;
        let mut w = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8]);
        for (bsn, t) in &self.sluiten {
            w.write(&[bsn, t])?;
        }
        w.finish()?;
        let gesloten = tx.execute(
            "UPDATE persoon_versies p SET vervallen_op = s.vervallen_op FROM persoon_sluiten s \
             WHERE p.bsn = s.bsn AND p.vervallen_op IS NULL",
            &[],
        )?;
        let verwacht = self.sluiten.len();
        self.sluiten.clear();
        if usize::try_from(gesloten).ok() != Some(verwacht) {
            return Err(StoreFout::Corrupt {
                tabel: "persoon_versies",
                reden: format!("{gesloten} van {verwacht} vervangen versies afgesloten"),
            });
        }
        Ok(())
    }
}
