//! What a write transaction knows of the current person data and registrations, so that a
//! delivery of many persons does not look each one up with a round trip of its own.
//!
//! A lookup is answered from memory when the transaction read or wrote that person before;
//! else by one query. Once a transaction looked up more persons than about 2% of the table's
//! rows (at least [`MIN_OPVRAGINGEN`]), all current rows are loaded in one query and every
//! later lookup is answered from memory: a national delivery loads the table once, a staff
//! action never does. Writes still go to the table at once (every SQL read in the transaction
//! sees them); each write also updates what is remembered, exactly as the table changed.

use std::collections::HashMap;
use std::hash::Hash;

use postgres::Transaction;

use crate::Resultaat;

/// Point lookups before a whole load is considered.
const MIN_OPVRAGINGEN: u64 = 256;

/// Rows per point lookup at which loading everything costs about as much as looking up one
/// by one (measured on the national demo: a row streams and parses in ~1–2 µs, a lookup's
/// round trip takes ~80–100 µs).
const RIJEN_PER_OPVRAGING: f64 = 50.0;

/// Remembered values per key (a BSN, or lhn and year), as stored, and when to load them all.
#[derive(Debug)]
pub(super) struct Bekend<K, T> {
    tabel: &'static str,
    waarden: HashMap<K, T>,
    /// Every current row of the table is in `waarden` (an absent BSN has none).
    volledig: bool,
    opgevraagd: u64,
    drempel: Option<u64>,
}

impl<K: Hash + Eq, T: Clone + Default> Bekend<K, T> {
    /// Nothing known yet of `tabel`.
    pub(super) fn new(tabel: &'static str) -> Bekend<K, T> {
        Bekend {
            tabel,
            waarden: HashMap::new(),
            volledig: false,
            opgevraagd: 0,
            drempel: None,
        }
    }

    /// The remembered value of a key, if known (after a whole load: the default when absent).
    pub(super) fn waarde(&self, sleutel: &K) -> Option<T> {
        match self.waarden.get(sleutel) {
            Some(w) => Some(w.clone()),
            None if self.volledig => Some(T::default()),
            None => None,
        }
    }

    /// Whether the value of a key is known (remembered, or everything loaded).
    pub(super) fn kent(&self, sleutel: &K) -> bool {
        self.volledig || self.waarden.contains_key(sleutel)
    }

    /// Remembers the value of a key as the table now holds it.
    pub(super) fn zet(&mut self, sleutel: K, waarde: T) {
        self.waarden.insert(sleutel, waarde);
    }

    /// The remembered value of a key to change in place, if known.
    pub(super) fn wijzig(&mut self, sleutel: K) -> Option<&mut T> {
        if self.volledig {
            return Some(self.waarden.entry(sleutel).or_default());
        }
        self.waarden.get_mut(&sleutel)
    }

    /// Counts a point lookup; `true` when it is time to load the whole table instead.
    pub(super) fn tel_opvraging(&mut self, tx: &mut Transaction<'_>) -> Resultaat<bool> {
        self.opgevraagd += 1;
        if self.opgevraagd < MIN_OPVRAGINGEN {
            return Ok(false);
        }
        let drempel = match self.drempel {
            Some(d) => d,
            None => {
                // the rows the statistics know, or (more recent, also without autovacuum) the
                // live rows the statistics collector counted at the last commits
                let rijen: f64 = tx
                    .query_one(
                        "SELECT GREATEST(c.reltuples::FLOAT8, COALESCE(s.n_live_tup, 0)::FLOAT8, 0) \
                         FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid \
                         WHERE c.oid = $1::TEXT::regclass",
                        &[&self.tabel],
                    )?
                    .try_get(0)?;
                // truncation is fine: a threshold
                let d = (rijen / RIJEN_PER_OPVRAGING) as u64;
                let d = d.max(MIN_OPVRAGINGEN);
                self.drempel = Some(d);
                d
            }
        };
        Ok(self.opgevraagd >= drempel)
    }

    /// Replaces what is known by a whole load (`waarden` holds every current row, by key);
    /// values this transaction remembered are the table's too, so they are equal.
    pub(super) fn laad(&mut self, waarden: HashMap<K, T>) {
        self.waarden = waarden;
        self.volledig = true;
    }
}
