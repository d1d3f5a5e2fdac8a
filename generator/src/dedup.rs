//! Structurally identical types, emitted once.
//!
//! Schemas repeat themselves: the same inline object under many properties (a `user` object in
//! every event of a webhook schema), the same one-value `action` enum in every event. Each copy
//! becomes a type of its own, and every copy costs its derives again at compile time. This pass,
//! run on the finished model, keeps one type of each set of identical ones (the *canonical*
//! one) and points every reference at it. The others become aliases of it
//! (`pub type Forest = Tree;`), each with its own docs and page, where an alias has something to
//! say: a name the schema gives, or docs of its own that neither the canonical type nor the field
//! holding it shows. The other copies of an inline schema are dropped: nothing refers to them,
//! and their names would only repeat a path.
//!
//! Two types are identical when everything the Rust code and the field tables show of them is
//! equal, their own docs aside: the same fields (names, keys, types, docs, defaults,
//! constraints, requiredness, boxing), variants or inner type. Types are compared after the
//! types they refer to have been merged (targets first, in the order of the strongly connected
//! components of the reference graph), so that two objects holding two identical inline objects
//! merge too. The types of a reference cycle are compared among themselves, by refinement.

use foldhash::HashMap;
use serde_json::Value;

use crate::graph::strongly_connected_components;
use crate::model::{
    Additional, Constraints, Docs, Enum, Field, Model, StringFormat, Struct, Tagging, TypeDef,
    TypeId, TypeKind, TypeRef, Union, UnionVariant, Variant,
};

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
    let mut first_of_shape: HashMap<Vec<u8>, TypeId> = HashMap::default();
    for group in &members {
        match group.as_slice() {
            [index] if !edges[*index].contains(&TypeId(*index)) => {
                let def = &model.types[*index];
                if mergeable(&def.kind) {
                    let Shape { mut key, refs } = shape(model, def);
                    for target in refs {
                        key.extend_from_slice(&class[target.0].0.to_le_bytes());
                    }
                    class[*index] = *first_of_shape.entry(key).or_insert(TypeId(*index));
                }
            }
            _ => merge_cycle(model, group, &mut class),
        }
    }

    // The canonical type of each set: one the schema names over one named after its path, then
    // the shortest name, then the first.
    let mut canonical: HashMap<TypeId, TypeId> = HashMap::default();
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

    let redundant = redundant_aliases(model, &target);
    let mut merged = 0;
    for (index, def) in model.types.iter_mut().enumerate() {
        if target[index].0 != index {
            def.kind = TypeKind::Alias(TypeRef::Named(target[index]));
            merged += 1;
        } else {
            for_each_ref(&mut def.kind, &mut |ty| retarget(ty, &|id| target[id.0]));
        }
    }
    remove(model, &redundant);
    merged
}

/// The merged types that need no alias: an inline schema's copy (not a name the schema gives)
/// whose docs say nothing that the canonical type's docs, or the docs of a field holding it, do
/// not already say. Nothing refers to such an alias, and its name is a path no person would
/// write (`WebhookPullRequestReviewRequestRemovedVariant1PullRequestRequestedReviewersItemVariant1ParentPrivacy`).
fn redundant_aliases(model: &Model, target: &[TypeId]) -> Vec<bool> {
    let said = |docs: &Docs| {
        (
            docs.title.clone(),
            docs.description.clone(),
            docs.examples.clone(),
        )
    };
    let nothing = (None, None, Vec::new());
    // What the fields that hold each type directly (not in an array or a map) say of it.
    let mut in_fields: Vec<Vec<&Docs>> = vec![Vec::new(); model.types.len()];
    for def in &model.types {
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let mut ty = &field.ty;
                while let TypeRef::Nullable(inner) = ty {
                    ty = inner;
                }
                if let TypeRef::Named(id) = ty {
                    in_fields[id.0].push(&field.docs);
                }
            }
        }
    }
    model
        .types
        .iter()
        .enumerate()
        .map(|(index, def)| {
            let canonical = target[index];
            if canonical.0 == index || def.named_in_schema {
                return false;
            }
            let own = said(&def.docs);
            own == nothing
                || own == said(&model.get(canonical).docs)
                || in_fields[index].iter().any(|docs| said(docs) == own)
        })
        .collect()
}

