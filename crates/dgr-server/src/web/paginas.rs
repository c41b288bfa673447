//! The page handlers. Each page asks the same policy as the API and writes the processing log
//! before showing a person's data.

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use dgr_core::Bsn;
use dgr_core::datum::parse_datum;
use dgr_core::registratie::in_register;
use dgr_register::tijd::toon;
use minijinja::{Environment, Value, context};
use serde::{Deserialize, Serialize};

use super::sessie::{Sessie, set_cookie, wis_cookie};
use crate::api::{Verwerkt, leg_vast};
use crate::auth::{Claims, Gebruiker};
use crate::beleid::{Handeling, Rol, Toegang, beslis};
use crate::opvraging::{Telling, Vraag, tel};
use crate::sleutels::ONTWIKKEL_ISSUER;
use crate::staat::Staat;
use crate::trace::Trace;

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

fn omgeving() -> &'static Environment<'static> {
    static OMGEVING: OnceLock<Environment<'static>> = OnceLock::new();
    OMGEVING.get_or_init(|| {
        let mut env = Environment::new();
        for (naam, tekst) in [
            ("basis.html", include_str!("../../templates/basis.html")),
            ("login.html", include_str!("../../templates/login.html")),
            ("start.html", include_str!("../../templates/start.html")),
            ("check.html", include_str!("../../templates/check.html")),
            ("mijn.html", include_str!("../../templates/mijn.html")),
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
        ] {
            if let Err(e) = env.add_template(naam, tekst) {
                tracing::error!(sjabloon = naam, fout = %e, "sjabloon ongeldig");
            }
        }
        env.add_filter("tijd", tijd_filter);
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

/// Every page of the site with the roles that may open it (the same roles its handler admits),
/// in the order the start page shows them.
const PAGINAS: &[(&[Rol], &str, &str, &str)] = &[
    (
        &[Rol::Werkgever],
        "/werkgever/check",
        "Controle doelgroepregister",
        "Staat een (toekomstige) werknemer in het register? Ja of nee.",
    ),
    (
        &[Rol::Werkgever],
        "/werkgever/werknemers",
        "Mijn werknemers in het register",
        "Uw werknemers uit de polisadministratie die in het register staan (CSV, Excel).",
    ),
    (
        &[Rol::Werkgever],
        "/werkgever/voordelen",
        "LKV en no-riskpolis",
        "Heeft een werknemer recht op het loonkostenvoordeel of de no-riskpolis?",
    ),
    (
        &[Rol::Werkgever],
        "/werkgever/quotum",
        "Mijn quotum",
        "Uw banen voor de doelgroep tegenover het quotum, per jaar.",
    ),
    (
        &[Rol::Werkgever],
        "/werkgever/kandidaten",
        "Kandidatenverkenner",
        "Anonieme profielen van werkzoekenden uit de doelgroep; vraag contact aan.",
    ),
    (
        &[Rol::Wsp],
        "/wsp",
        "Contactverzoeken",
        "Verzoeken van werkgevers voor kandidaten uit uw arbeidsmarktregio.",
    ),
    (
        &[Rol::Burger],
        "/mijn",
        "Mijn doelgroepregistratie",
        "Uw registraties en wie uw gegevens bekeek.",
    ),
    (
        &[Rol::Gemeente, Rol::Uwv],
        "/inkijk",
        "Inkijk",
        "Een persoon opzoeken: registraties en historie.",
    ),
    (
        &[Rol::Uwv],
        "/inkijk/uitschrijvingen",
        "Verzoeken om uitschrijving",
        "Werkvoorraad: bezwaartermijn werkgevers en de beslistermijn van 8 weken.",
    ),
    (
        &[Rol::Uwv],
        "/inkijk/bezwaren",
        "Bezwaren",
        "Bezwaren tegen een beoordeling arbeidsvermogen vastleggen en beslissen (R-16).",
    ),
    (
        &[Rol::Analist, Rol::Uwv],
        "/dashboard",
        "Banenmonitor",
        "Extra banen tegenover de doelen, per jaar en sector.",
    ),
    (
        &[Rol::Analist, Rol::Uwv],
        "/dashboard/trend",
        "Regionale trend",
        "Personen, banen en in- en uitstroom per arbeidsmarktregio in een kwartaal.",
    ),
    (
        &[Rol::Uwv, Rol::Beheer, Rol::Bron],
        "/leveringen",
        "Leveringen",
        "Leveringen aanbieden, hun verslag en afwijzingen, en de actualiteit per bron.",
    ),
];

fn menu(rol: Rol, huidig: &str) -> Vec<Menu> {
    PAGINAS
        .iter()
        .filter(|(rollen, ..)| rollen.contains(&rol))
        .map(|&(_, href, tekst, uitleg)| Menu {
            href,
            tekst,
            uitleg,
            actief: href == huidig,
        })
        .collect()
}

/// The pages' Content-Security-Policy: scripts, styles and forms from this server only; inline
/// SVG images and `data:` images allowed; never framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Renders a page; a template error is a plain 500 with the detail only in the log.
pub(super) fn pagina(
    sjabloon: &str,
    titel: &str,
    sessie: Option<&Sessie>,
    huidig: &str,
    extra: Value,
) -> Response {
    let gebruiker = sessie.map(|s| context! { rol => s.gebruiker.rol.naam(), organisatie => s.gebruiker.organisatie.clone() });
    let ctx = context! {
        titel => titel,
        gebruiker => gebruiker,
        csrf => sessie.map(|s| s.csrf.clone()),
        ontwikkel => sessie.is_some_and(|s| s.ontwikkel),
        menu => sessie.map(|s| menu(s.gebruiker.rol, huidig)).unwrap_or_default(),
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
/// [`crate::api::Verwerkt`]; the user, the trace and the client come from the request).
pub(super) struct Raadpleging {
    /// Processing activity id (`config/verwerkingsactiviteiten.csv`).
    pub activiteit: &'static str,
    /// Operation name.
    pub naam: &'static str,
    /// The data subjects shown.
    pub bsns: Vec<Bsn>,
    /// The counted lookup of a page that reveals registration ([`tel`]), else
    /// [`Telling::geen`].
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

pub(super) fn geweigerd(sessie: &Sessie) -> Response {
    melding(
        StatusCode::FORBIDDEN,
        "Geen toegang",
        "U hebt met deze rol geen toegang tot deze pagina.",
        Some(sessie),
    )
}

pub(super) fn naar_login() -> Response {
    Redirect::to("/login").into_response()
}

/// The session of a logged-in caller whose role may open this page; otherwise the login page
/// or a refusal.
pub(super) fn sessie_voor(
    staat: &Staat,
    headers: &HeaderMap,
    rollen: &[Rol],
) -> Result<Sessie, Box<Response>> {
    let s = staat
        .sessies
        .van(headers)
        .ok_or_else(|| Box::new(naar_login()))?;
    if !rollen.is_empty() && !rollen.contains(&s.gebruiker.rol) {
        if let Some(spoor) = &s.gebruiker.spoor {
            spoor.leg_vast(
                Some(&s.gebruiker),
                "webpagina",
                "deze rol mag deze pagina niet openen",
            );
        }
        return Err(Box::new(geweigerd(&s)));
    }
    Ok(s)
}

/// Refuses a form whose CSRF token does not match the session's.
/// The session of a caller posting a form: [`sessie_voor`] plus the form's CSRF token.
pub(super) fn sessie_voor_formulier(
    staat: &Staat,
    headers: &HeaderMap,
    rollen: &[Rol],
    csrf: &str,
) -> Result<Sessie, Box<Response>> {
    let s = sessie_voor(staat, headers, rollen)?;
    controleer_csrf(&s, csrf)?;
    Ok(s)
}

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

/// The stylesheet.
pub async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../static/dgr.css"),
    )
        .into_response()
}

/// htmx (vendored, see `static/README.md`), cached for a day.
pub async fn htmx() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/htmx-2.0.11.min.js"),
    )
        .into_response()
}

/// The upload form's progress and busy state (our own script; the form works without it).
pub async fn levering_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../../static/levering.js"),
    )
        .into_response()
}

