//! What the page handlers share: rendering a page ([`pagina`], [`melding`]), the CSRF check
//! ([`controleer_csrf`]; the session gates are the page catalogue's), a page's processing log
//! ([`leg_raadpleging_vast`]) and the common answers (refusal, login, download). Below every
//! page handler: it uses none of them.

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use dgr_core::Bsn;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use crate::fout::ApiFout;
use crate::identiteit::Rol;
use crate::opvraging::Telling;
use crate::sessie::Sessie;
use crate::staat::Staat;
use crate::trace::Trace;
use crate::vastleggen::{Verwerkt, leg_vast};

/// Template filter `tijd`: an ISO date (`2026-01-05`) or RFC 3339 instant as Dutch readers
/// write it (`05-01-2026`, `30-11-2026 13:51`), inside `<time datetime="…">` so the exact value
/// stays machine-readable. Anything else is shown unchanged (escaped).
fn tijd_filter(waarde: String) -> Value {
    // instants in Dutch civil time (Europe/Amsterdam), whatever offset they were stored with
    let amsterdam = |t: chrono::DateTime<chrono::FixedOffset>| {
        chrono::DateTime::parse_from_rfc3339(&dgr_register::tijd::toon(t.to_utc())).unwrap_or(t)
    };
    let toon = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&waarde) {
        amsterdam(t).format("%d-%m-%Y %H:%M").to_string()
    } else if let Ok(d) = chrono::NaiveDate::parse_from_str(&waarde, "%Y-%m-%d") {
        d.format("%d-%m-%Y").to_string()
    } else {
        return Value::from(waarde);
    };
    let veilig = |t: &str| {
        t.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    Value::from_safe_string(format!(
        "<time datetime=\"{}\">{}</time>",
        veilig(&waarde),
        veilig(&toon)
    ))
}

/// The page templates (compiled once).
pub(super) fn omgeving() -> &'static Environment<'static> {
    static OMGEVING: OnceLock<Environment<'static>> = OnceLock::new();
    OMGEVING.get_or_init(|| {
        let mut env = Environment::new();
        for (naam, tekst) in [
            ("basis.html", include_str!("../../templates/basis.html")),
            ("login.html", include_str!("../../templates/login.html")),
            ("start.html", include_str!("../../templates/start.html")),
            ("check.html", include_str!("../../templates/check.html")),
            ("mijn.html", include_str!("../../templates/mijn.html")),
            (
                "kennisgeving.html",
                include_str!("../../templates/kennisgeving.html"),
            ),
            (
                "praktijkroute.html",
                include_str!("../../templates/praktijkroute.html"),
            ),
            (
                "aanvragen.html",
                include_str!("../../templates/aanvragen.html"),
            ),
            (
                "gemeente_aanvraag.html",
                include_str!("../../templates/gemeente_aanvraag.html"),
            ),
            (
                "brief_inhoud.html",
                include_str!("../../templates/brief_inhoud.html"),
            ),
            ("brief.html", include_str!("../../templates/brief.html")),
            ("inkijk.html", include_str!("../../templates/inkijk.html")),
            (
                "leveringen.html",
                include_str!("../../templates/leveringen.html"),
            ),
            ("melding.html", include_str!("../../templates/melding.html")),
            (
                "werknemers.html",
                include_str!("../../templates/werknemers.html"),
            ),
            (
                "voordelen.html",
                include_str!("../../templates/voordelen.html"),
            ),
            ("quotum.html", include_str!("../../templates/quotum.html")),
            ("quota.html", include_str!("../../templates/quota.html")),
            (
                "bevestigen.html",
                include_str!("../../templates/bevestigen.html"),
            ),
            (
                "contactverzoeken.html",
                include_str!("../../templates/contactverzoeken.html"),
            ),
            (
                "geschiedenis_filter.html",
                include_str!("../../templates/geschiedenis_filter.html"),
            ),
            (
                "geschiedenis_paginas.html",
                include_str!("../../templates/geschiedenis_paginas.html"),
            ),
            (
                "open_paginas.html",
                include_str!("../../templates/open_paginas.html"),
            ),
            (
                "dashboard.html",
                include_str!("../../templates/dashboard.html"),
            ),
            (
                "kandidaten.html",
                include_str!("../../templates/kandidaten.html"),
            ),
            ("wsp.html", include_str!("../../templates/wsp.html")),
            ("trend.html", include_str!("../../templates/trend.html")),
            (
                "bezwaren.html",
                include_str!("../../templates/bezwaren.html"),
            ),
            (
                "uitschrijvingen.html",
                include_str!("../../templates/uitschrijvingen.html"),
            ),
            (
                "monitor_velden.html",
                include_str!("../../templates/monitor_velden.html"),
            ),
            ("monitor.html", include_str!("../../templates/monitor.html")),
            (
                "monitor_eenheid.html",
                include_str!("../../templates/monitor_eenheid.html"),
            ),
            (
                "monitor_doel.html",
                include_str!("../../templates/monitor_doel.html"),
            ),
            (
                "monitor_doel_nieuw.html",
                include_str!("../../templates/monitor_doel_nieuw.html"),
            ),
            (
                "monitor_themas.html",
                include_str!("../../templates/monitor_themas.html"),
            ),
            (
                "monitor_verantwoording.html",
                include_str!("../../templates/monitor_verantwoording.html"),
            ),
        ] {
            if let Err(e) = env.add_template(naam, tekst) {
                tracing::error!(sjabloon = naam, fout = %e, "sjabloon ongeldig");
            }
        }
        env.add_filter("tijd", tijd_filter);
        super::opmaak::registreer(&mut env);
        env
    })
}

