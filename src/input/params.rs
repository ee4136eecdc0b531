//! Parameters declared once. Each parameter of a data file or a scenario
//! table is one declaration line, from which a macro generates the raw serde
//! mirror (unknown keys rejected), the validated struct the model reads, the
//! range check and its error message, and a [`ParamSpec`] from which the
//! README's tables are rendered ([`render_table`], [`render_lever_rows`]):
//!
//! - `figure_parameters!`: figures in `[section]` tables, with the lookup by
//!   dotted `section.key` path (`calibration/behaviour/default.toml`);
//! - `flat_figure_parameters!`: top-level dated tables and figures, and
//!   the rules of each regime (`calibration/legal/nl.toml`);
//! - `lever_parameters!`: plain TOML numbers and choices (scenario levers).
//!
//! A `figure_parameters!` line reads (the others are alike; see each macro)
//!
//! ```text
//! field = key: kind(lo, hi), "unit", "meaning";
//! field[n] = key_1, …, key_n: kind(lo, hi), "unit", "meaning";
//! ```
//!
//! `field` is the validated struct's field, `key` the TOML key in the
//! section, `kind` is `real` (an `f64` within `[lo, hi]`) or `whole` (a whole
//! number within `[lo, hi]`, a `u32`), and the second form declares an array
//! the model indexes (`field[i]` is `key_{i+1}`), every element with the same
//! range and unit. `lo` and `hi` are expressions; they may name a field
//! declared on an earlier line (a dependent range, e.g. `1.0 - quality_base`).

/// How a declared parameter's number is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any number within the range (`f64`).
    Real,
    /// A whole number within the range (`u32`).
    Whole,
    /// One of an enum's values, as the README lists them.
    Choice(&'static str),
    /// A rule chosen by name, `{ rule = "…", source = "…" }`, the rule one of
    /// an enum's values as the README lists them.
    Rule(&'static str),
    /// A dated table, each entry's value within the range.
    Dated,
    /// A list of an enum's values (one listed twice counts once), as the README lists them.
    Set(&'static str),
    /// A whole number within the range, or `"none"` for no limit ([`Limit`](crate::input::scenario::Limit)).
    Limit,
    /// A table of levers of its own, declared with the specs given.
    Table(&'static [ParamSpec]),
    /// A list of tables, each declared with the specs given (their section
    /// names an element `<i>`).
    List(&'static [ParamSpec]),
}

/// One declaration line: a parameter, or an array of parameters that share
/// range, unit and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// The `[section]` of the data file.
    pub section: &'static str,
    /// The keys in that section; several for an array.
    pub keys: &'static [&'static str],
    /// The validated struct's field.
    pub field: &'static str,
    pub kind: Kind,
    /// The lower and upper bound as written in the declaration (Rust expressions).
    pub lo: &'static str,
    pub hi: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
}

impl ParamSpec {
    /// The dotted `section.key` paths this line declares.
    pub fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.keys.iter().map(move |k| {
            if self.section.is_empty() {
                k.to_string()
            } else {
                format!("{}.{k}", self.section)
            }
        })
    }

    /// The allowed values, as the README states them: `0 to 1`, or with a
    /// bound that depends on another parameter, `` 0 to `1.0 - quality_base` ``.
    pub fn range_text(&self) -> String {
        let what = match self.kind {
            Kind::Real => "",
            Kind::Whole => ", whole",
            Kind::Choice(options) => return options.to_string(),
            Kind::Rule(options) => return format!("rule {options}"),
            Kind::Set(options) => return format!("list of {options}"),
            Kind::Table(_) | Kind::List(_) => return String::new(),
            Kind::Dated => ", each entry",
            Kind::Limit => ", whole, or `\"none\"`",
        };
        format!("{} to {}{what}", bound_text(self.lo), bound_text(self.hi))
    }
}

/// A bound's value when it is a plain number (`0.0`, `- 100.0`, `20_000.0`),
/// `None` when it depends on another parameter.
pub fn bound_value(expr: &str) -> Option<f64> {
    let compact: String = expr.chars().filter(|c| !c.is_whitespace() && *c != '_').collect();
    compact.parse::<f64>().ok()
}

/// A bound as the range-check message writes it (`0`, `-100`, `0.01`), or
/// the expression in backticks when it is not a plain number.
pub fn bound_text(expr: &str) -> String {
    match bound_value(expr) {
        Some(v) => format!("{v}"),
        None => format!("`{}`", expr.trim_end_matches(" as f64")),
    }
}

/// The Markdown table of `specs`: one row per declaration line with its
/// keys, allowed range, unit and meaning. The README holds this table
/// verbatim (a test checks it).
pub fn render_table(specs: &[ParamSpec]) -> String {
    let mut out = String::from("| key | allowed | unit | meaning |\n|---|---|---|---|\n");
    for s in specs {
        let keys: Vec<String> = s.paths().map(|p| format!("`{p}`")).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            keys.join(", "),
            s.range_text(),
            s.unit,
            s.meaning
        ));
    }
    out
}

