//! Visiting every schema position in a document (and only those: `$ref`s inside `examples`,
//! `enum`s or unknown keywords are data, not references).

use serde_json::Value;

use crate::load;

/// Keywords whose value is one schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "additionalProperties",
    "additionalItems",
    "items",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Keywords whose value is an array of schemas.
const SCHEMA_ARRAY_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];

/// Keywords whose value maps names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];

/// The pointers of every schema in `root`, in document order (pre-order), with the schema value.
/// OpenAPI documents contribute their `components/schemas`.
pub fn schemas(root: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = Vec::new();
    if is_openapi(root) {
        if let Some(Value::Object(schemas)) = root.pointer("/components/schemas") {
            for (name, schema) in schemas.iter().rev() {
                stack.push((load::push_token("/components/schemas", name), schema));
            }
        }
    } else {
        stack.push((String::new(), root));
    }
    while let Some((pointer, value)) = stack.pop() {
        let Value::Object(map) = value else {
            out.push((pointer, value));
            continue;
        };
        out.push((pointer.clone(), value));
        let mut children = Vec::new();
        for (key, child) in map {
            let keyword = key.as_str();
            if SCHEMA_MAP_KEYWORDS.contains(&keyword) {
                if let Value::Object(entries) = child {
                    let at = load::push_token(&pointer, key);
                    for (name, schema) in entries {
                        // `dependencies` maps to schemas or to arrays of property names.
                        if schema.is_object() || schema.is_boolean() {
                            children.push((load::push_token(&at, name), schema));
                        }
                    }
                }
            } else if SCHEMA_ARRAY_KEYWORDS.contains(&keyword) && child.is_array() {
                if let Value::Array(items) = child {
                    let at = load::push_token(&pointer, key);
                    for (i, schema) in items.iter().enumerate() {
                        children.push((format!("{at}/{i}"), schema));
                    }
                }
            } else if SCHEMA_KEYWORDS.contains(&keyword)
                && (child.is_object() || child.is_boolean())
            {
                children.push((load::push_token(&pointer, key), child));
            }
        }
        stack.extend(children.into_iter().rev());
    }
    out
}

/// Whether a document is an OpenAPI description rather than a JSON Schema.
pub fn is_openapi(root: &Value) -> bool {
    root.get("openapi").is_some_and(Value::is_string)
        || root.get("swagger").is_some_and(Value::is_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_schemas_in_document_order_and_skips_data() {
        let root = serde_json::json!({
            "properties": {"a": {"items": {"type": "string"}}, "b": {"examples": [{"$ref": "x"}]}},
            "$defs": {"c": {"anyOf": [true, {"type": "null"}]}},
            "x-vendor": {"$ref": "#/nowhere"}
        });
        let pointers: Vec<String> = schemas(&root).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            pointers,
            [
                "",
                "/properties/a",
                "/properties/a/items",
                "/properties/b",
                "/$defs/c",
                "/$defs/c/anyOf/0",
                "/$defs/c/anyOf/1"
            ]
        );
    }

    #[test]
    fn openapi_components_are_the_roots() {
        let root = serde_json::json!({"openapi": "3.1.0", "components": {"schemas": {"A": {"type": "object"}}}});
        let pointers: Vec<String> = schemas(&root).into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["/components/schemas/A"]);
    }
}
