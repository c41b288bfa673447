//! The page handlers. Each page asks the same policy as the API and writes the processing log
//! before showing a person's data.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dgr_core::Bsn;
use dgr_core::datum::parse_datum;
use dgr_core::registratie::in_register;
use dgr_register::tijd::toon;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::bevestiging::{self, Bevestiging};
use super::catalogus;
use super::gemeen::{
    Raadpleging, controleer_csrf, download, geweigerd, leg_raadpleging_vast, melding, naar_login,
    opvraging_geweigerd, pagina,
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
    #[serde(default)]
    eenheden: String,
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
    let s = match catalogus::sessie_voor_pagina(&staat, &headers, &catalogus::CONTROLE) {
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
    let s =
        match catalogus::sessie_voor_formulier_van(&staat, &headers, &catalogus::CONTROLE, &f.csrf)
        {
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
        context! { peildatum => peildatum.to_string(), antwoord => ja },
    )
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
    let s = match catalogus::sessie_voor_formulier_van(&staat, &headers, &catalogus::MIJN, &f.csrf)
    {
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
    let s = match catalogus::sessie_voor_formulier_van(&staat, &headers, &catalogus::MIJN, &f.csrf)
    {
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
                titel: "Uitschrijving aanvragen",
                samenvatting: vec![(
                    "Uw verzoek",
                    "UWV schrijft u uit het doelgroepregister".to_string(),
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

/// Inkijk: the lookup form (gemeente, uwv).
pub async fn inkijk_formulier(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let s = match catalogus::sessie_voor_pagina(&staat, &headers, &catalogus::INKIJK) {
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
    let s =
        match catalogus::sessie_voor_formulier_van(&staat, &headers, &catalogus::INKIJK, &f.csrf) {
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
        context! { persoon => persoon },
    )
}

/// The deliveries page: upload form, freshness board (uwv, beheer) and the list (bron: own).
pub async fn leveringen(State(staat): State<Staat>, headers: HeaderMap) -> Response {
    let s = match catalogus::sessie_voor_pagina(&staat, &headers, &catalogus::LEVERINGEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
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
