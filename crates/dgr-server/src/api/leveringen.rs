//! `POST /api/v1/leveringen` (multipart upload through the same ingest as the CLI),
//! `GET /api/v1/leveringen` and `GET /api/v1/leveringen/{id}`.

use axum::Json;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use dgr_core::{Bron, Bsn, Gemeentecode, LeveringSoort, Modus};
use dgr_register::{Aanlevering, ImportUitkomst};
use serde::Serialize;
use utoipa::ToSchema;

use crate::beleid::{Handeling, beslis};
use crate::fout::ApiFout;
use crate::identiteit::Gebruiker;
use crate::register::blokkerend;
use crate::staat::Staat;
use crate::trace::Trace;
use crate::vastleggen::{Verwerkt, leg_vast, leg_vast_blokkerend, met_trace};

/// The multipart form of an upload (for the OpenAPI document).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct LeveringUpload {
    /// The file (CSV or XLSX).
    #[schema(value_type = String, format = Binary)]
    pub bestand: Vec<u8>,
    /// UWV, GEMEENTE, INLICHTINGENBUREAU, PANTEIA, CBS, BRP, BELASTINGDIENST, WERKGEVER.
    pub bron: String,
    /// registraties, personen, polis, werkgevers, werkgeversuren, kandidaten, eenheden,
    /// personeel.
    pub soort: String,
    /// The delivery reference.
    pub kenmerk: String,
    /// strict (default) or accept-valid.
    pub modus: Option<String>,
    /// For a municipality.
    pub gemeentecode: Option<String>,
    /// For an employer's own `eenheden` or `personeel` (bron WERKGEVER): its fiscaal nummer.
    pub fiscaal_nummer: Option<String>,
}

/// A delivery as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeveringSamenvatting {
    /// Id.
    pub id: i64,
    /// Source.
    pub bron: String,
    /// Kind.
    pub soort: String,
    /// Reference.
    pub kenmerk: String,
    /// TOEGEPAST or AFGEWEZEN.
    pub status: String,
    /// When (RFC 3339).
    pub geregistreerd_op: String,
    /// Rows read.
    pub rijen_gelezen: u64,
    /// Rows applied.
    pub rijen_toegepast: u64,
    /// Rows rejected.
    pub rijen_afgewezen: u64,
    /// SHA-256 of the file.
    pub sha256: String,
}

fn samenvatting(l: &dgr_store::LeveringRecord) -> LeveringSamenvatting {
    let x = &l.levering;
    LeveringSamenvatting {
        id: l.id,
        bron: x.bron.code().into(),
        soort: x.soort.naam().into(),
        kenmerk: x.kenmerk.clone(),
        status: x.status.code().into(),
        geregistreerd_op: dgr_register::tijd::toon(x.geregistreerd_op),
        rijen_gelezen: x.rijen_gelezen,
        rijen_toegepast: x.rijen_toegepast,
        rijen_afgewezen: x.rijen_afgewezen,
        sha256: x.sha256.clone(),
    }
}

/// Largest text field of an upload form (`bron`, `soort`, `kenmerk`, `modus`, `gemeentecode`,
/// `csrf`), in bytes.
const MAX_TEKSTVELD: usize = 4 * 1024;
/// Most fields in one upload form (the form has seven).
const MAX_VELDEN: usize = 32;
/// Room for the multipart framing and the text fields on top of the file, in bytes.
const FORMULIER_RUIMTE: u64 = 256 * 1024;
/// How much of a too-large upload is still read and discarded before the 413 is sent, in bytes:
/// a client that overshoots by a little then reads the answer instead of a connection reset
/// while it is still sending. A request whose `Content-Length` exceeds the file limit by more
/// than this (and the form's room) is refused before its body is read.
const AFVOEREN: u64 = 16 * 1024 * 1024;

