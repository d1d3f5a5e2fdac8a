//! The `type` keyword: strings (by `format`), numbers, booleans, arrays and tuples, the type
//! that other keywords imply when `type` is absent, and an untagged union when it lists
//! several.

use serde_json::{Map, Value};

use crate::model::{
    Docs, IntegerKind, NumberKind, StringFormat, Tagging, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::names::{self, NameKind, Namespace};
use crate::resolve::SchemaRef;

use super::schema::{child, docs_of_map, kind_of};
use super::unions::describe_kind;
use super::{Conv, Converter};

/// The longest tuple generated as a Rust tuple: the standard library's `Debug`, `PartialEq` and
/// `Default` stop at 12 items (serde's impls at 16), so a longer one would not compile.
const MAX_TUPLE_LEN: usize = 12;

/// The keywords of a tuple: `prefixItems` (2020-12) and what follows, or an array of `items`
/// (earlier drafts) and `additionalItems`.
pub(super) fn tuple_keys(map: &Map<String, Value>) -> (&'static str, &'static str) {
    if map.contains_key("prefixItems") {
        ("prefixItems", "items")
    } else {
        ("items", "additionalItems")
    }
}

/// Whether an array schema is a Rust tuple: a list of item schemas (at most
/// [`MAX_TUPLE_LEN`]), closed by `items: false` (or, as schemars writes tuples, by `maxItems`),
/// of exactly that length.
pub(super) fn is_rust_tuple(map: &Map<String, Value>) -> bool {
    let (prefix_key, rest_key) = tuple_keys(map);
    let Some(Value::Array(prefix)) = map.get(prefix_key) else {
        return false;
    };
    let length = Some(prefix.len() as u64);
    let closed = map.get(rest_key) == Some(&Value::Bool(false))
        || map.get("maxItems").and_then(Value::as_u64) == length;
    let exact = map.get("minItems").and_then(Value::as_u64) == length;
    closed && (exact || prefix.is_empty()) && prefix.len() <= MAX_TUPLE_LEN
}

impl<'d> Converter<'d> {
    pub(super) fn convert_typed(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        hint: &str,
    ) -> Conv {
        let types: Vec<String> = match map.get("type") {
            None => Vec::new(),
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(list)) if list.iter().all(Value::is_string) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(Value::Array(_)) => {
                // Draft 3 allowed schemas inside `type`.
                self.warn(
                    &child(at, "type"),
                    "`type` lists schemas (a draft-3 union); generated as `serde_json::Value`",
                );
                return Conv::of(TypeRef::Any);
            }
            Some(other) => {
                self.error(
                    &child(at, "type"),
                    format!("`type` must be a string or an array of strings, found {}", kind_of(other)),
                    "use one of \"string\", \"number\", \"integer\", \"boolean\", \"array\", \"object\", \"null\"",
                );
                return Conv::of(TypeRef::Any);
            }
        };
        // Draft 3's `any` is every type.
        if types.iter().any(|t| t == "any") {
            return Conv::of(TypeRef::Any);
        }
        for t in &types {
            if ![
                "string", "number", "integer", "boolean", "array", "object", "null",
            ]
            .contains(&t.as_str())
            {
                let suggestion = names::closest(
                    t,
                    &[
                        "string", "number", "integer", "boolean", "array", "object", "null",
                    ],
                );
                self.error(
                    &child(at, "type"),
                    format!("unknown type \"{t}\""),
                    match suggestion {
                        Some(s) => format!("did you mean \"{s}\"? The JSON Schema types are string, number, integer, boolean, array, object and null"),
                        None => "the JSON Schema types are string, number, integer, boolean, array, object and null".to_string(),
                    },
                );
                return Conv::of(TypeRef::Any);
            }
        }
        let nullable = types.iter().any(|t| t == "null");
        let mut concrete: Vec<&str> = types
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "null")
            .collect();
        concrete.dedup();
        if concrete.len() == 2 && concrete.contains(&"integer") && concrete.contains(&"number") {
            concrete = vec!["number"];
        }
        let ty = match concrete.as_slice() {
            [] if nullable => TypeRef::Null,
            [] => self.infer_untyped(at, map, hint),
            [one] => self.convert_type_name(at, map, one, hint),
            several => {
                let mut variants = Vec::new();
                let mut namespace = Namespace::new();
                for t in several {
                    // The object (or array) a union member makes is a type of its own: a
                    // reference back to this schema means the union.
                    let outer = self.own_slot.replace(at.clone());
                    let ty = self.convert_type_name(at, map, t, &format!("{hint} {t}"));
                    self.own_slot = outer;
                    // A struct or union the member made is named after its JSON type.
                    let kind = match ty {
                        TypeRef::Named(_) => t,
                        _ => describe_kind(&ty),
                    };
                    let name = namespace.claim(&names::identifier(kind, NameKind::Variant));
                    variants.push(UnionVariant {
                        name,
                        ty,
                        docs: Docs::default(),
                        boxed: false,
                        tag_values: Vec::new(),
                    });
                }
                variants.sort_by_key(|v| self.is_float(&v.ty));
                let id = self.define(
                    at,
                    hint,
                    docs_of_map(map),
                    TypeKind::Union(Union {
                        variants,
                        tagging: Tagging::Untagged,
                    }),
                );
                TypeRef::Named(id)
            }
        };
        Conv { ty, nullable }
    }

    fn infer_untyped(&mut self, at: &SchemaRef, map: &Map<String, Value>, hint: &str) -> TypeRef {
        // `required` alone says nothing of the type either: any value, whose keys are checked
        // when it is an object (see `extra_keywords`). (Draft 3 writes `"required": true` on a
        // property.)
        let object = ["properties", "additionalProperties", "patternProperties"]
            .iter()
            .any(|k| map.contains_key(*k));
        if object {
            return self.convert_type_name(at, map, "object", hint);
        }
        if map.contains_key("items") || map.contains_key("prefixItems") {
            return self.convert_type_name(at, map, "array", hint);
        }
        TypeRef::Any
    }

    fn convert_type_name(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        name: &str,
        hint: &str,
    ) -> TypeRef {
        let format = map.get("format").and_then(Value::as_str);
        match name {
            "string" => TypeRef::String(match format {
                Some(format) => match self.options.formats.get(format) {
                    Some(mapped) => mapped.clone(),
                    None => StringFormat::builtin(format),
                },
                None => StringFormat::Plain,
            }),
            "integer" => TypeRef::Integer(match format {
                Some("int8") => IntegerKind::I8,
                Some("int16") => IntegerKind::I16,
                Some("int32") => IntegerKind::I32,
                Some("uint8") => IntegerKind::U8,
                Some("uint16") => IntegerKind::U16,
                Some("uint32") => IntegerKind::U32,
                Some("uint64" | "uint") => IntegerKind::U64,
                _ => IntegerKind::I64,
            }),
            "number" => TypeRef::Number(match format {
                Some("float") => NumberKind::F32,
                _ => NumberKind::F64,
            }),
            "boolean" => TypeRef::Boolean,
            "null" => TypeRef::Null,
            "array" => self.convert_array(at, map, hint),
            _ => self.convert_object_type(at, map, hint),
        }
    }

    fn convert_array(&mut self, at: &SchemaRef, map: &Map<String, Value>, hint: &str) -> TypeRef {
        // A tuple: `prefixItems` (2020-12) or an array of `items` (earlier drafts).
        let (prefix_key, rest_key) = tuple_keys(map);
        if let Some(Value::Array(prefix)) = map.get(prefix_key) {
            // Closed by `items: false`, or (as schemars writes tuples) by `maxItems`.
            let length = Some(prefix.len() as u64);
            let closed = map.get(rest_key) == Some(&Value::Bool(false))
                || map.get("maxItems").and_then(Value::as_u64) == length;
            let exact = map.get("minItems").and_then(Value::as_u64) == length;
            if !closed || (!exact && !prefix.is_empty()) {
                self.warn(
                    at,
                    format!(
                        "a tuple that may be shorter or longer than its {} items (set `minItems` to the length and `{rest_key}: false`, or `maxItems` to the length, for a Rust tuple) is generated as `Vec<serde_json::Value>`",
                        prefix.len()
                    ),
                );
                return TypeRef::Array(Box::new(TypeRef::Any));
            }
            if prefix.len() > MAX_TUPLE_LEN {
                self.warn(
                    at,
                    format!(
                        "a tuple of {} items is generated as `Vec<serde_json::Value>`: the standard library implements `Debug` and `PartialEq` for tuples of at most {MAX_TUPLE_LEN}",
                        prefix.len()
                    ),
                );
                return TypeRef::Array(Box::new(TypeRef::Any));
            }
            let items = (0..prefix.len())
                .map(|i| {
                    let item = self.convert(
                        &child(&child(at, prefix_key), &i.to_string()),
                        &format!("{hint} item {i}"),
                    );
                    item.nullable_ty()
                })
                .collect();
            return TypeRef::Tuple(items);
        }
        match map.get("items") {
            Some(_) => {
                let item = self.convert(&child(at, "items"), &format!("{hint} item"));
                let ty = item.nullable_ty();
                TypeRef::Array(Box::new(ty))
            }
            None => TypeRef::Array(Box::new(TypeRef::Any)),
        }
    }
}
