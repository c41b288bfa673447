//! Bulk polis writes: a national delivery is millions of rows written one by one through
//! [`crate::Transactie::schrijf_polis`], each answered Nieuw, Gewijzigd or Ongewijzigd against
//! the current version of its key (bsn, lhn, tijdvak). A round trip per row (look up, then
//! insert) is too slow, so the transaction keeps what it knows of the current versions in
//! memory and buffers its writes:
//!
//! - the current versions of a tijdvak (begin and end) are loaded in one query once more than
//!   [`LOSSE_OPVRAGINGEN`] rows of that tijdvak were looked up one by one (a delivery holds a
//!   few tijdvakken with many rows each; a small correction costs a few point lookups);
//! - new versions are buffered and sent with one binary `COPY`, the versions they supersede are
//!   closed with one set-based `UPDATE` from a temporary table of their keys; this happens at
//!   commit and whenever [`BUFFERGROOTTE`] versions are waiting.
//!
//! The answers, versions, times and ids are those of the SQLite store: versions get their ids in
//! write order, a key written twice in one transaction gets a version closed at that
//! transaction's time, exactly as row-by-row writes would leave them. Nothing else in a
//! transaction reads `polis_versies`, and the store's reads cannot run while a transaction is
//! open, so no read sees the buffer unflushed.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use dgr_core::gegevens::{PolisRij, PolisSoort};

use super::{Groei, Ids, Opdrachten, bsn_getal, opdracht};
use crate::sqlite::datum_tekst;
use crate::{Resultaat, Schrijfuitkomst, StoreFout};

/// Point lookups of one tijdvak before all its current versions are loaded at once.
const LOSSE_OPVRAGINGEN: u32 = 64;

/// Buffered new versions that trigger a flush before commit (bounds the memory of a delivery).
pub(super) const BUFFERGROOTTE: usize = 100_000;

/// The key of a polis row: one current version per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Sleutel {
    bsn: i64,
    lhn: i64,
    begin: NaiveDate,
    einde: NaiveDate,
}

/// Where the current version of a key is.
#[derive(Debug, Clone, Copy)]
enum Plek {
    /// In the table.
    Tabel,
    /// In the buffer, at this index.
    Buffer(usize),
}

/// The compared values of the current version of a key.
#[derive(Debug, Clone, Copy)]
struct Huidig {
    inlener: Option<i64>,
    uren: i64,
    /// `None` for a stored code that is no [`PolisSoort`] code (it then differs from any row).
    soort: Option<PolisSoort>,
    plek: Plek,
}

/// A buffered new version.
#[derive(Debug, Clone, Copy)]
struct Versie {
    sleutel: Sleutel,
    inlener: Option<i64>,
    uren: i64,
    soort: PolisSoort,
    geregistreerd_op: i64,
    vervallen_op: Option<i64>,
    levering: i64,
}

/// What one transaction knows of the current polis versions, and its unwritten writes.
#[derive(Debug)]
pub(super) struct Polisbuffer {
    huidig: HashMap<Sleutel, Huidig>,
    geladen: HashSet<(NaiveDate, NaiveDate)>,
    opgevraagd: HashMap<(NaiveDate, NaiveDate), u32>,
    nieuw: Vec<Versie>,
    /// Keys whose current version in the table is superseded, with the time it ends.
    sluiten: Vec<(Sleutel, i64)>,
    /// Deliveries known to exist (and key-share locked) in this transaction.
    leveringen: HashSet<i64>,
    /// Rows written to the table (statistics, see [`Groei`]).
    groei: Groei,
}

impl Default for Polisbuffer {
    fn default() -> Polisbuffer {
        Polisbuffer {
            huidig: HashMap::new(),
            geladen: HashSet::new(),
            opgevraagd: HashMap::new(),
            nieuw: Vec::new(),
            sluiten: Vec::new(),
            leveringen: HashSet::new(),
            groei: Groei::new("polis_versies"),
        }
    }
}

/// A stored soort code, exactly (the SQLite store compares the stored text).
fn soort_van(code: &str) -> Option<PolisSoort> {
    [
        PolisSoort::Regulier,
        PolisSoort::WswBeschut,
        PolisSoort::BeschutWerk,
    ]
    .into_iter()
    .find(|s| s.code() == code)
}