/// Start page.
pub async fn start(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    match staat.sessies.van(&headers) {
        Some(s) => pagina("start.html", "Welkom", Some(&s), "/", context! {}),
        None => naar_login(),
    }
}

/// The login page (development login only).
pub async fn login_formulier(State(staat): State<Staat>) -> Response {
    pagina(
        "login.html",
        "Inloggen",
        None,
        "",
        context! { ontwikkellogin => staat.instellingen.ontwikkel_issuer, oidc => staat.instellingen.oidc.is_some(), rollen => Rol::ALLE.map(Rol::naam) },
    )
}

/// The development login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    rol: String,
    #[serde(default)]
    organisatie: String,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    loonheffingennummer: String,
    #[serde(default)]
    gemeentecode: String,
    #[serde(default)]
    bron: String,
    #[serde(default)]
    arbeidsmarktregio: String,
}

fn leeg_als_none(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Development login: builds the caller from the chosen claims, as a token would.
pub async fn login(State(staat): State<Staat>, Form(f): Form<LoginForm>) -> Response {
    if !staat.instellingen.ontwikkel_issuer {
        return melding(
            StatusCode::FORBIDDEN,
            "Inloggen",
            "De ontwikkellogin staat uit op deze server.",
            None,
        );
    }
    let claims = Claims {
        sub: format!("web-{}", f.rol),
        rol: f.rol.clone(),
        iss: ONTWIKKEL_ISSUER.into(),
        aud: staat.instellingen.audience.clone(),
        exp: 0,
        bsn: leeg_als_none(&f.bsn),
        loonheffingennummers: leeg_als_none(&f.loonheffingennummer).into_iter().collect(),
        gemeentecode: leeg_als_none(&f.gemeentecode),
        bron: leeg_als_none(&f.bron),
        arbeidsmarktregio: leeg_als_none(&f.arbeidsmarktregio),
        organisatie: leeg_als_none(&f.organisatie),
        ..Claims::default()
    };
    match Gebruiker::uit_claims(claims) {
        Ok(g) => {
            let id = staat.sessies.begin(g, true);
            let mut r = Redirect::to("/").into_response();
            if let Ok(v) = HeaderValue::from_str(&set_cookie(&id)) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(reden) => {
            let mut r = pagina(
                "login.html",
                "Inloggen",
                None,
                "",
                context! { ontwikkellogin => true, rollen => Rol::ALLE.map(Rol::naam), fout => reden },
            );
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
    }
}

/// A form with only the CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

fn csrf_klopt(s: &Sessie, token: &str) -> bool {
    // constant-time enough for a random 32-byte token compared in full
    s.csrf.len() == token.len()
        && s.csrf
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Logout.
pub async fn uitloggen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    let Some(s) = staat.sessies.van(&headers) else {
        return naar_login();
    };
    if let Err(r) = controleer_csrf(&s, &f.csrf) {
        return *r;
    }
    staat.sessies.einde(&headers);
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&wis_cookie()) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The werkgever's check form.
pub async fn check_formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let s = match sessie_voor(&staat, &headers, &[Rol::Werkgever]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    pagina(
        "check.html",
        "Controle doelgroepregister",
        Some(&s),
        "/werkgever/check",
        context! { peildatum => staat.klok().vandaag().to_string(), antwoord => Value::from(()) },
    )
}

/// The check form's fields.
#[derive(Debug, Deserialize)]
pub struct CheckForm {
    csrf: String,
    bsn: String,
    #[serde(default)]
    peildatum: String,
}

/// The werkgever's check: yes/no only, counted and logged like the API.
pub async fn check(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<CheckForm>,
) -> Response {
    let start = staat.klok().nu();
    let vandaag = staat.klok().vandaag();
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Werkgever], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let peildatum = if f.peildatum.trim().is_empty() {
        Ok(vandaag)
    } else {
        parse_datum(&f.peildatum)
    };
    let (bsn, peildatum) = match (Bsn::parse(&f.bsn), peildatum) {
        (Ok(b), Ok(p)) => (b, p),
        (Err(e), _) => {
            return fout_pagina(
                &s,
                "check.html",
                "Controle doelgroepregister",
                "/werkgever/check",
                format!("Ongeldig BSN: {e}"),
                vandaag,
            );
        }
        (_, Err(e)) => {
            return fout_pagina(
                &s,
                "check.html",
                "Controle doelgroepregister",
                "/werkgever/check",
                format!("Ongeldige peildatum: {e}"),
                vandaag,
            );
        }
    };
    if beslis(
        &s.gebruiker,
        &Handeling::Zoeken {
            eigen: false,
            woongemeente: None,
        },
    )
    .is_err()
    {
        return geweigerd(&s);
    }
    let telling = match tel(&staat, &s.gebruiker, Vraag::Persoon(bsn)).await {
        Ok(t) => t,
        Err(fout) => return opvraging_geweigerd(&s, &fout),
    };
    let ja = crate::api::blokkerend(&staat, move |r| {
        Ok(in_register(
            &r.store().registratie_versies(bsn)?,
            peildatum,
            r.klok().nu(),
            |_| true,
        ))
    })
    .await;
    let Ok(ja) = ja else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis; de fout is vastgelegd.",
            Some(&s),
        );
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-ZOEK-WERKGEVER",
            naam: "web_controle",
            bsns: vec![bsn],
            telling,
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    pagina(
        "check.html",
        "Controle doelgroepregister",
        Some(&s),
        "/werkgever/check",
        context! { peildatum => peildatum.to_string(), antwoord => ja },
    )
}

/// The page for a lookup [`tel`] refused: the daily limit (429), or a failure to count (500).
pub(super) fn opvraging_geweigerd(s: &Sessie, fout: &crate::fout::ApiFout) -> Response {
    match fout {
        crate::fout::ApiFout::TeVeel(_) => melding(
            StatusCode::TOO_MANY_REQUESTS,
            "Daglimiet bereikt",
            "Uw organisatie heeft vandaag het maximum aantal opvragingen gedaan.",
            Some(s),
        ),
        _ => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis; de fout is vastgelegd.",
            Some(s),
        ),
    }
}

