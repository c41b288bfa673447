//! `registraties` rows (FORMATS.md) → [`RegistratieMutatie`].

use chrono::NaiveDate;
use dgr_core::Bsn;
use dgr_core::registratie::{Einde, MutatieSoort, RegistratieMutatie};

use super::RijLezer;
use crate::BestandFout;
use crate::kolommen::{Kolom, optioneel, verplicht};

/// The columns of a `registraties` delivery.
pub(super) const KOLOMMEN: &[Kolom] = &[
    verplicht("bsn"),
    verplicht("grondslag"),
    verplicht("mutatie"),
    verplicht("ingangsdatum"),
    optioneel("einddatum"),
    optioneel("reden_einde"),
    optioneel("nieuwe_ingangsdatum"),
    optioneel("nieuwe_einddatum"),
    optioneel("loonwaarde_pct"),
    optioneel("besluitdatum"),
    optioneel("bron_kenmerk"),
];

/// Key inside one delivery: (bsn, grondslag, ingangsdatum, mutatie).
pub(super) fn sleutel(m: &RegistratieMutatie) -> (Bsn, String, NaiveDate, u8) {
    let soort = match m.soort {
        MutatieSoort::Opvoer { .. } => 0,
        MutatieSoort::Einde(_) => 1,
        MutatieSoort::Correctie { .. } => 2,
        MutatieSoort::Intrekking => 3,
    };
    (m.bsn, m.grondslag.clone(), m.ingangsdatum, soort)
}

pub(super) fn lees_rij(l: &mut RijLezer<'_, '_>) -> Option<RegistratieMutatie> {
    let bsn = l.verplicht("bsn", |c| c.bsn());
    let grondslag = l.verplicht("grondslag", |c| Ok(c.tekst().to_ascii_uppercase()));
    let grondslag = grondslag.and_then(|g| controleer_grondslag(l, g));
    let mutatie = l.verplicht("mutatie", |c| Ok(c.tekst().to_ascii_uppercase()));
    let ingangsdatum = l.verplicht("ingangsdatum", |c| c.datum());
    let einddatum = l.optioneel("einddatum", |c| c.datum());
    let reden = l.optioneel("reden_einde", |c| Ok(c.tekst().to_ascii_uppercase()));
    let reden = reden.and_then(|r| controleer_reden(l, r));
    let nieuwe_ingang = l.optioneel("nieuwe_ingangsdatum", |c| c.datum());
    let nieuwe_eind = l.optioneel("nieuwe_einddatum", |c| c.datum());
    let loonwaarde = l.optioneel("loonwaarde_pct", |c| c.honderdsten());
    let besluitdatum = l.optioneel("besluitdatum", |c| c.datum());
    let bron_kenmerk = l.optioneel("bron_kenmerk", |c| Ok(c.tekst()));
    let heeft_nieuwe_eind = l.index.heeft("nieuwe_einddatum");
    let (einddatum, reden, nieuwe_eind) = (einddatum?, reden?, nieuwe_eind?);
    if !periode_loopt_vooruit(l, ingangsdatum, einddatum, "einddatum")
        | !periode_loopt_vooruit(l, nieuwe_ingang.flatten(), nieuwe_eind, "nieuwe_einddatum")
    {
        return None;
    }
    let soort = match mutatie?.as_str() {
        "OPVOER" => {
            let einde = match (einddatum, reden.clone()) {
                (Some(datum), Some(reden)) => Some(Einde { datum, reden }),
                (Some(_), None) => {
                    l.fout(
                        "reden_einde",
                        "verplicht wanneer een einddatum is gegeven",
                        None,
                    );
                    return None;
                }
                (None, _) => None,
            };
            MutatieSoort::Opvoer { einde }
        }
        "EINDE" => {
            let (Some(datum), Some(reden)) = (einddatum, reden.clone()) else {
                if einddatum.is_none() {
                    l.fout("einddatum", "verplicht bij mutatie EINDE", None);
                }
                if reden.is_none() {
                    l.fout("reden_einde", "verplicht bij mutatie EINDE", None);
                }
                return None;
            };
            MutatieSoort::Einde(Einde { datum, reden })
        }
        "CORRECTIE" => MutatieSoort::Correctie {
            nieuwe_ingangsdatum: nieuwe_ingang?,
            // FORMATS.md: an empty cell with the column present means "open".
            nieuwe_einddatum: if heeft_nieuwe_eind {
                Some(nieuwe_eind)
            } else {
                None
            },
            reden,
        },
        "INTREKKING" => MutatieSoort::Intrekking,
        andere => {
            l.fout(
                "mutatie",
                "onbekende mutatie; kies OPVOER, EINDE, CORRECTIE of INTREKKING",
                Some(andere.to_string()),
            );
            return None;
        }
    };
    Some(RegistratieMutatie {
        bsn: bsn?,
        grondslag: grondslag?,
        ingangsdatum: ingangsdatum?,
        soort,
        loonwaarde_pct: loonwaarde?,
        besluitdatum: besluitdatum?,
        bron_kenmerk: bron_kenmerk?,
    })
}

/// A period's end (exclusive: the first day no longer registered) must lie after its start;
/// records the row error otherwise (issue #9: inverted periods were stored).
fn periode_loopt_vooruit(
    l: &mut RijLezer<'_, '_>,
    begin: Option<NaiveDate>,
    einde: Option<NaiveDate>,
    kolom: &str,
) -> bool {
    match (begin, einde) {
        (Some(b), Some(e)) if e <= b => {
            l.fout(kolom, "ligt niet na de ingangsdatum", Some(e.to_string()));
            false
        }
        _ => true,
    }
}

/// The grondslag must exist; the delivering source must be allowed for it, otherwise the
/// whole delivery is refused (FORMATS.md "Anything else rejects the delivery").
fn controleer_grondslag(l: &mut RijLezer<'_, '_>, code: String) -> Option<String> {
    if l.ctx.referentie.grondslag(&code).is_none() {
        l.fout("grondslag", "onbekende grondslag", Some(code));
        return None;
    }
    if !l.ctx.referentie.bron_mag_grondslag(l.ctx.bron, &code) {
        l.fataal = Some(BestandFout::BronNietBevoegd {
            bestand: l.bestand.to_string(),
            bron: l.ctx.bron,
            wat: format!("grondslag {code} (regel {})", l.regel),
        });
        return None;
    }
    Some(code)
}

fn controleer_reden(l: &mut RijLezer<'_, '_>, reden: Option<String>) -> Option<Option<String>> {
    match reden {
        Some(r) if l.ctx.referentie.reden(&r).is_none() => {
            l.fout("reden_einde", "onbekende reden", Some(r));
            None
        }
        r => Some(r),
    }
}
