//! Whether every value one version may write is read by code generated from another version.
//!
//! The reader and the writer are two models (the old and the new version, in either order).
//! A writer is taken at its schema's word: an optional property may be absent, a nullable one
//! `null`, an object that does not deny unknown keys may carry any. A reader is taken at the
//! generated code's word: it drops unknown keys unless the struct denies them, refuses an
//! absent required field, refuses `null` where the field is not nullable, and reads a value
//! of an open enum it does not list as `Unrecognized`.

use std::collections::HashSet;

use crate::model::{
    Field, IntegerKind, Model, StringFormat, Struct, Tagging, TypeId, TypeKind, TypeRef, Union,
    UnionVariant,
};

/// A reader model and a writer model, compared type by type.
pub struct Compat<'a> {
    reader: &'a Model,
    writer: &'a Model,
    /// Pairs of named types being compared: met again (a cycle), they are taken as compatible,
    /// the other parts of the cycle deciding.
    assumed: HashSet<(TypeId, TypeId)>,
}

impl<'a> Compat<'a> {
    /// Compares what code built from `reader` reads with what `writer` allows.
    pub fn new(reader: &'a Model, writer: &'a Model) -> Compat<'a> {
        Compat {
            reader,
            writer,
            assumed: HashSet::new(),
        }
    }

    /// Whether every value of the writer's type `w` reads as the reader's type `r`.
    pub fn accepts(&mut self, r: &TypeRef, w: &TypeRef) -> bool {
        if let (TypeRef::Named(a), TypeRef::Named(b)) = (r, w) {
            if !self.assumed.insert((*a, *b)) {
                return true;
            }
        }
        let (reader, writer) = (self.reader, self.writer);
        if let Some(r) = see_through(reader, r) {
            return self.accepts(&r, w);
        }
        if let Some(w) = see_through(writer, w) {
            return self.accepts(r, &w);
        }
        match (r, w) {
            (TypeRef::Any, _) => true,
            (_, TypeRef::Any) => false,
            (TypeRef::Nullable(r), TypeRef::Nullable(w)) => self.accepts(r, w),
            (TypeRef::Nullable(_), TypeRef::Null) => true,
            (TypeRef::Nullable(r), w) => self.accepts(r, w),
            (_, TypeRef::Nullable(_)) => false,
            (TypeRef::Null, TypeRef::Null) | (TypeRef::Boolean, TypeRef::Boolean) => true,
            (TypeRef::Integer(r), TypeRef::Integer(w)) => {
                let (r, w) = (range(*r), range(*w));
                r.0 <= w.0 && w.1 <= r.1
            }
            (TypeRef::Number(_), TypeRef::Integer(_) | TypeRef::Number(_)) => true,
            (TypeRef::String(StringFormat::Plain), TypeRef::String(_)) => true,
            (TypeRef::String(r), TypeRef::String(w)) => r == w,
            (TypeRef::Array(r), TypeRef::Array(w)) | (TypeRef::Map(r), TypeRef::Map(w)) => {
                self.accepts(r, w)
            }
            (TypeRef::Array(r), TypeRef::Tuple(ws)) => ws.iter().all(|w| self.accepts(r, w)),
            (TypeRef::Tuple(rs), TypeRef::Tuple(ws)) => {
                rs.len() == ws.len() && rs.iter().zip(ws).all(|(r, w)| self.accepts(r, w))
            }
            (TypeRef::Named(r), TypeRef::Named(w)) => self.named(*r, *w),
            (TypeRef::Named(r), w) => self.named_reads(*r, w),
            (r, TypeRef::Named(w)) => self.reads_named(r, *w),
            _ => false,
        }
    }

    /// Whether a field the writer may leave out is always there for the reader.
    pub fn presence_ok(r: &Field, w: &Field) -> bool {
        w.required || !r.required
    }

    /// Whether a `null` the writer may write is read.
    pub fn null_ok(r: &Field, w: &Field) -> bool {
        !w.nullable || r.nullable
    }

    /// Whether every value of the writer's field reads as the reader's field.
    pub fn field_accepts(&mut self, r: &Field, w: &Field) -> bool {
        Self::presence_ok(r, w) && Self::null_ok(r, w) && self.accepts(&r.ty, &w.ty)
    }

    /// Whether a value of the writer's field `w`, which the reader's struct `r` does not name,
    /// is read (dropped, or kept in the map of other keys).
    pub fn unknown_field_ok(&mut self, r: &Struct, w: &Field) -> bool {
        if r.deny_unknown_fields {
            return false;
        }
        match &r.additional {
            Some(additional) => self.accepts(&additional.value, &field_value(w)),
            None => true,
        }
    }

    /// Whether every object the writer's struct allows reads as the reader's struct.
    pub fn struct_accepts(&mut self, r: &Struct, w: &Struct) -> bool {
        for rf in &r.fields {
            let ok = match w.fields.iter().find(|wf| wf.key == rf.key) {
                Some(wf) => self.field_accepts(rf, wf),
                // The writer need not write it, even where it may among its other keys.
                None => !rf.required,
            };
            if !ok {
                return false;
            }
        }
        for wf in &w.fields {
            if !r.fields.iter().any(|rf| rf.key == wf.key) && !self.unknown_field_ok(r, wf) {
                return false;
            }
        }
        self.other_keys_ok(r, w)
    }

    /// Whether the keys neither struct names, which the writer may write, are read.
    pub fn other_keys_ok(&mut self, r: &Struct, w: &Struct) -> bool {
        if w.deny_unknown_fields {
            return true;
        }
        if r.deny_unknown_fields {
            return false;
        }
        match (&r.additional, &w.additional) {
            (Some(ra), Some(wa)) => self.accepts(&ra.value, &wa.value),
            // Keys the writer's schema does not describe may hold anything.
            (Some(ra), None) => self.accepts(&ra.value, &TypeRef::Any),
            (None, _) => true,
        }
    }

    /// Whether the reader's union reads the writer's alternative `w`.
    pub fn union_accepts_variant(&mut self, r: &Union, w: &UnionVariant) -> bool {
        match r.tagging {
            Tagging::Untagged => r.variants.iter().any(|rv| self.accepts(&rv.ty, &w.ty)),
            _ => w.tag_values.iter().all(|tag| {
                r.variants
                    .iter()
                    .any(|rv| rv.tag_values.contains(tag) && self.accepts(&rv.ty, &w.ty))
            }),
        }
    }

    fn named(&mut self, r: TypeId, w: TypeId) -> bool {
        let (reader, writer) = (self.reader, self.writer);
        match (&reader.get(r).kind, &writer.get(w).kind) {
            (TypeKind::Struct(r), TypeKind::Struct(w)) => self.struct_accepts(r, w),
            (TypeKind::Enum(r), TypeKind::Enum(w)) => {
                r.open
                    || (!w.open
                        && w.variants
                            .iter()
                            .all(|wv| r.variants.iter().any(|rv| rv.value == wv.value)))
            }
            (TypeKind::Union(ru), TypeKind::Union(wu)) if ru.tagging == wu.tagging => wu
                .variants
                .iter()
                .all(|wv| self.union_accepts_variant(ru, wv)),
            (_, TypeKind::Union(wu)) if wu.tagging == Tagging::Untagged => wu
                .variants
                .iter()
                .all(|wv| self.accepts(&TypeRef::Named(r), &wv.ty)),
            (TypeKind::Union(ru), _) if ru.tagging == Tagging::Untagged => ru
                .variants
                .iter()
                .any(|rv| self.accepts(&rv.ty, &TypeRef::Named(w))),
            _ => false,
        }
    }

    /// A named reader type against a writer type that is not named.
    fn named_reads(&mut self, r: TypeId, w: &TypeRef) -> bool {
        let reader = self.reader;
        match &reader.get(r).kind {
            TypeKind::Enum(e) => e.open && matches!(w, TypeRef::String(_)),
            TypeKind::Union(u) if u.tagging == Tagging::Untagged => {
                u.variants.iter().any(|rv| self.accepts(&rv.ty, w))
            }
            _ => false,
        }
    }

    /// A reader type that is not named against a named writer type.
    fn reads_named(&mut self, r: &TypeRef, w: TypeId) -> bool {
        let writer = self.writer;
        match (r, &writer.get(w).kind) {
            (TypeRef::String(StringFormat::Plain), TypeKind::Enum(_)) => true,
            (_, TypeKind::Union(u)) if u.tagging == Tagging::Untagged => {
                u.variants.iter().all(|wv| self.accepts(r, &wv.ty))
            }
            (TypeRef::Map(value), TypeKind::Struct(s)) => {
                s.fields
                    .iter()
                    .all(|f| self.accepts(value, &field_value(f)))
                    && s.additional
                        .as_ref()
                        .is_none_or(|a| self.accepts(value, &a.value))
                    && (s.deny_unknown_fields || self.accepts(value, &TypeRef::Any))
            }
            _ => false,
        }
    }
}