fn fout_pagina(
    s: &Sessie,
    sjabloon: &str,
    titel: &str,
    huidig: &str,
    fout: String,
    vandaag: chrono::NaiveDate,
) -> Response {
    let mut r = pagina(
        sjabloon,
        titel,
        Some(s),
        huidig,
        context! { fout => fout, peildatum => vandaag.to_string(), antwoord => Value::from(()) },
    );
    *r.status_mut() = StatusCode::BAD_REQUEST;
    r
}

#[derive(Serialize)]
struct RegistratieRegel {
    omschrijving: String,
    ingangsdatum: String,
    einddatum: Option<String>,
    reden: Option<String>,
    ingetrokken: bool,
    bron: String,
    geregistreerd_op: String,
    vervallen: Option<String>,
}

#[derive(Serialize)]
struct VerwerkingRegel {
    tijd: String,
    organisatie: Option<String>,
    soort: Option<String>,
    doel: String,
}

/// Mijn doelgroepregistratie: own registrations and who consulted them.
pub async fn mijn(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
) -> Response {
    let start = staat.klok().nu();
    let Some(s) = staat.sessies.van(&headers) else {
        return naar_login();
    };
    let (Ok(_), Some(bsn)) = (
        beslis(&s.gebruiker, &Handeling::EigenGegevens),
        s.gebruiker.bsn,
    ) else {
        return geweigerd(&s);
    };
    let pseudoniem = staat.pseudo.pseudoniem(bsn);
    let activiteiten = staat.activiteiten.clone();
    let gegevens = crate::api::blokkerend(&staat, move |r| {
        let regs: Vec<RegistratieRegel> = crate::api::eigen_registraties(r, bsn)?
            .into_iter()
            .map(|e| RegistratieRegel {
                omschrijving: if e.omschrijving.is_empty() {
                    e.grondslag
                } else {
                    e.omschrijving
                },
                ingangsdatum: e.ingangsdatum.to_string(),
                einddatum: e.einddatum.map(|d| d.to_string()),
                reden: e
                    .reden_einde
                    .as_deref()
                    .and_then(|c| r.referentie().reden(c))
                    .map(|x| crate::api::zonder_regelverwijzing(&x.omschrijving)),
                ingetrokken: e.ingetrokken,
                bron: e.bron,
                geregistreerd_op: toon(e.geregistreerd_op),
                vervallen: e.vervallen_op.map(toon),
            })
            .collect();
        let logs: Vec<VerwerkingRegel> = r
            .store()
            .verwerkingen_van_betrokkene(&pseudoniem)?
            .into_iter()
            .map(|x| VerwerkingRegel {
                tijd: toon(x.tijd),
                organisatie: x.organisatie,
                soort: x.rol,
                doel: activiteiten
                    .0
                    .iter()
                    .find(|a| a.id == x.processing_activity_id)
                    .map_or(x.processing_activity_id.clone(), |a| a.naam.clone()),
            })
            .collect();
        let herkenbaar = r.herkenbaar(bsn)?;
        let uitschrijvingen: Vec<Value> = r
            .store()
            .uitschrijvingen_van(bsn)?
            .into_iter()
            .map(|u| {
                let stand = match u.status.as_str() {
                    "OPEN" => "ontvangen, in behandeling".to_string(),
                    "WERKGEVERS_GEINFORMEERD" => format!("werkgever(s) gevraagd om reactie tot {}", u.bezwaar_tot.map(|d| d.to_string()).unwrap_or_default()),
                    "TOEGEWEZEN" => "toegewezen: u bent uitgeschreven".to_string(),
                    _ => "afgewezen".to_string(),
                };
                let besluit = u.besluit_op.map(|d| format!("{d}{}", u.reden.map(|r| format!(" ({r})")).unwrap_or_default()));
                context! { aangevraagd_op => u.aangevraagd_op.to_string(), stand => stand, besluit => besluit, open => matches!(u.status.as_str(), "OPEN" | "WERKGEVERS_GEINFORMEERD") }
            })
            .collect();
        Ok((regs, logs, herkenbaar, uitschrijvingen))
    })
    .await;
    let Ok((registraties, verwerkingen, herkenbaar, uitschrijvingen)) = gegevens else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-INZAGE",
            naam: "web_mijn",
            bsns: vec![bsn],
            telling: Telling::geen(),
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    pagina(
        "mijn.html",
        "Mijn doelgroepregistratie",
        Some(&s),
        "/mijn",
        context! {
            registraties => registraties,
            verwerkingen => verwerkingen,
            herkenbaar => herkenbaar,
            open_verzoek => uitschrijvingen.iter().any(|u| u.get_attr("open").is_ok_and(|x| x.is_true())),
            uitschrijvingen => uitschrijvingen,
        },
    )
}

