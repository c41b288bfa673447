//! The container and text layer: CSV (dialect, encoding, BOM, `sep=`) or XLSX (first worksheet),
//! turned into a header and rows of [`Cel`]s with their physical line numbers, within the
//! [`Grenzen`] (limits) of the product.

use std::borrow::Cow;
use std::io::{Cursor, Read as _};

use calamine::{DataRef, Reader, Xlsx, open_workbook_from_rs};
use dgr_core::tekst::{MAX_FRAGMENT, fragment};

use crate::BestandFout;
use crate::cel::Cel;
use crate::grenzen::Grenzen;

/// How the file was packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Delimited text.
    Csv,
    /// Office Open XML workbook (first worksheet).
    Xlsx,
}

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codering {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte-order mark (stripped).
    Utf8MetBom,
    /// Not valid UTF-8: read as Windows-1252.
    Windows1252,
    /// Not applicable (XLSX).
    Geen,
}

/// A delivery as a table: the header and the data rows, read within [`Grenzen`].
pub struct Tabel<'a> {
    inhoud: Inhoud<'a>,
    /// Container of the file.
    pub container: Container,
    /// Encoding (CSV).
    pub codering: Codering,
    /// Field delimiter (CSV).
    pub scheidingsteken: u8,
    grenzen: Grenzen,
}

enum Inhoud<'a> {
    Csv {
        tekst: Cow<'a, str>,
        regel_verschuiving: u64,
    },
    /// The container's bytes, checked by [`controleer_xlsx`]; rows are streamed from them.
    Xlsx(&'a [u8]),
}

/// The ZIP local-file-header signature every XLSX starts with.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const BOM: &str = "\u{feff}";

/// Signatures of files people upload by mistake, with what to call them.
const ANDERE_BESTANDEN: &[(&[u8], &str)] = &[
    (b"\x89PNG", "een PNG-afbeelding"),
    (b"\xFF\xD8\xFF", "een JPEG-afbeelding"),
    (b"GIF8", "een GIF-afbeelding"),
    (b"%PDF", "een PDF-document"),
    (
        b"\xD0\xCF\x11\xE0",
        "een bestand in het oude Excel-formaat (.xls); sla het op als .xlsx of CSV",
    ),
    (b"\x1F\x8B", "een gzip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xBC\xAF", "een 7-Zip-archief"),
    (b"\xFF\xFE", "UTF-16-tekst; lever UTF-8 of Windows-1252"),
    (b"\xFE\xFF", "UTF-16-tekst; lever UTF-8 of Windows-1252"),
];

/// How many leading bytes are inspected for binary content.
const BINAIR_VENSTER: usize = 8192;

