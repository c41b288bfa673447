//! `personen`, `polis`, `werkgevers`, `werkgeversuren` and `kandidaten` rows (FORMATS.md).

use chrono::{Datelike as _, NaiveDate};
use dgr_core::Bsn;
use dgr_core::Loonheffingennummer;
use dgr_core::datum::BrpDatum;
use dgr_core::gegevens::{
    Kandidaat, OPLEIDINGSNIVEAUS, Persoon, PolisRij, PolisSoort, Sector, Werkgever, Werkgeversuren,
};

use super::RijLezer;
use crate::cel::CelFout;
use crate::kolommen::{Kolom, optioneel, verplicht};

/// Columns of `personen`.
pub(super) const PERSONEN: &[Kolom] = &[
    verplicht("bsn"),
    verplicht("geboortedatum"),
    optioneel("overlijdensdatum"),
    optioneel("woongemeente"),
];

pub(super) fn persoon(l: &mut RijLezer<'_, '_>) -> Option<Persoon> {
    let bsn = l.verplicht("bsn", |c| c.bsn());
    let geboortedatum = l.verplicht("geboortedatum", |c| c.brp_datum());
    let overlijdensdatum = l.optioneel("overlijdensdatum", |c| c.datum());
    let woongemeente = l.gemeente("woongemeente", false);
    let geboortedatum =
        geboortedatum.filter(|g| plausibele_geboorte(l, *g, overlijdensdatum.flatten()));
    Some(Persoon {
        bsn: bsn?,
        geboortedatum: geboortedatum?,
        overlijdensdatum: overlijdensdatum?,
        woongemeente: woongemeente?,
    })
}

/// A birth date must not lie after the day the delivery arrives, and a date of death not before
/// the birth (issue #9: implausible dates gave AOW dates before the registration and inverted
/// periods). Records the row error and returns `false` when it is implausible.
fn plausibele_geboorte(
    l: &mut RijLezer<'_, '_>,
    geboorte: BrpDatum,
    overlijden: Option<NaiveDate>,
) -> bool {
    let (vroegst, jaar) = match geboorte {
        BrpDatum::Volledig(d) => (Some(d), Some(d.year())),
        BrpDatum::Onvolledig { jaar, .. } => (None, jaar),
    };
    let ontvangen = l.ctx.ontvangen_op;
    if vroegst.is_some_and(|d| d > ontvangen) || jaar.is_some_and(|j| j > ontvangen.year()) {
        l.fout(
            "geboortedatum",
            format!("ligt na de dag van ontvangst ({ontvangen})"),
            Some(geboorte.als_tekst()),
        );
        return false;
    }
    let voor_geboorte = overlijden
        .is_some_and(|o| vroegst.is_some_and(|d| o < d) || jaar.is_some_and(|j| o.year() < j));
    if voor_geboorte {
        l.fout("overlijdensdatum", "ligt voor de geboortedatum", None);
        return false;
    }
    true
}

/// Columns of `polis`.
pub(super) const POLIS: &[Kolom] = &[
    verplicht("bsn"),
    verplicht("loonheffingennummer"),
    optioneel("inlener_loonheffingennummer"),
    verplicht("tijdvak_begin"),
    verplicht("tijdvak_einde"),
    verplicht("verloonde_uren"),
    optioneel("soort"),
];

/// Longest tijdvak allowed (FORMATS.md: a month, 4 weeks, or another length up to 31 days).
const MAX_TIJDVAK_DAGEN: i64 = 31;

/// Key of `polis`: (bsn, lhn, tijdvak_begin, tijdvak_einde).
pub(super) fn polis_sleutel(p: &PolisRij) -> (Bsn, Loonheffingennummer, NaiveDate, NaiveDate) {
    (
        p.bsn,
        p.loonheffingennummer,
        p.tijdvak_begin,
        p.tijdvak_einde,
    )
}

pub(super) fn polis(l: &mut RijLezer<'_, '_>) -> Option<PolisRij> {
    let bsn = l.verplicht("bsn", |c| c.bsn());
    let lhn = l.verplicht("loonheffingennummer", |c| c.lhn());
    let inlener = l.optioneel("inlener_loonheffingennummer", |c| c.lhn());
    let begin = l.verplicht("tijdvak_begin", |c| c.datum());
    let einde = l.verplicht("tijdvak_einde", |c| c.datum());
    let uren = l.verplicht("verloonde_uren", |c| c.honderdsten());
    let soort = l.optioneel("soort", |c| {
        PolisSoort::parse(&c.tekst()).ok_or_else(|| CelFout {
            reden: "onbekende soort; kies REGULIER, WSW_BESCHUT of BESCHUT_WERK".into(),
            waarde: Some(c.tekst()),
        })
    });
    let (begin, einde, uren) = (begin?, einde?, uren?);
    let dagen = (einde - begin).num_days() + 1;
    if dagen < 1 {
        l.fout("tijdvak_einde", "ligt voor tijdvak_begin", None);
        return None;
    }
    if dagen > MAX_TIJDVAK_DAGEN {
        l.fout(
            "tijdvak_einde",
            format!("tijdvak van {dagen} dagen; ten hoogste {MAX_TIJDVAK_DAGEN}"),
            None,
        );
        return None;
    }
    if uren.0 > 24 * 100 * dagen {
        l.fout(
            "verloonde_uren",
            format!("meer dan 24 uur per dag over {dagen} dagen"),
            Some(uren.to_string()),
        );
        return None;
    }
    Some(PolisRij {
        bsn: bsn?,
        loonheffingennummer: lhn?,
        inlener: inlener?,
        tijdvak_begin: begin,
        tijdvak_einde: einde,
        verloonde_uren: uren,
        soort: soort?.unwrap_or(PolisSoort::Regulier),
    })
}

