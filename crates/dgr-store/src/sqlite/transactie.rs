//! Writes of one delivery (or reference change) inside one SQLite transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use dgr_core::Bsn;
use dgr_core::gegevens::{Kandidaat, Persoon, PolisRij, PolisSoort, Werkgever, Werkgeversuren};
use dgr_core::registratie::{Oorzaak, Registratie, RegistratieId};

use super::polisvorm::{dag_getal, lees_dag_uit, lees_soort, soort_getal};
use super::{
    PERSOON_KOLOMMEN, REGISTRATIE_KOLOMMEN, SqliteStore, datum_tekst, lees_bsn, persoon_uit_rij,
    registratie_versie_uit_rij, tijd_getal,
};
use crate::{NieuweLevering, Resultaat, Schrijfuitkomst, Store, StoreFout, Transactie};

/// The held version of an employer: versie_id, naam, sector, subsector, vestigingsgemeente.
type WerkgeverHuidig = (i64, String, String, Option<String>, Option<i64>);
/// The held version of a candidate profile: versie_id and the seven profile columns.
type KandidaatHuidig = (i64, String, i64, i64, String, String, i64, bool);

/// An open write transaction on a [`SqliteStore`].
pub struct SqliteTransactie<'a> {
    pub(super) tx: rusqlite::Transaction<'a>,
    /// The id of the next polis version, read from `polis_volgnummer` by the transaction's first
    /// polis write and stored back just before its commit (`rond_polis_af`).
    volgende_polisversie: Option<i64>,
    /// The id of this transaction's first polis version: its own versions are those from here
    /// on (a key it wrote is looked for among them, `HUIDIGE_EIGEN_POLISVERSIE`).
    eerste_polisversie: Option<i64>,
    /// The id of the next registration version: read by the transaction's first registration
    /// write (the highest `versie_id` plus one, the row id SQLite would choose itself) and
    /// counted on from there, so that a new registration's first version is written with its
    /// registration id at once instead of being updated to it after the insert.
    volgende_registratieversie: Option<i64>,
    /// The store's working memory for polis writes ([`Polisgeheugen`]), empty when the
    /// transaction begins and emptied when it ends.
    geheugen: Geleend<'a>,
    /// The deliveries of the polis versions this transaction wrote, recorded in
    /// `polis_leveringen` just before its commit.
    polisleveringen: BTreeSet<i64>,
    /// The deliveries this transaction found in `leveringen` at their first polis row
    /// (`controleer_levering`): nearly always one.
    gecontroleerd: Vec<i64>,
    /// Per first day of a pay period (tijdvak_begin) this transaction wrote polis rows for:
    /// the deliveries with versions beginning that day ([`Self::dag`]).
    dagen: foldhash::HashMap<NaiveDate, Polisdag>,
    /// New polis versions not yet inserted: written [`POLISBLOK`] at a time in one statement,
    /// and all of them before one of them is closed (`sluit_polisversie`) and before the
    /// commit (`schrijf_polisbuffer`), and before the current version of a key this transaction
    /// wrote is looked for. Other reads of the table in this transaction (probes of a key, a day
    /// read whole) need not see them: they look only for keys this transaction did not write
    /// ([`Polisgeheugen::geschreven`]).
    polisbuffer: Vec<NieuwePolisversie>,
    /// The stretches of consecutive version ids of one first day and one delivery this
    /// transaction wrote that `polis_stukken` does not hold as they are yet (written with the
    /// waiting versions by `schrijf_polisbuffer`); the last one may still grow, and stays here
    /// after it is written until the next one begins.
    polisstukken: Vec<Polisstuk>,
    /// Set when inserting waiting polis versions (or their stretches) failed: versions the
    /// caller was told were written are not, or cannot be found, so this transaction can no
    /// longer commit (it rolls back when dropped).
    polis_onvolledig: bool,
    /// The store's pairs known to be in `polis_werkgevers` or `polis_werkgevers_nieuw`
    /// (`SqliteStore::polisparen_bekend`).
    polisparen_bekend: &'a mut Option<foldhash::HashSet<i64>>,
}

/// A polis version waiting in [`SqliteTransactie::polisbuffer`]: the columns of its row in
/// `polis_versies` as stored (dates as day numbers and the kind as its code, see
/// [`super::polisvorm`]; hours in hundredths, the time as `tijd_getal`).
struct NieuwePolisversie {
    versie: i64,
    /// Whether the insert names the id: only for the transaction's first version. Every later
    /// one is inserted without it and gets the highest id plus one from SQLite, which is the
    /// same id (the ids are given out consecutively under the write lock, and checked after
    /// each insert), without the descent of the table that a named id costs to check that it
    /// is free (issue #13: 10% of inserting a polis row).
    expliciet: bool,
    bsn: i64,
    lhn: i64,
    inlener: Option<i64>,
    begin: i64,
    einde: i64,
    uren: i64,
    soort: i64,
    tijd: i64,
    levering: i64,
}

/// A stretch of `polis_stukken`: the versions `eerste..=laatste` (ids), all beginning on `dag`
/// (a stored day number, [`dag_getal`]) and written by delivery `levering`.
struct Polisstuk {
    dag: i64,
    eerste: i64,
    laatste: i64,
    levering: i64,
    /// The end `polis_stukken` holds for this stretch (0: not recorded yet), so that a stretch
    /// that did not grow is not recorded again.
    vastgelegd: i64,
}

/// A first day of a pay period in a transaction ([`SqliteTransactie::dagen`]).
struct Polisdag {
    /// Whether no version began on this day when the transaction first wrote one that did.
    leeg: bool,
    /// The deliveries with versions beginning on this day before this transaction
    /// (`polis_stukken`): each is probed for the current version of a key this transaction did
    /// not write (a key it wrote is looked for among its own versions).
    leveringen: Vec<i64>,
    /// The versions beginning on this day before this transaction (the lengths of its
    /// stretches), current or not.
    rijen_voor: i64,
    /// The lookups in the table of keys beginning on this day so far ([`LAAD_NA_PROBES`]).
    probes: i64,
    /// Whether the current versions beginning on this day have been read into
    /// [`Polisgeheugen::geladen`] ([`SqliteTransactie::laad_dag`]).
    geladen: bool,
}

/// The working memory of a store's polis writes, kept by the store from one transaction to the
/// next, lent to each ([`Geleend`]) and emptied when the transaction ends, whichever way
/// ([`Polisgeheugen::leeg`]). A monthly national delivery fills it with ~89,000 keys (6.1
/// million rows in 69 deliveries) and up to twice as many pairs; made anew by every
/// transaction, its sets and lists grew by doubling, rehashing and copying, on fresh memory
/// that the kernel first had to zero page by page (issue #13: 12% of writing the demo's polis
/// rows). Kept, each keeps the room the last transaction needed, up to about
/// [`Polisgeheugen::BEHOUDEN`] entries, so that a yearly delivery does not leave its hundreds
/// of megabytes behind.
#[derive(Default)]
pub(super) struct Polisgeheugen {
    /// Every polis key (BSN, loonheffingennummer, pay period) the transaction wrote. A key
    /// not among them has a current version only in the table, from an earlier transaction;
    /// and none at all when its first day was empty ([`Polisdag::leeg`]), which spares the
    /// probe of the table for nearly every row of a monthly delivery. So no row of the
    /// transaction has to be in the table before such a probe (issue #13: flushing the waiting
    /// rows before each probe, one by one, took 13% of applying the demo's polis); only a key
    /// written twice (rare) inserts them first and is looked for among the transaction's own
    /// versions ([`SqliteTransactie::huidige_eigen_polisversie`]). Keys only, no versions: a
    /// year of polis as one delivery (2.2 million rows) held 235 MB more at its peak with the
    /// versions.
    geschreven: foldhash::HashSet<Polissleutel>,
    /// The current versions of the first days the transaction read whole
    /// ([`SqliteTransactie::laad_dag`]), as they were in the table then: for a key not in
    /// [`Self::geschreven`] the same answer as a probe of the table.
    geladen: foldhash::HashMap<Polissleutel, Polisstand>,
    /// The pairs of BSN and fiscaal nummer (employer, and hirer if any) of every polis version
    /// the transaction wrote, packed (BSN × [`PAAR_FACTOR`] + fiscaal nummer), noted per row and
    /// recorded just before its commit (`rond_polis_af`), which leaves here only those it
    /// inserted (and none when it wrote no polis version): known to be in the tables once the
    /// commit is done.
    polisparen: Vec<i64>,
    /// Per delivery the pairs (BSN, version id) of the polis versions the transaction wrote,
    /// stored as the delivery's blocks of `polis_bsn_blokken` just before its commit
    /// ([`super::bsnblokken::schrijf`]); nearly always one delivery.
    polispersonen: Vec<(i64, Vec<(u32, i64)>)>,
    /// The largest list of [`Self::polispersonen`] of the last transaction, emptied: the next
    /// delivery's list.
    vrije_personen: Vec<(u32, i64)>,
}

impl Polisgeheugen {
    /// The entries each list keeps room for between transactions, and each hash set about
    /// 7/8 of it (all the room of 2^18 buckets): more than a monthly national delivery needs.
    /// At most about 30 MB in all: 2^18 × 25 bytes for the keys written, × 65 for the days
    /// read whole, × 8 for the pairs and × 16 for the person pairs.
    const BEHOUDEN: usize = 1 << 18;

