//! Buffered writes of registration versions. A registration delivery writes its rows one by
//! one through [`crate::Transactie::schrijf_registratie`], which must answer the registration's
//! id at once; the transaction counts the ids itself ([`Ids`]). New versions wait in the transaction and go to the table
//! with one `COPY`; the versions a write supersedes (every current version of the registration,
//! as the SQLite store closes those it finds through the registration's persons,
//! `HUIDIGE_VERSIES_VAN_REGISTRATIE`) are closed in the buffer or, for the table's, with one
//! `UPDATE` before the copy.
//!
//! The transaction keeps every person whose registrations it wrote in memory (`huidig`), and
//! writes the buffer before any SQL read of `registratie_versies` that could see them.

use std::collections::{HashMap, HashSet};

use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use dgr_core::registratie::{Oorzaak, Registratie};

use super::{Groei, Ids, bsn_getal, opt_datum};
use crate::Resultaat;
use crate::sqlite::datum_tekst;

/// Buffered versions that trigger a write before commit.
const BUFFERGROOTTE: usize = 100_000;

/// A buffered registration version.
#[derive(Debug, Clone)]
struct Versie {
    versie_id: i64,
    registratie_id: i64,
    registratie: Registratie,
    geregistreerd_op: i64,
    vervallen_op: Option<i64>,
    oorzaak: Oorzaak,
}

/// The unwritten registration versions of one transaction, and its drawn ids.
#[derive(Debug)]
pub(super) struct Registratiebuffer {
    nieuw: Vec<Versie>,
    /// Per registration: the index in `nieuw` of its current buffered version.
    plek: HashMap<i64, usize>,
    /// Registrations whose current versions in the table end, with the time.
    sluiten: Vec<(i64, i64)>,
    /// The registrations in `sluiten` (a later write closes the buffered version instead).
    in_tabel_gesloten: HashSet<i64>,
    groei: Groei,
}

impl Default for Registratiebuffer {
    fn default() -> Registratiebuffer {
        Registratiebuffer {
            nieuw: Vec::new(),
            plek: HashMap::new(),
            sluiten: Vec::new(),
            in_tabel_gesloten: HashSet::new(),
            groei: Groei::new("registratie_versies"),
        }
    }
}

impl Registratiebuffer {
    /// Buffers `nieuw` as a new version, closing the current versions of `oud_id`; returns the
    /// registration id (the new version's id for a new registration).
    pub(super) fn schrijf(
        &mut self,
        tx: &mut Transaction<'_>,
        ids: &mut Ids,
        oud_id: Option<i64>,
        nieuw: &Registratie,
        tijd: i64,
        oorzaak: &Oorzaak,
    ) -> Resultaat<i64> {
        let versie_id = ids.neem(tx, "registratie_versies", 1)?;
        let registratie_id = oud_id.unwrap_or(versie_id);
        if let Some(x) = oud_id {
            if let Some(v) = self.plek.remove(&x).and_then(|i| self.nieuw.get_mut(i)) {
                v.vervallen_op = Some(tijd);
            }
            if self.in_tabel_gesloten.insert(x) {
                self.sluiten.push((x, tijd));
            }
        }
        self.plek.insert(registratie_id, self.nieuw.len());
        self.nieuw.push(Versie {
            versie_id,
            registratie_id,
            registratie: nieuw.clone(),
            geregistreerd_op: tijd,
            vervallen_op: None,
            oorzaak: oorzaak.clone(),
        });
        if self.nieuw.len() >= BUFFERGROOTTE {
            self.schrijf_weg(tx)?;
        }
        Ok(registratie_id)
    }

    /// Whether the table's current versions of registration `id` end in this buffer (a lookup
    /// in the table, which does not have that yet, leaves them out).
    pub(super) fn sluit_in_tabel(&self, id: Option<i64>) -> bool {
        id.is_some_and(|x| self.in_tabel_gesloten.contains(&x))
    }