/// Columns of `werkgevers`.
pub(super) const WERKGEVERS: &[Kolom] = &[
    verplicht("loonheffingennummer"),
    verplicht("naam"),
    verplicht("sector"),
    optioneel("subsector"),
    optioneel("vestigingsgemeente"),
    optioneel("geldig_vanaf"),
];

pub(super) fn werkgever(l: &mut RijLezer<'_, '_>) -> Option<Werkgever> {
    let lhn = l.verplicht("loonheffingennummer", |c| c.lhn());
    let naam = l.verplicht("naam", |c| Ok(c.tekst()));
    let sector = l.verplicht("sector", |c| {
        Sector::parse(&c.tekst()).ok_or_else(|| CelFout {
            reden: "kies MARKT of OVERHEID".into(),
            waarde: Some(c.tekst()),
        })
    });
    let subsector = l.optioneel("subsector", |c| Ok(c.tekst().to_ascii_uppercase()));
    let gemeente = l.gemeente("vestigingsgemeente", false);
    let geldig_vanaf = l.optioneel("geldig_vanaf", |c| c.datum());
    Some(Werkgever {
        loonheffingennummer: lhn?,
        naam: naam?,
        sector: sector?,
        subsector: subsector?,
        vestigingsgemeente: gemeente?,
        geldig_vanaf: geldig_vanaf?,
    })
}

/// Columns of `werkgeversuren`.
pub(super) const WERKGEVERSUREN: &[Kolom] = &[
    verplicht("loonheffingennummer"),
    verplicht("jaar"),
    verplicht("verloonde_uren_totaal"),
    optioneel("aantal_werknemers"),
];

pub(super) fn werkgeversuren(l: &mut RijLezer<'_, '_>) -> Option<Werkgeversuren> {
    let lhn = l.verplicht("loonheffingennummer", |c| c.lhn());
    let jaar = l.verplicht("jaar", |c| c.geheel(1990, 2100));
    let uren = l.verplicht("verloonde_uren_totaal", |c| c.honderdsten());
    let aantal = l.optioneel("aantal_werknemers", |c| c.geheel(0, 10_000_000));
    Some(Werkgeversuren {
        loonheffingennummer: lhn?,
        jaar: i32::try_from(jaar?).ok()?,
        verloonde_uren_totaal: uren?,
        aantal_werknemers: aantal?.and_then(|a| u32::try_from(a).ok()),
    })
}

/// Columns of `kandidaten`.
pub(super) const KANDIDATEN: &[Kolom] = &[
    verplicht("bsn"),
    verplicht("opleidingsniveau"),
    verplicht("uren_per_week"),
    verplicht("max_reisafstand_km"),
    verplicht("beschikbaar_vanaf"),
    optioneel("interesses"),
    verplicht("woongemeente"),
    verplicht("herkenbaar"),
];

/// Most interests a profile may list.
const MAX_INTERESSES: usize = 5;

pub(super) fn kandidaat(l: &mut RijLezer<'_, '_>) -> Option<Kandidaat> {
    let bsn = l.verplicht("bsn", |c| c.bsn());
    let niveau = l.verplicht("opleidingsniveau", |c| {
        let t = c.tekst().to_ascii_uppercase();
        if OPLEIDINGSNIVEAUS.contains(&t.as_str()) {
            Ok(t)
        } else {
            Err(CelFout {
                reden: format!("kies uit {}", OPLEIDINGSNIVEAUS.join(", ")),
                waarde: Some(t),
            })
        }
    });
    let uren = l.verplicht("uren_per_week", |c| c.geheel(1, 40));
    let afstand = l.verplicht("max_reisafstand_km", |c| c.geheel(0, 200));
    let beschikbaar = l.verplicht("beschikbaar_vanaf", |c| c.datum());
    let interesses = l.optioneel("interesses", |c| {
        let lijst: Vec<String> = c
            .tekst()
            .split('|')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if lijst.len() > MAX_INTERESSES {
            Err(CelFout {
                reden: format!("ten hoogste {MAX_INTERESSES} interesses"),
                waarde: None,
            })
        } else {
            Ok(lijst)
        }
    });
    let gemeente = l.gemeente("woongemeente", true);
    let herkenbaar = l.verplicht("herkenbaar", |c| {
        match c.tekst().to_ascii_uppercase().as_str() {
            "J" => Ok(true),
            "N" => Ok(false),
            t => Err(CelFout {
                reden: "kies J of N".into(),
                waarde: Some(t.to_string()),
            }),
        }
    });
    Some(Kandidaat {
        bsn: bsn?,
        opleidingsniveau: niveau?,
        uren_per_week: u8::try_from(uren?).ok()?,
        max_reisafstand_km: u16::try_from(afstand?).ok()?,
        beschikbaar_vanaf: beschikbaar?,
        interesses: interesses?.unwrap_or_default(),
        woongemeente: gemeente??,
        herkenbaar: herkenbaar?,
    })
}
