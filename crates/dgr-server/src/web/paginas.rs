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
use dgr_register::tijd::toon;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::bevestiging::{self, Bevestiging};
use super::bladeren::{Pagina, vraagtekst};
use super::catalogus;
use super::gemeen::{
    Raadpleging, controleer_csrf, download, geweigerd, leg_raadpleging_vast, melding, naar_login,
    opvraging_geweigerd, pagina,
};
use crate::auth::Claims;
use crate::beleid::{Handeling, Toegang, beslis};
use crate::identiteit::{Gebruiker, Rol};
use crate::opvraging::{Opvraagdoel, Telling, tel_en_lees};
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
            // an expired session is a notice, a logout a confirmation
            bericht_soort => if verlopen && v.uitgelogd.is_none() { "let-op" } else { "ja" },
            terug => super::fouten::veilig_terug(&v.terug),
            terug_vraag => super::fouten::veilig_terug(&v.terug)
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
    /// Where to return after logging in (checked by [`super::fouten::veilig_terug`]).
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
            let mut r =
                Redirect::to(super::fouten::veilig_terug(&f.terug).unwrap_or("/")).into_response();
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
                    terug => super::fouten::veilig_terug(&f.terug),
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
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::CONTROLE) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    pagina(
        "check.html",
        "Controle doelgroepregister",
        Some(&s),
        "/werkgever/check",
        context! {
            peildatum => staat.klok().vandaag().to_string(),
            doelen => doelkeuzes(),
            antwoord => Value::from(()),
        },
    )
}

/// The purposes the check page offers (Wfsv art. 38d lid 7), as `(code, wording)`.
fn doelkeuzes() -> Vec<(&'static str, &'static str)> {
    Opvraagdoel::ALLE
        .iter()
        .map(|d| (d.code(), d.omschrijving()))
        .collect()
}

/// The check form's fields.
#[derive(Debug, Deserialize)]
pub struct CheckForm {
    csrf: String,
    bsn: String,
    #[serde(default)]
    peildatum: String,
    /// `werknemer`, `sollicitant` or `inlener` ([`Opvraagdoel`]); the page asks for it.
    #[serde(default)]
    doel: String,
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
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::CONTROLE,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let peildatum = if f.peildatum.trim().is_empty() {
        Ok(vandaag)
    } else {
        parse_invoerdatum(&f.peildatum)
    };
    let doel = Opvraagdoel::parse(f.doel.trim());
    let (bsn, peildatum, doel) = match (Bsn::uit_invoer(&f.bsn), peildatum, doel) {
        (Ok(b), Ok(p), Some(d)) => (b, p, d),
        (b, p, d) => {
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
                    doel => f.doel,
                    doelen => doelkeuzes(),
                    fout_doel => d.is_none().then_some("Kies waarom u deze persoon raadpleegt."),
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
    // R-06 with R-07, as the API answers
    let uitkomst = tel_en_lees(&staat, &s.gebruiker, bsn, move |r| {
        Ok(r.in_doelgroepregister(bsn, peildatum, r.klok().nu())?)
    })
    .await;
    let (telling, ja) = match uitkomst {
        Ok((t, ja)) => (t.met_doel(&s.gebruiker, doel), ja),
        Err(fout) => return opvraging_geweigerd(&s, &fout),
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: doel.activiteit(),
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
            doel => doel.code(),
            doelen => doelkeuzes(),
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
    /// The end lies after today: written in the future tense.
    toekomstig: bool,
    /// The end is the AOW age: "dan bereikt u de AOW-leeftijd".
    aow: bool,
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
    let vandaag = staat.klok().vandaag();
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
                toekomstig: e.einddatum.is_some_and(|d| d > vandaag),
                aow: e.reden_einde.as_deref() == Some("AOW"),
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
        // the citizen's own looks are not consultations by someone else: counted apart
        let (eigen, anderen): (Vec<_>, Vec<_>) = r
            .store()
            .verwerkingen_van_betrokkene(&pseudoniem)?
            .into_iter()
            .partition(is_eigen_inzage);
        let logs: Vec<VerwerkingRegel> = anderen
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
                    "WERKGEVERS_GEINFORMEERD" => format!("werkgever(s) gevraagd om reactie tot {}", u.bezwaar_tot.map(super::opmaak::datum_lang).unwrap_or_default()),
                    "TOEGEWEZEN" => "toegewezen: u bent uitgeschreven".to_string(),
                    _ => "afgewezen".to_string(),
                };
                let besluit = u.besluit_op.map(|d| format!("{}{}", super::opmaak::datum(d), u.reden.map(|r| format!(" ({r})")).unwrap_or_default()));
                context! { aangevraagd_op => u.aangevraagd_op.to_string(), stand => stand, besluit => besluit, open => matches!(u.status.as_str(), "OPEN" | "WERKGEVERS_GEINFORMEERD") }
            })
            .collect();
        // the notices of new registrations (Wfsv art. 38d lid 8), newest first
        let berichten: Vec<Value> = r
            .store()
            .kennisgevingen_van(bsn)?
            .into_iter()
            .map(|k| {
                context! {
                    id => k.id,
                    datum => dgr_register::tijd::datum_van(k.gemaakt_op).to_string(),
                    grondslag => k.grondslag,
                    ingangsdatum => k.ingangsdatum.to_string(),
                    kenmerk => super::brief::kenmerk(k.id),
                }
            })
            .collect();
        let aanvragen: Vec<Value> = r
            .aanvragen_van(bsn)?
            .iter()
            .map(|a| super::aanvragen::regel(a, vandaag))
            .collect();
        Ok((regs, logs, eigen.len(), herkenbaar, (uitschrijvingen, berichten, aanvragen)))
    })
    .await;
    let Ok((
        registraties,
        verwerkingen,
        zelf_bekeken,
        herkenbaar,
        (uitschrijvingen, berichten, aanvragen),
    )) = gegevens
    else {
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
            berichten => berichten,
            aanvragen => aanvragen,
            verwerkingen => verwerkingen,
            zelf_bekeken => zelf_bekeken,
            herkenbaar => herkenbaar,
            open_verzoek => uitschrijvingen.iter().any(|u| u.get_attr("open").is_ok_and(|x| x.is_true())),
            uitschrijvingen => uitschrijvingen,
        },
    )
}

