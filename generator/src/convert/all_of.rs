//! `allOf`, and `$ref` beside object keywords: the object parts merged into one struct, or,
//! when no part is an object, the one branch that names a type.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::TypeRef;
use crate::resolve::SchemaRef;

use super::schema::{child, has_ref, is_assertion, string_list};
use super::{Conv, Converter, MAX_DEPTH};

impl<'d> Converter<'d> {
    /// `allOf`, and `$ref` with object keywords beside it (which 2019-09 and later define as
    /// the same thing): the object parts, nested `allOf`s and referenced schemas included, are
    /// merged into one struct.
    pub(super) fn convert_all_of(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        hint: &str,
    ) -> Conv {
        let items: &[Value] = match map.get("allOf") {
            Some(Value::Array(items)) => items,
            None => &[],
            Some(_) => {
                self.error(
                    &child(at, "allOf"),
                    "`allOf` must be an array of schemas",
                    "write \"allOf\": [{...}, {...}]",
                );
                return Conv::of(TypeRef::Any);
            }
        };
        let has_own_shape = map
            .keys()
            .any(|k| k == "properties" || k == "type" || k == "required");
        if items.len() == 1 && !has_own_shape && !has_ref(map) {
            return self.convert(&child(&child(at, "allOf"), "0"), hint);
        }
        let mut parts = Vec::new();
        let mut visited = BTreeSet::new();
        visited.insert(at.clone());
        if let Some(target) = self.refs.get(at).cloned() {
            self.flatten_all_of(&target, &mut parts, &mut visited);
        }
        for i in 0..items.len() {
            self.flatten_all_of(
                &child(&child(at, "allOf"), &i.to_string()),
                &mut parts,
                &mut visited,
            );
        }
        parts.push(at.clone());
        // Merge the object parts into one struct.
        let mut properties: Vec<(String, SchemaRef)> = Vec::new();
        let mut required = BTreeSet::new();
        let mut deny_unknown = false;
        let mut objects = 0;
        let mut others = Vec::new();
        for part in parts {
            let Some(Value::Object(schema)) = self.value(&part) else {
                continue;
            };
            let object_like = schema.contains_key("properties")
                || schema.get("type").and_then(Value::as_str) == Some("object")
                || schema.contains_key("required");
            if !object_like {
                if part != *at && schema.keys().any(|k| is_assertion(k)) {
                    others.push(part);
                }
                continue;
            }
            objects += 1;
            if let Some(Value::Object(props)) = schema.get("properties") {
                for key in props.keys() {
                    let location = child(&child(&part, "properties"), key);
                    match properties.iter_mut().find(|(k, _)| k == key) {
                        Some(existing) => {
                            let redefined = self.value(&existing.1) != self.value(&location)
                                && !self.value(&location).is_some_and(is_annotation_only);
                            if redefined {
                                self.warn(
                                    &location,
                                    format!("property \"{key}\" is defined by several `allOf` branches; this last definition is used"),
                                );
                            }
                            existing.1 = location;
                        }
                        None => properties.push((key.clone(), location)),
                    }
                }
            }
            required.extend(string_list(schema.get("required")));
            deny_unknown |= schema.get("additionalProperties") == Some(&Value::Bool(false));
        }
        if objects == 0 {
            return self.all_of_without_objects(at, &others, hint);
        }
        for part in &others {
            self.warn(
                part,
                "this `allOf` branch is not an object schema; it is not merged into the type",
            );
        }
        if deny_unknown {
            self.warn(at, "`additionalProperties: false` inside `allOf` would reject the other branches' properties; unknown keys are allowed");
        }
        // `unevaluatedProperties: false` beside `allOf`: no keys but the merged properties.
        let sealed = self.seals_unevaluated(at, map) && !map.contains_key("patternProperties");
        let id = self.build_struct(at, map, hint, properties, required, sealed);
        Conv::of(TypeRef::Named(id))
    }

    /// `allOf` of schemas that are not objects (`[{type: string}, {minLength: 1}]`): the one
    /// branch that says what type the value is; when branches name different types, no value
    /// can satisfy them all.
    fn all_of_without_objects(
        &mut self,
        at: &SchemaRef,
        branches: &[SchemaRef],
        hint: &str,
    ) -> Conv {
        let typed: Vec<SchemaRef> = branches
            .iter()
            .filter(|b| {
                self.value(b).and_then(Value::as_object).is_some_and(|m| {
                    ["type", "enum", "const", "oneOf", "anyOf"]
                        .iter()
                        .any(|k| m.contains_key(*k))
                })
            })
            .cloned()
            .collect();
        let type_names: BTreeSet<String> = typed
            .iter()
            .filter_map(|b| {
                self.value(b)
                    .and_then(|v| v.get("type"))
                    .map(Value::to_string)
            })
            .collect();
        if type_names.len() > 1 {
            self.warn(
                at,
                "the `allOf` branches require different types, so no value satisfies them all; generated as `serde_json::Value`",
            );
            return Conv::of(TypeRef::Any);
        }
        match typed.first() {
            Some(branch) => {
                if branches.len() > 1 {
                    self.warn(at, "`allOf`: only the branch that names a type is used; the constraints of the others are not applied");
                }
                self.convert(branch, hint)
            }
            None => Conv::of(TypeRef::Any),
        }
    }