impl<'a> Tabel<'a> {
    /// Opens a delivery: XLSX when the bytes are a ZIP container (checked against the limits
    /// before anything is unpacked into memory), CSV when they are text, and an error for
    /// anything else (an image, a PDF, an old `.xls`).
    ///
    /// # Errors
    /// [`BestandFout::GeenTabel`], [`BestandFout::Grens`], [`BestandFout::Xlsx`] when the
    /// workbook cannot be read, [`BestandFout::Leeg`] when empty.
    pub fn open(
        inhoud: &'a [u8],
        bestand: &str,
        grenzen: Grenzen,
    ) -> Result<Tabel<'a>, BestandFout> {
        if inhoud.starts_with(ZIP_MAGIC) {
            controleer_xlsx(inhoud, bestand, &grenzen)?;
            return Ok(Tabel {
                inhoud: Inhoud::Xlsx(inhoud),
                container: Container::Xlsx,
                codering: Codering::Geen,
                scheidingsteken: b';',
                grenzen,
            });
        }
        if let Some(soort) = geen_tekst(inhoud) {
            return Err(BestandFout::GeenTabel {
                bestand: bestand.to_string(),
                soort: soort.to_string(),
            });
        }
        let (tekst, codering) = match std::str::from_utf8(inhoud) {
            Ok(t) => match t.strip_prefix(BOM) {
                Some(rest) => (Cow::Borrowed(rest), Codering::Utf8MetBom),
                None => (Cow::Borrowed(t), Codering::Utf8),
            },
            Err(_) => {
                let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(inhoud);
                (t, Codering::Windows1252)
            }
        };
        let eerste_regel = tekst.lines().next().unwrap_or_default();
        let (tekst, regel_verschuiving, scheidingsteken) = match sep_hint(eerste_regel) {
            Some(sep) => {
                let rest = match tekst {
                    Cow::Borrowed(t) => Cow::Borrowed(t.split_once('\n').map_or("", |(_, r)| r)),
                    Cow::Owned(t) => {
                        Cow::Owned(t.split_once('\n').map_or("", |(_, r)| r).to_string())
                    }
                };
                (rest, 1, sep)
            }
            None => {
                let sep = detecteer_scheiding(eerste_regel);
                (tekst, 0, sep)
            }
        };
        if tekst.trim().is_empty() {
            return Err(BestandFout::Leeg {
                bestand: bestand.to_string(),
            });
        }
        Ok(Tabel {
            inhoud: Inhoud::Csv {
                tekst,
                regel_verschuiving,
            },
            container: Container::Csv,
            codering,
            scheidingsteken,
            grenzen,
        })
    }

    /// Calls `per_rij(line, cells)` for every non-blank row, the header first, with the row's
    /// physical line number (1 = the file's first line, whatever its line endings). Stops at the
    /// first `Err` the callback returns.
    ///
    /// # Errors
    /// [`BestandFout::Csv`] on broken CSV structure, [`BestandFout::Xlsx`] on a broken worksheet,
    /// [`BestandFout::Grens`] when a row breaks a limit, or the callback's error.
    pub fn voor_elke_rij<F>(&self, bestand: &str, mut per_rij: F) -> Result<(), BestandFout>
    where
        F: FnMut(u64, &[Cel<'_>]) -> Result<(), BestandFout>,
    {
        match &self.inhoud {
            Inhoud::Xlsx(inhoud) => {
                // Last line of defence: the worksheet's references were checked before (see
                // `Verwijzingen`), but calamine's arithmetic on hostile XML is not ours; a
                // panic in it refuses the file instead of ending the process or the request.
                let uitkomst = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    xlsx_rijen(inhoud, bestand, &self.grenzen, &mut per_rij)
                }));
                uitkomst.unwrap_or_else(|_| {
                    Err(BestandFout::Xlsx {
                        bestand: bestand.to_string(),
                        reden: "het werkblad kan niet gelezen worden".into(),
                    })
                })
            }
            Inhoud::Csv {
                tekst,
                regel_verschuiving,
            } => csv_rijen(
                tekst,
                *regel_verschuiving,
                self.scheidingsteken,
                bestand,
                &self.grenzen,
                &mut per_rij,
            ),
        }
    }
}

fn grens(bestand: &str, regel: Option<u64>, wat: String) -> BestandFout {
    BestandFout::Grens {
        bestand: bestand.to_string(),
        regel,
        wat,
    }
}