    /// Empties the memory, keeping the room of each set and list up to about
    /// [`Self::BEHOUDEN`] entries, and the largest list of person pairs for the next delivery.
    fn leeg(&mut self) {
        const IN_SET: usize = Polisgeheugen::BEHOUDEN / 8 * 7;
        self.geschreven.clear();
        self.geschreven.shrink_to(IN_SET);
        self.geladen.clear();
        self.geladen.shrink_to(IN_SET);
        self.polisparen.clear();
        self.polisparen.shrink_to(Self::BEHOUDEN);
        for (_, personen) in self.polispersonen.drain(..) {
            if personen.capacity() > self.vrije_personen.capacity() {
                self.vrije_personen = personen;
            }
        }
        self.vrije_personen.clear();
        self.vrije_personen.shrink_to(Self::BEHOUDEN);
    }
}

/// A store's [`Polisgeheugen`] lent to one transaction: emptied when the transaction ends,
/// committed or not (rolled back, refused, or unwound by a panic), so that nothing of it is
/// left for the next and its memory goes back to the bound at once.
pub(super) struct Geleend<'a>(&'a mut Polisgeheugen);

impl std::ops::Deref for Geleend<'_> {
    type Target = Polisgeheugen;

    fn deref(&self) -> &Polisgeheugen {
        self.0
    }
}

impl std::ops::DerefMut for Geleend<'_> {
    fn deref_mut(&mut self) -> &mut Polisgeheugen {
        self.0
    }
}

impl Drop for Geleend<'_> {
    fn drop(&mut self) {
        self.0.leeg();
    }
}

/// The lookup in the table of a key of one first day at which a transaction reads that day's
/// current versions at once instead of probing for the key ([`SqliteTransactie::laad_dag`]):
/// the 64th, after 63 probes, provided that the day held at most [`LAAD_VERHOUDING`] versions
/// per lookup so far (else a later one, once it does). A monthly delivery repeats
/// the 4-weekly pay periods that began in the month before, nearly all unchanged: 8% of the
/// national demo's polis rows, each probed by an index lookup and a table lookup (1.7 µs;
/// issue #13), where reading the day's stretches in order costs a fraction of that per row. A
/// delivery of corrections, a few rows of days holding many, keeps probing.
const LAAD_NA_PROBES: i64 = 64;

/// The most versions a first day may have held per lookup so far for [`LAAD_NA_PROBES`] to
/// read it whole: reading the day costs at most this many rows per lookup made so far.
const LAAD_VERHOUDING: i64 = 8;

/// The polis versions inserted by one statement (issue #13): one statement of 64 rows instead
/// of 64 statements spares 63 lookups in the statement cache, 63 statement starts (cursors
/// opened on the table and its index) and 63 resets. At most 450 parameters, far below SQLite's
/// limit.
const POLISBLOK: usize = 64;

/// The columns of a polis version but its id, in the order [`NieuwePolisversie::bind_eigen`]
/// binds the first seven (the first day last of those, so that a block can share it).
const POLISKOLOMMEN: &str = "bsn, loonheffingennummer, inlener, tijdvak_einde, uren, soort, \
     tijdvak_begin, geregistreerd_op, levering_id";

/// `INSERT` of one polis version, with its id (`?1`) when [`NieuwePolisversie::expliciet`].
pub(super) static POLISVERSIE_IN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO polis_versies (versie_id, {POLISKOLOMMEN}) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    )
});

/// `INSERT` of [`POLISBLOK`] polis versions of one delivery registered at one time, each
/// without its id (SQLite gives the highest plus one, see [`NieuwePolisversie::expliciet`]):
/// row `i` binds its seven own columns at `7·i + 1` and shares the last two, bound once per
/// statement at `7·64 + 1` and after.
pub(super) static POLISBLOK_IN: LazyLock<String> = LazyLock::new(|| polisblok_in(7));

/// [`POLISBLOK_IN`] for versions that also begin on one day (nearly every block, as a delivery
/// is written in order of first day): six own columns per row, and the first day shared too,
/// one value fewer to bind per row (issue #13).
pub(super) static POLISBLOK_VAN_DAG_IN: LazyLock<String> = LazyLock::new(|| polisblok_in(6));

