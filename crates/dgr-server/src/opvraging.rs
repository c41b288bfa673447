//! The one counting point of every answer that reveals whether a person is registered (API.md
//! "Misuse"; issue #9 finding 7): the R-06 lookup, the employer's advantages (R-35/R-36, which
//! say "no" for anyone outside the register) and the employer's overview of its own employees,
//! on the API and on the pages alike, and the staff's Inkijk.
//!
//! [`tel_en_lees`] is called after the policy allowed the request, with the read of the answer,
//! which it runs in the same read transaction as the count's own question
//! ([`tel_eigen_werknemers`] for the employee overview, which asks none). Before anything is
//! read it refuses a werkgever whose organisation reached its daily limit (`limiet_per_dag`, per
//! organisation per day of the register's clock; 429), counts the lookup, and returns the
//! [`Telling`] its audit record must carry: `bsn_opvragingen` for the limit after a restart, and
//! `buiten_eigen_polis` for the fishing signal (`dgr signalen`, `GET /signalen`), with the
//! employer's [`Opvraagdoel`] (Wfsv art. 38d lid 7) where it gave one.

use chrono::NaiveDate;
use dgr_core::Bsn;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::fout::ApiFout;
use crate::identiteit::{Gebruiker, Rol};
use crate::register::{blokkerend, kort_lezen};
use crate::staat::Staat;

/// The purpose of an employer's lookup of one person (Wfsv art. 38d lid 7): its own employee, an
/// applicant, or someone who works under its supervision or is hired in. It decides the
/// processing activity of the log record (so the citizen sees why) and is kept in the audit
/// entry: many `sollicitant` lookups of people who never worked for the employer is the pattern
/// the fishing signal flags (issue #14). The API defaults to `werknemer` (the only purpose before
/// the purpose was asked); the check page asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Opvraagdoel {
    /// An employee of the employer.
    #[default]
    Werknemer,
    /// An applicant.
    Sollicitant,
    /// Someone who works under the employer's supervision or is hired in (inleen).
    Inlener,
}

impl Opvraagdoel {
    /// Every purpose, in the order the check page offers them.
    pub const ALLE: [Opvraagdoel; 3] = [
        Opvraagdoel::Werknemer,
        Opvraagdoel::Sollicitant,
        Opvraagdoel::Inlener,
    ];

    /// The code in the API, the form and the audit entry.
    pub fn code(self) -> &'static str {
        match self {
            Opvraagdoel::Werknemer => "werknemer",
            Opvraagdoel::Sollicitant => "sollicitant",
            Opvraagdoel::Inlener => "inlener",
        }
    }

    /// The purpose from its code.
    pub fn parse(code: &str) -> Option<Opvraagdoel> {
        Opvraagdoel::ALLE.into_iter().find(|d| d.code() == code)
    }

    /// The processing activity of the lookup (`config/verwerkingsactiviteiten.csv`).
    pub fn activiteit(self) -> &'static str {
        match self {
            Opvraagdoel::Werknemer => "DGR-ZOEK-WERKNEMER",
            Opvraagdoel::Sollicitant => "DGR-ZOEK-SOLLICITANT",
            Opvraagdoel::Inlener => "DGR-ZOEK-INLENER",
        }
    }

    /// The choice as the check page words it.
    pub fn omschrijving(self) -> &'static str {
        match self {
            Opvraagdoel::Werknemer => "Iemand die bij ons in dienst is",
            Opvraagdoel::Sollicitant => "Iemand die bij ons solliciteert",
            Opvraagdoel::Inlener => "Iemand die onder ons toezicht werkt of die wij inlenen",
        }
    }
}

/// The counted lookup, for the audit record of the request. Only [`tel_en_lees`] or
/// [`tel_eigen_werknemers`] makes one that counts; requests that reveal no registration use
/// [`Telling::geen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Telling {
    opvragingen: u32,
    buiten_eigen_polis: u32,
    doel: Option<Opvraagdoel>,
}

impl Telling {
    /// No lookup (a request that reveals no one's registration).
    pub fn geen() -> Telling {
        Telling::default()
    }

    /// BSN lookups (the audit's `bsn_opvragingen`).
    pub fn opvragingen(&self) -> u32 {
        self.opvragingen
    }

    /// Of which for a BSN absent from the organisation's own polis data (the audit's
    /// `buiten_eigen_polis`; werkgevers only).
    pub fn buiten_eigen_polis(&self) -> u32 {
        self.buiten_eigen_polis
    }

    /// The purpose an employer gave (the audit's `doel`), if any.
    pub fn doel(&self) -> Option<Opvraagdoel> {
        self.doel
    }