/// Streams the records of a CSV text, checking every record against the limits before its
/// cells are built.
fn csv_rijen<F>(
    tekst: &str,
    regel_verschuiving: u64,
    scheidingsteken: u8,
    bestand: &str,
    grenzen: &Grenzen,
    per_rij: &mut F,
) -> Result<(), BestandFout>
where
    F: FnMut(u64, &[Cel<'_>]) -> Result<(), BestandFout>,
{
    let mut lezer = csv::ReaderBuilder::new()
        .delimiter(scheidingsteken)
        .has_headers(false)
        .flexible(true)
        .from_reader(tekst.as_bytes());
    let mut teller = RegelTeller::default();
    let mut record = csv::StringRecord::new();
    loop {
        let gelezen = lezer.read_record(&mut record).map_err(|e| {
            let byte = e.position().map_or(0, csv::Position::byte);
            BestandFout::Csv {
                bestand: bestand.to_string(),
                regel: teller.clone().regel_op(tekst.as_bytes(), byte) + regel_verschuiving,
                reden: csv_reden(&e),
            }
        })?;
        if !gelezen {
            return Ok(());
        }
        let byte = record.position().map_or(0, csv::Position::byte);
        let regel = teller.regel_op(tekst.as_bytes(), byte) + regel_verschuiving;
        controleer_record(&record, regel, bestand, grenzen)?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let cellen: Vec<Cel<'_>> = record
            .iter()
            .map(|v| {
                if v.is_empty() {
                    Cel::Leeg
                } else {
                    Cel::Tekst(Cow::Borrowed(v))
                }
            })
            .collect();
        per_rij(regel, &cellen)?;
    }
}

/// The csv crate's error in our words (its messages name byte offsets and field counts, never
/// values, but are English).
fn csv_reden(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "ongeldige tekens in een veld".into(),
        csv::ErrorKind::Io(_) => "het bestand kan niet gelezen worden".into(),
        _ => fragment(&e.to_string(), 120),
    }
}

fn controleer_record(
    record: &csv::StringRecord,
    regel: u64,
    bestand: &str,
    g: &Grenzen,
) -> Result<(), BestandFout> {
    if record.len() > g.max_kolommen {
        return Err(grens(
            bestand,
            Some(regel),
            format!(
                "{} kolommen; een levering heeft er ten hoogste {}",
                record.len(),
                g.max_kolommen
            ),
        ));
    }
    if record.as_byte_record().as_slice().len() > g.max_regel_bytes {
        return Err(grens(
            bestand,
            Some(regel),
            format!("de regel is langer dan {} bytes", g.max_regel_bytes),
        ));
    }
    if let Some(i) = record.iter().position(|v| v.len() > g.max_veld_bytes) {
        return Err(grens(
            bestand,
            Some(regel),
            format!("veld {} is langer dan {} bytes", i + 1, g.max_veld_bytes),
        ));
    }
    Ok(())
}

/// Physical line numbers from byte offsets, counted once over the text (linear in its size).
///
/// The csv crate's own line count is one short after a CRLF line ending (it stops a record at
/// the `\r`, and the `\n` is counted only when the next record starts), so we count `\n`s
/// ourselves up to the first byte of the record that is not a line break.
#[derive(Debug, Clone, Default)]
struct RegelTeller {
    positie: usize,
    enden: u64,
}

impl RegelTeller {
    fn regel_op(&mut self, tekst: &[u8], byte: u64) -> u64 {
        let doel = usize::try_from(byte).unwrap_or(usize::MAX).min(tekst.len());
        while self.positie < doel {
            self.stap(tekst);
        }
        while matches!(tekst.get(self.positie), Some(b'\r' | b'\n')) {
            self.stap(tekst);
        }
        self.enden + 1
    }

    /// One byte on: `\n`, `\r\n` and a lone `\r` each end one line (the csv crate ends a record
    /// at any of them, so each record gets a line of its own).
    fn stap(&mut self, tekst: &[u8]) {
        match tekst.get(self.positie) {
            Some(b'\n') => self.enden += 1,
            Some(b'\r') if tekst.get(self.positie + 1) != Some(&b'\n') => self.enden += 1,
            _ => {}
        }
        self.positie += 1;
    }
}

/// What a non-text, non-ZIP file is, if it is recognisably not a CSV.
fn geen_tekst(inhoud: &[u8]) -> Option<&'static str> {
    if let Some((_, soort)) = ANDERE_BESTANDEN.iter().find(|(m, _)| inhoud.starts_with(m)) {
        return Some(soort);
    }
    // a NUL byte never occurs in UTF-8 or Windows-1252 text; other control characters can
    // (they are escaped wherever a value is shown)
    let begin = inhoud.get(..BINAIR_VENSTER).unwrap_or(inhoud);
    begin
        .contains(&0)
        .then_some("een binair bestand (geen tekst)")
}

