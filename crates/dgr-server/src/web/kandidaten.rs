//! Kandidatenverkenner for employers and the WSP's view of contact requests.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use dgr_core::datum::parse_datum;
use dgr_core::gegevens::OPLEIDINGSNIVEAUS;
use dgr_core::kandidaten::{Zoekvraag, beschikbaar_maand, uren_band};
use dgr_core::{Bsn, Gemeentecode};
use dgr_register::kandidaten::Gevonden;
use dgr_register::tijd::toon;
use dgr_store::contactverzoeken::MAX_TOELICHTING;
use minijinja::{Value, context};
use serde::Deserialize;

use super::bevestiging::{self, Bevestiging};
use super::catalogus;
use super::gemeen::{Raadpleging, leg_raadpleging_vast, melding, pagina};
use super::geschiedenis::{self, Filter, Gefilterd};
use crate::register::blokkerend;
use crate::sessie::{Sessie, willekeurig};
use crate::staat::Staat;

/// The search form (query string).
#[derive(Debug, Deserialize, Default)]
pub struct Zoekform {
    #[serde(default)]
    opleidingsniveau: String,
    #[serde(default)]
    uren_min: String,
    #[serde(default)]
    uren_max: String,
    #[serde(default)]
    vanuit: String,
    #[serde(default)]
    interesse: String,
    #[serde(default)]
    regio: String,
    #[serde(default)]
    beschikbaar: String,
    #[serde(default)]
    gezocht: Option<String>,
    /// Order of the results ([`Volgorde`]); soonest available first when empty.
    #[serde(default)]
    volgorde: String,
    /// Page of the results, from 1.
    #[serde(default)]
    pagina: String,
}

/// The orders the results can be shown in: the employer's choice among useful ones, never by
/// BSN or anything that would let the order reveal more than the row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Volgorde {
    /// Soonest available first, then level and hours.
    Beschikbaar,
    /// Nearest to the employer's location first (unknown distance last).
    Afstand,
    /// Most hours per week first.
    Uren,
}

impl Volgorde {
    /// Each order with its query value and its words in the form and the table caption.
    const ALLE: [(Volgorde, &'static str, &'static str); 3] = [
        (
            Volgorde::Beschikbaar,
            "beschikbaar",
            "vroegst beschikbaar bovenaan",
        ),
        (Volgorde::Afstand, "afstand", "dichtstbij bovenaan"),
        (Volgorde::Uren, "uren", "meeste uren bovenaan"),
    ];

    /// The order asked for in the query string; anything else is the default.
    fn lees(tekst: &str) -> Volgorde {
        Self::ALLE
            .iter()
            .find(|(_, waarde, _)| *waarde == tekst.trim())
            .map_or(Volgorde::Beschikbaar, |(v, _, _)| *v)
    }

    /// Its words ("dichtstbij bovenaan").
    fn tekst(self) -> &'static str {
        Self::ALLE
            .iter()
            .find(|(v, _, _)| *v == self)
            .map_or("", |(_, _, t)| t)
    }

    /// Puts the results in this order; ties by availability, level and hours, so that the
    /// order is the same on every page.
    fn sorteer(self, passend: &mut [Gevonden]) {
        /// The default order, and every other order's tie-break.
        fn basis(a: &Gevonden, b: &Gevonden) -> std::cmp::Ordering {
            fn sleutel(g: &Gevonden) -> (chrono::NaiveDate, &str, u8) {
                (
                    g.profiel.beschikbaar_vanaf,
                    &g.profiel.opleidingsniveau,
                    g.profiel.uren_per_week,
                )
            }
            sleutel(a).cmp(&sleutel(b))
        }
        match self {
            Volgorde::Beschikbaar => passend.sort_by(basis),
            Volgorde::Uren => passend.sort_by(|a, b| {
                b.profiel
                    .uren_per_week
                    .cmp(&a.profiel.uren_per_week)
                    .then_with(|| basis(a, b))
            }),
            // a known distance before an unknown one, then the nearest
            Volgorde::Afstand => passend.sort_by(|a, b| {
                match (a.afstand_km, b.afstand_km) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| basis(a, b))
            }),
        }
    }
}