#[derive(Serialize)]
struct Menu {
    href: &'static str,
    tekst: &'static str,
    uitleg: &'static str,
    actief: bool,
}

/// The menu of a caller: the pages of the catalogue the policy permits it
/// ([`super::catalogus`]), with the current page marked.
fn menu(g: &crate::identiteit::Gebruiker, huidig: &str) -> Vec<Menu> {
    super::catalogus::voor(g)
        .map(|p| Menu {
            href: p.href,
            tekst: p.titel,
            uitleg: p.uitleg_voor(g),
            actief: p.href == huidig,
        })
        .collect()
}

/// The pages' Content-Security-Policy: scripts, styles and forms from this server only; inline
/// SVG images and `data:` images allowed; never framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Who the header says is logged in: the organisation's name, "U bent ingelogd" for a citizen
/// (no claim carries a person's name), else the role in words.
fn wie(g: &crate::identiteit::Gebruiker) -> String {
    match (&g.organisatie, g.rol) {
        (Some(o), _) => o.clone(),
        (None, Rol::Burger) => "U bent ingelogd".into(),
        (None, r) => super::opmaak::naam("rol", r.naam()),
    }
}

/// Renders a page; a template error is a plain 500 with the detail only in the log.
pub(super) fn pagina(
    sjabloon: &str,
    titel: &str,
    sessie: Option<&Sessie>,
    huidig: &str,
    extra: Value,
) -> Response {
    let gebruiker = sessie.map(|s| context! { rol => s.gebruiker.rol.naam(), rolnaam => super::opmaak::naam("rol", s.gebruiker.rol.naam()), organisatie => s.gebruiker.organisatie.clone(), wie => wie(&s.gebruiker) });
    let ctx = context! {
        titel => titel,
        gebruiker => gebruiker,
        csrf => sessie.map(|s| s.csrf.clone()),
        flash => sessie.and_then(|s| s.melding.clone()),
        ontwikkel => sessie.is_some_and(|s| s.ontwikkel),
        menu => sessie.map(|s| menu(&s.gebruiker, huidig)).unwrap_or_default(),
        ..extra
    };
    match omgeving()
        .get_template(sjabloon)
        .and_then(|t| t.render(ctx))
    {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                // only our own files; no framing; no referrer (URLs never hold a BSN, but still)
                (header::CONTENT_SECURITY_POLICY, CSP),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::REFERRER_POLICY, "no-referrer"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(sjabloon, fout = %e, "pagina tonen mislukt");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Er ging iets mis; de fout is vastgelegd.",
            )
                .into_response()
        }
    }
}

/// A page with only a message (`melding.html`) and the given status.
pub(super) fn melding(
    status: StatusCode,
    titel: &str,
    tekst: &str,
    sessie: Option<&Sessie>,
) -> Response {
    let mut r = pagina(
        "melding.html",
        titel,
        sessie,
        "",
        context! { melding => tekst },
    );
    *r.status_mut() = status;
    r
}

/// What a page processed, for the processing log (the page's counterpart of
/// [`crate::vastleggen::Verwerkt`]; the user, the trace and the client come from the request).
pub(super) struct Raadpleging {
    /// Processing activity id (`config/verwerkingsactiviteiten.csv`).
    pub activiteit: &'static str,
    /// Operation name.
    pub naam: &'static str,
    /// The data subjects shown.
    pub bsns: Vec<Bsn>,
    /// The counted lookup of a page that reveals registration
    /// ([`crate::opvraging::tel_en_lees`], or [`crate::opvraging::tel_eigen_werknemers`] for the
    /// employee overview), else [`Telling::geen`].
    pub telling: Telling,
    /// When the request began.
    pub start: chrono::DateTime<Utc>,
    /// The client.
    pub adres: SocketAddr,
}

/// Writes a page's processing-log records durably before the page leaves, as the API does
/// (API.md); when that fails, the error page to show instead: no unlogged processing.
pub(super) async fn leg_raadpleging_vast(
    staat: &Staat,
    s: &Sessie,
    headers: &HeaderMap,
    r: Raadpleging,
) -> Result<(), Response> {
    let trace = Trace::uit_headers(headers);
    leg_vast(
        staat,
        Verwerkt {
            gebruiker: &s.gebruiker,
            trace: &trace,
            activiteit: r.activiteit,
            naam: r.naam,
            bsns: r.bsns,
            opvragingen: r.telling.opvragingen(),
            buiten_eigen_polis: r.telling.buiten_eigen_polis(),
            doel: r.telling.doel(),
            start: r.start,
            client: Some(r.adres),
        },
    )
    .await
    .map_err(|_| {
        melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De raadpleging kon niet worden vastgelegd; daarom wordt niets getoond.",
            Some(s),
        )
    })
}