/// Checks an XLSX container against the limits before any part is unpacked into memory: the
/// number of parts, every part's declared and real decompressed size (a zip bomb declares
/// little and unpacks much), and the shared-string table's declared count (which the reader
/// would reserve room for at once).
fn controleer_xlsx(inhoud: &[u8], bestand: &str, g: &Grenzen) -> Result<(), BestandFout> {
    let xlsx = |reden: String| BestandFout::Xlsx {
        bestand: bestand.to_string(),
        reden: fragment(&reden, 200),
    };
    let mut archief = zip::ZipArchive::new(Cursor::new(inhoud)).map_err(|e| xlsx(e.to_string()))?;
    if archief.len() > g.xlsx_max_onderdelen {
        return Err(grens(
            bestand,
            None,
            format!(
                "XLSX met {} onderdelen; ten hoogste {}",
                archief.len(),
                g.xlsx_max_onderdelen
            ),
        ));
    }
    let (mut opgegeven_totaal, mut echt_totaal) = (0u64, 0u64);
    let te_groot = |wat: &str, max: u64| {
        grens(
            bestand,
            None,
            format!("XLSX: {wat} is uitgepakt groter dan {max} bytes"),
        )
    };
    for i in 0..archief.len() {
        let mut deel = archief.by_index(i).map_err(|e| xlsx(e.to_string()))?;
        let naam = deel
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let gedeelde_teksten = naam.ends_with("sharedstrings.xml");
        let max = if gedeelde_teksten {
            g.xlsx_max_gedeelde_teksten_bytes
        } else {
            g.xlsx_max_deel_bytes
        };
        let wat = if gedeelde_teksten {
            "de tekstentabel"
        } else {
            "een onderdeel"
        };
        opgegeven_totaal = opgegeven_totaal.saturating_add(deel.size());
        if deel.size() > max {
            return Err(te_groot(wat, max));
        }
        if opgegeven_totaal > g.xlsx_max_uitgepakt_bytes {
            return Err(te_groot("de werkmap", g.xlsx_max_uitgepakt_bytes));
        }
        let werkblad = naam.starts_with("xl/worksheets/");
        let mut kop = Vec::new();
        let mut verwijzingen = Verwijzingen::default();
        let gelezen = (&mut deel)
            .take(4096)
            .read_to_end(&mut kop)
            .and_then(|n| {
                if werkblad {
                    verwijzingen.lees(&kop);
                    verwijzingen
                        .lees_alles((&mut deel).take(max + 1))
                        .map(|m| n as u64 + m)
                } else {
                    std::io::copy(&mut (&mut deel).take(max + 1), &mut std::io::sink())
                        .map(|m| n as u64 + m)
                }
            })
            .map_err(|e| xlsx(e.to_string()))?;
        if let Some(fout) = verwijzingen.fout {
            return Err(xlsx(fout));
        }
        echt_totaal = echt_totaal.saturating_add(gelezen);
        if gelezen > max {
            return Err(te_groot(wat, max));
        }
        if echt_totaal > g.xlsx_max_uitgepakt_bytes {
            return Err(te_groot("de werkmap", g.xlsx_max_uitgepakt_bytes));
        }
        if gedeelde_teksten {
            controleer_aantal_teksten(&kop, bestand, g)?;
        }
    }
    Ok(())
}

/// Checks every cell and dimension reference of a worksheet (`r="AB12"`, `ref="A1:D2"`) while
/// the part is unpacked for the size check: a reference outside Excel's grid (more than three
/// column letters or seven row digits) or a dimension whose corners are the wrong way round makes
/// calamine 0.38 overflow its arithmetic — a panic with overflow checks, and in a release build a
/// wrapped column that could put a value in another column of the delivery (found by fuzzing).
#[derive(Default)]
struct Verwijzingen {
    /// The last bytes seen, to recognise ` r="` and ` ref="` across reads.
    venster: [u8; 6],
    /// Inside an attribute value we check: its bytes so far (at most 32 kept).
    waarde: Option<(bool, Vec<u8>)>,
    fout: Option<String>,
}

impl Verwijzingen {
    fn lees_alles(&mut self, mut r: impl std::io::Read) -> std::io::Result<u64> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut totaal = 0u64;
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                return Ok(totaal);
            }
            totaal += n as u64;
            self.lees(buf.get(..n).unwrap_or_default());
        }
    }

    fn lees(&mut self, stuk: &[u8]) {
        for &b in stuk {
            if self.fout.is_some() {
                return;
            }
            match &mut self.waarde {
                Some((bereik, w)) => {
                    if b == b'"' {
                        let (bereik, w) = (*bereik, std::mem::take(w));
                        self.waarde = None;
                        self.controleer(bereik, &w);
                    } else if w.len() < 32 {
                        w.push(b);
                    } else {
                        self.fout = Some("te lange celverwijzing in het werkblad".into());
                    }
                }
                None => {
                    self.venster.rotate_left(1);
                    self.venster[5] = b;
                    let v = &self.venster;
                    if v[3..] == *b"r=\"" && v[2].is_ascii_whitespace() {
                        self.waarde = Some((false, Vec::new()));
                    } else if v[1..] == *b"ref=\"" && v[0].is_ascii_whitespace() {
                        self.waarde = Some((true, Vec::new()));
                    }
                }
            }
        }
    }

    /// `bereik`: a `ref` (one cell or `A1:D2`, corners in order); else one cell or a row number.
    fn controleer(&mut self, bereik: bool, waarde: &[u8]) {
        let hoeken: Vec<Option<(u32, u32)>> = if bereik {
            waarde.split(|b| *b == b':').map(celpositie).collect()
        } else {
            vec![celpositie(waarde)]
        };
        let ongeldig = hoeken.iter().any(Option::is_none)
            || hoeken.len() > 2
            || matches!(hoeken.as_slice(), [Some((r1, k1)), Some((r2, k2))] if r1 > r2 || k1 > k2);
        if ongeldig {
            self.fout = Some(format!(
                "ongeldige celverwijzing '{}' in het werkblad",
                fragment(&String::from_utf8_lossy(waarde), MAX_FRAGMENT)
            ));
        }
    }
}

