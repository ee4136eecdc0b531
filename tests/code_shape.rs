//! The shape of the code the developers' guide asks for: a thin command line
//! (`src/cli.rs` under 700 lines) and no function in `src/` over 100 lines,
//! except the declarative tables and templates listed in [`ALLOWED`].

use std::path::{Path, PathBuf};

/// Lines `src/cli.rs` must stay under.
const CLI_LINES: usize = 700;

/// Lines a function may span, from the line of `fn` to its closing brace.
const FN_LINES: usize = 100;

/// Functions allowed to be longer, as `(file, function, reason)`. Only
/// declarative tables and templates belong here.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// Rust source with the contents of comments, strings and character literals
/// blanked out (newlines kept), so that braces and `fn` in them do not count.
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            loop {
                if i + 1 < c.len() && c[i] == '/' && c[i + 1] == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if i + 1 < c.len() && c[i] == '*' && c[i + 1] == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                } else {
                    break;
                }
            }
        } else if let Some(hashes) = raw_string_start(&c, i) {
            // r"…", r#"…"#, br"…": no escapes; ends at a quote and as many hashes
            let open = c[i..]
                .iter()
                .position(|&ch| ch == '"')
                .expect("a raw string has a quote")
                + 1;
            for _ in 0..open {
                out.push(' ');
            }
            i += open;
            while i < c.len() && !(c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#'))) {
                blank(&mut out, c[i]);
                i += 1;
            }
            for _ in 0..=hashes {
                out.push(' ');
            }
            i += hashes + 1;
        } else if c[i] == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c[i] == '\'' && char_literal_len(&c, i) > 0 {
            let n = char_literal_len(&c, i);
            for _ in 0..n {
                out.push(' ');
            }
            i += n;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// If a raw string starts at `i` (`r"`, `r#"`, `br"` …, not inside an
/// identifier), the number of its hashes.
fn raw_string_start(c: &[char], i: usize) -> Option<usize> {
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    (c.get(j + hashes) == Some(&'"')).then_some(hashes)
}

/// The length of a character literal at `i` (`'x'`, `'\n'`, `'\u{..}'`), or 0 for a lifetime.
fn char_literal_len(c: &[char], i: usize) -> usize {
    match (c.get(i + 1), c.get(i + 2)) {
        (Some('\\'), _) => c[i + 3..].iter().position(|&ch| ch == '\'').map_or(0, |p| p + 4),
        (Some(_), Some('\'')) => 3,
        _ => 0,
    }
}

/// Every function with a body in `code` (as [`code_only`] returns it):
/// its name, first line (1-based) and number of lines.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let c: Vec<char> = code.chars().collect();
    let line_at = |k: usize| c[..k].iter().filter(|&&ch| ch == '\n').count() + 1;
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut found = Vec::new();
    for i in 0..c.len().saturating_sub(3) {
        let starts_word = i == 0 || !is_ident(c[i - 1]);
        if !(starts_word && c[i] == 'f' && c[i + 1] == 'n' && c[i + 2].is_whitespace()) {
            continue;
        }
        let name_start = i + 2 + c[i + 2..].iter().take_while(|ch| ch.is_whitespace()).count();
        let name: String = c[name_start..].iter().take_while(|&&ch| is_ident(ch)).collect();
        if name.is_empty() {
            continue; // a function pointer type, `fn (…)`
        }
        // the body: the first `{` outside parentheses and brackets, unless a `;` comes first
        let mut depth = 0i32;
        let mut open = None;
        for (k, &ch) in c.iter().enumerate().skip(name_start) {
            match ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ';' if depth == 0 => break,
                '{' if depth == 0 => {
                    open = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut braces = 0i32;
        let mut close = open;
        for (k, &ch) in c.iter().enumerate().skip(open) {
            match ch {
                '{' => braces += 1,
                '}' => braces -= 1,
                _ => {}
            }
            if braces == 0 {
                close = k;
                break;
            }
        }
        let first = line_at(i);
        found.push((name, first, line_at(close) - first + 1));
    }
    found
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn the_brace_matching_ignores_strings_comments_and_char_literals() {
    let src = "fn a() {\n    let s = \"}\"; // }\n    let c = '}';\n    /* { */\n}\nfn b<'x>(v: &'x str) -> &'x str {\n    let r = r#\"}\"#;\n    v\n}\ntrait T { fn c(&self); }\n";
    let fns = functions(&code_only(src));
    assert_eq!(
        fns,
        vec![("a".to_string(), 1, 5), ("b".to_string(), 6, 4)],
        "{:?}",
        code_only(src)
    );
}

#[test]
fn the_command_line_is_thin() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli.rs");
    let lines = std::fs::read_to_string(&path).expect("src/cli.rs").lines().count();
    assert!(
        lines < CLI_LINES,
        "src/cli.rs has {lines} lines; keep it under {CLI_LINES}: clap options and dispatch only, the work in the library"
    );
}

#[test]
fn no_function_is_over_a_hundred_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut offenders = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("a source file");
        for (name, line, lines) in functions(&code_only(&text)) {
            let allowed = ALLOWED.iter().any(|(f, n, _)| *f == rel && *n == name);
            if lines > FN_LINES && !allowed {
                offenders.push(format!("{rel}:{line} fn {name}: {lines} lines"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "functions over {FN_LINES} lines (split them, or add a declarative table to ALLOWED with a reason):\n{}",
        offenders.join("\n")
    );
}
