//! A second connection on the register file for the reports' large scans (issue #13): while a
//! store's own connection reads the lower part of a scan, the second one reads the upper part on
//! another thread, so a report uses the machine's second core as an analyst's DuckDB does. The
//! connection is opened at the first such scan and kept with the store for the next.
//!
//! The two parts are two read transactions, which may begin on either side of a commit by
//! another process; as the separate statements of a report always could. Every report read
//! filters the rows on what was known at its `bekend_op`, so a commit recorded after
//! that moment changes neither part.

use std::path::Path;
use std::sync::PoisonError;

use rusqlite::{Connection, OpenFlags};

use super::SqliteStore;
use crate::Resultaat;

/// The second connection of a [`SqliteStore`]: none until a scan first needs it, and none ever
/// for a register in memory, for a store that may not use one, or when it cannot be opened.
#[derive(Debug)]
pub(super) struct TweedeLezer {
    verbinding: std::sync::Mutex<Option<Connection>>,
    /// Whether scans may be split at all (tests read the same register without, to compare).
    toegestaan: bool,
}

impl TweedeLezer {
    /// No connection yet; scans may be split.
    pub(super) fn new() -> TweedeLezer {
        TweedeLezer {
            verbinding: std::sync::Mutex::new(None),
            toegestaan: true,
        }
    }
}

/// Opens the second connection on the register file at `pad`: read-only in use (`query_only`),
/// with the page cache of the store's own connection, and the same patience with a writer.
fn open(pad: &Path) -> Resultaat<Connection> {
    let conn = Connection::open_with_flags(
        pad,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "query_only", true)?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    conn.pragma_update(None, "mmap_size", super::MMAP_LEZER)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.set_prepared_statement_cache_capacity(16);
    Ok(conn)
}

impl SqliteStore {
    /// Runs `onder` on this store's connection and, at the same time on another thread, `boven`
    /// on its second connection, and returns both answers (the first error of either, `onder`'s
    /// first). `None` when there is no second connection (see [`TweedeLezer`]): the caller then
    /// reads the whole scan itself. A panic in `boven` is raised again here.
    pub(super) fn tegelijk<A, B: Send>(
        &self,
        onder: impl FnOnce(&Connection) -> Resultaat<A>,
        boven: impl FnOnce(&Connection) -> Resultaat<B> + Send,
    ) -> Option<Resultaat<(A, B)>> {
        let hulp = self.neem_tweede_lezer()?;
        let (a, b, hulp) = std::thread::scope(|draden| {
            let draad = draden.spawn(move || {
                let b = boven(&hulp);
                (b, hulp)
            });
            let a = onder(&self.conn);
            match draad.join() {
                Ok((b, hulp)) => (a, b, hulp),
                Err(paniek) => std::panic::resume_unwind(paniek),
            }
        });
        *self
            .tweede_lezer
            .verbinding
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(hulp);
        Some(a.and_then(|a| b.map(|b| (a, b))))
    }

    /// The second connection, taken from its place (opened if there is none yet).
    fn neem_tweede_lezer(&self) -> Option<Connection> {
        if !self.tweede_lezer.toegestaan {
            return None;
        }
        let mut plek = self
            .tweede_lezer
            .verbinding
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(conn) = plek.take() {
            return Some(conn);
        }
        // "" for a database in memory, which no other connection can see
        let pad = self.conn.path().filter(|p| !p.is_empty())?;
        open(Path::new(pad))
            .inspect_err(|e| tracing::debug!(fout = %e, "geen tweede lezer: scans op één kern"))
            .ok()
    }

    /// This store without a second connection: every scan read whole on its own connection
    /// (the straightforward reading the tests compare the split one with).
    #[cfg(test)]
    pub(crate) fn zonder_tweede_lezer(mut self) -> SqliteStore {
        self.tweede_lezer.toegestaan = false;
        self
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Days, NaiveDate, Utc};
    use dgr_core::registratie::{Einde, Oorzaak};
    use dgr_core::{Bron, Bsn, LeveringSoort};

    use super::SqliteStore;
    use crate::Store;
    use crate::postgres::tests::{bsn, d, levering, ok, polis, registratie, t};

    /// `n` valid BSNs (eleven-test), ascending from 100,000,000.
    fn bsns(n: usize) -> Vec<String> {
        (100_000_000..200_000_000u32)
            .filter(|&w| Bsn::from_u32(w).is_ok())
            .take(n)
            .map(|w| format!("{w:09}"))
            .collect()
    }

    fn dag(begin: NaiveDate, dagen: u64) -> NaiveDate {
        begin
            .checked_add_days(Days::new(dagen))
            .unwrap_or_else(|| unreachable!("{begin} + {dagen}"))
    }