/// (row, column) of a reference such as `AB12` (column 0 when it has no letters), or `None`
/// outside Excel's grid (at most `XFD`, 16,384 columns, and row 1..=1,048,576).
fn celpositie(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let cijfers = r.get(letters..)?;
    if letters > 3 || cijfers.is_empty() || cijfers.len() > 7 {
        return None;
    }
    if !cijfers.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let kolom = r
        .get(..letters)?
        .iter()
        .fold(0u32, |k, b| k * 26 + u32::from(b - b'A') + 1);
    let rij: u32 = std::str::from_utf8(cijfers).ok()?.parse().ok()?;
    (kolom <= 16_384 && (1..=1_048_576).contains(&rij)).then_some((rij, kolom))
}

/// The `uniqueCount` the shared-string table declares in its first tag; calamine reserves that
/// many entries at once, so a hostile number must be refused before the workbook is opened.
fn controleer_aantal_teksten(kop: &[u8], bestand: &str, g: &Grenzen) -> Result<(), BestandFout> {
    const ATTRIBUUT: &[u8] = b"uniqueCount=";
    let Some(plek) = kop.windows(ATTRIBUUT.len()).position(|w| w == ATTRIBUUT) else {
        return Ok(());
    };
    let waarde = kop.get(plek + ATTRIBUUT.len() + 1..).unwrap_or_default();
    let cijfers: Vec<u8> = waarde
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    let aantal = std::str::from_utf8(&cijfers)
        .ok()
        .and_then(|t| t.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    if aantal > g.xlsx_max_gedeelde_teksten {
        return Err(grens(
            bestand,
            None,
            format!(
                "XLSX: de tekstentabel noemt {} teksten; ten hoogste {}",
                if aantal == u64::MAX {
                    "te veel".to_string()
                } else {
                    aantal.to_string()
                },
                g.xlsx_max_gedeelde_teksten
            ),
        ));
    }
    Ok(())
}

/// Streams the first worksheet cell by cell (calamine's cell reader allocates nothing for the
/// declared dimension), building one row at a time within the limits. Empty cells (formatting
/// only) are skipped wherever they are.
fn xlsx_rijen<F>(
    inhoud: &[u8],
    bestand: &str,
    g: &Grenzen,
    per_rij: &mut F,
) -> Result<(), BestandFout>
where
    F: FnMut(u64, &[Cel<'_>]) -> Result<(), BestandFout>,
{
    let xlsx = |reden: String| BestandFout::Xlsx {
        bestand: bestand.to_string(),
        reden: fragment(&reden, 200),
    };
    let mut werkmap: Xlsx<_> = open_workbook_from_rs(Cursor::new(inhoud))
        .map_err(|e: calamine::XlsxError| xlsx(e.to_string()))?;
    let naam = werkmap
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| xlsx("de werkmap heeft geen werkblad".into()))?;
    let mut lezer = werkmap
        .worksheet_cells_reader(&naam)
        .map_err(|e| xlsx(e.to_string()))?;
    let mut rij: Option<u32> = None;
    let mut cellen: Vec<Cel<'static>> = Vec::new();
    while let Some(cel) = lezer.next_cell().map_err(|e| xlsx(e.to_string()))? {
        let waarde = cel.get_value();
        if matches!(waarde, DataRef::Empty) {
            continue;
        }
        let (r, k) = cel.get_position();
        let regel = u64::from(r) + 1;
        if r >= g.xlsx_max_rijen {
            return Err(grens(
                bestand,
                Some(regel),
                format!("een werkblad heeft ten hoogste {} rijen", g.xlsx_max_rijen),
            ));
        }
        let kolom = k as usize;
        if kolom >= g.max_kolommen {
            return Err(grens(
                bestand,
                Some(regel),
                format!(
                    "cel in kolom {}; een levering heeft ten hoogste {} kolommen",
                    kolom + 1,
                    g.max_kolommen
                ),
            ));
        }
        match rij {
            Some(h) if h == r => {}
            Some(h) if r < h => {
                return Err(xlsx(format!(
                    "rij {regel} staat na rij {} in het werkblad",
                    u64::from(h) + 1
                )));
            }
            vorige => {
                if let Some(h) = vorige {
                    lever_rij(u64::from(h) + 1, &mut cellen, per_rij)?;
                }
                rij = Some(r);
            }
        }
        let c = xlsx_cel(waarde);
        if c.als_tekst().len() > g.max_veld_bytes {
            return Err(grens(
                bestand,
                Some(regel),
                format!(
                    "cel in kolom {} is langer dan {} bytes",
                    kolom + 1,
                    g.max_veld_bytes
                ),
            ));
        }
        if cellen.len() <= kolom {
            cellen.resize(kolom + 1, Cel::Leeg);
        }
        if let Some(plek) = cellen.get_mut(kolom) {
            *plek = c;
        }
    }
    if let Some(h) = rij {
        lever_rij(u64::from(h) + 1, &mut cellen, per_rij)?;
    }
    Ok(())
}

fn lever_rij<F>(
    regel: u64,
    cellen: &mut Vec<Cel<'static>>,
    per_rij: &mut F,
) -> Result<(), BestandFout>
where
    F: FnMut(u64, &[Cel<'_>]) -> Result<(), BestandFout>,
{
    let uitkomst = if cellen.iter().all(Cel::is_leeg) {
        Ok(())
    } else {
        per_rij(regel, cellen)
    };
    cellen.clear();
    uitkomst
}

/// Excel's `sep=;` hint on the first line (FORMATS.md): the delimiter it names.
fn sep_hint(regel: &str) -> Option<u8> {
    let r = regel.trim_end_matches(['\r', '\n']).trim();
    let rest = r.strip_prefix("sep=").or_else(|| r.strip_prefix("SEP="))?;
    let rest = rest.trim_matches('"');
    match rest.as_bytes() {
        [b] => Some(*b),
        _ => None,
    }
}

/// The delimiter of a header line: `;` or `,`, whichever occurs more often outside quotes
/// (`;` when neither occurs).
fn detecteer_scheiding(kop: &str) -> u8 {
    let (mut puntkomma, mut komma, mut in_quotes) = (0, 0, false);
    for c in kop.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => puntkomma += 1,
            ',' if !in_quotes => komma += 1,
            _ => {}
        }
    }
    if komma > puntkomma { b',' } else { b';' }
}

fn xlsx_cel(data: &DataRef<'_>) -> Cel<'static> {
    match data {
        DataRef::Empty => Cel::Leeg,
        DataRef::String(s) => Cel::Tekst(Cow::Owned(s.clone())),
        DataRef::SharedString(s) => Cel::Tekst(Cow::Owned((*s).to_string())),
        DataRef::Float(f) => Cel::Getal(*f),
        DataRef::Int(i) => Cel::Getal(*i as f64),
        DataRef::Bool(b) => Cel::Tekst(Cow::Owned(if *b { "WAAR" } else { "ONWAAR" }.into())),
        DataRef::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(d) => Cel::Datum(d.date()),
            None => Cel::Fout("ongeldige datumcel".into()),
        },
        DataRef::DateTime(dt) => Cel::Getal(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cel::Tekst(Cow::Owned(s.clone())),
        DataRef::Error(e) => Cel::Fout(format!("{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheidingsteken_en_sep_hint() {
        assert_eq!(detecteer_scheiding("bsn;grondslag;mutatie"), b';');
        assert_eq!(detecteer_scheiding("bsn,grondslag,mutatie"), b',');
        assert_eq!(detecteer_scheiding("\"a;b\",c,d"), b',');
        assert_eq!(sep_hint("sep=;\r\n"), Some(b';'));
        assert_eq!(sep_hint("bsn;x"), None);
    }
}
