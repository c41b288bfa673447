//! The layering of `dgr-server` (issue #10): no two files of `src` may depend on each other,
//! directly or through others.
//!
//! The test reads every `.rs` file under `src`, derives the file-level dependency graph from the
//! paths in the source, and fails listing the files of every cycle (strongly connected component
//! of more than one file). A dependency is:
//! - a path that starts with `crate::`, `super::` or `self::` (in a `use` tree or inline, in an
//!   attribute as well), resolved to the file of its longest module prefix (`crate::a::b::C` is
//!   `a/b.rs` or `a/b/mod.rs` when one exists, else `a.rs` or `a/mod.rs`, else `lib.rs`);
//!   `super` is resolved from the module the path stands in (inline `mod tests { use super::*; }`
//!   is the file itself);
//! - a path that starts with the name of one of the file's own submodules (`paginas::start` in
//!   `web/mod.rs`), and a `mod x;` declaration: a parent depends on its children, so a child may
//!   not use its parent back.
//!
//! In `lib.rs`, the crate root, the `mod` declarations and the `pub use` re-exports are left out
//! (every file hangs below the root by its declaration); what `lib.rs` itself calls counts, so
//! nothing else may use an item that lives in `lib.rs`. Comments, string and character literals
//! are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files (relative to `src`, with `/`) and the files each depends on.
type Graaf = BTreeMap<String, BTreeSet<String>>;

/// Every `.rs` file under `map`, relative to `basis`, with `/` as separator.
fn bestanden(basis: &Path, map: &Path, uit: &mut Vec<String>) -> Result<(), String> {
    let lijst = std::fs::read_dir(map).map_err(|e| format!("{}: {e}", map.display()))?;
    for item in lijst {
        let pad: PathBuf = item.map_err(|e| e.to_string())?.path();
        if pad.is_dir() {
            bestanden(basis, &pad, uit)?;
        } else if pad.extension().is_some_and(|e| e == "rs") {
            let rel = pad.strip_prefix(basis).map_err(|e| e.to_string())?;
            let delen: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            uit.push(delen.join("/"));
        }
    }
    Ok(())
}

/// The module path of a file: `lib.rs` is the root, `a/mod.rs` and `a.rs` are `a`, `a/b.rs` is
/// `a::b`.
fn module_pad(bestand: &str) -> Vec<String> {
    let zonder = bestand.strip_suffix(".rs").unwrap_or(bestand);
    let mut delen: Vec<String> = zonder.split('/').map(str::to_string).collect();
    if delen
        .last()
        .is_some_and(|d| d == "mod" || d == "lib" || d == "main")
    {
        delen.pop();
    }
    delen
}

/// The source without comments, string literals and character literals (each replaced by a
/// space), so that a `crate::` in a doc comment or a template does not count.
fn zonder_tekst(bron: &str) -> String {
    let c: Vec<char> = bron.chars().collect();
    let mut uit = String::with_capacity(bron.len());
    let mut i = 0;
    let ident = |x: char| x.is_alphanumeric() || x == '_';
    while i < c.len() {
        let x = c[i];
        let volgende = c.get(i + 1).copied();
        if x == '/' && volgende == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if x == '/' && volgende == Some('*') {
            let mut diepte = 0usize;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    diepte += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    diepte -= 1;
                    i += 2;
                    if diepte == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            uit.push(' ');
            continue;
        }
        let vorige_ident = i > 0 && ident(c[i - 1]);
        // raw strings: r"…", r#"…"#, br"…"
        if !vorige_ident && (x == 'r' || (x == 'b' && volgende == Some('r'))) {
            let mut j = if x == 'b' { i + 2 } else { i + 1 };
            let mut hekjes = 0;
            while c.get(j) == Some(&'#') {
                hekjes += 1;
                j += 1;
            }
            if c.get(j) == Some(&'"') {
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (1..=hekjes).all(|k| c.get(j + k) == Some(&'#')) {
                        j += 1 + hekjes;
                        break;
                    }
                    j += 1;
                }
                uit.push(' ');
                i = j;
                continue;
            }
        }
        if x == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                if c[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            uit.push(' ');
            i = j + 1;
            continue;
        }
        if x == '\'' {
            // a character literal ('a', '\n', '\u{1F600}'), else a lifetime or label
            if volgende == Some('\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                uit.push(' ');
                i = j + 1;
                continue;
            }
            if c.get(i + 2) == Some(&'\'') {
                uit.push(' ');
                i += 3;
                continue;
            }
        }
        uit.push(x);
        i += 1;
    }
    uit
}

