//! The processing log writer (API.md "Processing log"): records are pseudonymised with
//! HMAC-SHA256 under a secret kept outside the database, and written durably *before* the answer
//! leaves — by one writer thread that commits whatever has queued up in one transaction (group
//! commit), so many concurrent requests share one fsync.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

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
    /// Starts the writer thread on the database at `db`.
    ///
    /// # Errors
    /// When the database cannot be opened.
    pub fn start(db: &Database) -> Result<Logboek, dgr_store::StoreFout> {
        let mut schrijver = db.open_logboekschrijver()?;
        if let Some(onderhoud) = schrijver.onderhoud()? {
            start_onderhoud(onderhoud)?;
        }
        let (zender, ontvanger) = mpsc::channel::<Opdracht>();
        std::thread::Builder::new()
            .name("logboek".into())
            .spawn(move || {
                while let Ok(eerste) = ontvanger.recv() {
                    let mut batch = vec![eerste];
                    while let Ok(x) = ontvanger.try_recv() {
                        batch.push(x);
                        if batch.len() >= 2_000 {
                            break;
                        }
                    }
                    let verzoeken: Vec<(&Audit, &[Verwerking])> = batch
                        .iter()
                        .map(|o| (&o.audit, o.verwerkingen.as_slice()))
                        .collect();
                    let uitkomst = schrijver.schrijf(&verzoeken).map_err(|e| e.to_string());
                    drop(verzoeken);
                    metrics::counter!("dgr_logboek_batches_totaal").increment(1);
                    for o in batch {
                        let _ = o.klaar.send(uitkomst.clone());
                    }
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
        self.stuur(verwerkingen, audit)?
            .blocking_recv()
            .map_err(|_| "logboek is gestopt".to_string())?
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
        self.stuur(verwerkingen, audit)?
            .await
            .map_err(|_| "logboek is gestopt".to_string())?
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
