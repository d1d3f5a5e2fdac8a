//! Reading raw schema values: the location of a child schema, which keywords constrain and
//! which only document, the docs and constraints a schema states, and what a value is, for
//! messages.

use serde_json::{Map, Value};

use crate::keywords;
use crate::load;
use crate::model::{Constraints, Docs};
use crate::resolve::SchemaRef;

/// The schema under one more reference token (`token` is unescaped: `a/b` is one key).
pub(super) fn child(at: &SchemaRef, token: &str) -> SchemaRef {
    SchemaRef {
        doc: at.doc,
        pointer: load::push_token(&at.pointer, token),
    }
}

/// A keyword that constrains values: a JSON Schema or OpenAPI keyword that is not an
/// annotation. Unknown keys (`markdownDescription`, `tsType`) document, too.
pub(super) fn is_assertion(keyword: &str) -> bool {
    keywords::KEYWORDS.contains(&keyword) && !is_annotation(keyword)
}

/// Keywords that document a schema without constraining it.
pub(super) fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "title"
            | "description"
            | "examples"
            | "example"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$comment"
            | "$id"
            | "$schema"
            | "$anchor"
            | "$dynamicAnchor"
            | "$recursiveAnchor"
            | "$vocabulary"
            | "$defs"
            | "definitions"
            | "nullable"
            | "externalDocs"
            | "xml"
    ) || keyword.starts_with("x-")
}

/// Whether the schema at `at` is one of `properties`.
pub(super) fn is_property(at: &SchemaRef) -> bool {
    load::tokens(&at.pointer)
        .is_some_and(|tokens| tokens.len() >= 2 && tokens[tokens.len() - 2] == "properties")
}

/// The keywords that refer to another schema, which [`super::documents`] resolves.
pub(super) const REFERENCES: [&str; 3] = ["$ref", "$dynamicRef", "$recursiveRef"];

/// Whether a schema refers to another one (`$ref`, `$dynamicRef`, `$recursiveRef`).
pub(super) fn has_ref(map: &Map<String, Value>) -> bool {
    REFERENCES.iter().any(|k| map.contains_key(*k))
}

pub(super) fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The last token of a pointer: the name a `$ref` target is known by.
pub(super) fn ref_name(pointer: &str) -> String {
    load::tokens(pointer)
        .and_then(|tokens| tokens.last().cloned())
        .unwrap_or_else(|| "Value".to_string())
}

/// The documentation keywords of a schema.
pub fn docs_of(schema: &Value) -> Docs {
    schema.as_object().map(docs_of_map).unwrap_or_default()
}

pub(super) fn docs_of_map(map: &Map<String, Value>) -> Docs {
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty())
    };
    let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
    let mut examples = Vec::new();
    let mut example_paths = Vec::new();
    if let Some(Value::Array(items)) = map.get("examples") {
        for (i, item) in items.iter().enumerate() {
            examples.push(item.clone());
            example_paths.push(format!("examples/{i}"));
        }
    }
    if let Some(example) = map.get("example") {
        examples.push(example.clone());
        example_paths.push("example".to_string());
    }
    let format = map
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_string);
    Docs {
        title: text("title"),
        description: text("description"),
        examples,
        example_paths,
        default: map.get("default").cloned(),
        deprecated: flag("deprecated"),
        read_only: flag("readOnly"),
        write_only: flag("writeOnly"),
        format,
    }
}

pub(super) fn constraints_of(map: &Map<String, Value>) -> Constraints {
    // A count may be written as a decimal (`2.0`).
    let uint = |key: &str| map.get(key).and_then(count);
    let float = |key: &str| map.get(key).and_then(Value::as_f64);
    let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
    Constraints {
        min_length: uint("minLength"),
        max_length: uint("maxLength"),
        pattern: map
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_string),
        // Draft 4 spells exclusive bounds as booleans beside `minimum` / `maximum`.
        minimum: float("minimum").filter(|_| !flag("exclusiveMinimum")),
        maximum: float("maximum").filter(|_| !flag("exclusiveMaximum")),
        exclusive_minimum: float("exclusiveMinimum")
            .or_else(|| float("minimum").filter(|_| flag("exclusiveMinimum"))),
        exclusive_maximum: float("exclusiveMaximum")
            .or_else(|| float("maximum").filter(|_| flag("exclusiveMaximum"))),
        multiple_of: float("multipleOf"),
        min_items: uint("minItems"),
        max_items: uint("maxItems"),
        unique_items: map.get("uniqueItems") == Some(&Value::Bool(true)),
        min_properties: uint("minProperties"),
        max_properties: uint("maxProperties"),
        key_patterns: match map.get("patternProperties") {
            Some(Value::Object(patterns)) => patterns.keys().cloned().collect(),
            _ => Vec::new(),
        },
        allowed: allowed_values(map),
        extra: extra_keywords(map),
    }
}

