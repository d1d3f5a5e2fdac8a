//! The walk over two models: types by Rust name, fields by JSON key, enum variants by JSON
//! value, union alternatives by Rust name, each difference classified as it is found.
//!
//! The Rust API rules follow from what `emit_rust` prints: structs have public fields and no
//! `#[non_exhaustive]`, so users build them with literals and a new field breaks those; enums
//! (open ones too, whose `Unrecognized(String)` is one more variant) are exhaustive, so a new
//! variant breaks `match`es.

use std::collections::{HashMap, HashSet};

use super::Api::{Additive, Breaking};
use super::ChangeKind::*;
use super::rust::{field_type, kind_word, signature, type_name};
use super::wire::Compat;
use super::{Api, Change, ChangeKind, Wire};
use crate::model::{
    Constraints, Docs, Enum, Field, Model, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union,
};

/// Every change from `old` to `new`, old types first in their order, then the new ones.
pub fn changes(old: &Model, new: &Model) -> Vec<Change> {
    let new_ids: HashMap<&str, usize> = new
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let old_names: HashSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let added: Vec<usize> = (0..new.types.len())
        .filter(|&i| !old_names.contains(new.types[i].name.as_str()))
        .collect();
    let mut walk = Walk {
        old,
        new,
        changes: Vec::new(),
    };
    let mut renamed_to = HashSet::new();
    for (i, def) in old.types.iter().enumerate() {
        if let Some(&j) = new_ids.get(def.name.as_str()) {
            walk.type_def(TypeId(i), TypeId(j));
            continue;
        }
        // A type gone while one of the same shape appeared: renamed.
        let shape = signature(old, &def.kind);
        let twin = added
            .iter()
            .find(|&&j| !renamed_to.contains(&j) && signature(new, &new.types[j].kind) == shape);
        match twin {
            Some(&j) => {
                renamed_to.insert(j);
                let detail = format!("renamed to {}", new.types[j].name);
                walk.push(&def.name, TypeRenamed, detail, Breaking, true, true);
            }
            None => {
                let detail = format!("{} removed", kind_word(&def.kind));
                walk.push(&def.name, TypeRemoved, detail, Breaking, true, true);
            }
        }
    }
    for j in added.into_iter().filter(|j| !renamed_to.contains(j)) {
        let def = &new.types[j];
        let detail = format!("{} added", kind_word(&def.kind));
        walk.push(&def.name, TypeAdded, detail, Additive, true, true);
    }
    walk.changes
}

struct Walk<'a> {
    old: &'a Model,
    new: &'a Model,
    changes: Vec<Change>,
}

impl<'a> Walk<'a> {
    /// Records a change; `old_readers` and `old_writers` say whether each direction still reads.
    fn push(
        &mut self,
        path: &str,
        kind: ChangeKind,
        detail: String,
        api: Api,
        old_readers: bool,
        old_writers: bool,
    ) {
        self.changes.push(Change {
            path: path.to_string(),
            kind,
            detail,
            api,
            old_readers: Wire::from_ok(old_readers),
            old_writers: Wire::from_ok(old_writers),
        });
    }

    /// Validation keywords, which reading JSON checks: a tighter rule can refuse what old
    /// writers send, a looser one lets new writers send what old readers refuse.
    fn constraints(&mut self, path: &str, old: &Constraints, new: &Constraints) {
        if old == new {
            return;
        }
        let (tighter, looser) = rule_changes(old, new);
        let detail = match (tighter, looser) {
            (true, true) => {
                "validation keywords changed: some values now refused, others now accepted"
            }
            (true, false) => "validation keywords tightened: some values are now refused",
            (false, true) => "validation keywords loosened: more values are accepted",
            (false, false) => "documented constraints changed (not checked)",
        };
        self.push(
            path,
            ConstraintsChanged,
            detail.to_string(),
            Api::None,
            !looser,
            !tighter,
        );
    }