    /// The same lookup with the employer's purpose: kept only for a werkgever's counted lookup
    /// (other roles ask under their own legal task).
    pub fn met_doel(self, g: &Gebruiker, doel: Opvraagdoel) -> Telling {
        Telling {
            doel: (g.rol == Rol::Werkgever && self.opvragingen > 0).then_some(doel),
            ..self
        }
    }
}

/// Counts a lookup of one person and then, in one read transaction on one reader, works out
/// whether a werkgever asks about someone outside its own polis data (no polis row under any
/// of its fiscaal nummers, ever; the fishing signal) and runs `lees`, which reads what the
/// answer needs: both see one state of the register, and the request takes one reader turn
/// (issue #13; before, for a werkgever the pages and the advantages read the polis question
/// and the answer one after the other, the answer on the blocking pool). `lees` must be bounded
/// by one person's data, as [`kort_lezen`] asks.
///
/// Only werkgevers are limited (API.md: per organisation, default 1,000 a day), and the limit
/// is checked before anything of the person is read; every role's lookups are counted in the
/// audit. The day is the register clock's (Europe/Amsterdam); after a restart the day's count
/// is read back from the audit records.
///
/// # Errors
/// [`ApiFout::TeVeel`] with the seconds until midnight when the limit is reached (the refusal is
/// logged without personal data); `lees`'s error; [`ApiFout::Intern`] when the store cannot be
/// read.
pub async fn tel_en_lees<T: Send + 'static>(
    staat: &Staat,
    g: &Gebruiker,
    bsn: Bsn,
    lees: impl FnOnce(&dgr_register::Register) -> Result<T, ApiFout> + Send + 'static,
) -> Result<(Telling, T), ApiFout> {
    let geteld = tel_vooraf(staat, g, Some(bsn)).await?;
    kort_lezen(staat, move |r| {
        r.leestransactie(|r| {
            let telling = geteld.met_eigen_polis(r.store())?;
            Ok((telling, lees(r)?))
        })
    })
    .await
}

/// Counts a werkgever's overview of its own employees (polis rows of its own
/// loonheffingennummers) as one lookup against the daily limit, as [`tel_en_lees`] does; it is
/// never outside its own polis data, so nothing is read for the fishing signal.
///
/// # Errors
/// [`ApiFout::TeVeel`] when the limit is reached; [`ApiFout::Intern`] when the day's count
/// cannot be read back after a restart.
pub async fn tel_eigen_werknemers(staat: &Staat, g: &Gebruiker) -> Result<Telling, ApiFout> {
    Ok(tel_vooraf(staat, g, None).await?.telling)
}

/// A lookup counted against the limit whose `buiten_eigen_polis` is still to be read:
/// [`Geteld::met_eigen_polis`] reads it and gives the [`Telling`] for the audit record.
#[derive(Debug)]
#[must_use = "the audit record needs the Telling that met_eigen_polis gives"]
struct Geteld {
    telling: Telling,
    /// The person and the werkgever's own fiscaal nummers, when a werkgever asks about one
    /// person; else nothing is to be read.
    polis: Option<(Bsn, Vec<dgr_core::FiscaalNummer>)>,
}

impl Geteld {
    /// The lookup's [`Telling`], with whether a werkgever asked about someone outside its own
    /// polis data (no polis row under any of its fiscaal nummers, ever), read from `store`:
    /// stops at the first own fiscaal nummer with a polis row for the person. [`tel_en_lees`]
    /// calls this in the same read transaction as the answer (issue #13).
    ///
    /// # Errors
    /// [`dgr_store::StoreFout`] when the store cannot be read.
    pub fn met_eigen_polis(
        self,
        store: &dyn dgr_store::Store,
    ) -> Result<Telling, dgr_store::StoreFout> {
        let Some((bsn, eigen)) = self.polis else {
            return Ok(self.telling);
        };
        let mut bij_eigen = false;
        for f in eigen {
            if store.heeft_polis_bij(bsn, f)? {
                bij_eigen = true;
                break;
            }
        }
        Ok(Telling {
            buiten_eigen_polis: u32::from(!bij_eigen),
            ..self.telling
        })
    }
}