/// A token of the cleaned source.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An identifier, keyword or number.
    Naam(String),
    /// `::`.
    Pad,
    /// `{`.
    Open,
    /// `}`.
    Dicht,
    /// `,`.
    Komma,
    /// `;`.
    Eind,
    /// `*`.
    Ster,
    /// Any other character.
    Anders(char),
}

/// The tokens of cleaned source (see [`zonder_tekst`]).
fn tokens(schoon: &str) -> Vec<Token> {
    let c: Vec<char> = schoon.chars().collect();
    let mut uit = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let x = c[i];
        if x.is_whitespace() {
            i += 1;
        } else if x.is_alphanumeric() || x == '_' {
            let begin = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let naam: String = c[begin..i].iter().collect();
            // a raw identifier r#naam is the identifier
            uit.push(Token::Naam(naam));
        } else if x == ':' && c.get(i + 1) == Some(&':') {
            uit.push(Token::Pad);
            i += 2;
        } else {
            uit.push(match x {
                '{' => Token::Open,
                '}' => Token::Dicht,
                ',' => Token::Komma,
                ';' => Token::Eind,
                '*' => Token::Ster,
                ander => Token::Anders(ander),
            });
            i += 1;
        }
    }
    uit
}

/// Reads a `use` tree from `t[*i]`; returns every path in it (a glob is its prefix).
fn use_boom(t: &[Token], i: &mut usize, prefix: &[String]) -> Vec<Vec<String>> {
    let mut pad = prefix.to_vec();
    if t.get(*i) == Some(&Token::Pad) {
        // `use ::extern_crate::…`
        pad.push("::".into());
        *i += 1;
    }
    loop {
        match t.get(*i) {
            Some(Token::Open) => {
                *i += 1;
                let mut uit = Vec::new();
                while *i < t.len() && t[*i] != Token::Dicht {
                    if t[*i] == Token::Komma {
                        *i += 1;
                        continue;
                    }
                    let voor = *i;
                    uit.extend(use_boom(t, i, &pad));
                    if *i == voor {
                        *i += 1;
                    }
                }
                *i += 1;
                return uit;
            }
            Some(Token::Ster) => {
                *i += 1;
                return vec![pad];
            }
            Some(Token::Naam(n)) => {
                pad.push(n.clone());
                *i += 1;
                if t.get(*i) == Some(&Token::Pad) {
                    *i += 1;
                    continue;
                }
                if t.get(*i) == Some(&Token::Naam("as".into())) {
                    *i += 2;
                }
                return vec![pad];
            }
            _ => return vec![pad],
        }
    }
}

/// The module a path names, from the module `huidig` it stands in: `None` for an outside path
/// (another crate, the prelude, a local item).
fn absoluut(
    pad: &[String],
    huidig: &[String],
    modules: &BTreeMap<Vec<String>, String>,
) -> Option<Vec<String>> {
    let (eerste, rest) = pad.split_first()?;
    let mut basis: Vec<String> = match eerste.as_str() {
        "crate" => Vec::new(),
        "self" => huidig.to_vec(),
        "super" => {
            let mut b = huidig.to_vec();
            b.pop()?;
            b
        }
        naam => {
            let mut kind = huidig.to_vec();
            kind.push(naam.to_string());
            if !modules.contains_key(&kind) {
                return None;
            }
            return Some(pad_na(kind, rest));
        }
    };
    let mut rest = rest;
    while let Some((s, verder)) = rest.split_first() {
        if s != "super" {
            break;
        }
        basis.pop()?;
        rest = verder;
    }
    Some(pad_na(basis, rest))
}

/// `basis` followed by `rest`.
fn pad_na(mut basis: Vec<String>, rest: &[String]) -> Vec<String> {
    basis.extend(rest.iter().cloned());
    basis
}

/// The file of the longest module prefix of `pad` (the root's file when none).
fn bestand_van(pad: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    (0..=pad.len())
        .rev()
        .find_map(|n| modules.get(&pad[..n]).cloned())
}

