//! The short sentences both emitters add after a description: the format when the Rust type does
//! not show it, the default, read-only / write-only, and the schema's constraints.

use serde_json::Value;

use crate::model::{Constraints, Docs, StringFormat, TypeRef};

/// Whether the Rust type `ty` already says what the schema's `format` says (`i32` for `int32`,
/// `chrono::NaiveDate` for `date`), so that docs need not repeat it.
pub fn type_shows_format(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String(format) => *format != StringFormat::Plain,
        TypeRef::Integer(_) | TypeRef::Number(_) => true,
        _ => false,
    }
}

/// The sentences for one documented value; `code` renders a code span for the target (rustdoc,
/// or a Markdown table cell).
pub fn sentences(
    docs: &Docs,
    constraints: &Constraints,
    format_shown: bool,
    code: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(format) = docs.format.as_ref().filter(|_| !format_shown) {
        out.push(format!("Format: {}.", code(format)));
    }
    if let Some(default) = &docs.default {
        out.push(format!("Default: {}.", code(&compact_json(default))));
    }
    if docs.read_only {
        out.push("Read-only: sent by the server, ignored in requests.".to_string());
    }
    if docs.write_only {
        out.push("Write-only: sent in requests, never returned.".to_string());
    }
    out.extend(constraint_sentences(constraints, code));
    out
}

/// The schema's validation keywords in words.
fn constraint_sentences(c: &Constraints, code: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(range) = range(c.min_length, c.max_length, "character") {
        out.push(format!("Length: {range}."));
    }
    if let Some(pattern) = &c.pattern {
        out.push(format!("Pattern: {}.", code(pattern)));
    }
    let mut bounds = Vec::new();
    if let Some(n) = c.minimum {
        bounds.push(format!("≥ {}", number(n)));
    }
    if let Some(n) = c.exclusive_minimum {
        bounds.push(format!("> {}", number(n)));
    }
    if let Some(n) = c.maximum {
        bounds.push(format!("≤ {}", number(n)));
    }
    if let Some(n) = c.exclusive_maximum {
        bounds.push(format!("< {}", number(n)));
    }
    if !bounds.is_empty() {
        out.push(format!("Value: {}.", bounds.join(", ")));
    }
    if let Some(n) = c.multiple_of {
        out.push(format!("Multiple of {}.", number(n)));
    }
    if let Some(range) = range(c.min_items, c.max_items, "item") {
        out.push(format!("{}.", capitalized(&range)));
    }
    if c.unique_items {
        out.push("Items are unique.".to_string());
    }
    if let Some(range) = range(c.min_properties, c.max_properties, "key") {
        out.push(format!("{}.", capitalized(&range)));
    }
    if !c.key_patterns.is_empty() {
        let patterns: Vec<String> = c.key_patterns.iter().map(|p| code(p)).collect();
        out.push(format!("Other keys match {}.", patterns.join(" or ")));
    }
    if c.extra == Some(Value::Bool(false)) {
        out.push(
            "No value is valid: the schema is `false`, and reading any value fails.".to_string(),
        );
    }
    if let Some(Value::Object(extra)) = &c.extra {
        let keywords: Vec<String> = extra
            .keys()
            .filter(|k| !matches!(k.as_str(), "then" | "else" | "minContains" | "maxContains"))
            .map(|k| code(k))
            .collect();
        out.push(format!("Also checked when read: {}.", keywords.join(", ")));
    }
    match c.allowed.as_slice() {
        [] => {}
        [one] => out.push(format!("Always {}.", code(&compact_json(one)))),
        values => {
            let values: Vec<String> = values.iter().map(|v| code(&compact_json(v))).collect();
            out.push(format!("One of {}.", values.join(", ")));
        }
    }
    out
}

/// `1 to 10 characters`, `at least 1 item`, `at most 3 keys`.
fn range(min: Option<u64>, max: Option<u64>, unit: &str) -> Option<String> {
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    match (min, max) {
        (Some(min), Some(max)) if min == max => {
            Some(format!("exactly {min} {unit}{}", plural(max)))
        }
        (Some(min), Some(max)) => Some(format!("{min} to {max} {unit}s")),
        (Some(0), None) | (None, None) => None,
        (Some(min), None) => Some(format!("at least {min} {unit}{}", plural(min))),
        (None, Some(max)) => Some(format!("at most {max} {unit}{}", plural(max))),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A bound as written in JSON: `0`, not `0.0`.
fn number(n: f64) -> String {
    match serde_json::Number::from_f64(n) {
        Some(_) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
        Some(number) => number.to_string(),
        None => n.to_string(),
    }
}

/// A value as one line of JSON; strings unquoted.
pub fn compact_json(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(docs: &Docs, c: &Constraints) -> Vec<String> {
        sentences(docs, c, false, &|s| format!("`{s}`"))
    }

    #[test]
    fn constraints_read_as_words() {
        let c = Constraints {
            min_length: Some(1),
            max_length: Some(64),
            pattern: Some("^[a-z]+$".to_string()),
            minimum: Some(0.0),
            exclusive_maximum: Some(2.5),
            min_items: Some(1),
            unique_items: true,
            max_properties: Some(3),
            key_patterns: vec!["^x-".to_string()],
            ..Constraints::default()
        };
        assert_eq!(
            plain(&Docs::default(), &c),
            [
                "Length: 1 to 64 characters.",
                "Pattern: `^[a-z]+$`.",
                "Value: ≥ 0, < 2.5.",
                "At least 1 item.",
                "Items are unique.",
                "At most 3 keys.",
                "Other keys match `^x-`.",
            ]
        );
    }

    #[test]
    fn format_only_when_the_type_does_not_show_it() {
        let docs = Docs {
            format: Some("email".to_string()),
            default: Some(Value::from("a@b.c")),
            ..Docs::default()
        };
        let c = Constraints::default();
        assert_eq!(plain(&docs, &c), ["Format: `email`.", "Default: `a@b.c`."]);
        assert_eq!(
            sentences(&docs, &c, true, &|s| s.to_string()),
            ["Default: a@b.c."]
        );
        assert!(type_shows_format(&TypeRef::String(StringFormat::Uuid)));
        assert!(!type_shows_format(&TypeRef::String(StringFormat::Plain)));
    }
}
