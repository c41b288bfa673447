//! Authentication: a bearer JWT verified against the trusted keys (`iss`, `aud`, `exp`, `nbf`;
//! RS256, PS256, ES256 or EdDSA), turned into a [`Gebruiker`] ([`verifieer`], and the axum
//! extractor that every API handler takes). Failures are counted and logged without personal
//! data.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dgr_core::lhn::FiscaalNummer;
use dgr_core::{Bron, Bsn, Gemeentecode, Loonheffingennummer};
use dgr_register::tijd::Klok;
use jsonwebtoken::{Validation, decode, decode_header};
use serde::{Deserialize, Serialize};

use crate::fout::ApiFout;
use crate::identiteit::{Gebruiker, Rol};
use crate::sleutels::{TOEGESTANE_ALGORITMEN, Vertrouwd};
use crate::staat::Staat;

/// The claims of API.md.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Claims {
    /// Subject.
    pub sub: String,
    /// Role.
    pub rol: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// Not before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    /// burger: own BSN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bsn: Option<String>,
    /// werkgever: fiscaal nummer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscaal_nummer: Option<String>,
    /// werkgever: own lhn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loonheffingennummers: Vec<String>,
    /// gemeente, or bron of a gemeente.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gemeentecode: Option<String>,
    /// bron: which source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bron: Option<String>,
    /// wsp: region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arbeidsmarktregio: Option<String>,
    /// Display name of the organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisatie: Option<String>,
    /// werkgever: limits a unit contact person to these unit codes of the werkgeversmonitor
    /// and the units below them; absent for the whole organisation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eenheden: Vec<String>,
}

impl Gebruiker {
    /// Builds a caller from verified claims (the development login uses it directly).
    ///
    /// # Errors
    /// A reason when a claim is invalid.
    pub fn uit_claims(c: Claims) -> Result<Gebruiker, String> {
        let rol = Rol::parse(&c.rol).ok_or("onbekende rol in token")?;
        let bsn = c
            .bsn
            .as_deref()
            .map(Bsn::parse)
            .transpose()
            .map_err(|_| "ongeldig bsn-claim")?;
        if rol == Rol::Burger && bsn.is_none() {
            return Err("een burgertoken heeft een bsn-claim nodig".into());
        }
        let fiscaal_nummer = c
            .fiscaal_nummer
            .as_deref()
            .map(FiscaalNummer::parse)
            .transpose()
            .map_err(|_| "ongeldig fiscaal_nummer-claim")?;
        let loonheffingennummers = c
            .loonheffingennummers
            .iter()
            .map(|l| Loonheffingennummer::parse(l))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| "ongeldig loonheffingennummers-claim")?;
        let gemeentecode = c
            .gemeentecode
            .as_deref()
            .map(Gemeentecode::parse)
            .transpose()
            .map_err(|_| "ongeldig gemeentecode-claim")?;
        let bron = c
            .bron
            .as_deref()
            .map(str::parse::<Bron>)
            .transpose()
            .map_err(|_| "ongeldig bron-claim")?;
        let eenheden: Vec<String> = c
            .eenheden
            .iter()
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
            .collect();
        if eenheden
            .iter()
            .any(|e| e.len() > 64 || e.chars().any(char::is_control))
        {
            return Err("ongeldig eenheden-claim".into());
        }
        Ok(Gebruiker {
            sub: c.sub,
            rol,
            bsn,
            fiscaal_nummer,
            loonheffingennummers,
            gemeentecode,
            bron,
            organisatie: c.organisatie,
            arbeidsmarktregio: c.arbeidsmarktregio,
            eenheden,
            verloopt: c.exp,
            spoor: None,
        })
    }
}

/// Verifies a token against the trusted keys for `audience`.
///
/// # Errors
/// A reason (Dutch, no personal data).
pub fn verifieer(token: &str, sleutels: &[Vertrouwd], audience: &str) -> Result<Gebruiker, String> {
    let header = decode_header(token).map_err(|_| "ongeldig token")?;
    if !TOEGESTANE_ALGORITMEN.contains(&header.alg) {
        return Err("algoritme niet toegestaan".into());
    }
    let kandidaten = sleutels.iter().filter(|s| {
        s.algoritme == header.alg
            && (header.kid.is_none() || s.kid.is_none() || s.kid == header.kid)
    });
    let mut laatste = String::from("geen passende sleutel");
    for s in kandidaten {
        let mut v = Validation::new(s.algoritme);
        v.set_issuer(&[&s.issuer]);
        v.set_audience(&[audience]);
        v.validate_nbf = true;
        v.leeway = 30;
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        match decode::<Claims>(token, &s.sleutel, &v) {
            Ok(data) => return Gebruiker::uit_claims(data.claims),
            Err(e) => laatste = format!("token ongeldig: {:?}", e.kind()),
        }
    }
    Err(laatste)
}

impl FromRequestParts<Staat> for Gebruiker {
    type Rejection = ApiFout;

    async fn from_request_parts(parts: &mut Parts, staat: &Staat) -> Result<Self, Self::Rejection> {
        let spoor = staat.weigeringsspoor(
            &parts.headers,
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        );
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        let Some(token) = token else {
            metrics::counter!("dgr_authenticatie_mislukt_totaal", "reden" => "geen_token")
                .increment(1);
            spoor.leg_vast(None, "authenticatie", "geen bearer-token");
            return Err(ApiFout::NietGeauthenticeerd(
                "een bearer-token is nodig".into(),
            ));
        };
        // token expiry is technical, on the real clock (as the signature check's own)
        let nu = u64::try_from(Klok::echt().nu().timestamp()).unwrap_or(0);
        // verified tokens are remembered until they expire: signature checks are the costliest
        // part of a lookup
        if let Ok(cache) = staat.tokens.lock()
            && let Some(g) = cache.get(token).filter(|g| g.verloopt > nu)
        {
            let mut g = g.clone();
            g.spoor = Some(Arc::new(spoor));
            return Ok(g);
        }
        let mut g = verifieer(
            token,
            &staat.sleutels.read().map(|k| k.clone()).unwrap_or_default(),
            &staat.instellingen.audience,
        )
        .map_err(|reden| {
            metrics::counter!("dgr_authenticatie_mislukt_totaal", "reden" => "ongeldig")
                .increment(1);
            tracing::warn!(reden = %reden, "authenticatie mislukt");
            // the reason may quote the token's claims: the record names the kind only
            spoor.leg_vast(None, "authenticatie", "token ongeldig");
            ApiFout::NietGeauthenticeerd(reden)
        })?;
        if let Ok(mut cache) = staat.tokens.lock() {
            if cache.len() >= 10_000 {
                cache.retain(|_, x| x.verloopt > nu);
            }
            if cache.len() < 10_000 {
                cache.insert(token.to_string(), g.clone());
            }
        }
        g.spoor = Some(Arc::new(spoor));
        Ok(g)
    }
}
