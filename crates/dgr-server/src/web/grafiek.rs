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
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="grafiek-titel" class="grafiek"><title id="grafiek-titel">{}</title>"#,
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
}