impl Polisbuffer {
    /// Writes a polis row as [`crate::Transactie::schrijf_polis`] does.
    pub(super) fn schrijf(
        &mut self,
        tx: &mut Transaction<'_>,
        opdrachten: &mut Opdrachten,
        ids: &mut Ids,
        rij: &PolisRij,
        tijd: i64,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let sleutel = Sleutel {
            bsn: bsn_getal(rij.bsn),
            lhn: rij.loonheffingennummer.als_getal(),
            begin: rij.tijdvak_begin,
            einde: rij.tijdvak_einde,
        };
        let inlener = rij.inlener.map(|l| l.als_getal());
        let uren = rij.verloonde_uren.0;
        let uitkomst = match self.huidig_van(tx, opdrachten, sleutel)? {
            None => Schrijfuitkomst::Nieuw,
            Some(h) if h.inlener == inlener && h.uren == uren && h.soort == Some(rij.soort) => {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            Some(h) => {
                // A correction: the held version's recorded period ends now.
                match h.plek {
                    Plek::Tabel => self.sluiten.push((sleutel, tijd)),
                    Plek::Buffer(i) => {
                        if let Some(v) = self.nieuw.get_mut(i) {
                            v.vervallen_op = Some(tijd);
                        }
                    }
                }
                Schrijfuitkomst::Gewijzigd
            }
        };
        self.controleer_levering(tx, opdrachten, levering)?;
        self.huidig.insert(
            sleutel,
            Huidig {
                inlener,
                uren,
                soort: Some(rij.soort),
                plek: Plek::Buffer(self.nieuw.len()),
            },
        );
        self.nieuw.push(Versie {
            sleutel,
            inlener,
            uren,
            soort: rij.soort,
            geregistreerd_op: tijd,
            vervallen_op: None,
            levering,
        });
        if self.nieuw.len() >= BUFFERGROOTTE {
            self.schrijf_weg(tx, ids)?;
        }
        Ok(uitkomst)
    }

    /// Does what a foreign key `polis_versies.levering_id → leveringen.id` would do, once per
    /// delivery and transaction (as the SQLite store does): refuses a row of an unknown
    /// delivery, and locks the delivery's row against deletion until the transaction ends.
    fn controleer_levering(
        &mut self,
        tx: &mut Transaction<'_>,
        opdrachten: &mut Opdrachten,
        levering: i64,
    ) -> Resultaat<()> {
        if self.leveringen.contains(&levering) {
            return Ok(());
        }
        let stmt = opdracht(
            tx,
            opdrachten,
            "SELECT 1 FROM leveringen WHERE id = $1 FOR KEY SHARE",
        )?;
        if tx.query_opt(&stmt, &[&levering])?.is_none() {
            return Err(StoreFout::Database(
                "polis_versies.levering_id: de levering bestaat niet (foreign key, 23503)".into(),
            ));
        }
        self.leveringen.insert(levering);
        Ok(())
    }

    /// The current version of a key as this transaction sees it.
    fn huidig_van(
        &mut self,
        tx: &mut Transaction<'_>,
        opdrachten: &mut Opdrachten,
        sleutel: Sleutel,
    ) -> Resultaat<Option<Huidig>> {
        if let Some(h) = self.huidig.get(&sleutel) {
            return Ok(Some(*h));
        }
        let tijdvak = (sleutel.begin, sleutel.einde);
        if self.geladen.contains(&tijdvak) {
            return Ok(None);
        }
        let teller = self.opgevraagd.entry(tijdvak).or_insert(0);
        *teller += 1;
        if *teller > LOSSE_OPVRAGINGEN {
            self.laad_tijdvak(tx, opdrachten, tijdvak)?;
            return Ok(self.huidig.get(&sleutel).copied());
        }
        let stmt = opdracht(
            tx,
            opdrachten,
            "SELECT inlener, uren, soort FROM polis_versies WHERE bsn = $1 AND loonheffingennummer = $2 \
             AND tijdvak_begin = $3 AND tijdvak_einde = $4 AND vervallen_op IS NULL",
        )?;
        let rij = tx.query_opt(
            &stmt,
            &[
                &sleutel.bsn,
                &sleutel.lhn,
                &datum_tekst(sleutel.begin),
                &datum_tekst(sleutel.einde),
            ],
        )?;
        let Some(r) = rij else {
            return Ok(None);
        };
        let h = Huidig {
            inlener: r.try_get(0)?,
            uren: r.try_get(1)?,
            soort: soort_van(r.try_get(2)?),
            plek: Plek::Tabel,
        };
        self.huidig.insert(sleutel, h);
        Ok(Some(h))
    }

    /// Loads the current versions of one tijdvak from the table; keys this transaction wrote
    /// already keep what it wrote.
    fn laad_tijdvak(
        &mut self,
        tx: &mut Transaction<'_>,
        opdrachten: &mut Opdrachten,
        tijdvak: (NaiveDate, NaiveDate),
    ) -> Resultaat<()> {
        let stmt = opdracht(
            tx,
            opdrachten,
            "SELECT bsn, loonheffingennummer, inlener, uren, soort FROM polis_versies \
             WHERE tijdvak_begin = $1 AND tijdvak_einde = $2 AND vervallen_op IS NULL",
        )?;
        for r in tx.query(&stmt, &[&datum_tekst(tijdvak.0), &datum_tekst(tijdvak.1)])? {
            let sleutel = Sleutel {
                bsn: r.try_get(0)?,
                lhn: r.try_get(1)?,
                begin: tijdvak.0,
                einde: tijdvak.1,
            };
            let h = Huidig {
                inlener: r.try_get(2)?,
                uren: r.try_get(3)?,
                soort: soort_van(r.try_get(4)?),
                plek: Plek::Tabel,
            };
            self.huidig.entry(sleutel).or_insert(h);
        }
        self.geladen.insert(tijdvak);
        Ok(())
    }

    /// Writes the buffer to the table: closes the superseded versions, then adds the new ones.
    ///
    /// The versions get their ids in write order ([`Ids`]), but are sent sorted by key: the index on BSN then takes them in order, a page
    /// at a time, instead of at a random place per row (which, in a national table whose
    /// indexes exceed the server's cache, costs a page read and a full-page WAL image per row).
    pub(super) fn schrijf_weg(&mut self, tx: &mut Transaction<'_>, ids: &mut Ids) -> Resultaat<()> {
        self.sluit(tx)?;
        if self.nieuw.is_empty() {
            return Ok(());
        }
        let ids = ids.reeks(tx, "polis_versies", self.nieuw.len())?;
        let mut volgorde: Vec<(&Versie, i64)> = self.nieuw.iter().zip(ids).collect();
        volgorde.sort_by_key(|(v, id)| {
            (
                v.sleutel.bsn,
                v.sleutel.lhn,
                v.sleutel.begin,
                v.sleutel.einde,
                *id,
            )
        });
        let sink = tx.copy_in(
            "COPY polis_versies (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, \
             soort, geregistreerd_op, vervallen_op, levering_id) FROM STDIN BINARY",
        )?;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                Type::INT8,
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::TEXT,
                Type::INT8,
                Type::INT8,
                Type::INT8,
            ],
        );
        for (v, id) in &volgorde {
            w.write(&[
                id,
                &v.sleutel.bsn,
                &v.sleutel.lhn,
                &v.inlener,
                &datum_tekst(v.sleutel.begin),
                &datum_tekst(v.sleutel.einde),
                &v.uren,
                &v.soort.code(),
                &v.geregistreerd_op,
                &v.vervallen_op,
                &v.levering,
            ])?;
        }
        let geschreven = w.finish()?;
        self.groei.tel(tx, geschreven)?;
        for v in self.nieuw.drain(..) {
            if v.vervallen_op.is_none()
                && let Some(h) = self.huidig.get_mut(&v.sleutel)
            {
                h.plek = Plek::Tabel;
            }
        }
        Ok(())
    }

    /// Ends the recorded period of the superseded versions in the table, in one statement.
    fn sluit(&mut self, tx: &mut Transaction<'_>) -> Resultaat<()> {
        if self.sluiten.is_empty() {
            return Ok(());
        }
        tx.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS polis_sluiten (bsn BIGINT, loonheffingennummer BIGINT, \
             tijdvak_begin TEXT COLLATE \"C\", tijdvak_einde TEXT COLLATE \"C\", vervallen_op BIGINT) \
             ON COMMIT DELETE ROWS; TRUNCATE polis_sluiten",
        )?;
        let sink = tx.copy_in(
            "COPY polis_sluiten (bsn, loonheffingennummer, tijdvak_begin, tijdvak_einde, vervallen_op) FROM STDIN BINARY",
        )?;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[Type::INT8, Type::INT8, Type::TEXT, Type::TEXT, Type::INT8],
        );
        for (k, t) in &self.sluiten {
            w.write(&[
                &k.bsn,
                &k.lhn,
                &datum_tekst(k.begin),
                &datum_tekst(k.einde),
                t,
            ])?;
        }
        w.finish()?;
        let gesloten = tx.execute(
            "UPDATE polis_versies p SET vervallen_op = s.vervallen_op FROM polis_sluiten s \
             WHERE p.bsn = s.bsn AND p.loonheffingennummer = s.loonheffingennummer \
             AND p.tijdvak_begin = s.tijdvak_begin AND p.tijdvak_einde = s.tijdvak_einde AND p.vervallen_op IS NULL",
            &[],
        )?;
        let verwacht = self.sluiten.len();
        self.sluiten.clear();
        if usize::try_from(gesloten).ok() != Some(verwacht) {
            return Err(StoreFout::Corrupt {
                tabel: "polis_versies",
                reden: format!("{gesloten} van {verwacht} vervangen versies afgesloten"),
            });
        }
        Ok(())
    }
}
