//! The shared state of the server: the register (one connection behind a mutex; lookups take
//! tens of microseconds), the processing log writer, the trusted keys and the settings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use dgr_register::Register;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::instellingen::{Instellingen, StartFout};
use crate::logboek::{Logboek, Pseudonimiseerder, Verwerkingsactiviteit, activiteiten};
use crate::sleutels::{Ontwikkelsleutel, Vertrouwd, laad_jwks};

/// The process-wide Prometheus recorder (installed once; every server in the process renders it).
fn metrics_handle() -> Result<PrometheusHandle, StartFout> {
    static HANDLE: Mutex<Option<PrometheusHandle>> = Mutex::new(None);
    let mut h = HANDLE
        .lock()
        .map_err(|_| StartFout::Configuratie("metrics vergrendeld".into()))?;
    if let Some(x) = h.as_ref() {
        return Ok(x.clone());
    }
    let nieuw = PrometheusBuilder::new()
        .install_recorder()
        .map_err(|e| StartFout::Configuratie(format!("metrics: {e}")))?;
    *h = Some(nieuw.clone());
    Ok(nieuw)
}

/// Shared state: one reference-counted [`Gedeeld`], so that a clone (every extractor of every
/// request takes one) is one atomic increment instead of one per field (issue #13: cloning and
/// dropping the fields' own handles was 2.4% of the server's samples under lookup load). Its
/// fields are read through `Deref` (`staat.logboek`).
#[derive(Clone)]
pub struct Staat(Arc<Gedeeld>);

impl std::ops::Deref for Staat {
    type Target = Gedeeld;

    fn deref(&self) -> &Gedeeld {
        &self.0
    }
}

/// What the server's requests share ([`Staat`]).
pub struct Gedeeld {
    /// The register's writing connection (deliveries).
    pub register: Arc<Mutex<Register>>,
    /// Read connections ([`Instellingen::lezers`]), for lookups, reports and the workflows'
    /// own small writes (each in a transaction of its own; readers run in parallel).
    pub lezers: Arc<Vec<Mutex<Register>>>,
    /// One turn per reader, handed out in the order requests ask for one (FIFO): whoever
    /// holds a turn finds a reader free ([`crate::register`]).
    pub lezer_beurten: Arc<tokio::sync::Semaphore>,
    /// The processing log writer.
    pub logboek: Logboek,
    /// Pseudonymisation of data subjects.
    pub pseudo: Pseudonimiseerder,
    /// Trusted verification keys.
    pub sleutels: Arc<std::sync::RwLock<Vec<Vertrouwd>>>,
    /// Settings.
    pub instellingen: Arc<Instellingen>,
    /// The processing activities and their version.
    pub activiteiten: Arc<(Vec<Verwerkingsactiviteit>, String)>,
    /// BSN lookups per organisation today (initialised from the audit table after a restart).
    pub opvragingen: Arc<Mutex<HashMap<(String, chrono::NaiveDate), u64>>>,
    /// Per organisation, held while its count of the day is read back from the audit records
    /// after a start (`opvraging::tel_vooraf`), so that concurrent requests read it once.
    pub herstel_telling: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// Prometheus metrics.
    pub metrics: PrometheusHandle,
    /// Web sessions.
    pub sessies: crate::sessie::Sessies,
    /// Yearly quota reports kept for the employers' portal.
    pub quotumreeks: Arc<crate::quotumreeks::Quotumreeks>,
    /// The dashboards' reports, kept per state of the register (issue #13).
    pub rapporten: Arc<crate::rapportcache::Rapportcache>,
    /// Verified tokens until their expiry (bounded).
    pub tokens: Arc<Mutex<HashMap<String, crate::identiteit::Gebruiker>>>,
}