/// The declarations of `specs` with every [`Kind::Table`] and
/// [`Kind::List`] replaced by its own declarations, in order: one per key a
/// scenario can set.
pub fn leaves(specs: &'static [ParamSpec]) -> Vec<&'static ParamSpec> {
    specs
        .iter()
        .flat_map(|s| match s.kind {
            Kind::Table(inner) | Kind::List(inner) => leaves(inner),
            _ => vec![s],
        })
        .collect()
}

/// Rows `| key | meaning (unit) | allowed |` of `specs` (a [`Kind::Table`]
/// by its own rows), as the README's tables of scenario levers have them.
/// Keys are written without `strip` (e.g. `werkbedrijf.`).
pub fn render_lever_rows(specs: &'static [ParamSpec], strip: &str) -> String {
    let mut out = String::new();
    for s in leaves(specs) {
        let meaning = if s.unit.is_empty() {
            s.meaning.to_string()
        } else {
            format!("{} ({})", s.meaning, s.unit)
        };
        for p in s.paths() {
            let key = p.strip_prefix(strip).unwrap_or(&p);
            out.push_str(&format!("| `{key}` | {meaning} | {} |\n", s.range_text()));
        }
    }
    out
}

/// The Rust type of a declared parameter.
macro_rules! param_type {
    (real) => {
        f64
    };
    (whole) => {
        u32
    };
    (real [$n:literal]) => {
        [f64; $n]
    };
    (whole [$n:literal]) => {
        [u32; $n]
    };
}
pub(crate) use param_type;

/// [`Kind`] of a declared parameter.
macro_rules! param_kind {
    (real) => {
        $crate::input::params::Kind::Real
    };
    (whole) => {
        $crate::input::params::Kind::Whole
    };
}
pub(crate) use param_kind;

/// Check one figure of a declared kind.
macro_rules! param_check {
    (real, $c:expr, $key:expr, $figure:expr, $lo:expr, $hi:expr) => {
        $c.fig($key, $figure, $lo, $hi)
    };
    (whole, $c:expr, $key:expr, $figure:expr, $lo:expr, $hi:expr) => {
        $c.fig_whole($key, $figure, $lo, $hi)
    };
}
pub(crate) use param_check;

/// The validated value of one declaration line: a number, or an array for several keys.
macro_rules! param_value {
    ($c:expr, $s:expr, $section:ident, $kind:ident, $lo:expr, $hi:expr, $key:ident) => {
        $crate::input::params::param_check!(
            $kind,
            $c,
            concat!(stringify!($section), ".", stringify!($key)),
            &$s.$key,
            $lo,
            $hi
        )?
    };
    ($c:expr, $s:expr, $section:ident, $kind:ident, $lo:expr, $hi:expr, $($key:ident),+) => {
        [$(
            $crate::input::params::param_check!(
                $kind,
                $c,
                concat!(stringify!($section), ".", stringify!($key)),
                &$s.$key,
                $lo,
                $hi
            )?
        ),+]
    };
}
pub(crate) use param_value;

/// Declare the figures of a sectioned data file once (see the [module
/// documentation](self)): generates the raw mirror `$raw` with one struct
/// per section, `$raw::figure_mut`, the validated `$validated` with
/// `$validated::validate`, and the declaration table `$specs`.
macro_rules! figure_parameters {
    (
        $(#[$raw_meta:meta])*
        raw $raw:ident;
        $(#[$val_meta:meta])*
        validated $validated:ident;
        $(#[$specs_meta:meta])*
        specs $specs:ident;
        $(
            [$section:ident] $raw_section:ident {
                $(
                    $field:ident $([$n:literal])? = $($key:ident),+ :
                        $kind:ident($lo:expr, $hi:expr), $unit:literal, $meaning:literal;
                )+
            }
        )+
    ) => {
        $(#[$raw_meta])*
        #[derive(Debug, Clone, ::serde::Deserialize, ::serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $raw {
            $(pub $section: $raw_section,)+
        }

        $(
            #[doc = concat!("The `[", stringify!($section), "]` section.")]
            #[derive(Debug, Clone, ::serde::Deserialize, ::serde::Serialize)]
            #[serde(deny_unknown_fields)]
            pub struct $raw_section {
                $($(pub $key: $crate::input::figure::RawFigure,)+)+
            }
        )+

        impl $raw {
            /// The figure at `section.key`; `None` if there is no such parameter.
            pub fn figure(&self, path: &str) -> Option<&$crate::input::figure::RawFigure> {
                Some(match path {
                    $($($(
                        concat!(stringify!($section), ".", stringify!($key)) => &self.$section.$key,
                    )+)+)+
                    _ => return None,
                })
            }

            /// The figure at `section.key`, to set a value without going through TOML
            /// (fitted and calibrated parameters); `None` if there is no such parameter.
            pub fn figure_mut(&mut self, path: &str) -> Option<&mut $crate::input::figure::RawFigure> {
                Some(match path {
                    $($($(
                        concat!(stringify!($section), ".", stringify!($key)) => &mut self.$section.$key,
                    )+)+)+
                    _ => return None,
                })
            }
        }

        $(#[$val_meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $validated {
            $($(
                #[doc = concat!($meaning, " (", $unit, ").")]
                #[doc = ""]
                #[doc = concat!("Key:", $(" `", stringify!($section), ".", stringify!($key), "`"),+)]
                pub $field: $crate::input::params::param_type!($kind $([$n])?),
            )+)+
        }

        impl $validated {
            /// Check every figure's range, in declaration order; the first
            /// problem is the error, naming the file and the key.
            pub fn validate(raw: &$raw, c: &$crate::input::figure::Check) -> $crate::error::Result<Self> {
                $($(
                    let $field = $crate::input::params::param_value!(
                        c, raw.$section, $section, $kind, $lo, $hi, $($key),+
                    );
                )+)+
                Ok($validated { $($($field,)+)+ })
            }
        }

        $(#[$specs_meta])*
        pub const $specs: &[$crate::input::params::ParamSpec] = &[
            $($(
                $crate::input::params::ParamSpec {
                    section: stringify!($section),
                    keys: &[$(stringify!($key)),+],
                    field: stringify!($field),
                    kind: $crate::input::params::param_kind!($kind),
                    lo: stringify!($lo),
                    hi: stringify!($hi),
                    unit: $unit,
                    meaning: $meaning,
                },
            )+)+
        ];
    };
}
pub(crate) use figure_parameters;

/// Declare a table of scenario levers once: the raw serde mirror `$raw`
/// (unknown keys rejected; its fields, and so the keys an unknown-key message
/// lists, in declaration order), the validated `$validated` with the same
/// field names and `$validated::validate`, and the declaration table `$specs`.
/// Each line is
///
/// ```text
/// key: real(lo, hi), "unit", "meaning";
/// key: whole(lo, hi), "unit", "meaning";       // a u32
/// key: limit(lo, hi), "unit", "meaning";       // a Limit: whole within [lo, hi], or "none"
/// key: choice(Type, "allowed values"), "", "meaning";
/// key: set(Type, n, "allowed values"), "", "meaning";  // a list of Type, validated [bool; n]
///                                                     // indexed by `value as usize`
/// key: table(RawType, Type, SPECS), "", "";   // a sub-table declared by its own lever_parameters!
/// key: list(RawType, Type, SPECS, context…), "", "";  // a list of such tables, validated one by
///                                                   // one with these context values
/// ```
///
/// A line may start with attributes for the raw field (`#[serde(default)]`).
/// After `section "…"` a block may name `, context name: Type, …`: values that
/// `validate` takes before `range` and that bounds may use (e.g. the horizon
/// for the month of a shock). A list's elements are reported as
/// `$section.<i>.key` with `<i>` the element's index from 0 (write the
/// element block's section as `"….<i>"`).
///
/// `validate(raw, range)` checks every number, in declaration order, with
/// `range(dotted key, value, lo, hi)`, the dotted key being `$section.key`
/// (a sub-table's keys `$section.key.subkey`). A bound may name a lever
/// declared on an earlier line (its validated value): that is how checks
/// between levers are written, e.g. `loonwaarde_max: real(loonwaarde_min, 1.0)`.
macro_rules! lever_parameters {
    (
        $(#[$raw_meta:meta])*
        raw $raw:ident;
        $(#[$val_meta:meta])*
        validated $validated:ident;
        specs $specs:ident;
        section $section:literal $(, context $($ctx:ident: $cty:ty),+)?;
        $(
            $(#[$field_meta:meta])*
            $key:ident: $kind:ident($($arg:tt)*), $unit:literal, $meaning:literal;
        )+
    ) => {
        $(#[$raw_meta])*
        #[derive(Debug, Clone, ::serde::Deserialize, ::serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $raw {
            $($(#[$field_meta])* pub $key: $crate::input::params::lever_raw!($kind($($arg)*)),)+
        }

        $(#[$val_meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $validated {
            $(
                #[doc = concat!($meaning, ".")]
                #[doc = ""]
                #[doc = concat!("Scenario key `", $section, ".", stringify!($key), "`.")]
                pub $key: $crate::input::params::lever_validated!($kind($($arg)*)),
            )+
        }

        impl $validated {
            /// Check every number's range with `range(dotted key, value, lo, hi)`,
            /// in declaration order.
            pub fn validate(
                raw: &$raw,
                $($($ctx: $cty,)+)?
                range: impl Fn(&str, f64, f64, f64) -> $crate::error::Result<f64>,
            ) -> $crate::error::Result<Self> {
                $(
                    let $key = $crate::input::params::lever_check!(
                        $kind($($arg)*), range, concat!($section, ".", stringify!($key)), &raw.$key
                    );
                )+
                Ok($validated { $($key,)+ })
            }
        }

        /// The levers of this table, in declaration order.
        pub const $specs: &[$crate::input::params::ParamSpec] = &[
            $(
                $crate::input::params::lever_spec!(
                    $section, $key, $kind($($arg)*), $unit, $meaning
                ),
            )+
        ];
    };
}
pub(crate) use lever_parameters;

/// The raw (TOML) type of a lever from its kind and arguments.
macro_rules! lever_raw {
    (real($lo:expr, $hi:expr)) => {
        f64
    };
    (whole($lo:expr, $hi:expr)) => {
        u32
    };
    (limit($lo:expr, $hi:expr)) => {
        $crate::input::scenario::Limit
    };
    (choice($t:ty, $options:literal)) => {
        $t
    };
    (set($t:ty, $n:literal, $options:literal)) => {
        Vec<$t>
    };
    (table($raw:ty, $validated:ty, $specs:expr)) => {
        $raw
    };
    (list($raw:ty, $validated:ty, $specs:expr $(, $ctx:expr)*)) => {
        Vec<$raw>
    };
}
pub(crate) use lever_raw;

/// The validated type of a lever from its kind and arguments.
macro_rules! lever_validated {
    (set($t:ty, $n:literal, $options:literal)) => {
        [bool; $n]
    };
    (table($raw:ty, $validated:ty, $specs:expr)) => {
        $validated
    };
    (list($raw:ty, $validated:ty, $specs:expr $(, $ctx:expr)*)) => {
        Vec<$validated>
    };
    ($kind:ident($($arg:tt)*)) => {
        $crate::input::params::lever_raw!($kind($($arg)*))
    };
}
pub(crate) use lever_validated;

/// The validated value of a lever from its kind and arguments and a
/// reference `$v` to the raw value.
macro_rules! lever_check {
    (real($lo:expr, $hi:expr), $range:expr, $key:expr, $v:expr) => {
        $range($key, *$v, $lo, $hi)?
    };
    (whole($lo:expr, $hi:expr), $range:expr, $key:expr, $v:expr) => {
        $range($key, *$v as f64, $lo, $hi)? as u32
    };
    (limit($lo:expr, $hi:expr), $range:expr, $key:expr, $v:expr) => {{
        if let $crate::input::scenario::Limit::Months(months) = *$v {
            $range($key, months as f64, $lo, $hi)?;
        }
        *$v
    }};
    (choice($t:ty, $options:literal), $range:expr, $key:expr, $v:expr) => {
        *$v
    };
    (set($t:ty, $n:literal, $options:literal), $range:expr, $key:expr, $v:expr) => {{
        let mut chosen = [false; $n];
        for value in $v.iter() {
            chosen[*value as usize] = true;
        }
        chosen
    }};
    (table($raw:ty, $validated:ty, $specs:expr), $range:expr, $key:expr, $v:expr) => {
        <$validated>::validate($v, &$range)?
    };
    (list($raw:ty, $validated:ty, $specs:expr $(, $ctx:expr)*), $range:expr, $key:expr, $v:expr) => {
        $v.iter()
            .enumerate()
            .map(|(i, element)| {
                <$validated>::validate(element, $($ctx,)* |key: &str, v: f64, lo: f64, hi: f64| {
                    $range(&key.replace("<i>", &i.to_string()), v, lo, hi)
                })
            })
            .collect::<$crate::error::Result<Vec<$validated>>>()?
    };
}
pub(crate) use lever_check;

/// The [`ParamSpec`] of a lever from its kind and arguments.
macro_rules! lever_spec {
    (@ $section:literal, $key:ident, $kind:ident $(($options:expr))?, $lo:expr, $hi:expr, $unit:literal, $meaning:literal) => {
        $crate::input::params::ParamSpec {
            section: $section,
            keys: &[stringify!($key)],
            field: stringify!($key),
            kind: $crate::input::params::Kind::$kind $(($options))?,
            lo: $lo,
            hi: $hi,
            unit: $unit,
            meaning: $meaning,
        }
    };
    ($section:literal, $key:ident, real($lo:expr, $hi:expr), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, Real, stringify!($lo), stringify!($hi), $unit, $meaning)
    };
    ($section:literal, $key:ident, whole($lo:expr, $hi:expr), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, Whole, stringify!($lo), stringify!($hi), $unit, $meaning)
    };
    ($section:literal, $key:ident, limit($lo:expr, $hi:expr), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, Limit, stringify!($lo), stringify!($hi), $unit, $meaning)
    };
    ($section:literal, $key:ident, choice($t:ty, $options:literal), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, Choice($options), "", "", $unit, $meaning)
    };
    ($section:literal, $key:ident, set($t:ty, $n:literal, $options:literal), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, Set($options), "", "", $unit, $meaning)
    };
    ($section:literal, $key:ident, table($raw:ty, $validated:ty, $specs:expr), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, Table($specs), "", "", $unit, $meaning)
    };
    ($section:literal, $key:ident, list($raw:ty, $validated:ty, $specs:expr $(, $ctx:expr)*), $unit:literal, $meaning:literal) => {
        $crate::input::params::lever_spec!(@ $section, $key, List($specs), "", "", $unit, $meaning)
    };
}
pub(crate) use lever_spec;

/// Declare the figures of a flat data file once (top-level keys, as
/// `calibration/legal/nl.toml`): dated tables and single figures, plus raw
/// fields validated by hand (`extra`). Generates the raw mirror `$raw`
/// (dated tables, then figures, then the extra fields, as TOML keys), the
/// struct `$tables` of validated dated tables with `$tables::validate(raw,
/// check, $from)`, the struct `$figures` of validated figures with
/// `$figures::validate(raw, check)`, and the declaration table `$specs`.
/// Dated lines read `key: (lo, hi, needed_from), "unit", "meaning";` —
/// the table must start no later than `needed_from`, an expression that may
/// use `$from`; figure lines are as in [`figure_parameters!`] with `field =
/// key` left out (the field is the key).
///
/// The `rules $raw_rules => $rules, specs $rule_specs, in "table"` block
/// declares the tables `[table.<name>]` that all have the same keys (the
/// rules of a regime): it generates their raw mirror `$raw_rules`, the
/// validated `$rules` with `$rules::validate(name, raw, check)` (keys in
/// messages `table.<name>.key`) and the declaration table `$rule_specs`
/// (section `table.<regime>`). A line is a figure line, or
/// `key: rule(Type, "allowed values"), "", "meaning";` for a rule chosen by
/// name (`{ rule = "…", source = "…" }`, validated as the `Type`).
macro_rules! flat_figure_parameters {
    (
        $(#[$raw_meta:meta])*
        raw $raw:ident;
        specs $specs:ident;
        $(#[$tables_meta:meta])*
        dated $tables:ident($from:ident) {
            $(
                $dated:ident: ($dlo:expr, $dhi:expr, $needed:expr), $dunit:literal, $dmeaning:literal;
            )+
        }
        $(#[$figures_meta:meta])*
        figures $figures:ident {
            $(
                $key:ident: $kind:ident($lo:expr, $hi:expr), $unit:literal, $meaning:literal;
            )+
        }
        extra {
            $($(#[$extra_meta:meta])* $extra:ident: $extra_ty:ty,)*
        }
        $(#[$raw_rules_meta:meta])*
        rules $raw_rules:ident => $(#[$rules_meta:meta])* $rules:ident, specs $rule_specs:ident, in $rules_table:literal {
            $(
                $rule:ident: $rule_kind:ident($($rule_arg:tt)*), $rule_unit:literal, $rule_meaning:literal;
            )+
        }
    ) => {
        $(#[$raw_meta])*
        #[derive(Debug, Clone, ::serde::Deserialize, ::serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $raw {
            $(pub $dated: $crate::input::figure::RawDatedTable,)+
            $(pub $key: $crate::input::figure::RawFigure,)+
            $($(#[$extra_meta])* pub $extra: $extra_ty,)*
        }

        $(#[$tables_meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $tables {
            $(
                #[doc = concat!($dmeaning, " (", $dunit, ").")]
                pub $dated: $crate::input::figure::DatedTable,
            )+
        }

        impl $tables {
            /// Check every dated table, in declaration order, for a run
            /// whose first simulated month is the third argument.
            pub fn validate(
                raw: &$raw,
                c: &$crate::input::figure::Check,
                $from: $crate::calendar::YearMonth,
            ) -> $crate::error::Result<Self> {
                Ok($tables {
                    $($dated: c.dated(stringify!($dated), &raw.$dated, $dlo, $dhi, $needed)?,)+
                })
            }
        }

        $(#[$figures_meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $figures {
            $(
                #[doc = concat!($meaning, " (", $unit, ").")]
                pub $key: $crate::input::params::param_type!($kind),
            )+
        }

        impl $figures {
            /// Check every figure's range, in declaration order.
            pub fn validate(raw: &$raw, c: &$crate::input::figure::Check) -> $crate::error::Result<Self> {
                $(
                    let $key =
                        $crate::input::params::param_check!($kind, c, stringify!($key), &raw.$key, $lo, $hi)?;
                )+
                Ok($figures { $($key,)+ })
            }
        }

        $(#[$raw_rules_meta])*
        #[derive(Debug, Clone, ::serde::Deserialize, ::serde::Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $raw_rules {
            $(pub $rule: $crate::input::params::rule_param!(raw $rule_kind($($rule_arg)*)),)+
        }

        $(#[$rules_meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $rules {
            $(
                #[doc = concat!($rule_meaning, ".")]
                #[doc = ""]
                #[doc = concat!("Key `", $rules_table, ".<regime>.", stringify!($rule), "`.")]
                pub $rule: $crate::input::params::rule_param!(type $rule_kind($($rule_arg)*)),
            )+
        }

        impl $rules {
            /// Check the rules of table `name` (keys `table.<name>.key` in
            /// messages), in declaration order.
            pub fn validate(
                name: &str,
                raw: &$raw_rules,
                c: &$crate::input::figure::Check,
            ) -> $crate::error::Result<Self> {
                $(
                    let $rule = $crate::input::params::rule_param!(
                        check $rule_kind($($rule_arg)*),
                        c,
                        &format!("{}.{name}.{}", $rules_table, stringify!($rule)),
                        &raw.$rule
                    );
                )+
                Ok($rules { $($rule,)+ })
            }
        }

        /// The rules of each regime, in declaration order.
        pub const $rule_specs: &[$crate::input::params::ParamSpec] = &[
            $(
                $crate::input::params::rule_param!(
                    spec $rule_kind($($rule_arg)*), concat!($rules_table, ".<regime>"), $rule, $rule_unit, $rule_meaning
                ),
            )+
        ];

        /// Every declared parameter: the dated tables, then the figures.
        pub const $specs: &[$crate::input::params::ParamSpec] = &[
            $(
                $crate::input::params::ParamSpec {
                    section: "",
                    keys: &[stringify!($dated)],
                    field: stringify!($dated),
                    kind: $crate::input::params::Kind::Dated,
                    lo: stringify!($dlo),
                    hi: stringify!($dhi),
                    unit: $dunit,
                    meaning: $dmeaning,
                },
            )+
            $(
                $crate::input::params::ParamSpec {
                    section: "",
                    keys: &[stringify!($key)],
                    field: stringify!($key),
                    kind: $crate::input::params::param_kind!($kind),
                    lo: stringify!($lo),
                    hi: stringify!($hi),
                    unit: $unit,
                    meaning: $meaning,
                },
            )+
        ];
    };
}
pub(crate) use flat_figure_parameters;

/// The raw type (`raw`), validated type (`type`), validated value (`check`,
/// from a reference `$v` to the raw value) and [`ParamSpec`] (`spec`) of a
/// line of a `rules` block of [`flat_figure_parameters!`].
macro_rules! rule_param {
    (raw rule($t:ty, $options:literal)) => {
        $crate::input::legal::RawRule<$t>
    };
    (raw $kind:ident($lo:expr, $hi:expr)) => {
        $crate::input::figure::RawFigure
    };
    (type rule($t:ty, $options:literal)) => {
        $t
    };
    (type $kind:ident($lo:expr, $hi:expr)) => {
        $crate::input::params::param_type!($kind)
    };
    (check rule($t:ty, $options:literal), $c:expr, $key:expr, $v:expr) => {
        $v.rule
    };
    (check $kind:ident($lo:expr, $hi:expr), $c:expr, $key:expr, $v:expr) => {
        $crate::input::params::param_check!($kind, $c, $key, $v, $lo, $hi)?
    };
    (@ $section:expr, $key:ident, $kind:expr, $lo:expr, $hi:expr, $unit:literal, $meaning:literal) => {
        $crate::input::params::ParamSpec {
            section: $section,
            keys: &[stringify!($key)],
            field: stringify!($key),
            kind: $kind,
            lo: $lo,
            hi: $hi,
            unit: $unit,
            meaning: $meaning,
        }
    };
    (spec rule($t:ty, $options:literal), $section:expr, $key:ident, $unit:literal, $meaning:literal) => {
        $crate::input::params::rule_param!(
            @ $section, $key, $crate::input::params::Kind::Rule($options), "", "", $unit, $meaning
        )
    };
    (spec $kind:ident($lo:expr, $hi:expr), $section:expr, $key:ident, $unit:literal, $meaning:literal) => {
        $crate::input::params::rule_param!(
            @ $section,
            $key,
            $crate::input::params::param_kind!($kind),
            stringify!($lo),
            stringify!($hi),
            $unit,
            $meaning
        )
    };
}
pub(crate) use rule_param;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_read_as_the_range_message_writes_them() {
        assert_eq!(bound_text("0.0"), "0");
        assert_eq!(bound_text("- 100.0"), "-100");
        assert_eq!(bound_text("0.01"), "0.01");
        assert_eq!(bound_text("20_000.0"), "20000");
        assert_eq!(bound_text("1.0 - quality_base"), "`1.0 - quality_base`");
        assert_eq!(bound_text("months as f64"), "`months`");
    }

    #[test]
    fn a_table_row_lists_every_key_of_an_array() {
        let spec = ParamSpec {
            section: "s",
            keys: &["a", "b"],
            field: "f",
            kind: Kind::Whole,
            lo: "1.0",
            hi: "12.0",
            unit: "months",
            meaning: "m",
        };
        assert_eq!(
            render_table(&[spec]).lines().nth(2),
            Some("| `s.a`, `s.b` | 1 to 12, whole | months | m |")
        );
    }
}
