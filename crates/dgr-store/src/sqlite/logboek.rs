//! The processing log ([`crate::logboek`]) in SQLite: its own file beside the register
//! ([`super::logboek_pad`]), written by one writer connection, read through every register
//! connection (where it is attached as `logboek`).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, params};

use super::{SqliteStore, lees_tijd, tijd_getal};
use crate::Resultaat;
use crate::logboek::{
    Audit, EigenVerwerking, LogboekLezer, Logboekonderhoud, Logboekschrijver, Opvraagtelling,
    Verwerking,
};

/// The writer of the processing log: a connection on the log file alone, so its commits never
/// lock the register file.
pub struct SqliteLogboekschrijver {
    pad: std::path::PathBuf,
    conn: Connection,
}

fn open(pad: &Path) -> Resultaat<Connection> {
    let conn = Connection::open_with_flags(
        pad,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 16 MiB page cache: the indexes of the log's newest part (by activity, by day, and the
    // entries by subject of the newest segment that `indexeer_staart` adds) stay in it; the
    // default 2 MiB re-read pages from the file on nearly every insert when the subject index
    // took inserts at random places (a larger cache costs more again: SQLite walks the cache's
    // hash table at the end of every commit)
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

/// Copies the processing log's WAL back into its file beside a running
/// [`SqliteLogboekschrijver`], on a connection of its own, so that the writer's commits (which
/// the requests wait for) never include a checkpoint.
struct LogboekCheckpoint {
    conn: Connection,
}

impl Logboekonderhoud for LogboekCheckpoint {
    /// A passive checkpoint: copies what no reader still needs, without waiting for anyone.
    /// The writer starts the WAL over at its next commit once all of it is copied.
    fn onderhoud(&mut self) -> Resultaat<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
}

impl SqliteLogboekschrijver {
    /// Opens a writer on the processing-log file of the register at `register`
    /// ([`super::logboek_pad`]), creating and migrating both files when needed. The writer's
    /// connection holds the log file only, so its commits never lock the register file.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn open(register: &Path) -> Resultaat<SqliteLogboekschrijver> {
        drop(super::SqliteStore::open(register)?);
        let pad = super::logboek_pad(register);
        Ok(SqliteLogboekschrijver {
            conn: open(&pad)?,
            pad,
        })
    }

    /// Hands the WAL checkpoints to the upkeep connection of [`Logboekschrijver::onderhoud`]:
    /// the writer itself checkpoints only when the WAL passes 64 MiB (16,384 pages), a backstop
    /// should the upkeep fall behind, instead of at every 4 MiB, where the copy held up every
    /// request waiting for that commit (8% of the server's time in a lookup benchmark).
    fn laat_checkpoints_aan_onderhoud(&self) -> Resultaat<()> {
        self.conn
            .pragma_update(None, "wal_autocheckpoint", 16_384)?;
        Ok(())
    }
}

/// The insert of an audit entry by [`SqliteLogboekschrijver`]: one per request.
pub(super) const AUDIT_IN: &str = "INSERT INTO audit (trace_id, tijd, sub, rol, organisatie, \
    organisatie_naam, client_ip, handeling, bsn_opvragingen, buiten_eigen_polis, doel) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// The insert of a processing-log record by [`SqliteLogboekschrijver`]: one per data subject of
/// a request.
pub(super) const VERWERKING_IN: &str = "INSERT INTO verwerkingen (trace_id, span_id, \
    parent_span_id, naam, status_code, start_time, end_time, processing_activity_id, \
    data_subject_id, data_subject_id_type, audit_id) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// How many of the newest records may be without their entry in `verwerkingen_betrokkenen`
/// before the writer adds them ([`indexeer_staart`]): 2,048, about 200 commits of a lookup
/// benchmark's groups, whose entries then change each page of the newest segment (at most
/// ~160) once instead of one page each. A subject's records past the last entry are read from
/// the log itself: the check follows each group's inserts in its transaction, so a committed
/// log has at most 2,047 of them.
pub(super) const STAART_MAX: i64 = 2_048;

/// The records without their entry in `verwerkingen_betrokkenen`: the newest id less the last
/// id with one (0 for an empty log).
pub(super) const STAART: &str = "SELECT coalesce((SELECT max(id) FROM verwerkingen), 0) - tot \
    FROM verwerkingen_geindexeerd";

/// The entries of the records past `tot` of the log in `schema` (`main` on the writer's own
/// connection, `logboek` where the log is attached), in key order, so each page of the newest
/// segment is changed once ([`STAART_MAX`]); then `tot` moves up to the last record. Two
/// statements, for one transaction. An entry already there is left as it is (`OR IGNORE`: the
/// key is made from the record alone, so it is the same entry); one made by hand past `tot`
/// would otherwise fail every later group commit, and every lookup with it.
pub(super) fn indexeer_staart(schema: &str) -> String {
    format!(
        "INSERT OR IGNORE INTO {schema}.verwerkingen_betrokkenen (segment, prefix, id) \
         SELECT id >> 14, substr(data_subject_id, 1, 16), id FROM {schema}.verwerkingen \
         WHERE id > (SELECT tot FROM {schema}.verwerkingen_geindexeerd) ORDER BY 1, 2, 3; \
         UPDATE {schema}.verwerkingen_geindexeerd \
         SET tot = coalesce((SELECT max(id) FROM {schema}.verwerkingen), 0);"
    )
}

impl Logboekschrijver for SqliteLogboekschrijver {
    /// Each record names its audit entry's row id. Once [`STAART_MAX`] records are without
    /// their entry in `verwerkingen_betrokkenen`, their entries are added in the same
    /// transaction.
    fn schrijf(&mut self, verzoeken: &[(&Audit, &[Verwerking])]) -> Resultaat<()> {
        // durable before the answers leave, whatever a merge step (`voeg_samen`) set before
        self.conn
            .prepare_cached("PRAGMA synchronous = FULL")?
            .execute([])?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut a = tx.prepare_cached(AUDIT_IN)?;
            let mut v = tx.prepare_cached(VERWERKING_IN)?;
            for &(audit, verwerkingen) in verzoeken {
                let audit_id = a.insert(params![
                    audit.trace_id,
                    tijd_getal(audit.tijd),
                    audit.sub,
                    audit.rol,
                    audit.organisatie,
                    audit.organisatie_naam,
                    audit.client_ip,
                    audit.handeling,
                    audit.bsn_opvragingen,
                    audit.buiten_eigen_polis,
                    audit.doel
                ])?;
                for r in verwerkingen {
                    v.execute(params![
                        r.trace_id,
                        r.span_id,
                        r.parent_span_id,
                        r.naam,
                        r.status_code,
                        tijd_getal(r.start_time),
                        tijd_getal(r.end_time),
                        r.processing_activity_id,
                        r.data_subject_id,
                        r.data_subject_id_type,
                        audit_id
                    ])?;
                }
            }
            let staart: i64 = tx.prepare_cached(STAART)?.query_row([], |r| r.get(0))?;
            if staart >= STAART_MAX {
                tx.execute_batch(&indexeer_staart("main"))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// One portion of the merge of the oldest group of segments not yet merged, once every
    /// record in the group has its entry ([`voeg_samen`]).
    fn voeg_samen(&mut self) -> Resultaat<bool> {
        voeg_samen(&mut self.conn)
    }

    fn verwijder_portie(
        &mut self,
        activiteit: &str,
        grens: DateTime<Utc>,
        portie: usize,
    ) -> Resultaat<usize> {
        Ok(self
            .conn
            .prepare_cached(VERWIJDER_PORTIE)?
            .execute(params![activiteit, tijd_getal(grens), portie])?)
    }

    fn onderhoud(&self) -> Resultaat<Option<Box<dyn Logboekonderhoud>>> {
        let onderhoud = LogboekCheckpoint {
            conn: open(&self.pad)?,
        };
        self.laat_checkpoints_aan_onderhoud()?;
        Ok(Some(Box::new(onderhoud)))
    }
}

/// Segments of 16,384 record ids per group of merged entries (`LOGBOEK_MIGRATIES[5]`): a group
/// spans 64 × 2^14 = 2^20 = 1,048,576 record ids (`verwerkingen_groepen.groep = id >> 20`).
const GROEP: i64 = 64;

/// The portions in which a group is built, 2^12 = 4,096 by pseudonym prefix read as a 64-bit
/// number: portion `k` takes the prefixes from `k × 2^52` written as 16 hex digits up to the
/// next portion's (the first from the empty string, the last without end), so the portions
/// cover every text once whatever the pseudonyms hold. Pseudonyms are hex, so a portion of a
/// group holds about 256 entries, a step of 0.55 ms beside 32 connections of lookups on the
/// development machine. Larger steps held up the lookups waiting behind them more: with
/// portions of 512 entries (1.1 ms) a log catching up cost 14–17% of the lookup rate and 2–3 ms
/// of its p99, with 256 entries 4–6% and 0.3–0.6 ms, at the same tenth of the writer's time
/// (issue #13; a portion of 4,096 entries took 10 ms).
const PORTIE_BITS: u32 = 12;

/// The entries one step deletes from a segment whose group is built: a thirty-second of a
/// segment, so a deleting step is about as long as a building one (in the server, idle:
/// 1,024 entries took 1.3–1.6 ms, a building step 0.6–0.7 ms).
const WEG_PER_STAP: i64 = 512;

/// Where the merge stands: the first segment not merged, the next portion of its group, the
/// last record id with its entry, the oldest segment with entries, and the first record id.
const SAMENVOEGSTAND: &str = "SELECT s.grens, s.portie, g.tot, \
    (SELECT min(segment) FROM verwerkingen_betrokkenen), (SELECT min(id) FROM verwerkingen) \
    FROM verwerkingen_samengevoegd s, verwerkingen_geindexeerd g";

/// Where the merge stands ([`SAMENVOEGSTAND`]).
struct Samenvoegstand {
    grens: i64,
    portie: i64,
    tot: i64,
    oudste_segment: Option<i64>,
    eerste_id: Option<i64>,
}

/// The next step of the merge.
#[derive(Debug, PartialEq, Eq)]
enum Samenvoegstap {
    /// The retention purge left no record before the group from segment `.0` on: `grens`
    /// jumps there without building the empty groups in between.
    Sprong(i64),
    /// Delete a portion of segment `.0`, below `grens`: its group is built.
    Weg(i64),
    /// Build the next portion of the group from `grens` on: all its records have their entry.
    Bouw,
    /// Nothing to do until more records have their entry.
    Niets,
}

impl Samenvoegstand {
    fn lees(conn: &Connection) -> Resultaat<Samenvoegstand> {
        Ok(conn.prepare_cached(SAMENVOEGSTAND)?.query_row([], |r| {
            Ok(Samenvoegstand {
                grens: r.get(0)?,
                portie: r.get(1)?,
                tot: r.get(2)?,
                oudste_segment: r.get(3)?,
                eerste_id: r.get(4)?,
            })
        })?)
    }

    /// The next step. The group holding the first record starts at segment `(eerste_id >> 20)
    /// << 6`; no segment or group below it holds an entry (the purge took them along).
    fn stap(&self) -> Samenvoegstap {
        let sprong = self.eerste_id.map_or(0, |id| (id >> 20) << 6);
        match self.oudste_segment {
            _ if sprong > self.grens => Samenvoegstap::Sprong(sprong),
            Some(segment) if segment < self.grens => Samenvoegstap::Weg(segment),
            _ if (self.tot >> 14) >= self.grens + GROEP => Samenvoegstap::Bouw,
            _ => Samenvoegstap::Niets,
        }
    }
}

/// One portion of a group's build: the entries of segments `?1` to `?1 + 63` with a prefix
/// from `?2` up to `?3` (from `?2` on for the last portion) added to the group, in key order.
/// One probe per segment for the portion's range of prefixes, not a scan of the group
/// (`samenvoegen_leest_alleen_de_portie`). An entry already there stays (`OR IGNORE`: a group
/// whose build started over).
fn bouw_portie(laatste: bool) -> String {
    let prefix = if laatste {
        "prefix >= ?2"
    } else {
        "prefix >= ?2 AND prefix < ?3"
    };
    format!(
        "WITH RECURSIVE segment (n) AS (SELECT ?1 \
             UNION ALL SELECT n + 1 FROM segment WHERE n < ?1 + 63) \
         INSERT OR IGNORE INTO verwerkingen_groepen (groep, prefix, id) \
         SELECT id >> 20, prefix, id FROM verwerkingen_betrokkenen \
         WHERE segment IN (SELECT n FROM segment) AND {prefix} ORDER BY 2, 3"
    )
}

/// Deletes the first [`WEG_PER_STAP`] entries (and any more with the same prefix as the last)
/// of segment `?1`, whose group is built: a range at the start of the segment.
const WEG_UIT_SEGMENT: &str = "DELETE FROM verwerkingen_betrokkenen \
    WHERE segment = ?1 AND prefix <= coalesce( \
        (SELECT prefix FROM verwerkingen_betrokkenen WHERE segment = ?1 \
         ORDER BY prefix LIMIT 1 OFFSET ?2 - 1), \
        (SELECT max(prefix) FROM verwerkingen_betrokkenen WHERE segment = ?1))";

/// The prefix where portion `k` of a group's build starts.
fn portiebegin(k: i64) -> String {
    if k <= 0 {
        String::new()
    } else {
        format!("{:016x}", (k as u64) << (64 - PORTIE_BITS))
    }
}

/// One step of the merge of the entries by subject (`LOGBOEK_MIGRATIES[5]`), in one
/// transaction ([`Samenvoegstap`]): a portion of a segment below `grens` deleted (its group is
/// built), or else, when every record of the group from segment `grens` on has its entry
/// (`tot >> 14` at least `grens + 64`), the next of the group's 2^[`PORTIE_BITS`] portions
/// built, and after the last, `grens` moved on by [`GROEP`]; or `grens` moved past groups the
/// retention purge emptied. Returns whether there was such a step; whether there is one is
/// read first without taking the write lock.
///
/// The step commits without waiting for the disk (`synchronous = NORMAL`): the writer's next
/// commit of records, which does wait, makes it durable along with them, and a step lost in a
/// crash is simply taken again (a WAL commit is whole or absent after a crash either way). The
/// connection is set back to `FULL` before returning, and [`SqliteLogboekschrijver::schrijf`]
/// sets it again for every commit of records. An interrupted merge goes on where it stood.
///
/// # Errors
/// [`crate::StoreFout`]; the step is then rolled back whole.
pub(super) fn voeg_samen(conn: &mut Connection) -> Resultaat<bool> {
    if Samenvoegstand::lees(conn)?.stap() == Samenvoegstap::Niets {
        return Ok(false);
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let stap = samenvoegstap(conn);
    conn.pragma_update(None, "synchronous", "FULL")?;
    stap
}

/// [`voeg_samen`]'s transaction: reads where the merge stands again under the write lock.
fn samenvoegstap(conn: &mut Connection) -> Resultaat<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let stand = Samenvoegstand::lees(&tx)?;
    let (grens, portie) = match stand.stap() {
        Samenvoegstap::Niets => return Ok(false),
        Samenvoegstap::Sprong(naar) => (naar, 0),
        Samenvoegstap::Weg(segment) => {
            tx.prepare_cached(WEG_UIT_SEGMENT)?
                .execute(params![segment, WEG_PER_STAP])?;
            tx.commit()?;
            return Ok(true);
        }
        Samenvoegstap::Bouw => {
            let (grens, portie) = (stand.grens, stand.portie);
            let laatste = portie + 1 >= 1 << PORTIE_BITS;
            let mut bouw = tx.prepare_cached(&bouw_portie(laatste))?;
            if laatste {
                bouw.execute(params![grens, portiebegin(portie)])?;
                (grens + GROEP, 0)
            } else {
                bouw.execute(params![grens, portiebegin(portie), portiebegin(portie + 1)])?;
                (grens, portie + 1)
            }
        }
    };
    tx.prepare_cached("UPDATE verwerkingen_samengevoegd SET grens = ?1, portie = ?2")?
        .execute(params![grens, portie])?;
    tx.commit()?;
    Ok(true)
}

/// One portion of the retention purge: at most `?3` records of activity `?1` that ended
/// before `?2`, found through `verwerkingen_activiteit_tijd` among those that started before
/// it (a record that started after `?2` cannot have ended before it, unless the clock stepped
/// back between its start and end; such a record waits for the next purge). Each deleted
/// record takes its entry by subject along (the trigger `verwerkingen_verwijderd`).
pub(crate) const VERWIJDER_PORTIE: &str = "\
    DELETE FROM verwerkingen WHERE id IN (SELECT id FROM verwerkingen \
    WHERE processing_activity_id = ?1 AND start_time < ?2 AND end_time < ?2 LIMIT ?3)";

/// A data subject's records: one probe on the first 16 hex digits of the pseudonym per merged
/// group of 2^20 records (`verwerkingen_groepen`, `LOGBOEK_MIGRATIES[5]`) from the first
/// record's to the one being built (`verwerkingen_samengevoegd.grens >> 6`), and per segment of
/// 2^14 records (`verwerkingen_betrokkenen`, `LOGBOEK_MIGRATIES[4]`) from `grens` (or the
/// first record's) to the last with entries; the records past the last entry
/// (`verwerkingen_geindexeerd.tot`, fewer than [`STAART_MAX`]) are read from the log itself.
/// Each id is read once (`UNION`: the entries of a group being built are in both tables), then
/// the whole pseudonym is compared on the row. On a log of 18.7 million records whose merge has
/// caught up that is 18 groups (0 to 17, the one being built included) and 54 segments (1,088
/// to 1,141), not 1,144 segments.
pub(crate) const VERWERKINGEN_VAN_BETROKKENE: &str = "\
    WITH RECURSIVE groep (k) AS ( \
        SELECT (SELECT min(id) FROM verwerkingen) >> 20 \
        UNION ALL SELECT k + 1 FROM groep \
        WHERE k < ((SELECT grens FROM verwerkingen_samengevoegd) >> 6)), \
    segment (n) AS ( \
        SELECT max((SELECT min(id) FROM verwerkingen) >> 14, \
            (SELECT grens FROM verwerkingen_samengevoegd)) \
        UNION ALL SELECT n + 1 FROM segment \
        WHERE n < ((SELECT tot FROM verwerkingen_geindexeerd) >> 14)), \
    ids (id) AS ( \
        SELECT g.id FROM verwerkingen_groepen g \
        WHERE g.groep IN (SELECT k FROM groep) AND g.prefix = substr(?1, 1, 16) \
        UNION SELECT b.id FROM verwerkingen_betrokkenen b \
        WHERE b.segment IN (SELECT n FROM segment) AND b.prefix = substr(?1, 1, 16) \
    UNION SELECT s.id FROM verwerkingen s \
        WHERE s.id > (SELECT tot FROM verwerkingen_geindexeerd)) \
    SELECT v.start_time, v.naam, v.processing_activity_id, a.rol, a.organisatie_naam \
    FROM ids JOIN verwerkingen v ON v.id = ids.id \
    LEFT JOIN audit a ON a.id = v.audit_id \
    WHERE v.data_subject_id = ?1 \
    ORDER BY v.start_time DESC, v.id DESC";

/// An organisation's lookups since `?2`: one probe of `audit_dag_organisatie` per UTC day from
/// `?2`'s to the last in the log, each straight to the organisation's entries of that day (a
/// range over the days would read every organisation's entries since `?2`).
pub(crate) const OPVRAGINGEN_SINDS: &str = "\
    WITH RECURSIVE dag (d) AS ( \
        SELECT ?2 / 86400000000 \
        UNION ALL SELECT d + 1 FROM dag WHERE d < (SELECT max(tijd / 86400000000) FROM audit)) \
    SELECT COALESCE(SUM(bsn_opvragingen), 0) FROM audit \
    WHERE (tijd / 86400000000) IN (SELECT d FROM dag) AND organisatie = ?1 AND tijd >= ?2";

/// Lookups per organisation since `?1`, read from the days of `audit_dag_organisatie` from
/// `?1`'s UTC day on.
pub(crate) const OPVRAGINGEN_PER_ORGANISATIE: &str = "\
    SELECT organisatie, MAX(organisatie_naam), MAX(rol), SUM(bsn_opvragingen), SUM(buiten_eigen_polis), \
    SUM(CASE WHEN doel = 'sollicitant' THEN buiten_eigen_polis ELSE 0 END) FROM audit \
    WHERE (tijd / 86400000000) >= (?1 / 86400000000) AND tijd >= ?1 AND bsn_opvragingen > 0 \
    GROUP BY organisatie ORDER BY organisatie";

impl LogboekLezer for SqliteStore {
    /// A data subject's records, newest first, with the organisation from the audit record.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn verwerkingen_van_betrokkene(
        &self,
        data_subject_id: &str,
    ) -> Resultaat<Vec<EigenVerwerking>> {
        let mut stmt = self.conn.prepare_cached(VERWERKINGEN_VAN_BETROKKENE)?;
        let mut rijen = stmt.query([data_subject_id])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(EigenVerwerking {
                tijd: lees_tijd("verwerkingen", r.get(0)?)?,
                naam: r.get(1)?,
                processing_activity_id: r.get(2)?,
                rol: r.get(3)?,
                organisatie: r.get(4)?,
            });
        }
        Ok(uit)
    }

    /// BSN lookups of an organisation since `vanaf` (for the rate limit).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn opvragingen_sinds(&self, organisatie: &str, vanaf: DateTime<Utc>) -> Resultaat<u64> {
        Ok(self.conn.query_row(
            OPVRAGINGEN_SINDS,
            params![organisatie, tijd_getal(vanaf)],
            |r| r.get(0),
        )?)
    }

    /// Lookups per organisation since `vanaf`, with the share outside own polis data.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn opvragingen_per_organisatie(&self, vanaf: DateTime<Utc>) -> Resultaat<Vec<Opvraagtelling>> {
        let mut stmt = self.conn.prepare_cached(OPVRAGINGEN_PER_ORGANISATIE)?;
        let rijen = stmt.query_map([tijd_getal(vanaf)], |r| {
            Ok(Opvraagtelling {
                organisatie: r.get(0)?,
                organisatie_naam: r.get(1)?,
                rol: r.get(2)?,
                opvragingen: r.get(3)?,
                buiten_eigen_polis: r.get(4)?,
                sollicitant_buiten_eigen_polis: r.get(5)?,
            })
        })?;
        Ok(rijen.collect::<Result<Vec<_>, _>>()?)
    }

    /// Number of processing records (tests, benchmarks).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn aantal_verwerkingen(&self) -> Resultaat<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM verwerkingen", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::super::{SqliteStore, schema};
    use super::{OPVRAGINGEN_PER_ORGANISATIE, OPVRAGINGEN_SINDS, VERWERKINGEN_VAN_BETROKKENE};
    use crate::logboek::{LogboekLezer as _, Logboekschrijver as _};

    fn store() -> SqliteStore {
        SqliteStore::in_geheugen().unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// A log writer on a fresh register `nl.db` in a temporary folder (kept while it lives).
    fn schrijver() -> (tempfile::TempDir, super::SqliteLogboekschrijver) {
        let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let schrijver = super::SqliteLogboekschrijver::open(&map.path().join("nl.db"))
            .unwrap_or_else(|e| unreachable!("{e}"));
        (map, schrijver)
    }

    /// Runs `sql` on a store's or the writer's connection.
    fn voer_uit(conn: &rusqlite::Connection, sql: &str) {
        conn.execute_batch(sql)
            .unwrap_or_else(|e| unreachable!("{sql}: {e}"));
    }

    fn tijd(us: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(us).unwrap_or_else(|| unreachable!("{us}"))
    }

    /// The one number `sql` reads from the store.
    fn tel(s: &SqliteStore, sql: &str) -> i64 {
        s.conn
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| unreachable!("{sql}: {e}"))
    }

    /// The writer's bulk step on the store's log: every record gets its entry.
    fn indexeer(s: &SqliteStore) {
        voer_uit(&s.conn, &super::indexeer_staart("logboek"));
    }

    fn tijden_van(s: &SqliteStore, subject: &str) -> Vec<i64> {
        s.verwerkingen_van_betrokkene(subject)
            .unwrap_or_else(|e| unreachable!("{e}"))
            .iter()
            .map(|v| v.tijd.timestamp_micros())
            .collect()
    }

    /// A subject's records are found in every segment of 16,384 ids, also the first and last
    /// id of one and segments with nothing of theirs in between: ids 1 and 2 lie in segment 0,
    /// 131,071 in segment 7 (8 × 16,384 = 131,072), 131,072 and 131,073 in segment 8, 262,149
    /// in segment 16 (16 × 16,384 = 262,144) and 1,000,000 in segment 61 (61 × 16,384 =
    /// 999,424; 62 × 16,384 = 1,015,808); the others hold no record at all. The same records
    /// are found while none has its entry (all read past `tot`), once all have one (all
    /// through the segments), and with a newer record past the entries beside them.
    #[test]
    fn records_van_een_betrokkene_in_elk_segment() {
        let s = store();
        assert_eq!(s.verwerkingen_van_betrokkene("p1").ok(), Some(vec![]));
        voer_uit(
            &s.conn,
            "INSERT INTO audit (id, trace_id, tijd, sub, rol, organisatie, organisatie_naam, handeling, bsn_opvragingen, buiten_eigen_polis) \
             VALUES (1, 't', 0, 's', 'werkgever', 'o', 'Bakkerij', 'zoeken', 1, 0);",
        );
        let voeg_toe = |id: i64, subject: &str| {
            voer_uit(
                &s.conn,
                &format!(
                    "INSERT INTO verwerkingen (id, trace_id, span_id, naam, status_code, start_time, end_time, \
                     processing_activity_id, data_subject_id, data_subject_id_type, audit_id) \
                     VALUES ({id}, 't', 's', 'zoeken', 'OK', {id}, {id}, 'DGR-ZOEK-WERKNEMER', '{subject}', 'BSN', 1)"
                ),
            );
        };
        for (id, subject) in crate::testdatabase::LOGBOEK_SEGMENTRECORDS {
            voeg_toe(id, subject);
        }
        // newest first; the start time of each record is its id in microseconds
        let p1 = vec![1_000_000, 262_149, 131_072, 131_071, 1];
        for geindexeerd in [false, true] {
            if geindexeerd {
                indexeer(&s);
                let segmenten: Vec<i64> = s
                    .conn
                    .prepare("SELECT segment FROM verwerkingen_betrokkenen ORDER BY id")
                    .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
                    .unwrap_or_else(|e| unreachable!("{e}"));
                assert_eq!(segmenten, vec![0, 0, 7, 8, 8, 16, 61]);
            }
            assert_eq!(tijden_van(&s, "p1"), p1, "geïndexeerd: {geindexeerd}");
            assert_eq!(tijden_van(&s, "p2"), vec![131_073, 2]);
            assert_eq!(tijden_van(&s, "p3"), Vec::<i64>::new());
        }
        let alles = s
            .verwerkingen_van_betrokkene("p1")
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(
            alles
                .iter()
                .all(|v| v.organisatie.as_deref() == Some("Bakkerij"))
        );
        voeg_toe(1_000_001, "p1");
        assert_eq!(tijden_van(&s, "p1")[..2], [1_000_001, 1_000_000]);
        assert_eq!(tijden_van(&s, "p1").len(), 6);
    }

    /// A record of a lookup at `op` concerning `subject`.
    fn verwerking(subject: &str, op: DateTime<Utc>) -> crate::logboek::Verwerking {
        crate::logboek::Verwerking {
            trace_id: "t".into(),
            span_id: "s".into(),
            parent_span_id: None,
            naam: "zoeken".into(),
            status_code: "OK".into(),
            start_time: op,
            end_time: op,
            processing_activity_id: "DGR-ZOEK-WERKNEMER".into(),
            data_subject_id: subject.into(),
            data_subject_id_type: "BSN".into(),
        }
    }

    /// The audit entry of an employer's lookup at `op`.
    fn audit(op: DateTime<Utc>) -> crate::logboek::Audit {
        crate::logboek::Audit {
            trace_id: "t".into(),
            tijd: op,
            sub: "s".into(),
            rol: "werkgever".into(),
            organisatie: "o".into(),
            organisatie_naam: None,
            client_ip: None,
            handeling: "zoeken".into(),
            bsn_opvragingen: 1,
            buiten_eigen_polis: 0,
            doel: None,
        }
    }

    /// The writer adds the entries once 2,048 records are without one, in the commit of the
    /// group that makes them 2,048: 2,047 records (pseudonyms p0 to p9 in turn) leave all 2,047
    /// without, and p3's 205 (i = 3, 13, …, 2,043: (2,043 − 3) / 10 + 1) are read past `tot`;
    /// one more of p3 gives all 2,048 their entry, and p3 has 206.
    #[test]
    fn schrijver_maakt_de_ingangen_per_2048() {
        let (map, mut schrijver) = schrijver();
        let a = audit(tijd(1));
        let eerste: Vec<_> = (0..2_047)
            .map(|i| verwerking(&format!("p{}", i % 10), tijd(1)))
            .collect();
        schrijver
            .schrijf(&[(&a, eerste.as_slice())])
            .unwrap_or_else(|e| unreachable!("{e}"));
        let lezer =
            SqliteStore::open(&map.path().join("nl.db")).unwrap_or_else(|e| unreachable!("{e}"));
        // (entries, records past `tot`, `tot`, p3's records found)
        let stand = || {
            let p3 = lezer.verwerkingen_van_betrokkene("p3").map(|v| v.len());
            (
                tel(&lezer, "SELECT count(*) FROM verwerkingen_betrokkenen"),
                tel(&lezer, super::STAART),
                tel(&lezer, "SELECT tot FROM verwerkingen_geindexeerd"),
                p3.unwrap_or_else(|e| unreachable!("{e}")),
            )
        };
        assert_eq!(super::STAART_MAX, 2_048);
        assert_eq!(stand(), (0, 2_047, 0, 205));
        schrijver
            .schrijf(&[(&a, [verwerking("p3", tijd(1))].as_slice())])
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(stand(), (2_048, 0, 2_048, 206));
    }

    /// Deleting records takes their entries along, and deleting the newest brings `tot` down to
    /// the last id left. Of records 1 to 5 (each starting at its id in µs), all with their entry:
    /// 2 goes (4 entries, `tot` stays 5); 4 and 5 go (2 entries, `tot` 3). SQLite gives the next
    /// record id 4 again (starting at 6 µs), which has no entry and is read past `tot`, so the
    /// subject has 6, 3, 1 (with `tot` left at 5 it would have 3, 1). A record 5 (7 µs) whose
    /// entry was made by hand beforehand does not stop the next bulk step: entries 1, 3, 4, 5,
    /// `tot` 5.
    #[test]
    fn verwijderen_neemt_ingangen_mee() {
        let s = store();
        let voeg_toe = |id: &str, start: i64| {
            voer_uit(
                &s.conn,
                &format!(
                    "INSERT INTO verwerkingen (id, trace_id, span_id, naam, status_code, start_time, end_time, \
                     processing_activity_id, data_subject_id, data_subject_id_type) \
                     VALUES ({id}, 't', 's', 'zoeken', 'OK', {start}, {start}, 'A', 'p', 'BSN')"
                ),
            );
        };
        for id in 1..=5 {
            voeg_toe(&id.to_string(), id);
        }
        indexeer(&s);
        let telling = |sql: &str| tel(&s, sql);
        let ingangen = "SELECT count(*) FROM verwerkingen_betrokkenen";
        let tot = "SELECT tot FROM verwerkingen_geindexeerd";
        voer_uit(&s.conn, "DELETE FROM verwerkingen WHERE id = 2");
        assert_eq!((telling(ingangen), telling(tot)), (4, 5));
        voer_uit(&s.conn, "DELETE FROM verwerkingen WHERE id >= 4");
        assert_eq!((telling(ingangen), telling(tot)), (2, 3));
        voeg_toe("NULL", 6);
        assert_eq!(telling("SELECT max(id) FROM verwerkingen"), 4);
        assert_eq!(tijden_van(&s, "p"), vec![6, 3, 1]);
        voeg_toe("5", 7);
        voer_uit(
            &s.conn,
            "INSERT INTO verwerkingen_betrokkenen VALUES (0, 'p', 5)",
        );
        indexeer(&s);
        assert_eq!((telling(ingangen), telling(tot)), (4, 5));
        assert_eq!(tijden_van(&s, "p"), vec![7, 6, 3, 1]);
    }

    /// Records with ids in four groups of 2^20 (1,048,576) and the subject of each, in turn one
    /// of six pseudonyms chosen to fall in the first, early, middle and last portions of the
    /// merge, and one that is not hex at all (merged by the last portion, from "fff0…" on). Group
    /// 0 holds ids 1 to 1,048,575 (segments 0 to 63: 16,383 is the last id of segment 0 and
    /// 16,384 the first of segment 1), group 1 from 1,048,576 (segment 64) to 2,097,151, group 2
    /// from 2,097,152 (segment 128), group 3 from 3,145,728 (segment 192; 3,200,000 lies in
    /// segment 195: 195 × 16,384 = 3,194,880).
    const GROEPRECORDS: [i64; 11] = [
        1, 16_383, 16_384, 1_048_575, 1_048_576, 1_500_000, 2_097_151, 2_097_152, 3_000_000,
        3_145_728, 3_200_000,
    ];
    const PSEUDONIEMEN: [&str; 6] = ["", "00ab", "0fz", "7c01", "ff00", "zz-geen-hex"];

    /// Inserts a record of `subject` through the writer's connection, with id `id` (`None`: the
    /// next id SQLite gives), starting and ending at its id in µs.
    fn voeg_toe(schrijver: &super::SqliteLogboekschrijver, id: Option<i64>, subject: &str) {
        let id = id.map_or("NULL".to_string(), |i| i.to_string());
        schrijver
            .conn
            .execute_batch(&format!(
                "INSERT INTO verwerkingen (id, trace_id, span_id, naam, status_code, start_time, end_time, \
                 processing_activity_id, data_subject_id, data_subject_id_type) \
                 SELECT {id}, 't', 's', 'zoeken', 'OK', coalesce({id}, max(id) + 1), coalesce({id}, max(id) + 1), \
                 'DGR-ZOEK-WERKNEMER', '{subject}', 'BSN' FROM verwerkingen"
            ))
            .unwrap_or_else(|e| unreachable!("{e}"));
    }

    /// Every subject's records as the reader finds them (start times, newest first) against
    /// those `verwacht` holds, worked out from the inserted records alone.
    fn controleer(lezer: &SqliteStore, verwacht: &[(i64, &str)], wanneer: &str) {
        for p in PSEUDONIEMEN {
            let mut tijden: Vec<i64> = verwacht
                .iter()
                .filter(|(_, s)| *s == p)
                .map(|(id, _)| *id)
                .collect();
            tijden.sort_unstable_by(|a, b| b.cmp(a));
            assert_eq!(tijden_van(lezer, p), tijden, "{p:?} {wanneer}");
        }
    }

    /// Every entry: record id, table (`g` for a group, `s` for a segment) and key, in order of
    /// record id.
    fn sleutels(lezer: &SqliteStore) -> Vec<(i64, char, i64)> {
        super::super::rijen(
            &lezer.conn,
            "SELECT id, 'g', groep FROM verwerkingen_groepen \
             UNION ALL SELECT id, 's', segment FROM verwerkingen_betrokkenen ORDER BY 1, 2",
            &[],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, String>(1)?.chars().next().unwrap_or('?'),
                    r.get(2)?,
                ))
            },
        )
    }

    /// The writer's bulk step on its own connection: every record gets its entry.
    fn indexeer_schrijver(schrijver: &super::SqliteLogboekschrijver) {
        voer_uit(&schrijver.conn, &super::indexeer_staart("main"));
    }

    /// Records with these ids and subjects ([`voeg_toe`]), then the writer's bulk step: each
    /// gets its entry.
    fn voeg_toe_met_ingangen(schrijver: &super::SqliteLogboekschrijver, records: &[(i64, &str)]) {
        for (id, p) in records {
            voeg_toe(schrijver, Some(*id), p);
        }
        indexeer_schrijver(schrijver);
    }

    /// A log writer on a fresh register, with a reader of the same log.
    fn schrijver_en_lezer() -> (
        tempfile::TempDir,
        super::SqliteLogboekschrijver,
        SqliteStore,
    ) {
        let (map, schrijver) = schrijver();
        let lezer =
            SqliteStore::open(&map.path().join("nl.db")).unwrap_or_else(|e| unreachable!("{e}"));
        (map, schrijver, lezer)
    }

    /// `n` merge steps, each of which must find work.
    fn stappen(schrijver: &mut super::SqliteLogboekschrijver, n: usize) {
        for stap in 1..=n {
            let werk = schrijver
                .voeg_samen()
                .unwrap_or_else(|e| unreachable!("{e}"));
            assert!(werk, "stap {stap} van {n}");
        }
    }

    /// Where the merge stands, as one number: `grens` × 10,000 + `portie`.
    const STAND: &str = "SELECT grens * 10000 + portie FROM verwerkingen_samengevoegd";

    /// Merges until nothing is left to merge, checking the reader after every 64th step and
    /// after the last; returns the number of steps.
    fn voeg_alles_samen(
        schrijver: &mut super::SqliteLogboekschrijver,
        lezer: &SqliteStore,
        verwacht: &[(i64, &str)],
    ) -> usize {
        let mut stappen = 0;
        while schrijver
            .voeg_samen()
            .unwrap_or_else(|e| unreachable!("{e}"))
        {
            stappen += 1;
            if stappen % 64 == 0 {
                controleer(lezer, verwacht, &format!("na stap {stappen}"));
            }
        }
        controleer(lezer, verwacht, &format!("na alle {stappen} stappen"));
        stappen
    }

    /// The entries of a group of 64 segments are merged into one group (`id >> 20`) once every
    /// record of the group has its entry, and the reader finds every subject's records, each
    /// once, before, between and after the steps. With the newest record 3,200,000 (segment
    /// 195) groups 0, 1 and 2 are merged (195 ≥ 128 + 64) and group 3 not (195 < 192 + 64):
    /// 3 × 4,096 steps build them, and 8 more delete their segments' entries, one step per
    /// segment with entries (segments 0, 1 and 63; 64, 91 (1,500,000 >> 14) and 127; 128 and
    /// 183 (3,000,000 >> 14)); `grens` ends at 192.
    #[test]
    fn ingangen_van_oude_segmenten_samengevoegd() {
        let (_map, mut schrijver, lezer) = schrijver_en_lezer();
        let verwacht: Vec<(i64, &str)> = GROEPRECORDS
            .iter()
            .zip(PSEUDONIEMEN.iter().cycle())
            .map(|(id, p)| (*id, *p))
            .collect();
        for (id, p) in &verwacht {
            voeg_toe(&schrijver, Some(*id), p);
        }
        let niets = schrijver
            .voeg_samen()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(!niets, "no entries yet");
        controleer(&lezer, &verwacht, "zonder ingangen");
        indexeer_schrijver(&schrijver);
        controleer(&lezer, &verwacht, "voor het samenvoegen");
        assert_eq!(
            voeg_alles_samen(&mut schrijver, &lezer, &verwacht),
            3 * 4_096 + 8
        );
        assert_eq!(tel(&lezer, STAND), 1_920_000);
        // the groups and segments of GROEPRECORDS' documentation
        let mut sleutels_verwacht = vec![
            (1, 'g', 0),
            (16_383, 'g', 0),
            (16_384, 'g', 0),
            (1_048_575, 'g', 0),
            (1_048_576, 'g', 1),
            (1_500_000, 'g', 1),
            (2_097_151, 'g', 1),
            (2_097_152, 'g', 2),
            (3_000_000, 'g', 2),
            (3_145_728, 's', 192),
            (3_200_000, 's', 195),
        ];
        assert_eq!(sleutels(&lezer), sleutels_verwacht);

        // the purge takes entries from a group and from a segment along
        voer_uit(
            &schrijver.conn,
            "DELETE FROM verwerkingen WHERE id IN (16383, 3145728)",
        );
        sleutels_verwacht.retain(|(id, _, _)| ![16_383, 3_145_728].contains(id));
        assert_eq!(sleutels(&lezer), sleutels_verwacht);
        let mut verwacht = verwacht;
        verwacht.retain(|(id, _)| ![16_383, 3_145_728].contains(id));
        controleer(&lezer, &verwacht, "na het opschonen");

        // the newest records go down to 1,048,576 (group 1): `tot` comes down to it, and the
        // merge starts over at group 1 (segment 64); SQLite gives id 1,048,577 again
        voer_uit(
            &schrijver.conn,
            "DELETE FROM verwerkingen WHERE id >= 1500000",
        );
        verwacht.retain(|(id, _)| *id < 1_500_000);
        assert_eq!(tel(&lezer, STAND), 640_000);
        voeg_toe(&schrijver, None, "7c01");
        verwacht.push((1_048_577, "7c01"));
        controleer(&lezer, &verwacht, "met een id opnieuw gegeven");
        indexeer_schrijver(&schrijver);
        assert_eq!(
            voeg_alles_samen(&mut schrijver, &lezer, &verwacht),
            0,
            "64 < 64 + 64"
        );
        // a record in segment 134 (2,200,000 >> 14) completes group 1: built again, now with
        // the record whose id was given again (4,096 steps, and one for segment 64)
        voeg_toe_met_ingangen(&schrijver, &[(2_200_000, "ff00")]);
        verwacht.push((2_200_000, "ff00"));
        assert_eq!(
            voeg_alles_samen(&mut schrijver, &lezer, &verwacht),
            4_096 + 1
        );
        assert_eq!(tel(&lezer, STAND), 1_280_000);
        assert_eq!(
            sleutels(&lezer),
            vec![
                (1, 'g', 0),
                (16_384, 'g', 0),
                (1_048_575, 'g', 0),
                (1_048_576, 'g', 1),
                (1_048_577, 'g', 1),
                (2_200_000, 's', 134)
            ]
        );
    }

    /// A group's build starts over when the newest records go and their ids are given again:
    /// the new records are merged whichever portions were built before.
    /// - Records 1, 500,000 and 1,048,575 (group 0) and 1,100,000 (segment 67) make group 0
    ///   due; 1,000 of its 4,096 portions are built (those of "00ab" among them, portion 10:
    ///   0x00ab… / 2^52 = 0x00ab >> 4 = 10). Then 1,048,575 and 1,100,000 go: `tot` is 500,000,
    ///   and the build starts over (`portie` 0). Id 500,001 ("00ab", segment 30) is given again.
    ///   With 1,100,000 back, 4,096 build steps and 2 that delete segments 0 and 30.
    /// - Records 1,200,000 (segment 73) and 2,100,000 (segment 128) make group 1 due; its
    ///   4,096 portions are built (`grens` 128) before its segments' entries are deleted. Then
    ///   both go: `tot` is 1,100,000 and `grens` comes back to 64, where id 1,100,001 is given
    ///   again. With 2,100,000 back, 4,096 build steps and 1 that deletes segment 67.
    /// - Record 3,200,000 (segment 195) makes group 2 due; after 10 portions a record past `tot`
    ///   is deleted, and the build starts over: 4,096 steps and 1 for segment 128.
    #[test]
    fn samenvoegen_begint_opnieuw_als_de_nieuwste_verdwijnen() {
        let (_map, mut schrijver, lezer) = schrijver_en_lezer();
        let v = [
            (1, "00ab"),
            (500_000, "ff00"),
            (1_048_575, "00ab"),
            (1_100_000, "ff00"),
        ];
        voeg_toe_met_ingangen(&schrijver, &v);
        stappen(&mut schrijver, 1_000);
        assert_eq!(tel(&lezer, STAND), 1_000);
        controleer(&lezer, &v, "halverwege groep 0");
        voer_uit(
            &schrijver.conn,
            "DELETE FROM verwerkingen WHERE id >= 1048575",
        );
        assert_eq!(tel(&lezer, STAND), 0);
        voeg_toe(&schrijver, None, "00ab");
        let v = [(1, "00ab"), (500_000, "ff00"), (500_001, "00ab")];
        controleer(&lezer, &v, "id 500.001 opnieuw gegeven");
        voeg_toe_met_ingangen(&schrijver, &[(1_100_000, "ff00")]);
        let v = [v.as_slice(), &[(1_100_000, "ff00")]].concat();
        assert_eq!(voeg_alles_samen(&mut schrijver, &lezer, &v), 4_096 + 2);
        assert_eq!(
            sleutels(&lezer),
            vec![
                (1, 'g', 0),
                (500_000, 'g', 0),
                (500_001, 'g', 0),
                (1_100_000, 's', 67)
            ]
        );

        voeg_toe_met_ingangen(&schrijver, &[(1_200_000, "00ab"), (2_100_000, "ff00")]);
        stappen(&mut schrijver, 4_096);
        assert_eq!(tel(&lezer, STAND), 1_280_000);
        voer_uit(
            &schrijver.conn,
            "DELETE FROM verwerkingen WHERE id >= 1150000",
        );
        assert_eq!(tel(&lezer, STAND), 640_000);
        controleer(&lezer, &v, "groep 1 gebouwd, segmenten nog niet leeg");
        voeg_toe(&schrijver, None, "ff00");
        indexeer_schrijver(&schrijver);
        voeg_toe_met_ingangen(&schrijver, &[(2_100_000, "ff00")]);
        let v = [v.as_slice(), &[(1_100_001, "ff00"), (2_100_000, "ff00")]].concat();
        assert_eq!(voeg_alles_samen(&mut schrijver, &lezer, &v), 4_096 + 1);
        assert_eq!(tel(&lezer, STAND), 1_280_000);

        voeg_toe_met_ingangen(&schrijver, &[(3_200_000, "00ab")]);
        stappen(&mut schrijver, 10);
        assert_eq!(tel(&lezer, STAND), 1_280_010);
        voeg_toe(&schrijver, Some(3_300_000), "00ab");
        voer_uit(
            &schrijver.conn,
            "DELETE FROM verwerkingen WHERE id = 3300000",
        );
        assert_eq!(tel(&lezer, STAND), 1_280_000);
        let v = [v.as_slice(), &[(3_200_000, "00ab")]].concat();
        assert_eq!(voeg_alles_samen(&mut schrijver, &lezer, &v), 4_096 + 1);
        assert_eq!(
            sleutels(&lezer),
            vec![
                (1, 'g', 0),
                (500_000, 'g', 0),
                (500_001, 'g', 0),
                (1_100_000, 'g', 1),
                (1_100_001, 'g', 1),
                (2_100_000, 'g', 2),
                (3_200_000, 's', 195)
            ]
        );
    }

    /// Once the purge took every record before group 2, `grens` jumps to its first segment
    /// (2 × 64 = 128) in one step instead of building groups 0 and 1 empty: records 1,
    /// 2,100,000 (segment 128) and 2,200,000 (segment 134); record 1 goes.
    #[test]
    fn samenvoegen_slaat_lege_groepen_over() {
        let (_map, mut schrijver, lezer) = schrijver_en_lezer();
        voeg_toe_met_ingangen(
            &schrijver,
            &[(1, "00ab"), (2_100_000, "00ab"), (2_200_000, "ff00")],
        );
        voer_uit(&schrijver.conn, "DELETE FROM verwerkingen WHERE id = 1");
        let v = [(2_100_000, "00ab"), (2_200_000, "ff00")];
        assert_eq!(voeg_alles_samen(&mut schrijver, &lezer, &v), 1);
        assert_eq!(tel(&lezer, STAND), 1_280_000);
    }

    /// Every commit of records waits for the disk (`synchronous = FULL`, 2), also after a merge
    /// step, which commits without (`NORMAL`, 1), and whatever the connection was set to.
    #[test]
    fn records_altijd_duurzaam() {
        let (_map, mut schrijver) = schrijver();
        let synchronous = |w: &super::SqliteLogboekschrijver| -> i64 {
            w.conn
                .pragma_query_value(None, "synchronous", |r| r.get(0))
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        voeg_toe_met_ingangen(&schrijver, &[(1, "p"), (1_100_000, "p")]);
        stappen(&mut schrijver, 1);
        assert_eq!(synchronous(&schrijver), 2);
        voer_uit(&schrijver.conn, "PRAGMA synchronous = NORMAL");
        let nu = tijd(1);
        schrijver
            .schrijf(&[(&audit(nu), [verwerking("p", nu)].as_slice())])
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(synchronous(&schrijver), 2);
    }

    /// A step of a group's build reads each segment of the group straight at its range of
    /// prefixes, not the whole group; a step deleting a segment's entries reads that segment.
    #[test]
    fn samenvoegen_leest_alleen_de_portie() {
        let (_map, schrijver) = schrijver();
        for laatste in [false, true] {
            let plan = super::super::zoekplan(
                &schrijver.conn,
                &super::bouw_portie(laatste),
                &[&64, &"0a", &"0b"],
            );
            let bereik = if laatste {
                "(segment=? AND prefix>?)"
            } else {
                "(segment=? AND prefix>? AND prefix<?)"
            };
            assert!(plan.contains(bereik), "{plan}");
            assert!(!plan.contains("SCAN verwerkingen"), "{plan}");
        }
        let plan = super::super::zoekplan(&schrijver.conn, super::WEG_UIT_SEGMENT, &[&64, &4096]);
        assert!(plan.contains("(segment=? AND prefix<?)"), "{plan}");
        assert!(!plan.contains("SCAN verwerkingen"), "{plan}");
        // portion k starts at k × 2^52: portion 1 at 0x0010…, portion 4,095 at 0xfff0…
        assert_eq!(super::portiebegin(0), "");
        assert_eq!(super::portiebegin(1), "0010000000000000");
        assert_eq!(super::portiebegin(2_048), "8000000000000000");
        assert_eq!(super::portiebegin(4_095), "fff0000000000000");
    }

    /// The daily limit after a restart counts an organisation's lookups from local midnight on,
    /// across the UTC day boundary the index is partitioned by. Day 20,000 starts at
    /// 20,000 × 86,400,000,000 = 1,728,000,000,000,000 µs; `vanaf` is one hour before it
    /// (midnight in Amsterdam, UTC+1), so lookups on both UTC days count:
    /// 2 (at vanaf) + 3 (day 20,000) = 5, not the 7 a minute before vanaf, nor the 11 of
    /// another organisation. Per organisation since vanaf: o 5, p 11.
    #[test]
    fn opvragingen_sinds_middernacht_over_de_utc_dag_heen() {
        let s = store();
        let dag: i64 = 20_000 * 86_400_000_000;
        let vanaf = dag - 3_600_000_000;
        for (id, t, org, n) in [
            (1, vanaf - 60_000_000, "o", 7),
            (2, vanaf, "o", 2),
            (3, dag + 5, "o", 3),
            (4, vanaf + 1, "p", 11),
        ] {
            voer_uit(
                &s.conn,
                &format!(
                    "INSERT INTO audit (id, trace_id, tijd, sub, rol, organisatie, handeling, bsn_opvragingen, buiten_eigen_polis) \
                     VALUES ({id}, 't', {t}, 's', 'werkgever', '{org}', 'zoeken', {n}, 0)"
                ),
            );
        }
        assert_eq!(s.opvragingen_sinds("o", tijd(vanaf)).ok(), Some(5));
        assert_eq!(s.opvragingen_sinds("p", tijd(vanaf)).ok(), Some(11));
        assert_eq!(s.opvragingen_sinds("q", tijd(vanaf)).ok(), Some(0));
        let per: Vec<(String, u64)> = s
            .opvragingen_per_organisatie(tijd(vanaf))
            .unwrap_or_else(|e| unreachable!("{e}"))
            .into_iter()
            .map(|t| (t.organisatie, t.opvragingen))
            .collect();
        assert_eq!(per, vec![("o".to_string(), 5), ("p".to_string(), 11)]);
    }

    /// The writer leaves its WAL checkpoints to the upkeep connection once that exists (it
    /// checkpoints itself only past 16,384 pages, 64 MiB), and that upkeep copies the WAL of
    /// committed records back into the file.
    #[test]
    fn schrijver_laat_checkpoints_aan_onderhoud() {
        let (map, mut schrijver) = schrijver();
        let register = map.path().join("nl.db");
        let drempel = |w: &super::SqliteLogboekschrijver| -> i64 {
            w.conn
                .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        assert_eq!(drempel(&schrijver), 1_000, "SQLite's default before");
        let mut onderhoud = schrijver
            .onderhoud()
            .unwrap_or_else(|e| unreachable!("{e}"))
            .unwrap_or_else(|| unreachable!("SQLite has upkeep"));
        assert_eq!(drempel(&schrijver), 16_384);
        let nu = tijd(1_700_000_000_000_000);
        let a = audit(nu);
        let records = [verwerking("p1", nu)];
        schrijver
            .schrijf(&[(&a, &records[..])])
            .unwrap_or_else(|e| unreachable!("{e}"));
        // the log file itself, read as if no WAL existed: the record is there only once the
        // upkeep copied it back
        let in_bestand = || -> i64 {
            let uri = format!(
                "file:{}?immutable=1",
                super::super::logboek_pad(&register).display()
            );
            rusqlite::Connection::open_with_flags(
                uri,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
            )
            .and_then(|c| c.query_row("SELECT count(*) FROM verwerkingen", [], |r| r.get(0)))
            .unwrap_or_else(|e| unreachable!("{e}"))
        };
        assert_eq!(in_bestand(), 0, "committed, still in the WAL only");
        onderhoud
            .onderhoud()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(in_bestand(), 1);
    }

    /// The purge deletes in portions until none is left: 5 records of DGR-OUD ended before
    /// the limit of 6 µs (ids 1, 2, 4 and 5, each starting and ending at its id in µs, and
    /// id 7, which started and ended at 3 µs); in portions of 2 that is 2, then 2 + 1; the one
    /// ending at 6 µs (not before the limit) and the one of another activity stay. It reads the
    /// activity's records that started before the limit, through `verwerkingen_activiteit_tijd`.
    #[test]
    fn opschonen_in_porties() {
        let (_map, mut schrijver) = schrijver();
        for (id, activiteit) in [
            (1, "DGR-OUD"),
            (2, "DGR-OUD"),
            (3, "DGR-ANDERS"),
            (4, "DGR-OUD"),
            (5, "DGR-OUD"),
            (6, "DGR-OUD"),
            (7, "DGR-OUD"),
        ] {
            let eind = if id == 7 { 3 } else { id };
            schrijver
                .conn
                .execute_batch(&format!(
                    "INSERT INTO verwerkingen (id, trace_id, span_id, naam, status_code, start_time, end_time, \
                     processing_activity_id, data_subject_id, data_subject_id_type) \
                     VALUES ({id}, 't', 's', 'zoeken', 'OK', {}, {eind}, '{activiteit}', 'p', 'BSN')",
                    eind.min(id)
                ))
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        // one portion deletes 2, not all 5
        let eerste = schrijver
            .verwijder_portie("DGR-OUD", tijd(6), 2)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(eerste, 2);
        let rest = schrijver
            .verwijder_in_porties("DGR-OUD", tijd(6), 2)
            .unwrap_or_else(|e| unreachable!("{e}"));
        // ids 1, 2, 4, 5 and 7 (ended at 3 µs) are gone: 2 + 3
        assert_eq!(rest, 3);
        let over: Vec<i64> = schrijver
            .conn
            .prepare("SELECT id FROM verwerkingen ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(over, vec![3, 6]);
        let plan = super::super::zoekplan(
            &schrijver.conn,
            super::VERWIJDER_PORTIE,
            &[&"DGR-OUD", &6, &2],
        );
        assert!(
            plan.contains(
                "verwerkingen_activiteit_tijd (processing_activity_id=? AND start_time<?)"
            ),
            "{plan}"
        );
    }

    /// SQLite uses an index on an expression only for that exact expression: the queries and
    /// the migration must agree on `tijd / 86400000000`; the entries of a subject's records are
    /// made (migration, writer) and read with the same segment (`id >> 14`) and pseudonym
    /// prefix; and each query must read its index rather than scan the log.
    #[test]
    fn logboek_indexen_worden_gebruikt() {
        let s = store();
        let migratie = schema::LOGBOEK_MIGRATIES.join("\n");
        for sql in [migratie.clone(), super::indexeer_staart("logboek")] {
            assert!(sql.contains(
                "SELECT id >> 14, substr(data_subject_id, 1, 16), id FROM logboek.verwerkingen"
            ));
        }
        assert!(VERWERKINGEN_VAN_BETROKKENE.contains("verwerkingen) >> 14"));
        assert!(VERWERKINGEN_VAN_BETROKKENE.contains("verwerkingen_geindexeerd) >> 14"));
        assert!(VERWERKINGEN_VAN_BETROKKENE.contains("b.prefix = substr(?1, 1, 16)"));
        let dag = "(tijd / 86400000000)";
        for sql in [&migratie, OPVRAGINGEN_SINDS, OPVRAGINGEN_PER_ORGANISATIE] {
            assert!(sql.contains(dag), "{sql}");
        }
        for (sql, index) in [
            (VERWERKINGEN_VAN_BETROKKENE, "b USING PRIMARY KEY"),
            (OPVRAGINGEN_SINDS, "audit_dag_organisatie"),
            (OPVRAGINGEN_PER_ORGANISATIE, "audit_dag_organisatie"),
        ] {
            let plan = super::super::zoekplan(&s.conn, sql, &[&"o", &"1"]);
            assert!(plan.contains(index), "{index}: {plan}");
            // straight to the subject (segment and pseudonym prefix) and to the organisation
            if sql == VERWERKINGEN_VAN_BETROKKENE {
                assert!(plan.contains("(segment=? AND prefix=?)"), "{plan}");
                assert!(
                    plan.contains("g USING PRIMARY KEY (groep=? AND prefix=?)"),
                    "{plan}"
                );
                let scant = |t: &str| {
                    plan.split(" | ")
                        .any(|r| r == format!("SCAN {t}") || r.starts_with(&format!("SCAN {t} ")))
                };
                assert!(!scant("g") && !scant("b"), "{plan}");
                assert!(
                    plan.contains("SEARCH s USING INTEGER PRIMARY KEY (rowid>?)"),
                    "{plan}"
                );
            }
            if sql == OPVRAGINGEN_SINDS {
                assert!(plan.contains("(<expr>=? AND organisatie=?"), "{plan}");
            }
            assert!(
                !plan.contains("SCAN v ") && !plan.contains("SCAN audit"),
                "{plan}"
            );
        }
    }
}
