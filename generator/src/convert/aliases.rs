//! Aliases (`pub type Name = T;`) for the definitions of the inputs that are not types of
//! their own, and the ids that `$ref`s to them are written with.

use serde_json::Value;

use crate::checks;
use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::resolve::SchemaRef;

use super::schema::docs_of_map;
use super::{Conv, Converter, Slot};

impl<'d> Converter<'d> {
    /// A definition of the inputs that is not a type of its own (a string, an array, a number,
    /// or a `$ref` to another definition) still gets its name: `pub type Name = T;`. A document
    /// root that only holds definitions does not.
    pub(super) fn alias(&mut self, at: &SchemaRef, name: String) {
        let Some(conv) = self.done.get(at).cloned() else {
            return;
        };
        // `$ref`s may already use it; otherwise it is made unless the definition is a named
        // type of its own (not another definition's, `{"$ref": ...}` alone) or a document
        // root that only holds definitions.
        let reserved = self.aliases.get(at).copied();
        if reserved.is_none() {
            if let TypeRef::Named(id) = conv.ty {
                if !self.substitutions.contains_key(&id) && self.slots[id.0].at == *at {
                    return;
                }
            }
            if self.is_definitions_container(at, &conv) {
                return;
            }
        }
        let schema = self.value(at).and_then(Value::as_object);
        let mut constraints = schema
            .map(|map| self.constraints_at(at, map))
            .unwrap_or_default();
        if self.value(at) == Some(&Value::Bool(false)) {
            // The schema `false`: reading any value fails ([`Constraints::extra`]).
            constraints.extra = Some(Value::Bool(false));
        }
        // Rules a Rust type cannot carry need a type of their own that checks them.
        let ty = conv.nullable_ty();
        let kind = if checks::any_applies(&ty, &constraints) {
            TypeKind::Newtype(ty)
        } else {
            TypeKind::Alias(ty)
        };
        let def = TypeDef {
            name: String::new(),
            schema_name: name,
            named_in_schema: true,
            origin: self.docs.location(at),
            docs: schema.map(docs_of_map).unwrap_or_default(),
            constraints,
            kind,
        };
        match reserved {
            Some(id) => self.slots[id.0].def = Some(def),
            None => self.slots.push(Slot {
                def: Some(def),
                priority: 0,
                at: at.clone(),
            }),
        }
    }

    /// A document root that accepts anything and only holds `$defs` / `definitions`.
    fn is_definitions_container(&self, at: &SchemaRef, conv: &Conv) -> bool {
        at.pointer.is_empty()
            && conv.ty == TypeRef::Any
            && self
                .value(at)
                .and_then(Value::as_object)
                .is_some_and(|s| s.contains_key("$defs") || s.contains_key("definitions"))
    }

    /// The id of the alias a reference to the definition at `target` (converted to `conv`) is
    /// written with: for definitions of the inputs that are a plain type (not a struct, enum or
    /// union of their own), not nullable and not of a type the user chose for a format (which
    /// `schemars` cannot describe through an alias).
    pub(super) fn alias_for(&mut self, target: &SchemaRef, conv: &Conv) -> Option<TypeId> {
        if !self.definitions.contains_key(target)
            || target.doc >= self.docs.inputs
            || conv.nullable
            || matches!(conv.ty, TypeRef::Named(_))
            || self.is_definitions_container(target, conv)
            || conv.ty.has_custom_format()
        {
            return None;
        }
        if let Some(id) = self.aliases.get(target) {
            return Some(*id);
        }
        self.slots.push(Slot {
            def: None,
            priority: 0,
            at: target.clone(),
        });
        let id = TypeId(self.slots.len() - 1);
        self.aliases.insert(target.clone(), id);
        self.aliased.insert(id, conv.ty.clone());
        Some(id)
    }
}