/// The citizen's own forms (CSRF and one value).
#[derive(Debug, Deserialize)]
pub struct EigenForm {
    csrf: String,
    #[serde(default)]
    herkenbaar: String,
}

/// Sets the citizen's `herkenbaar` preference (honoured by the Kandidatenverkenner).
pub async fn herkenbaar(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(f): Form<EigenForm>,
) -> Response {
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Burger], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.gebruiker.bsn else {
        return geweigerd(&s);
    };
    let waarde = f.herkenbaar == "J";
    let ok = crate::api::blokkerend(&staat, move |r| Ok(r.zet_herkenbaar(bsn, waarde)?)).await;
    match ok {
        Ok(()) => Redirect::to("/mijn").into_response(),
        Err(_) => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Uw keuze kon niet worden opgeslagen.",
            Some(&s),
        ),
    }
}

/// Records a citizen's request to be removed from the register.
pub async fn uitschrijven(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(f): Form<EigenForm>,
) -> Response {
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Burger], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.gebruiker.bsn else {
        return geweigerd(&s);
    };
    let ok = crate::api::blokkerend(&staat, move |r| Ok(r.vraag_uitschrijving(bsn)?)).await;
    match ok {
        Ok(_) => Redirect::to("/mijn").into_response(),
        Err(_) => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Uw verzoek kon niet worden opgeslagen.",
            Some(&s),
        ),
    }
}