impl Zoekform {
    /// Whether any search criterion is filled in.
    fn heeft_criterium(&self) -> bool {
        [
            &self.opleidingsniveau,
            &self.uren_min,
            &self.uren_max,
            &self.vanuit,
            &self.interesse,
            &self.regio,
            &self.beschikbaar,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
    }

    /// The query string of this search on page `pagina` (the page links).
    fn query(&self, pagina: usize) -> String {
        super::bladeren::vraagtekst(
            &[
                ("gezocht", "1"),
                ("opleidingsniveau", &self.opleidingsniveau),
                ("uren_min", &self.uren_min),
                ("uren_max", &self.uren_max),
                ("vanuit", &self.vanuit),
                ("interesse", &self.interesse),
                ("regio", &self.regio),
                ("beschikbaar", &self.beschikbaar),
                ("volgorde", &self.volgorde),
            ],
            pagina,
        )
    }
}

/// Hours per week a search may ask for (the form's min and max).
const UREN: std::ops::RangeInclusive<u8> = 1..=40;

/// Profiles per page of the results.
const PROFIELEN_PER_PAGINA: usize = 25;

/// A search's field errors: (field, Dutch message), shown next to the field.
type Veldfouten = Vec<(&'static str, String)>;

/// Reads hours per week: empty is no bound; else a whole number within [`UREN`].
fn lees_uren(veld: &'static str, tekst: &str, fouten: &mut Veldfouten) -> Option<u8> {
    let t = tekst.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) if (i64::from(*UREN.start())..=i64::from(*UREN.end())).contains(&n) => {
            u8::try_from(n).ok()
        }
        Ok(_) => {
            fouten.push((
                veld,
                format!(
                    "Vul een aantal uren per week tussen {} en {} in.",
                    UREN.start(),
                    UREN.end()
                ),
            ));
            None
        }
        Err(_) => {
            fouten.push((veld, "Vul een heel aantal uren in, bijvoorbeeld 24.".into()));
            None
        }
    }
}

/// Finds the employer's municipality: a gemeentecode (`0935`, `GM0935`) or a name
/// (`Maastricht`, any case). A postcode or an unknown place is an error, never ignored.
fn lees_vestiging(
    tekst: &str,
    gemeenten: &[(Gemeentecode, String)],
) -> Result<Option<Gemeentecode>, String> {
    let t = tekst.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let cijfers = t
        .strip_prefix("GM")
        .or_else(|| t.strip_prefix("gm"))
        .unwrap_or(t);
    let postcode = {
        let zonder: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
        zonder.len() == 6
            && zonder[..4].iter().all(char::is_ascii_digit)
            && zonder[4..].iter().all(char::is_ascii_alphabetic)
    };
    if postcode {
        return Err(format!(
            "Een postcode ({t}) kunnen we niet gebruiken: vul de gemeente van uw vestiging in, bijvoorbeeld Maastricht."
        ));
    }
    if cijfers.chars().all(|c| c.is_ascii_digit()) {
        return match Gemeentecode::parse(cijfers) {
            Ok(code) if gemeenten.iter().any(|(c, _)| *c == code) => Ok(Some(code)),
            _ => Err(format!(
                "Er is geen gemeente met code {t}. Vul de naam van de gemeente in (bijvoorbeeld Maastricht) of een gemeentecode van vier cijfers."
            )),
        };
    }
    gemeenten
        .iter()
        .find(|(_, naam)| naam.eq_ignore_ascii_case(t) || naam.to_lowercase() == t.to_lowercase())
        .map(|(c, _)| Some(*c))
        .ok_or_else(|| {
            format!(
                "De gemeente '{t}' kennen we niet. Kies een gemeente uit de lijst of vul de gemeentecode in."
            )
        })
}

/// Checks the form and makes the search; the errors per field when anything is wrong.
fn lees_zoekvraag(
    f: &Zoekform,
    gemeenten: &[(Gemeentecode, String)],
) -> Result<Zoekvraag, Veldfouten> {
    let mut fouten = Veldfouten::new();
    let min = lees_uren("uren_min", &f.uren_min, &mut fouten);
    let max = lees_uren("uren_max", &f.uren_max, &mut fouten);
    if let (Some(a), Some(b)) = (min, max)
        && b < a
    {
        fouten.push((
            "uren_max",
            format!("'Tot en met' ({b}) is kleiner dan 'vanaf' ({a})."),
        ));
    }
    let vanuit = lees_vestiging(&f.vanuit, gemeenten).unwrap_or_else(|e| {
        fouten.push(("vanuit", e));
        None
    });
    let beschikbaar = if f.beschikbaar.trim().is_empty() {
        None
    } else {
        parse_datum(&f.beschikbaar)
            .map_err(|e| fouten.push(("beschikbaar", format!("Ongeldige datum: {e}"))))
            .ok()
    };
    if !fouten.is_empty() {
        return Err(fouten);
    }
    Ok(Zoekvraag {
        opleidingsniveaus: if f.opleidingsniveau.is_empty() {
            Vec::new()
        } else {
            vec![f.opleidingsniveau.clone()]
        },
        uren: match (min, max) {
            (None, None) => None,
            (a, b) => Some((a.unwrap_or(*UREN.start()), b.unwrap_or(*UREN.end()))),
        },
        werkgever_gemeente: vanuit,
        beschikbaar_op: beschikbaar,
        interesse: (!f.interesse.trim().is_empty()).then(|| f.interesse.trim().to_string()),
        arbeidsmarktregio: (!f.regio.is_empty()).then(|| f.regio.clone()),
    })
}

/// What the search page shows besides the results: the k-anonymity and disclosure thresholds
/// (R-41, R-40, from the reference data), the arbeidsmarktregio's (code, name), the
/// municipalities (code, name) and the employer's own contact requests. Read on a reader, never
/// on the writer a delivery holds.
struct Kader {
    k: usize,
    drempel: usize,
    regios: Vec<(String, String)>,
    gemeenten: Vec<(Gemeentecode, String)>,
    verzoeken: Vec<dgr_store::contactverzoeken::Contactverzoek>,
}

