//! The design of the demo organisation: its units at scale 1 and how they scale.

use chrono::NaiveDate;

use super::{SAMENVOEGING, TWEEDE_BOOM, WORTEL};

/// One unit as designed: code, name, parent, kind, staff placed directly at scale 1, and the
/// subnumber of the loonheffingennummer that pays its staff.
pub(super) struct Ontwerp {
    pub(super) code: &'static str,
    pub(super) naam: &'static str,
    pub(super) boven: Option<&'static str>,
    pub(super) soort: &'static str,
    pub(super) grootte: u32,
    pub(super) lhn: usize,
}

const fn e(
    code: &'static str,
    naam: &'static str,
    boven: &'static str,
    soort: &'static str,
    grootte: u32,
    lhn: usize,
) -> Ontwerp {
    Ontwerp {
        code,
        naam,
        boven: Some(boven),
        soort,
        grootte,
        lhn,
    }
}

/// The tree from [`BEGIN`] (staff at scale 1: 10,000 in all).
pub(super) const ONTWERP: [Ontwerp; 28] = [
    Ontwerp {
        code: WORTEL,
        naam: "de Rechtspraak",
        boven: None,
        soort: "organisatie",
        grootte: 0,
        lhn: 0,
    },
    e("RB-AMS", "Rechtbank Amsterdam", WORTEL, "rechtbank", 250, 0),
    e("RB-AMS-CIV", "Team Civiel recht", "RB-AMS", "team", 300, 0),
    e("RB-AMS-STR", "Team Strafrecht", "RB-AMS", "team", 280, 0),
    e("RB-AMS-BES", "Team Bestuursrecht", "RB-AMS", "team", 170, 0),
    e("RB-DHA", "Rechtbank Den Haag", WORTEL, "rechtbank", 850, 0),
    e(
        "RB-GEL",
        "Rechtbank Gelderland",
        WORTEL,
        "rechtbank",
        650,
        0,
    ),
    e("RB-LIM", "Rechtbank Limburg", WORTEL, "rechtbank", 450, 0),
    e(
        "RB-MNE",
        "Rechtbank Midden-Nederland",
        WORTEL,
        "rechtbank",
        700,
        0,
    ),
    e(
        "RB-NHO",
        "Rechtbank Noord-Holland",
        WORTEL,
        "rechtbank",
        500,
        0,
    ),
    e(
        "RB-NNE",
        "Rechtbank Noord-Nederland",
        WORTEL,
        "rechtbank",
        650,
        0,
    ),
    e(
        "RB-OBR",
        "Rechtbank Oost-Brabant",
        WORTEL,
        "rechtbank",
        500,
        0,
    ),
    e(
        "RB-OVE",
        "Rechtbank Overijssel",
        WORTEL,
        "rechtbank",
        450,
        0,
    ),
    e("RB-ROT", "Rechtbank Rotterdam", WORTEL, "rechtbank", 900, 0),
    e(
        "RB-ZWB",
        "Rechtbank Zeeland-West-Brabant",
        WORTEL,
        "rechtbank",
        160,
        0,
    ),
    e("RB-ZWB-CIV", "Team Civiel recht", "RB-ZWB", "team", 200, 0),
    e("RB-ZWB-STR", "Team Strafrecht", "RB-ZWB", "team", 190, 0),
    e("RB-ZWB-BES", "Team Bestuursrecht", "RB-ZWB", "team", 100, 0),
    e(
        "GH-AMS",
        "Gerechtshof Amsterdam",
        WORTEL,
        "gerechtshof",
        420,
        1,
    ),
    e(
        "GH-ARL",
        "Gerechtshof Arnhem-Leeuwarden",
        WORTEL,
        "gerechtshof",
        480,
        1,
    ),
    e(
        "GH-DHA",
        "Gerechtshof Den Haag",
        WORTEL,
        "gerechtshof",
        400,
        1,
    ),
    e(
        "GH-SHE",
        "Gerechtshof 's-Hertogenbosch",
        WORTEL,
        "gerechtshof",
        350,
        1,
    ),
    e(
        "CRVB",
        "Centrale Raad van Beroep",
        WORTEL,
        "bijzonder college",
        270,
        1,
    ),
    e(
        "CBB",
        "College van Beroep voor het bedrijfsleven",
        WORTEL,
        "bijzonder college",
        90,
        1,
    ),
    e("RVDR", "Raad voor de rechtspraak", WORTEL, "dienst", 230, 2),
    e(
        "LDCR",
        "Landelijk Dienstencentrum voor de Rechtspraak",
        WORTEL,
        "dienst",
        360,
        2,
    ),
    e(
        "SSR",
        "Studiecentrum Rechtspleging",
        WORTEL,
        "dienst",
        85,
        2,
    ),
    e("KCR", "Kenniscentrum Rechtspraak", WORTEL, "dienst", 15, 2),
];

/// Staff placed directly in a unit at `schaal` (at least two; the small service keeps its size
/// down to scale 1 and at least three).
pub(super) fn grootte(o: &Ontwerp, schaal: f64) -> usize {
    if o.grootte == 0 {
        return 0;
    }
    let n = (f64::from(o.grootte) * schaal).round() as usize;
    n.max(if o.grootte < 20 { 3 } else { 2 })
}

/// Whether unit `code` is in the tree on `datum`.
pub(super) fn bestaat_op(code: &str, datum: NaiveDate) -> bool {
    !(code == SAMENVOEGING.0 && datum >= TWEEDE_BOOM)
}