/// The files `bestand` (with source `bron`) depends on.
fn afhankelijkheden(
    bestand: &str,
    bron: &str,
    modules: &BTreeMap<Vec<String>, String>,
) -> BTreeSet<String> {
    let wortel = module_pad(bestand).is_empty();
    let t = tokens(&zonder_tekst(bron));
    let naam = |i: usize| match t.get(i) {
        Some(Token::Naam(n)) => Some(n.as_str()),
        _ => None,
    };
    let mut doelen: Vec<Vec<String>> = Vec::new();
    // inline modules we are in: (name, brace depth at their opening)
    let mut binnen: Vec<(String, usize)> = Vec::new();
    let mut diepte = 0usize;
    let mut i = 0;
    while i < t.len() {
        let mut huidig = module_pad(bestand);
        huidig.extend(binnen.iter().map(|(n, _)| n.clone()));
        match &t[i] {
            Token::Open => {
                diepte += 1;
                i += 1;
            }
            Token::Dicht => {
                diepte = diepte.saturating_sub(1);
                if binnen.last().is_some_and(|(_, d)| *d == diepte) {
                    binnen.pop();
                }
                i += 1;
            }
            Token::Naam(w) if w == "mod" && naam(i + 1).is_some() => {
                let kind = naam(i + 1).unwrap_or_default().to_string();
                match t.get(i + 2) {
                    Some(Token::Open) => {
                        binnen.push((kind, diepte));
                        diepte += 1;
                        i += 3;
                    }
                    _ => {
                        if !wortel {
                            doelen.push(pad_na(huidig, &[kind]));
                        }
                        i += 2;
                    }
                }
            }
            Token::Naam(w) if w == "use" => {
                let publiek = match i.checked_sub(1).map(|j| &t[j]) {
                    Some(Token::Naam(p)) => p == "pub",
                    Some(Token::Anders(')')) => (0..i)
                        .rev()
                        .find(|&j| t[j] == Token::Anders('('))
                        .and_then(|j| j.checked_sub(1))
                        .is_some_and(|j| naam(j) == Some("pub")),
                    _ => false,
                };
                i += 1;
                let paden = use_boom(&t, &mut i, &[]);
                if !(wortel && publiek) {
                    doelen.extend(paden.iter().filter_map(|p| absoluut(p, &huidig, modules)));
                }
            }
            // a path, unless it continues another or names a visibility (`pub(in crate::x)`)
            Token::Naam(w)
                if t.get(i + 1) == Some(&Token::Pad)
                    && (i == 0 || (t[i - 1] != Token::Pad && naam(i - 1) != Some("in")))
                    && w != "use" =>
            {
                let mut pad = vec![w.clone()];
                let mut j = i + 1;
                while t.get(j) == Some(&Token::Pad) {
                    match naam(j + 1) {
                        Some(n) => pad.push(n.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                doelen.extend(absoluut(&pad, &huidig, modules));
                i = j.max(i + 1);
            }
            _ => i += 1,
        }
    }
    doelen
        .iter()
        .filter_map(|p| bestand_van(p, modules))
        .filter(|b| b != bestand)
        .collect()
}

/// The dependency graph of the files `bronnen` (file → source).
fn graaf(bronnen: &BTreeMap<String, String>) -> Graaf {
    let modules: BTreeMap<Vec<String>, String> =
        bronnen.keys().map(|b| (module_pad(b), b.clone())).collect();
    bronnen
        .iter()
        .map(|(b, bron)| (b.clone(), afhankelijkheden(b, bron, &modules)))
        .collect()
}

/// Tarjan's strongly connected components; returns those of more than one node (the cycles),
/// each sorted, in a stable order.
fn cycli(g: &Graaf) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        g: &'a Graaf,
        index: BTreeMap<&'a str, usize>,
        laag: BTreeMap<&'a str, usize>,
        stapel: Vec<&'a str>,
        op_stapel: BTreeSet<&'a str>,
        teller: usize,
        uit: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn bezoek(&mut self, v: &'a str) {
            self.index.insert(v, self.teller);
            self.laag.insert(v, self.teller);
            self.teller += 1;
            self.stapel.push(v);
            self.op_stapel.insert(v);
            let g = self.g;
            for w in g.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.bezoek(w);
                    let lw = self.laag.get(w).copied().unwrap_or(usize::MAX);
                    if let Some(lv) = self.laag.get_mut(v) {
                        *lv = (*lv).min(lw);
                    }
                } else if self.op_stapel.contains(w) {
                    let iw = self.index.get(w).copied().unwrap_or(usize::MAX);
                    if let Some(lv) = self.laag.get_mut(v) {
                        *lv = (*lv).min(iw);
                    }
                }
            }
            if self.laag.get(v) == self.index.get(v) {
                let mut component = Vec::new();
                while let Some(w) = self.stapel.pop() {
                    self.op_stapel.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.uit.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        g,
        index: BTreeMap::new(),
        laag: BTreeMap::new(),
        stapel: Vec::new(),
        op_stapel: BTreeSet::new(),
        teller: 0,
        uit: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.bezoek(v);
        }
    }
    t.uit.sort();
    t.uit
}

#[test]
fn geen_cycli_tussen_de_bestanden_van_src() -> Result<(), String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut lijst = Vec::new();
    bestanden(&src, &src, &mut lijst)?;
    let mut bronnen = BTreeMap::new();
    for b in lijst {
        let bron = std::fs::read_to_string(src.join(&b)).map_err(|e| format!("{b}: {e}"))?;
        bronnen.insert(b, bron);
    }
    assert!(
        bronnen.len() > 20,
        "only {} files found under {}",
        bronnen.len(),
        src.display()
    );
    let g = graaf(&bronnen);
    assert!(
        g.values().map(BTreeSet::len).sum::<usize>() > bronnen.len(),
        "hardly any dependencies found: the scan is broken"
    );
    let gevonden = cycli(&g);
    let in_cycli: usize = gevonden.iter().map(Vec::len).sum();
    let tekst: Vec<String> = gevonden
        .iter()
        .map(|c| format!("  {} files: {}", c.len(), c.join(", ")))
        .collect();
    assert!(
        gevonden.is_empty(),
        "{} of {} files of src are in {} import cycle(s):\n{}",
        in_cycli,
        bronnen.len(),
        gevonden.len(),
        tekst.join("\n")
    );
    Ok(())
}

