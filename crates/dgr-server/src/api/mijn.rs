//! `GET /api/v1/mijn/registraties` and `GET /api/v1/mijn/verwerkingen`: a citizen's own
//! registrations (history included) and who consulted their data.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::beleid::{Handeling, beslis};
use crate::fout::ApiFout;
use crate::identiteit::Gebruiker;
use crate::register::blokkerend;
use crate::staat::Staat;
use crate::trace::Trace;
use crate::vastleggen::{Verwerkt, leg_vast, met_trace};

/// One registration version as the citizen sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EigenRegistratie {
    /// Grondslag code.
    pub grondslag: String,
    /// Grondslag in words.
    pub omschrijving: String,
    /// Since when.
    pub ingangsdatum: NaiveDate,
    /// Until (first day no longer registered).
    pub einddatum: Option<NaiveDate>,
    /// Why it ends.
    pub reden_einde: Option<String>,
    /// Withdrawn (it never applied).
    pub ingetrokken: bool,
    /// Source: the delivery (or reference change, or action) behind this version.
    pub bron: String,
    /// Recorded from.
    pub geregistreerd_op: chrono::DateTime<Utc>,
    /// Superseded at.
    pub vervallen_op: Option<chrono::DateTime<Utc>>,
}

/// Own processing records.
#[derive(Debug, Serialize, ToSchema)]
pub struct EigenVerwerkingView {
    /// When.
    pub tijd: chrono::DateTime<Utc>,
    /// Which organisation kind (role).
    pub soort_organisatie: Option<String>,
    /// Organisation name.
    pub organisatie: Option<String>,
    /// Processing activity id.
    pub verwerkingsactiviteit: String,
    /// The activity in words.
    pub doel: Option<String>,
}

fn eigen(g: &Gebruiker) -> Result<dgr_core::Bsn, ApiFout> {
    beslis(g, &Handeling::EigenGegevens).map_err(|w| ApiFout::Geweigerd(w.0))?;
    g.bsn
        .ok_or_else(|| ApiFout::Geweigerd("geen bsn in het token".into()))
}

