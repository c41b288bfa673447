//! A real XLSX around fuzz bytes: a workbook made once with rust_xlsxwriter (the registraties
//! header and one valid row), whose worksheet and/or shared-string table are replaced by the
//! fuzz input and re-zipped, so the fuzzer spends its time in the sheet parser instead of in
//! the zip reader.

use std::io::{Cursor, Read as _, Write as _};
use std::sync::LazyLock;

/// The worksheet part replaced by [`Deel::Werkblad`].
pub const WERKBLAD: &str = "xl/worksheets/sheet1.xml";
/// The shared-string part replaced by [`Deel::Teksten`].
pub const TEKSTEN: &str = "xl/sharedStrings.xml";

/// The parts (name, content) of the template workbook, in zip order.
static SJABLOON: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let bytes = match sjabloon_xlsx() {
        Ok(b) => b,
        Err(e) => unreachable!("sjabloon: {e}"),
    };
    match delen(&bytes) {
        Ok(d) => d,
        Err(e) => unreachable!("sjabloon uitpakken: {e}"),
    }
});

/// The template: the registraties header and one valid row, strings in the shared-string table.
fn sjabloon_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut boek = rust_xlsxwriter::Workbook::new();
    let blad = boek.add_worksheet();
    let rijen = [
        ["bsn", "grondslag", "mutatie", "ingangsdatum"],
        ["111222333", "WAJONG", "OPVOER", "2024-03-01"],
    ];
    for (r, rij) in (0u32..).zip(rijen) {
        for (k, waarde) in (0u16..).zip(rij) {
            blad.write_string(r, k, waarde)?;
        }
    }
    blad.write_number(2, 0, 123_456_782.0)?;
    boek.save_to_buffer()
}

/// The parts of a zip archive, in order.
///
/// # Errors
/// The zip crate's error as text.
pub fn delen(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archief = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut uit = Vec::new();
    for i in 0..archief.len() {
        let mut deel = archief.by_index(i).map_err(|e| e.to_string())?;
        let naam = deel.name().map_err(|e| e.to_string())?.to_string();
        let mut inhoud = Vec::new();
        deel.read_to_end(&mut inhoud).map_err(|e| e.to_string())?;
        uit.push((naam, inhoud));
    }
    Ok(uit)
}

/// Which part of the template the fuzz bytes replace.
#[derive(Debug, Clone, Copy)]
pub enum Deel {
    /// The first worksheet.
    Werkblad,
    /// The shared-string table.
    Teksten,
}

/// The template workbook with the given parts replaced, stored uncompressed (the reader's zip
/// checks see the real sizes).
pub fn met_delen(vervangen: &[(Deel, &[u8])]) -> Vec<u8> {
    let mut schrijver = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opties =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (naam, inhoud) in SJABLOON.iter() {
        let nieuw = vervangen.iter().find_map(|(deel, bytes)| {
            let doel = match deel {
                Deel::Werkblad => WERKBLAD,
                Deel::Teksten => TEKSTEN,
            };
            (doel == naam).then_some(*bytes)
        });
        let inhoud = nieuw.unwrap_or(inhoud);
        if schrijver.start_file(naam.as_str(), opties).is_err()
            || schrijver.write_all(inhoud).is_err()
        {
            unreachable!("zip schrijven in het geheugen mislukt");
        }
    }
    match schrijver.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => unreachable!("zip afronden: {e}"),
    }
}

/// The template's content of one part (for seeds).
pub fn sjabloon_deel(deel: Deel) -> Vec<u8> {
    let doel = match deel {
        Deel::Werkblad => WERKBLAD,
        Deel::Teksten => TEKSTEN,
    };
    SJABLOON
        .iter()
        .find(|(n, _)| n == doel)
        .map(|(_, b)| b.clone())
        .unwrap_or_default()
}