/// The refusal page (403) for a role that may not open a page.
pub(super) fn geweigerd(sessie: &Sessie) -> Response {
    melding(
        StatusCode::FORBIDDEN,
        "Geen toegang",
        "U hebt met deze rol geen toegang tot deze pagina.",
        Some(sessie),
    )
}

/// A redirect to the login page (no session). The page layer (`fouten.rs`) adds the way back
/// (`?terug=`) and answers an htmx request with `HX-Redirect` instead.
pub(super) fn naar_login() -> Response {
    Redirect::to("/login").into_response()
}

/// Refuses a form whose CSRF token does not match the session's.
///
/// # Errors
/// The refusal page (403) to answer with.
pub(super) fn controleer_csrf(s: &Sessie, token: &str) -> Result<(), Box<Response>> {
    if csrf_klopt(s, token) {
        Ok(())
    } else {
        Err(Box::new(melding(
            StatusCode::FORBIDDEN,
            "Geen toegang",
            "Het formulier is verlopen; probeer het opnieuw.",
            Some(s),
        )))
    }
}

/// Whether `token` is the session's CSRF token.
fn csrf_klopt(s: &Sessie, token: &str) -> bool {
    // constant-time enough for a random 32-byte token compared in full
    s.csrf.len() == token.len()
        && s.csrf
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The page for a lookup that [`crate::opvraging::tel_en_lees`] or
/// [`crate::opvraging::tel_eigen_werknemers`] refused: the daily limit (429), or a failure to
/// count or to read (500, logged).
pub(super) fn opvraging_geweigerd(s: &Sessie, fout: &ApiFout) -> Response {
    match fout {
        ApiFout::TeVeel(_) => melding(
            StatusCode::TOO_MANY_REQUESTS,
            "Daglimiet bereikt",
            "Uw organisatie heeft vandaag het maximum aantal opvragingen gedaan.",
            Some(s),
        ),
        _ => {
            // the page promises the fault is recorded: the API's answers log theirs as they
            // leave (`ApiFout`'s response), a page's must do it here
            tracing::error!(fout = ?fout, "opvraging op een pagina mislukt");
            melding(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Fout",
                "Er ging iets mis; de fout is vastgelegd.",
                Some(s),
            )
        }
    }
}

/// A file download.
pub(super) fn download(bytes: Vec<u8>, soort: &'static str, naam: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, soort.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{naam}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tijden_zoals_nederlanders_ze_schrijven() {
        assert_eq!(
            tijd_filter("2026-11-30T13:51:19+01:00".into()).to_string(),
            "<time datetime=\"2026-11-30T13:51:19+01:00\">30-11-2026 13:51</time>"
        );
        assert_eq!(
            tijd_filter("2016-01-05".into()).to_string(),
            "<time datetime=\"2016-01-05\">05-01-2016</time>"
        );
        // 12:51 UTC on 30 November is 13:51 in Amsterdam (CET, UTC+1)
        assert_eq!(
            tijd_filter("2026-11-30T12:51:53.342769Z".into()).to_string(),
            "<time datetime=\"2026-11-30T12:51:53.342769Z\">30-11-2026 13:51</time>"
        );
        assert_eq!(tijd_filter("onbekend".into()).to_string(), "onbekend");
    }

    #[test]
    fn alle_sjablonen_zijn_geldig() {
        let namen = [
            "basis.html",
            "login.html",
            "start.html",
            "check.html",
            "mijn.html",
            "inkijk.html",
            "leveringen.html",
            "melding.html",
            "werknemers.html",
            "voordelen.html",
            "quotum.html",
            "quota.html",
            "bevestigen.html",
            "contactverzoeken.html",
            "geschiedenis_filter.html",
            "geschiedenis_paginas.html",
            "open_paginas.html",
            "dashboard.html",
            "kandidaten.html",
            "wsp.html",
            "uitschrijvingen.html",
            "trend.html",
            "bezwaren.html",
            "monitor_velden.html",
            "monitor.html",
            "monitor_eenheid.html",
            "monitor_doel.html",
            "monitor_doel_nieuw.html",
            "monitor_themas.html",
            "monitor_verantwoording.html",
            "kennisgeving.html",
            "brief_inhoud.html",
            "brief.html",
            "praktijkroute.html",
            "aanvragen.html",
            "gemeente_aanvraag.html",
        ];
        for naam in namen {
            assert!(omgeving().get_template(naam).is_ok(), "{naam}");
        }
        assert_eq!(omgeving().templates().count(), namen.len());
    }
}
