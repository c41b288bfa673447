//! The page handlers. Each page asks the same policy as the API and writes the processing log
//! before showing a person's data.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dgr_core::Bsn;
use dgr_core::bsn::BsnFout;
use dgr_core::datum::parse_invoerdatum;
use dgr_core::registratie::in_register;
use dgr_register::tijd::toon;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::gemeen::{
    Raadpleging, controleer_csrf, download, geweigerd, leg_raadpleging_vast, melding, naar_login,
    opvraging_geweigerd, pagina, sessie_voor, sessie_voor_formulier,
};
use crate::auth::Claims;
use crate::beleid::{Handeling, Toegang, beslis};
use crate::identiteit::{Gebruiker, Rol};
use crate::opvraging::{Telling, Vraag, tel};
use crate::sessie::{Sessie, set_cookie, wis_cookie};
use crate::sleutels::ONTWIKKEL_ISSUER;
use crate::staat::Staat;
use crate::trace::Trace;

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

/// What the login page is told in its address: where to return after logging in, and that
/// the user just logged out.
#[derive(Debug, Default, Deserialize)]
pub struct LoginVraag {
    #[serde(default)]
    terug: String,
    #[serde(default)]
    uitgelogd: Option<String>,
}

/// The login page (development login only). It says "U bent uitgelogd" after a logout, and
/// "Uw sessie is verlopen" when the browser still sends a session cookie the server no longer
/// knows (expired, or the server restarted).
pub async fn login_formulier(
    State(staat): State<Staat>,
    headers: HeaderMap,
    axum::extract::Query(v): axum::extract::Query<LoginVraag>,
) -> Response {
    let verlopen = crate::sessie::heeft_cookie(&headers) && staat.sessies.van(&headers).is_none();
    let bericht = if v.uitgelogd.is_some() {
        Some("U bent uitgelogd.")
    } else if verlopen {
        Some("Uw sessie is verlopen; log opnieuw in.")
    } else {
        None
    };
    pagina(
        "login.html",
        "Inloggen",
        None,
        "",
        context! {
            ontwikkellogin => staat.instellingen.ontwikkel_issuer,
            oidc => staat.instellingen.oidc.is_some(),
            rollen => Rol::ALLE.map(Rol::naam),
            bericht => bericht,
            terug => super::veilig_terug(&v.terug),
            terug_vraag => super::veilig_terug(&v.terug)
                .and_then(|t| serde_urlencoded::to_string([("terug", t)]).ok()),
            waarden => context! { rol => "" },
        },
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
    #[serde(default)]
    eenheden: String,
    /// Where to return after logging in (checked by [`super::veilig_terug`]).
    #[serde(default)]
    terug: String,
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
        eenheden: f
            .eenheden
            .split([',', ' '])
            .filter(|e| !e.trim().is_empty())
            .map(str::to_string)
            .collect(),
        ..Claims::default()
    };
    match Gebruiker::uit_claims(claims) {
        Ok(g) => {
            let id = staat.sessies.begin(g, true);
            let mut r = Redirect::to(super::veilig_terug(&f.terug).unwrap_or("/")).into_response();
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
                context! {
                    ontwikkellogin => true,
                    rollen => Rol::ALLE.map(Rol::naam),
                    fout => reden,
                    terug => super::veilig_terug(&f.terug),
                    // what was typed stays (no BSN in a URL: this is the page's body)
                    waarden => context! {
                        rol => f.rol,
                        organisatie => f.organisatie,
                        bsn => f.bsn,
                        loonheffingennummer => f.loonheffingennummer,
                        eenheden => f.eenheden,
                        gemeentecode => f.gemeentecode,
                        arbeidsmarktregio => f.arbeidsmarktregio,
                        bron => f.bron,
                    },
                },
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
    let mut r = Redirect::to("/login?uitgelogd=1").into_response();
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
        parse_invoerdatum(&f.peildatum)
    };
    let (bsn, peildatum) = match (Bsn::uit_invoer(&f.bsn), peildatum) {
        (Ok(b), Ok(p)) => (b, p),
        (b, p) => {
            // the form again with what was typed and each error beside its field
            let mut r = pagina(
                "check.html",
                "Controle doelgroepregister",
                Some(&s),
                "/werkgever/check",
                context! {
                    bsn => f.bsn,
                    peildatum => p.as_ref().map_or(f.peildatum.clone(), |d| d.to_string()),
                    fout_bsn => b.err().map(BsnFout::uitleg),
                    fout_peildatum => p.as_ref().err().map(|e| e.uitleg()),
                    antwoord => Value::from(()),
                },
            );
            *r.status_mut() = StatusCode::BAD_REQUEST;
            return r;
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
    let ja = crate::register::blokkerend(&staat, move |r| {
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
        context! {
            bsn => f.bsn,
            gecontroleerd => groepeer(bsn),
            peildatum => peildatum.to_string(),
            antwoord => ja,
        },
    )
}

/// A BSN as people read it back, in groups of three (`725 569 207`): the check's answer names
/// the number it checked, on the employer's own screen (never in a URL or the log).
fn groepeer(bsn: Bsn) -> String {
    let c = bsn.cijfers();
    format!("{} {} {}", &c[..3], &c[3..6], &c[6..])
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
    let gegevens = crate::register::blokkerend(&staat, move |r| {
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
    let ok = crate::register::blokkerend(&staat, move |r| Ok(r.zet_herkenbaar(bsn, waarde)?)).await;
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
    let ok = crate::register::blokkerend(&staat, move |r| Ok(r.vraag_uitschrijving(bsn)?)).await;
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
    let bsn = match Bsn::uit_invoer(&f.bsn) {
        Ok(b) => b,
        Err(e) => {
            let mut r = pagina(
                "inkijk.html",
                "Inkijk",
                Some(&s),
                "/inkijk",
                context! { bsn => f.bsn, fout_bsn => e.uitleg() },
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
    let overzicht = crate::register::blokkerend(&staat, move |r| {
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
        context! { bsn => f.bsn, persoon => persoon },
    )
}

/// The deliveries page: upload form, freshness board (uwv, beheer) and the list (bron: own).
pub async fn leveringen(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let Some(s) = staat.sessies.van(&headers) else {
        return naar_login();
    };
    if crate::api::mag_leveren(&s.gebruiker).is_err() {
        return geweigerd(&s);
    }
    leveringen_pagina(&staat, &s, Aanbieding::default()).await
}

/// Which deliveries a user may see on the deliveries page: a source its own, a werkgever its
/// own organisation's `eenheden` and `personeel`, UWV and beheer all.
fn mag_levering_zien(g: &crate::identiteit::Gebruiker, l: &dgr_store::NieuweLevering) -> bool {
    match g.rol {
        Rol::Bron => g.bron == Some(l.bron),
        Rol::Werkgever => {
            l.bron == dgr_core::Bron::Werkgever
                && l.fiscaal_nummer
                    .is_some_and(|f| g.fiscale_nummers().contains(&f))
        }
        _ => true,
    }
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
    let gebruiker = s.gebruiker.clone();
    let werkgever = s.gebruiker.rol == Rol::Werkgever;
    let met_bronnen = matches!(s.gebruiker.rol, Rol::Uwv | Rol::Beheer);
    let gegevens = crate::register::blokkerend(staat, move |r| {
        let mut l: Vec<_> = r
            .store()
            .leveringen()?
            .into_iter()
            .filter(|x| mag_levering_zien(&gebruiker, &x.levering))
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
            soorten => if werkgever {
                vec!["eenheden", "personeel"]
            } else {
                dgr_core::bron::ALLE_SOORTEN.map(dgr_core::LeveringSoort::naam).to_vec()
            },
            werkgever => werkgever,
            waarden => context! {
                bron => w.bron.unwrap_or_else(|| if werkgever {
                    "WERKGEVER".to_string()
                } else {
                    s.gebruiker.bron.map_or("UWV", |b| b.code()).to_string()
                }),
                fiscaal_nummer => w.fiscaal_nummer.or_else(|| s.gebruiker.fiscale_nummers().first().map(ToString::to_string)).unwrap_or_default(),
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
    if crate::api::mag_leveren(&s.gebruiker).is_err() {
        return geweigerd(&s);
    }
    let l = crate::register::blokkerend(&staat, move |r| Ok(r.store().levering(id)?))
        .await
        .ok()
        .flatten();
    match l
        .filter(|l| mag_levering_zien(&s.gebruiker, &l.levering))
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
            download(bytes, soort, &format!("levering-{id}-afgewezen.{ext}"))
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
