//! Small server-rendered SVG charts (bars and lines) with an accessible title; the data are
//! always shown as a table beside the chart.

use std::fmt::Write as _;

use super::opmaak;

/// One series of a chart.
pub struct Reeks {
    /// Legend name.
    pub naam: String,
    /// CSS colour.
    pub kleur: &'static str,
    /// One value per label (None: no point).
    pub waarden: Vec<Option<f64>>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A line chart of `reeksen` over `labels`, `breedte` × `hoogte` pixels.
pub fn lijnen(
    titel: &str,
    labels: &[String],
    reeksen: &[Reeks],
    breedte: f64,
    hoogte: f64,
) -> String {
    lijnen_met_id("grafiek-titel", titel, labels, reeksen, breedte, hoogte)
}

/// [`lijnen`] whose title element has the id `{id}-titel`, for a page with several charts
/// (ids must be unique on a page).
pub fn lijnen_met_id(
    id: &str,
    titel: &str,
    labels: &[String],
    reeksen: &[Reeks],
    breedte: f64,
    hoogte: f64,
) -> String {
    let id = if id == "grafiek-titel" {
        id.to_string()
    } else {
        format!("{}-titel", escape(id))
    };
    let (links, onder, boven, rechts) = (110.0, 46.0, 36.0, 20.0);
    let (lo, hi, stap) = schaal(
        reeksen
            .iter()
            .flat_map(|r| r.waarden.iter().flatten().copied()),
    );
    let n = labels.len().max(2) as f64 - 1.0;
    let x = |i: usize| links + (breedte - links - rechts) * i as f64 / n;
    let y = |v: f64| boven + (hoogte - boven - onder) * (1.0 - (v - lo) / (hi - lo));
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="{id}" class="grafiek"><title id="{id}">{}</title>"#,
        escape(titel)
    );
    // as many decimals as the step needs: 2.5 → 1, 0.25 → 2, 20.000 → 0
    let decimalen = (0..3)
        .find(|d| {
            let m = stap * 10f64.powi(*d);
            (m - m.round()).abs() < 1e-9
        })
        .unwrap_or(3) as usize;
    let mut v = lo;
    while v <= hi + stap / 2.0 {
        let _ = write!(
            s,
            r##"<line x1="{links}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#d0d7e2"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" class="as">{}</text>"##,
            breedte - rechts,
            links - 6.0,
            y(v) + 4.0,
            opmaak::getal(v, decimalen),
            y = y(v)
        );
        v += stap;
    }
    // on a narrow screen every other label is hidden (CSS), counted over the labels shown
    let mut getoond = 0;
    for (i, l) in labels.iter().enumerate() {
        if l.is_empty() {
            continue;
        }
        let klasse = if getoond % 2 == 1 { "as oneven" } else { "as" };
        getoond += 1;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="11" text-anchor="middle" class="{klasse}">{}</text>"#,
            x(i),
            hoogte - onder + 24.0,
            escape(l)
        );
    }
    for (k, r) in reeksen.iter().enumerate() {
        // a missing value breaks the line: one polyline per run of known values, and a dot on
        // every known value so that a lone value between two gaps still shows
        let mut stukken: Vec<Vec<String>> = vec![Vec::new()];
        for (i, w) in r.waarden.iter().enumerate() {
            match w {
                Some(w) => {
                    if let Some(stuk) = stukken.last_mut() {
                        stuk.push(format!("{:.1},{:.1}", x(i), y(*w)));
                    }
                }
                None => stukken.push(Vec::new()),
            }
        }
        for punten in stukken.iter().filter(|p| p.len() > 1) {
            let _ = write!(
                s,
                r#"<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>"#,
                r.kleur,
                punten.join(" ")
            );
        }
        for (i, w) in r.waarden.iter().enumerate() {
            if let Some(w) = w {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"/>"#,
                    x(i),
                    y(*w),
                    r.kleur
                );
            }
        }
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" font-size="12" class="legenda">{}</text>"#,
            links + 200.0 * k as f64,
            10.0,
            r.kleur,
            links + 16.0 + 200.0 * k as f64,
            21.0,
            escape(&r.naam)
        );
    }
    s.push_str("</svg>");
    s
}

