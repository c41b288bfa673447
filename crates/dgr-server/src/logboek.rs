//! The processing log writer (API.md "Processing log"): records are pseudonymised with
//! HMAC-SHA256 under a secret kept outside the database, and written durably *before* the answer
//! leaves — by one writer thread that commits whatever has queued up in one transaction (group
//! commit), so many concurrent requests share one fsync; under load a commit waits a moment for
//! the requests about to arrive ([`Instellingen::logboek_wachttijd`]).
//!
//! [`Instellingen::logboek_wachttijd`]: crate::Instellingen::logboek_wachttijd

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dgr_core::Bsn;
use dgr_store::Database;
use dgr_store::logboek::{Audit, Verwerking};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::oneshot;

/// One processing activity of the shipped register (`config/verwerkingsactiviteiten.csv`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Verwerkingsactiviteit {
    /// Id, e.g. `DGR-ZOEK-WERKGEVER`.
    pub id: String,
    /// Name.
    pub naam: String,
    /// Purpose.
    pub doel: String,
    /// Legal basis.
    pub rechtsgrond: String,
    /// Retention in years.
    pub bewaartermijn_jaren: u32,
}

const ACTIVITEITEN: &str = include_str!("../../../config/verwerkingsactiviteiten.csv");

/// The shipped register of processing activities, and its version (SHA-256 of the file).
///
/// # Errors
/// A message when the shipped file does not parse (a build defect).
pub fn activiteiten() -> Result<(Vec<Verwerkingsactiviteit>, String), String> {
    let mut lezer = csv::Reader::from_reader(ACTIVITEITEN.as_bytes());
    let lijst = lezer
        .deserialize()
        .collect::<Result<Vec<Verwerkingsactiviteit>, _>>()
        .map_err(|e| e.to_string())?;
    use sha2::Digest as _;
    Ok((lijst, hex::encode(Sha256::digest(ACTIVITEITEN.as_bytes()))))
}

/// Pseudonymises BSNs with a keyed hash whose secret lives outside the database.
#[derive(Clone)]
pub struct Pseudonimiseerder {
    sleutel: Vec<u8>,
}

impl Pseudonimiseerder {
    /// Loads the secret from `map/logboek.geheim`, creating 32 random bytes on first use.
    ///
    /// # Errors
    /// IO or randomness failures.
    pub fn laad_of_maak(map: &Path) -> Result<Pseudonimiseerder, String> {
        let pad: PathBuf = map.join("logboek.geheim");
        if let Ok(t) = std::fs::read_to_string(&pad) {
            return hex::decode(t.trim())
                .map(|sleutel| Pseudonimiseerder { sleutel })
                .map_err(|e| format!("{}: {e}", pad.display()));
        }
        let mut s = [0u8; 32];
        getrandom::fill(&mut s).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(map).map_err(|e| e.to_string())?;
        std::fs::write(&pad, hex::encode(s)).map_err(|e| format!("{}: {e}", pad.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&pad, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| e.to_string())?;
        }
        Ok(Pseudonimiseerder {
            sleutel: s.to_vec(),
        })
    }