/// A count (`minLength`, `maxItems`...): a non-negative integer, which JSON may write with a
/// zero fraction (`2.0`).
pub(super) fn count(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x < u64::MAX as f64)
            .map(|x| x as u64)
    })
}

/// The keywords that the generated code checks on the JSON of a value, because no Rust type
/// says them.
const EXTRA_KEYWORDS: [&str; 14] = [
    "not",
    "allOf",
    "oneOf",
    "patternProperties",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
];

/// [`Constraints::extra`]: the keywords of [`EXTRA_KEYWORDS`] the schema has, `items` when its
/// schema has rules (`$ref`s inside are followed by the evaluation), and the keywords of a tuple
/// (an array of `items` or `prefixItems`, with what follows them), which a tuple that may be
/// shorter or longer than its items does not carry in its type (`Vec<serde_json::Value>`).
/// (`oneOf`'s exclusivity and `allOf`'s branches are checked on the JSON too, unless they refer
/// to other schemas; `anyOf`, usually a type written as alternatives, is left to the type
/// unless its alternatives say more than a type.) With `unevaluatedProperties` or
/// `unevaluatedItems`, which depend on what every other keyword evaluates, the whole schema is
/// kept.
pub(super) fn extra_keywords(map: &Map<String, Value>) -> Option<Value> {
    let unevaluated = ["unevaluatedProperties", "unevaluatedItems"]
        .iter()
        .any(|key| map.get(*key).is_some_and(|v| v != &Value::Bool(true)));
    if unevaluated {
        let whole: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| is_assertion(key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        return Some(Value::Object(whole));
    }
    let extra: Map<String, Value> = map
        .iter()
        .filter(|(key, value)| {
            (EXTRA_KEYWORDS.contains(&key.as_str())
                && !(key.as_str() == "oneOf" && exclusive_by_shape(value) && plain_branches(value))
                // Branches that refer to other schemas are what the type is made of (a merged
                // struct, a union of named types): kept, they would bring those schemas along
                // for little.
                && !(matches!(key.as_str(), "allOf" | "oneOf") && refers_anywhere(value)))
                // The rules of inline item schemas, which no Rust type of the items carries.
                || (key.as_str() == "items"
                    && value
                        .as_object()
                        .is_some_and(|items| !constraints_of(items).is_empty()))
                // (`$ref`s inside them are followed by the evaluation.)
                || (is_tuple_keyword(map, key, value)
                    || (key.as_str() == "anyOf" && has_rule_only_branch(value))
                    // Applicators merged into the struct give it fields whose values
                    // `additionalProperties` does not see in them.
                    || (key.as_str() == "additionalProperties"
                        && value.is_object()
                        && ["allOf", "anyOf", "oneOf"].iter().any(|k| map.contains_key(*k)))
                    // Keys an object must have, where no struct field says so (a map).
                    || (key.as_str() == "required" && value.is_array() && !map.contains_key("properties")))
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let mut extra = extra;
    // `anyOf` of inline schemas that say more than a type: the union picks an alternative by
    // its type only.
    if let Some(any_of) = map.get("anyOf") {
        if !refers_anywhere(any_of) && !plain_branches(any_of) {
            extra.insert("anyOf".to_string(), any_of.clone());
        }
    }
    if ["anyOf", "oneOf"].iter().any(|k| extra.contains_key(*k)) {
        // Alternatives checked on the JSON are checked with the `type` beside them, which the
        // union they make does not carry.
        if let Some(types) = map.get("type") {
            extra.insert("type".to_string(), types.clone());
        }
    }
    // Required keys that no property names: no field of the type stands for them.
    if let Some(Value::Array(required)) = map.get("required") {
        let named = map.get("properties").and_then(Value::as_object);
        let unnamed: Vec<Value> = required
            .iter()
            .filter(|k| {
                k.as_str()
                    .is_some_and(|k| named.is_none_or(|n| !n.contains_key(k)))
            })
            .cloned()
            .collect();
        if !unnamed.is_empty() {
            extra.insert("required".to_string(), Value::Array(unnamed));
        }
    }
    // Kept patterns decide which keys `additionalProperties` applies to, and the keys
    // `properties` names are not among them (their schemas are the type's); beside an
    // `allOf`, whose properties the type merges, it applies to those keys too.
    let closes = map
        .get("additionalProperties")
        .is_some_and(|a| a != &Value::Bool(true));
    if extra.contains_key("patternProperties")
        || extra.contains_key("additionalProperties")
        || (closes && map.contains_key("allOf"))
    {
        if let Some(additional) = map.get("additionalProperties") {
            extra.insert("additionalProperties".to_string(), additional.clone());
            if let Some(Value::Object(named)) = map.get("properties") {
                // `false` stays: the key must be absent.
                let names = named
                    .iter()
                    .map(|(k, s)| (k.clone(), Value::Bool(*s != Value::Bool(false))));
                extra.insert("properties".to_string(), Value::Object(names.collect()));
            }
        }
    }
    // `then` / `else` or `minContains` alone say nothing.
    let says_something = extra.keys().any(|key| {
        !matches!(
            key.as_str(),
            "then" | "else" | "minContains" | "maxContains"
        )
    });
    says_something.then_some(Value::Object(extra))
}

/// Whether `key` is a keyword of a tuple that is not a Rust tuple (a `Vec<serde_json::Value>`):
/// `prefixItems`, an array of `items` (or `items: false`) and what follows the items
/// (`additionalItems`, or `items` after `prefixItems`).
fn is_tuple_keyword(map: &Map<String, Value>, key: &str, value: &Value) -> bool {
    if super::types::is_rust_tuple(map) {
        // The Rust tuple carries them.
        return false;
    }
    match key {
        "prefixItems" => true,
        // After `prefixItems`, only with them: the items they hold are not checked by `items`.
        "items" if map.contains_key("prefixItems") => map
            .get("prefixItems")
            .is_some_and(|prefix| !refers_anywhere(prefix)),
        "items" => value.is_array() || *value == Value::Bool(false),
        "additionalItems" => map.get("items").is_some_and(Value::is_array),
        _ => false,
    }
}

/// Whether the alternatives of a `oneOf` cannot overlap, so that its exclusivity needs no
/// check: a type and `null` (the usual way to say nullable), or objects that each fix the same
/// property to a different value (a tag).
fn exclusive_by_shape(one_of: &Value) -> bool {
    let Some(branches) = one_of.as_array() else {
        return true;
    };
    if has_rule_only_branch(one_of) {
        // The branches hold rules that no type of theirs carries.
        return false;
    }
    let is_null = |b: &Value| b.get("type") == Some(&Value::String("null".to_string()));
    if branches.iter().filter(|b| !is_null(b)).count() <= 1 {
        return true;
    }
    let tag = |b: &Value, key: &str| -> Option<Value> {
        let property = b.get("properties")?.get(key)?;
        let required = b.get("required")?.as_array()?.iter().any(|k| k == key);
        match (
            property.get("const"),
            property.get("enum").and_then(Value::as_array),
        ) {
            (Some(value), _) if required => Some(value.clone()),
            (None, Some(values)) if required && values.len() == 1 => Some(values[0].clone()),
            _ => None,
        }
    };
    let Some(keys) = branches
        .first()
        .and_then(|b| b.get("properties"))
        .and_then(Value::as_object)
    else {
        return false;
    };
    keys.keys().any(|key| {
        let values: Option<Vec<Value>> = branches.iter().map(|b| tag(b, key)).collect();
        values.is_some_and(|values| {
            values
                .iter()
                .enumerate()
                .all(|(i, v)| !values[..i].contains(v))
        })
    })
}

/// Whether some alternative of an `anyOf` / `oneOf` is only rules, which make no type of their
/// own (`{"minimum": 2}`, `false`): the alternatives are then checked on the JSON, not left to
/// the union the types make.
fn has_rule_only_branch(branches: &Value) -> bool {
    const SHAPES: [&str; 11] = [
        "type",
        "$ref",
        "properties",
        "items",
        "prefixItems",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "additionalProperties",
    ];
    branches.as_array().is_some_and(|branches| {
        branches.iter().any(|branch| match branch {
            Value::Bool(valid) => !valid,
            Value::Object(map) => {
                !map.is_empty()
                    && !SHAPES.iter().any(|k| map.contains_key(*k))
                    && map.keys().any(|k| is_assertion(k))
            }
            _ => false,
        })
    })
}

/// Whether every branch of an `anyOf` / `oneOf` is an object schema whose rules a type carries
/// (its type, its properties), so that choosing the alternative by its type checks it.
fn plain_branches(branches: &Value) -> bool {
    branches.as_array().is_none_or(|branches| {
        branches
            .iter()
            .all(|b| b.as_object().is_some_and(|b| constraints_of(b).is_empty()))
    })
}

/// Whether a schema refers to another one anywhere inside it.
fn refers_anywhere(value: &Value) -> bool {
    match value {
        Value::Object(map) => has_ref(map) || map.values().any(refers_anywhere),
        Value::Array(items) => items.iter().any(refers_anywhere),
        _ => false,
    }
}

/// The non-null values of `enum`, or `const`, unless they are all strings (a Rust enum then
/// holds exactly them).
fn allowed_values(map: &Map<String, Value>) -> Vec<Value> {
    let values: Vec<Value> = match (map.get("enum"), map.get("const")) {
        (Some(Value::Array(values)), _) => {
            values.iter().filter(|v| !v.is_null()).cloned().collect()
        }
        (None, Some(value)) if !value.is_null() => vec![value.clone()],
        _ => Vec::new(),
    };
    if values.iter().all(Value::is_string) {
        Vec::new()
    } else {
        values
    }
}

/// What a JSON value is, for messages: `a string`, `an object`, `null`.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
