//! Structurally identical types, emitted once.
//!
//! Schemas repeat themselves: the same inline object under many properties (a `user` object in
//! every event of a webhook schema), the same one-value `action` enum in every event. Each copy
//! becomes a type of its own, and every copy costs its derives again at compile time. This pass,
//! run on the finished model, keeps one type of each set of identical ones (the *canonical*
//! one) and turns the others into aliases of it (`pub type PullRequestUser = User;`): every name
//! stays usable, every alias keeps its own docs and page, and references point at the canonical
//! type.
//!
//! Two types are identical when everything the Rust code and the field tables show of them is
//! equal, their own docs aside: the same fields (names, keys, types, docs, defaults,
//! constraints, requiredness, boxing), variants or inner type. Types are compared after the
//! types they refer to have been merged (targets first, in the order of the strongly connected
//! components of the reference graph), so that two objects holding two identical inline objects
//! merge too. The types of a reference cycle are compared among themselves, by refinement.

use std::collections::HashMap;

use crate::error::Location;
use crate::graph::strongly_connected_components;
use crate::model::{Model, TypeDef, TypeId, TypeKind, TypeRef};

/// Turns every type that is identical to another into an alias of one canonical type of its
/// set, and points every reference at the canonical types. Returns how many types became
/// aliases.
pub fn merge_identical(model: &mut Model) -> usize {
    let edges: Vec<Vec<TypeId>> = model.types.iter().map(referenced).collect();
    let component = strongly_connected_components(&edges);
    // Components are numbered targets first (Tarjan completes a component after everything it
    // reaches), so visiting them in that order sees every target's class before the types that
    // refer to it.
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (index, &c) in component.iter().enumerate() {
        if members.len() <= c {
            members.resize(c + 1, Vec::new());
        }
        members[c].push(index);
    }

    // `class[t]`: the first type seen with the shape of `t`.
    let mut class: Vec<TypeId> = (0..model.types.len()).map(TypeId).collect();
    let mut first_of_shape: HashMap<String, TypeId> = HashMap::new();
    for group in &members {
        match group.as_slice() {
            [index] if !edges[*index].contains(&TypeId(*index)) => {
                let def = &model.types[*index];
                if mergeable(&def.kind) {
                    let key = shape(model, def, &|id| class[id.0]);
                    class[*index] = *first_of_shape.entry(key).or_insert(TypeId(*index));
                }
            }
            _ => merge_cycle(model, group, &mut class),
        }
    }

    // The canonical type of each set: one the schema names over one named after its path, then
    // the shortest name, then the first.
    let mut canonical: HashMap<TypeId, TypeId> = HashMap::new();
    for (index, def) in model.types.iter().enumerate() {
        let rank = |d: &TypeDef, i: usize| (!d.named_in_schema, d.name.len(), i);
        canonical
            .entry(class[index])
            .and_modify(|best| {
                if rank(def, index) < rank(model.get(*best), best.0) {
                    *best = TypeId(index);
                }
            })
            .or_insert(TypeId(index));
    }
    let target: Vec<TypeId> = (0..model.types.len())
        .map(|index| canonical[&class[index]])
        .collect();

    let mut merged = 0;
    for (index, def) in model.types.iter_mut().enumerate() {
        if target[index].0 != index {
            def.kind = TypeKind::Alias(TypeRef::Named(target[index]));
            merged += 1;
        } else {
            for_each_ref(&mut def.kind, &mut |ty| retarget(ty, &|id| target[id.0]));
        }
    }
    merged
}

/// At most this many rounds of refinement for the types of one cycle; a cycle whose classes
/// have not settled by then is left unmerged.
const MAX_ROUNDS: usize = 64;