/// The value axis of a chart: from the lowest value (or 0) to the highest (at least 1) in "nice"
/// steps of 1, 2, 2.5 or 5 times a power of ten, about four of them. Returns (low, high, step).
pub fn schaal(waarden: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let (min, max) = waarden
        .filter(|v| v.is_finite())
        .fold((0.0_f64, 1.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let ruw = (max - min) / 4.0;
    let macht = 10f64.powf(ruw.log10().floor());
    let stap = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|f| f * macht)
        .find(|s| *s >= ruw)
        .unwrap_or(10.0 * macht);
    let lo = (min / stap).floor() * stap;
    let hi = (max / stap).ceil() * stap;
    (lo, hi, stap)
}

/// A bar chart with one bar per (label, value).
pub fn staven(titel: &str, staven: &[(String, f64)], breedte: f64, hoogte: f64) -> String {
    let (links, onder, boven) = (70.0, 40.0, 28.0);
    let (_, max, _) = schaal(staven.iter().map(|(_, v)| *v));
    let n = staven.len().max(1) as f64;
    let vak = (breedte - links - 20.0) / n;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="staaf-titel" class="grafiek"><title id="staaf-titel">{}</title>"#,
        escape(titel)
    );
    for (i, (label, v)) in staven.iter().enumerate() {
        let h = (hoogte - boven - onder) * v / max;
        let x0 = links + vak * i as f64 + vak * 0.15;
        let _ = write!(
            s,
            r##"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#154273"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" class="as">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" class="as">{}</text>"##,
            hoogte - onder - h,
            vak * 0.7,
            x0 + vak * 0.35,
            hoogte - onder + 16.0,
            escape(label),
            x0 + vak * 0.35,
            hoogte - onder - h - 4.0,
            opmaak::getal(*v, 0)
        );
    }
    s.push_str("</svg>");
    s
}

/// One region in a tile map: its code, name, position (WGS84 degrees) and value; `None` when
/// the value is suppressed (R-40) or unknown.
#[derive(Debug, Clone)]
pub struct Tegel {
    /// Region code (`AMxx`).
    pub code: String,
    /// Region name.
    pub naam: String,
    /// Latitude in degrees of the region's centre.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// The value shown, or `None` (drawn grey, "onderdrukt").
    pub waarde: Option<f64>,
}

/// Columns × rows of the tile map: the Netherlands is about as tall as it is wide, so a square
/// grid with room for 35 regions and their neighbours' displacement.
const KOLOMMEN: usize = 8;
const RIJEN: usize = 8;

/// Places tiles on a `KOLOMMEN` × `RIJEN` grid: each region goes to the cell its centre falls in,
/// or, when that is taken, to the nearest free cell (regions placed in code order, so the map is
/// the same every time). Returns (column, row) per tile, in input order.
pub fn plaats(tegels: &[Tegel]) -> Vec<(usize, usize)> {
    let (min_lat, max_lat) = bereik(tegels.iter().map(|t| t.latitude));
    let (min_lon, max_lon) = bereik(tegels.iter().map(|t| t.longitude));
    let cel = |v: f64, min: f64, max: f64, n: usize| {
        let f = if max > min {
            (v - min) / (max - min)
        } else {
            0.5
        };
        ((f * n as f64) as usize).min(n - 1)
    };
    let mut volgorde: Vec<usize> = (0..tegels.len()).collect();
    volgorde.sort_by(|&a, &b| tegels[a].code.cmp(&tegels[b].code));
    let mut bezet = vec![vec![false; KOLOMMEN]; RIJEN];
    let mut plek = vec![(0, 0); tegels.len()];
    for i in volgorde {
        let k = cel(tegels[i].longitude, min_lon, max_lon, KOLOMMEN);
        let r = RIJEN - 1 - cel(tegels[i].latitude, min_lat, max_lat, RIJEN);
        let vrij = (0..RIJEN)
            .flat_map(|rr| (0..KOLOMMEN).map(move |kk| (kk, rr)))
            .filter(|&(kk, rr)| !bezet[rr][kk])
            .min_by_key(|&(kk, rr)| kk.abs_diff(k).pow(2) + rr.abs_diff(r).pow(2));
        if let Some((kk, rr)) = vrij {
            bezet[rr][kk] = true;
            plek[i] = (kk, rr);
        }
    }
    plek
}