    /// Code built from the old version reading what the new one writes.
    fn old_reads(&self) -> Compat<'a> {
        Compat::new(self.old, self.new)
    }

    /// Code built from the new version reading what the old one wrote.
    fn new_reads(&self) -> Compat<'a> {
        Compat::new(self.new, self.old)
    }

    fn type_def(&mut self, o: TypeId, n: TypeId) {
        let (old, new) = (self.old, self.new);
        let (od, nd): (&TypeDef, &TypeDef) = (old.get(o), new.get(n));
        let path = od.name.as_str();
        self.docs(path, &od.docs, &nd.docs, false);
        self.constraints(path, &od.constraints, &nd.constraints);
        match (&od.kind, &nd.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.structs(path, a, b),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enums(path, a, b),
            (TypeKind::Union(a), TypeKind::Union(b)) => self.unions(path, a, b),
            (TypeKind::Map(a), TypeKind::Map(b))
            | (TypeKind::Newtype(a), TypeKind::Newtype(b))
            | (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                let (from, to) = (type_name(old, a), type_name(new, b));
                if from != to {
                    let readers = self.old_reads().accepts(a, b);
                    let writers = self.new_reads().accepts(b, a);
                    let detail = format!("{} of {from} → {to}", kind_word(&od.kind));
                    self.push(path, TargetChanged, detail, Breaking, readers, writers);
                }
            }
            (a, b) => {
                let (r, w) = (TypeRef::Named(o), TypeRef::Named(n));
                let readers = self.old_reads().accepts(&r, &w);
                let writers = self.new_reads().accepts(&w, &r);
                let detail = format!("{} → {}", kind_word(a), kind_word(b));
                self.push(path, KindChanged, detail, Breaking, readers, writers);
            }
        }
    }

    /// Documentation changes; a `format` the Rust type shows is left to the type's change.
    fn docs(&mut self, path: &str, a: &Docs, b: &Docs, type_changed: bool) {
        if a.deprecated != b.deprecated {
            // The rustdoc says it; no `#[deprecated]` attribute is emitted.
            let (kind, detail) = if b.deprecated {
                (Deprecated, "deprecated (in the docs)")
            } else {
                (Undeprecated, "no longer deprecated")
            };
            self.push(path, kind, detail.to_string(), Api::None, true, true);
        }
        let plain = |d: &Docs| Docs {
            deprecated: false,
            default: None,
            example_paths: Vec::new(),
            format: if type_changed { None } else { d.format.clone() },
            ..d.clone()
        };
        if plain(a) != plain(b) {
            let what: Vec<&str> = [
                (a.title != b.title, "title"),
                (a.description != b.description, "description"),
                (a.examples != b.examples, "examples"),
                (a.format != b.format && !type_changed, "format"),
                (a.read_only != b.read_only, "readOnly"),
                (a.write_only != b.write_only, "writeOnly"),
            ]
            .into_iter()
            .filter_map(|(changed, word)| changed.then_some(word))
            .collect();
            let detail = format!("{} changed", what.join(", "));
            self.push(path, DocsChanged, detail, Api::None, true, true);
        }
    }

    fn structs(&mut self, path: &str, a: &Struct, b: &Struct) {
        let (old, new) = (self.old, self.new);
        for of in &a.fields {
            let at = format!("{path}.{}", of.key);
            match b.fields.iter().find(|nf| nf.key == of.key) {
                Some(nf) => self.field(&at, of, nf),
                None => {
                    let writers = self.new_reads().unknown_field_ok(b, of);
                    let detail = format!("field `{}: {}` removed", of.name, field_type(old, of));
                    // New writers leave it out: old readers miss it when it was required.
                    let readers = !of.required;
                    self.push(&at, FieldRemoved, detail, Breaking, readers, writers);
                }
            }
        }
        for nf in b
            .fields
            .iter()
            .filter(|nf| !a.fields.iter().any(|of| of.key == nf.key))
        {
            let at = format!("{path}.{}", nf.key);
            let readers = self.old_reads().unknown_field_ok(a, nf);
            let required = if nf.required { ", required" } else { "" };
            let detail = format!(
                "field `{}: {}` added{required}",
                nf.name,
                field_type(new, nf)
            );
            // Struct literals must name every field; old writers never write it.
            self.push(&at, FieldAdded, detail, Breaking, readers, !nf.required);
        }
        if a.deny_unknown_fields != b.deny_unknown_fields {
            let (kind, detail) = if b.deny_unknown_fields {
                (UnknownFieldsDenied, "unknown keys are now refused")
            } else {
                (UnknownFieldsAllowed, "unknown keys are now allowed")
            };
            let readers = self.old_reads().other_keys_ok(a, b);
            let writers = self.new_reads().other_keys_ok(b, a);
            self.push(path, kind, detail.to_string(), Api::None, readers, writers);
        }
        let shown = |model: &Model, s: &Struct| {
            s.additional
                .as_ref()
                .map(|x| format!("`{}: {}`", x.name, type_name(model, &x.value)))
        };
        let (from, to) = (shown(old, a), shown(new, b));
        if from != to {
            let (kind, detail) = match (&from, &to) {
                (None, Some(to)) => (AdditionalAdded, format!("map of other keys {to} added")),
                (Some(from), None) => (
                    AdditionalRemoved,
                    format!("map of other keys {from} removed"),
                ),
                (from, to) => (
                    AdditionalChanged,
                    format!(
                        "map of other keys {} → {}",
                        from.as_deref().unwrap_or_default(),
                        to.as_deref().unwrap_or_default()
                    ),
                ),
            };
            let readers = self.old_reads().other_keys_ok(a, b);
            let writers = self.new_reads().other_keys_ok(b, a);
            self.push(path, kind, detail, Breaking, readers, writers);
        }
    }

    fn field(&mut self, path: &str, of: &Field, nf: &Field) {
        let (old, new) = (self.old, self.new);
        if of.name != nf.name {
            let detail = format!("Rust field `{}` → `{}`", of.name, nf.name);
            self.push(path, FieldRenamed, detail, Breaking, true, true);
        }
        let (from, to) = (type_name(old, &of.ty), type_name(new, &nf.ty));
        if from != to {
            let readers = self.old_reads().accepts(&of.ty, &nf.ty);
            let writers = self.new_reads().accepts(&nf.ty, &of.ty);
            let detail = format!("type {from} → {to}");
            self.push(path, FieldTypeChanged, detail, Breaking, readers, writers);
        }
        if of.boxed != nf.boxed {
            let kind = if nf.boxed { FieldBoxed } else { FieldUnboxed };
            let detail = format!("{} → {}", field_type(old, of), field_type(new, nf));
            self.push(path, kind, detail, Breaking, true, true);
        }
        // Whether the field is an `Option` follows from required, nullable and default together.
        let option_api = if of.is_option() != nf.is_option() {
            Breaking
        } else {
            Api::None
        };
        let rust = format!(" ({} → {})", field_type(old, of), field_type(new, nf));
        let rust = if option_api == Breaking {
            rust
        } else {
            String::new()
        };
        let aspects = [
            (
                of.required != nf.required,
                if nf.required {
                    (FieldRequired, "optional → required")
                } else {
                    (FieldOptional, "required → optional")
                },
                (Compat::presence_ok(of, nf), Compat::presence_ok(nf, of)),
            ),
            (
                of.nullable != nf.nullable,
                if nf.nullable {
                    (FieldNullable, "not nullable → nullable")
                } else {
                    (FieldNotNullable, "nullable → not nullable")
                },
                (Compat::null_ok(of, nf), Compat::null_ok(nf, of)),
            ),
        ];
        for (changed, (kind, word), (readers, writers)) in aspects {
            if changed {
                let detail = format!("{word}{rust}");
                self.push(path, kind, detail, option_api, readers, writers);
            }
        }
        if of.default != nf.default {
            let shown = |d: &Option<serde_json::Value>| {
                d.as_ref().map_or("none".to_string(), |v| v.to_string())
            };
            let detail = format!(
                "default {} → {}{rust}",
                shown(&of.default),
                shown(&nf.default)
            );
            let api = if of.required == nf.required && of.nullable == nf.nullable {
                option_api
            } else {
                Api::None
            };
            self.push(path, DefaultChanged, detail, api, true, true);
        }
        self.docs(path, &of.docs, &nf.docs, from != to);
        self.constraints(path, &of.constraints, &nf.constraints);
    }

    fn enums(&mut self, path: &str, a: &Enum, b: &Enum) {
        for ov in &a.variants {
            match b.variants.iter().find(|nv| nv.value == ov.value) {
                None => {
                    let detail = format!("value \"{}\" removed", ov.value);
                    let at = format!("{path}::{}", ov.name);
                    // Old writers may still send it: a closed new enum refuses it.
                    self.push(&at, VariantRemoved, detail, Breaking, true, b.open);
                }
                Some(nv) if nv.name != ov.name => {
                    let detail =
                        format!("value \"{}\": variant {} → {}", ov.value, ov.name, nv.name);
                    let at = format!("{path}::{}", ov.name);
                    self.push(&at, VariantRenamed, detail, Breaking, true, true);
                }
                Some(_) => {}
            }
        }
        for nv in b
            .variants
            .iter()
            .filter(|nv| !a.variants.iter().any(|ov| ov.value == nv.value))
        {
            let detail = format!("value \"{}\" added", nv.value);
            let at = format!("{path}::{}", nv.name);
            // New writers may send it: a closed old enum refuses it, an open one keeps it.
            self.push(&at, VariantAdded, detail, Breaking, a.open, true);
        }
        if a.open != b.open {
            let (kind, detail) = if b.open {
                (
                    EnumOpened,
                    "open: unlisted values kept in `Unrecognized(String)` (a new variant)",
                )
            } else {
                (
                    EnumClosed,
                    "closed: `Unrecognized(String)` removed, unlisted values refused",
                )
            };
            self.push(path, kind, detail.to_string(), Breaking, !b.open, !a.open);
        }
    }

    fn unions(&mut self, path: &str, a: &Union, b: &Union) {
        let (old, new) = (self.old, self.new);
        if a.tagging != b.tagging {
            let detail = format!("tagging {:?} → {:?}", a.tagging, b.tagging);
            self.push(path, TaggingChanged, detail, Api::None, false, false);
        }
        for ov in &a.variants {
            let at = format!("{path}::{}", ov.name);
            let Some(nv) = b.variants.iter().find(|nv| nv.name == ov.name) else {
                let writers = self.new_reads().union_accepts_variant(b, ov);
                let detail = format!("variant {}({}) removed", ov.name, type_name(old, &ov.ty));
                self.push(&at, VariantRemoved, detail, Breaking, true, writers);
                continue;
            };
            let readers = self.old_reads().union_accepts_variant(a, nv);
            let writers = self.new_reads().union_accepts_variant(b, ov);
            let (from, to) = (type_name(old, &ov.ty), type_name(new, &nv.ty));
            if from != to || ov.boxed != nv.boxed {
                let detail = format!("holds {from} → {to}");
                self.push(&at, VariantTypeChanged, detail, Breaking, readers, writers);
            }
            if ov.tag_values != nv.tag_values {
                let detail = format!("tags {:?} → {:?}", ov.tag_values, nv.tag_values);
                self.push(&at, VariantTagsChanged, detail, Api::None, readers, writers);
            }
        }
        for nv in b
            .variants
            .iter()
            .filter(|nv| !a.variants.iter().any(|ov| ov.name == nv.name))
        {
            let at = format!("{path}::{}", nv.name);
            let readers = self.old_reads().union_accepts_variant(a, nv);
            let detail = format!("variant {}({}) added", nv.name, type_name(new, &nv.ty));
            self.push(&at, VariantAdded, detail, Breaking, readers, true);
        }
    }
}