impl Staat {
    /// Opens the register, the log writer and the keys.
    ///
    /// # Errors
    /// [`StartFout`].
    pub fn new(instellingen: Instellingen) -> Result<Staat, StartFout> {
        let klok = instellingen.klok;
        let register = Register::open_database(&instellingen.db, klok)?;
        let aantal = instellingen
            .lezers
            .unwrap_or_else(|| crate::instellingen::standaard_lezers(&instellingen.db))
            .max(1);
        let lezers = (0..aantal)
            .map(|_| Ok(Mutex::new(Register::open_lezer(&instellingen.db, klok)?)))
            .collect::<Result<Vec<_>, StartFout>>()?;
        let logboek = Logboek::start(
            &instellingen.db,
            instellingen.logboek_wachttijd.unwrap_or_else(|| {
                crate::instellingen::standaard_logboek_wachttijd(&instellingen.db)
            }),
        )?;
        let pseudo = Pseudonimiseerder::laad_of_maak(&instellingen.data_map)
            .map_err(StartFout::Configuratie)?;
        let sleutels = vertrouwde_sleutels(&instellingen)?;
        let metrics = metrics_handle()?;
        let sessies = crate::sessie::Sessies::met_logboek(logboek.clone(), klok);
        Ok(Staat(Arc::new(Gedeeld {
            register: Arc::new(Mutex::new(register)),
            lezers: Arc::new(lezers),
            lezer_beurten: Arc::new(tokio::sync::Semaphore::new(aantal)),
            logboek,
            pseudo,
            sleutels: Arc::new(std::sync::RwLock::new(sleutels)),
            activiteiten: Arc::new(activiteiten().map_err(StartFout::Configuratie)?),
            instellingen: Arc::new(instellingen),
            opvragingen: Arc::new(Mutex::new(HashMap::new())),
            herstel_telling: Arc::default(),
            metrics,
            tokens: Arc::new(Mutex::new(HashMap::new())),
            sessies,
            quotumreeks: Arc::default(),
            rapporten: Arc::default(),
        })))
    }
}

impl Staat {
    /// The clock of the rules ([`Instellingen::klok`]).
    pub fn klok(&self) -> dgr_register::tijd::Klok {
        self.instellingen.klok
    }

    /// The trail a request's refusals are logged through (its `traceparent` and client).
    pub fn weigeringsspoor(
        &self,
        headers: &axum::http::HeaderMap,
        client: Option<std::net::IpAddr>,
    ) -> crate::beleid::Weigeringsspoor {
        crate::beleid::Weigeringsspoor::new(
            self.logboek.clone(),
            self.klok(),
            headers
                .get("traceparent")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            client,
        )
    }
}

/// The trusted keys: the configured JWKS (file or URL) and, when enabled, the development issuer.
///
/// # Errors
/// [`StartFout::Configuratie`] when nothing can log in (no key trusted and no OIDC provider for
/// the web login) or the JWKS cannot be read. With only an OIDC provider the API refuses every
/// bearer token and the web pages work.
pub fn vertrouwde_sleutels(instellingen: &Instellingen) -> Result<Vec<Vertrouwd>, StartFout> {
    let mut sleutels = Vec::new();
    if let (Some(jwks), Some(issuer)) = (&instellingen.jwks, &instellingen.issuer) {
        sleutels
            .extend(laad_jwks(jwks, issuer).map_err(|e| StartFout::Configuratie(e.to_string()))?);
    }
    if instellingen.ontwikkel_issuer {
        let o = Ontwikkelsleutel::laad_of_maak(&instellingen.data_map)
            .map_err(|e| StartFout::Configuratie(e.to_string()))?;
        sleutels.push(
            o.vertrouwd()
                .map_err(|e| StartFout::Configuratie(e.to_string()))?,
        );
    }
    if sleutels.is_empty() && instellingen.oidc.is_none() {
        return Err(StartFout::Configuratie(
            "geen vertrouwde sleutels: geef --jwks BESTAND|URL en --issuer ISS, --oidc-issuer (website), of --ontwikkel-issuer".into(),
        ));
    }
    Ok(sleutels)
}
