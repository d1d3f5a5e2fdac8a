//! Object schemas: structs of their `properties` (other keys kept in a map field when the
//! schema allows them), and maps when they name no properties.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::{Additional, Constraints, Field, Struct, TypeId, TypeKind, TypeRef};
use crate::names::{NameKind, Namespace};
use crate::resolve::SchemaRef;

use super::Converter;
use super::schema::{child, docs_of, docs_of_map, kind_of, string_list};

impl<'d> Converter<'d> {
    pub(super) fn convert_object_type(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        hint: &str,
    ) -> TypeRef {
        let properties: Vec<(String, SchemaRef)> = match map.get("properties") {
            Some(Value::Object(props)) => props
                .keys()
                .map(|k| (k.clone(), child(&child(at, "properties"), k)))
                .collect(),
            Some(other) => {
                self.error(
                    &child(at, "properties"),
                    format!(
                        "`properties` must be an object mapping names to schemas, found {}",
                        kind_of(other)
                    ),
                    "write \"properties\": {\"name\": {\"type\": \"string\"}}",
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        let has_patterns = map.contains_key("patternProperties");
        let closed = |key: &str| map.get(key) == Some(&Value::Bool(false));
        let deny_unknown =
            (closed("additionalProperties") || self.seals_unevaluated(at, map)) && !has_patterns;
        if !properties.is_empty() || deny_unknown {
            let required = string_list(map.get("required")).into_iter().collect();
            return TypeRef::Named(self.build_struct(
                at,
                map,
                hint,
                properties,
                required,
                deny_unknown,
            ));
        }
        let value = self.other_keys(at, map, hint, true).unwrap_or(TypeRef::Any);
        if self.definitions.contains_key(at) {
            let docs = docs_of_map(map);
            // Kept keywords make it a newtype that checks them.
            let kind = if super::schema::extra_keywords(map).is_some() {
                TypeKind::Newtype(TypeRef::Map(Box::new(value)))
            } else {
                TypeKind::Map(value)
            };
            TypeRef::Named(self.define(at, hint, docs, kind))
        } else {
            TypeRef::Map(Box::new(value))
        }
    }

    /// The type of the values of keys that `properties` does not name, or `None` when such keys
    /// are not kept: `patternProperties` and `additionalProperties` together, typed when they
    /// agree, `serde_json::Value` otherwise. An absent `additionalProperties` allows any value,
    /// so it is `Value` where keys are kept (`keep_by_default`, or beside `patternProperties`).
    fn other_keys(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        hint: &str,
        keep_by_default: bool,
    ) -> Option<TypeRef> {
        let mut types = Vec::new();
        let mut patterns = 0;
        if let Some(Value::Object(schemas)) = map.get("patternProperties") {
            for pattern in schemas.keys() {
                let location = child(&child(at, "patternProperties"), pattern);
                let conv = self.convert(&location, &format!("{hint} value"));
                types.push(conv.nullable_ty());
                patterns += 1;
            }
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            Some(Value::Object(_)) => {
                let conv =
                    self.convert(&child(at, "additionalProperties"), &format!("{hint} value"));
                types.push(conv.nullable_ty());
            }
            Some(Value::Bool(true)) => types.push(TypeRef::Any),
            _ if keep_by_default || patterns > 0 => types.push(TypeRef::Any),
            _ => {}
        }
        let first = types.first()?.clone();
        if types.iter().all(|t| *t == first) {
            return Some(first);
        }
        if patterns > 0 {
            let help = if map.contains_key("additionalProperties") {
                "the pattern schemas and `additionalProperties` differ"
            } else {
                "keys that match no pattern may hold any value; `\"additionalProperties\": false` makes the values typed"
            };
            self.warn(
                at,
                format!("the values of other keys are `serde_json::Value`: {help}; keys are not checked against the patterns"),
            );
        }
        Some(TypeRef::Any)
    }

    pub(super) fn build_struct(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        hint: &str,
        properties: Vec<(String, SchemaRef)>,
        required: BTreeSet<String>,
        deny_unknown_fields: bool,
    ) -> TypeId {
        let mut namespace = Namespace::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (key, location) in &properties {
            // A property of a part `allOf` refers to is named where it is written, the same
            // whichever struct reaches it first.
            let inside = location.doc == at.doc
                && location
                    .pointer
                    .strip_prefix(at.pointer.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
            let property_hint = if inside {
                format!("{hint} {key}")
            } else {
                self.ref_hint(location)
            };
            let conv = self.convert(location, &property_hint);
            let schema = self.value(location);
            let docs = schema.map(docs_of).unwrap_or_default();
            let constraints = match schema {
                // (Up to draft 7, the keywords beside a `$ref` are ignored: `constraints_at`.)
                Some(Value::Object(map)) => self.constraints_at(location, map),
                // `false`: the property may only be absent.
                Some(Value::Bool(false)) => Constraints {
                    extra: Some(Value::Bool(false)),
                    ..Constraints::default()
                },
                _ => Constraints::default(),
            };
            let name = namespace.claim(&self.identifier(key, NameKind::Field));
            // Draft 3 marks a required property on the property itself.
            let draft3_required =
                schema.and_then(|s| s.get("required")) == Some(&Value::Bool(true));
            fields.push(Field {
                name,
                key: key.clone(),
                origin: self.docs.location(location),
                ty: conv.ty,
                required: required.contains(key) || draft3_required,
                nullable: conv.nullable,
                boxed: false,
                docs,
                constraints,
                default: None,
                tri_state: false,
            });
        }
        for key in &required {
            if !properties.iter().any(|(k, _)| k == key) {
                self.warn(
                    &child(at, "required"),
                    format!("\"{key}\" is required but has no schema under `properties`; it is not generated"),
                );
            }
        }
        // Other keys the schema describes or explicitly allows are kept, not dropped.
        let additional = if fields.is_empty() {
            None
        } else {
            // With `keep_unknown`, an object the schema leaves open keeps its other keys too.
            let keep = self.options.keep_unknown && !deny_unknown_fields;
            self.other_keys(at, map, hint, keep)
                .map(|value| Additional {
                    name: namespace.claim("additional_properties"),
                    value,
                })
        };
        let docs = docs_of_map(map);
        self.define(
            at,
            hint,
            docs,
            TypeKind::Struct(Struct {
                fields,
                deny_unknown_fields,
                additional,
            }),
        )
    }
}
