//! The processing log of one request (API.md): [`leg_vast`] writes the records of every data
//! subject and the audit entry durably before the answer may leave, for the API and the pages
//! alike, and [`met_trace`] adds the request's `traceparent` to the answer.

use std::net::SocketAddr;

use axum::http::HeaderValue;
use axum::response::Response;
use chrono::Utc;
use dgr_core::Bsn;
use dgr_store::logboek::{Audit, Verwerking};

use crate::fout::ApiFout;
use crate::identiteit::Gebruiker;
use crate::opvraging::Opvraagdoel;
use crate::staat::Staat;
use crate::trace::Trace;

/// What one request processed, for the processing log.
pub struct Verwerkt<'a> {
    /// The caller.
    pub gebruiker: &'a Gebruiker,
    /// The trace.
    pub trace: &'a Trace,
    /// Processing activity id.
    pub activiteit: &'static str,
    /// Operation name.
    pub naam: &'static str,
    /// The data subjects.
    pub bsns: Vec<Bsn>,
    /// Lookups for the rate limit (0 for non-lookup operations).
    pub opvragingen: u32,
    /// Of which outside the caller's own polis data.
    pub buiten_eigen_polis: u32,
    /// The purpose of an employer's lookup (Wfsv art. 38d lid 7), else `None`.
    pub doel: Option<Opvraagdoel>,
    /// Start time.
    pub start: chrono::DateTime<Utc>,
    /// Client address.
    pub client: Option<SocketAddr>,
}

/// Writes the processing records (one per data subject) and the audit entry durably; the answer
/// may leave only after this returned `Ok` (API.md). Times are the register clock's (as the
/// `start` the caller took from it), so the log lines up with the register's transaction times.
///
/// # Errors
/// [`ApiFout::Intern`] when the log cannot be written: the request fails.
pub async fn leg_vast(staat: &Staat, v: Verwerkt<'_>) -> Result<(), ApiFout> {
    let (records, audit) = records_van(staat, &v);
    let n = records.len() as u64;
    staat
        .logboek
        .schrijf(records, audit)
        .await
        .map_err(|e| ApiFout::Intern(format!("verwerkingenlogboek: {e}")))?;
    metrics::counter!("dgr_verwerkingen_vastgelegd_totaal").increment(n);
    Ok(())
}

/// [`leg_vast`] for blocking code (a delivery's import writes its records inside its own
/// transaction, on the blocking pool): returns when the records are committed.
///
/// # Errors
/// A message when the log cannot be written: the caller must not go on.
pub fn leg_vast_blokkerend(staat: &Staat, v: Verwerkt<'_>) -> Result<(), String> {
    let (records, audit) = records_van(staat, &v);
    let n = records.len() as u64;
    staat.logboek.schrijf_blokkerend(records, audit)?;
    metrics::counter!("dgr_verwerkingen_vastgelegd_totaal").increment(n);
    Ok(())
}

/// The processing records (one per data subject, pseudonymised) and the audit entry of `v`.
fn records_van(staat: &Staat, v: &Verwerkt<'_>) -> (Vec<Verwerking>, Audit) {
    let einde = staat.klok().nu();
    let records: Vec<Verwerking> = v
        .bsns
        .iter()
        .map(|b| Verwerking {
            trace_id: v.trace.trace_id.clone(),
            span_id: v.trace.span_id.clone(),
            parent_span_id: v.trace.parent_span_id.clone(),
            naam: v.naam.to_string(),
            status_code: "OK".into(),
            start_time: v.start,
            end_time: einde,
            processing_activity_id: v.activiteit.to_string(),
            data_subject_id: staat.pseudo.pseudoniem(*b),
            data_subject_id_type: "BSN".into(),
        })
        .collect();
    let audit = Audit {
        trace_id: v.trace.trace_id.clone(),
        tijd: einde,
        sub: v.gebruiker.sub.clone(),
        rol: v.gebruiker.rol.naam().into(),
        organisatie: v.gebruiker.organisatie_sleutel(),
        organisatie_naam: v.gebruiker.organisatie.clone(),
        client_ip: v.client.map(|c| c.ip().to_string()),
        handeling: v.naam.to_string(),
        bsn_opvragingen: v.opvragingen,
        buiten_eigen_polis: v.buiten_eigen_polis,
        doel: v.doel.map(|d| d.code().to_string()),
    };
    (records, audit)
}

/// Adds the `traceparent` of the answer.
pub fn met_trace(mut r: Response, trace: &Trace) -> Response {
    if let Ok(v) = HeaderValue::from_str(&trace.traceparent()) {
        r.headers_mut().insert("traceparent", v);
    }
    r
}