/// The fields of an upload form. The file is in an anonymous temporary file (in the data folder,
/// else the system's temporary folder), removed by the operating system when it is dropped.
pub struct Velden {
    /// CSRF token (web form only).
    pub csrf: Option<String>,
    bestand: Option<Bestand>,
    bron: Option<String>,
    soort: Option<String>,
    kenmerk: Option<String>,
    modus: Option<String>,
    gemeentecode: Option<String>,
    fiscaal_nummer: Option<String>,
}

/// An uploaded file, streamed to disk.
struct Bestand {
    /// The file name the client gave (at most 255 bytes), or `levering`.
    naam: String,
    /// The anonymous temporary file.
    schijf: std::fs::File,
    /// Its size in bytes.
    bytes: u64,
}

/// The text fields of an upload form as sent (for the web page, which shows them again after an
/// error); an empty field is absent.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Formulierwaarden {
    /// `bron`.
    pub bron: Option<String>,
    /// `soort`.
    pub soort: Option<String>,
    /// `kenmerk`.
    pub kenmerk: Option<String>,
    /// `modus`.
    pub modus: Option<String>,
    /// `gemeentecode`.
    pub gemeentecode: Option<String>,
    /// `fiscaal_nummer`.
    pub fiscaal_nummer: Option<String>,
}

impl Bestand {
    /// The name and the content, read back from the temporary file (blocking).
    fn lees(self) -> Result<(String, Vec<u8>), ApiFout> {
        use std::io::{Read as _, Seek as _};
        let Bestand {
            naam,
            mut schijf,
            bytes,
        } = self;
        let mut inhoud = Vec::with_capacity(usize::try_from(bytes).unwrap_or(0));
        schijf
            .rewind()
            .and_then(|()| schijf.read_to_end(&mut inhoud))
            .map_err(|e| ApiFout::Intern(format!("tijdelijk bestand voor een levering: {e}")))?;
        Ok((naam, inhoud))
    }
}

impl Velden {
    /// The text fields as sent (see [`Formulierwaarden`]).
    pub fn waarden(&self) -> Formulierwaarden {
        Formulierwaarden {
            bron: self.bron.clone(),
            soort: self.soort.clone(),
            kenmerk: self.kenmerk.clone(),
            modus: self.modus.clone(),
            gemeentecode: self.gemeentecode.clone(),
            fiscaal_nummer: self.fiscaal_nummer.clone(),
        }
    }
}

/// The answer to a delivery over the configured maximum: 413 with the limit in Dutch.
pub fn te_groot(max_bytes: u64) -> ApiFout {
    ApiFout::TeGroot(format!(
        "Het bestand is groter dan de toegestane {}.",
        crate::fout::grootte(max_bytes)
    ))
}

/// Refuses a role that can deliver nothing before its file is read: the roles that may deliver
/// (for their own source, checked by [`verwerk`] once the fields are read) are exactly those
/// that may see deliveries.
///
/// # Errors
/// [`ApiFout::Geweigerd`] (403).
pub fn mag_leveren(g: &Gebruiker) -> Result<(), ApiFout> {
    if g.rol == crate::identiteit::Rol::Werkgever {
        // an employer delivers its own units and roster; `upload` decides on the fields
        return Ok(());
    }
    beslis(g, &Handeling::LeveringenInzien)
        .map(|_| ())
        .map_err(|w| ApiFout::Geweigerd(w.0))
}

/// Refuses an upload whose declared `Content-Length` cannot fit the file limit, before its
/// body is read.
///
/// # Errors
/// [`ApiFout::TeGroot`] (413).
pub fn controleer_lengte(headers: &HeaderMap, max_bytes: u64) -> Result<(), ApiFout> {
    let lengte = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match lengte {
        Some(n) if n > max_bytes.saturating_add(FORMULIER_RUIMTE + AFVOEREN) => {
            Err(te_groot(max_bytes))
        }
        _ => Ok(()),
    }
}

fn formulierfout() -> ApiFout {
    ApiFout::parameter(
        "multipart",
        "ongeldig",
        "Het formulier (multipart/form-data) kon niet worden gelezen.",
    )
}