    /// Writes the buffer to the table: closes the superseded versions, then adds the new ones.
    pub(super) fn schrijf_weg(&mut self, tx: &mut Transaction<'_>) -> Resultaat<()> {
        self.sluit(tx)?;
        if self.nieuw.is_empty() {
            return Ok(());
        }
        let mut volgorde: Vec<&Versie> = self.nieuw.iter().collect();
        volgorde.sort_by_key(|v| (v.registratie.bsn.waarde(), v.versie_id));
        let sink = tx.copy_in(
            "COPY registratie_versies (versie_id, registratie_id, bsn, grondslag, ingangsdatum, einddatum, reden_einde, \
             bron_einddatum, bron_reden_einde, afgeleid_einddatum, afgeleid_reden, loonwaarde_pct, besluitdatum, \
             bron_kenmerk, ingetrokken, geregistreerd_op, vervallen_op, oorzaak, levering_id, referentie_versie, \
             handeling) FROM STDIN BINARY",
        )?;
        let (i, t) = (Type::INT8, Type::TEXT);
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                i.clone(),
                i.clone(),
                i.clone(),
                t.clone(),
                t.clone(),
                t.clone(),
                t.clone(),
                t.clone(),
                t.clone(),
                t.clone(),
                t.clone(),
                i.clone(),
                t.clone(),
                t.clone(),
                i.clone(),
                i.clone(),
                i.clone(),
                t.clone(),
                i,
                t.clone(),
                t,
            ],
        );
        for v in volgorde {
            let r = &v.registratie;
            let einde = r.einde();
            let (soort, levering, referentie, handeling) = match &v.oorzaak {
                Oorzaak::Levering(id) => ("LEVERING", Some(*id), None, None),
                Oorzaak::Referentie(x) => ("REFERENTIE", None, Some(x.as_str()), None),
                Oorzaak::Handeling(h) => ("HANDELING", None, None, Some(h.as_str())),
            };
            w.write(&[
                &v.versie_id,
                &v.registratie_id,
                &bsn_getal(r.bsn),
                &r.grondslag,
                &datum_tekst(r.ingangsdatum),
                &opt_datum(einde.map(|e| e.datum)),
                &einde.map(|e| e.reden.as_str()),
                &opt_datum(r.bron_einde.as_ref().map(|e| e.datum)),
                &r.bron_einde.as_ref().map(|e| e.reden.as_str()),
                &opt_datum(r.afgeleid_einde.as_ref().map(|e| e.datum)),
                &r.afgeleid_einde.as_ref().map(|e| e.reden.as_str()),
                &r.loonwaarde_pct.map(|p| p.0),
                &opt_datum(r.besluitdatum),
                &r.bron_kenmerk,
                &i64::from(r.ingetrokken),
                &v.geregistreerd_op,
                &v.vervallen_op,
                &soort,
                &levering,
                &referentie,
                &handeling,
            ])?;
        }
        let geschreven = w.finish()?;
        self.nieuw.clear();
        self.plek.clear();
        self.groei.tel(tx, geschreven)
    }

    /// Ends the recorded period of the table's current versions of the registrations a write
    /// superseded, in one statement.
    fn sluit(&mut self, tx: &mut Transaction<'_>) -> Resultaat<()> {
        if self.sluiten.is_empty() {
            return Ok(());
        }
        tx.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS registratie_sluiten (registratie_id BIGINT, vervallen_op BIGINT) \
             ON COMMIT DELETE ROWS; TRUNCATE registratie_sluiten",
        )?;
        let sink = tx
            .copy_in("COPY registratie_sluiten (registratie_id, vervallen_op) FROM STDIN BINARY")?;
        let mut w = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8]);
        for (id, t) in &self.sluiten {
            w.write(&[id, t])?;
        }
        w.finish()?;
        tx.execute(
            "UPDATE registratie_versies r SET vervallen_op = s.vervallen_op FROM registratie_sluiten s \
             WHERE r.registratie_id = s.registratie_id AND r.vervallen_op IS NULL",
            &[],
        )?;
        self.sluiten.clear();
        self.in_tabel_gesloten.clear();
        Ok(())
    }
}