/// Inkijk: the lookup form (gemeente, uwv).
pub async fn inkijk_formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let s = match sessie_voor(&staat, &headers, &[Rol::Gemeente, Rol::Uwv]) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    pagina("inkijk.html", "Inkijk", Some(&s), "/inkijk", context! {})
}

/// Inkijk form fields.
#[derive(Debug, Deserialize)]
pub struct InkijkForm {
    csrf: String,
    bsn: String,
}

/// Inkijk: the person with both time axes (details for uwv and for a gemeente's residents).
pub async fn inkijk(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<InkijkForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match sessie_voor_formulier(&staat, &headers, &[Rol::Gemeente, Rol::Uwv], &f.csrf) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let bsn = match Bsn::parse(&f.bsn) {
        Ok(b) => b,
        Err(e) => {
            let mut r = pagina(
                "inkijk.html",
                "Inkijk",
                Some(&s),
                "/inkijk",
                context! { fout => format!("Ongeldig BSN: {e}") },
            );
            *r.status_mut() = StatusCode::BAD_REQUEST;
            return r;
        }
    };
    // Inkijk reveals registration: counted like every lookup (gemeente and uwv have no limit)
    let telling = match tel(&staat, &s.gebruiker, Vraag::Persoon(bsn)).await {
        Ok(t) => t,
        Err(fout) => return opvraging_geweigerd(&s, &fout),
    };
    let overzicht = crate::api::blokkerend(&staat, move |r| {
        let o = r.persoon(bsn, r.klok().nu())?;
        Ok((o, r.huidige_woongemeente(bsn)?))
    })
    .await;
    let Ok((o, woongemeente)) = overzicht else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    let Ok(toegang) = beslis(
        &s.gebruiker,
        &Handeling::Zoeken {
            eigen: false,
            woongemeente,
        },
    ) else {
        return geweigerd(&s);
    };
    let activiteit = if s.gebruiker.rol == Rol::Gemeente {
        "DGR-ZOEK-GEMEENTE"
    } else {
        "DGR-ZOEK-UWV"
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit,
            naam: "web_inkijk",
            bsns: vec![bsn],
            telling,
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    let details = toegang == Toegang::Details;
    let persoon = context! {
        bsn => bsn.cijfers(),
        ja => o.in_doelgroepregister_vandaag,
        details => details,
        geboortedatum => o.persoon.as_ref().map(|p| p.geboortedatum.clone()),
        woongemeente => o.persoon.as_ref().and_then(|p| p.woongemeente.clone()),
        aow => o.persoon.as_ref().and_then(|p| p.aow_datum.map(|d| d.to_string())),
        versies => if details { Value::from_serialize(&o.registratieversies) } else { Value::from(()) },
    };
    pagina(
        "inkijk.html",
        "Inkijk",
        Some(&s),
        "/inkijk",
        context! { persoon => persoon },
    )
}

/// The deliveries page: upload form, freshness board (uwv, beheer) and the list (bron: own).
pub async fn leveringen(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let Some(s) = staat.sessies.van(&headers) else {
        return naar_login();
    };
    if beslis(&s.gebruiker, &Handeling::LeveringenInzien).is_err() {
        return geweigerd(&s);
    }
    leveringen_pagina(&staat, &s, Aanbieding::default()).await
}

/// What the deliveries page shows of an upload: its report, or the refusal with the form's
/// values kept (issue #9: the values survive an error; a file input cannot be refilled).
#[derive(Default)]
pub(super) struct Aanbieding {
    /// The delivery report of an import.
    rapport: Option<Value>,
    /// The refusal: status, title and our own text.
    fout: Option<(StatusCode, &'static str, String)>,
    /// The text fields as sent.
    waarden: crate::api::Formulierwaarden,
}

/// Renders the deliveries page, with the outcome of an upload if there was one.
pub(super) async fn leveringen_pagina(staat: &Staat, s: &Sessie, a: Aanbieding) -> Response {
    let eigen = (s.gebruiker.rol == Rol::Bron)
        .then_some(s.gebruiker.bron)
        .flatten();
    let met_bronnen = matches!(s.gebruiker.rol, Rol::Uwv | Rol::Beheer);
    let gegevens = crate::api::blokkerend(staat, move |r| {
        let mut l: Vec<_> = r
            .store()
            .leveringen()?
            .into_iter()
            .filter(|x| eigen.is_none_or(|b| x.levering.bron == b))
            .collect();
        l.reverse();
        let lijst: Vec<Value> = l
            .into_iter()
            .take(500)
            .map(|x| {
                context! {
                    id => x.id,
                    geregistreerd_op => toon(x.levering.geregistreerd_op),
                    bron => x.levering.bron.code(),
                    soort => x.levering.soort.naam(),
                    kenmerk => x.levering.kenmerk,
                    status => x.levering.status.code(),
                    rijen_gelezen => x.levering.rijen_gelezen,
                    rijen_afgewezen => x.levering.rijen_afgewezen,
                }
            })
            .collect();
        let bronnen = if met_bronnen {
            Value::from_serialize(r.versheid()?)
        } else {
            Value::from(())
        };
        Ok((lijst, bronnen))
    })
    .await;
    let Ok((lijst, bronnen)) = gegevens else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(s),
        );
    };
    let w = a.waarden;
    let max_bytes = staat.instellingen.grenzen.max_levering_bytes;
    let (status, fout_titel, fout) = match a.fout {
        Some((st, titel, tekst)) => (st, Some(titel), Some(tekst)),
        None => (StatusCode::OK, None, None),
    };
    let mut r = pagina(
        "leveringen.html",
        "Leveringen",
        Some(s),
        "/leveringen",
        context! {
            leveringen => lijst,
            bronnen => bronnen,
            rapport => a.rapport,
            fout => fout,
            fout_titel => fout_titel,
            max_bytes => max_bytes,
            max_tekst => crate::fout::grootte(max_bytes),
            soorten => dgr_core::bron::ALLE_SOORTEN.map(dgr_core::LeveringSoort::naam),
            waarden => context! {
                bron => w.bron.unwrap_or_else(|| s.gebruiker.bron.map_or("UWV", |b| b.code()).to_string()),
                soort => w.soort.unwrap_or_default(),
                kenmerk => w.kenmerk.unwrap_or_default(),
                modus => w.modus.unwrap_or_default(),
                gemeentecode => w.gemeentecode.or_else(|| s.gebruiker.gemeentecode.map(|g| g.to_string())).unwrap_or_default(),
            },
        },
    );
    *r.status_mut() = status;
    r
}