/// Reads an upload form (API and web page): the file is streamed chunk by chunk to a temporary
/// file and counted, never held in memory; text fields are bounded to 4 kB; an empty text field
/// counts as absent (issue #9, finding 5). No error quotes a value or an unknown field name.
///
/// # Errors
/// [`ApiFout::TeGroot`] (413) when the file exceeds `Grenzen::max_levering_bytes`;
/// [`ApiFout::Ongeldig`] for a malformed form, an unknown or too long field;
/// [`ApiFout::Intern`] when the temporary file cannot be written.
pub async fn lees_form(mut m: Multipart, staat: &Staat) -> Result<Velden, ApiFout> {
    let max_bytes = staat.instellingen.grenzen.max_levering_bytes;
    let mut v = Velden {
        csrf: None,
        bestand: None,
        bron: None,
        soort: None,
        kenmerk: None,
        modus: None,
        gemeentecode: None,
        fiscaal_nummer: None,
    };
    let mut velden = 0;
    while let Some(mut veld) = m.next_field().await.map_err(|_| formulierfout())? {
        velden += 1;
        if velden > MAX_VELDEN {
            return Err(ApiFout::parameter(
                "multipart",
                "te_veel",
                "Het formulier heeft te veel velden.",
            ));
        }
        let naam = veld.name().unwrap_or_default().to_string();
        if naam == "bestand" {
            let bestandsnaam = begrens(veld.file_name().unwrap_or("levering"), 255);
            let map = staat.instellingen.data_map.clone();
            match naar_schijf(&mut veld, map, max_bytes).await? {
                Some((schijf, bytes)) => {
                    v.bestand = Some(Bestand {
                        naam: bestandsnaam,
                        schijf,
                        bytes,
                    });
                }
                None => {
                    // the rest of this field, then of the form, up to AFVOEREN bytes
                    let mut weg: u64 = 0;
                    while let Ok(Some(stuk)) = veld.chunk().await {
                        weg += stuk.len() as u64;
                        if weg > AFVOEREN {
                            return Err(te_groot(max_bytes));
                        }
                    }
                    drop(veld);
                    afvoeren(&mut m, AFVOEREN - weg).await;
                    return Err(te_groot(max_bytes));
                }
            }
            continue;
        }
        let doel = match naam.as_str() {
            "bron" => &mut v.bron,
            "soort" => &mut v.soort,
            "kenmerk" => &mut v.kenmerk,
            "modus" => &mut v.modus,
            "gemeentecode" => &mut v.gemeentecode,
            "fiscaal_nummer" => &mut v.fiscaal_nummer,
            "csrf" => &mut v.csrf,
            _ => {
                return Err(ApiFout::parameter(
                    "multipart",
                    "onbekend",
                    "Onbekend veld; het formulier kent bestand, bron, soort, kenmerk, modus, gemeentecode en fiscaal_nummer.",
                ));
            }
        };
        let mut tekst = Vec::new();
        while let Some(stuk) = veld.chunk().await.map_err(|_| formulierfout())? {
            if tekst.len() + stuk.len() > MAX_TEKSTVELD {
                return Err(ApiFout::parameter(
                    &naam,
                    "te_lang",
                    "Dit veld is langer dan 4 kB.",
                ));
            }
            tekst.extend_from_slice(&stuk);
        }
        let tekst = String::from_utf8(tekst).map_err(|_| {
            ApiFout::parameter(&naam, "ongeldig", "Dit veld is geen geldige UTF-8-tekst.")
        })?;
        *doel = (!tekst.trim().is_empty()).then_some(tekst);
    }
    Ok(v)
}

/// `tekst` cut to at most `max` bytes on a character boundary.
fn begrens(tekst: &str, max: usize) -> String {
    let mut einde = tekst.len().min(max);
    while !tekst.is_char_boundary(einde) {
        einde -= 1;
    }
    tekst[..einde].to_string()
}