async fn kader(staat: &Staat, s: &Sessie) -> Option<Kader> {
    let werkgever = s.gebruiker.organisatie_sleutel();
    blokkerend(staat, move |r| {
        Ok(Kader {
            k: r.k_anonimiteit()?,
            drempel: r.onthullingsdrempel()?,
            regios: r
                .referentie()
                .arbeidsmarktregios()
                .iter()
                .map(|x| (x.code.clone(), x.naam.clone()))
                .collect(),
            gemeenten: r
                .referentie()
                .gemeenten()
                .iter()
                .map(|g| (g.code, g.naam.clone()))
                .collect(),
            verzoeken: r.store().contactverzoeken_van_werkgever(&werkgever)?,
        })
    })
    .await
    .ok()
}

fn verzoeken_tonen(verzoeken: &[dgr_store::contactverzoeken::Contactverzoek]) -> Vec<Value> {
    verzoeken
        .iter()
        .map(|v| {
            let contact = match v.status.as_str() {
                // only after the candidate agreed the employer learns that contact was made, and with whom
                "AKKOORD" => format!("contact gelegd door {}", v.behandelaar.clone().unwrap_or_else(|| "het WSP".into())),
                "AFGEWEZEN" => "geen contact".into(),
                _ => "in behandeling bij het WSP".into(),
            };
            context! { tijd => toon(v.tijd), regio => v.arbeidsmarktregio.clone(), status => v.status.clone(), contact => contact, profiel => v.profiel.clone(), bericht => v.toelichting.clone() }
        })
        .collect()
}

/// The anonymous summary of a profile as the employer sees it (R-41: no name, age, place or
/// grondslag): level, hours band, availability month, interests, region, in names rather than
/// codes (it is stored with the request and read by the employer and the WSP).
fn profielsamenvatting(p: &dgr_core::gegevens::Kandidaat, regio: &str) -> String {
    let mut delen = vec![
        super::opmaak::naam("opleidingsniveau", &p.opleidingsniveau),
        format!("{} uur per week", uren_band(p.uren_per_week)),
        format!(
            "beschikbaar vanaf {}",
            super::opmaak::maand(&beschikbaar_maand(p.beschikbaar_vanaf))
        ),
    ];
    if !p.interesses.is_empty() {
        delen.push(format!("interesses: {}", p.interesses.join(", ")));
    }
    if !regio.is_empty() {
        delen.push(format!("regio {}", super::opmaak::regio(regio)));
    }
    delen.join(" · ")
}