/// Uploading a delivery from the page: the same form reading, limits, import, policy and
/// processing log as the API. A refusal shows the page again with the message and the values.
pub async fn leveringen_aanbieden(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    mut form: axum::extract::Multipart,
) -> Response {
    let Some(s) = staat.sessies.van(&headers) else {
        crate::api::lees_weg(&mut form).await;
        return naar_login();
    };
    if crate::api::mag_leveren(&s.gebruiker).is_err() {
        crate::api::lees_weg(&mut form).await;
        return geweigerd(&s);
    }
    let max_bytes = staat.instellingen.grenzen.max_levering_bytes;
    let gelezen = match crate::api::controleer_lengte(&headers, max_bytes) {
        Ok(()) => crate::api::lees_form(form, &staat).await,
        Err(e) => Err(e),
    };
    let velden = match gelezen {
        Ok(v) => v,
        Err(e) => {
            // nothing of the form can be trusted (no CSRF check yet): no values shown again
            let fout = match e {
                crate::fout::ApiFout::TeGroot(tekst) => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "Te groot", tekst)
                }
                crate::fout::ApiFout::Ongeldig(p) => {
                    (StatusCode::BAD_REQUEST, "Ongeldig formulier", redenen(&p))
                }
                e => return interne_fout(e, &s),
            };
            let a = Aanbieding {
                fout: Some(fout),
                ..Aanbieding::default()
            };
            return leveringen_pagina(&staat, &s, a).await;
        }
    };
    if let Err(r) = controleer_csrf(&s, velden.csrf.as_deref().unwrap_or_default()) {
        return *r;
    }
    let waarden = velden.waarden();
    let trace = Trace::uit_headers(&headers);
    let fout = match crate::api::verwerk(&staat, &s.gebruiker, &trace, adres, velden).await {
        Ok(u) => {
            let a = Aanbieding {
                rapport: Some(Value::from_serialize(u.rapport())),
                ..Aanbieding::default()
            };
            return leveringen_pagina(&staat, &s, a).await;
        }
        Err(crate::fout::ApiFout::Geweigerd(_)) => return geweigerd(&s),
        Err(crate::fout::ApiFout::Ongeldig(p)) => {
            (StatusCode::BAD_REQUEST, "Ongeldige levering", redenen(&p))
        }
        Err(e) => return interne_fout(e, &s),
    };
    let a = Aanbieding {
        fout: Some(fout),
        waarden,
        ..Aanbieding::default()
    };
    leveringen_pagina(&staat, &s, a).await
}

