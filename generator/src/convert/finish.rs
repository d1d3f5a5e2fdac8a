//! After conversion: the ids of deferred definitions replaced by what they converted to, then
//! the types ordered as their schemas stand, named, renumbered and their cycles boxed.

use std::collections::BTreeSet;

use foldhash::HashMap;

use crate::model::{Model, TypeDef, TypeId, TypeKind, TypeRef};
use crate::names::{self, NameKind, Namespace};
use crate::resolve::SchemaRef;

use super::cycles::box_cycles;
use super::{Conv, Converter, Slot};

impl<'d> Converter<'d> {
    /// Replaces the ids of deferred definitions that are not named types by what they converted
    /// to, folding their nullability into the places that use them.
    pub(super) fn substitute_deferred(&mut self) {
        if self.substitutions.is_empty() {
            return;
        }
        // Resolve chains (a deferred alias of a deferred alias) first; a chain that loops has
        // no base case.
        let ids: Vec<TypeId> = self.substitutions.keys().copied().collect();
        let mut resolved: HashMap<TypeId, Conv> = HashMap::default();
        for id in ids {
            let mut seen = BTreeSet::new();
            let mut current = self.substitutions[&id].clone();
            while let TypeRef::Named(next) = current.ty {
                let Some(sub) = self.substitutions.get(&next) else {
                    break;
                };
                if !seen.insert(next) {
                    let at = self.slots[id.0].at.clone();
                    self.error(
                        &at,
                        "`$ref` cycle with no base case: this schema refers back to itself through references alone",
                        "a recursive type needs a structure to recurse through, such as an object property or array items",
                    );
                    current = Conv::of(TypeRef::Any);
                    break;
                }
                current = Conv {
                    ty: sub.ty.clone(),
                    nullable: current.nullable || sub.nullable,
                };
            }
            resolved.insert(id, current);
        }
        for slot in &mut self.slots {
            let Some(def) = &mut slot.def else { continue };
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        if let TypeRef::Named(id) = field.ty {
                            if let Some(sub) = resolved.get(&id) {
                                field.ty = sub.ty.clone();
                                field.nullable |= sub.nullable;
                                continue;
                            }
                        }
                        substitute(&mut field.ty, &resolved);
                    }
                    if let Some(additional) = &mut s.additional {
                        substitute(&mut additional.value, &resolved);
                    }
                }
                TypeKind::Union(u) => u
                    .variants
                    .iter_mut()
                    .for_each(|v| substitute(&mut v.ty, &resolved)),
                TypeKind::Map(ty) | TypeKind::Newtype(ty) | TypeKind::Alias(ty) => {
                    substitute(ty, &resolved)
                }
                TypeKind::Enum(_) => {}
            }
        }
        self.substitutions = resolved;
    }
}

/// Orders the types as their schemas stand in the documents, gives them unique names, and breaks
/// cycles with boxes.
pub(super) fn finish(
    slots: Vec<Slot>,
    order: &HashMap<SchemaRef, usize>,
    sources: Vec<String>,
    schemas: Vec<serde_json::Value>,
) -> Model {
    let mut indexed: Vec<(usize, Slot)> = slots
        .into_iter()
        .enumerate()
        .filter(|(_, s)| s.def.is_some())
        .collect();
    indexed.sort_by_key(|(i, slot)| (order.get(&slot.at).copied().unwrap_or(usize::MAX), *i));
    let mut remap = HashMap::default();
    for (new, (old, _)) in indexed.iter().enumerate() {
        remap.insert(*old, TypeId(new));
    }
    let mut claim_order: Vec<usize> = (0..indexed.len()).collect();
    claim_order.sort_by_key(|i| indexed[*i].1.priority);
    let mut namespace = Namespace::with_reserved(names::SUPPORT_TYPES.iter().copied());
    let mut final_names = vec![String::new(); indexed.len()];
    for i in claim_order {
        let def = indexed[i]
            .1
            .def
            .as_ref()
            .map(|d| d.schema_name.clone())
            .unwrap_or_default();
        final_names[i] = namespace.claim(&names::identifier(&def, NameKind::Type));
    }
    let mut types: Vec<TypeDef> = indexed
        .into_iter()
        .zip(final_names)
        .filter_map(|((_, slot), name)| slot.def.map(|def| TypeDef { name, ..def }))
        .collect();
    for def in &mut types {
        remap_kind(&mut def.kind, &remap);
    }
    let mut model = Model {
        types,
        sources,
        schemas,
    };
    box_cycles(&mut model);
    model
}

/// Replaces every `Named` id in `ty` that `resolved` maps, wrapping in `Nullable` where the
/// replacement may be null.
fn substitute(ty: &mut TypeRef, resolved: &HashMap<TypeId, Conv>) {
    match ty {
        TypeRef::Named(id) => {
            if let Some(sub) = resolved.get(id) {
                *ty = if sub.nullable {
                    TypeRef::Nullable(Box::new(sub.ty.clone()))
                } else {
                    sub.ty.clone()
                };
            }
        }
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| substitute(item, resolved)),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            substitute(inner, resolved)
        }
        _ => {}
    }
}

fn remap_kind(kind: &mut TypeKind, remap: &HashMap<usize, TypeId>) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields
                .iter_mut()
                .for_each(|f| remap_ref(&mut f.ty, remap));
            if let Some(additional) = &mut s.additional {
                remap_ref(&mut additional.value, remap);
            }
        }
        TypeKind::Union(u) => u
            .variants
            .iter_mut()
            .for_each(|v| remap_ref(&mut v.ty, remap)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) | TypeKind::Alias(ty) => remap_ref(ty, remap),
        TypeKind::Enum(_) => {}
    }
}

fn remap_ref(ty: &mut TypeRef, remap: &HashMap<usize, TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            if let Some(new) = remap.get(&id.0) {
                *id = *new;
            }
        }
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| remap_ref(item, remap)),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            remap_ref(inner, remap)
        }
        _ => {}
    }
}
