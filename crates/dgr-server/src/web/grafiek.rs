//! Small server-rendered SVG charts (bars and lines) with an accessible title; the data are
//! always shown as a table beside the chart.

use std::fmt::Write as _;

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
    let (links, onder, boven, rechts) = (70.0, 40.0, 20.0, 20.0);
    let max = reeksen
        .iter()
        .flat_map(|r| r.waarden.iter().flatten())
        .copied()
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = labels.len().max(2) as f64 - 1.0;
    let x = |i: usize| links + (breedte - links - rechts) * i as f64 / n;
    let y = |v: f64| boven + (hoogte - boven - onder) * (1.0 - v / max);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="{id}" class="grafiek"><title id="{id}">{}</title>"#,
        escape(titel)
    );
    for stap in 0..=4 {
        let v = max * f64::from(stap) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{links}" x2="{}" y1="{y}" y2="{y}" stroke="#d0d7e2"/><text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>"##,
            breedte - rechts,
            links - 6.0,
            y(v) + 4.0,
            (v.round() as i64),
            y = y(v)
        );
    }
    for (i, l) in labels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>"#,
            x(i),
            hoogte - onder + 16.0,
            escape(l)
        );
    }
    for (k, r) in reeksen.iter().enumerate() {
        let punten: Vec<String> = r
            .waarden
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        let _ = write!(
            s,
            r#"<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>"#,
            r.kleur,
            punten.join(" ")
        );
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" font-size="12">{}</text>"#,
            links + 10.0 + 170.0 * k as f64,
            4.0,
            r.kleur,
            links + 26.0 + 170.0 * k as f64,
            14.0,
            escape(&r.naam)
        );
    }
    s.push_str("</svg>");
    s
}

/// A bar chart with one bar per (label, value).
pub fn staven(titel: &str, staven: &[(String, f64)], breedte: f64, hoogte: f64) -> String {
    let (links, onder, boven) = (70.0, 40.0, 20.0);
    let max = staven
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
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
            r##"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#154273"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{:.0}</text>"##,
            hoogte - onder - h,
            vak * 0.7,
            x0 + vak * 0.35,
            hoogte - onder + 16.0,
            escape(label),
            x0 + vak * 0.35,
            hoogte - onder - h - 4.0,
            v
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

/// A tile map: one square per region at roughly its place in the country, shaded by value
/// (five equal steps from the smallest to the largest shown value), suppressed regions grey.
/// Each tile carries its name and value as a tooltip; the page shows the same data as a table.
pub fn tegelkaart(titel: &str, tegels: &[Tegel]) -> String {
    const MAAT: f64 = 84.0;
    const KLEUREN: [&str; 5] = ["#dce6f2", "#a9c1de", "#6f96c4", "#3a6aa3", "#154273"];
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
        let (kleur, tekstkleur, tekst) = match t.waarde {
            Some(v) => {
                let i = stap(v);
                (
                    KLEUREN[i],
                    if i >= 2 { "#fff" } else { "#1a1a1a" },
                    format!("{v:.0}"),
                )
            }
            None => ("#e6e6e6", "#1a1a1a", "onderdrukt".to_string()),
        };
        let kort: String = t.naam.chars().take(11).collect();
        let _ = write!(
            s,
            r#"<g><title>{naam} ({code}): {tekst}</title><rect x="{x1:.0}" y="{y1:.0}" width="{w:.0}" height="{w:.0}" rx="4" fill="{kleur}"/><text x="{xm:.0}" y="{yt:.0}" font-size="11" text-anchor="middle" fill="{tekstkleur}">{kort}</text><text x="{xm:.0}" y="{yw:.0}" font-size="13" font-weight="700" text-anchor="middle" fill="{tekstkleur}">{tekst}</text></g>"#,
            naam = escape(&t.naam),
            code = escape(&t.code),
            x1 = x + 2.0,
            y1 = y + 2.0,
            w = MAAT - 4.0,
            xm = x + MAAT / 2.0,
            yt = y + MAAT / 2.0 - 4.0,
            yw = y + MAAT / 2.0 + 14.0,
            kort = escape(&kort),
        );
    }
    for (i, kleur) in KLEUREN.iter().enumerate() {
        let van = lo + (hi - lo) * i as f64 / 5.0;
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="14" height="14" fill="{kleur}"/><text x="{}" y="{}" font-size="11">≥ {van:.0}</text>"#,
            10.0 + 110.0 * i as f64,
            hoogte - 22.0,
            28.0 + 110.0 * i as f64,
            hoogte - 11.0,
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
        // max 10: the second point sits at the top margin (y = 20), the first at the bottom (200 - 40)
        assert!(svg.contains("points=\"70.0,160.0 380.0,20.0\""), "{svg}");
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
        assert!(svg.contains("regio AM03 (AM03): onderdrukt"), "{svg}");
        // values 10..30 in five steps of 4: 30 is the darkest shade, 10 the lightest
        assert!(svg.contains("fill=\"#154273\"/><text"));
    }
}
