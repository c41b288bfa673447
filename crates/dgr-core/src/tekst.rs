//! Text from outside made safe to show: bounded excerpts for error messages, CSV cells that
//! spreadsheet programs will not execute, and terminal output without control sequences.
//!
//! Every value that comes from a delivery file, an upload or a form may be hostile: a 200 MB
//! field, an `ESC [` sequence that repaints the operator's terminal, or `=HYPERLINK(…)` that a
//! spreadsheet runs when a rejection file or a CSV report is opened. These functions are the one
//! place where such text is neutralised (issue #9, items 5 and 7).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Longest excerpt of an input value shown in an error or report (characters).
pub const MAX_FRAGMENT: usize = 40;

/// Whether `c` must not reach a terminal or a log line raw: C0 and C1 control characters, DEL,
/// and the Unicode bidirectional overrides and isolates (which reorder what a reader sees).
pub fn is_stuurteken(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A bounded, printable excerpt of an input value: control characters written as `\u{1b}`
/// escapes, and at most `max_tekens` characters of the value (then `…`).
///
/// ```
/// use dgr_core::tekst::fragment;
/// assert_eq!(fragment("a\u{1b}[2Jb", 40), "a\\u{1b}[2Jb");
/// assert_eq!(fragment("abcdef", 3), "abc…");
/// ```
pub fn fragment(waarde: &str, max_tekens: usize) -> String {
    let mut uit = String::with_capacity(waarde.len().min(max_tekens * 4 + 3));
    for (n, c) in waarde.chars().enumerate() {
        if n == max_tekens {
            uit.push('…');
            break;
        }
        if is_stuurteken(c) {
            let _ = write!(uit, "\\u{{{:x}}}", u32::from(c));
        } else {
            uit.push(c);
        }
    }
    uit
}

/// Free text typed into a form, as kept: trimmed, without control characters and bidirectional
/// overrides ([`is_stuurteken`]; line breaks stay), at most `max_tekens` characters (the rest is
/// dropped, not marked: the person sees what was kept).
///
/// ```
/// use dgr_core::tekst::invoer;
/// assert_eq!(invoer("  a\u{1b}[31m\u{202e}b\nc  ", 10), "a[31mb\nc");
/// assert_eq!(invoer("abcdef", 3), "abc");
/// ```
pub fn invoer(tekst: &str, max_tekens: usize) -> String {
    tekst
        .trim()
        .chars()
        .filter(|&c| c == '\n' || !is_stuurteken(c))
        .take(max_tekens)
        .collect()
}

/// Where the first control character that [`voor_terminal`] escapes starts in `tekst` (a byte
/// offset), if any. Printable ASCII, line breaks and tabs are passed over 64 bytes at a time
/// without decoding: a report of megabytes is nearly all of them (issue #13); every other
/// character is decoded and checked.
fn eerste_stuurteken(tekst: &str) -> Option<usize> {
    let veilig = |b: &u8| matches!(b, b' '..=b'~' | b'\n' | b'\t');
    let bytes = tekst.as_bytes();
    let mut i = 0;
    // `i` only moves past ASCII bytes and whole characters, so it always starts a character
    while let Some(rest) = bytes.get(i..).filter(|r| !r.is_empty()) {
        // whole blocks only where the text goes on in ASCII (text dense in accents would
        // otherwise test a block per character)
        let blokken = if rest.first().is_some_and(veilig) {
            rest.chunks_exact(64)
                .take_while(|blok| blok.iter().fold(true, |alle, b| alle & veilig(b)))
                .count()
        } else {
            0
        };
        let staart = rest.get(blokken * 64..).unwrap_or_default();
        i += blokken * 64 + staart.iter().take_while(|b| veilig(b)).count();
        let c = tekst.get(i..)?.chars().next()?;
        if is_stuurteken(c) && c != '\n' && c != '\t' {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Text for a terminal: control characters escaped as in [`fragment`], except the line breaks
/// and tabs that the program itself lays out with. Values from files have already been through
/// [`fragment`] (which escapes their line breaks too); this is the last line of defence.
pub fn voor_terminal(tekst: &str) -> Cow<'_, str> {
    if eerste_stuurteken(tekst).is_none() {
        return Cow::Borrowed(tekst);
    }
    let mut uit = String::with_capacity(tekst.len() + 16);
    for c in tekst.chars() {
        if is_stuurteken(c) && c != '\n' && c != '\t' {
            let _ = write!(uit, "\\u{{{:x}}}", u32::from(c));
        } else {
            uit.push(c);
        }
    }
    Cow::Owned(uit)
}

/// A CSV cell that a spreadsheet will show as text instead of running it (OWASP "CSV
/// injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading apostrophe. A plain number (`-3`, `+1,5`, `-0.25`) is left as it is: it cannot be a
/// formula, and our reports write negative changes.
///
/// ```
/// use dgr_core::tekst::neutraliseer_csv;
/// assert_eq!(neutraliseer_csv("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutraliseer_csv("-3"), "-3");
/// assert_eq!(neutraliseer_csv("Rechtbank"), "Rechtbank");
/// ```
pub fn neutraliseer_csv(cel: &str) -> Cow<'_, str> {
    let gevaarlijk = cel
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if gevaarlijk && !is_getal(cel) {
        Cow::Owned(format!("'{cel}"))
    } else {
        Cow::Borrowed(cel)
    }
}

/// A signed decimal number with `.` or `,` as decimal separator and nothing else.
fn is_getal(s: &str) -> bool {
    let rest = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut cijfers = 0;
    let mut scheidingen = 0;
    for c in rest.chars() {
        match c {
            '0'..='9' => cijfers += 1,
            '.' | ',' => scheidingen += 1,
            _ => return false,
        }
    }
    cijfers > 0 && scheidingen <= 1
}

/// A Dutch description of an operating-system I/O error (the `io::ErrorKind`), without the
/// English text and OS error number the standard library writes (issue #12: no English inside a
/// Dutch sentence).
pub fn io_uitleg(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "bestand of map bestaat niet",
        K::PermissionDenied => "geen toestemming (rechten van bestand of map)",
        K::AlreadyExists => "bestaat al",
        K::IsADirectory => "is een map, geen bestand",
        K::NotADirectory => "een deel van het pad is geen map",
        K::DirectoryNotEmpty => "de map is niet leeg",
        K::ReadOnlyFilesystem => "het bestandssysteem is alleen-lezen",
        K::StorageFull | K::QuotaExceeded => "de schijf is vol",
        K::FileTooLarge => "het bestand is te groot",
        K::InvalidData => "ongeldige gegevens (geen leesbare tekst of beschadigd bestand)",
        K::UnexpectedEof => "het bestand houdt onverwacht op",
        K::BrokenPipe => "de uitvoer werd gesloten",
        K::Interrupted => "onderbroken",
        K::TimedOut => "duurde te lang (time-out)",
        K::ConnectionRefused => "verbinding geweigerd",
        K::ConnectionReset | K::ConnectionAborted => "verbinding verbroken",
        K::AddrInUse => "het adres (poort) is al in gebruik",
        K::AddrNotAvailable => "het adres is op deze machine niet beschikbaar",
        K::OutOfMemory => "onvoldoende geheugen",
        K::InvalidFilename => "ongeldige bestandsnaam",
        _ => "invoer-/uitvoerfout",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragmenten_zijn_begrensd_en_zonder_stuurtekens() {
        let lang = "x".repeat(200_000_000 / 1000);
        let f = fragment(&lang, MAX_FRAGMENT);
        // 40 characters and the ellipsis
        assert_eq!(f.chars().count(), 41);
        assert_eq!(fragment("a\u{1b}b", 40), "a\\u{1b}b");
        assert_eq!(fragment("r\r\nn", 40), "r\\u{d}\\u{a}n");
        assert_eq!(fragment("\u{202e}abc", 40), "\\u{202e}abc");
        assert_eq!(fragment("", 40), "");
    }

    #[test]
    fn terminal_houdt_regels_maar_geen_escapes() {
        assert_eq!(voor_terminal("a\nb\tc"), "a\nb\tc");
        assert_eq!(voor_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(voor_terminal("\u{9b}x"), "\\u{9b}x");
    }

    #[test]
    fn terminal_vindt_stuurtekens_achter_lange_veilige_tekst() {
        // the fast path looks at 64-byte blocks: a control character in the first block, on a
        // block's last and first byte, after non-ASCII text and in a short last block
        let veilig = "x".repeat(64);
        for (voor, teken, na) in [
            ("", "\u{1b}", "y"),
            (&veilig[..63], "\u{7}", "y"),
            (veilig.as_str(), "\u{1b}", "y"),
            (&"é".repeat(40), "\u{9b}", ""),
            (&format!("{veilig}{veilig}ab"), "\u{202e}", "c"),
        ] {
            let tekst = format!("{voor}{teken}{na}");
            let verwacht = format!(
                "{voor}\\u{{{:x}}}{na}",
                u32::from(teken.chars().next().unwrap_or(' '))
            );
            assert_eq!(
                voor_terminal(&tekst),
                verwacht,
                "{:?}",
                &tekst[..tekst.len().min(8)]
            );
        }
        // nothing to escape: the text itself, also when its length is not a multiple of 64
        for tekst in [
            format!("{veilig}\n\tz"),
            format!("{veilig}{veilig}"),
            "é ü".into(),
            String::new(),
        ] {
            assert!(matches!(voor_terminal(&tekst), Cow::Borrowed(t) if t == tekst));
        }
    }

    #[test]
    fn owasp_csv_injectie() {
        for gevaarlijk in [
            "=1+1",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"a\")",
        ] {
            assert_eq!(neutraliseer_csv(gevaarlijk), format!("'{gevaarlijk}"));
        }
        for veilig in ["-3", "+1,5", "-0.25", "12", "Rechtbank", "", "a=b"] {
            assert_eq!(neutraliseer_csv(veilig), veilig);
        }
        // a lone sign or two separators is not a number
        assert_eq!(neutraliseer_csv("-"), "'-");
        assert_eq!(neutraliseer_csv("-1.2.3"), "'-1.2.3");
    }
}