/// The reasons of invalid parameters as one line (`gemeentecode: moet 4 cijfers zijn`).
fn redenen(p: &[crate::fout::OngeldigeParameter]) -> String {
    p.iter()
        .map(|x| format!("{}: {}", x.name, x.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rejection file of a delivery.
pub async fn afwijzingen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Response {
    let Some(s) = staat.sessies.van(&headers) else {
        return naar_login();
    };
    if beslis(&s.gebruiker, &Handeling::LeveringenInzien).is_err() {
        return geweigerd(&s);
    }
    let eigen = (s.gebruiker.rol == Rol::Bron)
        .then_some(s.gebruiker.bron)
        .flatten();
    let l = crate::api::blokkerend(&staat, move |r| Ok(r.store().levering(id)?))
        .await
        .ok()
        .flatten();
    match l
        .filter(|l| eigen.is_none_or(|b| l.levering.bron == b))
        .and_then(|l| l.levering.afwijzingsbestand)
    {
        Some(bytes) => {
            let xlsx = bytes.starts_with(b"PK");
            let (soort, ext) = if xlsx {
                (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "xlsx",
                )
            } else {
                ("text/csv", "csv")
            };
            super::werkgever::download(bytes, soort, &format!("levering-{id}-afgewezen.{ext}"))
        }
        None => melding(
            StatusCode::NOT_FOUND,
            "Niet gevonden",
            "Deze levering heeft geen afwijzingsbestand.",
            Some(&s),
        ),
    }
}

/// An internal error on a page: the error's answer logs the detail once, the page shows only
/// our words.
fn interne_fout(e: crate::fout::ApiFout, s: &Sessie) -> Response {
    let _ = e.into_response();
    melding(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Fout",
        "Er ging iets mis; de fout is vastgelegd.",
        Some(s),
    )
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
            "dashboard.html",
            "kandidaten.html",
            "wsp.html",
            "uitschrijvingen.html",
            "trend.html",
            "bezwaren.html",
        ];
        for naam in namen {
            assert!(omgeving().get_template(naam).is_ok(), "{naam}");
        }
        assert_eq!(omgeving().templates().count(), namen.len());
    }
}