    /// HMAC-SHA256(secret, nine digits), hex.
    pub fn pseudoniem(&self, bsn: Bsn) -> String {
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.sleutel) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(bsn.cijfers().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

struct Opdracht {
    verwerkingen: Vec<Verwerking>,
    audit: Audit,
    klaar: oneshot::Sender<Result<(), String>>,
}

/// A handle to the writer thread.
#[derive(Clone)]
pub struct Logboek {
    zender: mpsc::Sender<Opdracht>,
}

impl Logboek {
    /// Starts the writer thread on the database at `db`; a commit waits `wachttijd` for more
    /// requests when the one before it was shared by several.
    ///
    /// # Errors
    /// When the database cannot be opened.
    pub fn start(db: &Database, wachttijd: Duration) -> Result<Logboek, dgr_store::StoreFout> {
        let mut schrijver = db.open_logboekschrijver()?;
        if let Some(onderhoud) = schrijver.onderhoud()? {
            start_onderhoud(onderhoud)?;
        }
        let (zender, ontvanger) = mpsc::channel::<Opdracht>();
        std::thread::Builder::new()
            .name("logboek".into())
            .spawn(move || {
                let mut vorige = 0;
                let mut bijhouden = Bijhouden::nu();
                loop {
                    let eerste = match ontvanger.recv_timeout(bijhouden.wacht()) {
                        Ok(eerste) => eerste,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            bijhouden.stap(schrijver.as_mut());
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    let wacht = wacht_na(vorige, wachttijd);
                    vorige = commit(
                        schrijver.as_mut(),
                        &mut bijhouden,
                        &ontvanger,
                        eerste,
                        wacht,
                    );
                }
            })
            .map_err(|e| dgr_store::StoreFout::Corrupt {
                tabel: "verwerkingen",
                reden: e.to_string(),
            })?;
        Ok(Logboek { zender })
    }

    /// [`Logboek::schrijf`] from blocking code (never from an async task): waits for the commit.
    ///
    /// # Errors
    /// When the log cannot be written.
    pub fn schrijf_blokkerend(
        &self,
        verwerkingen: Vec<Verwerking>,
        audit: Audit,
    ) -> Result<(), String> {
        let begin = Instant::now();
        let uitkomst = self
            .stuur(verwerkingen, audit)?
            .blocking_recv()
            .map_err(|_| "logboek is gestopt".to_string())?;
        meet_wacht(begin);
        uitkomst
    }

    /// Hands the records to the writer thread; the receiver yields the commit's outcome.
    fn stuur(
        &self,
        verwerkingen: Vec<Verwerking>,
        audit: Audit,
    ) -> Result<oneshot::Receiver<Result<(), String>>, String> {
        let (klaar, wacht) = oneshot::channel();
        self.zender
            .send(Opdracht {
                verwerkingen,
                audit,
                klaar,
            })
            .map_err(|_| "logboek is gestopt".to_string())?;
        Ok(wacht)
    }

    /// Writes the records and the audit entry durably; returns when committed.
    ///
    /// # Errors
    /// When the log cannot be written: the request must fail (no unlogged processing).
    pub async fn schrijf(&self, verwerkingen: Vec<Verwerking>, audit: Audit) -> Result<(), String> {
        let begin = Instant::now();
        let uitkomst = self
            .stuur(verwerkingen, audit)?
            .await
            .map_err(|_| "logboek is gestopt".to_string())?;
        meet_wacht(begin);
        uitkomst
    }
}

/// Records how long a request waited for its records to be committed, from handing them to the
/// writer thread to its answer, in seconds (`dgr_logboek_wacht_seconden`, beside the request's
/// whole time in `dgr_http_duur_seconden`): under load most of a lookup's time in the server
/// is this wait for the group commit (issue #13: 1.32 of 1.36 ms at 16,500 lookups/s), so it
/// tells an operator whether the log's disk or the requests' own work sets the pace.
fn meet_wacht(begin: Instant) {
    metrics::histogram!("dgr_logboek_wacht_seconden").record(begin.elapsed().as_secs_f64());
}

/// The most requests one commit takes.
const BATCH_MAX: usize = 2_000;

/// How long the next commit waits when the one before served `vorige` requests: `wachttijd`
/// when it was shared by several (the server is under load), else nothing (a lone request on a
/// quiet server is committed at once).
fn wacht_na(vorige: usize, wachttijd: Duration) -> Duration {
    if vorige > 1 {
        wachttijd
    } else {
        Duration::ZERO
    }
}

/// One commit of the writer thread: the requests [`verzamel`] gathers after `eerste`, written
/// in one transaction, and each answered with its outcome; returns how many it served. When the
/// commit waits (`wacht` not zero: the one before was shared) a due step of the upkeep is done in
/// that wait, in place of (part of) its sleep; otherwise right after the answers. So every
/// commit asks [`Bijhouden::stap`] once, and a step is never inside a commit of records.
fn commit(
    schrijver: &mut dyn dgr_store::logboek::Logboekschrijver,
    bijhouden: &mut Bijhouden,
    ontvanger: &mpsc::Receiver<Opdracht>,
    eerste: Opdracht,
    wacht: Duration,
) -> usize {
    let batch = verzamel(
        ontvanger,
        eerste,
        wacht,
        || bijhouden.stap(schrijver),
        std::thread::sleep,
    );
    let verzoeken: Vec<(&Audit, &[Verwerking])> = batch
        .iter()
        .map(|o| (&o.audit, o.verwerkingen.as_slice()))
        .collect();
    let uitkomst = schrijver.schrijf(&verzoeken).map_err(|e| e.to_string());
    drop(verzoeken);
    metrics::counter!("dgr_logboek_batches_totaal").increment(1);
    let aantal = batch.len();
    for o in batch {
        let _ = o.klaar.send(uitkomst.clone());
    }
    if wacht.is_zero() {
        bijhouden.stap(schrijver);
    }
    aantal
}

/// The requests of one commit: `eerste` and, after waiting `wacht` ([`wacht_na`]), whatever
/// queued up behind it, at most [`BATCH_MAX`] in all. Under load a commit that waits a moment
/// takes the requests about to arrive along, as PostgreSQL's `commit_delay` does, so fewer
/// commits (each a write of the log's changed pages and an fsync) serve the same requests. It
/// sleeps rather than waking for each arriving request: one wake-up per commit (issue #13:
/// waking per request cost the CPU the fewer commits saved).
///
/// A wait begins with `tussendoor` (the writer's upkeep, [`Bijhouden::stap`]) and then has
/// `slaap` (the thread's sleep) sleep only what is left of `wacht`: the requests wait for the
/// longer of the two, not for both (issue #13: a step of 0.3–0.4 ms, on the eighteenth session's
/// machine, after a commit delayed the next commit's requests by all of it). Without a wait
/// neither is called.
fn verzamel(
    ontvanger: &mpsc::Receiver<Opdracht>,
    eerste: Opdracht,
    wacht: Duration,
    tussendoor: impl FnOnce(),
    slaap: impl FnOnce(Duration),
) -> Vec<Opdracht> {
    if !wacht.is_zero() {
        let begin = Instant::now();
        tussendoor();
        slaap(wacht.saturating_sub(begin.elapsed()));
    }
    std::iter::once(eerste)
        .chain(ontvanger.try_iter().take(BATCH_MAX - 1))
        .collect()
}

/// When the writer thread next does a step of the log's index upkeep
/// ([`Logboekschrijver::voeg_samen`]), always between two commits, after the requests of the
/// first have their answer: in the second's wait for more requests when it waits ([`commit`],
/// [`wacht_na`]: under load), else right after the first. After a step with work it pauses
/// nine times as long as the step took, so the upkeep takes at most a tenth of the writer's
/// time, busy or idle. A group of 2^20 records takes 4,096 steps to build and about 2,048 to
/// delete from its segments; at the 0.55–0.75 ms a step took on the seventeenth session's
/// machine (issue #13) that is about 40 s, of which 4 s of the writer's time, while 20,000
/// lookups/s fill a group in 52 s. A log of 10 million records written before the
/// merge existed was merged in 405 s on an idle server. After a step without work it looks
/// again after [`Bijhouden::RUST`]; a failure is reported once (and its end too) and tried
/// again after [`Bijhouden::NA_FOUT`]. Each step with work is timed in
/// `dgr_logboek_samenvoegstap_seconden`.
///
/// [`Logboekschrijver::voeg_samen`]: dgr_store::logboek::Logboekschrijver::voeg_samen
struct Bijhouden {
    volgende: Instant,
    gemeld: bool,
}

impl Bijhouden {
    /// How long to wait after a step that found no work.
    const RUST: Duration = Duration::from_secs(1);
    /// How long to wait after a failed step.
    const NA_FOUT: Duration = Duration::from_secs(60);

    /// Due at once (a log that has a backlog to merge starts on it right away).
    fn nu() -> Bijhouden {
        Bijhouden {
            volgende: Instant::now(),
            gemeld: false,
        }
    }

    /// How long until the next step is due (zero when it is).
    fn wacht(&self) -> Duration {
        self.volgende.saturating_duration_since(Instant::now())
    }

    /// Does one step if it is due, and sets when the next is.
    fn stap(&mut self, schrijver: &mut dyn dgr_store::logboek::Logboekschrijver) {
        let begin = Instant::now();
        if begin < self.volgende {
            return;
        }
        let uitkomst = schrijver.voeg_samen();
        let duur = begin.elapsed();
        match &uitkomst {
            Ok(werk) => {
                if self.gemeld {
                    tracing::info!("bijhouden van het verwerkingenlogboek werkt weer");
                    self.gemeld = false;
                }
                if *werk {
                    metrics::histogram!("dgr_logboek_samenvoegstap_seconden")
                        .record(duur.as_secs_f64());
                }
            }
            Err(e) => {
                if !self.gemeld {
                    tracing::warn!(fout = %e, "bijhouden van het verwerkingenlogboek mislukt");
                    self.gemeld = true;
                }
            }
        }
        self.volgende = Instant::now() + Self::pauze(uitkomst.as_ref().ok().copied(), duur);
    }

    /// The pause after a step that took `duur`: nine times as long when it had work
    /// (`Some(true)`), [`Bijhouden::RUST`] when it had none, [`Bijhouden::NA_FOUT`] when it
    /// failed (`None`).
    fn pauze(werk: Option<bool>, duur: Duration) -> Duration {
        match werk {
            Some(true) => duur * 9,
            Some(false) => Self::RUST,
            None => Self::NA_FOUT,
        }
    }
}

/// Runs the log's upkeep (SQLite: a passive WAL checkpoint) every 200 ms on a thread of its
/// own; a lasting failure is reported once, and its end too.
fn start_onderhoud(
    mut onderhoud: Box<dyn dgr_store::logboek::Logboekonderhoud>,
) -> Result<(), dgr_store::StoreFout> {
    std::thread::Builder::new()
        .name("logboek-onderhoud".into())
        .spawn(move || {
            let mut gemeld = false;
            loop {
                std::thread::sleep(std::time::Duration::from_millis(200));
                match onderhoud.onderhoud() {
                    Err(e) if !gemeld => {
                        tracing::warn!(fout = %e, "onderhoud van het verwerkingenlogboek mislukt");
                        gemeld = true;
                    }
                    Ok(()) if gemeld => {
                        tracing::info!("onderhoud van het verwerkingenlogboek werkt weer");
                        gemeld = false;
                    }
                    _ => {}
                }
            }
        })
        .map_err(|e| dgr_store::StoreFout::Corrupt {
            tabel: "verwerkingen",
            reden: e.to_string(),
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log writer that notes the commits (`"schrijf"`) and merge steps (`"stap"`) asked of
    /// it, in order, and answers each step with `uitkomst`.
    struct Teller {
        volgorde: Vec<&'static str>,
        uitkomst: Option<bool>,
    }

    impl Teller {
        fn nieuw(uitkomst: Option<bool>) -> Teller {
            Teller {
                volgorde: Vec::new(),
                uitkomst,
            }
        }

        fn stappen(&self) -> usize {
            self.volgorde.iter().filter(|v| **v == "stap").count()
        }
    }

    impl dgr_store::logboek::Logboekschrijver for Teller {
        fn schrijf(&mut self, _: &[(&Audit, &[Verwerking])]) -> dgr_store::Resultaat<()> {
            self.volgorde.push("schrijf");
            Ok(())
        }

        fn verwijder_portie(
            &mut self,
            _: &str,
            _: chrono::DateTime<chrono::Utc>,
            _: usize,
        ) -> dgr_store::Resultaat<usize> {
            Ok(0)
        }

        fn onderhoud(
            &self,
        ) -> dgr_store::Resultaat<Option<Box<dyn dgr_store::logboek::Logboekonderhoud>>> {
            Ok(None)
        }

        fn voeg_samen(&mut self) -> dgr_store::Resultaat<bool> {
            self.volgorde.push("stap");
            self.uitkomst.ok_or(dgr_store::StoreFout::Corrupt {
                tabel: "verwerkingen_samengevoegd",
                reden: "test".into(),
            })
        }
    }

    /// The merge takes at most a tenth of the writer's time: a step of 2 ms is followed by
    /// 9 × 2 = 18 ms of pause; none follows a step without work for a second, a failed one for
    /// a minute.
    #[test]
    fn bijhouden_neemt_hoogstens_een_tiende() {
        let ms = Duration::from_millis;
        assert_eq!(Bijhouden::pauze(Some(true), ms(2)), ms(18));
        assert_eq!(Bijhouden::pauze(Some(false), ms(2)), ms(1_000));
        assert_eq!(Bijhouden::pauze(None, ms(2)), ms(60_000));
    }

    /// A step is taken at once at the start, then not again until its pause is over: after a
    /// step without work, the writer's next batches within the second ask for none; after a
    /// failure it is reported once and the next step waits a minute.
    #[test]
    fn bijhouden_alleen_als_het_aan_de_beurt_is() {
        for uitkomst in [Some(false), None] {
            let mut schrijver = Teller::nieuw(uitkomst);
            let mut bijhouden = Bijhouden::nu();
            assert_eq!(bijhouden.wacht(), Duration::ZERO);
            for _ in 0..5 {
                bijhouden.stap(&mut schrijver);
            }
            assert_eq!(schrijver.stappen(), 1, "{uitkomst:?}");
            assert!(
                bijhouden.wacht() > Duration::from_millis(900),
                "{uitkomst:?}"
            );
            assert_eq!(bijhouden.gemeld, uitkomst.is_none());
        }
    }

    /// A request for the writer, told apart by its trace id `n`.
    fn opdracht(n: usize) -> Opdracht {
        opdracht_met_antwoord(n).0
    }

    /// [`opdracht`], with the receiver of its answer.
    fn opdracht_met_antwoord(n: usize) -> (Opdracht, oneshot::Receiver<Result<(), String>>) {
        let (klaar, antwoord) = oneshot::channel();
        let opdracht = Opdracht {
            verwerkingen: Vec::new(),
            audit: Audit {
                trace_id: n.to_string(),
                tijd: chrono::DateTime::UNIX_EPOCH,
                sub: "test".into(),
                rol: "werkgever".into(),
                organisatie: "test".into(),
                organisatie_naam: None,
                client_ip: None,
                handeling: "test".into(),
                bsn_opvragingen: 0,
                buiten_eigen_polis: 0,
                doel: None,
            },
            klaar,
        };
        (opdracht, antwoord)
    }

    type Fout = Result<(), Box<dyn std::error::Error>>;

    fn nummers(batch: &[Opdracht]) -> Vec<String> {
        batch.iter().map(|o| o.audit.trace_id.clone()).collect()
    }

    #[test]
    fn zonder_wachttijd_alleen_wat_al_klaarstaat() -> Fout {
        let (zender, ontvanger) = mpsc::channel();
        for n in 1..=3 {
            zender.send(opdracht(n))?;
        }
        let mut tussendoor = false;
        let batch = verzamel(
            &ontvanger,
            opdracht(0),
            Duration::ZERO,
            || tussendoor = true,
            std::thread::sleep,
        );
        assert_eq!(nummers(&batch), ["0", "1", "2", "3"]);
        // no wait, so no upkeep before this commit (the writer does it after)
        assert!(!tussendoor);
        drop(zender);
        Ok(())
    }

    #[test]
    fn met_wachttijd_ook_wat_nog_binnenkomt() -> Fout {
        let (zender, ontvanger) = mpsc::channel();
        zender.send(opdracht(1))?;
        // two more arrive 20 ms into a wait of a second
        let later = std::thread::spawn(move || -> Result<(), String> {
            std::thread::sleep(Duration::from_millis(20));
            for n in [2, 3] {
                zender.send(opdracht(n)).map_err(|e| e.to_string())?;
            }
            Ok(())
        });
        let batch = verzamel(
            &ontvanger,
            opdracht(0),
            Duration::from_secs(1),
            || {},
            std::thread::sleep,
        );
        later.join().map_err(|_| "de zender faalde")??;
        assert_eq!(nummers(&batch), ["0", "1", "2", "3"]);
        Ok(())
    }

    #[test]
    fn tussendoor_in_de_wachttijd() -> Fout {
        let (zender, ontvanger) = mpsc::channel();
        zender.send(opdracht(1))?;
        let mut keer = 0;
        // the upkeep runs once, in the wait, and what arrives meanwhile goes along
        let batch = verzamel(
            &ontvanger,
            opdracht(0),
            Duration::from_micros(1),
            || {
                keer += 1;
                let _ = zender.send(opdracht(2));
            },
            std::thread::sleep,
        );
        assert_eq!(keer, 1);
        assert_eq!(nummers(&batch), ["0", "1", "2"]);
        Ok(())
    }

    /// The sleep is what is left of the wait after the upkeep: nothing after an upkeep of 20 ms
    /// in a wait of 10 ms; nearly all of a wait of 10 s after an upkeep that does nothing (the
    /// sleep is noted, not slept).
    #[test]
    fn slapen_alleen_wat_van_de_wachttijd_over_is() {
        let (_zender, ontvanger) = mpsc::channel();
        let mut geslapen = Vec::new();
        verzamel(
            &ontvanger,
            opdracht(0),
            Duration::from_millis(10),
            || std::thread::sleep(Duration::from_millis(20)),
            |d| geslapen.push(d),
        );
        verzamel(
            &ontvanger,
            opdracht(1),
            Duration::from_secs(10),
            || {},
            |d| geslapen.push(d),
        );
        assert_eq!(geslapen[0], Duration::ZERO);
        assert!(geslapen[1] > Duration::from_secs(9), "{:?}", geslapen[1]);
        assert_eq!(geslapen.len(), 2);
    }

    /// Every commit asks for one step of the upkeep: in its wait, before the records are
    /// written, when it waits; after the answers when it does not; and a step not yet due is
    /// not taken (after a step without work the next is a second away). The requests are
    /// answered with the commit's outcome either way.
    #[test]
    fn een_stap_per_commit_in_de_wachttijd_of_erna() -> Fout {
        let (_zender, ontvanger) = mpsc::channel();
        for (wacht, verwacht) in [
            (Duration::from_micros(1), ["stap", "schrijf"]),
            (Duration::ZERO, ["schrijf", "stap"]),
        ] {
            let mut schrijver = Teller::nieuw(Some(false));
            let mut bijhouden = Bijhouden::nu();
            let (eerste, antwoord) = opdracht_met_antwoord(0);
            let n = commit(&mut schrijver, &mut bijhouden, &ontvanger, eerste, wacht);
            assert_eq!(n, 1);
            assert_eq!(schrijver.volgorde, verwacht, "{wacht:?}");
            assert_eq!(antwoord.blocking_recv()?, Ok(()));
            // the next commit within the second: no step
            let (eerste, _) = opdracht_met_antwoord(1);
            commit(&mut schrijver, &mut bijhouden, &ontvanger, eerste, wacht);
            assert_eq!(schrijver.volgorde[2..], ["schrijf"], "{wacht:?}");
        }
        Ok(())
    }

    #[test]
    fn wachten_alleen_na_een_gedeelde_commit() {
        let w = Duration::from_micros(250);
        // the first commit (none before) and one after a lone request: at once
        assert_eq!(wacht_na(0, w), Duration::ZERO);
        assert_eq!(wacht_na(1, w), Duration::ZERO);
        assert_eq!(wacht_na(2, w), w);
        assert_eq!(wacht_na(BATCH_MAX, w), w);
    }

    #[test]
    fn nooit_meer_dan_batch_max() -> Fout {
        let (zender, ontvanger) = mpsc::channel();
        for n in 1..=BATCH_MAX + 5 {
            zender.send(opdracht(n))?;
        }
        let batch = verzamel(
            &ontvanger,
            opdracht(0),
            Duration::ZERO,
            || {},
            std::thread::sleep,
        );
        assert_eq!(batch.len(), BATCH_MAX);
        // the rest waits for the next commit, in order: 0..=1999 taken, 2000 is next
        assert_eq!(
            ontvanger.try_recv().map(|o| o.audit.trace_id).ok(),
            Some(BATCH_MAX.to_string())
        );
        Ok(())
    }
}
