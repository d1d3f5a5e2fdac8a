//! Cycles of types that contain each other inline: the fields and variants that lead back to
//! their own type are boxed, so that every Rust type has a size.

use crate::graph::strongly_connected_components;
use crate::model::{Model, TypeId, TypeKind, TypeRef};

/// Boxes every field and union variant that holds, without a `Vec` or a map in between, a type
/// that leads back to its own type: Rust types cannot contain themselves.
pub(super) fn box_cycles(model: &mut Model) {
    let direct: Vec<Vec<TypeId>> = model
        .types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .for_each(|f| direct_targets(&f.ty, &mut out)),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .for_each(|v| direct_targets(&v.ty, &mut out)),
                TypeKind::Newtype(ty) | TypeKind::Alias(ty) => direct_targets(ty, &mut out),
                TypeKind::Map(_) | TypeKind::Enum(_) => {}
            }
            out
        })
        .collect();
    // A field leads back to its own type exactly when its target is in the same strongly
    // connected component of the graph of inline containment.
    let component = strongly_connected_components(&direct);
    let reaches = |from: TypeId, to: TypeId| component[from.0] == component[to.0];
    let cyclic = |ty: &TypeRef, own: TypeId| {
        let mut targets = Vec::new();
        direct_targets(ty, &mut targets);
        targets.into_iter().any(|t| reaches(t, own))
    };
    let mut boxes: Vec<(usize, usize)> = Vec::new();
    for (index, def) in model.types.iter().enumerate() {
        let own = TypeId(index);
        match &def.kind {
            TypeKind::Struct(s) => {
                for (i, f) in s.fields.iter().enumerate() {
                    if cyclic(&f.ty, own) {
                        boxes.push((index, i));
                    }
                }
            }
            TypeKind::Union(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    if cyclic(&v.ty, own) {
                        boxes.push((index, i));
                    }
                }
            }
            TypeKind::Newtype(_) | TypeKind::Alias(_) | TypeKind::Map(_) | TypeKind::Enum(_) => {}
        }
    }
    for (index, i) in boxes {
        match &mut model.types[index].kind {
            TypeKind::Struct(s) => s.fields[i].boxed = true,
            TypeKind::Union(u) => u.variants[i].boxed = true,
            _ => {}
        }
    }
}

/// The named types a value of `ty` contains inline (not behind a `Vec` or a map).
fn direct_targets(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Nullable(inner) => direct_targets(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| direct_targets(item, out)),
        _ => {}
    }
}
