//! From resolved schemas to the [`Model`]: which schemas become named types, what each field's
//! type is, and how nullability, enums, unions and cycles map to Rust.

// This file drives the conversion: which schemas are definitions, the cache, cycles that reach
// a conversion under way, and definitions put off deep in a chain of references. Each kind of
// schema converts in a file of its own: `types` (the `type` keyword), `objects`, `enums`,
// `unions` (`oneOf` / `anyOf`) and `all_of`. Before conversion `documents` resolves the
// references and finds the definitions; after it, `aliases` names the definitions that are not
// types of their own, `finish` orders and names the types, and `cycles` boxes what contains
// itself. `schema` reads raw schema values for all of them.
mod aliases;
mod all_of;
mod cycles;
mod documents;
mod enums;
mod finish;
mod kept;
mod objects;
mod schema;
mod types;
mod unions;

pub use self::schema::{docs_of, kind_of};

use std::collections::{BTreeMap, VecDeque};

use foldhash::HashMap;

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Severity};
use crate::model::{Docs, Model, StringFormat, TypeDef, TypeId, TypeKind, TypeRef};
use crate::names::{self, NameKind};
use crate::resolve::{Documents, SchemaRef};
use crate::walk;

use self::documents::{definitions_of, resolve_all};
use self::finish::finish;
use self::schema::{REFERENCES, has_ref, is_assertion, ref_name};

/// How deep conversions may nest (inline schemas, and chains of types that refer to the next)
/// before the schema is refused; far beyond anything written by hand.
const MAX_DEPTH: usize = 10_000;

/// How deep conversions nest before a definition reached through `$ref` is put off and
/// converted later from a queue: chains of types that refer to the next (`Type0.next` ->
/// `Type1` -> ...) then cost no stack, however long.
const DEFER_DEPTH: usize = 64;

/// The stack of the thread that converts: conversion recurses once per level of nesting, and
/// [`MAX_DEPTH`] levels must fit whatever thread called [`build`] (a test thread has 2 MiB).
/// Only the pages a conversion touches are ever committed.
const STACK_BYTES: usize = 1 << 30;

/// Choices the schema does not make.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// String formats mapped to other types than the built-in ones ([`StringFormat::builtin`]).
    pub formats: BTreeMap<String, StringFormat>,
    /// Objects whose schema does not mention `additionalProperties` keep the keys their
    /// properties do not name (in a flattened map), rather than dropping them.
    pub keep_unknown: bool,
}

/// Builds the model of every input document; errors and warnings come back together.
pub fn build(docs: &mut Documents, options: &Options) -> (Option<Model>, Vec<Diagnostic>) {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("schemagen-convert".to_string())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || build_on_this_thread(docs, options))
            .map(|thread| thread.join())
    })
    .unwrap_or_else(|err| {
        let message = format!("cannot start the conversion thread: {err}");
        Ok((
            None,
            vec![Diagnostic::error(
                crate::error::Location::new("", ""),
                message,
            )],
        ))
    })
    .unwrap_or_else(|_| {
        let message =
            "internal error: the conversion failed; please report the schema that caused it";
        (
            None,
            vec![Diagnostic::error(
                crate::error::Location::new("", ""),
                message,
            )],
        )
    })
}

fn build_on_this_thread(
    docs: &mut Documents,
    options: &Options,
) -> (Option<Model>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (refs, order) = resolve_all(docs, &mut diagnostics);
    let mut converter = Converter {
        docs,
        options,
        refs,
        order,
        definitions: HashMap::default(),
        slots: Vec::new(),
        done: HashMap::default(),
        in_progress: HashMap::default(),
        own_slot: None,
        deferred: HashMap::default(),
        queue: VecDeque::new(),
        substitutions: HashMap::default(),
        diagnostics,
        depth: 0,
        aliases: HashMap::default(),
        aliased: HashMap::default(),
        identifiers: Default::default(),
        kept: kept::Kept::default(),
    };
    converter.run();
    converter.substitute_deferred();
    let Converter {
        docs,
        slots,
        order,
        substitutions,
        mut diagnostics,
        kept,
        ..
    } = converter;
    let gaps = slots
        .iter()
        .enumerate()
        .any(|(i, slot)| slot.def.is_none() && !substitutions.contains_key(&TypeId(i)));
    if gaps && !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        diagnostics.push(Diagnostic::error(
            crate::error::Location::new("", ""),
            "internal error: a referenced type was never defined; please report the schema that caused it",
        ));
    }
    docs.locate_all(&mut diagnostics);
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.severity,
                d.location.file.clone(),
                d.location.line_column,
                d.location.pointer.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    diagnostics.dedup();
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return (None, diagnostics);
    }
    let sources = docs.docs[..docs.inputs]
        .iter()
        .map(|d| d.display.clone())
        .collect();
    let model = finish(slots, &order, sources, kept.schemas);
    (Some(model), diagnostics)
}