/// Streams a field to an anonymous temporary file (written on the blocking pool, at most 16
/// chunks in flight), counting its bytes; `None` as soon as it exceeds `max_bytes` (the partial
/// file is dropped).
async fn naar_schijf(
    veld: &mut axum::extract::multipart::Field<'_>,
    map: std::path::PathBuf,
    max_bytes: u64,
) -> Result<Option<(std::fs::File, u64)>, ApiFout> {
    use std::io::Write as _;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<axum::body::Bytes>(16);
    let schrijver = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        // the data folder, not /tmp: that is often a RAM disk, which a 1 GB upload would fill
        let mut schijf = tempfile::tempfile_in(&map).or_else(|_| tempfile::tempfile())?;
        {
            let mut w = std::io::BufWriter::with_capacity(1024 * 1024, &mut schijf);
            while let Some(stuk) = rx.blocking_recv() {
                w.write_all(&stuk)?;
            }
            w.flush()?;
        }
        Ok(schijf)
    });
    let mut bytes: u64 = 0;
    let mut te_groot = false;
    let mut gelezen = Ok(());
    loop {
        match veld.chunk().await {
            Ok(Some(stuk)) => {
                bytes += stuk.len() as u64;
                if bytes > max_bytes {
                    te_groot = true;
                    break;
                }
                if tx.send(stuk).await.is_err() {
                    // the writer stopped: its error is reported below
                    break;
                }
            }
            Ok(None) => break,
            Err(_) => {
                gelezen = Err(formulierfout());
                break;
            }
        }
    }
    drop(tx);
    let schijf = schrijver
        .await
        .map_err(|e| ApiFout::Intern(e.to_string()))?
        .map_err(|e| ApiFout::Intern(format!("tijdelijk bestand voor een levering: {e}")));
    gelezen?;
    if te_groot {
        return Ok(None);
    }
    Ok(Some((schijf?, bytes)))
}

/// Reads and discards a refused upload, at most [`AFVOEREN`] bytes, so that the client, still
/// sending, reads the refusal instead of a reset connection.
pub async fn lees_weg(m: &mut Multipart) {
    afvoeren(m, AFVOEREN).await;
}

/// Reads and discards the remaining fields of a refused upload, at most `budget` bytes.
async fn afvoeren(m: &mut Multipart, budget: u64) {
    let mut weg: u64 = 0;
    while let Ok(Some(mut veld)) = m.next_field().await {
        while let Ok(Some(stuk)) = veld.chunk().await {
            weg += stuk.len() as u64;
            if weg > budget {
                return;
            }
        }
    }
}