/// Merges the identical types among `group`, the types of one reference cycle: they are split
/// into classes by shape, where a reference into the group counts as the class of its target,
/// until no class splits any more (the coarsest partition in which identical types refer to
/// identical types, as in the minimisation of an automaton).
fn merge_cycle(model: &Model, group: &[usize], class: &mut [TypeId]) {
    let position: HashMap<usize, usize> = group.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut local = vec![0usize; group.len()];
    let mut classes = 1;
    for _ in 0..MAX_ROUNDS {
        let mut keys: HashMap<String, usize> = HashMap::new();
        let next: Vec<usize> = group
            .iter()
            .zip(&local)
            .map(|(&index, own)| {
                let def = &model.types[index];
                // Aliases stay apart; a reference into the group reads as its class, numbered
                // past every type id so that it cannot be confused with a type outside.
                let key = if mergeable(&def.kind) {
                    let inside = |id: TypeId| match position.get(&id.0) {
                        Some(&p) => TypeId(model.types.len() + local[p]),
                        None => class[id.0],
                    };
                    format!("{own} {}", shape(model, def, &inside))
                } else {
                    format!("alias {index}")
                };
                let fresh = keys.len();
                *keys.entry(key).or_insert(fresh)
            })
            .collect();
        let settled = keys.len() == classes;
        classes = keys.len();
        local = next;
        if settled {
            let mut first: HashMap<usize, TypeId> = HashMap::new();
            for (&index, c) in group.iter().zip(&local) {
                class[index] = *first.entry(*c).or_insert(TypeId(index));
            }
            return;
        }
    }
}

/// Whether a type of this kind may be merged with another: aliases are free already.
fn mergeable(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Alias(_))
}

/// Everything about a type that its Rust code and its field tables show, its own docs and the
/// places in the schema aside, with every reference written as the class of its target.
fn shape(model: &Model, def: &TypeDef, class: &dyn Fn(TypeId) -> TypeId) -> String {
    let mut kind = def.kind.clone();
    for_each_ref(&mut kind, &mut |ty| {
        unalias(model, ty, 0);
        retarget(ty, class)
    });
    let nowhere = Location::new("", "");
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                field.origin = nowhere.clone();
                field.docs.example_paths.clear();
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                variant.docs.example_paths.clear();
            }
        }
        TypeKind::Enum(_) | TypeKind::Map(_) | TypeKind::Newtype(_) | TypeKind::Alias(_) => {}
    }
    format!("{kind:?} {:?}", def.constraints)
}

/// Every named type `def` refers to, at any depth of its fields, variants or inner type.
fn referenced(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut kind = def.kind.clone();
    for_each_ref(&mut kind, &mut |ty| {
        ty.visit(&mut |t| {
            if let TypeRef::Named(id) = t {
                out.push(*id);
            }
        })
    });
    out
}

/// Calls `f` on every type reference of a kind (fields, the map of other keys, variants, inner
/// types), not inside them.
fn for_each_ref(kind: &mut TypeKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|field| f(&mut field.ty));
            if let Some(additional) = &mut s.additional {
                f(&mut additional.value);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) | TypeKind::Alias(ty) => f(ty),
        TypeKind::Enum(_) => {}
    }
}

/// Writes every alias inside `ty` as the type it stands for: `Option<Flag>` where `Flag` is
/// `bool` is the same Rust type as `Option<bool>`.
fn unalias(model: &Model, ty: &mut TypeRef, depth: usize) {
    match ty {
        TypeRef::Named(id) => {
            if let TypeKind::Alias(inner) = &model.get(*id).kind {
                if depth < MAX_ROUNDS {
                    *ty = inner.clone();
                    unalias(model, ty, depth + 1);
                }
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            unalias(model, inner, depth)
        }
        TypeRef::Tuple(items) => items
            .iter_mut()
            .for_each(|item| unalias(model, item, depth)),
        TypeRef::Any
        | TypeRef::Null
        | TypeRef::Boolean
        | TypeRef::Integer(_)
        | TypeRef::Number(_)
        | TypeRef::String(_) => {}
    }
}

/// Rewrites every named type inside `ty` through `target`.
fn retarget(ty: &mut TypeRef, target: &dyn Fn(TypeId) -> TypeId) {
    match ty {
        TypeRef::Named(id) => *id = target(*id),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            retarget(inner, target)
        }
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| retarget(item, target)),
        TypeRef::Any
        | TypeRef::Null
        | TypeRef::Boolean
        | TypeRef::Integer(_)
        | TypeRef::Number(_)
        | TypeRef::String(_) => {}
    }
}
