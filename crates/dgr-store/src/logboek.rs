//! The processing log (Logboek Dataverwerkingen, API.md): one record per data subject and
//! request, pseudonymised, with an audit entry naming the user behind the request. Records are
//! written in batches by one writer ([`Logboekschrijver`], group commit: one durable commit for
//! many requests) and read back per data subject (a citizen's own records) or per organisation
//! (misuse signals, the daily lookup limit) through [`LogboekLezer`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Resultaat;

/// One processing record (one data subject).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verwerking {
    /// W3C trace id (32 hex).
    pub trace_id: String,
    /// Span id (16 hex).
    pub span_id: String,
    /// The caller's span, from an incoming `traceparent`.
    pub parent_span_id: Option<String>,
    /// The operation.
    pub naam: String,
    /// OK, ERROR or UNSET.
    pub status_code: String,
    /// Start (UTC).
    pub start_time: DateTime<Utc>,
    /// End (UTC).
    pub end_time: DateTime<Utc>,
    /// Id from the register of processing activities.
    pub processing_activity_id: String,
    /// The pseudonymised subject (HMAC-SHA256 of the BSN, hex).
    pub data_subject_id: String,
    /// Always `BSN`.
    pub data_subject_id_type: String,
}

/// The user behind a trace.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Audit {
    /// Trace id linking to the processing records.
    pub trace_id: String,
    /// When.
    pub tijd: DateTime<Utc>,
    /// Token subject.
    pub sub: String,
    /// Role.
    pub rol: String,
    /// Organisation key (fiscaal nummer, gemeentecode, or the subject).
    pub organisatie: String,
    /// Organisation display name.
    pub organisatie_naam: Option<String>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// The operation.
    pub handeling: String,
    /// Number of BSN lookups in the request (for the rate limit).
    pub bsn_opvragingen: u32,
    /// How many of them concern BSNs absent from the organisation's own polis data.
    pub buiten_eigen_polis: u32,
    /// The purpose an employer gave for its lookup (Wfsv art. 38d lid 7: `werknemer`,
    /// `sollicitant` or `inlener`); `None` for every other request.
    pub doel: Option<String>,
}

/// A record as a citizen sees it: who (kind and name of organisation), when, what for.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EigenVerwerking {
    /// When (UTC).
    pub tijd: DateTime<Utc>,
    /// Operation.
    pub naam: String,
    /// Processing activity id.
    pub processing_activity_id: String,
    /// The organisation's role (werkgever, gemeente, uwv, …).
    pub rol: Option<String>,
    /// The organisation's name.
    pub organisatie: Option<String>,
}

/// Lookups per organisation (misuse signals).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Opvraagtelling {
    /// Organisation key.
    pub organisatie: String,
    /// Display name.
    pub organisatie_naam: Option<String>,
    /// Role.
    pub rol: String,
    /// BSN lookups.
    pub opvragingen: u64,
    /// Of which for BSNs absent from own polis data.
    pub buiten_eigen_polis: u64,
    /// Of those, the lookups with the purpose `sollicitant`: many applicants who never worked
    /// for the employer is the pattern of fishing (issue #14).
    pub sollicitant_buiten_eigen_polis: u64,
}

/// Reads of the processing log.
pub trait LogboekLezer {
    /// A data subject's records, newest first, with the organisation from the audit entry.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn verwerkingen_van_betrokkene(&self, data_subject_id: &str)
    -> Resultaat<Vec<EigenVerwerking>>;

    /// BSN lookups of an organisation since `vanaf` (for the daily limit).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn opvragingen_sinds(&self, organisatie: &str, vanaf: DateTime<Utc>) -> Resultaat<u64>;

    /// Lookups per organisation since `vanaf`, with the share outside own polis data.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn opvragingen_per_organisatie(&self, vanaf: DateTime<Utc>) -> Resultaat<Vec<Opvraagtelling>>;

    /// Number of processing records.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn aantal_verwerkingen(&self) -> Resultaat<u64>;
}