/// The letter about one of the citizen's own new registrations (Wfsv art. 38d lid 8; issue
/// #14), printable; another person's notice is "not found", never shown. The read is in the
/// processing log before the page leaves.
pub async fn kennisgeving(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    axum::extract::Path(id): axum::extract::Path<i64>,
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
    let gevonden = crate::register::blokkerend(&staat, move |r| {
        Ok(r.store()
            .kennisgevingen_van(bsn)?
            .into_iter()
            .find(|k| k.id == id))
    })
    .await;
    let k = match gevonden {
        Ok(Some(k)) => k,
        Ok(None) => {
            return melding(
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Deze brief bestaat niet of is niet aan u gericht.",
                Some(&s),
            );
        }
        Err(_) => {
            return melding(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Fout",
                "Er ging iets mis.",
                Some(&s),
            );
        }
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-INZAGE",
            naam: "web_kennisgeving",
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
        "kennisgeving.html",
        "Uw brief over het doelgroepregister",
        Some(&s),
        "/mijn",
        context! { brief => super::brief::Brief::van(&k) },
    )
}

/// Whether a processing-log entry is the citizen's own look at their data (role `burger`:
/// a citizen can only ever see their own data, so every burger entry on their BSN is their own).
fn is_eigen_inzage(x: &dgr_store::logboek::EigenVerwerking) -> bool {
    x.rol.as_deref() == Some(Rol::Burger.naam())
}

/// The citizen's own forms (CSRF and one value; `bevestigd` in the second step).
#[derive(Debug, Deserialize)]
pub struct EigenForm {
    csrf: String,
    #[serde(default)]
    herkenbaar: String,
    #[serde(default)]
    bevestigd: Option<String>,
}