/// Removes the types marked in `drop`, which nothing refers to, and renumbers the references.
fn remove(model: &mut Model, drop: &[bool]) {
    if !drop.contains(&true) {
        return;
    }
    let mut renumbered = Vec::with_capacity(model.types.len());
    let mut next = 0;
    for &gone in drop {
        renumbered.push(TypeId(next));
        next += usize::from(!gone);
    }
    let mut index = 0;
    model.types.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
    for def in &mut model.types {
        for_each_ref(&mut def.kind, &mut |ty| {
            retarget(ty, &|id| renumbered[id.0])
        });
    }
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
    // Each type's shape is worked out once; a round only looks up the classes it refers to.
    // Aliases stay apart: no two share a key.
    let mut templates: HashMap<Vec<u8>, usize> = HashMap::default();
    let shapes: Vec<Option<(usize, Vec<TypeId>)>> = group
        .iter()
        .map(|&index| {
            let def = &model.types[index];
            mergeable(&def.kind).then(|| {
                let Shape { key, refs } = shape(model, def);
                let fresh = templates.len();
                (*templates.entry(key).or_insert(fresh), refs)
            })
        })
        .collect();
    let mut local = vec![0usize; group.len()];
    let mut classes = 1;
    for _ in 0..MAX_ROUNDS {
        let mut keys: HashMap<RoundKey, usize> = HashMap::default();
        let next: Vec<usize> = group
            .iter()
            .zip(&local)
            .zip(&shapes)
            .map(|((&index, &own), shape)| {
                // A reference into the group reads as its class, numbered past every type id
                // so that it cannot be confused with a type outside.
                let key = match shape {
                    Some((template, refs)) => RoundKey::Shape {
                        own,
                        template: *template,
                        refs: refs
                            .iter()
                            .map(|id| match position.get(&id.0) {
                                Some(&p) => model.types.len() + local[p],
                                None => class[id.0].0,
                            })
                            .collect(),
                    },
                    None => RoundKey::Alias(index),
                };
                let fresh = keys.len();
                *keys.entry(key).or_insert(fresh)
            })
            .collect();
        let settled = keys.len() == classes;
        classes = keys.len();
        local = next;
        if settled {
            let mut first: HashMap<usize, TypeId> = HashMap::default();
            for (&index, c) in group.iter().zip(&local) {
                class[index] = *first.entry(*c).or_insert(TypeId(index));
            }
            return;
        }
    }
}

/// What a type of a cycle is compared by in one round of refinement.
#[derive(PartialEq, Eq, Hash)]
enum RoundKey {
    /// Its class in the round before, its shape apart from references, and the classes of the
    /// types it refers to.
    Shape {
        own: usize,
        template: usize,
        refs: Vec<usize>,
    },
    /// An alias, alone in its class.
    Alias(usize),
}

/// Whether a type of this kind may be merged with another: aliases are free already.
fn mergeable(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Alias(_))
}

/// Everything about a type that its Rust code and its field tables show, its own docs and the
/// places in the schema aside: `key` encodes all of it but the targets of references, which
/// are `refs`, in order. Two types have the same shape when their keys are equal and their
/// references name the same types (or classes of types).
///
/// The key is an exact encoding (every string with its length, every variant with a tag of its
/// own), so that no two different shapes share one; the destructuring below names every field,
/// so that a field added to the model cannot be left out unnoticed.
struct Shape {
    key: Vec<u8>,
    refs: Vec<TypeId>,
}

fn shape(model: &Model, def: &TypeDef) -> Shape {
    let mut encoder = Encoder {
        model,
        key: Vec::with_capacity(256),
        refs: Vec::new(),
        aliases: 0,
    };
    encoder.kind(&def.kind);
    encoder.constraints(&def.constraints);
    Shape {
        key: encoder.key,
        refs: encoder.refs,
    }
}

