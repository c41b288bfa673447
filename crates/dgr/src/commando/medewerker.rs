//! Staff reads from the command line are logged like the API's (API.md "Processing log"; issue
//! #9 finding 13): `dgr persoon`, `dgr check`, `dgr voordelen` and `dgr verwerkingen --bsn` write
//! one processing record per data subject (the BSN pseudonymised with the server's HMAC secret,
//! `DATA_MAP/logboek.geheim`) and an audit record naming the staff member, durably, *before* the
//! answer is printed. When the log cannot be written the command fails and prints nothing of
//! the person.

use dgr_store::Database;
use std::path::Path;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use dgr_core::Bsn;
use dgr_register::tijd::Klok;
use dgr_server::identiteit::Rol;
use dgr_server::logboek::{Pseudonimiseerder, activiteiten};
use dgr_server::trace::Trace;
use dgr_store::logboek::{Audit, Verwerking};

/// The processing activity of staff reads from the command line
/// (`config/verwerkingsactiviteiten.csv`).
pub const ACTIVITEIT: &str = "DGR-BEHEER";

/// The longest actor name kept (characters); a longer `--gebruiker` is cut.
const MAX_NAAM: usize = 100;

/// The staff member on whose behalf a command reads personal data: `--gebruiker` (or
/// `DGR_GEBRUIKER`), else the operating-system user (`USER`, `LOGNAME`), else `onbekend`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Medewerker(String);

impl Medewerker {
    /// The actor from the global option, else from the environment.
    pub fn bepaal(gegeven: Option<&str>) -> Medewerker {
        let uit_omgeving = || {
            ["USER", "LOGNAME"]
                .into_iter()
                .find_map(|v| std::env::var(v).ok().filter(|x| !x.trim().is_empty()))
        };
        let naam = gegeven
            .map(str::to_string)
            .filter(|x| !x.trim().is_empty())
            .or_else(uit_omgeving)
            .unwrap_or_else(|| "onbekend".to_string());
        Medewerker(
            naam.trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_NAAM)
                .collect(),
        )
    }

    /// The name as recorded (`sub` of the audit record).
    pub fn naam(&self) -> &str {
        &self.0
    }
}

/// One staff read: who, what operation, about whom, since when.
pub struct Inzage<'a> {
    /// The register file (the log is its `.logboek.db` sibling).
    pub db: &'a Database,
    /// The folder with `logboek.geheim`.
    pub data_map: &'a Path,
    /// The register's clock (the log's times line up with its transaction times).
    pub klok: Klok,
    /// The staff member.
    pub medewerker: &'a Medewerker,
    /// The operation (`cli_persoon`, `cli_check`, …).
    pub naam: &'static str,
    /// The processing activity (`DGR-BEHEER` for staff reads; `DGR-MONITOR` for the
    /// werkgeversmonitor), which must be in `config/verwerkingsactiviteiten.csv`.
    pub activiteit: &'static str,
    /// The data subjects read.
    pub bsns: Vec<Bsn>,
    /// When the command began.
    pub start: DateTime<Utc>,
}

/// Writes the processing records (one per data subject) and the audit record with role
/// `beheer` and the staff member as actor, in one durable transaction.
///
/// # Errors
/// When the secret, the register of processing activities or the log cannot be read or written:
/// the command must then fail without printing the person's data.
pub fn leg_vast(i: Inzage<'_>) -> anyhow::Result<()> {
    let (lijst, _) = activiteiten().map_err(anyhow::Error::msg)?;
    anyhow::ensure!(
        lijst.iter().any(|a| a.id == i.activiteit),
        "verwerkingsactiviteit {} ontbreekt in het register van verwerkingsactiviteiten",
        i.activiteit
    );
    let pseudo = Pseudonimiseerder::laad_of_maak(i.data_map)
        .map_err(anyhow::Error::msg)
        .context("het logboekgeheim kan niet gelezen worden")?;
    let trace = Trace::uit_headers(&Default::default());
    let einde = i.klok.nu();
    let records: Vec<Verwerking> = i
        .bsns
        .iter()
        .map(|b| Verwerking {
            trace_id: trace.trace_id.clone(),
            span_id: trace.span_id.clone(),
            parent_span_id: None,
            naam: i.naam.to_string(),
            status_code: "OK".into(),
            start_time: i.start,
            end_time: einde,
            processing_activity_id: i.activiteit.to_string(),
            data_subject_id: pseudo.pseudoniem(*b),
            data_subject_id_type: "BSN".into(),
        })
        .collect();
    let rol = Rol::Beheer.naam();
    let audit = Audit {
        trace_id: trace.trace_id.clone(),
        tijd: einde,
        sub: i.medewerker.naam().to_string(),
        rol: rol.to_string(),
        organisatie: format!("{rol}:{}", i.medewerker.naam()),
        organisatie_naam: Some("UWV, beheer doelgroepregister".to_string()),
        client_ip: None,
        handeling: i.naam.to_string(),
        bsn_opvragingen: u32::try_from(i.bsns.len()).unwrap_or(u32::MAX),
        buiten_eigen_polis: 0,
        doel: None,
    };
    i.db
        .open_logboekschrijver()
        .and_then(|mut s| s.schrijf(&[(&audit, records.as_slice())]))
        .context("de raadpleging kan niet in het verwerkingenlogboek worden vastgelegd; er wordt niets getoond")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_medewerker_is_de_optie_anders_de_gebruiker_van_het_systeem() {
        assert_eq!(Medewerker::bepaal(Some(" j.jansen ")).naam(), "j.jansen");
        // control characters never reach the log; an overlong name is cut at 100 characters
        assert_eq!(Medewerker::bepaal(Some("a\u{1b}[31mb")).naam(), "a[31mb");
        assert_eq!(
            Medewerker::bepaal(Some(&"x".repeat(500)))
                .naam()
                .chars()
                .count(),
            100
        );
        // without the option: an OS user or, failing that, "onbekend", never empty
        assert!(!Medewerker::bepaal(None).naam().is_empty());
        assert!(!Medewerker::bepaal(Some("  ")).naam().is_empty());
    }

    #[test]
    fn de_activiteit_staat_in_het_register_van_verwerkingsactiviteiten() {
        let (lijst, _) = activiteiten().unwrap_or_default();
        assert!(lijst.iter().any(|a| a.id == ACTIVITEIT));
    }
}