/// Sets the citizen's `herkenbaar` preference (honoured by the Kandidatenverkenner), after
/// confirming what it means.
pub async fn herkenbaar(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(f): Form<EigenForm>,
) -> Response {
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::MIJN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.gebruiker.bsn else {
        return geweigerd(&s);
    };
    let waarde = f.herkenbaar == "J";
    if !bevestiging::is_bevestigd(f.bevestigd.as_deref()) {
        return bevestiging::vraag(
            &s,
            Bevestiging {
                soort: bevestiging::Soort::Keuze,
                titel: if waarde {
                    "Vindbaar worden"
                } else {
                    "Niet meer vindbaar zijn"
                },
                samenvatting: vec![(
                    "Uw keuze",
                    if waarde {
                        "vindbaar voor werkgevers"
                    } else {
                        "niet vindbaar voor werkgevers"
                    }
                    .to_string(),
                )],
                gevolg: if waarde {
                    "Werkgevers kunnen uw anonieme profiel zien in de Kandidatenverkenner (nooit uw naam, leeftijd of woonplaats) en via het WerkgeversServicePunt contact aanvragen. U kunt dit altijd weer uitzetten.".into()
                } else {
                    "Werkgevers zien uw profiel niet meer in de Kandidatenverkenner. U kunt dit altijd weer aanzetten.".into()
                },
                actie: "/mijn/herkenbaar",
                velden: vec![("herkenbaar", if waarde { "J" } else { "N" }.to_string())],
                knop: if waarde {
                    "vindbaar worden"
                } else {
                    "niet meer vindbaar zijn"
                },
                terug: catalogus::MIJN.href,
            },
        );
    }
    let ok = crate::register::blokkerend(&staat, move |r| Ok(r.zet_herkenbaar(bsn, waarde)?)).await;
    match ok {
        Ok(()) => bevestiging::gedaan(
            &staat,
            &headers,
            catalogus::MIJN.href,
            if waarde {
                "U bent nu vindbaar voor werkgevers in de Kandidatenverkenner.".into()
            } else {
                "U bent niet meer vindbaar voor werkgevers in de Kandidatenverkenner.".into()
            },
        ),
        Err(_) => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Uw keuze kon niet worden opgeslagen.",
            Some(&s),
        ),
    }
}

/// Records a citizen's request to be removed from the register, after confirming
/// what it means.
pub async fn uitschrijven(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Form(f): Form<EigenForm>,
) -> Response {
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::MIJN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.gebruiker.bsn else {
        return geweigerd(&s);
    };
    if !bevestiging::is_bevestigd(f.bevestigd.as_deref()) {
        return bevestiging::vraag(
            &s,
            Bevestiging {
                soort: bevestiging::Soort::Verzoek,
                titel: "Uitschrijving aanvragen",
                samenvatting: vec![(
                    "Uw verzoek",
                    "UWV vragen u uit het doelgroepregister uit te schrijven".to_string(),
                )],
                gevolg: "UWV laat eerst uw huidige werkgever(s) weten dat u dit vraagt; zij kunnen binnen 2 weken reageren. UWV beslist binnen 8 weken. Wordt uw verzoek toegewezen, dan staat u daarna niet meer in het doelgroepregister.".into(),
                actie: "/mijn/uitschrijven",
                velden: Vec::new(),
                knop: "uitschrijving aanvragen",
                terug: catalogus::MIJN.href,
            },
        );
    }
    let ok = crate::register::blokkerend(&staat, move |r| Ok(r.vraag_uitschrijving(bsn)?)).await;
    match ok {
        Ok(_) => bevestiging::gedaan(
            &staat,
            &headers,
            catalogus::MIJN.href,
            "Uw verzoek om uitschrijving is ontvangen. UWV beslist binnen 8 weken.".into(),
        ),
        Err(_) => melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Uw verzoek kon niet worden opgeslagen.",
            Some(&s),
        ),
    }
}

/// Inkijk: the lookup form (gemeente, uwv), with peildatum today and bekend-op now.
pub async fn inkijk_formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::INKIJK) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let vraag = InkijkWaarden::standaard(&staat);
    pagina(
        "inkijk.html",
        "Inkijk",
        Some(&s),
        "/inkijk",
        context! { vraag => vraag },
    )
}

/// Inkijk form fields. The BSN travels only in the POST body, never in a URL.
#[derive(Debug, Deserialize)]
pub struct InkijkForm {
    csrf: String,
    bsn: String,
    #[serde(default)]
    peildatum: String,
    #[serde(default)]
    bekend_op: String,
    #[serde(default)]
    pagina: String,
}

/// Registration versions per page of the inkijk history.
const INKIJK_PER_PAGINA: usize = 25;

/// The inkijk form's values as shown again (kept after an error and after a lookup).
#[derive(Serialize)]
struct InkijkWaarden {
    bsn: String,
    peildatum: String,
    bekend_op: String,
}

impl InkijkWaarden {
    fn standaard(staat: &Staat) -> InkijkWaarden {
        InkijkWaarden {
            bsn: String::new(),
            peildatum: staat.klok().vandaag().to_string(),
            bekend_op: datum_tijd_veld(staat.klok().nu()),
        }
    }
}