/// The type a field's present value has, `null` included.
fn field_value(field: &Field) -> TypeRef {
    if field.nullable {
        TypeRef::Nullable(Box::new(field.ty.clone()))
    } else {
        field.ty.clone()
    }
}

/// The type a named type reads and writes as, when it is only another name for it: an alias, a
/// newtype (transparent on the wire) or a map.
fn see_through(model: &Model, ty: &TypeRef) -> Option<TypeRef> {
    let TypeRef::Named(id) = ty else {
        return None;
    };
    match &model.get(*id).kind {
        TypeKind::Alias(inner) | TypeKind::Newtype(inner) => Some(inner.clone()),
        TypeKind::Map(value) => Some(TypeRef::Map(Box::new(value.clone()))),
        _ => None,
    }
}

/// The smallest and largest value of an integer type.
fn range(kind: IntegerKind) -> (i128, i128) {
    match kind {
        IntegerKind::I8 => (i8::MIN.into(), i8::MAX.into()),
        IntegerKind::I16 => (i16::MIN.into(), i16::MAX.into()),
        IntegerKind::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntegerKind::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntegerKind::U8 => (0, u8::MAX.into()),
        IntegerKind::U16 => (0, u16::MAX.into()),
        IntegerKind::U32 => (0, u32::MAX.into()),
        IntegerKind::U64 => (0, u64::MAX.into()),
    }
}
