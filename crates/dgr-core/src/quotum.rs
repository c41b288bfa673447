//! The quota (R-30 … R-34): scope, percentage, counted hours and shortfall with levy.

use crate::breuk::Breuk;
use crate::gegevens::Sector;

/// Constants of the quota from `constanten.csv`.
#[derive(Debug, Clone, Copy)]
pub struct QuotumConstanten {
    /// `quotum_drempel_uren_per_jaar` (40,575): from this many hours an employer is quotumplichtig.
    pub drempel_uren: Breuk,
    /// `uren_per_baan_per_jaar` (1,331).
    pub uren_per_baan_per_jaar: Breuk,
    /// `gemiddelde_uren_per_werknemer_per_jaar` (1,623).
    pub uren_per_werknemer_per_jaar: Breuk,
    /// `quotumheffing_per_ontbrekende_baan` (EUR 5,000) in cents.
    pub heffing_per_baan_cent: i128,
}

/// The outcome for one fiscaal nummer and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotumuitkomst {
    /// total hours at or above the threshold.
    pub quotumplichtig: bool,
    /// `q × totale_uren`.
    pub vereiste_uren: Breuk,
    /// missing jobs in hundredths, rounded half away from zero (1.07 → 107).
    pub ontbrekende_banen_honderdsten: i128,
    /// levy in euro cents (`ontbrekend × EUR 5,000`).
    pub heffing_eurocent: i128,
}

/// whether the employer is in scope and its shortfall and levy. `percentage` is a
/// fraction (2.76% = 0.0276); `getelde_uren` are the hours of R-32.
pub fn bereken(
    totale_uren: Breuk,
    percentage: Breuk,
    getelde_uren: Breuk,
    c: &QuotumConstanten,
) -> Quotumuitkomst {
    let vereist = percentage.maal(totale_uren);
    let ontbrekend = (vereist - getelde_uren)
        .niet_negatief()
        .gedeeld_door(c.uren_per_baan_per_jaar);
    let honderdsten = ontbrekend.afgerond(2);
    Quotumuitkomst {
        quotumplichtig: totale_uren >= c.drempel_uren,
        vereiste_uren: vereist,
        ontbrekende_banen_honderdsten: honderdsten,
        heffing_eurocent: honderdsten * c.heffing_per_baan_cent / 100,
    }
}

/// R-31 where `quotumpercentages.csv` has no value: `q(Y) = (nulmeting + doel(Y−1) + 0.5 ×
/// (doel(Y) − doel(Y−1))) × 1,331 / (werknemers van de sector in Y × 1,623)`, as a fraction.
pub fn percentage_formule(
    nulmeting: Breuk,
    doel_vorig: Breuk,
    doel: Breuk,
    werknemers_sector: Breuk,
    c: &QuotumConstanten,
) -> Breuk {
    let banen = nulmeting + doel_vorig + Breuk::new(1, 2).maal(doel - doel_vorig);
    banen
        .maal(c.uren_per_baan_per_jaar)
        .gedeeld_door(werknemers_sector.maal(c.uren_per_werknemer_per_jaar))
}

/// whether the quota was activated and a levy imposed for a sector and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activering {
    /// The quota was activated for this sector and year.
    pub geactiveerd: bool,
    /// A levy was actually imposed.
    pub heffing_opgelegd: bool,
    /// Explanation (Dutch).
    pub toelichting: &'static str,
}

/// government 2018 activated and levy-free, levies suspended afterwards; the market never
/// activated. The figures are computed either way.
pub fn activering(jaar: i32, sector: Sector) -> Activering {
    match (sector, jaar) {
        (Sector::Overheid, 2018) => Activering {
            geactiveerd: true,
            heffing_opgelegd: false,
            toelichting: "geactiveerd voor 2018, heffingsvrij jaar",
        },
        (Sector::Overheid, j) if j > 2018 => Activering {
            geactiveerd: true,
            heffing_opgelegd: false,
            toelichting: "geactiveerd; heffing opgeschort",
        },
        (Sector::Overheid, _) => Activering {
            geactiveerd: false,
            heffing_opgelegd: false,
            toelichting: "niet geactiveerd",
        },
        (Sector::Markt, _) => Activering {
            geactiveerd: false,
            heffing_opgelegd: false,
            toelichting: "nooit geactiveerd voor de marktsector",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> QuotumConstanten {
        QuotumConstanten {
            drempel_uren: Breuk::geheel(40_575),
            uren_per_baan_per_jaar: Breuk::geheel(1_331),
            uren_per_werknemer_per_jaar: Breuk::geheel(1_623),
            heffing_per_baan_cent: 500_000,
        }
    }

    #[test]
    fn r33_uitgewerkt_voorbeeld() {
        // totale_uren 100,000, q = 2.76% -> vereist 2,760 h; geteld 1,331 h
        // ontbrekend = (2760 - 1331) / 1331 = 1429/1331 = 1.0736 -> 1.07 jobs -> EUR 5,350.00
        let u = bereken(
            Breuk::geheel(100_000),
            Breuk::new(276, 10_000),
            Breuk::geheel(1_331),
            &c(),
        );
        assert_eq!(u.vereiste_uren, Breuk::geheel(2_760));
        assert_eq!(u.ontbrekende_banen_honderdsten, 107);
        assert_eq!(u.heffing_eurocent, 535_000);
        assert!(u.quotumplichtig);
    }

    #[test]
    fn r30_grens_en_geen_negatief_tekort() {
        // 40,575 hours is in scope (25 × 1,623, "25 of meer"); 40,574.99 is not
        assert!(bereken(Breuk::geheel(40_575), Breuk::NUL, Breuk::NUL, &c()).quotumplichtig);
        assert!(!bereken(Breuk::new(4_057_499, 100), Breuk::NUL, Breuk::NUL, &c()).quotumplichtig);
        // more counted than required: no shortfall, no levy
        let u = bereken(
            Breuk::geheel(100_000),
            Breuk::new(276, 10_000),
            Breuk::geheel(5_000),
            &c(),
        );
        assert_eq!(
            (u.ontbrekende_banen_honderdsten, u.heffing_eurocent),
            (0, 0)
        );
    }

    #[test]
    fn r31_formule() {
        // nulmeting 25,000, doel(Y-1) 10,000, doel(Y) 12,000 -> 25,000 + 10,000 + 1,000 = 36,000 jobs
        // × 1,331 / (1,000,000 werknemers × 1,623) = 47,916,000 / 1,623,000,000 = 0.029523… (2.95%)
        let q = percentage_formule(
            Breuk::geheel(25_000),
            Breuk::geheel(10_000),
            Breuk::geheel(12_000),
            Breuk::geheel(1_000_000),
            &c(),
        );
        assert_eq!(q, Breuk::new(47_916_000, 1_623_000_000));
        assert_eq!(q.maal(Breuk::geheel(100)).afgerond(2), 295);
    }

    #[test]
    fn r34_activering() {
        assert!(activering(2018, Sector::Overheid).geactiveerd);
        assert!(!activering(2018, Sector::Overheid).heffing_opgelegd);
        assert!(!activering(2019, Sector::Overheid).heffing_opgelegd);
        assert!(!activering(2022, Sector::Markt).geactiveerd);
    }
}
