//! The keywords of JSON Schema (every draft) and of OpenAPI's schema object, to catch typos:
//! a key that is not a keyword but nearly is (`titel`, `readonly`, `tpye`) gets a warning with
//! the keyword it probably meant. Other unknown keys are left alone: custom annotations are
//! allowed.

use foldhash::HashMap;
use serde_json::Value;

use crate::names;

/// Every keyword a schema object may hold.
pub const KEYWORDS: &[&str] = &[
    // Core and applicators.
    "$schema",
    "$id",
    "id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "definitions",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependencies",
    "prefixItems",
    "items",
    "additionalItems",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    // Validation.
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    // Annotations, format and content.
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    // Draft 3.
    "extends",
    "disallow",
    "divisibleBy",
    // OpenAPI.
    "nullable",
    "discriminator",
    "xml",
    "externalDocs",
    "example",
];

/// The keyword `key` probably meant, when `key` is not a keyword but a near miss of one.
pub fn likely_typo(key: &str) -> Option<&'static str> {
    if key.starts_with("x-") || KEYWORDS.contains(&key) {
        return None;
    }
    let lower = key.to_lowercase();
    if let Some(keyword) = KEYWORDS.iter().find(|k| k.to_lowercase() == lower) {
        return Some(keyword);
    }
    // Short keywords (`type`, `not`, `if`) only match the same letters in another order: an
    // edit distance of one would flag ordinary words such as `note`.
    let mut letters: Vec<char> = lower.chars().collect();
    letters.sort_unstable();
    let short = KEYWORDS.iter().filter(|k| k.len() < 5).find(|k| {
        let mut theirs: Vec<char> = k.to_lowercase().chars().collect();
        theirs.sort_unstable();
        theirs == letters
    });
    if short.is_some() {
        return short.copied();
    }
    let long: Vec<&str> = KEYWORDS.iter().copied().filter(|k| k.len() >= 5).collect();
    names::closest(key, &long).and_then(|found| KEYWORDS.iter().copied().find(|k| *k == found))
}

/// The near-miss keys of one schema object, with the keyword each probably meant.
pub fn typos(schema: &Value) -> Vec<(&str, &'static str)> {
    Typos::default().of(schema)
}

/// [`typos`] for many schemas, each key judged once: schemas repeat the same keys.
#[derive(Default)]
pub struct Typos<'a> {
    judged: HashMap<&'a str, Option<&'static str>>,
}

impl<'a> Typos<'a> {
    /// The near-miss keys of one schema object, with the keyword each probably meant.
    pub fn of(&mut self, schema: &'a Value) -> Vec<(&'a str, &'static str)> {
        let Value::Object(map) = schema else {
            return Vec::new();
        };
        map.keys()
            .filter_map(|k| {
                let meant = *self
                    .judged
                    .entry(k.as_str())
                    .or_insert_with(|| likely_typo(k));
                meant.map(|m| (k.as_str(), m))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_caught_and_custom_keys_left_alone() {
        let table = [
            ("titel", Some("title")),
            ("descripton", Some("description")),
            ("readonly", Some("readOnly")),
            ("tpye", Some("type")),
            ("Enum", Some("enum")),
            ("additionalProperty", Some("additionalProperties")),
            ("requried", Some("required")),
            ("note", None),
            ("markdownDescription", None),
            ("tsType", None),
            ("x-speakeasy-unknown-values", None),
            ("defaultSnippets", None),
            ("title", None),
        ];
        for (key, expect) in table {
            assert_eq!(likely_typo(key), expect, "{key}");
        }
    }
}