fn bereik(waarden: impl Iterator<Item = f64>) -> (f64, f64) {
    waarden.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// `naam` wrapped into at most `aantal` lines of at most `breed` characters: lines break at
/// spaces and after hyphens and slashes; a word too long for a line is abbreviated with a full
/// stop ("Stedendriehoek" → "Stedend."), and what does not fit in the lines is left off with
/// "…" (the tile's tooltip and the table beside the map have the whole name).
pub fn naamregels(naam: &str, breed: usize, aantal: usize) -> Vec<String> {
    let kort = |w: &str| -> String {
        if w.chars().count() <= breed {
            w.to_string()
        } else {
            let mut k: String = w.chars().take(breed - 1).collect();
            k = k.trim_end_matches(['-', '/']).to_string();
            k.push('.');
            k
        }
    };
    // words, each with the separator that follows it kept when it is a hyphen or slash
    let mut woorden: Vec<String> = Vec::new();
    let mut huidig = String::new();
    for c in naam.chars() {
        match c {
            ' ' => woorden.push(std::mem::take(&mut huidig)),
            '-' | '/' => {
                huidig.push(c);
                woorden.push(std::mem::take(&mut huidig));
            }
            _ => huidig.push(c),
        }
    }
    woorden.push(huidig);
    let mut regels: Vec<String> = Vec::new();
    for w in woorden.into_iter().filter(|w| !w.is_empty()) {
        let lijmt = regels
            .last()
            .is_some_and(|r: &String| r.ends_with(['-', '/']));
        let past = regels
            .last()
            .is_some_and(|r| r.chars().count() + usize::from(!lijmt) + w.chars().count() <= breed);
        match regels.last_mut() {
            Some(r) if past => {
                if !lijmt {
                    r.push(' ');
                }
                r.push_str(&w);
            }
            _ => {
                let k = kort(&w);
                regels.push(k);
            }
        }
    }
    if regels.len() > aantal {
        regels.truncate(aantal);
        if let Some(r) = regels.last_mut() {
            let mut k: String = r.chars().take(breed - 1).collect();
            k.push('…');
            *r = k;
        }
    }
    regels
}

/// The tile map's five shades, light to dark (contrast checked against the tile text).
const KLEUREN: [&str; 5] = ["#dce6f2", "#a9c1de", "#6f96c4", "#3a6aa3", "#154273"];

/// The tile map's legend: a colour and its words per class of shown values (five steps from
/// `lo` to `hi`, or one when every shown value is the same), then grey for suppressed tiles when
/// there are any.
fn legenda(tegels: &[Tegel], lo: f64, hi: f64) -> Vec<(&'static str, String)> {
    let mut uit = Vec::new();
    if tegels.iter().any(|t| t.waarde.is_some()) {
        if hi > lo {
            for (i, kleur) in KLEUREN.iter().enumerate() {
                let van = lo + (hi - lo) * i as f64 / 5.0;
                uit.push((*kleur, format!("≥ {}", opmaak::getal(van, 0))));
            }
        } else {
            uit.push((KLEUREN[0], opmaak::getal(lo, 0)));
        }
    }
    if tegels.iter().any(|t| t.waarde.is_none()) {
        uit.push(("#e6e6e6", "onderdrukt".to_string()));
    }
    uit
}

/// A tile map: one square per region at roughly its place in the country, shaded by value
/// (five equal steps from the smallest to the largest shown value), suppressed regions grey.
/// Each tile carries its name and value as a tooltip; the page shows the same data as a table.
pub fn tegelkaart(titel: &str, tegels: &[Tegel]) -> String {
    const MAAT: f64 = 84.0;
    let plek = plaats(tegels);
    let (lo, hi) = bereik(tegels.iter().filter_map(|t| t.waarde));
    let stap = |v: f64| {
        let f = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
        ((f * 5.0) as usize).min(4)
    };
    let (breedte, hoogte) = (MAAT * KOLOMMEN as f64, MAAT * RIJEN as f64 + 30.0);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="kaart-titel" class="grafiek kaart"><title id="kaart-titel">{}</title>"#,
        escape(titel)
    );
    for (t, &(k, r)) in tegels.iter().zip(&plek) {
        let (x, y) = (k as f64 * MAAT, r as f64 * MAAT);
        // on a phone a suppressed tile says "–" (the table and the tooltip say "onderdrukt")
        let (kleur, tekstkleur, tekst) = match t.waarde {
            Some(v) => {
                let i = stap(v);
                (
                    KLEUREN[i],
                    if i >= 2 { "#fff" } else { "#1a1a1a" },
                    opmaak::getal(v, 0),
                )
            }
            None => ("#e6e6e6", "#1a1a1a", "onderdrukt".to_string()),
        };
        // the name wrapped on the tile: three lines of 12 characters at desktop width, two lines
        // of 8 (abbreviated) in a larger font on a phone (CSS shows one of the two)
        let mut tekstjes = String::new();
        for (klasse, regels, grootte, eerste, stap) in [
            ("naam-lang", naamregels(&t.naam, 12, 3), 11.0, 22.0, 13.0),
            ("naam-kort", naamregels(&t.naam, 8, 2), 19.0, 24.0, 20.0),
        ] {
            for (i, regel) in regels.iter().enumerate() {
                let _ = write!(
                    tekstjes,
                    r#"<text x="{xm:.0}" y="{:.0}" font-size="{grootte}" text-anchor="middle" fill="{tekstkleur}" class="{klasse}">{}</text>"#,
                    y + eerste + stap * i as f64,
                    escape(regel),
                    xm = x + MAAT / 2.0,
                );
            }
        }
        let _ = write!(
            s,
            r#"<g><title>{naam}: {tekst}</title><rect x="{x1:.0}" y="{y1:.0}" width="{w:.0}" height="{w:.0}" rx="4" fill="{kleur}"/>{tekstjes}<text x="{xm:.0}" y="{yw:.0}" font-size="{grootte}" font-weight="700" text-anchor="middle" fill="{tekstkleur}" class="waarde naam-lang">{tekst}</text><text x="{xm:.0}" y="{yw:.0}" font-size="13" font-weight="700" text-anchor="middle" fill="{tekstkleur}" class="waarde naam-kort">{kort}</text></g>"#,
            kort = if t.waarde.is_some() {
                tekst.as_str()
            } else {
                "–"
            },
            // "onderdrukt" in a smaller size, so that it stays inside its tile
            grootte = if t.waarde.is_some() { 13 } else { 11 },
            naam = escape(&t.naam),
            x1 = x + 2.0,
            y1 = y + 2.0,
            w = MAAT - 4.0,
            xm = x + MAAT / 2.0,
            yw = y + MAAT - 14.0,
        );
    }
    for (i, (kleur, tekst)) in legenda(tegels, lo, hi).iter().enumerate() {
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="14" height="14" fill="{kleur}"/><text x="{}" y="{}" font-size="11" class="legenda">{}</text>"#,
            10.0 + 110.0 * i as f64,
            hoogte - 22.0,
            28.0 + 110.0 * i as f64,
            hoogte - 11.0,
            escape(tekst),
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_heeft_titel_en_punten() {
        let svg = lijnen(
            "Extra banen",
            &["2015".into(), "2016".into()],
            &[Reeks {
                naam: "totaal".into(),
                kleur: "#000",
                waarden: vec![Some(0.0), Some(10.0)],
            }],
            400.0,
            200.0,
        );
        assert!(svg.contains("<title id=\"grafiek-titel\">Extra banen</title>"));
        // axis 0..10 in steps of 2.5: the second point sits at the top margin (y = 36), the
        // first at the bottom (200 - 46 = 154); x runs from the left margin 110 to 400 - 20 = 380
        assert!(svg.contains("points=\"110.0,154.0 380.0,36.0\""), "{svg}");
        assert!(svg.contains(">7,5</text>"), "{svg}");
        let staaf = staven(
            "Uren",
            &[("vereist".into(), 100.0), ("geteld".into(), 50.0)],
            300.0,
            200.0,
        );
        assert_eq!(staaf.matches("<rect").count(), 2);
    }

    fn tegel(code: &str, lat: f64, lon: f64, waarde: Option<f64>) -> Tegel {
        Tegel {
            code: code.into(),
            naam: format!("regio {code}"),
            latitude: lat,
            longitude: lon,
            waarde,
        }
    }

    #[test]
    fn tegels_liggen_waar_de_regio_ligt_en_botsen_niet() {
        // north-east corner, south-west corner, and two regions on the same spot in the middle
        let t = [
            tegel("AM01", 53.5, 7.0, Some(10.0)),
            tegel("AM02", 51.0, 3.5, Some(20.0)),
            tegel("AM03", 52.2, 5.2, None),
            tegel("AM04", 52.2, 5.2, Some(30.0)),
        ];
        let p = plaats(&t);
        // the most northern-eastern point is the top-right cell, the south-western bottom-left
        assert_eq!(p[0], (KOLOMMEN - 1, 0));
        assert_eq!(p[1], (0, RIJEN - 1));
        // (52.2-51.0)/(53.5-51.0) = 0.48 -> row 8-1-3 = 4; (5.2-3.5)/(7.0-3.5) = 0.486 -> column 3
        assert_eq!(p[2], (3, 4));
        // AM04 wants the same cell and gets a free neighbour at distance 1
        assert_ne!(p[3], p[2]);
        assert_eq!(p[3].0.abs_diff(3) + p[3].1.abs_diff(4), 1);
        let svg = tegelkaart("Personen", &t);
        assert_eq!(svg.matches("<g>").count(), 4);
        assert!(
            svg.contains("<title>regio AM03: onderdrukt</title>"),
            "{svg}"
        );
        // values 10..30 in five steps of 4: 30 is the darkest shade, 10 the lightest
        assert!(svg.contains("fill=\"#154273\"/><text"));
    }

    #[test]
    fn as_met_ronde_stappen() {
        // 42694 / 4 = 10673.5 → power 10^4, first nice factor ≥ 1.067 is 2 → steps of 20.000,
        // axis 0..60.000
        assert_eq!(
            schaal([42694.0, 100.0].into_iter()),
            (0.0, 60000.0, 20000.0)
        );
        // nothing above 1: 0..1 in steps of 0.25
        assert_eq!(schaal(std::iter::empty()), (0.0, 1.0, 0.25));
        // a negative value: -30..90 → range 120 / 4 = 30 → first nice step ≥ 30 is 50 →
        // -50..100
        assert_eq!(schaal([-30.0, 90.0].into_iter()), (-50.0, 100.0, 50.0));
    }

    #[test]
    fn een_ontbrekend_jaar_breekt_de_lijn() {
        let labels: Vec<String> = ["2022", "2023", "2024", "2025"].map(String::from).to_vec();
        let svg = lijnen(
            "Doel",
            &labels,
            &[Reeks {
                naam: "doel".into(),
                kleur: "#000",
                waarden: vec![Some(10.0), Some(20.0), None, Some(40.0)],
            }],
            400.0,
            200.0,
        );
        // one line 2022–2023; 2025 stands alone (a dot, no line across 2024)
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
        // axis labels in Dutch: 0..40 in steps of 10
        assert!(svg.contains(">40</text>"), "{svg}");
        // every other x label can be hidden on a phone
        assert_eq!(svg.matches("class=\"as oneven\"").count(), 2, "{svg}");
    }

    #[test]
    fn legenda_zonder_herhaling() {
        // two regions shown with 10 and 60 persons: five steps of (60 - 10) / 5 = 10 from 10
        let t = [
            tegel("AM01", 52.0, 5.0, Some(10.0)),
            tegel("AM02", 52.0, 6.0, Some(60.0)),
        ];
        let l: Vec<String> = legenda(&t, 10.0, 60.0)
            .into_iter()
            .map(|(_, x)| x)
            .collect();
        assert_eq!(l, ["≥ 10", "≥ 20", "≥ 30", "≥ 40", "≥ 50"]);
        // one value shown (30) and one suppressed: one class, then grey
        let t = [
            tegel("AM01", 52.0, 5.0, Some(30.0)),
            tegel("AM02", 52.0, 6.0, None),
        ];
        let l: Vec<String> = legenda(&t, 30.0, 30.0)
            .into_iter()
            .map(|(_, x)| x)
            .collect();
        assert_eq!(l, ["30", "onderdrukt"]);
        // everything suppressed: only grey
        let t = [tegel("AM01", 52.0, 5.0, None)];
        assert_eq!(legenda(&t, 0.0, 0.0).len(), 1);
    }

    #[test]
    fn regionamen_passen_op_de_tegel() {
        assert_eq!(naamregels("West-Brabant", 12, 2), ["West-Brabant"]);
        assert_eq!(naamregels("West-Brabant", 8, 2), ["West-", "Brabant"]);
        assert_eq!(
            naamregels("Veluwe Stedendriehoek", 12, 2),
            ["Veluwe", "Stedendrieh."]
        );
        assert_eq!(naamregels("Groningen", 8, 2), ["Groning."]);
        assert_eq!(
            naamregels("Gooi en Vechtstreek", 12, 2),
            ["Gooi en", "Vechtstreek"]
        );
        // three lines' worth in two: the rest left off with an ellipsis
        assert_eq!(
            naamregels("Zuid-Kennemerland en IJmond", 12, 2),
            ["Zuid-", "Kennemerlan…"]
        );
        for r in naamregels("Zaanstreek/Waterland", 8, 2) {
            assert!(r.chars().count() <= 8, "{r}");
        }
    }
}