/// The count of [`tel_en_lees`] and [`tel_eigen_werknemers`]: refuses a werkgever at its daily
/// limit and counts the lookup (reading the day's count back after a start), all before
/// anything of the person (`persoon`, if one is asked about) is read; [`tel_en_lees`] then
/// completes it with [`Geteld::met_eigen_polis`] in its read. A lookup whose read then fails
/// has counted against the limit without an audit record: it errs towards refusing sooner, and
/// the day's count read back after a restart (from the audit records) leaves it out.
///
/// # Errors
/// As [`tel_eigen_werknemers`].
async fn tel_vooraf(staat: &Staat, g: &Gebruiker, persoon: Option<Bsn>) -> Result<Geteld, ApiFout> {
    let klok = staat.klok();
    let vandaag = klok.vandaag();
    let begrensd = g.rol == Rol::Werkgever;
    let sleutel = (g.organisatie_sleutel(), vandaag);
    let onbekend = begrensd && !tellers(staat)?.contains_key(&sleutel);
    // after a start one request per organisation at a time reads its day's count back; the
    // requests that waited find it known (issue #13: 32 requests each counting a busy
    // organisation's 4.6 million audit records stalled the first seconds after a start)
    let _herstel = if onbekend {
        Some(herstel_slot(staat, &sleutel.0)?.lock_owned().await)
    } else {
        None
    };
    let onbekend = onbekend && !tellers(staat)?.contains_key(&sleutel);
    let eerder = match (onbekend, begin_van(vandaag)) {
        (true, Some(middernacht)) => {
            let organisatie = sleutel.0.clone();
            // after a restart: the day's count from the durable audit records (a busy
            // organisation's day can be millions of them: not a read for an async worker)
            Some(
                blokkerend(staat, move |r| {
                    Ok(r.store().opvragingen_sinds(&organisatie, middernacht)?)
                })
                .await?,
            )
        }
        _ => None,
    };
    let telling = tel_mee(staat, g, sleutel, eerder)?;
    let polis = persoon
        .filter(|_| begrensd)
        .map(|bsn| (bsn, g.fiscale_nummers()));
    Ok(Geteld { telling, polis })
}

/// Counts the lookup against the limit (werkgevers), with the day's earlier count after a
/// restart; `buiten_eigen_polis` is left 0 for [`Geteld::met_eigen_polis`].
fn tel_mee(
    staat: &Staat,
    g: &Gebruiker,
    sleutel: (String, NaiveDate),
    eerder: Option<u64>,
) -> Result<Telling, ApiFout> {
    let klok = staat.klok();
    let vandaag = sleutel.1;
    if g.rol == Rol::Werkgever {
        let mut tellers = tellers(staat)?;
        if let Some(n) = eerder
            && !tellers.contains_key(&sleutel)
        {
            tellers.retain(|(_, d), _| *d == vandaag);
            tellers.insert(sleutel.clone(), n);
        }
        let n = tellers.entry(sleutel).or_insert(0);
        if *n >= staat.instellingen.limiet_per_dag {
            metrics::counter!("dgr_opvragingen_geweigerd_limiet_totaal").increment(1);
            if let Some(spoor) = &g.spoor {
                spoor.leg_vast(Some(g), "opvraging", "daglimiet bereikt");
            }
            let tot = vandaag
                .succ_opt()
                .and_then(begin_van)
                .map_or(3600, |t| (t - klok.nu()).num_seconds().max(1));
            return Err(ApiFout::TeVeel(u64::try_from(tot).unwrap_or(3600)));
        }
        *n += 1;
    }
    metrics::counter!("dgr_opvragingen_totaal", "rol" => g.rol.naam()).increment(1);
    Ok(Telling {
        opvragingen: 1,
        buiten_eigen_polis: 0,
        doel: None,
    })
}

/// The lock under which an organisation's count of the day is read back after a start (one
/// per organisation, so that a long count of one does not hold up another).
fn herstel_slot(
    staat: &Staat,
    organisatie: &str,
) -> Result<std::sync::Arc<tokio::sync::Mutex<()>>, ApiFout> {
    let mut sloten = staat
        .herstel_telling
        .lock()
        .map_err(|_| ApiFout::Intern("teller vergrendeld".into()))?;
    Ok(sloten.entry(organisatie.to_string()).or_default().clone())
}

/// Lookups per (organisation, day), as kept in [`Staat::opvragingen`].
type Tellers = std::collections::HashMap<(String, NaiveDate), u64>;

/// The per-organisation counters of today.
fn tellers(staat: &Staat) -> Result<std::sync::MutexGuard<'_, Tellers>, ApiFout> {
    staat
        .opvragingen
        .lock()
        .map_err(|_| ApiFout::Intern("teller vergrendeld".into()))
}

/// Midnight at the start of `dag` in Europe/Amsterdam.
fn begin_van(dag: NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    dgr_register::tijd::parse_tijdstip(&dag.to_string()).ok()
}