    /// The parts an `allOf` branch contributes, in order: the branch's own `allOf` branches
    /// (recursively) and the branch itself, references followed, each schema once.
    fn flatten_all_of(
        &self,
        branch: &SchemaRef,
        parts: &mut Vec<SchemaRef>,
        visited: &mut BTreeSet<SchemaRef>,
    ) {
        let branch = self.follow_refs(branch);
        if !visited.insert(branch.clone()) {
            return;
        }
        if let Some(Value::Array(items)) = self.value(&branch).and_then(|v| v.get("allOf")) {
            for i in 0..items.len() {
                self.flatten_all_of(
                    &child(&child(&branch, "allOf"), &i.to_string()),
                    parts,
                    visited,
                );
            }
        }
        parts.push(branch);
    }

    /// Whether `unevaluatedProperties: false` closes an object to every key but the properties
    /// the type has: not when a keyword beside it may evaluate others, which a type cannot
    /// follow (a union, a condition, `dependentSchemas`, or an `allOf` branch that allows more
    /// keys or holds one of those), since then valid objects would be refused.
    pub(super) fn seals_unevaluated(&self, at: &SchemaRef, map: &Map<String, Value>) -> bool {
        const OPENING: [&str; 6] = [
            "anyOf",
            "oneOf",
            "if",
            "dependentSchemas",
            "dependencies",
            "patternProperties",
        ];
        if map.get("unevaluatedProperties") != Some(&Value::Bool(false))
            || OPENING
                .iter()
                .any(|k| *k != "patternProperties" && map.contains_key(*k))
        {
            return false;
        }
        let branches = map
            .get("allOf")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..branches).all(|i| {
            let branch = self.follow_refs(&child(&child(at, "allOf"), &i.to_string()));
            self.value(&branch)
                .and_then(Value::as_object)
                .is_none_or(|b| {
                    let open = |k: &str| b.get(k).is_some_and(|v| v != &Value::Bool(false));
                    !open("additionalProperties")
                        && !open("unevaluatedProperties")
                        && !OPENING.iter().any(|k| b.contains_key(*k))
                })
        })
    }

    pub(super) fn follow_refs(&self, at: &SchemaRef) -> SchemaRef {
        let mut current = at.clone();
        for _ in 0..MAX_DEPTH {
            match self.refs.get(&current) {
                Some(next) => current = next.clone(),
                None => break,
            }
        }
        current
    }
}

/// A schema that only documents (`{"description": ...}`), as `allOf` branches use to annotate a
/// property another branch defines.
fn is_annotation_only(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|m| m.keys().all(|k| !is_assertion(k)))
}

#[cfg(test)]
mod tests {
    use crate::model::TypeKind;

    /// Whether the root struct of `schema` refuses keys it does not name.
    fn sealed(schema: serde_json::Value) -> bool {
        let config = crate::Config::new(["root.json"]);
        let generated = crate::generate_from_text(&config, "root.json", &schema.to_string())
            .unwrap_or_else(|err| panic!("{err}"));
        let root = generated
            .model
            .types
            .iter()
            .find(|t| t.origin.pointer.is_empty() && matches!(t.kind, TypeKind::Struct(_)));
        match root.map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.deny_unknown_fields,
            _ => panic!("no root struct for {schema}"),
        }
    }

    #[test]
    fn unevaluated_properties_false_seals_only_what_a_type_can_follow() {
        let props = serde_json::json!({"foo": {"type": "string"}});
        let with = |extra: serde_json::Value| {
            let mut schema = serde_json::json!({
                "type": "object", "properties": props, "unevaluatedProperties": false
            });
            for (k, v) in extra.as_object().into_iter().flatten() {
                schema[k] = v.clone();
            }
            sealed(schema)
        };
        assert!(with(serde_json::json!({})));
        assert!(with(
            serde_json::json!({"allOf": [{"properties": {"bar": {}}}]})
        ));
        // Keys a branch or a condition may evaluate are not refused.
        assert!(!with(
            serde_json::json!({"allOf": [{"additionalProperties": true}]})
        ));
        assert!(!with(
            serde_json::json!({"allOf": [{"patternProperties": {"^b": {}}}]})
        ));
        assert!(!with(
            serde_json::json!({"allOf": [{"unevaluatedProperties": true}]})
        ));
        assert!(!with(
            serde_json::json!({"if": {"required": ["foo"]}, "then": {"properties": {"bar": {}}}})
        ));
        assert!(!with(
            serde_json::json!({"dependentSchemas": {"foo": {"properties": {"bar": {}}}}})
        ));
        assert!(!with(
            serde_json::json!({"allOf": [{"anyOf": [{"properties": {"x": {}}}]}]})
        ));
    }
}