/// Own registrations with history.
#[utoipa::path(
    get,
    path = "/api/v1/mijn/registraties",
    tag = "mijn",
    responses(
        (status = 200, description = "Eigen registraties, met historie", body = [EigenRegistratie]),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn registraties(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
) -> Result<Response, ApiFout> {
    let start = staat.klok().nu();
    let trace = Trace::uit_headers(&headers);
    let bsn = eigen(&g)?;
    let lijst = blokkerend(&staat, move |r| eigen_registraties(r, bsn)).await?;
    leg_vast(
        &staat,
        Verwerkt {
            gebruiker: &g,
            trace: &trace,
            activiteit: "DGR-INZAGE",
            naam: "mijn_registraties",
            bsns: vec![bsn],
            opvragingen: 0,
            buiten_eigen_polis: 0,
            doel: None,
            start,
            client: Some(adres),
        },
    )
    .await?;
    Ok(met_trace(Json(lijst).into_response(), &trace))
}

/// Who consulted my data.
#[utoipa::path(
    get,
    path = "/api/v1/mijn/verwerkingen",
    tag = "mijn",
    responses(
        (status = 200, description = "Wie mijn gegevens raadpleegde: wanneer, welke organisatie, waarvoor", body = [EigenVerwerkingView]),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn verwerkingen(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
) -> Result<Response, ApiFout> {
    let start = staat.klok().nu();
    let trace = Trace::uit_headers(&headers);
    let bsn = eigen(&g)?;
    let pseudoniem = staat.pseudo.pseudoniem(bsn);
    let activiteiten = staat.activiteiten.clone();
    let lijst = blokkerend(&staat, move |r| {
        let records = r.store().verwerkingen_van_betrokkene(&pseudoniem)?;
        Ok(records
            .into_iter()
            .map(|x| EigenVerwerkingView {
                tijd: x.tijd,
                soort_organisatie: x.rol,
                organisatie: x.organisatie,
                doel: activiteiten
                    .0
                    .iter()
                    .find(|a| a.id == x.processing_activity_id)
                    .map(|a| a.naam.clone()),
                verwerkingsactiviteit: x.processing_activity_id,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    leg_vast(
        &staat,
        Verwerkt {
            gebruiker: &g,
            trace: &trace,
            activiteit: "DGR-INZAGE",
            naam: "mijn_verwerkingen",
            bsns: vec![bsn],
            opvragingen: 0,
            buiten_eigen_polis: 0,
            doel: None,
            start,
            client: Some(adres),
        },
    )
    .await?;
    Ok(met_trace(Json(lijst).into_response(), &trace))
}

/// A citizen's registrations, every recorded version, with the grondslag's name and the
/// source in plain words (API `GET /mijn/registraties` and the page Mijn doelgroepregistratie).
///
/// # Errors
/// [`ApiFout`] on storage failure.
pub fn eigen_registraties(
    r: &dgr_register::Register,
    bsn: dgr_core::Bsn,
) -> Result<Vec<EigenRegistratie>, ApiFout> {
    let versies = r.store().registratie_versies(bsn)?;
    let leveringen = leveringen_voor_burger(r)?;
    Ok(versies
        .into_iter()
        .map(|v| EigenRegistratie {
            omschrijving: r
                .referentie()
                .grondslag(&v.registratie.grondslag)
                .map(|x| x.naam.clone())
                .unwrap_or_default(),
            grondslag: v.registratie.grondslag.clone(),
            ingangsdatum: v.registratie.ingangsdatum,
            einddatum: v.registratie.einde().map(|e| e.datum),
            reden_einde: v.registratie.einde().map(|e| e.reden.clone()),
            ingetrokken: v.registratie.ingetrokken,
            bron: bron_voor_burger(&leveringen, &v.oorzaak),
            geregistreerd_op: v.geregistreerd_op,
            vervallen_op: v.vervallen_op,
        })
        .collect())
}

/// Who delivered each delivery and when, in a citizen's words ("gemeente Utrecht, aangeleverd
/// op 05-01-2016"), per delivery id; read once per page from the deliveries' summaries (never
/// their reports or rejection files).
///
/// # Errors
/// [`dgr_store::StoreFout`] when the deliveries cannot be read.
pub fn leveringen_voor_burger(
    r: &dgr_register::Register,
) -> Result<std::collections::HashMap<i64, String>, dgr_store::StoreFout> {
    use dgr_core::Bron;
    Ok(r.store()
        .leveringen()?
        .into_iter()
        .map(|l| {
            let wie = match l.levering.bron {
                Bron::Uwv => "UWV".to_string(),
                Bron::Gemeente => l
                    .levering
                    .gemeentecode
                    .and_then(|c| r.referentie().gemeente(c))
                    .map_or("uw gemeente".to_string(), |g| {
                        format!("gemeente {}", g.naam)
                    }),
                Bron::Inlichtingenbureau => "Inlichtingenbureau, namens uw gemeente".into(),
                Bron::Panteia => "Panteia, voor de Wsw-registratie".into(),
                Bron::Cbs => "CBS".into(),
                Bron::Brp => "Basisregistratie Personen".into(),
                Bron::Belastingdienst => "Belastingdienst".into(),
                Bron::Werkgever => "uw werkgever (personeelsoverzicht)".into(),
            };
            let dag = dgr_register::tijd::datum_van(l.levering.geregistreerd_op).format("%d-%m-%Y");
            (l.id, format!("{wie}, aangeleverd op {dag}"))
        })
        .collect())
}

/// How a citizen reads the cause of a registration version, in plain Dutch: the delivery's
/// source and date (from [`leveringen_voor_burger`]), a change of the AOW age, or UWV's
/// decision on the citizen's own request or objection. Never a delivery number or a staff
/// member's identity.
pub fn bron_voor_burger(
    leveringen: &std::collections::HashMap<i64, String>,
    oorzaak: &dgr_core::registratie::Oorzaak,
) -> String {
    use dgr_core::registratie::Oorzaak;
    match oorzaak {
        Oorzaak::Levering(id) => leveringen
            .get(id)
            .cloned()
            .unwrap_or_else(|| "onbekende levering".into()),
        Oorzaak::Referentie(_) => "wijziging van de AOW-leeftijd".into(),
        Oorzaak::Handeling(h) if h.starts_with("bezwaar") => "UWV, besluit op uw bezwaar".into(),
        Oorzaak::Handeling(h) if h.starts_with("uitschrijving") => {
            "UWV, besluit op uw verzoek om uitschrijving".into()
        }
        Oorzaak::Handeling(_) => "UWV".into(),
    }
}

/// A description from the reference data without its rule reference, for citizens:
/// "AOW-leeftijd bereikt (R-12)" → "AOW-leeftijd bereikt".
pub fn zonder_regelverwijzing(omschrijving: &str) -> String {
    match omschrijving.rfind(" (R-") {
        Some(i) if omschrijving.ends_with(')') => omschrijving[..i].to_string(),
        _ => omschrijving.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::zonder_regelverwijzing;

    #[test]
    fn omschrijving_zonder_regelverwijzing() {
        assert_eq!(
            zonder_regelverwijzing("AOW-leeftijd bereikt (R-12)"),
            "AOW-leeftijd bereikt"
        );
        assert_eq!(zonder_regelverwijzing("Overleden"), "Overleden");
        assert_eq!(
            zonder_regelverwijzing("einde (tijdelijk) dienstverband"),
            "einde (tijdelijk) dienstverband"
        );
    }
}