/// The search page and results.
pub async fn zoeken(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(f): Query<Zoekform>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::KANDIDATEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(kader) = kader(&staat, &s).await else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De Kandidatenverkenner kon niet worden geladen (drempels of contactverzoeken).",
            Some(&s),
        );
    };
    let (k, drempel) = (kader.k, kader.drempel);
    let regios: Vec<Value> = kader
        .regios
        .iter()
        .map(|(code, naam)| context! { code => code, naam => naam })
        .collect();
    let gemeentenamen: Vec<&str> = kader.gemeenten.iter().map(|(_, n)| n.as_str()).collect();
    let volgorde = Volgorde::lees(&f.volgorde);
    let basis = context! {
        k => k,
        niveaus => OPLEIDINGSNIVEAUS,
        regios => regios,
        gemeenten => gemeentenamen,
        uren_min_grens => *UREN.start(),
        uren_max_grens => *UREN.end(),
        volgordes => Volgorde::ALLE.iter().map(|(v, waarde, tekst)| context! { waarde => waarde, tekst => tekst, gekozen => *v == volgorde }).collect::<Vec<_>>(),
        vraag => context! { opleidingsniveau => f.opleidingsniveau.clone(), uren_min => f.uren_min.clone(), uren_max => f.uren_max.clone(), vanuit => f.vanuit.clone(), interesse => f.interesse.clone(), regio => f.regio.clone(), beschikbaar => f.beschikbaar.clone() },
        verzoeken => verzoeken_tonen(&kader.verzoeken),
    };
    let pagina_tonen = |extra: Value, status: StatusCode| {
        let mut r = pagina(
            "kandidaten.html",
            "Kandidatenverkenner",
            Some(&s),
            "/werkgever/kandidaten",
            context! { ..extra, ..basis.clone() },
        );
        *r.status_mut() = status;
        r
    };
    if f.gezocht.is_none() && !f.heeft_criterium() {
        return pagina_tonen(context! {}, StatusCode::OK);
    }
    if !f.heeft_criterium() {
        return pagina_tonen(context! { leeg => true }, StatusCode::BAD_REQUEST);
    }
    let vraag = match lees_zoekvraag(&f, &kader.gemeenten) {
        Ok(v) => v,
        Err(fouten) => {
            let per_veld: BTreeMap<&str, String> = fouten.iter().cloned().collect();
            return pagina_tonen(
                context! { fouten => per_veld, eerste_fout => fouten.first().map(|(v, _)| *v) },
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let resultaat = blokkerend(&staat, move |r| Ok(r.zoek_kandidaten(&vraag)?)).await;
    let Ok(mut passend) = resultaat else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Er ging iets mis.",
            Some(&s),
        );
    };
    if passend.len() < k {
        staat.sessies.zet_kandidaten(&headers, HashMap::new());
        return pagina_tonen(
            context! { gezocht => true, te_weinig => true },
            StatusCode::OK,
        );
    }
    volgorde.sorteer(&mut passend);
    let mut niveaus: BTreeMap<String, usize> = BTreeMap::new();
    for g in &passend {
        *niveaus
            .entry(g.profiel.opleidingsniveau.clone())
            .or_default() += 1;
    }
    let paging = super::bladeren::Pagina::van(
        passend.len(),
        super::bladeren::paginanummer(&f.pagina),
        PROFIELEN_PER_PAGINA,
    );
    // an opaque id per profile shown, new for every search, not derivable from the BSN
    let mut ids: HashMap<String, Bsn> = HashMap::new();
    let mut profielen = Vec::new();
    for g in paging.rijen(&passend) {
        let p = &g.profiel;
        let id = willekeurig()[..12].to_string();
        ids.insert(id.clone(), p.bsn);
        profielen.push(context! {
            id => id,
            niveau => p.opleidingsniveau.clone(),
            uren => uren_band(p.uren_per_week),
            afstand => g.afstand.clone(),
            beschikbaar => beschikbaar_maand(p.beschikbaar_vanaf),
            interesses => p.interesses.join(", "),
            regio => g.arbeidsmarktregio.clone(),
        });
    }
    // R-40 on the aggregate picture
    let overzicht: Vec<Value> = niveaus
        .into_iter()
        .map(|(niveau, n)| context! { niveau => niveau, aantal => if n < drempel { format!("<{drempel}") } else { n.to_string() } })
        .collect();
    let bsns: Vec<Bsn> = passend.iter().map(|g| g.profiel.bsn).collect();
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-KANDIDATEN",
            naam: "web_kandidaten_zoeken",
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
    staat.sessies.zet_kandidaten(&headers, ids);
    let vorige = (paging.nummer > 1).then(|| f.query(paging.nummer - 1));
    let volgende = (paging.nummer < paging.aantal).then(|| f.query(paging.nummer + 1));
    pagina_tonen(
        context! { gezocht => true, te_weinig => false, aantal => passend.len(), overzicht => overzicht, profielen => profielen, paging => paging, vorige => vorige, volgende => volgende, max_bericht => MAX_TOELICHTING, volgorde_tekst => volgorde.tekst() },
        StatusCode::OK,
    )
}

/// A contact request form.
#[derive(Debug, Deserialize)]
pub struct ContactForm {
    csrf: String,
    profiel: String,
    /// The employer's optional message to the WSP.
    #[serde(default)]
    bericht: String,
}

/// Sends a contact request for a profile of the last search to the WSP of the candidate's region.
pub async fn contact(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<ContactForm>,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::KANDIDATEN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(bsn) = s.kandidaten.get(&f.profiel).copied() else {
        return melding(
            StatusCode::BAD_REQUEST,
            "Onbekend profiel",
            "Dit profiel hoort niet bij uw laatste zoekvraag; zoek opnieuw.",
            Some(&s),
        );
    };
    let bericht = f.bericht.trim().to_string();
    if bericht.chars().count() > MAX_TOELICHTING {
        return melding(
            StatusCode::BAD_REQUEST,
            "Bericht te lang",
            &format!(
                "Uw bericht aan het WerkgeversServicePunt is {} tekens; het mag hoogstens {MAX_TOELICHTING} tekens zijn. Ga terug en maak het korter.",
                bericht.chars().count()
            ),
            Some(&s),
        );
    }
    let werkgever = s.gebruiker.organisatie_sleutel();
    let naam = s.gebruiker.organisatie.clone();
    let gelukt = blokkerend(&staat, move |r| {
        // the summary the employer saw: the profile as it is now, anonymous
        let samenvatting = r.store().kandidaatprofiel(bsn)?.map(|p| {
            let regio = r
                .referentie()
                .gemeente(p.woongemeente)
                .map(|g| g.arbeidsmarktregio.clone())
                .unwrap_or_default();
            profielsamenvatting(&p, &regio)
        });
        Ok(r.vraag_contact(
            bsn,
            &werkgever,
            naam.as_deref(),
            (!bericht.is_empty()).then_some(bericht.as_str()),
            samenvatting.as_deref(),
        )?)
    })
    .await;
    let Ok(regio) = gelukt else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Het verzoek kon niet worden vastgelegd.",
            Some(&s),
        );
    };
    if let Err(fout) = leg_raadpleging_vast(
        &staat,
        &s,
        &headers,
        Raadpleging {
            activiteit: "DGR-KANDIDATEN",
            naam: "web_contactverzoek",
            bsns: vec![bsn],
            telling: crate::opvraging::Telling::geen(),
            start,
            adres,
        },
    )
    .await
    {
        return fout;
    }
    melding(
        StatusCode::OK,
        "Contactverzoek verstuurd",
        &format!(
            "Uw verzoek is doorgestuurd naar het WerkgeversServicePunt van regio {regio}. U ziet in de Kandidatenverkenner wanneer er contact is gelegd."
        ),
        Some(&s),
    )
}