/// An instant as a `datetime-local` field's value: Amsterdam wall-clock time to the minute.
fn datum_tijd_veld(t: chrono::DateTime<chrono::Utc>) -> String {
    let lokaal = toon(t);
    // `toon` gives RFC 3339 in Amsterdam time: the first 16 characters are JJJJ-MM-DDTHH:MM
    lokaal.get(..16).unwrap_or(&lokaal).to_string()
}

/// Inkijk: the person on both time axes (details for uwv and for a gemeente's residents): the
/// status on the peildatum and the registration history as known at bekend-op.
pub async fn inkijk(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<InkijkForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::INKIJK,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let vraag = InkijkWaarden {
        bsn: f.bsn.trim().to_string(),
        peildatum: f.peildatum.trim().to_string(),
        bekend_op: f.bekend_op.trim().to_string(),
    };
    let ongeldig = |veld: &str, tekst: String, vraag: InkijkWaarden| {
        let mut r = pagina(
            "inkijk.html",
            "Inkijk",
            Some(&s),
            "/inkijk",
            context! { fout => tekst, fout_veld => veld, vraag => vraag },
        );
        *r.status_mut() = StatusCode::BAD_REQUEST;
        r
    };
    let bsn = match Bsn::uit_invoer(&f.bsn) {
        Ok(b) => b,
        Err(e) => return ongeldig("bsn", e.uitleg(), vraag),
    };
    let peildatum = if vraag.peildatum.is_empty() {
        staat.klok().vandaag()
    } else {
        match dgr_core::datum::parse_invoerdatum(&vraag.peildatum) {
            Ok(d) => d,
            Err(e) => return ongeldig("peildatum", e.uitleg().to_string(), vraag),
        }
    };
    let bekend_op = if vraag.bekend_op.is_empty() {
        staat.klok().nu()
    } else {
        match dgr_register::tijd::parse_lokaal_tijdstip(&vraag.bekend_op) {
            // the field's precision is a minute: "bekend op 12:00" is what the register knew
            // by the end of that minute (so the prefilled "now" includes what was recorded in
            // the current minute), and never later than now
            Ok(t) if t <= staat.klok().nu() => {
                let minuut = vraag.bekend_op.matches(':').count() == 1;
                let eind = if minuut {
                    t + chrono::Duration::milliseconds(59_999)
                } else {
                    t
                };
                eind.min(staat.klok().nu())
            }
            Ok(_) => {
                return ongeldig(
                    "bekend_op",
                    "Bekend op ligt in de toekomst: het register weet alleen wat nu bekend is."
                        .into(),
                    vraag,
                );
            }
            Err(e) => {
                return ongeldig(
                    "bekend_op",
                    format!("Ongeldig tijdstip bij bekend op: {e}"),
                    vraag,
                );
            }
        }
    };
    let pagina_nr = super::bladeren::paginanummer(&f.pagina);
    // Inkijk reveals registration: counted like every lookup (gemeente and uwv have no limit)
    let overzicht = tel_en_lees(&staat, &s.gebruiker, bsn, move |r| {
        let bekend = !r.store().registratie_versies(bsn)?.is_empty()
            || !r.store().persoon_versies(bsn)?.is_empty();
        let o = r.persoon(bsn, bekend_op)?;
        let op_peildatum = r.in_doelgroepregister(bsn, peildatum, bekend_op)?;
        Ok((bekend, o, op_peildatum, r.huidige_woongemeente(bsn)?))
    })
    .await;
    let (telling, (bekend, o, op_peildatum, woongemeente)) = match overzicht {
        Ok(t) => t,
        Err(fout) => return opvraging_geweigerd(&s, &fout),
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
    // an unknown BSN is a lookup too: logged before the answer
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
    let (versies, paging) = if details {
        let vandaag = staat.klok().vandaag();
        let regels: Vec<Value> = o
            .registratieversies
            .iter()
            .map(|v| {
                let geldig = v.vervallen_op.is_none()
                    && !v.ingetrokken
                    && v.ingangsdatum <= peildatum
                    && v.einddatum.is_none_or(|e| peildatum < e);
                context! {
                    grondslag => v.grondslag.clone(),
                    ingangsdatum => v.ingangsdatum.to_string(),
                    einddatum => v.einddatum.map(|d| d.to_string()),
                    reden_einde => v.reden_einde.clone(),
                    // an end after today has not happened yet ("gepland")
                    einde_toekomstig => v.einddatum.is_some_and(|e| e > vandaag),
                    ingetrokken => v.ingetrokken,
                    geregistreerd_op => v.geregistreerd_op.clone(),
                    vervallen_op => v.vervallen_op.clone(),
                    oorzaak => v.oorzaak.clone(),
                    geldig => geldig,
                }
            })
            .collect();
        let p = Pagina::van(regels.len(), pagina_nr, INKIJK_PER_PAGINA);
        let deel: Vec<Value> = regels.into_iter().skip(p.van).take(p.per).collect();
        (Value::from(deel), Value::from_serialize(p))
    } else {
        (Value::from(()), Value::from(()))
    };
    let persoon = context! {
        bsn => bsn.cijfers(),
        bekend => bekend,
        ja => op_peildatum,
        details => details,
        geboortedatum => o.persoon.as_ref().map(|p| p.geboortedatum.clone()),
        woongemeente => o.persoon.as_ref().and_then(|p| p.woongemeente.clone()),
        aow => o.persoon.as_ref().and_then(|p| p.aow_datum.map(|d| d.to_string())),
        versies => versies,
        paging => paging,
    };
    let vraag = InkijkWaarden {
        bsn: bsn.cijfers(),
        peildatum: peildatum.to_string(),
        bekend_op: datum_tijd_veld(bekend_op),
    };
    pagina(
        "inkijk.html",
        "Inkijk",
        Some(&s),
        "/inkijk",
        context! { persoon => persoon, vraag => vraag, bekend_op_tekst => toon(bekend_op) },
    )
}

/// The deliveries page: upload form, freshness board (uwv, beheer) and the list (bron: own),
/// filtered, sorted and paged by the query string.
pub async fn leveringen(
    State(staat): State<Staat>,
    headers: HeaderMap,
    axum::extract::Query(filter): axum::extract::Query<Leveringfilter>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::LEVERINGEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let a = Aanbieding {
        filter,
        ..Aanbieding::default()
    };
    leveringen_pagina(&staat, &s, a).await
}

/// Deliveries per page of the list.
const LEVERINGEN_PER_PAGINA: usize = 50;

/// The deliveries list's filter, sort and page (query string; all optional, empty is "all").
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct Leveringfilter {
    /// Source code (`UWV`, `GEMEENTE`, …).
    #[serde(default)]
    bron: String,
    /// Kind (`registraties`, `polis`, …).
    #[serde(default)]
    soort: String,
    /// `TOEGEPAST` or `AFGEWEZEN`.
    #[serde(default)]
    status: String,
    /// Recorded on or after this date (Amsterdam), `JJJJ-MM-DD`.
    #[serde(default)]
    van: String,
    /// Recorded on or before this date.
    #[serde(default)]
    tot: String,
    /// `oud` for oldest first; anything else newest first.
    #[serde(default)]
    volgorde: String,
    /// Page number from 1.
    #[serde(default)]
    pagina: String,
}

impl Leveringfilter {
    /// Checks the dates; the errors per field (`van`, `tot`).
    fn datums(
        &self,
    ) -> (
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
        Vec<(&'static str, String)>,
    ) {
        let mut fouten = Vec::new();
        let mut lees = |veld: &'static str, t: &str| {
            if t.trim().is_empty() {
                return None;
            }
            match dgr_core::datum::parse_invoerdatum(t) {
                Ok(d) => Some(d),
                Err(e) => {
                    fouten.push((veld, e.uitleg().to_string()));
                    None
                }
            }
        };
        let van = lees("van", &self.van);
        let tot = lees("tot", &self.tot);
        if let (Some(a), Some(b)) = (van, tot)
            && b < a
        {
            fouten.push(("tot", "De einddatum ligt vóór de begindatum.".into()));
        }
        (van, tot, fouten)
    }

    /// Whether a delivery passes the filter.
    fn laat_door(
        &self,
        l: &dgr_store::NieuweLevering,
        van: Option<chrono::NaiveDate>,
        tot: Option<chrono::NaiveDate>,
    ) -> bool {
        let dag = dgr_register::tijd::datum_van(l.geregistreerd_op);
        (self.bron.is_empty() || l.bron.code() == self.bron)
            && (self.soort.is_empty() || l.soort.naam() == self.soort)
            && (self.status.is_empty() || l.status.code() == self.status)
            && van.is_none_or(|v| dag >= v)
            && tot.is_none_or(|t| dag <= t)
    }

    /// The query string of this filter on page `pagina` (for the page links).
    fn query(&self, pagina: usize) -> String {
        vraagtekst(
            &[
                ("bron", &self.bron),
                ("soort", &self.soort),
                ("status", &self.status),
                ("van", &self.van),
                ("tot", &self.tot),
                ("volgorde", &self.volgorde),
            ],
            pagina,
        )
    }
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
    /// The list's filter, sort and page.
    filter: Leveringfilter,
}

/// Renders the deliveries page, with the outcome of an upload if there was one.
pub(super) async fn leveringen_pagina(staat: &Staat, s: &Sessie, a: Aanbieding) -> Response {
    let gebruiker = s.gebruiker.clone();
    let werkgever = s.gebruiker.rol == Rol::Werkgever;
    let met_bronnen = matches!(s.gebruiker.rol, Rol::Uwv | Rol::Beheer);
    let filter = a.filter.clone();
    let (van, tot, filterfouten) = filter.datums();
    let oudste_eerst = filter.volgorde == "oud";
    let pagina_nr = super::bladeren::paginanummer(&filter.pagina);
    // one read of the deliveries' small columns (no report, no rejection file), filtered and
    // paged here: a register has hundreds of deliveries (one per source and period), not
    // millions, so the page costs one indexed scan either way
    let gegevens = crate::register::blokkerend(staat, move |r| {
        let zichtbaar: Vec<_> = r
            .store()
            .leveringen()?
            .into_iter()
            .filter(|x| mag_levering_zien(&gebruiker, &x.levering))
            .collect();
        let mut bronnen_gezien: Vec<&'static str> =
            zichtbaar.iter().map(|x| x.levering.bron.code()).collect();
        bronnen_gezien.sort_unstable();
        bronnen_gezien.dedup();
        let mut l: Vec<_> = zichtbaar
            .into_iter()
            .filter(|x| filter.laat_door(&x.levering, van, tot))
            .collect();
        if !oudste_eerst {
            l.reverse();
        }
        let p = Pagina::van(l.len(), pagina_nr, LEVERINGEN_PER_PAGINA);
        let lijst: Vec<Value> = l
            .into_iter()
            .skip(p.van)
            .take(p.per)
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
        Ok((lijst, bronnen, p, bronnen_gezien))
    })
    .await;
    let Ok((lijst, bronnen, paging, bronnen_gezien)) = gegevens else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(s),
        );
    };
    let f = &a.filter;
    let vorige = (paging.nummer > 1).then(|| f.query(paging.nummer - 1));
    let volgende = (paging.nummer < paging.aantal).then(|| f.query(paging.nummer + 1));
    let lijstfilter = context! {
        bron => f.bron.clone(), soort => f.soort.clone(), status => f.status.clone(),
        van => f.van.clone(), tot => f.tot.clone(), oud => oudste_eerst,
        bronnen => bronnen_gezien,
        fouten => filterfouten.iter().map(|(veld, tekst)| context! { veld => *veld, tekst => tekst.clone() }).collect::<Vec<_>>(),
        gefilterd => !(f.bron.is_empty() && f.soort.is_empty() && f.status.is_empty() && f.van.is_empty() && f.tot.is_empty()),
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
            paging => paging,
            vorige => vorige,
            volgende => volgende,
            lijstfilter => lijstfilter,
            alle_soorten => dgr_core::bron::ALLE_SOORTEN.map(dgr_core::LeveringSoort::naam).to_vec(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leveringfilter_in_het_adres() {
        let f = Leveringfilter {
            soort: "polis".into(),
            van: "2026-01-01".into(),
            volgorde: "oud".into(),
            ..Leveringfilter::default()
        };
        assert_eq!(f.query(1), "soort=polis&van=2026-01-01&volgorde=oud");
        assert_eq!(
            f.query(3),
            "soort=polis&van=2026-01-01&volgorde=oud&pagina=3"
        );
        assert_eq!(Leveringfilter::default().query(1), "");
        let (van, tot, fouten) = Leveringfilter {
            van: "2026-02-01".into(),
            tot: "2026-01-01".into(),
            ..Leveringfilter::default()
        }
        .datums();
        assert!(van.is_some() && tot.is_some());
        assert_eq!(fouten.len(), 1);
        assert_eq!(fouten[0].0, "tot");
    }

    #[test]
    fn datum_tijd_veld_in_amsterdamse_tijd() {
        // 2026-07-01 07:30 UTC is 09:30 in Amsterdam (summer time)
        let t = chrono::DateTime::parse_from_rfc3339("2026-07-01T07:30:45Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        assert_eq!(datum_tijd_veld(t), "2026-07-01T09:30");
    }
}