/// A named type under construction.
struct Slot {
    def: Option<TypeDef>,
    /// 0 for definitions (`$defs`, `components/schemas`, document roots), 1 for inline types:
    /// definitions claim their names first.
    priority: u8,
    at: SchemaRef,
}

/// The result of converting one schema.
#[derive(Debug, Clone)]
struct Conv {
    ty: TypeRef,
    nullable: bool,
}

impl Conv {
    fn of(ty: TypeRef) -> Conv {
        Conv {
            ty,
            nullable: false,
        }
    }

    /// The type, wrapped in [`TypeRef::Nullable`] when `null` is a value (for map values and
    /// items, which carry no flag of their own).
    fn nullable_ty(self) -> TypeRef {
        if self.nullable {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

struct Converter<'d> {
    docs: &'d Documents,
    options: &'d Options,
    refs: HashMap<SchemaRef, SchemaRef>,
    order: HashMap<SchemaRef, usize>,
    /// Locations that are definitions, with the name the schema gives them.
    definitions: HashMap<SchemaRef, String>,
    slots: Vec<Slot>,
    done: HashMap<SchemaRef, Conv>,
    /// Conversions under way; a type id is reserved when a cycle reaches one.
    in_progress: HashMap<SchemaRef, Option<TypeId>>,
    /// A schema whose next [`Converter::define`] makes a type of its own rather than filling the
    /// id reserved for the schema: the object member of a union of several `type`s, which is
    /// not the union that references to the schema mean.
    own_slot: Option<SchemaRef>,
    /// Definitions whose conversion was put off (reached deep in a chain of references), with
    /// the id they will fill and whether their conversion has started.
    deferred: HashMap<SchemaRef, (TypeId, bool)>,
    /// The deferred definitions not converted yet, in the order they were reached.
    queue: VecDeque<SchemaRef>,
    /// Deferred ids whose definitions turned out not to be named types (a `string`, an array):
    /// every use of the id is replaced by what the definition converted to.
    substitutions: HashMap<TypeId, Conv>,
    diagnostics: Vec<Diagnostic>,
    depth: usize,
    /// Ids reserved for the aliases of definitions that are not types of their own, by the
    /// definition's location: `$ref`s to them use the alias's name.
    aliases: HashMap<SchemaRef, TypeId>,
    /// What each reserved alias stands for.
    aliased: HashMap<TypeId, TypeRef>,
    /// Field and variant names by the key or value they were made from: the same keys recur
    /// all over a schema (`id`, `url`, `created_at`), and casing them is not free.
    identifiers: [HashMap<String, String>; 2],
    /// The schemas kept keywords reach through `$ref` ([`Model::schemas`]), and the index of
    /// each by location.
    kept: kept::Kept,
}

impl<'d> Converter<'d> {
    /// The schema at `at`, borrowed from the documents rather than from the converter.
    fn value(&self, at: &SchemaRef) -> Option<&'d Value> {
        let docs: &'d Documents = self.docs;
        docs.value(at)
    }

    fn run(&mut self) {
        // Definitions of every document (inputs and the files their `$ref`s reach) claim their
        // own names; only the inputs' definitions are generated whether referenced or not.
        let docs: &'d Documents = self.docs;
        let mut roots = Vec::new();
        for (doc, document) in docs.docs.iter().enumerate() {
            let input = doc < docs.inputs;
            let root = &document.root;
            // A whole document may be a boolean schema: `true` accepts any value, `false` none.
            if !root.is_object() && !root.is_boolean() && !walk::is_openapi(root) {
                if input {
                    self.diagnostics.push(
                        Diagnostic::error(
                            document.location(""),
                            format!("the document must be a JSON Schema object or a boolean, found {}", kind_of(root)),
                        )
                        .with_help("a schema file holds one object such as {\"type\": \"object\", \"properties\": {...}}, or `true` or `false`"),
                    );
                }
                continue;
            }
            for (at, name) in definitions_of(doc, document) {
                self.definitions.insert(at.clone(), name.clone());
                if input {
                    roots.push((at, name));
                }
            }
        }
        for (at, name) in &roots {
            self.convert(at, name);
        }
        while let Some(at) = self.queue.pop_front() {
            let Some((id, started)) = self.deferred.get_mut(&at) else {
                continue;
            };
            *started = true;
            let id = *id;
            let name = self.definitions.get(&at).cloned().unwrap_or_default();
            let conv = self.convert(&at, &name);
            if conv.ty != TypeRef::Named(id) {
                self.substitutions.insert(id, conv);
            }
        }
        for (at, name) in roots {
            self.alias(&at, name);
        }
    }

    /// [`names::identifier`] for a field (`NameKind::Field`) or variant name, each worked out
    /// once.
    fn identifier(&mut self, raw: &str, kind: NameKind) -> String {
        let known = &mut self.identifiers[usize::from(kind == NameKind::Field)];
        if let Some(name) = known.get(raw) {
            return name.clone();
        }
        let name = names::identifier(raw, kind);
        known.insert(raw.to_string(), name.clone());
        name
    }

    fn error(&mut self, at: &SchemaRef, message: impl Into<String>, help: impl Into<String>) {
        let location = self.docs.location(at);
        self.diagnostics
            .push(Diagnostic::error(location, message).with_help(help));
    }

    fn warn(&mut self, at: &SchemaRef, message: impl Into<String>) {
        let location = self.docs.location(at);
        self.diagnostics
            .push(Diagnostic::warning(location, message));
    }

    /// Converts the schema at `at`; `hint` names any type it creates when it is not a definition.
    fn convert(&mut self, at: &SchemaRef, hint: &str) -> Conv {
        if let Some(done) = self.done.get(at) {
            return done.clone();
        }
        if let Some((id, false)) = self.deferred.get(at) {
            return Conv::of(TypeRef::Named(*id));
        }
        let deferred_id = self.deferred.get(at).map(|(id, _)| *id);
        if let Some(reserved) = self.in_progress.get_mut(at) {
            // A cycle reached a conversion under way: it gets an id now (the one reserved when
            // it was deferred, if it was), and fills it when it finishes.
            let id = match (*reserved, deferred_id) {
                (Some(id), _) | (None, Some(id)) => id,
                (None, None) => {
                    let id = TypeId(self.slots.len());
                    self.slots.push(Slot {
                        def: None,
                        priority: if self.definitions.contains_key(at) {
                            0
                        } else {
                            1
                        },
                        at: at.clone(),
                    });
                    id
                }
            };
            if let Some(reserved) = self.in_progress.get_mut(at) {
                *reserved = Some(id);
            }
            return Conv::of(TypeRef::Named(id));
        }
        if self.depth >= MAX_DEPTH {
            self.error(
                at,
                format!("schemas nest more than {MAX_DEPTH} levels deep here (inline schemas and `$ref` chains)"),
                "flatten the nesting by moving inner schemas to `$defs` and referring to them",
            );
            return Conv::of(TypeRef::Any);
        }
        if self.depth >= DEFER_DEPTH && self.definitions.contains_key(at) {
            // Deep in a chain of references: convert this definition later, from the queue,
            // so that the stack stays shallow however long the chain.
            let id = TypeId(self.slots.len());
            self.slots.push(Slot {
                def: None,
                priority: 0,
                at: at.clone(),
            });
            self.deferred.insert(at.clone(), (id, false));
            self.queue.push_back(at.clone());
            return Conv::of(TypeRef::Named(id));
        }
        self.depth += 1;
        self.in_progress.insert(at.clone(), None);
        let mut conv = self.convert_uncached(at, hint);
        if let Some(Some(id)) = self.in_progress.remove(at) {
            let unfilled = self.slots[id.0].def.is_none();
            if conv.ty == TypeRef::Named(id) && unfilled {
                // Nothing but references all the way round: no type to give the cycle.
                self.error(
                    at,
                    "`$ref` cycle with no base case: this schema refers back to itself through references alone",
                    "a recursive type needs a structure to recurse through, such as an object property or array items",
                );
                self.fill(
                    id,
                    at,
                    hint.to_string(),
                    Docs::default(),
                    TypeKind::Newtype(TypeRef::Any),
                );
            } else if let Some(target) = self.nominal_target(&conv, id) {
                // A `$ref` to a struct, enum or union that a cycle reached: the references
                // made in the cycle name that type, as the others do.
                self.substitutions
                    .insert(id, Conv::of(TypeRef::Named(target)));
            } else if conv.ty != TypeRef::Named(id) {
                // A cycle through something that is not a named type (an array of itself, say):
                // a newtype gives the recursion a name.
                let name = self
                    .definitions
                    .get(at)
                    .cloned()
                    .unwrap_or_else(|| hint.to_string());
                let docs = self.value(at).map(docs_of).unwrap_or_default();
                self.fill(id, at, name, docs, TypeKind::Newtype(conv.ty.clone()));
                conv.ty = TypeRef::Named(id);
            }
        }
        self.depth -= 1;
        self.done.insert(at.clone(), conv.clone());
        conv
    }

    /// The type `conv` names when it is a struct, enum, union, map or newtype other than `id`
    /// that is already defined: a type a reference may stand for without a name of its own.
    fn nominal_target(&self, conv: &Conv, id: TypeId) -> Option<TypeId> {
        let TypeRef::Named(target) = conv.ty else {
            return None;
        };
        let def = self.slots[target.0].def.as_ref()?;
        let nominal = !matches!(def.kind, TypeKind::Alias(_));
        (target != id && !conv.nullable && nominal && !self.substitutions.contains_key(&target))
            .then_some(target)
    }

    fn convert_uncached(&mut self, at: &SchemaRef, hint: &str) -> Conv {
        let Some(schema) = self.value(at) else {
            return Conv::of(TypeRef::Any);
        };
        match schema {
            Value::Bool(true) => Conv::of(TypeRef::Any),
            // A definition that is `false` is a type of its own that refuses every value
            // (see `alias`).
            Value::Bool(false) if self.definitions.contains_key(at) => Conv::of(TypeRef::Any),
            // A property that is `false` may only be absent, which its struct checks.
            Value::Bool(false) if schema::is_property(at) => Conv::of(TypeRef::Any),
            Value::Bool(false) => {
                self.warn(
                    at,
                    "the schema `false` accepts no value; generated as `serde_json::Value`",
                );
                Conv::of(TypeRef::Any)
            }
            Value::Object(map) => self.convert_object(at, map, hint),
            other => {
                self.error(
                    at,
                    format!(
                        "expected a schema (an object or a boolean), found {}",
                        kind_of(other)
                    ),
                    "replace the value by a schema object such as {\"type\": \"string\"}",
                );
                Conv::of(TypeRef::Any)
            }
        }
    }

    fn convert_object(&mut self, at: &SchemaRef, map: &Map<String, Value>, hint: &str) -> Conv {
        let hint = self
            .definitions
            .get(at)
            .cloned()
            .unwrap_or_else(|| hint.to_string());
        let hint = hint.as_str();
        let openapi_nullable = map.get("nullable") == Some(&Value::Bool(true));
        let merges_objects = ["allOf", "properties"].iter().any(|k| map.contains_key(*k));
        let mut conv = if has_ref(map) && merges_objects {
            self.convert_all_of(at, map, hint)
        } else if has_ref(map) {
            self.convert_ref(at, map)
        } else if let Some(values) = map.get("enum") {
            self.convert_enum(at, map, values, hint)
        } else if let Some(value) = map.get("const") {
            self.convert_const(at, value, hint)
        } else if let Some(key) = ["oneOf", "anyOf"]
            .into_iter()
            .find(|k| map.contains_key(*k))
        {
            self.convert_alternatives(at, map, key, hint)
        } else if map.contains_key("allOf") {
            self.convert_all_of(at, map, hint)
        } else {
            self.convert_typed(at, map, hint)
        };
        for keyword in ["not", "if"] {
            if map.contains_key(keyword) {
                let why = "it is checked on the JSON of a property, an object or a definition of its own, not of array items, map values or alternatives of a union";
                self.warn(
                    at,
                    format!("`{keyword}`: {why}; the rest of the schema is kept"),
                );
            }
        }
        conv.nullable |= openapi_nullable;
        conv
    }

    fn convert_ref(&mut self, at: &SchemaRef, map: &Map<String, Value>) -> Conv {
        let Some(target) = self.refs.get(at).cloned() else {
            // Reported while resolving.
            return Conv::of(TypeRef::Any);
        };
        let assertions: Vec<&String> = map
            .keys()
            .filter(|k| is_assertion(k) && !REFERENCES.contains(&k.as_str()))
            .collect();
        if !assertions.is_empty() {
            let list = assertions
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.warn(
                at,
                format!(
                    "{list} beside `$ref` are not applied; the referenced schema is used alone"
                ),
            );
        }
        let name = self
            .definitions
            .get(&target)
            .cloned()
            .unwrap_or_else(|| self.ref_hint(&target));
        let mut conv = self.convert(&target, &name);
        if let Some(id) = self.alias_for(&target, &conv) {
            conv.ty = TypeRef::Named(id);
        }
        conv.nullable |= map.get("nullable") == Some(&Value::Bool(true));
        conv
    }

    /// The name of a type made for a `$ref` target that is not a definition: the enclosing
    /// definition's name and the properties on the way (`update commit-message include` for
    /// `#/definitions/update/properties/commit-message/properties/include`), the name the schema
    /// gets when it is reached from its parent; the last token alone outside any definition.
    pub(super) fn ref_hint(&self, target: &SchemaRef) -> String {
        let pointer = target.pointer.as_str();
        let mut end = pointer.len();
        while let Some(cut) = pointer[..end].rfind('/') {
            let enclosing = SchemaRef {
                doc: target.doc,
                pointer: pointer[..cut].to_string(),
            };
            if let Some(name) = self.definitions.get(&enclosing) {
                let mut parts = vec![name.clone()];
                let mut key_next = false;
                for token in crate::load::tokens(&pointer[cut..]).unwrap_or_default() {
                    if key_next {
                        parts.push(token);
                        key_next = false;
                    } else if token == "items" {
                        parts.push("item".to_string());
                    } else {
                        key_next = token == "properties";
                    }
                }
                if parts.len() == 1 {
                    parts.push(ref_name(pointer));
                }
                return parts.join(" ");
            }
            end = cut;
        }
        ref_name(pointer)
    }

    /// Creates the named type for `at` (or fills the id a cycle reserved for it).
    fn define(&mut self, at: &SchemaRef, hint: &str, docs: Docs, kind: TypeKind) -> TypeId {
        let own = self.own_slot.as_ref() == Some(at);
        if own {
            self.own_slot = None;
        }
        let reserved = self
            .in_progress
            .get(at)
            .copied()
            .flatten()
            .or_else(|| self.deferred.get(at).map(|(id, _)| *id))
            .filter(|_| !own);
        let id = reserved.unwrap_or_else(|| {
            self.slots.push(Slot {
                def: None,
                priority: if self.definitions.contains_key(at) {
                    0
                } else {
                    1
                },
                at: at.clone(),
            });
            TypeId(self.slots.len() - 1)
        });
        let name = match self.definitions.get(at) {
            Some(name) if !own => name.clone(),
            _ => hint.to_string(),
        };
        self.fill(id, at, name, docs, kind);
        if own {
            // Its name is made up from the union's, like an inline schema's.
            if let Some(def) = &mut self.slots[id.0].def {
                def.named_in_schema = false;
            }
        }
        id
    }

    fn fill(
        &mut self,
        id: TypeId,
        at: &SchemaRef,
        schema_name: String,
        docs: Docs,
        kind: TypeKind,
    ) {
        let origin = self.docs.location(at);
        let named_in_schema = self.definitions.contains_key(at);
        let constraints = self
            .value(at)
            .and_then(Value::as_object)
            .map(|map| self.constraints_at(at, map))
            .unwrap_or_default();
        self.slots[id.0].def = Some(TypeDef {
            named_in_schema,
            name: String::new(),
            schema_name,
            origin,
            docs,
            constraints,
            kind,
        });
    }
}