/// The address of the WSP's page.
const WSP_PAD: &str = "/wsp";

/// The address of the employer's list of its contact requests.
const WERKGEVER_PAD: &str = "/werkgever/contactverzoeken";

/// The decisions of a contact request (stored status, shown name).
const BESLUITEN: &[(&str, &str)] = &[
    ("AKKOORD", "Kandidaat stemt in"),
    ("AFGEWEZEN", "Kandidaat weigert"),
];

/// The decision of a contact request as shown.
fn besluit_tekst(status: &str) -> &'static str {
    BESLUITEN
        .iter()
        .find(|(s, _)| *s == status)
        .map_or("In behandeling", |(_, t)| t)
}

/// The decided requests of `alle` that pass the filter, newest decision first.
fn afgehandeld(
    alle: Vec<dgr_store::contactverzoeken::Contactverzoek>,
    filter: &Gefilterd,
) -> Vec<dgr_store::contactverzoeken::Contactverzoek> {
    let mut besloten: Vec<_> = alle
        .into_iter()
        .filter(|v| v.status != "OPEN")
        .filter(|v| {
            geschiedenis::past(
                &filter.vraag,
                &v.status,
                v.behandeld_op.map(dgr_register::tijd::datum_van),
            )
        })
        .collect();
    besloten.sort_by_key(|v| std::cmp::Reverse((v.behandeld_op, v.id)));
    besloten
}

/// The WSP's open requests, with the candidate's identity, and the decided ones.
pub async fn wsp(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Query(filter): Query<Filter>,
) -> Response {
    let filter = filter.lees(BESLUITEN);
    wsp_pagina(&staat, &headers, adres, &filter, WspUitkomst::default()).await
}

/// What the WSP's page shows besides the lists: an error at the top, or next to the reason
/// field of one request with the value typed.
#[derive(Default)]
struct WspUitkomst {
    fout: Option<String>,
    veldfout: Option<(i64, String)>,
    reden: Option<(i64, String)>,
}