/// The `INSERT` of [`POLISBLOK`] versions whose first `eigen` columns of [`POLISKOLOMMEN`] are
/// bound per row (at `eigen·i + 1` for row `i`) and the rest once, at `eigen·64 + 1` and after.
fn polisblok_in(eigen: usize) -> String {
    let gedeeld: Vec<String> = (1..=9 - eigen)
        .map(|k| format!("?{}", eigen * POLISBLOK + k))
        .collect();
    let rijen: Vec<String> = (0..POLISBLOK)
        .map(|i| {
            let eigen: Vec<String> = (1..=eigen).map(|k| format!("?{}", eigen * i + k)).collect();
            format!("({}, {})", eigen.join(", "), gedeeld.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO polis_versies ({POLISKOLOMMEN}) VALUES {}",
        rijen.join(", ")
    )
}

impl NieuwePolisversie {
    /// Binds this version's own columns at parameters `n + 1` and after: BSN to soort (six),
    /// and the first day as the seventh when `met_begin`.
    fn bind_eigen(
        &self,
        stmt: &mut rusqlite::Statement<'_>,
        n: usize,
        met_begin: bool,
    ) -> rusqlite::Result<()> {
        stmt.raw_bind_parameter(n + 1, self.bsn)?;
        stmt.raw_bind_parameter(n + 2, self.lhn)?;
        stmt.raw_bind_parameter(n + 3, self.inlener)?;
        stmt.raw_bind_parameter(n + 4, self.einde)?;
        stmt.raw_bind_parameter(n + 5, self.uren)?;
        stmt.raw_bind_parameter(n + 6, self.soort)?;
        if met_begin {
            stmt.raw_bind_parameter(n + 7, self.begin)?;
        }
        Ok(())
    }

    /// Binds this version as the one row of [`POLISVERSIE_IN`].
    fn bind(&self, stmt: &mut rusqlite::Statement<'_>) -> rusqlite::Result<()> {
        stmt.raw_bind_parameter(1, self.expliciet.then_some(self.versie))?;
        self.bind_eigen(stmt, 1, true)?;
        stmt.raw_bind_parameter(9, self.tijd)?;
        stmt.raw_bind_parameter(10, self.levering)
    }

    /// Whether this version can go in a [`POLISBLOK_IN`] beside `eerste`, the block's first:
    /// without its id, and of the same delivery and time.
    fn past_bij(&self, eerste: &NieuwePolisversie) -> bool {
        !self.expliciet && self.tijd == eerste.tijd && self.levering == eerste.levering
    }
}

/// The current version of a polis key as a new row of the key is compared with it.
#[derive(Debug, Clone, Copy)]
struct Polisstand {
    /// Its version id.
    versie: i64,
    /// The inlener's loonheffingennummer (`als_getal`), if any.
    inlener: Option<i64>,
    /// Hours in hundredths.
    uren: i64,
    /// Its kind; `None` for a stored code that is none of [`PolisSoort`]'s exactly (no row
    /// written by the register has one), which no new row equals.
    soort: Option<PolisSoort>,
}

impl Polisstand {
    /// The stand in the four columns of `r` from `vanaf` on, as [`HUIDIGE_POLISVERSIE`] reads
    /// them: version id, inlener, hours, soort (its stored code, [`lees_soort`]). The same
    /// for a probe of a key and for a day read whole.
    ///
    /// # Errors
    /// [`StoreFout::Database`] for a version id, inlener or hours that is not a number.
    fn uit_rij(r: &rusqlite::Row<'_>, vanaf: usize) -> Resultaat<Polisstand> {
        Ok(Polisstand {
            versie: r.get(vanaf)?,
            inlener: r.get(vanaf + 1)?,
            uren: r.get(vanaf + 2)?,
            soort: lees_soort(r, vanaf + 3)?,
        })
    }

    /// Whether `rij` repeats this version: the same inlener, hours and soort.
    fn zelfde_als(&self, rij: &PolisRij) -> bool {
        self.inlener == rij.inlener.map(|l| l.als_getal())
            && self.uren == rij.verloonde_uren.0
            && self.soort == Some(rij.soort)
    }
}

/// A polis key: BSN, loonheffingennummer, tijdvak_begin, tijdvak_einde.
type Polissleutel = (u32, i64, NaiveDate, NaiveDate);

/// The key of a polis row ([`Polissleutel`]).
fn polissleutel(rij: &PolisRij) -> Polissleutel {
    (
        rij.bsn.waarde(),
        rij.loonheffingennummer.als_getal(),
        rij.tijdvak_begin,
        rij.tijdvak_einde,
    )
}

impl SqliteStore {
    pub(super) fn begin(&mut self) -> Resultaat<SqliteTransactie<'_>> {
        // Statement journals in memory (issue #13). A statement that writes several rows and may
        // fail halfway (a block of polis rows: 64 rows, and their NOT NULL checks)
        // journals the pages it changes, to undo just itself. Such a journal lives in memory up
        // to 64 KiB; once one outgrew that, every later statement of the transaction wrote its
        // journal to a temporary file, one system call per page: 28% of applying a year of polis
        // as one delivery. SQLite settles where a write transaction keeps its statement journals
        // when the transaction begins to write (the first statement below), from `temp_store`;
        // so `temp_store` is MEMORY just for that moment and back to its default at once, and
        // sorts and temporary tables keep spilling to files (with MEMORY a sort never would).
        // A statement journal holds at most the pages one statement changes. SQLite refuses the
        // change inside a transaction while the connection has its temporary database open
        // (`met_verbinding` closes the one a migration opened); then this transaction keeps its
        // statement journals as before, which is slower, not wrong.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
        let in_geheugen = tx.pragma_update(None, "temp_store", "MEMORY").is_ok();
        // take the write lock of the register file only, at once: BEGIN IMMEDIATE would lock the
        // attached processing log too, and hold up every lookup's log record for the length of a
        // delivery
        let schrijft = tx.execute("UPDATE main.leveringen SET id = id WHERE 0", []);
        if in_geheugen {
            tx.pragma_update(None, "temp_store", "DEFAULT")?;
        }
        schrijft?;
        // empty already (the last transaction's ended so); emptied again should that ever change
        self.polisgeheugen.leeg();
        let geheugen = Geleend(&mut self.polisgeheugen);
        Ok(SqliteTransactie {
            tx,
            volgende_polisversie: None,
            eerste_polisversie: None,
            volgende_registratieversie: None,
            geheugen,
            polisleveringen: BTreeSet::new(),
            gecontroleerd: Vec::new(),
            dagen: foldhash::HashMap::default(),
            polisbuffer: Vec::with_capacity(POLISBLOK),
            polisstukken: Vec::new(),
            polis_onvolledig: false,
            polisparen_bekend: &mut self.polisparen_bekend,
        })
    }
}

/// Whether a fiscaal nummer ever had a person in its polis data (the lookup's fishing signal):
/// one probe of the pairs recorded for every written polis version (`rond_polis_af`), and one
/// of the new pairs not yet merged into them.
pub(super) const HEEFT_POLIS_BIJ: &str = "SELECT EXISTS \
     (SELECT 1 FROM polis_werkgevers WHERE bsn = ?1 AND fiscaal_nummer = ?2) OR EXISTS \
     (SELECT 1 FROM polis_werkgevers_nieuw WHERE bsn = ?1 AND fiscaal_nummer = ?2)";

/// The new pairs in `polis_werkgevers_nieuw` from which a commit merges them into
/// `polis_werkgevers` (`rond_polis_af`): few enough that a delivery's new pairs change few
/// pages of the small table, many enough that the large one is rewritten once per several
/// monthly deliveries instead of each time (a monthly national delivery brings ~3,500). In
/// this crate's tests a merge comes every few pairs, so that both tables are exercised.
const SAMENVOEGEN_VANAF: i64 = if cfg!(test) { 3 } else { 20_000 };

/// A transaction's new pairs (`rarray(?1)`, packed by `?2`) into `polis_werkgevers_nieuw`,
/// those `polis_werkgevers` does not hold already.
const POLISPAREN_WACHTEN: &str = "INSERT OR IGNORE INTO polis_werkgevers_nieuw \
     (bsn, fiscaal_nummer) SELECT value / ?2, value % ?2 FROM rarray(?1) WHERE NOT EXISTS \
     (SELECT 1 FROM polis_werkgevers w WHERE w.bsn = value / ?2 AND w.fiscaal_nummer = value % ?2)";

/// The waiting pairs and a transaction's new ones (`rarray(?1)`, packed by `?2`) straight into
/// `polis_werkgevers`, all in the order of its key, so each of its pages is changed once (the
/// waiting table is emptied after): a delivery with many new pairs (a yearly snapshot brings
/// 100,000) writes them once instead of twice.
const POLISPAREN_SAMENVOEGEN: &str = "INSERT OR IGNORE INTO polis_werkgevers \
     (bsn, fiscaal_nummer) SELECT bsn, fiscaal_nummer FROM (SELECT bsn, fiscaal_nummer \
     FROM polis_werkgevers_nieuw UNION ALL SELECT value / ?2, value % ?2 FROM rarray(?1)) \
     ORDER BY bsn, fiscaal_nummer";

/// Polis version `?1` when it is the current version of the key (first day `?2`,
/// loonheffingennummer `?3`, last day `?4`, BSN `?5`): its version id, inlener, hours and
/// soort. A key is looked for in each delivery with versions beginning on its first day
/// (`polis_stukken`; nearly always one or two), among the versions of its BSN there
/// (`polis_bsn_blokken`); the BSN is tested again, so that a block naming another person's row
/// (a repair by hand) could never have that row closed.
pub(super) const HUIDIGE_POLISVERSIE: &str = "SELECT versie_id, inlener, uren, soort FROM polis_versies \
     WHERE versie_id = ?1 AND tijdvak_begin = ?2 AND loonheffingennummer = ?3 \
     AND tijdvak_einde = ?4 AND bsn = ?5 AND vervallen_op IS NULL";

/// [`HUIDIGE_POLISVERSIE`] for a key this transaction wrote: among its own versions of the
/// key's first day `?2`, the stretches of `polis_stukken` of that day from id `?1` (this
/// transaction's first) on, by BSN `?3` and the rest of the key.
pub(super) const HUIDIGE_EIGEN_POLISVERSIE: &str = "SELECT versie_id, inlener, uren, soort \
     FROM polis_stukken JOIN polis_versies ON versie_id BETWEEN eerste AND laatste \
     WHERE dag = ?2 AND eerste >= ?1 AND tijdvak_begin = ?2 AND bsn = ?3 \
     AND loonheffingennummer = ?4 AND tijdvak_einde = ?5 AND vervallen_op IS NULL";

/// The current versions beginning on day `?1` (a day number, [`dag_getal`]), read through its stretches
/// (`polis_stukken`), each one range of the table's row ids: key (BSN, loonheffingennummer,
/// last day) and what [`HUIDIGE_POLISVERSIE`] reads.
pub(super) const HUIDIGE_POLISVERSIES_VAN_DAG: &str = "SELECT bsn, loonheffingennummer, \
     tijdvak_einde, versie_id, inlener, uren, soort \
     FROM polis_stukken JOIN polis_versies ON versie_id BETWEEN eerste AND laatste \
     WHERE dag = ?1 AND tijdvak_begin = ?1 AND vervallen_op IS NULL";

/// Records a stretch of `polis_stukken`, or its new end when it was recorded shorter before.
const POLISSTUK_IN: &str = "INSERT INTO polis_stukken (dag, eerste, laatste, levering_id) \
     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (dag, eerste) DO UPDATE SET laatste = excluded.laatste";

/// The number of pairs of BSN and fiscaal nummer from which a transaction reads the pairs the
/// register holds into its store's memory (`rond_polis_af`), rather than letting the table
/// ignore those it holds: a monthly national delivery has ~200,000; a delivery of a few rows
/// does not pay for reading the whole table. In this crate's tests every polis commit does, so
/// that their few rows go through the remembered pairs too.
const PAREN_VOOR_BEKEND: usize = if cfg!(test) { 1 } else { 10_000 };

/// A fiscaal nummer's pair with a BSN packed in one integer for `rarray`: BSN × 10^9 + fiscaal
/// nummer (both have 9 digits, so the largest is 999,999,999,999,999,999 < 2^63).
const PAAR_FACTOR: i64 = 1_000_000_000;

impl SqliteTransactie<'_> {
    /// The id for a new polis version: the highest given out plus one (`polis_volgnummer`).
    fn nieuwe_polisversie(&mut self) -> Resultaat<i64> {
        let id = match self.volgende_polisversie {
            Some(id) => id,
            None => self
                .tx
                .query_row(
                    "SELECT volgende FROM polis_volgnummer WHERE id = 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreFout::Corrupt {
                    tabel: "polis_volgnummer",
                    reden: "de teller van polisversies ontbreekt".into(),
                })?,
        };
        self.eerste_polisversie.get_or_insert(id);
        self.volgende_polisversie = Some(id + 1);
        Ok(id)
    }

    /// The first day `begin` as this transaction knows it: its stretches read from
    /// `polis_stukken` the first time (the rows of its key, which starts with the day, summed
    /// per delivery), then kept. Every polis row passes here before it is written.
    fn dag(&mut self, begin: NaiveDate) -> Resultaat<&mut Polisdag> {
        let gelezen = if self.dagen.contains_key(&begin) {
            None
        } else {
            // no waiting row starts on this day (each passed here first and noted its day), so
            // the stretches of the waiting rows need not be recorded first
            let per_levering: Vec<(i64, i64)> = self
                .tx
                .prepare_cached(
                    "SELECT levering_id, sum(laatste - eerste + 1) FROM polis_stukken \
                     WHERE dag = ?1 GROUP BY levering_id",
                )?
                .query_map([dag_getal(begin)], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            Some(per_levering)
        };
        Ok(self.dagen.entry(begin).or_insert_with(|| {
            let per_levering = gelezen.unwrap_or_default();
            Polisdag {
                leeg: per_levering.is_empty(),
                rijen_voor: per_levering.iter().map(|&(_, n)| n).sum(),
                leveringen: per_levering.into_iter().map(|(l, _)| l).collect(),
                probes: 0,
                geladen: false,
            }
        }))
    }

    /// Adds a polis version with a new id to [`Self::polisbuffer`] (inserted when the buffer
    /// holds [`POLISBLOK`] of them, or at once as the transaction's first, which names its id)
    /// and notes it in [`Polisgeheugen::geschreven`] and its pairs of
    /// BSN and fiscaal nummer; `tijdvak` is the row's pay period as stored (day numbers,
    /// [`dag_getal`], worked out once per row).
    fn voeg_polisversie_in(
        &mut self,
        rij: &PolisRij,
        tijdvak: (i64, i64),
        tijd: i64,
        levering: i64,
    ) -> Resultaat<()> {
        let expliciet = self.volgende_polisversie.is_none();
        let versie = self.nieuwe_polisversie()?;
        let (bsn, lhn) = (
            i64::from(rij.bsn.waarde()),
            rij.loonheffingennummer.als_getal(),
        );
        let inlener = rij.inlener.map(|l| l.als_getal());
        self.noteer_stuk(tijdvak.0, versie, levering);
        self.geheugen.geschreven.insert(polissleutel(rij));
        self.polisbuffer.push(NieuwePolisversie {
            versie,
            expliciet,
            bsn,
            lhn,
            inlener,
            begin: tijdvak.0,
            einde: tijdvak.1,
            uren: rij.verloonde_uren.0,
            soort: soort_getal(rij.soort),
            tijd,
            levering,
        });
        // the transaction's first version is inserted at once: it names its id, which a
        // block of versions does not
        self.polisleveringen.insert(levering);
        if expliciet || self.polisbuffer.len() == POLISBLOK {
            let uitkomst = self.voeg_polisbuffer_in();
            self.polis_onvolledig |= uitkomst.is_err();
            uitkomst?;
        }
        self.noteer_persoon(levering, rij.bsn.waarde(), versie);
        self.geheugen.polisparen.push(bsn * PAAR_FACTOR + lhn / 100);
        if let Some(i) = inlener {
            self.geheugen.polisparen.push(bsn * PAAR_FACTOR + i / 100);
        }
        Ok(())
    }

    /// Refuses a polis row of an unknown delivery at its write, as a foreign key would
    /// (`polis_versies` has none, see its migration): one probe of `leveringen` per delivery and
    /// transaction ([`Self::gecontroleerd`]), at its first row. This transaction holds the write
    /// lock, and deliveries are never deleted, so the delivery stays.
    ///
    /// # Errors
    /// [`StoreFout::Database`] when `leveringen` holds no delivery `levering`.
    fn controleer_levering(&mut self, levering: i64) -> Resultaat<()> {
        if self.gecontroleerd.contains(&levering) {
            return Ok(());
        }
        let bestaat: bool = self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM leveringen WHERE id = ?1)")?
            .query_row([levering], |r| r.get(0))?;
        if bestaat {
            self.gecontroleerd.push(levering);
            Ok(())
        } else {
            Err(StoreFout::Database(
                "polis_versies.levering_id: de levering bestaat niet (foreign key)".into(),
            ))
        }
    }

    /// The id for the next registration version this transaction writes (see
    /// `volgende_registratieversie`): one lookup of the highest row id by the first call, a
    /// count after that.
    fn neem_registratieversie(&mut self) -> Resultaat<i64> {
        let id = match self.volgende_registratieversie {
            Some(id) => id,
            None => self.tx.query_row(
                "SELECT coalesce(max(versie_id), 0) + 1 FROM registratie_versies",
                [],
                |r| r.get(0),
            )?,
        };
        self.volgende_registratieversie = Some(id + 1);
        Ok(id)
    }

    /// Notes the pair (BSN, version id) of a version of delivery `levering` for its blocks
    /// ([`Polisgeheugen::polispersonen`]).
    fn noteer_persoon(&mut self, levering: i64, bsn: u32, versie: i64) {
        let geheugen = &mut *self.geheugen;
        match geheugen
            .polispersonen
            .iter_mut()
            .rev()
            .find(|(l, _)| *l == levering)
        {
            Some((_, paren)) => paren.push((bsn, versie)),
            None => {
                let mut paren = std::mem::take(&mut geheugen.vrije_personen);
                paren.push((bsn, versie));
                geheugen.polispersonen.push((levering, paren));
            }
        }
    }

    /// The current version of the key `(begin, bsn, lhn, einde)` (dates as stored) among the
    /// versions of `leveringen`: its version id, inlener, hours and soort. Per delivery until
    /// found: the block of `polis_bsn_blokken` that can hold the BSN (one probe), then each of
    /// the BSN's versions there (a person has a few per delivery) by its id.
    fn huidige_polisversie(
        &self,
        leveringen: &[i64],
        (begin, bsn, lhn, einde): (i64, u32, i64, i64),
    ) -> Resultaat<Option<Polisstand>> {
        let mut blok = self.tx.prepare_cached(super::bsnblokken::BLOK_VAN)?;
        let mut stmt = self.tx.prepare_cached(HUIDIGE_POLISVERSIE)?;
        for &levering in leveringen {
            let versies = match blok.query(params![levering, bsn])?.next()? {
                Some(r) => super::bsnblokken::versies_van(super::bsnblokken::paren(r, 0)?, bsn)?,
                None => Vec::new(),
            };
            for versie in versies {
                let mut rijen = stmt.query(params![versie, begin, lhn, einde, bsn])?;
                if let Some(r) = rijen.next()? {
                    return Polisstand::uit_rij(r, 0).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// The current version of the key `(begin, bsn, lhn, einde)` among this transaction's own
    /// versions, which are all in the table with their stretches (the caller wrote the waiting
    /// ones): a scan of this transaction's stretches of the key's first day, those from
    /// [`Self::eerste_polisversie`] on. Only for a key written twice by one transaction, which
    /// one delivery never does (its reading removes duplicate keys).
    fn huidige_eigen_polisversie(
        &self,
        (begin, bsn, lhn, einde): (i64, u32, i64, i64),
    ) -> Resultaat<Option<Polisstand>> {
        let Some(eerste) = self.eerste_polisversie else {
            return Ok(None);
        };
        let mut stmt = self.tx.prepare_cached(HUIDIGE_EIGEN_POLISVERSIE)?;
        let mut rijen = stmt.query(params![eerste, begin, bsn, lhn, einde])?;
        match rijen.next()? {
            Some(r) => Polisstand::uit_rij(r, 0).map(Some),
            None => Ok(None),
        }
    }

    /// The current version of `rij`'s key (`tijdvak`: its pay period as stored). A key this
    /// transaction wrote ([`Polisgeheugen::geschreven`]): among its own versions, once the
    /// waiting ones are inserted ([`Self::huidige_eigen_polisversie`]). Else none when its first day was empty
    /// ([`Polisdag::leeg`]); else from the day read whole ([`Self::laad_dag`]), or a probe of
    /// the deliveries with versions beginning that day before this transaction, whatever still
    /// waits in [`Self::polisbuffer`].
    fn huidige_polisversie_van(
        &mut self,
        rij: &PolisRij,
        (begin, einde): (i64, i64),
    ) -> Resultaat<Option<Polisstand>> {
        let sleutel = polissleutel(rij);
        let (bsn, lhn, ..) = sleutel;
        if self.geheugen.geschreven.contains(&sleutel) {
            self.schrijf_polisbuffer()?;
            return self.huidige_eigen_polisversie((begin, bsn, lhn, einde));
        }
        let dag = self.dag(rij.tijdvak_begin)?;
        if dag.leeg {
            return Ok(None);
        }
        if !dag.geladen {
            dag.probes += 1;
            if dag.probes < LAAD_NA_PROBES || dag.probes * LAAD_VERHOUDING < dag.rijen_voor {
                let dag = self
                    .dagen
                    .get(&rij.tijdvak_begin)
                    .map_or(&[][..], |d| &d.leveringen);
                return self.huidige_polisversie(dag, (begin, bsn, lhn, einde));
            }
            self.laad_dag(rij.tijdvak_begin, begin)?;
        }
        Ok(self.geheugen.geladen.get(&sleutel).copied())
    }

    /// Reads the current versions beginning on `dag` (`begin` as stored) into
    /// [`Polisgeheugen::geladen`], through its stretches (`polis_stukken`, each a range of row
    /// ids), and marks the day read ([`Polisdag::geladen`]). Versions this transaction wrote may
    /// be among them: a key in [`Polisgeheugen::geschreven`] is looked for among this transaction's own
    /// versions before the day's versions are consulted.
    fn laad_dag(&mut self, dag: NaiveDate, begin: i64) -> Resultaat<()> {
        const T: &str = "polis_versies";
        let mut stmt = self.tx.prepare_cached(HUIDIGE_POLISVERSIES_VAN_DAG)?;
        let mut rijen = stmt.query([begin])?;
        while let Some(r) = rijen.next()? {
            let einde = lees_dag_uit(T, r, 2)?;
            let sleutel = (r.get(0)?, r.get(1)?, dag, einde);
            self.geheugen
                .geladen
                .insert(sleutel, Polisstand::uit_rij(r, 3)?);
        }
        if let Some(d) = self.dagen.get_mut(&dag) {
            d.geladen = true;
        }
        Ok(())
    }

    /// Ends the recorded period of polis version `versie` at `tijd` (`tijd_getal`): a row of the
    /// table, inserted first when it is still waiting in [`Self::polisbuffer`] (a key written
    /// twice by one transaction).
    fn sluit_polisversie(&mut self, versie: i64, tijd: i64) -> Resultaat<()> {
        if self.polisbuffer.first().is_some_and(|v| v.versie <= versie) {
            self.schrijf_polisbuffer()?;
        }
        self.tx
            .prepare_cached("UPDATE polis_versies SET vervallen_op = ?2 WHERE versie_id = ?1")?
            .execute(params![versie, tijd])?;
        Ok(())
    }

    /// Whether this transaction read the current versions beginning on `dag` whole
    /// ([`Self::laad_dag`]).
    #[cfg(test)]
    pub(super) fn dag_geladen(&self, dag: NaiveDate) -> bool {
        self.dagen.get(&dag).is_some_and(|d| d.geladen)
    }

    /// Notes version `versie`, beginning on `dag` and of delivery `levering`, in
    /// [`Self::polisstukken`]: the last stretch grows when it is of the same day and delivery
    /// and ends just before it, else a new one begins. Versions are given ids in the order they
    /// are written, so a delivery written in order of first day has one stretch per day.
    fn noteer_stuk(&mut self, dag: i64, versie: i64, levering: i64) {
        match self.polisstukken.last_mut() {
            Some(s) if s.dag == dag && s.levering == levering && s.laatste + 1 == versie => {
                s.laatste = versie;
            }
            _ => self.polisstukken.push(Polisstuk {
                dag,
                eerste: versie,
                laatste: versie,
                levering,
                vastgelegd: 0,
            }),
        }
    }

    /// Inserts the polis versions in [`Self::polisbuffer`] (see [`Self::voeg_polisbuffer_in`])
    /// and records their stretches in `polis_stukken`: before one of them is closed and before
    /// the commit (see [`Self::polisbuffer`]). On failure the transaction can no longer commit
    /// ([`Self::polis_onvolledig`]).
    fn schrijf_polisbuffer(&mut self) -> Resultaat<()> {
        let uitkomst = self
            .voeg_polisbuffer_in()
            .and_then(|()| self.schrijf_polisstukken());
        self.polis_onvolledig |= uitkomst.is_err();
        uitkomst
    }

    /// Records [`Self::polisstukken`] in `polis_stukken` (those that grew since they were
    /// recorded) and keeps only the last one, which the next version may still lengthen (it is
    /// then recorded again, with its new end).
    fn schrijf_polisstukken(&mut self) -> Resultaat<()> {
        let Some(mut laatste) = self.polisstukken.pop() else {
            return Ok(());
        };
        let mut stmt = self.tx.prepare_cached(POLISSTUK_IN)?;
        for s in self.polisstukken.iter().chain([&laatste]) {
            if s.laatste != s.vastgelegd {
                stmt.execute(params![s.dag, s.eerste, s.laatste, s.levering])?;
            }
        }
        drop(stmt);
        laatste.vastgelegd = laatste.laatste;
        self.polisstukken.clear();
        self.polisstukken.push(laatste);
        Ok(())
    }

    /// Inserts the polis versions in [`Self::polisbuffer`], [`POLISBLOK`] per statement and the
    /// rest one by one, and empties it; the caller sets [`Self::polis_onvolledig`] on failure.
    fn voeg_polisbuffer_in(&mut self) -> Resultaat<()> {
        let mut buffer = std::mem::take(&mut self.polisbuffer);
        let mut blokken = buffer.chunks_exact(POLISBLOK);
        for blok in &mut blokken {
            if blok.iter().all(|v| v.past_bij(&blok[0])) {
                self.voeg_polisblok_in(blok)?;
            } else {
                self.voeg_polisversies_los_in(blok)?;
            }
        }
        self.voeg_polisversies_los_in(blokken.remainder())?;
        buffer.clear();
        self.polisbuffer = buffer;
        Ok(())
    }

    /// Inserts a block of [`POLISBLOK`] versions that fit together ([`NieuwePolisversie::past_bij`])
    /// in one statement: [`POLISBLOK_VAN_DAG_IN`] when they all begin on one day, else
    /// [`POLISBLOK_IN`].
    fn voeg_polisblok_in(&self, blok: &[NieuwePolisversie]) -> Resultaat<()> {
        let Some(eerste) = blok.first() else {
            return Ok(());
        };
        let van_dag = blok.iter().all(|v| v.begin == eerste.begin);
        let (sql, eigen): (&str, usize) = if van_dag {
            (&POLISBLOK_VAN_DAG_IN, 6)
        } else {
            (&POLISBLOK_IN, 7)
        };
        let mut stmt = self.tx.prepare_cached(sql)?;
        for (i, versie) in blok.iter().enumerate() {
            versie.bind_eigen(&mut stmt, eigen * i, !van_dag)?;
        }
        let mut gedeeld = eigen * POLISBLOK;
        if van_dag {
            gedeeld += 1;
            stmt.raw_bind_parameter(gedeeld, eerste.begin)?;
        }
        stmt.raw_bind_parameter(gedeeld + 1, eerste.tijd)?;
        stmt.raw_bind_parameter(gedeeld + 2, eerste.levering)?;
        stmt.raw_execute()?;
        self.controleer_id(blok.last())
    }

    /// Inserts `versies` one statement each, in their order.
    fn voeg_polisversies_los_in(&self, versies: &[NieuwePolisversie]) -> Resultaat<()> {
        let mut stmt = self.tx.prepare_cached(&POLISVERSIE_IN)?;
        for versie in versies {
            versie.bind(&mut stmt)?;
            stmt.raw_execute()?;
            self.controleer_id(Some(versie))?;
        }
        Ok(())
    }

    /// Checks that the last version an insert wrote got the id it was given
    /// ([`NieuwePolisversie::expliciet`]): SQLite's id for a row inserted without one.
    ///
    /// # Errors
    /// [`StoreFout::Corrupt`] when it did not: the table holds ids past the counter of
    /// `polis_volgnummer` (a repair by hand), so the stretches of this transaction would be
    /// wrong.
    fn controleer_id(&self, laatste: Option<&NieuwePolisversie>) -> Resultaat<()> {
        let gekregen = self.tx.last_insert_rowid();
        match laatste {
            Some(v) if v.versie != gekregen => Err(StoreFout::Corrupt {
                tabel: "polis_volgnummer",
                reden: format!(
                    "polisversie kreeg id {gekregen} in plaats van {}; de teller loopt achter op de tabel",
                    v.versie
                ),
            }),
            _ => Ok(()),
        }
    }

    /// Just before the commit: stores the next polis version id, records the deliveries that
    /// wrote polis versions (`polis_leveringen`, read by `polis_van`) and their persons' blocks
    /// (`polis_bsn_blokken`, [`super::bsnblokken::schrijf`]), and records that the fiscaal
    /// nummers of the employer and the hirer of every polis version this transaction wrote have
    /// had its person in their polis data (`polis_werkgevers` and `polis_werkgevers_nieuw`,
    /// read by `heeft_polis_bij`). The pairs go in sorted and once each, in one statement, to
    /// the small table of new pairs ([`POLISPAREN_WACHTEN`]), or, once it would hold
    /// [`SAMENVOEGEN_VANAF`], with the waiting ones into the large table, which the small one
    /// then leaves empty ([`POLISPAREN_SAMENVOEGEN`]; a lookup finds a pair in either, before
    /// and after), leaving out those the store knows are recorded
    /// (`SqliteStore::polisparen_bekend`, read from both tables the first time a transaction of
    /// the store has [`PAREN_VOOR_BEKEND`] pairs or more; a smaller one lets the tables ignore
    /// the pairs they hold), so a monthly delivery of the same employments neither writes nor probes for the
    /// pairs it repeats.
    fn rond_polis_af(&mut self) -> Resultaat<()> {
        self.schrijf_polisbuffer()?;
        let Some(volgende) = self.volgende_polisversie.take() else {
            // no version written, so no pair noted; none may reach the known pairs
            self.geheugen.polisparen.clear();
            return Ok(());
        };
        self.tx.execute(
            "UPDATE polis_volgnummer SET volgende = ?1 WHERE id = 1",
            [volgende],
        )?;
        for levering in std::mem::take(&mut self.polisleveringen) {
            self.tx.execute(
                "INSERT OR IGNORE INTO polis_leveringen (levering_id) VALUES (?1)",
                [levering],
            )?;
        }
        for (levering, paren) in &mut self.geheugen.polispersonen {
            super::bsnblokken::schrijf(&self.tx, *levering, paren)?;
        }
        let paren = &mut self.geheugen.polisparen;
        // the known pairs out first: a monthly delivery repeats nearly all of its ~180,000, so
        // a few thousand are left to sort instead of all of them (the national demo's 69 polis
        // commits: 0.23 s → 0.13 s for sorting and leaving out the pairs)
        if let Some(bekend) = self.polisparen_bekend.as_ref() {
            paren.retain(|p| !bekend.contains(p));
        }
        paren.sort_unstable();
        paren.dedup();
        if self.polisparen_bekend.is_none() && paren.len() >= PAREN_VOOR_BEKEND {
            let bekend = lees_polisparen(&self.tx)?;
            paren.retain(|p| !bekend.contains(p));
            *self.polisparen_bekend = Some(bekend);
        }
        let waarden: Vec<rusqlite::types::Value> = paren
            .iter()
            .map(|p| rusqlite::types::Value::Integer(*p))
            .collect();
        let wachtend: i64 =
            self.tx
                .query_row("SELECT count(*) FROM polis_werkgevers_nieuw", [], |r| {
                    r.get(0)
                })?;
        let samen = wachtend + i64::try_from(paren.len()).unwrap_or(i64::MAX);
        let samenvoegen = samen >= SAMENVOEGEN_VANAF;
        let sql = if samenvoegen {
            POLISPAREN_SAMENVOEGEN
        } else {
            POLISPAREN_WACHTEN
        };
        self.tx
            .execute(sql, params![std::rc::Rc::new(waarden), PAAR_FACTOR])?;
        if samenvoegen {
            self.tx.execute("DELETE FROM polis_werkgevers_nieuw", [])?;
        }
        Ok(())
    }
}

/// Every pair in `polis_werkgevers` and `polis_werkgevers_nieuw`, packed as in
/// `rond_polis_af` (one scan of each primary key; 539,560 pairs in the national demo, a set of
/// about 8 MB).
fn lees_polisparen(tx: &rusqlite::Transaction<'_>) -> Resultaat<foldhash::HashSet<i64>> {
    let aantal: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM polis_werkgevers) \
         + (SELECT count(*) FROM polis_werkgevers_nieuw)",
        [],
        |r| r.get(0),
    )?;
    let mut bekend = foldhash::HashSet::with_capacity_and_hasher(
        usize::try_from(aantal).unwrap_or(0),
        foldhash::fast::RandomState::default(),
    );
    let mut stmt = tx.prepare(
        "SELECT bsn * ?1 + fiscaal_nummer FROM polis_werkgevers \
         UNION ALL SELECT bsn * ?1 + fiscaal_nummer FROM polis_werkgevers_nieuw",
    )?;
    for paar in stmt.query_map([PAAR_FACTOR], |r| r.get(0))? {
        bekend.insert(paar?);
    }
    Ok(bekend)
}

impl Store for SqliteStore {
    fn gezond(&self) -> Resultaat<()> {
        self.conn.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn transactie(&mut self) -> Resultaat<Box<dyn Transactie + '_>> {
        Ok(Box::new(self.begin()?))
    }

    fn registratie_versies(
        &self,
        bsn: Bsn,
    ) -> Resultaat<Vec<dgr_core::registratie::RegistratieVersie>> {
        self.lees_registratie_versies(bsn)
    }

    fn persoon_versies(&self, bsn: Bsn) -> Resultaat<Vec<crate::PersoonVersie>> {
        self.lees_persoon_versies(bsn)
    }

    fn leveringen(&self) -> Resultaat<Vec<crate::LeveringRecord>> {
        self.lees_leveringen(None, false)
    }

    fn levering(&self, id: i64) -> Resultaat<Option<crate::LeveringRecord>> {
        Ok(self.lees_leveringen(Some(id), true)?.pop())
    }

    fn toegepaste_levering(
        &self,
        bron: dgr_core::Bron,
        kenmerk: &str,
    ) -> Resultaat<Option<crate::LeveringRecord>> {
        self.lees_toegepaste_levering(bron, kenmerk)
    }

    fn laatste_transactietijd(&self) -> Resultaat<Option<DateTime<Utc>>> {
        self.lees_laatste_transactietijd()
    }

    fn actieve_referentie(&self) -> Resultaat<Option<(String, BTreeMap<String, String>)>> {
        self.lees_actieve_referentie()
    }

    fn voor_elke_huidige_persoon(&self, per_persoon: &mut dyn FnMut(&Persoon)) -> Resultaat<()> {
        self.lees_huidige_personen(per_persoon)
    }

    fn registraties_zonder_persoon(&self) -> Resultaat<Vec<Bsn>> {
        self.lees_registraties_zonder_persoon()
    }

    fn versheid(&self) -> Resultaat<Vec<crate::Versheid>> {
        self.lees_versheid()
    }

    fn tellingen(&self, peildatum: chrono::NaiveDate) -> Resultaat<crate::Tellingen> {
        self.lees_tellingen(peildatum)
    }

    fn personen_in_register(&self, peildatum: chrono::NaiveDate) -> Resultaat<u64> {
        self.lees_personen_in_register(peildatum)
    }

    fn voor_elke_polisrij(
        &self,
        van: chrono::NaiveDate,
        tot: chrono::NaiveDate,
        bekend_op: DateTime<Utc>,
        per_rij: &mut dyn FnMut(&PolisRij),
    ) -> Resultaat<()> {
        self.lees_polisrijen(van, tot, bekend_op, per_rij)
    }

    fn begin_leestransactie(&self) -> Resultaat<bool> {
        if !self.conn.is_autocommit() {
            return Ok(false);
        }
        self.conn.prepare_cached("BEGIN DEFERRED")?.execute([])?;
        Ok(true)
    }

    fn einde_leestransactie(&self) -> Resultaat<()> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        let einde = self
            .conn
            .prepare_cached("COMMIT")
            .and_then(|mut s| s.execute([]));
        if einde.is_err() && !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        einde.map(|_| ()).map_err(Into::into)
    }

    fn heeft_polis_bij(
        &self,
        bsn: Bsn,
        fiscaal_nummer: dgr_core::FiscaalNummer,
    ) -> Resultaat<bool> {
        Ok(self
            .conn
            .prepare_cached(HEEFT_POLIS_BIJ)?
            .query_row(params![bsn.waarde(), fiscaal_nummer.waarde()], |r| r.get(0))?)
    }

    fn polis_van(&self, bsn: Bsn, bekend_op: DateTime<Utc>) -> Resultaat<Vec<PolisRij>> {
        self.lees_polis_van(bsn, bekend_op)
    }

    fn polis_van_elk(
        &self,
        bsns: &[Bsn],
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<BTreeMap<Bsn, Vec<PolisRij>>> {
        self.lees_polis_van_elk(bsns, bekend_op)
    }

    fn voor_elke_registratieperiode(
        &self,
        van: chrono::NaiveDate,
        tot: chrono::NaiveDate,
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        self.lees_registratieperiodes(&[(van, tot)], bekend_op, per_periode)
    }

    fn voor_elke_registratieperiode_in(
        &self,
        vensters: &[(chrono::NaiveDate, chrono::NaiveDate)],
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        self.lees_registratieperiodes(vensters, bekend_op, per_periode)
    }

    fn werkgevers_op(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<Werkgever>> {
        self.lees_werkgevers(bekend_op)
    }

    fn werkgeversuren_op(
        &self,
        jaar: i32,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Werkgeversuren>> {
        self.lees_werkgeversuren(jaar, bekend_op)
    }

    fn voor_elke_woongemeente(
        &self,
        bekend_op: DateTime<Utc>,
        per_persoon: &mut dyn FnMut(Bsn, Option<dgr_core::Gemeentecode>),
    ) -> Resultaat<()> {
        self.lees_woongemeenten(bekend_op, per_persoon)
    }

    fn leveringen_op(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<crate::LeveringRecord>> {
        Ok(self
            .lees_leveringen(None, false)?
            .into_iter()
            .filter(|l| {
                l.levering.status == crate::LeveringStatus::Toegepast
                    && l.levering.geregistreerd_op <= bekend_op
            })
            .collect())
    }
}

fn opt_datum(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(datum_tekst)
}

/// A person's current registrations, unsorted: sorting with ORDER BY would make SQLite
/// re-prepare the statement at every new BSN (see `lezen::registratie_versies_sql`), which was a
/// full parse per person of a delivery (issue #13).
pub(super) fn huidige_registraties_sql() -> &'static str {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {REGISTRATIE_KOLOMMEN} FROM registratie_versies \
             WHERE bsn = ?1 AND vervallen_op IS NULL AND ingetrokken = 0"
        )
    });
    &SQL
}

