//! The rejection file of an `accept-valid` delivery (FORMATS.md "Row errors"): the rejected rows
//! in the delivery's own format (CSV with the same delimiter, or XLSX), each with its line and
//! reasons, for the source to correct and re-deliver.

use std::collections::BTreeMap;

use dgr_core::tekst::neutraliseer_csv;

use crate::Grenzen;
use crate::bestand::{Container, Tabel};
use crate::{BestandFout, RijFout};

/// Extra columns added to the delivery's own header.
pub const AFWIJZING_KOLOMMEN: [&str; 2] = ["afwijzing_regel", "afwijzing_reden"];

/// Writes the rejection file for `fouten` from the original delivery bytes. The BSN in a reason
/// is already masked; the row itself is the source's own data going back to the source.
///
/// # Errors
/// [`BestandFout`] if the original cannot be re-read (it was read before, so only on a defect),
/// or XLSX writing fails.
pub fn schrijf(
    inhoud: &[u8],
    bestand: &str,
    fouten: &[RijFout],
) -> Result<(Vec<u8>, Container), BestandFout> {
    let mut redenen: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for f in fouten {
        let tekst = if f.kolom.is_empty() {
            f.reden.clone()
        } else {
            format!("{}: {}", f.kolom, f.reden)
        };
        redenen.entry(f.regel).or_default().push(tekst);
    }
    let tabel = Tabel::open(inhoud, bestand, Grenzen::STANDAARD)?;
    let mut rijen: Vec<Vec<String>> = Vec::new();
    let mut kop = true;
    tabel.voor_elke_rij(bestand, |regel, cellen| {
        let mut velden: Vec<String> = cellen.iter().map(|c| c.als_tekst().into_owned()).collect();
        if kop {
            kop = false;
            while velden.last().is_some_and(String::is_empty) {
                velden.pop();
            }
            velden.extend(AFWIJZING_KOLOMMEN.iter().map(|s| (*s).to_string()));
            rijen.push(velden);
        } else if let Some(r) = redenen.get(&regel) {
            let breedte = rijen
                .first()
                .map_or(0, |k| k.len() - AFWIJZING_KOLOMMEN.len());
            velden.resize(breedte.max(velden.len()), String::new());
            velden.truncate(breedte.max(1));
            velden.push(regel.to_string());
            velden.push(r.join("; "));
            rijen.push(velden);
        }
        Ok(())
    })?;
    match tabel.container {
        Container::Csv => Ok((schrijf_csv(&rijen, tabel.scheidingsteken), Container::Csv)),
        Container::Xlsx => schrijf_xlsx(&rijen)
            .map(|b| (b, Container::Xlsx))
            .map_err(|reden| BestandFout::Xlsx {
                bestand: bestand.to_string(),
                reden,
            }),
    }
}

fn schrijf_csv(rijen: &[Vec<String>], scheiding: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(scheiding)
        .flexible(true)
        .from_writer(Vec::new());
    for r in rijen {
        // Writing to a Vec cannot fail. Cells that a spreadsheet would run are neutralised
        // (OWASP CSV injection): the file goes back to the source, who opens it in Excel.
        let _ = w.write_record(r.iter().map(|c| neutraliseer_csv(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// Excel's longest cell text (characters); a longer value (possible within `max_veld_bytes`)
/// is cut there so the rejection file can still be written.
const EXCEL_MAX_TEKENS: usize = 32_767;

fn excel_cel(v: &str) -> &str {
    match v.char_indices().nth(EXCEL_MAX_TEKENS) {
        Some((i, _)) => v.get(..i).unwrap_or(v),
        None => v,
    }
}

fn schrijf_xlsx(rijen: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut boek = rust_xlsxwriter::Workbook::new();
    let blad = boek.add_worksheet();
    for (i, r) in rijen.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            let (rij, kol) = (
                u32::try_from(i).map_err(|e| e.to_string())?,
                u16::try_from(j).map_err(|e| e.to_string())?,
            );
            blad.write_string(rij, kol, excel_cel(v))
                .map_err(|e| e.to_string())?;
        }
    }
    boek.save_to_buffer().map_err(|e| e.to_string())
}
