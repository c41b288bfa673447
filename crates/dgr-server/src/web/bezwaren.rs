//! UWV's work queue of bezwaren against a beoordeling arbeidsvermogen: record a lodged
//! bezwaar (flagged when it came after the 6-week term), and decide it; a founded bezwaar adds
//! or withdraws a PW_IBA registration, recorded as a staff action that names the bezwaar. A
//! decision takes two steps ([`super::bevestiging`]); "ongegrond" needs its grounds. Decided
//! bezwaren stay visible in the "Afgehandeld" list, filtered by outcome and period and paged.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use dgr_core::Bsn;
use dgr_core::bezwaar::{self, Uitkomst};
use dgr_core::datum::parse_invoerdatum;
use minijinja::{Value, context};
use serde::Deserialize;

use super::bevestiging::{self, Bevestiging};
use super::catalogus;
use super::gemeen::{Raadpleging, leg_raadpleging_vast, pagina};
use super::geschiedenis::{Filter, Gefilterd};
use crate::register::blokkerend;
use crate::sessie::Sessie;
use crate::staat::Staat;

/// The address of the queue.
const PAD: &str = "/inkijk/bezwaren";

/// The outcomes of the "Afgehandeld" list (stored status, shown name).
const UITKOMSTEN: &[(&str, &str)] = &[
    ("GEGROND", "Gegrond"),
    ("ONGEGROND", "Ongegrond"),
    ("NIET_ONTVANKELIJK", "Niet-ontvankelijk"),
];

/// A refused decision: the message next to a field of one bezwaar's form, and its values.
struct Veldfout {
    id: i64,
    veld: &'static str,
    tekst: String,
    uitkomst: String,
    ingangsdatum: String,
    motivering: String,
}

/// The outcome of a decided bezwaar as staff read it.
fn uitkomst_tekst(b: &dgr_store::bezwaren::Bezwaar) -> String {
    match (b.status.as_str(), b.gevolg.as_deref()) {
        ("GEGROND", Some("OPVOER")) => format!(
            "Gegrond: registratie PW_IBA opgevoerd per {}",
            b.ingangsdatum.map(|d| d.to_string()).unwrap_or_default()
        ),
        ("GEGROND", _) => format!(
            "Gegrond: registratie PW_IBA van {} ingetrokken",
            b.ingangsdatum.map(|d| d.to_string()).unwrap_or_default()
        ),
        ("ONGEGROND", _) => "Ongegrond".into(),
        ("NIET_ONTVANKELIJK", _) => "Niet-ontvankelijk".into(),
        (s, _) => s.to_string(),
    }
}