/// The current versions of registration `?1` (their version ids), found through the versions
/// of a person (`registratie_versies_bsn`, just read for the work set): `?2`, the person the
/// caller names, and the person of the registration's first version (whose version id is the
/// registration id). Every registration's versions have one BSN (the register loads a work set
/// by BSN and writes it under that BSN), so this finds what an index of current versions by
/// registration id found; and one caller's slip that continues a registration under another
/// person (`een_oud_van_een_ander_sluit_diens_registratie`) still ends the first person's
/// version. A registration whose current version lies under a third BSN would not be found;
/// no write path makes one. That index is gone (issue #13): every delivery changed it at
/// random places. Nearly always one version; more only in a damaged register, and each is
/// closed. Read first and then closed by version id
/// ([`SLUIT_REGISTRATIEVERSIE`]): an `UPDATE` that finds its rows through an index, on a table
/// with triggers, first collects them in a temporary table, and each of those set up a page
/// cache of its own (a tenth of applying a delivery of registrations).
/// The other person is read by a scalar subquery: as a join, SQLite prepared the statement
/// again at every call.
pub(super) const HUIDIGE_VERSIES_VAN_REGISTRATIE: &str = "SELECT versie_id FROM registratie_versies \
     WHERE bsn = ?2 AND registratie_id = ?1 AND vervallen_op IS NULL \
     UNION ALL SELECT versie_id FROM registratie_versies \
     WHERE bsn = (SELECT bsn FROM registratie_versies WHERE versie_id = ?1 AND bsn <> ?2) \
     AND registratie_id = ?1 AND vervallen_op IS NULL";

