//! Reading TOML files in layers: a file may `extends` another, a scenario may
//! override single values of the legal, behavioural and region data, and every
//! error names the file that supplied the offending key.
//!
//! Stage one of reading any input: the merged TOML tree. Stage two (elsewhere)
//! deserialises it into a raw serde mirror with `deny_unknown_fields`, then
//! validates it into the types the model uses.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::{Table, Value};

use crate::error::{Error, Result};

/// A merged TOML tree and the files it came from, most specific first.
#[derive(Debug, Clone)]
pub struct Layers {
    pub merged: Table,
    /// `(file, its own table)`, the most specific (child) file first.
    pub files: Vec<(PathBuf, Table)>,
    /// For data files overridden by scenarios: the scenario section that holds
    /// the overrides (`legal`, `behaviour`, `region_data`), so errors in a
    /// scenario name the key as the scenario writes it.
    pub override_section: Option<String>,
}

impl Layers {
    /// A single table with its origin.
    pub fn single(path: PathBuf, table: Table) -> Self {
        Layers {
            merged: table.clone(),
            files: vec![(path, table)],
            override_section: None,
        }
    }

    /// The file that supplied the value at `key` (a dotted path), or the most
    /// specific file when no file has that key (a missing key).
    pub fn origin_of(&self, key: &[String]) -> &Path {
        for (path, table) in &self.files {
            if lookup(table, key).is_some() {
                return path;
            }
        }
        &self.files[0].0
    }

    /// Deserialise the merged tree into `T`, turning serde's errors into
    /// [`Error::Invalid`] with the file, the dotted key, the value and what is allowed.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T> {
        deserialize_table(&self.merged, &[], |segments| self.origin_of(segments).to_path_buf())
            .map_err(|e| self.name_override(e))
    }

    /// Prefix the key of an error found in a scenario's override section.
    pub fn name_override(&self, e: Error) -> Error {
        match (e, &self.override_section) {
            (
                Error::Invalid {
                    path,
                    key,
                    value,
                    problem,
                    allowed,
                },
                Some(section),
            ) if self.files.len() > 1 && path != self.files[self.files.len() - 1].0 => Error::Invalid {
                path,
                key: format!("{section}.{key}"),
                value,
                problem,
                allowed,
            },
            (e, _) => e,
        }
    }
}

/// Deserialise a table found at dotted path `prefix`, mapping errors to the
/// file `origin(full key)` names.
pub fn deserialize_table<T: DeserializeOwned>(
    table: &Table,
    prefix: &[String],
    origin: impl Fn(&[String]) -> PathBuf,
) -> Result<T> {
    let value = Value::Table(table.clone());
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut segments: Vec<String> = err
            .path()
            .iter()
            .map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => index.to_string(),
                serde_path_to_error::Segment::Map { key } => key.clone(),
                serde_path_to_error::Segment::Enum { variant } => variant.clone(),
                serde_path_to_error::Segment::Unknown => "?".to_string(),
            })
            .collect();
        let message = err.inner().to_string();
        // the TOML deserialiser appends "in `key`"; the key is reported separately
        let message = match message.find("\nin `") {
            Some(i) => message[..i].trim_end().to_string(),
            None => message.trim_end().to_string(),
        };
        // serde reports a missing field at its parent: add the field to the key.
        if let Some(field) = between(&message, "missing field `", "`") {
            segments.push(field.to_string());
        }
        let value = match lookup(table, &segments) {
            Some(v) => render(v),
            None => "(not given)".to_string(),
        };
        let full: Vec<String> = prefix.iter().cloned().chain(segments).collect();
        let key = full.join(".");
        let (problem, allowed) = explain(&message);
        Error::Invalid {
            path: origin(&full),
            key,
            value,
            problem,
            allowed,
        }
    })
}