async fn lijst_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    tekst: Option<(bool, String)>,
    filter: &Gefilterd,
    terug: Terug,
) -> Response {
    let Terug {
        veldfout,
        formulier,
    } = terug;
    let start = staat.klok().nu();
    let vraag = filter.vraag.clone();
    let gelezen = blokkerend(staat, move |r| {
        let open = r.store().open_bezwaren()?;
        // issue #14: the decision on a request a bezwaar is against (same person and date)
        let mut besluiten = std::collections::HashMap::new();
        for b in &open {
            if let Some(a) = r.aanvragen_van(b.bsn)?.iter().find(|a| {
                a.soort == dgr_store::aanvragen::soort::BEOORDELING
                    && a.besluit_op == Some(b.besluitdatum)
            }) {
                besluiten.insert(b.id, a.id);
            }
        }
        Ok((open, r.store().afgehandelde_bezwaren(&vraag)?, besluiten))
    })
    .await;
    let Ok((lijst, afgehandeld, besluiten)) = gelezen else {
        return super::gemeen::melding(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De bezwaren konden niet worden gelezen.",
            Some(s),
        );
    };
    let rij_met_fout = veldfout
        .as_ref()
        .and_then(|v| lijst.iter().position(|b| b.id == v.id));
    let blad = filter.open_blad(lijst.len(), rij_met_fout);
    let lijst = blad.rijen(&lijst);
    let bsns: Vec<Bsn> = lijst
        .iter()
        .chain(&afgehandeld.rijen)
        .map(|b| b.bsn)
        .collect();
    if !bsns.is_empty()
        && let Err(fout) = leg_raadpleging_vast(
            staat,
            s,
            headers,
            Raadpleging {
                activiteit: "DGR-ZOEK-UWV",
                naam: "web_bezwaren",
                bsns,
                telling: crate::opvraging::Telling::geen(),
                start,
                adres,
            },
        )
        .await
    {
        return fout;
    }
    let bezwaren: Vec<Value> = lijst
        .iter()
        .map(|b| {
            let fout = veldfout.as_ref().filter(|v| v.id == b.id);
            context! {
                id => b.id,
                bsn => b.bsn.cijfers(),
                besluitdatum => b.besluitdatum.to_string(),
                aanvraag => besluiten.get(&b.id).copied(),
                ingediend_op => b.ingediend_op.to_string(),
                laatste_dag => bezwaar::laatste_dag(b.besluitdatum).to_string(),
                te_laat => !bezwaar::tijdig(b.besluitdatum, b.ingediend_op),
                toelichting => b.toelichting.clone(),
                fout_veld => fout.map(|v| v.veld),
                fout => fout.map(|v| v.tekst.clone()),
                uitkomst => fout.map(|v| v.uitkomst.clone()),
                ingangsdatum => fout.map(|v| v.ingangsdatum.clone()),
                motivering => fout.map(|v| v.motivering.clone()),
            }
        })
        .collect();
    let besloten: Vec<Value> = afgehandeld
        .rijen
        .iter()
        .map(|b| {
            context! {
                id => b.id,
                bsn => b.bsn.cijfers(),
                besluitdatum => b.besluitdatum.to_string(),
                ingediend_op => b.ingediend_op.to_string(),
                uitkomst => uitkomst_tekst(b),
                beslist_op => b.beslist_op.map(|d| d.to_string()),
                behandelaar => b.behandelaar.clone(),
                motivering => b.motivering.clone(),
            }
        })
        .collect();
    let (fout, melding_tekst) = match tekst {
        Some((true, t)) => (Some(t), None),
        Some((false, t)) => (None, Some(t)),
        None => (None, None),
    };
    let formulier = formulier.unwrap_or_else(|| Formulier {
        ingediend_op: staat.klok().vandaag().to_string(),
        ..Formulier::default()
    });
    let status = if veldfout.is_some() {
        Some(axum::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else if formulier.heeft_fout() {
        Some(axum::http::StatusCode::BAD_REQUEST)
    } else {
        None
    };
    let mut r = pagina(
        "bezwaren.html",
        "Bezwaren",
        Some(s),
        PAD,
        context! {
            bezwaren => bezwaren, melding => melding_tekst, fout => fout,
            vandaag => staat.klok().vandaag().to_string(),
            afgehandeld => besloten, o => filter.open_weergave(PAD, &blad), h => filter.weergave(PAD, UITKOMSTEN, afgehandeld.totaal),
            formulier => formulier,
        },
    );
    if let Some(status) = status {
        *r.status_mut() = status;
    }
    r
}

/// What the page shows again after a refused action: a decision's field error (422) or the
/// registration form as typed with its errors (400).
#[derive(Default)]
struct Terug {
    veldfout: Option<Veldfout>,
    formulier: Option<Formulier>,
}

/// The registration form as shown again: the values as typed, each field's error, and the
/// warning about another open bezwaar of the same person that must be confirmed.
#[derive(Debug, Default, serde::Serialize)]
struct Formulier {
    bsn: String,
    besluitdatum: String,
    ingediend_op: String,
    toelichting: String,
    fout_bsn: Option<String>,
    fout_besluitdatum: Option<String>,
    fout_ingediend_op: Option<String>,
    /// Another bezwaar of this person is open: recorded only when confirmed.
    waarschuwing: Option<String>,
}

impl Formulier {
    fn van(f: &BezwaarForm) -> Formulier {
        Formulier {
            bsn: f.bsn.clone(),
            besluitdatum: f.besluitdatum.clone(),
            ingediend_op: f.ingediend_op.clone(),
            toelichting: f.toelichting.clone(),
            ..Formulier::default()
        }
    }

    fn heeft_fout(&self) -> bool {
        self.fout_bsn.is_some()
            || self.fout_besluitdatum.is_some()
            || self.fout_ingediend_op.is_some()
    }
}

/// The queue, the form to record a bezwaar and the decided bezwaren.
pub async fn lijst(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(filter): Query<Filter>,
) -> Response {
    match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::BEZWAREN) {
        Ok(s) => {
            let filter = filter.lees(UITKOMSTEN);
            lijst_pagina(&staat, &headers, adres, &s, None, &filter, Terug::default()).await
        }
        Err(r) => *r,
    }
}

/// Recording (`actie=registreren`) or deciding (`actie=beslissen`) a bezwaar.
#[derive(Debug, Deserialize)]
pub struct BezwaarForm {
    csrf: String,
    actie: String,
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    bsn: String,
    #[serde(default)]
    besluitdatum: String,
    #[serde(default)]
    ingediend_op: String,
    #[serde(default)]
    toelichting: String,
    #[serde(default)]
    uitkomst: String,
    #[serde(default)]
    ingangsdatum: String,
    #[serde(default)]
    motivering: String,
    /// `ja` in the confirmation step of a decision, and to record a bezwaar although another
    /// bezwaar of this person is open.
    #[serde(default)]
    bevestigd: Option<String>,
}

/// A date field as people type it ([`parse_invoerdatum`]), with the field's name in the error.
fn datum(tekst: &str, veld: &str) -> Result<NaiveDate, String> {
    parse_invoerdatum(tekst).map_err(|e| format!("{veld}: {}", e.uitleg()))
}

/// Records or decides a bezwaar, then shows the queue with the result.
pub async fn actie(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<BezwaarForm>,
) -> Response {
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::BEZWAREN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let wie = s.gebruiker.behandelaar();
    let filter = Filter::default().lees(UITKOMSTEN);
    let (uitslag, formulier) = match f.actie.as_str() {
        "registreren" => match registreren(&staat, &f, wie).await {
            Ok(t) => (Ok(t), None),
            Err(formulier) => (Err(String::new()), Some(*formulier)),
        },
        "beslissen" => match beslissen(&staat, &headers, adres, &s, &f, wie).await {
            Beslist::Gedaan(t) => return bevestiging::gedaan(&staat, &headers, PAD, t),
            Beslist::Antwoord(r) => return r,
            Beslist::Veld(v) => {
                let terug = Terug {
                    veldfout: Some(v),
                    formulier: None,
                };
                return lijst_pagina(&staat, &headers, adres, &s, None, &filter, terug).await;
            }
            Beslist::Fout(t) => (Err(t), None),
        },
        _ => (Err("Onbekende actie.".to_string()), None),
    };
    // a refused registration shows its form with the errors beside the fields, no message
    let tekst = match (&formulier, uitslag) {
        (Some(_), _) => None,
        (None, Ok(t)) => Some((false, t)),
        (None, Err(t)) => Some((true, t)),
    };
    let terug = Terug {
        veldfout: None,
        formulier,
    };
    lijst_pagina(&staat, &headers, adres, &s, tekst, &filter, terug).await
}

/// Records a bezwaar; otherwise the form again with what was typed and why (R-16's dates
/// checked against each other by [`dgr_register::Register::registreer_bezwaar`]; a second open
/// bezwaar of the same person asked to be confirmed).
async fn registreren(
    staat: &Staat,
    f: &BezwaarForm,
    wie: String,
) -> Result<String, Box<Formulier>> {
    let mut formulier = Formulier::van(f);
    let bsn = Bsn::uit_invoer(&f.bsn).map_err(|e| formulier.fout_bsn = Some(e.uitleg()));
    let besluitdatum = parse_invoerdatum(&f.besluitdatum)
        .map_err(|e| formulier.fout_besluitdatum = Some(e.uitleg().into()));
    let ingediend_op = match parse_invoerdatum(&f.ingediend_op) {
        Ok(d) if d > staat.klok().vandaag() => {
            formulier.fout_ingediend_op = Some("Deze datum ligt in de toekomst.".into());
            Err(())
        }
        Ok(d) => Ok(d),
        Err(e) => {
            formulier.fout_ingediend_op = Some(e.uitleg().into());
            Err(())
        }
    };
    let (Ok(bsn), Ok(besluitdatum), Ok(ingediend_op)) = (bsn, besluitdatum, ingediend_op) else {
        return Err(Box::new(formulier));
    };
    let toelichting = f.toelichting.trim().to_string();
    let bevestigd = f.bevestigd.as_deref() == Some("ja");
    // the dates first: a bezwaar lodged before its decision is refused, confirmed or not
    if let Err(dgr_register::RegisterFout::Ongeldig(t)) =
        dgr_register::bezwaren::controleer_datums(besluitdatum, ingediend_op)
    {
        formulier.fout_ingediend_op = Some(t);
        return Err(Box::new(formulier));
    }
    let uitslag = blokkerend(staat, move |r| {
        let open = r.open_bezwaren_van(bsn)?;
        if !open.is_empty() && !bevestigd {
            return Ok(Err(open));
        }
        let id = r.registreer_bezwaar(&dgr_store::bezwaren::NieuwBezwaar {
            bsn,
            besluitdatum,
            ingediend_op,
            toelichting: &toelichting,
            wie: &wie,
        });
        Ok(Ok(id))
    })
    .await;
    let id = match uitslag {
        Ok(Ok(Ok(id))) => id,
        Ok(Ok(Err(dgr_register::RegisterFout::Ongeldig(t)))) => {
            formulier.fout_ingediend_op = Some(t);
            return Err(Box::new(formulier));
        }
        Ok(Err(open)) => {
            let lijst = open
                .iter()
                .map(|b| {
                    format!(
                        "nr. {} (besluit van {}, ingediend {})",
                        b.id,
                        b.besluitdatum.format("%d-%m-%Y"),
                        b.ingediend_op.format("%d-%m-%Y")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            formulier.waarschuwing = Some(format!(
                "Voor deze persoon staat al een bezwaar open: {lijst}. Is dit een ander bezwaar \
                 (tegen een ander besluit)? Vink dan aan dat u het toch wilt vastleggen. Is het \
                 hetzelfde bezwaar, leg het dan niet nog eens vast."
            ));
            return Err(Box::new(formulier));
        }
        Ok(Ok(Err(_))) | Err(_) => {
            formulier.waarschuwing = Some("Het bezwaar kon niet worden vastgelegd.".into());
            return Err(Box::new(formulier));
        }
    };
    let laat = if bezwaar::tijdig(besluitdatum, ingediend_op) {
        String::new()
    } else {
        format!(
            " Let op: ingediend na de termijn (laatste dag {}).",
            super::opmaak::datum_lang(bezwaar::laatste_dag(besluitdatum))
        )
    };
    Ok(format!("Bezwaar {id} vastgelegd.{laat}"))
}

/// What a decision post led to.
enum Beslist {
    /// Decided: the message for the queue.
    Gedaan(String),
    /// A page to answer with (the confirmation, or a failure to log).
    Antwoord(Response),
    /// A field of the form is wrong.
    Veld(Veldfout),
    /// Refused, with the reason at the top of the queue.
    Fout(String),
}

/// Decides a bezwaar in two steps: the form is checked (an ingangsdatum for a founded outcome,
/// the grounds of an unfounded one), then the confirmation page, then the decision.
async fn beslissen(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    f: &BezwaarForm,
    wie: String,
) -> Beslist {
    let Some(id) = f.id else {
        return Beslist::Fout("Geen bezwaar gekozen.".into());
    };
    let veld = |veld: &'static str, tekst: String| {
        Beslist::Veld(Veldfout {
            id,
            veld,
            tekst,
            uitkomst: f.uitkomst.clone(),
            ingangsdatum: f.ingangsdatum.trim().to_string(),
            motivering: f.motivering.trim().to_string(),
        })
    };
    let ingangsdatum = if f.ingangsdatum.trim().is_empty() {
        None
    } else {
        match datum(&f.ingangsdatum, "Ingangsdatum") {
            Ok(d) => Some(d),
            Err(e) => return veld("ingangsdatum", e),
        }
    };
    if f.uitkomst.trim().is_empty() {
        return veld(
            "uitkomst",
            "Uitkomst: kies ongegrond, niet-ontvankelijk of gegrond.".into(),
        );
    }
    let uitkomst = match Uitkomst::parse(&f.uitkomst, ingangsdatum) {
        Ok(u) => u,
        Err(e) => return veld("ingangsdatum", e),
    };
    let motivering = f.motivering.trim().to_string();
    if uitkomst == Uitkomst::Ongegrond && motivering.is_empty() {
        return veld(
            "motivering",
            "Motivering: geef aan waarom het bezwaar ongegrond is.".into(),
        );
    }
    let Some(b) = blokkerend(staat, move |r| Ok(r.store().bezwaar(id)?))
        .await
        .ok()
        .flatten()
        .filter(|b| b.status == "OPEN")
    else {
        return Beslist::Fout(format!("Bezwaar {id} is niet (meer) open."));
    };
    if !bevestiging::is_bevestigd(f.bevestigd.as_deref()) {
        // a founded opvoer needs the person's BRP data: say so before asking to confirm
        if matches!(uitkomst, Uitkomst::GegrondOpvoer { .. }) {
            let bsn = b.bsn;
            let bekend =
                crate::register::kort_lezen(staat, move |r| Ok(r.heeft_persoonsgegevens(bsn)?))
                    .await;
            if bekend.is_ok_and(|j| !j) {
                return Beslist::Fout(format!(
                    "Bezwaar {id}: {}",
                    dgr_register::handelingen::ZONDER_BRP
                ));
            }
        }
        return Beslist::Antwoord(bevestig(staat, headers, adres, s, &b, f, uitkomst).await);
    }
    let register = staat.register.clone();
    let vandaag = staat.klok().vandaag();
    let uitslag = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let mut r = register
            .lock()
            .map_err(|_| "Er ging iets mis; de fout is vastgelegd.".to_string())?;
        // decision and register change in one transaction: when the change does not apply,
        // nothing is decided
        let besluit = dgr_store::BezwaarBesluit {
            id,
            uitkomst,
            op: vandaag,
            wie: &wie,
            motivering: (!motivering.is_empty()).then_some(motivering.as_str()),
        };
        let n = r
            .voer_bezwaar_uit(b.bsn, besluit, &format!("bezwaar {id} ({wie})"))
            .map_err(|e| match e {
                // our own words (no person data, e.g. no BRP data for an opvoer)
                dgr_register::RegisterFout::Ongeldig(t) => format!("Bezwaar {id}: {t}"),
                e => format!("Bezwaar {id}: de registratie kon niet worden aangepast: {e}"),
            })?;
        Ok(beslist_tekst(id, uitkomst, n))
    })
    .await;
    match uitslag {
        Ok(Ok(t)) => Beslist::Gedaan(t),
        Ok(Err(t)) => Beslist::Fout(t),
        Err(_) => Beslist::Fout("Er ging iets mis; de fout is vastgelegd.".into()),
    }
}

/// An outcome in words with Dutch dates and the grondslag's name ("gegrond: registratie
/// Participatiewet - indicatie banenafspraak opgevoerd per 01-01-2017").
fn uitkomst_woorden(u: Uitkomst) -> String {
    let grondslag = super::opmaak::naam("grondslag", dgr_core::bezwaar::GRONDSLAG);
    match u {
        Uitkomst::Ongegrond => "ongegrond".into(),
        Uitkomst::NietOntvankelijk => "niet-ontvankelijk".into(),
        Uitkomst::GegrondOpvoer { ingangsdatum } => format!(
            "gegrond: registratie {grondslag} opgevoerd per {}",
            super::opmaak::datum(ingangsdatum)
        ),
        Uitkomst::GegrondIntrekking { ingangsdatum } => format!(
            "gegrond: registratie {grondslag} van {} ingetrokken",
            super::opmaak::datum(ingangsdatum)
        ),
    }
}

/// The success message of a decision on bezwaar `id` that changed `n` registrations.
fn beslist_tekst(id: i64, u: Uitkomst, n: u64) -> String {
    let gevolg = match n {
        0 => "Het register is niet gewijzigd.".to_string(),
        1 => "Eén registratie is gewijzigd.".to_string(),
        n => format!("{n} registraties zijn gewijzigd."),
    };
    format!(
        "Op bezwaar {id} is beslist: {}. {gevolg}",
        uitkomst_woorden(u)
    )
}

/// The confirmation page of a decision (the form `f` checked, its outcome `uitkomst`); it
/// shows the person's BSN, so it is logged.
async fn bevestig(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    s: &Sessie,
    b: &dgr_store::bezwaren::Bezwaar,
    f: &BezwaarForm,
    uitkomst: Uitkomst,
) -> Response {
    let motivering = f.motivering.trim();
    if let Err(fout) = leg_raadpleging_vast(
        staat,
        s,
        headers,
        Raadpleging {
            activiteit: "DGR-ZOEK-UWV",
            naam: "web_bezwaar_bevestigen",
            bsns: vec![b.bsn],
            telling: crate::opvraging::Telling::geen(),
            start: staat.klok().nu(),
            adres,
        },
    )
    .await
    {
        return fout;
    }
    let gevolg = match uitkomst {
        Uitkomst::GegrondOpvoer { ingangsdatum } => format!(
            "Er wordt een registratie met grondslag {} opgevoerd per {}, met dit bezwaar als oorzaak.",
            super::opmaak::naam("grondslag", dgr_core::bezwaar::GRONDSLAG),
            super::opmaak::datum(ingangsdatum)
        ),
        Uitkomst::GegrondIntrekking { ingangsdatum } => format!(
            "De registratie met grondslag {} van {} wordt ingetrokken, met dit bezwaar als oorzaak.",
            super::opmaak::naam("grondslag", dgr_core::bezwaar::GRONDSLAG),
            super::opmaak::datum(ingangsdatum)
        ),
        Uitkomst::Ongegrond | Uitkomst::NietOntvankelijk => {
            "Het besluit blijft staan; het register verandert niet.".to_string()
        }
    };
    let mut samenvatting = vec![
        ("Bezwaar", b.id.to_string()),
        ("BSN", b.bsn.cijfers()),
        ("Besluit van", b.besluitdatum.to_string()),
        ("Ingediend op", b.ingediend_op.to_string()),
        ("Uitkomst", uitkomst_woorden(uitkomst)),
    ];
    if !motivering.is_empty() {
        samenvatting.push(("Motivering", motivering.to_string()));
    }
    bevestiging::vraag(
        s,
        Bevestiging {
            soort: bevestiging::Soort::Besluit,
            titel: "Bezwaar beslissen",
            samenvatting,
            gevolg,
            actie: PAD,
            velden: vec![
                ("actie", "beslissen".into()),
                ("id", b.id.to_string()),
                ("uitkomst", f.uitkomst.clone()),
                ("ingangsdatum", f.ingangsdatum.trim().to_string()),
                ("motivering", motivering.to_string()),
            ],
            knop: "bezwaar beslissen",
            terug: PAD,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beslissing_in_woorden() {
        let d = chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap_or_default();
        assert_eq!(
            beslist_tekst(4, Uitkomst::Ongegrond, 0),
            "Op bezwaar 4 is beslist: ongegrond. Het register is niet gewijzigd."
        );
        // the grondslag's name from reference/grondslagen.csv, the date written 01-01-2017
        assert_eq!(
            beslist_tekst(5, Uitkomst::GegrondIntrekking { ingangsdatum: d }, 1),
            "Op bezwaar 5 is beslist: gegrond: registratie Participatiewet - indicatie banenafspraak van 01-01-2017 ingetrokken. Eén registratie is gewijzigd."
        );
        assert!(
            beslist_tekst(6, Uitkomst::NietOntvankelijk, 2)
                .ends_with("2 registraties zijn gewijzigd.")
        );
    }
}