/// Closes the current version of person `?1` at `?2` (`tijd_getal`), named by its version id:
/// a person has at most one (`persoon_versies_bsn_huidig` is unique), and an `UPDATE` by row
/// id changes its row in one pass, where one that finds it through an index of the table
/// (whose triggers rule out SQLite's one-pass update of several rows) first collects it in a
/// temporary table (issue #13).
pub(super) const SLUIT_PERSOON: &str = "UPDATE persoon_versies SET vervallen_op = ?2 \
     WHERE versie_id = (SELECT versie_id FROM persoon_versies WHERE bsn = ?1 AND vervallen_op IS NULL)";

/// `INSERT` of a registration version: its columns, the version id last.
pub(super) const REGISTRATIEVERSIE_IN: &str = "INSERT INTO registratie_versies (registratie_id, \
     bsn, grondslag, ingangsdatum, einddatum, reden_einde, bron_einddatum, bron_reden_einde, \
     afgeleid_einddatum, afgeleid_reden, loonwaarde_pct, besluitdatum, bron_kenmerk, ingetrokken, \
     geregistreerd_op, oorzaak, levering_id, referentie_versie, handeling, versie_id) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";

/// Closes registration version `?1` at `?2` (`tijd_getal`).
pub(super) const SLUIT_REGISTRATIEVERSIE: &str =
    "UPDATE registratie_versies SET vervallen_op = ?2 WHERE versie_id = ?1";

