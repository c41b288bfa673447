//! The demo organisation's deliveries: its unit trees and quarterly rosters from the employer
//! (bron WERKGEVER, with its fiscaal nummer), one roster correction known only later, and UWV's
//! monthly payroll rows under its loonheffingennummers (and of the agency for its temp workers).

use std::path::Path;

use chrono::{DateTime, Days, NaiveDate, Utc};
use dgr_core::eenheden::Personeelsrij;
use dgr_core::{Bron, LeveringSoort, Modus};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{BEGIN, LAATSTE_DAG, Organisatie, TWEEDE_BOOM};
use crate::bestanden::{Bestand, Dialect};
use crate::kalender::{d, kwartaal, na_kwartaal};
use crate::leveringen::tijdstip;
use crate::{DemoFout, GeplandeLevering, Plan};

/// The day the correction of the first quarter's roster arrives.
const CORRECTIEDAG: NaiveDate = match NaiveDate::from_ymd_opt(2025, 5, 19) {
    Some(x) => x,
    None => NaiveDate::MIN,
};

/// Writes the unit trees, the rosters and the payroll rows; adds them to the plan.
///
/// # Errors
/// IO errors.
pub fn schrijf(
    plan: &mut Plan,
    org: &Organisatie,
    map: &Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    schrijf_eenheden(plan, org, map)?;
    schrijf_personeel(plan, org, map)?;
    schrijf_polis(plan, org, map, rng)
}

fn werkgeverslevering(
    plan: &mut Plan,
    org: &Organisatie,
    bestand: std::path::PathBuf,
    soort: LeveringSoort,
    kenmerk: String,
    tijd: DateTime<Utc>,
) {
    plan.leveringen.push(GeplandeLevering {
        bestand,
        soort,
        bron: Bron::Werkgever,
        kenmerk,
        gemeentecode: None,
        fiscaal_nummer: Some(org.fiscaal_nummer),
        modus: Modus::Strict,
        tijd,
    });
}

/// Each tree in its own delivery, sent some days before it applies.
fn schrijf_eenheden(plan: &mut Plan, org: &Organisatie, map: &Path) -> Result<(), DemoFout> {
    let kop = ["code", "naam", "bovenliggend", "soort", "geldig_vanaf"];
    let eenheden = org.eenheden();
    for (datum, verzonden) in [(BEGIN, d(2024, 1, 8)), (TWEEDE_BOOM, d(2025, 6, 16))] {
        let naam = datum.format("%Y-%m").to_string();
        let mut f = Bestand::new(
            map,
            &format!("eenheden_rechtspraak_{naam}.csv"),
            Dialect::Utf8BomSep,
            &kop,
        );
        for e in eenheden.iter().filter(|e| e.geldig_vanaf == datum) {
            f.rij([
                e.code.clone(),
                e.naam.clone(),
                e.bovenliggend.clone().unwrap_or_default(),
                e.soort.clone().unwrap_or_default(),
                f.datum(e.geldig_vanaf),
            ]);
        }
        werkgeverslevering(
            plan,
            org,
            f.sluit()?,
            LeveringSoort::Eenheden,
            format!("RSP-EENHEDEN-{naam}"),
            tijdstip(verzonden, 10),
        );
    }
    Ok(())
}

const PERSONEEL_KOP: [&str; 10] = [
    "personeelsnummer",
    "bsn",
    "eenheid",
    "geldig_vanaf",
    "uit_dienst",
    "uren_per_week",
    "functieschaal",
    "leidinggevend",
    "geslacht",
    "geboortejaar",
];

fn personeelsrij(f: &mut Bestand, r: &Personeelsrij) {
    f.rij([
        r.personeelsnummer.clone(),
        r.bsn.cijfers(),
        r.eenheid.clone(),
        f.datum(r.geldig_vanaf),
        f.datum_opt(r.uit_dienst),
        r.uren_per_week.map(|u| f.uren(u.0)).unwrap_or_default(),
        r.functieschaal.map(|s| s.to_string()).unwrap_or_default(),
        match r.leidinggevend {
            Some(true) => "J",
            Some(false) => "N",
            None => "",
        }
        .to_string(),
        r.geslacht.map(|g| g.code()).unwrap_or_default().to_string(),
        r.geboortejaar.map(|j| j.to_string()).unwrap_or_default(),
    ]);
}

