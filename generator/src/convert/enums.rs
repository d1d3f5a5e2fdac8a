//! `enum` and `const`: strings become Rust enums (open ones, with a variant for unknown
//! values, also from `anyOf: [{enum}, {type: string}]`); other values become the plain type
//! they share, unchecked.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::{Enum, IntegerKind, NumberKind, TypeId, TypeKind, TypeRef, Variant};
use crate::names::{NameKind, Namespace};
use crate::resolve::SchemaRef;

use super::schema::{child, docs_of, is_assertion, kind_of};
use super::{Conv, Converter};

impl<'d> Converter<'d> {
    pub(super) fn convert_enum(
        &mut self,
        at: &SchemaRef,
        map: &Map<String, Value>,
        values: &Value,
        hint: &str,
    ) -> Conv {
        let Value::Array(values) = values else {
            self.error(
                &child(at, "enum"),
                format!("`enum` must be an array, found {}", kind_of(values)),
                "list the allowed values in an array: \"enum\": [\"a\", \"b\"]",
            );
            return Conv::of(TypeRef::Any);
        };
        let nullable = values.iter().any(Value::is_null);
        let members: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if members.is_empty() {
            if nullable {
                return Conv::of(TypeRef::Null);
            }
            self.warn(
                &child(at, "enum"),
                "`enum` is empty, so no value is valid; generated as an enum without variants, which nothing deserializes into",
            );
            let id = self.define_enum(at, hint, &[], false);
            return Conv::of(TypeRef::Named(id));
        }
        if let Some(strings) = members
            .iter()
            .map(|v| v.as_str())
            .collect::<Option<Vec<&str>>>()
        {
            let open = is_open_enum(map);
            let id = self.define_enum(at, hint, &strings, open);
            return Conv {
                ty: TypeRef::Named(id),
                nullable,
            };
        }
        let ty = if members.iter().all(|v| v.is_boolean()) {
            TypeRef::Boolean
        } else if members.iter().all(|v| v.is_i64() || v.is_u64()) {
            TypeRef::Integer(IntegerKind::I64)
        } else if members.iter().all(|v| v.is_number()) {
            TypeRef::Number(NumberKind::F64)
        } else {
            TypeRef::Any
        };
        self.warn(
            at,
            format!(
                "`enum` of non-string values is generated as `{}`; the values are checked when it is a property or a definition, not as array items or map values",
                describe(&ty)
            ),
        );
        Conv { ty, nullable }
    }

    pub(super) fn convert_const(&mut self, at: &SchemaRef, value: &Value, hint: &str) -> Conv {
        match value {
            Value::Null => Conv::of(TypeRef::Null),
            Value::String(s) => {
                let id = self.define_enum(at, hint, &[s.as_str()], false);
                Conv::of(TypeRef::Named(id))
            }
            other => {
                let ty = match other {
                    Value::Bool(_) => TypeRef::Boolean,
                    Value::Number(n) if n.is_f64() => TypeRef::Number(NumberKind::F64),
                    Value::Number(_) => TypeRef::Integer(IntegerKind::I64),
                    _ => TypeRef::Any,
                };
                self.warn(
                    at,
                    format!(
                        "`const` {} is generated as `{}`; the value is checked when it is a property or a definition, not as array items or map values",
                        other,
                        describe(&ty)
                    ),
                );
                Conv::of(ty)
            }
        }
    }

    pub(super) fn define_enum(
        &mut self,
        at: &SchemaRef,
        hint: &str,
        values: &[&str],
        open: bool,
    ) -> TypeId {
        let mut namespace = Namespace::with_reserved(if open {
            vec![Enum::UNRECOGNIZED]
        } else {
            vec![]
        });
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values {
            if !seen.insert(*value) {
                self.warn(
                    at,
                    format!("`enum` lists \"{value}\" twice; the repeat is ignored"),
                );
                continue;
            }
            let name = namespace.claim(&self.identifier(value, NameKind::Variant));
            variants.push(Variant {
                name,
                value: value.to_string(),
            });
        }
        let docs = self.value(at).map(docs_of).unwrap_or_default();
        self.define(at, hint, docs, TypeKind::Enum(Enum { variants, open }))
    }

    /// `anyOf: [{enum: [...]}, {type: string}]`, the portable spelling of an open enum.
    pub(super) fn open_enum_pair(
        &self,
        first: &SchemaRef,
        second: &SchemaRef,
    ) -> Option<Vec<String>> {
        let first = self.value(first)?;
        let second = self.value(second)?;
        let (listed, plain) = if first.get("enum").is_some() {
            (first, second)
        } else {
            (second, first)
        };
        let plain = plain.as_object()?;
        let plain_string = plain.get("type").and_then(Value::as_str) == Some("string")
            && plain.keys().all(|k| k == "type" || !is_assertion(k));
        if !plain_string {
            return None;
        }
        listed
            .get("enum")?
            .as_array()?
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    }
}

fn is_open_enum(map: &Map<String, Value>) -> bool {
    map.get("x-speakeasy-unknown-values")
        .and_then(Value::as_str)
        == Some("allow")
}

fn describe(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Boolean => "bool",
        TypeRef::Integer(_) => "i64",
        TypeRef::Number(_) => "f64",
        _ => "serde_json::Value",
    }
}