async fn wsp_pagina(
    staat: &Staat,
    headers: &HeaderMap,
    adres: SocketAddr,
    filter: &Gefilterd,
    uitkomst: WspUitkomst,
) -> Response {
    let start = staat.klok().nu();
    let s = match super::toegang::sessie_voor_pagina(staat, headers, &catalogus::CONTACTVERZOEKEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(regio) = s.gebruiker.arbeidsmarktregio.clone() else {
        return melding(
            StatusCode::FORBIDDEN,
            "Geen regio",
            "Uw inlog noemt geen arbeidsmarktregio.",
            Some(&s),
        );
    };
    let r2 = regio.clone();
    let gelezen = blokkerend(staat, move |r| {
        let mut besloten = r.store().contactverzoeken_van_regio(&r2, "AKKOORD")?;
        besloten.extend(r.store().contactverzoeken_van_regio(&r2, "AFGEWEZEN")?);
        Ok((r.store().contactverzoeken_van_regio(&r2, "OPEN")?, besloten))
    })
    .await;
    let Ok((lijst, besloten)) = gelezen else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "De contactverzoeken konden niet worden gelezen.",
            Some(&s),
        );
    };
    let besloten = afgehandeld(besloten, filter);
    let totaal = besloten.len() as u64;
    let pagina_rijen = geschiedenis::bladzijde(&besloten, &filter.vraag);
    let rij_met_fout = uitkomst
        .veldfout
        .as_ref()
        .and_then(|(id, _)| lijst.iter().position(|v| v.id == *id));
    let blad = filter.open_blad(lijst.len(), rij_met_fout);
    let lijst = blad.rijen(&lijst);
    let bsns: Vec<Bsn> = lijst.iter().chain(&pagina_rijen).map(|v| v.bsn).collect();
    if !bsns.is_empty()
        && let Err(fout) = leg_raadpleging_vast(
            staat,
            &s,
            headers,
            Raadpleging {
                activiteit: "DGR-KANDIDATEN",
                naam: "web_wsp_verzoeken",
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
    let werkgever = |v: &dgr_store::contactverzoeken::Contactverzoek| {
        v.werkgever_naam
            .clone()
            .unwrap_or_else(|| v.werkgever.clone())
    };
    let verzoeken: Vec<Value> = lijst
        .iter()
        .map(|v| {
            let veldfout = uitkomst.veldfout.as_ref().filter(|(id, _)| *id == v.id).map(|(_, t)| t.clone());
            let reden = uitkomst.reden.as_ref().filter(|(id, _)| *id == v.id).map(|(_, t)| t.clone());
            context! { id => v.id, tijd => toon(v.tijd), werkgever => werkgever(v), bsn => v.bsn.cijfers(), toelichting => v.toelichting.clone(), bericht => v.toelichting.clone(), profiel => v.profiel.clone(), veldfout => veldfout, reden => reden }
        })
        .collect();
    let besloten: Vec<Value> = pagina_rijen
        .iter()
        .map(|v| context! { id => v.id, tijd => toon(v.tijd), werkgever => werkgever(v), bsn => v.bsn.cijfers(), besluit => besluit_tekst(&v.status), behandeld_op => v.behandeld_op.map(toon), behandelaar => v.behandelaar.clone(), reden => v.reden.clone() })
        .collect();
    let ongeldig = uitkomst.veldfout.is_some();
    let mut r = pagina(
        "wsp.html",
        "Contactverzoeken",
        Some(&s),
        WSP_PAD,
        context! { regio => regio, verzoeken => verzoeken, veldfout_id => uitkomst.veldfout.as_ref().map(|(id, _)| *id), fout => uitkomst.fout, afgehandeld => besloten, o => filter.open_weergave(WSP_PAD, &blad), h => filter.weergave(WSP_PAD, BESLUITEN, totaal) },
    );
    if ongeldig {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// The WSP's decision form.
#[derive(Debug, Deserialize)]
pub struct BesluitForm {
    csrf: String,
    id: i64,
    besluit: String,
    #[serde(default)]
    reden: String,
    #[serde(default)]
    bevestigd: Option<String>,
}

/// Records whether the candidate agreed, in two steps; a refusal needs the candidate's reason.
pub async fn besluit(
    State(staat): State<Staat>,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<SocketAddr>,
    Form(f): Form<BesluitForm>,
) -> Response {
    let s = match super::toegang::sessie_voor_formulier_van(
        &staat,
        &headers,
        &catalogus::CONTACTVERZOEKEN,
        &f.csrf,
    ) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Some(regio) = s.gebruiker.arbeidsmarktregio.clone() else {
        return melding(
            StatusCode::FORBIDDEN,
            "Geen regio",
            "Uw inlog noemt geen arbeidsmarktregio.",
            Some(&s),
        );
    };
    let filter = Filter::default().lees(BESLUITEN);
    let id = f.id;
    let akkoord = match f.besluit.as_str() {
        "akkoord" => true,
        "afgewezen" => false,
        _ => {
            let fout = WspUitkomst {
                fout: Some("Onbekend besluit.".into()),
                ..WspUitkomst::default()
            };
            return wsp_pagina(&staat, &headers, adres, &filter, fout).await;
        }
    };
    let reden = f.reden.trim().to_string();
    if !akkoord && reden.is_empty() {
        let fout = WspUitkomst {
            veldfout: Some((id, "Geef de reden waarom de kandidaat weigert.".into())),
            ..WspUitkomst::default()
        };
        return wsp_pagina(&staat, &headers, adres, &filter, fout).await;
    }
    let r2 = regio.clone();
    let open = blokkerend(&staat, move |r| {
        Ok(r.store().contactverzoeken_van_regio(&r2, "OPEN")?)
    })
    .await
    .ok()
    .and_then(|l| l.into_iter().find(|v| v.id == id));
    let Some(v) = open else {
        let fout = WspUitkomst {
            fout: Some(format!("Verzoek {id} is niet (meer) open in uw regio.")),
            ..WspUitkomst::default()
        };
        return wsp_pagina(&staat, &headers, adres, &filter, fout).await;
    };
    if !bevestiging::is_bevestigd(f.bevestigd.as_deref()) {
        if let Err(fout) = leg_raadpleging_vast(
            &staat,
            &s,
            &headers,
            Raadpleging {
                activiteit: "DGR-KANDIDATEN",
                naam: "web_wsp_besluit_bevestigen",
                bsns: vec![v.bsn],
                telling: crate::opvraging::Telling::geen(),
                start: staat.klok().nu(),
                adres,
            },
        )
        .await
        {
            return fout;
        }
        let werkgever = v
            .werkgever_naam
            .clone()
            .unwrap_or_else(|| v.werkgever.clone());
        let mut samenvatting = vec![
            ("Verzoek", id.to_string()),
            ("Werkgever", werkgever.clone()),
            ("Kandidaat (BSN)", v.bsn.cijfers()),
            (
                "Besluit",
                besluit_tekst(if akkoord { "AKKOORD" } else { "AFGEWEZEN" }).to_string(),
            ),
        ];
        if !akkoord {
            samenvatting.push(("Reden", reden.clone()));
        }
        return bevestiging::vraag(
            &s,
            Bevestiging {
                soort: bevestiging::Soort::Besluit,
                titel: if akkoord {
                    "Kandidaat stemt in"
                } else {
                    "Kandidaat weigert"
                },
                samenvatting,
                gevolg: if akkoord {
                    format!("{werkgever} ziet daarna dat er contact is gelegd, en door wie.")
                } else {
                    format!(
                        "{werkgever} ziet daarna dat er geen contact komt; de reden ziet alleen het WSP."
                    )
                },
                actie: "/wsp/besluit",
                velden: vec![
                    ("id", id.to_string()),
                    ("besluit", f.besluit.clone()),
                    ("reden", reden.clone()),
                ],
                knop: if akkoord {
                    "kandidaat stemt in"
                } else {
                    "kandidaat weigert"
                },
                terug: WSP_PAD,
            },
        );
    }
    let wie = s
        .gebruiker
        .organisatie
        .clone()
        .unwrap_or_else(|| format!("WSP {regio}"));
    let uitkomst = blokkerend(&staat, move |r| {
        Ok(r.beslis_contactverzoek(
            id,
            &regio,
            akkoord,
            (!akkoord).then_some(reden.as_str()),
            &wie,
        )?)
    })
    .await;
    match uitkomst {
        Ok(Some(_)) => bevestiging::gedaan(
            &staat,
            &headers,
            WSP_PAD,
            format!(
                "Verzoek {id} vastgelegd: kandidaat {}.",
                if akkoord { "stemt in" } else { "weigert" }
            ),
        ),
        _ => {
            let fout = WspUitkomst {
                fout: Some(format!("Verzoek {id} is niet (meer) open in uw regio.")),
                ..WspUitkomst::default()
            };
            wsp_pagina(&staat, &headers, adres, &filter, fout).await
        }
    }
}

/// The employer's contact requests: those in progress, and the decided ones filtered by
/// decision and period, paged. No personal data: the employer never learns the candidate.
pub async fn werkgever_verzoeken(
    State(staat): State<Staat>,
    headers: HeaderMap,
    Query(filter): Query<Filter>,
) -> Response {
    let s = match super::toegang::sessie_voor_pagina(&staat, &headers, &catalogus::KANDIDATEN) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let filter = filter.lees(BESLUITEN);
    let werkgever = s.gebruiker.organisatie_sleutel();
    let Ok(alle) = blokkerend(&staat, move |r| {
        Ok(r.store().contactverzoeken_van_werkgever(&werkgever)?)
    })
    .await
    else {
        return melding(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            "Uw contactverzoeken konden niet worden gelezen.",
            Some(&s),
        );
    };
    let lopend: Vec<_> = alle
        .iter()
        .filter(|v| v.status == "OPEN")
        .cloned()
        .collect();
    let blad = filter.open_blad(lopend.len(), None);
    let lopend = blad.rijen(&lopend);
    let besloten = afgehandeld(alle, &filter);
    let totaal = besloten.len() as u64;
    let pagina_rijen = geschiedenis::bladzijde(&besloten, &filter.vraag);
    pagina(
        "contactverzoeken.html",
        "Mijn contactverzoeken",
        Some(&s),
        catalogus::KANDIDATEN.href,
        context! {
            lopend => verzoeken_tonen(lopend),
            o => filter.open_weergave(WERKGEVER_PAD, &blad),
            afgehandeld => pagina_rijen.iter().map(|v| context! {
                tijd => toon(v.tijd), regio => v.arbeidsmarktregio.clone(),
                besluit => besluit_tekst(&v.status), behandeld_op => v.behandeld_op.map(toon),
                contact => verzoeken_tonen(std::slice::from_ref(v)).pop(),
            }).collect::<Vec<_>>(),
            h => filter.weergave(WERKGEVER_PAD, BESLUITEN, totaal),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gemeenten() -> Vec<(Gemeentecode, String)> {
        ["0935 Maastricht", "0363 Amsterdam", "0344 Utrecht"]
            .iter()
            .filter_map(|x| {
                let (c, n) = x.split_once(' ')?;
                Some((Gemeentecode::parse(c).ok()?, n.to_string()))
            })
            .collect()
    }

    #[test]
    fn vestiging_als_naam_of_code_en_nooit_stil_genegeerd() {
        let g = gemeenten();
        let maastricht = Gemeentecode::parse("0935").ok();
        assert_eq!(lees_vestiging("Maastricht", &g), Ok(maastricht));
        assert_eq!(lees_vestiging("  maastricht ", &g), Ok(maastricht));
        assert_eq!(lees_vestiging("0935", &g), Ok(maastricht));
        assert_eq!(lees_vestiging("GM0935", &g), Ok(maastricht));
        assert_eq!(lees_vestiging("", &g), Ok(None));
        // the finding's two examples that were silently ignored, and a postcode
        assert!(
            lees_vestiging("9999", &g).is_err_and(|e| e.contains("geen gemeente met code 9999"))
        );
        assert!(lees_vestiging("Maastrich", &g).is_err_and(|e| e.contains("kennen we niet")));
        assert!(lees_vestiging("6211 AB", &g).is_err_and(|e| e.contains("postcode")));
        // six characters of more than one byte each do not trip the postcode check
        assert!(lees_vestiging("ééé", &g).is_err());
    }

    #[test]
    fn uren_tussen_1_en_40() {
        let mut f = Veldfouten::new();
        assert_eq!(lees_uren("uren_min", "24", &mut f), Some(24));
        assert_eq!(lees_uren("uren_min", " 1 ", &mut f), Some(1));
        assert_eq!(lees_uren("uren_max", "40", &mut f), Some(40));
        assert_eq!(lees_uren("uren_min", "", &mut f), None);
        assert!(f.is_empty());
        for fout in ["0", "41", "-5", "tien", "2.5"] {
            let mut f = Veldfouten::new();
            assert_eq!(lees_uren("uren_min", fout, &mut f), None, "{fout}");
            assert_eq!(f.len(), 1, "{fout}");
        }
    }

    #[test]
    fn zoekvraag_met_alle_fouten_tegelijk() {
        let f = Zoekform {
            uren_min: "30".into(),
            uren_max: "10".into(),
            vanuit: "9999".into(),
            beschikbaar: "morgen".into(),
            ..Zoekform::default()
        };
        let fouten = lees_zoekvraag(&f, &gemeenten()).err().unwrap_or_default();
        let velden: Vec<&str> = fouten.iter().map(|(v, _)| *v).collect();
        assert_eq!(velden, vec!["uren_max", "vanuit", "beschikbaar"]);
        // a good question: hours 20..=32 from Maastricht
        let f = Zoekform {
            uren_min: "20".into(),
            uren_max: "32".into(),
            vanuit: "Maastricht".into(),
            ..Zoekform::default()
        };
        let v = lees_zoekvraag(&f, &gemeenten()).unwrap_or_default();
        assert_eq!(v.uren, Some((20, 32)));
        assert_eq!(v.werkgever_gemeente, Gemeentecode::parse("0935").ok());
        assert!(f.heeft_criterium() && !Zoekform::default().heeft_criterium());
        assert_eq!(
            f.query(2),
            "gezocht=1&uren_min=20&uren_max=32&vanuit=Maastricht&pagina=2"
        );
    }

    #[test]
    fn samenvatting_zonder_naam_leeftijd_of_woonplaats() {
        let p = dgr_core::gegevens::Kandidaat {
            bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
            opleidingsniveau: "MBO2_4".into(),
            uren_per_week: 24,
            max_reisafstand_km: 30,
            beschikbaar_vanaf: chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap_or_default(),
            interesses: vec!["zorg".into(), "groen".into()],
            woongemeente: Gemeentecode::parse("0935").unwrap_or_else(|_| unreachable!()),
            herkenbaar: true,
        };
        assert_eq!(
            profielsamenvatting(&p, "AM30"),
            // names from reference/arbeidsmarktregios.csv (AM30) and the level list, not codes
            "mbo niveau 2 tot en met 4 · 21-24 uur per week · beschikbaar vanaf oktober 2026 · interesses: zorg, groen · regio Zuid-Limburg"
        );
    }

    fn gevonden(uren: u8, dag: u32, km: Option<f64>) -> Gevonden {
        Gevonden {
            profiel: dgr_core::gegevens::Kandidaat {
                bsn: Bsn::parse("111222333").unwrap_or_else(|_| unreachable!()),
                opleidingsniveau: "MBO1".into(),
                uren_per_week: uren,
                max_reisafstand_km: 30,
                beschikbaar_vanaf: chrono::NaiveDate::from_ymd_opt(2026, 10, dag)
                    .unwrap_or_default(),
                interesses: vec![],
                woongemeente: Gemeentecode::parse("0935").unwrap_or_else(|_| unreachable!()),
                herkenbaar: true,
            },
            afstand: String::new(),
            afstand_km: km,
            arbeidsmarktregio: String::new(),
        }
    }

    #[test]
    fn volgorde_van_de_profielen() {
        // a: 16 h, 1 Oct, 12 km; b: 32 h, 3 Oct, distance unknown; c: 24 h, 2 Oct, 4.5 km
        let lijst = vec![
            gevonden(16, 1, Some(12.0)),
            gevonden(32, 3, None),
            gevonden(24, 2, Some(4.5)),
        ];
        let uren = |v: Volgorde| {
            let mut l = lijst.clone();
            v.sorteer(&mut l);
            l.iter()
                .map(|g| g.profiel.uren_per_week)
                .collect::<Vec<_>>()
        };
        // soonest available: 1, 2, 3 Oct -> a, c, b
        assert_eq!(uren(Volgorde::Beschikbaar), vec![16, 24, 32]);
        // nearest: 4.5 km, 12 km, then the unknown distance last -> c, a, b
        assert_eq!(uren(Volgorde::Afstand), vec![24, 16, 32]);
        // most hours: 32, 24, 16
        assert_eq!(uren(Volgorde::Uren), vec![32, 24, 16]);
        // the query value chooses; anything else is the default
        assert_eq!(Volgorde::lees("afstand"), Volgorde::Afstand);
        assert_eq!(Volgorde::lees("bsn"), Volgorde::Beschikbaar);
        assert_eq!(Volgorde::Afstand.tekst(), "dichtstbij bovenaan");
    }
}