/// Split serde's message into the problem and what is allowed.
fn explain(message: &str) -> (String, String) {
    if let Some(field) = between(message, "unknown field `", "`") {
        let allowed = message
            .split_once("expected ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_else(|| "no keys here".to_string());
        return (format!("unknown key `{field}`"), allowed);
    }
    if let Some(variant) = between(message, "unknown variant `", "`") {
        let allowed = message
            .split_once("expected ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default();
        return (format!("unknown choice `{variant}`"), allowed);
    }
    if message.starts_with("missing field") {
        return (
            "required key is missing".to_string(),
            "a value must be given here or in a file this one extends".to_string(),
        );
    }
    if let Some((problem, expected)) = message.split_once(", expected ") {
        let friendly = match expected {
            "struct RawDatedTable" => {
                "a dated table { unit, values = [{ from, value, status, source }, …] }, or a number for every date"
                    .to_string()
            }
            "struct RawFigure" => "a figure { value, unit, status, source }, or a number".to_string(),
            "u64" | "u32" | "usize" => format!("a whole number ({expected})"),
            "f64" => "a number (f64)".to_string(),
            "a boolean" | "bool" => "true or false".to_string(),
            other => other.to_string(),
        };
        return (problem.to_string(), friendly);
    }
    (message.to_string(), "see the README's reference".to_string())
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// The value at a dotted path (numeric segments index arrays).
pub fn lookup<'a>(table: &'a Table, key: &[String]) -> Option<&'a Value> {
    let (first, rest) = key.split_first()?;
    let mut v = table.get(first)?;
    for seg in rest {
        v = match v {
            Value::Table(t) => t.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Set `value` at a dotted `path` (`"werkbedrijf.fee.level"`), creating
/// tables on the way; a segment that holds a value other than a table is
/// replaced by a table.
pub fn insert_dotted(table: &mut Table, path: &str, value: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let leaf = parts.pop().unwrap_or_default();
    let mut t = table;
    for part in parts {
        let slot = t.entry(part.to_string()).or_insert_with(|| Value::Table(Table::new()));
        if !slot.is_table() {
            *slot = Value::Table(Table::new());
        }
        t = slot.as_table_mut().expect("made a table above");
    }
    t.insert(leaf.to_string(), value);
}

/// A short rendering of a TOML value for an error message.
pub fn render(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Table(t) => {
            let keys: Vec<&str> = t.keys().map(|k| k.as_str()).collect();
            format!("a table with keys [{}]", keys.join(", "))
        }
        other => other.to_string(),
    };
    if s.len() > 120 {
        format!("{}…", &s[..s.floor_char_boundary(117)])
    } else {
        s
    }
}

/// Parsed files, by path, with the modification time and size they had: a
/// sweep loads the same data files for every point.
type ParseCache = std::sync::Mutex<std::collections::BTreeMap<PathBuf, (std::time::SystemTime, u64, Table)>>;
static PARSED: std::sync::OnceLock<ParseCache> = std::sync::OnceLock::new();

/// Read and parse one TOML file (parsed once per process while it is unchanged).
pub fn read_table(path: &Path, what: &'static str, hint: Option<String>) -> Result<Table> {
    let stamp = std::fs::metadata(path)
        .ok()
        .and_then(|m| Some((m.modified().ok()?, m.len())));
    let cache = PARSED.get_or_init(Default::default);
    if let Some((modified, len)) = stamp
        && let Some((m, l, table)) = cache.lock().expect("cache lock").get(path)
        && *m == modified
        && *l == len
    {
        return Ok(table.clone());
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        what,
        hint,
        source,
    })?;
    let table = text.parse::<Table>().map_err(|e| Error::Syntax {
        path: path.to_path_buf(),
        message: e.to_string().trim_end().replace('\n', "\n  "),
    })?;
    if let Some((modified, len)) = stamp {
        cache
            .lock()
            .expect("cache lock")
            .insert(path.to_path_buf(), (modified, len, table.clone()));
    }
    Ok(table)
}

/// Read a file that may name a parent with `extends = "other.toml"` (relative
/// to the file), following the chain. The child's values replace the parent's;
/// tables merge key by key; arrays are replaced whole.
pub fn read_with_extends(path: &Path, what: &'static str) -> Result<Layers> {
    let mut files: Vec<(PathBuf, Table)> = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(p) = next.take() {
        if files.iter().any(|(seen, _)| same_file(seen, &p)) {
            let first = &files[0].0;
            return Err(Error::invalid(
                first,
                "extends",
                p.display(),
                "the chain of `extends` comes back to a file it already read",
                "a chain of files that ends in a file without `extends`",
            ));
        }
        let hint = if files.is_empty() {
            None
        } else {
            Some(format!(
                "named by `extends` in {}",
                files.last().map(|f| f.0.display().to_string()).unwrap_or_default()
            ))
        };
        let mut table = read_table(&p, what, hint)?;
        if let Some(parent) = table.remove("extends") {
            let Value::String(parent) = parent else {
                return Err(Error::invalid(
                    &p,
                    "extends",
                    render(&parent),
                    "wrong type",
                    "a file name as a string, relative to this file",
                ));
            };
            let dir = p.parent().unwrap_or(Path::new("."));
            next = Some(dir.join(parent));
        }
        files.push((p, table));
    }
    let mut merged = Table::new();
    for (_, table) in files.iter().rev() {
        merge_plain(&mut merged, table);
    }
    Ok(Layers {
        merged,
        files,
        override_section: None,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Merge `over` into `base`: tables recursively, everything else replaced.
pub fn merge_plain(base: &mut Table, over: &Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Table(b)), Value::Table(o)) => merge_plain(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Override values of a data file (legal rules, behaviour, region) from a
/// scenario. Figures and dated tables may be overridden by a bare number:
/// - a figure `{ value, unit, status, source }` keeps its unit, takes the new
///   value, and records `origin` as its source with status `assumption`;
/// - a dated table `{ unit, values = [...] }` becomes that one constant value
///   for every date.
///
/// Tables merge key by key; anything else is replaced.
pub fn overlay_data(base: &mut Table, over: &Table, origin: &str) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(Value::Table(b)), Value::Integer(_) | Value::Float(_)) if b.contains_key("values") => {
                let mut entry = Table::new();
                entry.insert("from".into(), Value::String("1900-01".into()));
                entry.insert("value".into(), v.clone());
                entry.insert("status".into(), Value::String("assumption".into()));
                entry.insert("source".into(), Value::String(origin.to_string()));
                b.insert("values".into(), Value::Array(vec![Value::Table(entry)]));
            }
            (Some(Value::Table(b)), Value::Integer(_) | Value::Float(_)) if b.contains_key("value") => {
                b.insert("value".into(), v.clone());
                b.insert("status".into(), Value::String("assumption".into()));
                b.insert("source".into(), Value::String(origin.to_string()));
            }
            (Some(Value::Table(b)), Value::Table(o)) => overlay_data(b, o, origin),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Table {
        s.parse().unwrap()
    }

    #[test]
    fn overlay_replaces_figure_value_and_marks_source() {
        let mut base = t(r#"a = { value = 1.0, unit = "x", status = "verified", source = "law" }"#);
        overlay_data(&mut base, &t("a = 2.5"), "scenario s.toml");
        let a = base["a"].as_table().unwrap();
        assert_eq!(a["value"].as_float(), Some(2.5));
        assert_eq!(a["unit"].as_str(), Some("x"));
        assert_eq!(a["status"].as_str(), Some("assumption"));
        assert_eq!(a["source"].as_str(), Some("scenario s.toml"));
    }

    #[test]
    fn overlay_turns_dated_table_into_constant() {
        let mut base = t(r#"[a]
unit = "share"
values = [{ from = "2015-01", value = 0.1, status = "verified", source = "x" },
          { from = "2020-01", value = 0.2, status = "verified", source = "y" }]"#);
        overlay_data(&mut base, &t("a = 0.05"), "override");
        let values = base["a"]["values"].as_array().unwrap();
        assert_eq!(values.len(), 1);
        assert_eq!(values[0]["value"].as_float(), Some(0.05));
    }

    #[test]
    fn unknown_key_error_names_key_and_allowed() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            level: f64,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            fee: Inner,
        }
        let layers = Layers::single("s.toml".into(), t("[fee]\nlevel = 1.0\nlevle = 2.0"));
        let err = layers.deserialize::<Outer>().unwrap_err().to_string();
        assert!(err.contains("s.toml"), "{err}");
        assert!(err.contains("fee.levle"), "{err}");
        assert!(err.contains("`level`"), "{err}");

        let layers = Layers::single("s.toml".into(), t("[fee]\nlevel = \"high\""));
        let err = layers.deserialize::<Outer>().unwrap_err().to_string();
        assert!(err.contains("fee.level"), "{err}");
        assert!(err.contains("\"high\""), "{err}");
        assert!(err.contains("f64"), "{err}");

        let layers = Layers::single("s.toml".into(), t("[fee]"));
        let err = layers.deserialize::<Outer>().unwrap_err().to_string();
        assert!(err.contains("fee.level"), "{err}");
        assert!(err.contains("missing"), "{err}");
    }
}