/// Per quarter 2024-K1..2025-K4, sent two weeks after it: the rows that start in the quarter
/// (everyone's first row in 2024-K1, then hires, moves and the merger) and, for a leaver, the
/// row that applied, again with its `uit_dienst` (same key: it replaces). Later, one delivery
/// corrects first rows that named the wrong unit.
fn schrijf_personeel(plan: &mut Plan, org: &Organisatie, map: &Path) -> Result<(), DemoFout> {
    let mut k = kwartaal(BEGIN);
    while k <= kwartaal(LAATSTE_DAG) {
        let begin = na_kwartaal(k - 1);
        let einde = na_kwartaal(k).pred_opt().unwrap_or(begin);
        let naam = format!("{}-K{}", k.div_euclid(4), k.rem_euclid(4) + 1);
        let verzonden = einde + Days::new(15);
        let mut f = Bestand::new(
            map,
            &format!("personeel_rechtspraak_{naam}.csv"),
            Dialect::NederlandsExcel,
            &PERSONEEL_KOP,
        );
        for m in &org.medewerkers {
            for (i, mut r) in m.rijen().into_iter().enumerate() {
                let nieuw = (begin..=einde).contains(&r.geldig_vanaf);
                let vertrek = r.geldig_vanaf < begin
                    && r.uit_dienst.is_some_and(|u| (begin..=einde).contains(&u));
                if !nieuw && !vertrek {
                    continue;
                }
                r.uit_dienst = r.uit_dienst.filter(|u| *u <= einde);
                if let Some(fout) = m
                    .fout_eenheid
                    .filter(|_| i == 0 && verzonden < CORRECTIEDAG)
                {
                    r.eenheid = fout.to_string();
                }
                personeelsrij(&mut f, &r);
            }
        }
        werkgeverslevering(
            plan,
            org,
            f.sluit()?,
            LeveringSoort::Personeel,
            format!("RSP-PERSONEEL-{naam}"),
            tijdstip(verzonden, 11),
        );
        k += 1;
    }
    let mut f = Bestand::new(
        map,
        "personeel_rechtspraak_2024-K1_correctie.csv",
        Dialect::NederlandsExcel,
        &PERSONEEL_KOP,
    );
    for m in org.medewerkers.iter().filter(|m| m.fout_eenheid.is_some()) {
        if let Some(r) = m.rijen().first() {
            personeelsrij(&mut f, r);
        }
    }
    werkgeverslevering(
        plan,
        org,
        f.sluit()?,
        LeveringSoort::Personeel,
        "RSP-PERSONEEL-2024-K1-CORRECTIE".into(),
        tijdstip(CORRECTIEDAG, 11),
    );
    Ok(())
}

/// UWV's monthly payroll rows of the organisation (monthly tijdvakken, the days employed in the
/// month at the contract hours, ±3%) and of the agency for its temp workers, beside the monthly
/// polis delivery.
fn schrijf_polis(
    plan: &mut Plan,
    org: &Organisatie,
    map: &Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    let kop = [
        "bsn",
        "loonheffingennummer",
        "inlener_loonheffingennummer",
        "tijdvak_begin",
        "tijdvak_einde",
        "verloonde_uren",
    ];
    let mut eerste = BEGIN;
    while eerste <= LAATSTE_DAG {
        let volgende = eerste
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(LAATSTE_DAG);
        let laatste = volgende.pred_opt().unwrap_or(eerste);
        let naam = eerste.format("%Y-%m").to_string();
        let mut f = Bestand::new(
            map,
            &format!("polis_rechtspraak_{naam}.csv"),
            Dialect::Standaard,
            &kop,
        );
        for m in &org.medewerkers {
            let begin = m.in_dienst().max(eerste);
            let einde = m
                .uit_dienst
                .and_then(|u| u.pred_opt())
                .map_or(laatste, |u| u.min(laatste));
            if begin > einde {
                continue;
            }
            let uren = uren_over(m.uren_week, begin, einde, rng);
            f.rij([
                m.bsn.cijfers(),
                org.lhns[m.lhn.min(org.lhns.len() - 1)].to_string(),
                String::new(),
                f.datum(begin),
                f.datum(einde),
                f.uren(uren),
            ]);
        }
        for i in org.inleners.iter().filter(|i| i.vanaf <= eerste) {
            let uren = uren_over(i.uren_week, eerste, laatste, rng);
            f.rij([
                i.bsn.cijfers(),
                i.uitzendbureau.to_string(),
                org.lhns[0].to_string(),
                f.datum(eerste),
                f.datum(laatste),
                f.uren(uren),
            ]);
        }
        plan.polisrijen += f.rijen;
        plan.leveringen.push(GeplandeLevering {
            bestand: f.sluit()?,
            soort: LeveringSoort::Polis,
            bron: Bron::Uwv,
            kenmerk: format!("UWV-POLIS-RSP-{naam}"),
            gemeentecode: None,
            fiscaal_nummer: None,
            modus: Modus::Strict,
            tijd: tijdstip(laatste + Days::new(20), 10),
        });
        eerste = volgende;
    }
    Ok(())
}

/// Hours (hundredths) over the inclusive days `[begin, einde]` at `uren_week` a week, ±3%.
fn uren_over(uren_week: i64, begin: NaiveDate, einde: NaiveDate, rng: &mut ChaCha8Rng) -> i64 {
    let dagen = (einde - begin).num_days() + 1;
    (uren_week as f64 * dagen as f64 / 7.0 * rng.random_range(0.97..1.03)).round() as i64
}