#[test]
fn tarjan_vindt_een_bekende_cyclus() {
    let mut g = Graaf::new();
    for (van, naar) in [
        ("a", "b"),
        ("b", "c"),
        ("c", "a"),
        ("c", "d"),
        ("d", "e"),
        ("e", "f"),
        ("f", "e"),
        ("g", "g"),
    ] {
        g.entry(van.to_string())
            .or_default()
            .insert(naar.to_string());
        g.entry(naar.to_string()).or_default();
    }
    let verwacht: Vec<Vec<String>> = vec![
        vec!["a".into(), "b".into(), "c".into()],
        vec!["e".into(), "f".into()],
    ];
    assert_eq!(cycli(&g), verwacht);
    g.entry("f".into()).or_default().remove("e");
    assert_eq!(cycli(&g), verwacht[..1].to_vec());
}

#[test]
fn paden_worden_naar_bestanden_herleid() {
    let mut bronnen = BTreeMap::new();
    let leeg = String::new();
    for b in [
        "lib.rs",
        "a.rs",
        "b.rs",
        "web/mod.rs",
        "web/x.rs",
        "web/y.rs",
    ] {
        bronnen.insert(b.to_string(), leeg.clone());
    }
    bronnen.insert(
        "lib.rs".into(),
        "pub mod a; pub mod web; pub use a::A; fn f() { web::router(); }".into(),
    );
    bronnen.insert(
        "web/mod.rs".into(),
        "mod x;\nmod y;\nuse crate::a::A;\n".into(),
    );
    bronnen.insert(
        "web/x.rs".into(),
        concat!(
            "//! See [`crate::b`].\n",
            "use super::{y::Y, *};\n",
            "const T: &str = \"crate::b::B\";\n",
            "const R: &str = r#\"crate::b\"#;\n",
            "fn f<'a>(c: char) -> bool { c == '{' }\n",
            "#[cfg(test)]\nmod tests { use super::*; fn g() { crate::a::A::new(); } }\n"
        )
        .into(),
    );
    bronnen.insert(
        "b.rs".into(),
        concat!(
            "use tower_http::{trace::TraceLayer};\n",
            "pub(in crate::web) fn g() { crate::Instellingen::x(); }\n"
        )
        .into(),
    );
    let g = graaf(&bronnen);
    let naar = |b: &str| -> Vec<String> {
        g.get(b)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(naar("lib.rs"), vec!["web/mod.rs".to_string()]);
    assert_eq!(
        naar("web/mod.rs"),
        vec!["a.rs".to_string(), "web/x.rs".into(), "web/y.rs".into()]
    );
    assert_eq!(
        naar("web/x.rs"),
        vec!["a.rs".to_string(), "web/mod.rs".into(), "web/y.rs".into()]
    );
    assert_eq!(naar("b.rs"), vec!["lib.rs".to_string()]);
    assert_eq!(
        cycli(&g),
        vec![vec!["web/mod.rs".to_string(), "web/x.rs".into()]]
    );
}