/// A required text field, parsed; the reason of a refusal is our own text (`fout`), never
/// the value sent.
fn verplicht<T>(
    naam: &str,
    v: Option<String>,
    fout: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, ApiFout> {
    let t = v.ok_or_else(|| ApiFout::parameter(naam, "verplicht", "ontbreekt"))?;
    parse(&t).map_err(|_| ApiFout::parameter(naam, "ongeldig", fout))
}

/// Upload a delivery.
#[utoipa::path(
    post,
    path = "/api/v1/leveringen",
    tag = "leveringen",
    request_body(content = LeveringUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Toegepast (of al eerder toegepast)", body = serde_json::Value),
        (status = 400, description = "Ongeldig verzoek", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 413, description = "Bestand groter dan de ingestelde grens (standaard 1.024 MB)", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 422, description = "Afgewezen, met de rijfouten", body = serde_json::Value, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn upload(
    State(staat): State<Staat>,
    g: Gebruiker,
    headers: HeaderMap,
    ConnectInfo(adres): ConnectInfo<std::net::SocketAddr>,
    mut form: Multipart,
) -> Result<Response, ApiFout> {
    let trace = Trace::uit_headers(&headers);
    if let Err(e) = mag_leveren(&g) {
        lees_weg(&mut form).await;
        return Err(e);
    }
    controleer_lengte(&headers, staat.instellingen.grenzen.max_levering_bytes)?;
    let v = lees_form(form, &staat).await?;
    let uitkomst = verwerk(&staat, &g, &trace, adres, v).await?;
    metrics::counter!("dgr_leveringen_totaal", "status" => uitkomst.rapport().status).increment(1);
    let rapport =
        serde_json::to_value(uitkomst.rapport()).map_err(|e| ApiFout::Intern(e.to_string()))?;
    let antwoord = match uitkomst {
        ImportUitkomst::Afgewezen(..) => {
            let mut p = serde_json::json!({
                "type": "https://doelgroepregister.invalid/problemen/422",
                "title": "Levering afgewezen",
                "status": 422,
                "detail": rapport["reden"].clone(),
                "instance": "/api/v1/leveringen",
            });
            p["rapport"] = rapport;
            return Err(ApiFout::Onverwerkbaar(p));
        }
        _ => (StatusCode::CREATED, Json(rapport)).into_response(),
    };
    Ok(met_trace(antwoord, &trace))
}

/// All deliveries (metadata and counts, no personal data).
#[utoipa::path(
    get,
    path = "/api/v1/leveringen",
    tag = "leveringen",
    responses(
        (status = 200, description = "Leveringen", body = [LeveringSamenvatting]),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn lijst(State(staat): State<Staat>, g: Gebruiker) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::LeveringenInzien).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let eigen_bron = (g.rol == crate::identiteit::Rol::Bron)
        .then_some(g.bron)
        .flatten();
    let lijst = blokkerend(&staat, move |r| {
        Ok(r.store()
            .leveringen()?
            .iter()
            .filter(|l| eigen_bron.is_none_or(|b| l.levering.bron == b))
            .map(samenvatting)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(lijst).into_response())
}

/// One delivery with its report (row errors carry masked BSNs only).
#[utoipa::path(
    get,
    path = "/api/v1/leveringen/{id}",
    tag = "leveringen",
    params(("id" = i64, Path, description = "Leveringsid")),
    responses(
        (status = 200, description = "De levering en haar rapport", body = serde_json::Value),
        (status = 401, description = "Niet geauthenticeerd", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 403, description = "Geen toegang", body = crate::fout::Probleem, content_type = "application/problem+json"),
        (status = 404, description = "Niet gevonden", body = crate::fout::Probleem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
pub async fn levering(
    State(staat): State<Staat>,
    g: Gebruiker,
    Path(id): Path<i64>,
) -> Result<Response, ApiFout> {
    beslis(&g, &Handeling::LeveringenInzien).map_err(|w| ApiFout::Geweigerd(w.0))?;
    let eigen_bron = (g.rol == crate::identiteit::Rol::Bron)
        .then_some(g.bron)
        .flatten();
    let l = blokkerend(&staat, move |r| Ok(r.store().levering(id)?)).await?;
    let l = l
        .filter(|l| eigen_bron.is_none_or(|b| l.levering.bron == b))
        .ok_or(ApiFout::NietGevonden)?;
    let rapport: serde_json::Value = serde_json::from_str(&l.levering.rapport).unwrap_or_default();
    Ok(Json(serde_json::json!({ "levering": samenvatting(&l), "rapport": rapport, "heeft_afwijzingsbestand": l.levering.afwijzingsbestand.is_some() })).into_response())
}

/// Applies an uploaded delivery (API and web): policy, the same import as the CLI, and one
/// processing record per person in an applied delivery.
///
/// # Errors
/// [`ApiFout`] for invalid fields, a refusal, or when the log cannot be written.
pub async fn verwerk(
    staat: &Staat,
    g: &Gebruiker,
    trace: &Trace,
    adres: std::net::SocketAddr,
    v: Velden,
) -> Result<ImportUitkomst, ApiFout> {
    let start = staat.klok().nu();
    let bron: Bron = verplicht(
        "bron",
        v.bron,
        "onbekende bron; kies uit UWV, GEMEENTE, INLICHTINGENBUREAU, PANTEIA, CBS, BRP, BELASTINGDIENST",
        str::parse,
    )?;
    let soort: LeveringSoort = verplicht(
        "soort",
        v.soort,
        "onbekende soort; kies uit registraties, personen, polis, werkgevers, werkgeversuren, kandidaten, eenheden, personeel",
        str::parse,
    )?;
    let kenmerk = verplicht("kenmerk", v.kenmerk, "", |t| Ok(t.to_string()))?;
    let modus: Modus = v
        .modus
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|_: String| {
            ApiFout::parameter(
                "modus",
                "ongeldig",
                "onbekende modus; kies strict of accept-valid",
            )
        })?
        .unwrap_or_default();
    let gemeente = v
        .gemeentecode
        .as_deref()
        .map(Gemeentecode::parse)
        .transpose()
        .map_err(|e| ApiFout::parameter("gemeentecode", "ongeldig", e.to_string()))?;
    let bestand = v
        .bestand
        .ok_or_else(|| ApiFout::parameter("bestand", "verplicht", "ontbreekt"))?;
    let fiscaal_nummer = v
        .fiscaal_nummer
        .as_deref()
        .map(dgr_core::FiscaalNummer::parse)
        .transpose()
        .map_err(|e| ApiFout::parameter("fiscaal_nummer", "ongeldig", e.to_string()))?;
    beslis(
        g,
        &Handeling::Leveren {
            bron,
            gemeente,
            fiscaal_nummer,
        },
    )
    .map_err(|w| ApiFout::Geweigerd(w.0))?;
    let register = staat.register.clone();
    let (staat_log, g_log, trace_log) = (staat.clone(), g.clone(), trace.clone());
    let uitkomst = tokio::task::spawn_blocking(move || {
        let (bestandsnaam, inhoud) = bestand.lees()?;
        let mut r = register
            .lock()
            .map_err(|_| ApiFout::Intern("register vergrendeld".into()))?;
        let a = Aanlevering {
            soort,
            bron,
            kenmerk,
            gemeentecode: gemeente,
            fiscaal_nummer,
            modus,
            geregistreerd_op: None,
            bestandsnaam,
            inhoud: &inhoud,
        };
        // The processing records of the delivery's data subjects are written durably inside
        // the delivery's transaction, before its commit, with the BSNs of the rows the import
        // applied: a delivery is never applied without them (API.md; issue #9). A kill between
        // the log's commit and the register's leaves the record of an attempted processing.
        let mut leg_vast_voor_commit = |_levering: i64, bsns: &[Bsn]| {
            leg_vast_blokkerend(
                &staat_log,
                Verwerkt {
                    gebruiker: &g_log,
                    trace: &trace_log,
                    activiteit: "DGR-LEVERING",
                    naam: "levering_verwerken",
                    bsns: bsns.to_vec(),
                    opvragingen: 0,
                    buiten_eigen_polis: 0,
                    doel: None,
                    start,
                    client: Some(adres),
                },
            )
        };
        match r.importeer_met(&a, &mut |_, _| {}, &mut leg_vast_voor_commit) {
            Ok(u) => Ok(u),
            Err(dgr_register::RegisterFout::Aanlevering(m)) => {
                Err(ApiFout::parameter("levering", "ongeldig", m))
            }
            Err(dgr_register::RegisterFout::Logboek(m)) => {
                Err(ApiFout::Intern(format!("verwerkingenlogboek: {m}")))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
    .map_err(|e| ApiFout::Intern(e.to_string()))??;
    if !matches!(uitkomst, ImportUitkomst::Toegepast(..)) {
        // nothing applied: the audit entry of the attempt, without data subjects
        leg_vast(
            staat,
            Verwerkt {
                gebruiker: g,
                trace,
                activiteit: "DGR-LEVERING",
                naam: "levering_verwerken",
                bsns: Vec::new(),
                opvragingen: 0,
                buiten_eigen_polis: 0,
                doel: None,
                start,
                client: Some(adres),
            },
        )
        .await?;
    }
    Ok(uitkomst)
}