/// Whether going from `old` to `new` refuses values that were accepted (`.0`) and accepts
/// values that were refused (`.1`), keyword by keyword (a changed pattern, multiple, list of
/// values or kept schema counts as both).
fn rule_changes(old: &Constraints, new: &Constraints) -> (bool, bool) {
    let (mut tighter, mut looser) = (false, false);
    let mut lower = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (None, Some(_)) => tighter = true,
        (Some(_), None) => looser = true,
        (Some(a), Some(b)) if b > a => tighter = true,
        (Some(a), Some(b)) if b < a => looser = true,
        _ => {}
    };
    let as_f = |n: Option<u64>| n.map(|n| n as f64);
    lower(as_f(old.min_length), as_f(new.min_length));
    lower(old.minimum, new.minimum);
    lower(old.exclusive_minimum, new.exclusive_minimum);
    lower(as_f(old.min_items), as_f(new.min_items));
    lower(as_f(old.min_properties), as_f(new.min_properties));
    // An upper bound is a lower bound on the negated value.
    let neg = |x: Option<f64>| x.map(|x| -x);
    lower(neg(as_f(old.max_length)), neg(as_f(new.max_length)));
    lower(neg(old.maximum), neg(new.maximum));
    lower(neg(old.exclusive_maximum), neg(new.exclusive_maximum));
    lower(neg(as_f(old.max_items)), neg(as_f(new.max_items)));
    lower(neg(as_f(old.max_properties)), neg(as_f(new.max_properties)));
    match (old.unique_items, new.unique_items) {
        (false, true) => tighter = true,
        (true, false) => looser = true,
        _ => {}
    }
    if old.pattern != new.pattern
        || old.multiple_of != new.multiple_of
        || old.allowed != new.allowed
        || old.extra != new.extra
    {
        tighter = true;
        looser = true;
    }
    (tighter, looser)
}
