//! The one home for names: casing, keyword escaping, collisions and file names.
//!
//! Every name that reaches Rust source passes through here, so that two schema names never map to
//! one Rust name and no schema name can produce something that does not compile.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names of the items the generated code defines besides the schema's types.
pub const SUPPORT_TYPES: &[&str] = &["ParseEnumError", "ValidationError", "Validate", "Nullable"];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// What kind of item a name is for; decides the casing and the fallback for empty names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A struct, enum or newtype: UpperCamelCase.
    Type,
    /// A unit or tuple variant: UpperCamelCase.
    Variant,
    /// A struct field: snake_case.
    Field,
}

impl NameKind {
    fn fallback(self) -> &'static str {
        match self {
            NameKind::Type => "Type",
            NameKind::Variant => "Value",
            NameKind::Field => "field",
        }
    }
}

/// Turns any string into a valid Rust identifier of the given kind (keywords come out raw, `r#type`).
///
/// Non-ASCII letters are transliterated where a plain ASCII spelling exists, and dropped otherwise.
/// A name with nothing left, or one that starts with a digit, gets a prefix. The result is not yet
/// unique: see [`Namespace`].
pub fn identifier(raw: &str, kind: NameKind) -> String {
    let ascii = transliterate(raw);
    let cased = match kind {
        NameKind::Type | NameKind::Variant => ascii.to_upper_camel_case(),
        NameKind::Field => ascii.to_snake_case(),
    };
    // heck keeps characters outside [A-Za-z0-9_] that it does not treat as separators.
    let mut name: String = cased
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if kind != NameKind::Field {
        name.retain(|c| c != '_');
    }
    if name.is_empty() || name.chars().all(|c| c == '_') {
        return kind.fallback().to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = match kind {
            NameKind::Field => format!("{}_{name}", kind.fallback()),
            _ => format!("{}{name}", kind.fallback()),
        };
    }
    escape_keyword(name)
}

/// Writes keywords as raw identifiers, or with a trailing underscore where raw is not allowed.
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier as serde sees it: without the `r#` of a raw identifier.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The Markdown page of a type, relative to the models directory.
pub fn page_file(type_name: &str) -> String {
    format!("{}.md", type_name.to_lowercase())
}

/// A set of names in one scope (the types of a crate, the fields of a struct, the variants of an
/// enum) that hands out distinct names deterministically: the first claimant of a name gets it,
/// later ones get the name with the smallest free numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Self {
        Namespace::default()
    }

    /// A namespace in which `names` are already taken.
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace {
            taken: names.into_iter().map(normalize).collect(),
        }
    }

    /// Whether `name` (or a name differing only in case or underscores) is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(&normalize(name))
    }

    /// Claims `name`, or `name` with a numeric suffix when it (or a name differing only in case
    /// or underscores) is already taken, and returns what was claimed.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(normalize(name)) {
            return name.to_string();
        }
        let base = unraw(name);
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(normalize(candidate)))
            .unwrap_or_else(|| base.to_string())
    }
}

/// Names that differ only in the case of letters or in underscores collide: they would be
/// confusing side by side, and some of them (file names of pages) collide for real.
fn normalize(name: &str) -> String {
    unraw(name).replace('_', "").to_lowercase()
}

/// Replaces common accented Latin letters by their ASCII spelling; other non-ASCII characters
/// become word separators.
fn transliterate(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let replacement = match c {
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ā' => "A",
            'ä' | 'æ' => "ae",
            'Ä' | 'Æ' => "Ae",
            'ç' | 'č' | 'ć' => "c",
            'Ç' | 'Č' | 'Ć' => "C",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "E",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "I",
            'ñ' | 'ń' | 'ň' => "n",
            'Ñ' | 'Ń' | 'Ň' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' | 'Ō' => "O",
            'ö' | 'œ' => "oe",
            'Ö' | 'Œ' => "Oe",
            'ù' | 'ú' | 'û' | 'ū' | 'ů' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ū' | 'Ů' => "U",
            'ü' => "ue",
            'Ü' => "Ue",
            'ß' => "ss",
            'ý' | 'ÿ' => "y",
            'Ý' => "Y",
            'ł' => "l",
            'Ł' => "L",
            'š' | 'ś' => "s",
            'Š' | 'Ś' => "S",
            'ž' | 'ź' | 'ż' => "z",
            'Ž' | 'Ź' | 'Ż' => "Z",
            'ř' => "r",
            'Ř' => "R",
            _ => " ",
        };
        out.push_str(replacement);
    }
    out
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(previous + cost);
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, kind: NameKind, expect: &str) {
        assert_eq!(
            identifier(raw, kind),
            expect,
            "identifier({raw:?}, {kind:?})"
        );
    }

    #[test]
    fn identifiers() {
        let table = [
            ("connect_session", NameKind::Type, "ConnectSession"),
            ("ConnectSession", NameKind::Type, "ConnectSession"),
            ("hris-legacy", NameKind::Variant, "HrisLegacy"),
            ("unmapped_value", NameKind::Variant, "UnmappedValue"),
            ("createdAt", NameKind::Field, "created_at"),
            ("account_id", NameKind::Field, "account_id"),
            ("type", NameKind::Field, "r#type"),
            ("self", NameKind::Field, "self_"),
            ("Self", NameKind::Type, "Self_"),
            ("+1", NameKind::Variant, "Value1"),
            ("-1", NameKind::Variant, "Value1"),
            ("3gpp", NameKind::Variant, "Value3gpp"),
            ("*3gpp", NameKind::Variant, "Value3gpp"),
            ("9lives", NameKind::Field, "field_9lives"),
            ("", NameKind::Field, "field"),
            ("!!!", NameKind::Type, "Type"),
            ("größe", NameKind::Field, "groesse"),
            ("名前", NameKind::Field, "field"),
            (
                "Conditional<string|null>",
                NameKind::Type,
                "ConditionalStringNull",
            ),
            ("foo.bar/baz", NameKind::Type, "FooBarBaz"),
            ("$schema", NameKind::Field, "schema"),
            ("@type", NameKind::Field, "r#type"),
        ];
        for (raw, kind, expect) in table {
            check(raw, kind, expect);
        }
    }

    #[test]
    fn namespace_suffixes_collisions() {
        let mut ns = Namespace::with_reserved(["ParseEnumError"]);
        assert_eq!(ns.claim("FooBar"), "FooBar");
        assert_eq!(ns.claim("FooBar"), "FooBar2");
        assert_eq!(ns.claim("FooBar"), "FooBar3");
        assert_eq!(ns.claim("ParseEnumError"), "ParseEnumError2");
        assert_eq!(ns.claim("Value1"), "Value1");
        assert_eq!(ns.claim("Value1"), "Value1_2");

        let mut fields = Namespace::new();
        assert_eq!(fields.claim("foo_bar"), "foo_bar");
        assert_eq!(fields.claim("foobar"), "foobar2");
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type2");
    }

    #[test]
    fn closest_finds_likely_typos() {
        let types = [
            "string", "number", "integer", "boolean", "array", "object", "null",
        ];
        assert_eq!(closest("strng", &types), Some("string"));
        assert_eq!(closest("Nubmer", &types), Some("number"));
        assert_eq!(
            closest("Category", &["Categories", "Metadata"]),
            Some("Categories")
        );
        assert_eq!(closest("zzz", &types), None);
    }

    #[test]
    fn page_files_are_lowercase() {
        assert_eq!(page_file("ConnectSession"), "connectsession.md");
    }
}