    /// Three transactions of history: at t(10) 120 persons' registrations (four grondslagen,
    /// a third of them ended) and 24 months of polis rows at two employers; at t(20) every
    /// fifth registration's end corrected and every fourth person's polis hours of 2013
    /// corrected; at t(30) every seventh registration withdrawn.
    fn schrijf_geschiedenis(store: &mut SqliteStore) {
        let personen = bsns(120);
        let grondslagen = ["WAJONG", "WSW", "IB", "BANENAFSPRAAK"];
        let lhns = ["123456782L01", "123456782L02"];
        let mut tx = ok(store.transactie());
        let mut l = levering(Bron::Uwv, LeveringSoort::Registraties, "R-1", t(10));
        l.grondslagen = grondslagen.iter().map(|g| g.to_string()).collect();
        let r1 = ok(tx.registreer_levering(&l));
        let p1 =
            ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P-1", t(10))));
        for (i, b) in personen.iter().enumerate() {
            let mut r = registratie(b, grondslagen[i % 4], dag(d(2012, 6, 1), 17 * i as u64));
            if i % 3 == 0 {
                r.bron_einde = Some(Einde {
                    datum: dag(r.ingangsdatum, 400),
                    reden: "EINDE".into(),
                });
            }
            ok(tx.schrijf_registratie(None, &r, t(10), &Oorzaak::Levering(r1)));
            for maand in 0..24 {
                let begin = d(2013 + maand / 12, (maand % 12) as u32 + 1, 1);
                let einde = dag(
                    begin
                        .checked_add_months(chrono::Months::new(1))
                        .unwrap_or(begin),
                    0,
                )
                .pred_opt()
                .unwrap_or(begin);
                let rij = polis(
                    b,
                    lhns[i % 2],
                    begin,
                    einde,
                    1_000 + (i as i64 * 37 + maand as i64) % 9_000,
                );
                ok(tx.schrijf_polis(&rij, t(10), p1));
            }
        }
        ok(tx.commit());
        let mut tx = ok(store.transactie());
        let r2 = ok(tx.registreer_levering(&l_met(&l, "R-2", t(20))));
        let p2 =
            ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P-2", t(20))));
        for (i, b) in personen.iter().enumerate() {
            if i % 5 == 0 {
                for oud in ok(tx.huidige_registraties(bsn(b))) {
                    let mut nieuw = oud.clone();
                    nieuw.bron_einde = Some(Einde {
                        datum: dag(oud.ingangsdatum, 100),
                        reden: "HERZIEN".into(),
                    });
                    ok(tx.schrijf_registratie(Some(&oud), &nieuw, t(20), &Oorzaak::Levering(r2)));
                }
            }
            if i % 4 == 0 {
                for maand in 0..12u32 {
                    let begin = d(2013, maand + 1, 1);
                    let einde = begin
                        .checked_add_months(chrono::Months::new(1))
                        .and_then(|e| e.pred_opt())
                        .unwrap_or(begin);
                    ok(tx.schrijf_polis(&polis(b, lhns[i % 2], begin, einde, 777), t(20), p2));
                }
            }
        }
        ok(tx.commit());
        let mut tx = ok(store.transactie());
        for (i, b) in personen.iter().enumerate() {
            if i % 7 == 0 {
                for oud in ok(tx.huidige_registraties(bsn(b))) {
                    let mut weg = oud.clone();
                    weg.ingetrokken = true;
                    ok(tx.schrijf_registratie(
                        Some(&oud),
                        &weg,
                        t(30),
                        &Oorzaak::Handeling("intrekking".into()),
                    ));
                }
            }
        }
        ok(tx.commit());
    }

    fn l_met(
        l: &crate::NieuweLevering,
        kenmerk: &str,
        tijd: DateTime<Utc>,
    ) -> crate::NieuweLevering {
        let mut l = l.clone();
        l.kenmerk = kenmerk.into();
        l.bestandsnaam = format!("{kenmerk}.csv");
        l.geregistreerd_op = tijd;
        l
    }

    /// Every answer of the two scans, one line per row in the order given.
    fn scans(store: &dyn Store, bekend_op: DateTime<Utc>) -> Vec<String> {
        let mut uit = Vec::new();
        for vensters in [
            vec![(d(2013, 1, 1), d(2014, 1, 1))],
            vec![
                (d(2012, 12, 1), d(2013, 1, 1)),
                (d(2013, 12, 1), d(2014, 1, 1)),
            ],
            vec![(d(2000, 1, 1), d(2100, 1, 1))],
        ] {
            ok(
                store.voor_elke_registratieperiode_in(&vensters, bekend_op, &mut |r| {
                    uit.push(format!("{vensters:?} {r:?}"));
                }),
            );
        }
        for (van, tot) in [
            (d(2013, 1, 1), d(2015, 1, 1)),
            (d(2013, 12, 1), d(2014, 1, 1)),
            (d(2013, 6, 15), d(2013, 6, 16)),
        ] {
            ok(store.voor_elke_polisrij(van, tot, bekend_op, &mut |r| {
                uit.push(format!("{van} {tot} {r:?}"));
            }));
        }
        uit
    }

    /// R-24 for the split scans: at every `bekend_op` before, between and after the three
    /// transactions, the scans read in two parts on two connections give the very rows, in the
    /// very order, that one connection reading each scan whole gives on the same register, and
    /// the split reading did take place (the second connection was opened).
    #[test]
    fn gesplitste_scans_gelijk_aan_hele() {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let pad = map.path().join("r.db");
        let mut store = ok(SqliteStore::open(&pad));
        schrijf_geschiedenis(&mut store);
        let heel = ok(SqliteStore::open(&pad)).zonder_tweede_lezer();
        for bekend_op in [t(5), t(10), t(15), t(20), t(25), t(30), t(99)] {
            let verwacht = scans(&heel, bekend_op);
            assert!(
                bekend_op < t(10) || verwacht.len() > 1_000,
                "{}",
                verwacht.len()
            );
            assert_eq!(scans(&store, bekend_op), verwacht, "bekend op {bekend_op}");
        }
        let geopend = store
            .tweede_lezer
            .verbinding
            .lock()
            .map(|c| c.is_some())
            .unwrap_or(false);
        assert!(geopend, "de scans zijn niet gesplitst gelezen");
    }
}