struct Encoder<'m> {
    model: &'m Model,
    key: Vec<u8>,
    refs: Vec<TypeId>,
    /// How many aliases deep the current reference is.
    aliases: usize,
}

/// Aliases followed at most this deep (a chain of aliases never loops, but input is input).
const MAX_ALIASES: usize = 64;

impl Encoder<'_> {
    fn tag(&mut self, tag: u8) {
        self.key.push(tag);
    }

    fn flag(&mut self, value: bool) {
        self.key.push(u8::from(value));
    }

    fn number(&mut self, n: u64) {
        self.key.extend_from_slice(&n.to_le_bytes());
    }

    fn text(&mut self, s: &str) {
        self.number(s.len() as u64);
        self.key.extend_from_slice(s.as_bytes());
    }

    fn texts(&mut self, list: &[String]) {
        self.number(list.len() as u64);
        list.iter().for_each(|s| self.text(s));
    }

    fn optional<T>(&mut self, value: &Option<T>, mut some: impl FnMut(&mut Self, &T)) {
        match value {
            None => self.tag(0),
            Some(v) => {
                self.tag(1);
                some(self, v);
            }
        }
    }

    fn float(&mut self, n: &f64) {
        self.number(n.to_bits());
    }

    fn json(&mut self, value: &Value) {
        self.text(&value.to_string());
    }

    fn kind(&mut self, kind: &TypeKind) {
        match kind {
            TypeKind::Struct(Struct {
                fields,
                deny_unknown_fields,
                additional,
            }) => {
                self.tag(0);
                self.number(fields.len() as u64);
                fields.iter().for_each(|field| self.field(field));
                self.flag(*deny_unknown_fields);
                self.optional(additional, |e, Additional { name, value }| {
                    e.text(name);
                    e.ty(value);
                });
            }
            TypeKind::Enum(Enum { variants, open }) => {
                self.tag(1);
                self.number(variants.len() as u64);
                for Variant { name, value } in variants {
                    self.text(name);
                    self.text(value);
                }
                self.flag(*open);
            }
            TypeKind::Map(ty) => self.tagged(2, ty),
            TypeKind::Union(Union { variants, tagging }) => {
                self.tag(3);
                self.number(variants.len() as u64);
                for UnionVariant {
                    name,
                    ty,
                    docs,
                    boxed,
                    tag_values,
                } in variants
                {
                    self.text(name);
                    self.ty(ty);
                    self.docs(docs);
                    self.flag(*boxed);
                    self.texts(tag_values);
                }
                match tagging {
                    Tagging::Untagged => self.tag(0),
                    Tagging::Internal { property } => {
                        self.tag(1);
                        self.text(property);
                    }
                    Tagging::External => self.tag(2),
                    Tagging::Adjacent { tag, content } => {
                        self.tag(3);
                        self.text(tag);
                        self.text(content);
                    }
                }
            }
            TypeKind::Newtype(ty) => self.tagged(4, ty),
            TypeKind::Alias(ty) => self.tagged(5, ty),
        }
    }

    /// A field, where in the schema it comes from aside.
    fn field(&mut self, field: &Field) {
        let Field {
            name,
            key,
            origin: _,
            ty,
            required,
            nullable,
            boxed,
            docs,
            constraints,
            default,
            tri_state,
        } = field;
        self.text(name);
        self.text(key);
        self.ty(ty);
        self.flag(*required);
        self.flag(*nullable);
        self.flag(*boxed);
        self.docs(docs);
        self.constraints(constraints);
        self.optional(default, Self::json);
        self.flag(*tri_state);
    }

    /// Docs, where in the schema the examples come from aside.
    fn docs(&mut self, docs: &Docs) {
        let Docs {
            title,
            description,
            examples,
            example_paths: _,
            default,
            deprecated,
            read_only,
            write_only,
            format,
        } = docs;
        self.optional(title, |e, s| e.text(s));
        self.optional(description, |e, s| e.text(s));
        self.number(examples.len() as u64);
        examples.iter().for_each(|example| self.json(example));
        self.optional(default, Self::json);
        self.flag(*deprecated);
        self.flag(*read_only);
        self.flag(*write_only);
        self.optional(format, |e, s| e.text(s));
    }

    fn constraints(&mut self, constraints: &Constraints) {
        let Constraints {
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            min_items,
            max_items,
            unique_items,
            min_properties,
            max_properties,
            key_patterns,
            allowed,
            extra,
        } = constraints;
        self.optional(min_length, |e, n| e.number(*n));
        self.optional(max_length, |e, n| e.number(*n));
        self.optional(pattern, |e, s| e.text(s));
        self.optional(minimum, Self::float);
        self.optional(maximum, Self::float);
        self.optional(exclusive_minimum, Self::float);
        self.optional(exclusive_maximum, Self::float);
        self.optional(multiple_of, Self::float);
        self.optional(min_items, |e, n| e.number(*n));
        self.optional(max_items, |e, n| e.number(*n));
        self.flag(*unique_items);
        self.optional(min_properties, |e, n| e.number(*n));
        self.optional(max_properties, |e, n| e.number(*n));
        self.texts(key_patterns);
        self.number(allowed.len() as u64);
        allowed.iter().for_each(|value| self.json(value));
        self.optional(extra, Self::json);
    }

    /// A tag, then a type reference.
    fn tagged(&mut self, tag: u8, ty: &TypeRef) {
        self.tag(tag);
        self.ty(ty);
    }

    /// A type reference; the target of a named one goes to `refs`.
    fn ty(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Any => self.tag(0),
            TypeRef::Null => self.tag(1),
            TypeRef::Boolean => self.tag(2),
            TypeRef::Integer(kind) => {
                self.tag(3);
                self.tag(*kind as u8);
            }
            TypeRef::Number(kind) => {
                self.tag(4);
                self.tag(*kind as u8);
            }
            TypeRef::String(format) => {
                self.tag(5);
                match format {
                    StringFormat::Plain => self.tag(0),
                    StringFormat::DateTime => self.tag(1),
                    StringFormat::Date => self.tag(2),
                    StringFormat::Ipv4 => self.tag(3),
                    StringFormat::Ipv6 => self.tag(4),
                    StringFormat::Uuid => self.tag(5),
                    StringFormat::Custom { format, rust_type } => {
                        self.tag(6);
                        self.text(format);
                        self.text(rust_type);
                    }
                }
            }
            TypeRef::Array(inner) => self.tagged(6, inner),
            TypeRef::Tuple(items) => {
                self.tag(7);
                self.number(items.len() as u64);
                items.iter().for_each(|item| self.ty(item));
            }
            TypeRef::Map(inner) => self.tagged(8, inner),
            TypeRef::Nullable(inner) => self.tagged(9, inner),
            // An alias reads as what it stands for: `Option<Flag>` where `Flag` is `bool` is
            // the same Rust type as `Option<bool>`.
            TypeRef::Named(id) => match &self.model.get(*id).kind {
                TypeKind::Alias(inner) if self.aliases < MAX_ALIASES => {
                    self.aliases += 1;
                    self.ty(inner);
                    self.aliases -= 1;
                }
                _ => {
                    self.tag(10);
                    self.refs.push(*id);
                }
            },
        }
    }
}

/// Every named type `def` refers to, at any depth of its fields, variants or inner type.
fn referenced(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut add = |ty: &TypeRef| {
        ty.visit(&mut |t| {
            if let TypeRef::Named(id) = t {
                out.push(*id);
            }
        })
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|field| add(&field.ty));
            if let Some(additional) = &s.additional {
                add(&additional.value);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| add(&v.ty)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) | TypeKind::Alias(ty) => add(ty),
        TypeKind::Enum(_) => {}
    }
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