/// The current person data of the persons in `rarray(?1)`: one probe of the BSN index each.
pub(super) static WERKSET_PERSONEN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {PERSOON_KOLOMMEN} FROM persoon_versies \
         WHERE bsn IN rarray(?1) AND vervallen_op IS NULL"
    )
});

/// The current, not withdrawn registrations of the persons in `rarray(?1)`: one probe of the
/// BSN index each.
pub(super) static WERKSET_REGISTRATIES: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {REGISTRATIE_KOLOMMEN} FROM registratie_versies \
         WHERE bsn IN rarray(?1) AND vervallen_op IS NULL AND ingetrokken = 0"
    )
});

impl Transactie for SqliteTransactie<'_> {
    fn huidige_registraties(&mut self, bsn: Bsn) -> Resultaat<Vec<Registratie>> {
        let mut stmt = self.tx.prepare_cached(huidige_registraties_sql())?;
        let mut rijen = stmt.query([bsn.waarde()])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(registratie_versie_uit_rij(r)?.registratie);
        }
        uit.sort_by_key(|r| r.id);
        Ok(uit)
    }

    /// Two statements for all of `bsns` (each a probe of the BSN index per person through
    /// `rarray`), instead of two per person.
    fn huidige_werksets(
        &mut self,
        bsns: &[Bsn],
    ) -> Resultaat<Vec<(Option<Persoon>, Vec<Registratie>)>> {
        // each BSN's last place in `bsns` (a BSN asked twice is answered twice)
        let laatste: HashMap<Bsn, usize> = bsns.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        // once each, in the caller's order (the register asks in BSN order, so the index is
        // read front to back)
        let lijst = std::rc::Rc::new(
            bsns.iter()
                .enumerate()
                .filter(|(i, b)| laatste.get(b) == Some(i))
                .map(|(_, b)| rusqlite::types::Value::Integer(i64::from(b.waarde())))
                .collect::<Vec<_>>(),
        );
        let mut gelezen: HashMap<Bsn, (Option<Persoon>, Vec<Registratie>)> = HashMap::new();
        let mut stmt = self.tx.prepare_cached(&WERKSET_PERSONEN)?;
        let mut rijen = stmt.query([std::rc::Rc::clone(&lijst)])?;
        while let Some(r) = rijen.next()? {
            let persoon = persoon_uit_rij(r)?;
            let bsn = persoon.bsn;
            gelezen.entry(bsn).or_default().0 = Some(persoon);
        }
        drop(rijen);
        drop(stmt);
        let mut stmt = self.tx.prepare_cached(&WERKSET_REGISTRATIES)?;
        let mut rijen = stmt.query([lijst])?;
        while let Some(r) = rijen.next()? {
            let registratie = registratie_versie_uit_rij(r)?.registratie;
            gelezen
                .entry(registratie.bsn)
                .or_default()
                .1
                .push(registratie);
        }
        for (_, registraties) in gelezen.values_mut() {
            registraties.sort_by_key(|r| r.id);
        }
        let uit = bsns
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if laatste.get(b) == Some(&i) {
                    gelezen.remove(b).unwrap_or_default()
                } else {
                    gelezen.get(b).cloned().unwrap_or_default()
                }
            })
            .collect();
        Ok(uit)
    }

    fn huidige_persoon(&mut self, bsn: Bsn) -> Resultaat<Option<Persoon>> {
        // the text built once, not at every person of a delivery
        static SQL: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT {PERSOON_KOLOMMEN} FROM persoon_versies WHERE bsn = ?1 AND vervallen_op IS NULL"
            )
        });
        let mut stmt = self.tx.prepare_cached(&SQL)?;
        let mut rijen = stmt.query([bsn.waarde()])?;
        rijen.next()?.map(persoon_uit_rij).transpose()
    }

    fn schrijf_registratie(
        &mut self,
        oud: Option<&Registratie>,
        nieuw: &Registratie,
        tijd: DateTime<Utc>,
        oorzaak: &Oorzaak,
    ) -> Resultaat<RegistratieId> {
        let t = tijd_getal(tijd);
        if let Some((id, bsn)) = oud.and_then(|o| Some((o.id?, o.bsn))) {
            let versies: Vec<i64> = self
                .tx
                .prepare_cached(HUIDIGE_VERSIES_VAN_REGISTRATIE)?
                .query_map(params![id, bsn.waarde()], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut sluit = self.tx.prepare_cached(SLUIT_REGISTRATIEVERSIE)?;
            for versie in versies {
                sluit.execute(params![versie, t])?;
            }
        }
        let (soort, levering, referentie, handeling) = match oorzaak {
            Oorzaak::Levering(id) => ("LEVERING", Some(*id), None, None),
            Oorzaak::Referentie(v) => ("REFERENTIE", None, Some(v.as_str()), None),
            Oorzaak::Handeling(h) => ("HANDELING", None, None, Some(h.as_str())),
        };
        let einde = nieuw.einde();
        let versie_id = self.neem_registratieversie()?;
        // a new registration takes the id of its first version
        let registratie_id = oud.and_then(|o| o.id).unwrap_or(versie_id);
        self.tx
            .prepare_cached(REGISTRATIEVERSIE_IN)?
            .execute(params![
                registratie_id,
                nieuw.bsn.waarde(),
                nieuw.grondslag,
                datum_tekst(nieuw.ingangsdatum),
                opt_datum(einde.map(|e| e.datum)),
                einde.map(|e| e.reden.as_str()),
                opt_datum(nieuw.bron_einde.as_ref().map(|e| e.datum)),
                nieuw.bron_einde.as_ref().map(|e| e.reden.as_str()),
                opt_datum(nieuw.afgeleid_einde.as_ref().map(|e| e.datum)),
                nieuw.afgeleid_einde.as_ref().map(|e| e.reden.as_str()),
                nieuw.loonwaarde_pct.map(|p| p.0),
                opt_datum(nieuw.besluitdatum),
                nieuw.bron_kenmerk,
                nieuw.ingetrokken,
                t,
                soort,
                levering,
                referentie,
                handeling,
                versie_id,
            ])?;
        Ok(registratie_id)
    }

    fn schrijf_persoon(
        &mut self,
        p: &Persoon,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let huidig = self.huidige_persoon(p.bsn)?;
        if huidig.as_ref() == Some(p) {
            return Ok(Schrijfuitkomst::Ongewijzigd);
        }
        let t = tijd_getal(tijd);
        if huidig.is_some() {
            self.tx
                .prepare_cached(SLUIT_PERSOON)?
                .execute(params![p.bsn.waarde(), t])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO persoon_versies (bsn, geboortedatum, overlijdensdatum, woongemeente, geregistreerd_op, levering_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                p.bsn.waarde(),
                super::brp_datum_tekst(p.geboortedatum),
                opt_datum(p.overlijdensdatum),
                p.woongemeente.map(|g| g.waarde()),
                t,
                levering
            ])?;
        Ok(if huidig.is_some() {
            Schrijfuitkomst::Gewijzigd
        } else {
            Schrijfuitkomst::Nieuw
        })
    }

    fn schrijf_polis(
        &mut self,
        rij: &PolisRij,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let (begin, einde) = (dag_getal(rij.tijdvak_begin), dag_getal(rij.tijdvak_einde));
        let t = tijd_getal(tijd);
        // before anything is changed, so that a row of an unknown delivery closes nothing
        self.controleer_levering(levering)?;
        let uitkomst = match self.huidige_polisversie_van(rij, (begin, einde))? {
            None => Schrijfuitkomst::Nieuw,
            Some(huidig) if huidig.zelfde_als(rij) => return Ok(Schrijfuitkomst::Ongewijzigd),
            Some(huidig) => {
                // A correction: the held row's recorded period ends, the new row replaces it.
                self.sluit_polisversie(huidig.versie, t)?;
                Schrijfuitkomst::Gewijzigd
            }
        };
        self.voeg_polisversie_in(rij, (begin, einde), t, levering)?;
        Ok(uitkomst)
    }

    fn schrijf_werkgever(
        &mut self,
        w: &Werkgever,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let vanaf = w.geldig_vanaf.map(datum_tekst).unwrap_or_default();
        let huidig: Option<WerkgeverHuidig> = self
            .tx
            .prepare_cached(
                "SELECT versie_id, naam, sector, subsector, vestigingsgemeente FROM werkgever_versies \
                 WHERE loonheffingennummer = ?1 AND geldig_vanaf = ?2 AND vervallen_op IS NULL",
            )?
            .query_row(params![w.loonheffingennummer.als_getal(), vanaf], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let gemeente = w.vestigingsgemeente.map(|g| i64::from(g.waarde()));
        if let Some((versie, naam, sector, sub, gem)) = &huidig {
            if *naam == w.naam
                && sector == w.sector.code()
                && *sub == w.subsector
                && *gem == gemeente
            {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            self.tx
                .prepare_cached(
                    "UPDATE werkgever_versies SET vervallen_op = ?2 WHERE versie_id = ?1",
                )?
                .execute(params![versie, tijd_getal(tijd)])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO werkgever_versies (loonheffingennummer, geldig_vanaf, naam, sector, subsector, \
                 vestigingsgemeente, geregistreerd_op, levering_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                w.loonheffingennummer.als_getal(),
                vanaf,
                w.naam,
                w.sector.code(),
                w.subsector,
                gemeente,
                tijd_getal(tijd),
                levering
            ])?;
        Ok(if huidig.is_some() {
            Schrijfuitkomst::Gewijzigd
        } else {
            Schrijfuitkomst::Nieuw
        })
    }

    fn schrijf_werkgeversuren(
        &mut self,
        w: &Werkgeversuren,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let huidig: Option<(i64, i64, Option<i64>)> = self
            .tx
            .prepare_cached(
                "SELECT versie_id, uren_totaal, aantal_werknemers FROM werkgeversuren_versies \
                 WHERE loonheffingennummer = ?1 AND jaar = ?2 AND vervallen_op IS NULL",
            )?
            .query_row(params![w.loonheffingennummer.als_getal(), w.jaar], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let aantal = w.aantal_werknemers.map(i64::from);
        if let Some((versie, uren, a)) = &huidig {
            if *uren == w.verloonde_uren_totaal.0 && *a == aantal {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            self.tx
                .prepare_cached(
                    "UPDATE werkgeversuren_versies SET vervallen_op = ?2 WHERE versie_id = ?1",
                )?
                .execute(params![versie, tijd_getal(tijd)])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO werkgeversuren_versies (loonheffingennummer, jaar, uren_totaal, aantal_werknemers, \
                 geregistreerd_op, levering_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![w.loonheffingennummer.als_getal(), w.jaar, w.verloonde_uren_totaal.0, aantal, tijd_getal(tijd), levering])?;
        Ok(if huidig.is_some() {
            Schrijfuitkomst::Gewijzigd
        } else {
            Schrijfuitkomst::Nieuw
        })
    }

    fn schrijf_kandidaat(
        &mut self,
        k: &Kandidaat,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let interesses = k.interesses.join("|");
        let huidig: Option<KandidaatHuidig> = self
            .tx
            .prepare_cached(
                "SELECT versie_id, opleidingsniveau, uren_per_week, max_reisafstand_km, beschikbaar_vanaf, interesses, \
                 woongemeente, herkenbaar FROM kandidaat_versies WHERE bsn = ?1 AND vervallen_op IS NULL",
            )?
            .query_row([k.bsn.waarde()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })
            .optional()?;
        let nieuw = (
            k.opleidingsniveau.clone(),
            i64::from(k.uren_per_week),
            i64::from(k.max_reisafstand_km),
            datum_tekst(k.beschikbaar_vanaf),
            interesses,
            i64::from(k.woongemeente.waarde()),
            k.herkenbaar,
        );
        if let Some((versie, a, b, c, d, e, f, g)) = &huidig {
            if (a.clone(), *b, *c, d.clone(), e.clone(), *f, *g) == nieuw {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            self.tx
                .prepare_cached(
                    "UPDATE kandidaat_versies SET vervallen_op = ?2 WHERE versie_id = ?1",
                )?
                .execute(params![versie, tijd_getal(tijd)])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO kandidaat_versies (bsn, opleidingsniveau, uren_per_week, max_reisafstand_km, beschikbaar_vanaf, \
                 interesses, woongemeente, herkenbaar, geregistreerd_op, levering_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![k.bsn.waarde(), nieuw.0, nieuw.1, nieuw.2, nieuw.3, nieuw.4, nieuw.5, nieuw.6, tijd_getal(tijd), levering])?;
        Ok(if huidig.is_some() {
            Schrijfuitkomst::Gewijzigd
        } else {
            Schrijfuitkomst::Nieuw
        })
    }

    fn registreer_levering(&mut self, l: &NieuweLevering) -> Resultaat<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO leveringen (bron, soort, kenmerk, gemeentecode, sha256, bestandsnaam, modus, status, \
                 geregistreerd_op, referentie_versie, rijen_gelezen, rijen_toegepast, rijen_afgewezen, nieuw, gewijzigd, \
                 ongewijzigd, grondslagen, rapport, afwijzingsbestand, fiscaal_nummer) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(params![
                l.bron.code(),
                l.soort.naam(),
                l.kenmerk,
                l.gemeentecode.map(|g| g.waarde()),
                l.sha256,
                l.bestandsnaam,
                l.modus.naam(),
                l.status.code(),
                tijd_getal(l.geregistreerd_op),
                l.referentie_versie,
                l.rijen_gelezen,
                l.rijen_toegepast,
                l.rijen_afgewezen,
                l.nieuw,
                l.gewijzigd,
                l.ongewijzigd,
                l.grondslagen.join(","),
                l.rapport,
                l.afwijzingsbestand,
                l.fiscaal_nummer.map(|f| f.waarde()),
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn rond_levering_af(&mut self, id: i64, l: &NieuweLevering) -> Resultaat<()> {
        self.tx
            .prepare_cached(
                "UPDATE leveringen SET status = ?2, rijen_gelezen = ?3, rijen_toegepast = ?4, rijen_afgewezen = ?5, \
                 nieuw = ?6, gewijzigd = ?7, ongewijzigd = ?8, grondslagen = ?9, rapport = ?10, afwijzingsbestand = ?11 \
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                l.status.code(),
                l.rijen_gelezen,
                l.rijen_toegepast,
                l.rijen_afgewezen,
                l.nieuw,
                l.gewijzigd,
                l.ongewijzigd,
                l.grondslagen.join(","),
                l.rapport,
                l.afwijzingsbestand,
            ])?;
        Ok(())
    }

    fn bsns_met_registraties(&mut self) -> Resultaat<Vec<Bsn>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT DISTINCT bsn FROM registratie_versies WHERE vervallen_op IS NULL AND ingetrokken = 0")?;
        let mut rijen = stmt.query([])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(lees_bsn("registratie_versies", r.get(0)?)?);
        }
        Ok(uit)
    }

    fn activeer_referentie(
        &mut self,
        versie: &str,
        bestanden: &BTreeMap<String, String>,
        tijd: DateTime<Utc>,
    ) -> Resultaat<()> {
        let json = serde_json::to_string(bestanden).unwrap_or_default();
        self.tx
            .execute("UPDATE referentie_versies SET actief = 0", [])?;
        self.tx.execute(
            "INSERT INTO referentie_versies (versie, geladen_op, actief, bestanden) VALUES (?1, ?2, 1, ?3) \
             ON CONFLICT (versie) DO UPDATE SET actief = 1",
            params![versie, tijd_getal(tijd), json],
        )?;
        Ok(())
    }

    fn leg_besluit_vast(&mut self, besluit: &crate::Besluit<'_>) -> Resultaat<bool> {
        match besluit {
            crate::Besluit::Bezwaar(b) => self.beslis_bezwaar(b),
            crate::Besluit::UitschrijvingToegewezen { id, op, wie } => {
                self.wijs_uitschrijving_toe(*id, *op, wie)
            }
            crate::Besluit::Aanvraag(b) => self.beslis_aanvraag(b),
        }
    }

    fn commit(mut self: Box<Self>) -> Resultaat<()> {
        if self.polis_onvolledig {
            return Err(StoreFout::Database(
                "polisrijen konden niet worden weggeschreven; de levering is teruggedraaid".into(),
            ));
        }
        self.rond_polis_af()?;
        let SqliteTransactie {
            tx,
            polisparen_bekend,
            geheugen,
            ..
        } = *self;
        tx.commit()?;
        // only a committed pair is known to be in the table; those left in the memory are the
        // ones `rond_polis_af` inserted
        if let Some(bekend) = polisparen_bekend.as_mut() {
            bekend.extend(geheugen.polisparen.iter().copied());
        }
        // dropping `geheugen` empties it
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emptied, the working memory keeps room for about [`Polisgeheugen::BEHOUDEN`] entries
    /// per list and 7/8 of that per hash set (2^18 buckets: 229,376 entries), whatever the last
    /// transaction needed (here 786,432 of each), and keeps the largest list of person pairs,
    /// emptied, for the next delivery.
    #[test]
    fn geheugen_geleegd_tot_de_grens() {
        let n = 3 * Polisgeheugen::BEHOUDEN;
        let dag = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let stand = Polisstand {
            versie: 1,
            inlener: None,
            uren: 0,
            soort: None,
        };
        let mut g = Polisgeheugen::default();
        g.geschreven.extend((0..n).map(|i| (i as u32, 0, dag, dag)));
        g.geladen
            .extend((0..n).map(|i| ((i as u32, 0, dag, dag), stand)));
        g.polisparen.extend((0..n).map(|i| i as i64));
        g.polispersonen.push((1, vec![(1, 1); 10]));
        g.polispersonen.push((2, Vec::with_capacity(n)));
        g.leeg();
        assert!(g.geschreven.is_empty() && g.geladen.is_empty() && g.polisparen.is_empty());
        assert!(g.polispersonen.is_empty() && g.vrije_personen.is_empty());
        for ruimte in [g.geschreven.capacity(), g.geladen.capacity()] {
            assert_eq!(ruimte, Polisgeheugen::BEHOUDEN / 8 * 7);
        }
        for ruimte in [g.polisparen.capacity(), g.vrije_personen.capacity()] {
            assert!((Polisgeheugen::BEHOUDEN..n).contains(&ruimte));
        }
    }

    /// Lent to a transaction, the working memory is emptied when the loan ends, without a
    /// commit: a transaction dropped (rolled back) leaves nothing, and no more room than the
    /// bound, behind.
    #[test]
    fn geleend_geheugen_geleegd_bij_het_einde() {
        let dag = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let mut g = Polisgeheugen::default();
        {
            let mut geleend = Geleend(&mut g);
            geleend
                .geschreven
                .extend((0..Polisgeheugen::BEHOUDEN as u32).map(|i| (i, 0, dag, dag)));
            geleend.polisparen.extend([1, 2, 3]);
            geleend.polispersonen.push((7, vec![(1, 1)]));
        }
        assert!(g.geschreven.is_empty() && g.polisparen.is_empty() && g.polispersonen.is_empty());
        assert!(g.geschreven.capacity() < Polisgeheugen::BEHOUDEN);
    }
}