/// Records deleted per transaction by [`Logboekschrijver::verwijder_ouder_dan`].
pub const VERWIJDER_PORTIE: usize = 10_000;

/// The one writer of the processing log. A record is committed durably before [`schrijf`]
/// returns; the server answers a request only after that (API.md).
///
/// [`schrijf`]: Logboekschrijver::schrijf
pub trait Logboekschrijver: Send {
    /// Writes a batch of requests — each an audit entry and its records (one per data
    /// subject) — in one durable transaction.
    ///
    /// # Errors
    /// [`crate::StoreFout`]; nothing of the batch is written then.
    fn schrijf(&mut self, verzoeken: &[(&Audit, &[Verwerking])]) -> Resultaat<()>;

    /// Deletes the records of `activiteit` that ended before `grens` (retention, API.md);
    /// returns how many. The records are deleted in portions of [`VERWIJDER_PORTIE`], each in
    /// a transaction of its own, so a purge of a long log never holds up the lookups waiting
    /// for the log's commits for longer than one portion; an interrupted purge is simply run
    /// again. Only the activity's records that started before `grens` are read (through the
    /// index on activity and `start_time`), not the whole log; a record whose end was stamped
    /// before its start (the clock stepped back) waits for the next purge.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn verwijder_ouder_dan(&mut self, activiteit: &str, grens: DateTime<Utc>) -> Resultaat<usize> {
        self.verwijder_in_porties(activiteit, grens, VERWIJDER_PORTIE)
    }

    /// [`Logboekschrijver::verwijder_ouder_dan`] with `portie` records (at least 1) per
    /// transaction. After each full portion it waits as long as that portion took, so the
    /// server's log writer (which retries a busy SQLite lock only every few milliseconds) gets
    /// its turn in between.
    ///
    /// # Errors
    /// [`crate::StoreFout`]; the portions before the failing one stay deleted.
    fn verwijder_in_porties(
        &mut self,
        activiteit: &str,
        grens: DateTime<Utc>,
        portie: usize,
    ) -> Resultaat<usize> {
        let portie = portie.max(1);
        let mut totaal = 0;
        loop {
            let begin = std::time::Instant::now();
            let n = self.verwijder_portie(activiteit, grens, portie)?;
            totaal += n;
            if n < portie {
                return Ok(totaal);
            }
            std::thread::sleep(begin.elapsed());
        }
    }

    /// One portion of the purge: at most `portie` records of `activiteit` that ended before
    /// `grens`, in one transaction; returns how many.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn verwijder_portie(
        &mut self,
        activiteit: &str,
        grens: DateTime<Utc>,
        portie: usize,
    ) -> Resultaat<usize>;

    /// One step of upkeep of the log's indexes, done by the writer between its commits and
    /// never inside one, so no request waits for more than one step; returns whether there was
    /// work, so the caller knows to come back soon (`true`) or only later (`false`). SQLite:
    /// a step of merging the entries by subject of a group of 64 old segments (2^20 records)
    /// into one (issue #13, `voeg_samen` in `sqlite/logboek.rs`), about half a millisecond on the
    /// development machine; PostgreSQL: nothing to do.
    ///
    /// # Errors
    /// [`crate::StoreFout`]; the step's transaction is then rolled back whole.
    fn voeg_samen(&mut self) -> Resultaat<bool> {
        Ok(false)
    }

    /// Background upkeep that may run beside the writer on its own connection (SQLite: a
    /// passive WAL checkpoint of the log file), or `None` when the backend needs none. The
    /// caller must then run it periodically: the SQLite writer leaves its checkpoints to it.
    ///
    /// # Errors
    /// [`crate::StoreFout`] when its connection cannot be opened.
    fn onderhoud(&self) -> Resultaat<Option<Box<dyn Logboekonderhoud>>>;
}

/// Upkeep of the processing log run periodically by a background thread.
pub trait Logboekonderhoud: Send {
    /// One round of upkeep.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn onderhoud(&mut self) -> Resultaat<()>;
}
