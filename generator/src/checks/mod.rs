//! The schema's rules that a Rust type cannot carry (string lengths, patterns, bounds,
//! `multipleOf`, item and key counts, `uniqueItems`), checked when a value is read and by
//! `Validate::validate` on values built in Rust.
//!
//! What is emitted per type stays small: one call per constrained field into the file's
//! `__private` module, whose generic functions (one `Check` impl per Rust type a rule can apply
//! to) are written once per file, so that rustc checks the checking code once.
//!
//! Which rules apply is decided here, from the field's Rust type: `maxLength` on a `String` or a
//! `serde_json::Value`, bounds on numbers, counts on `Vec`s and maps. Rules on a type that cannot
//! break them (`maxLength` on a date, which chrono already checks) are left to the docs.

mod schema;
mod support;
mod text;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

pub use self::schema::static_ref as schema_ref;
pub use self::support::{support_items, validation_items};
use crate::emit_rust::{self, ident};
use crate::model::{
    Constraints, Field, Model, StringFormat, Struct, Tagging, TypeDef, TypeId, TypeKind, TypeRef,
};

/// Which types of a model check rules, computed once per model.
pub struct Checks {
    /// Per type: whether it implements `Validate` (it has rules of its own, or holds a value of
    /// a type that has).
    validates: Vec<bool>,
    /// Whether some rule is a `pattern` (the generated code then needs the `regress` crate).
    pub patterns: bool,
    /// Whether some value is checked against keywords no Rust type carries
    /// ([`Constraints::extra`]).
    pub schemas: bool,
}

impl Checks {
    /// Finds the types that check something: those with rules of their own, then, until
    /// nothing changes, those that hold one of them.
    pub fn of(model: &Model) -> Checks {
        let mut validates: Vec<bool> = model
            .types
            .iter()
            .map(|def| has_own_rules(model, def))
            .collect();
        let (mut patterns, mut schemas) = (false, false);
        for def in &model.types {
            let mut note = |c: &Constraints, extra: &Option<Value>| {
                patterns |= c.pattern.as_deref().is_some_and(pattern_compiles);
                // (`false` needs no evaluator: nothing is valid.)
                if let Some(extra) = extra.as_ref().filter(|e| **e != Value::Bool(false)) {
                    schemas = true;
                    patterns |= schema::mentions_pattern(extra);
                }
            };
            match &def.kind {
                TypeKind::Struct(s) => {
                    note(&Constraints::default(), &def.constraints.extra);
                    s.fields.iter().for_each(|f| {
                        note(
                            &applicable(model, &f.ty, &f.constraints),
                            &f.constraints.extra,
                        )
                    })
                }
                TypeKind::Newtype(inner) => note(
                    &applicable(model, inner, &def.constraints),
                    &def.constraints.extra,
                ),
                TypeKind::Union(_) if union_has_own_rules(def) => {
                    note(&Constraints::default(), &def.constraints.extra)
                }
                _ => {}
            }
        }
        if schemas {
            patterns |= model.schemas.iter().any(schema::mentions_pattern);
        }
        loop {
            let mut changed = false;
            for (i, def) in model.types.iter().enumerate() {
                if validates[i] {
                    continue;
                }
                let holds = |ty: &TypeRef| holds_checked(&validates, ty);
                let now = match &def.kind {
                    TypeKind::Struct(s) => s.fields.iter().any(|f| holds(&f.ty)),
                    TypeKind::Union(u) => u.variants.iter().any(|v| holds(&v.ty)),
                    TypeKind::Newtype(inner) => holds(inner),
                    TypeKind::Map(_) | TypeKind::Enum(_) | TypeKind::Alias(_) => false,
                };
                if now {
                    validates[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Checks {
            validates,
            patterns,
            schemas,
        }
    }

    /// Whether any type checks something (the file then has `Validate` and its support).
    pub fn any(&self) -> bool {
        self.validates.iter().any(|v| *v)
    }

    /// Whether the type implements `Validate`.
    pub fn validates(&self, id: TypeId) -> bool {
        self.validates[id.0]
    }

    fn holds(&self, ty: &TypeRef) -> bool {
        holds_checked(&self.validates, ty)
    }

    /// `impl Validate` of a struct: its fields' rules, then (when asked for every level) the
    /// values inside it that check rules of their own.
    pub fn for_struct(&self, model: &Model, def: &TypeDef, s: &Struct) -> TokenStream {
        let own = s.fields.iter().map(|field| {
            let name = ident(&field.name);
            let key = &field.key;
            let rules = rules_tokens(&applicable(model, &field.ty, &field.constraints))
                .map(|rules| quote!(__private::rules(&self.#name, #rules, #key)?;));
            let extra = field.constraints.extra.as_ref().map(|extra| {
                match (extra, field.is_option()) {
                    // A property whose schema is `false` may only be absent.
                    (Value::Bool(false), true) => quote! {
                        if self.#name.is_some() {
                            __private::nothing(#key)?;
                        }
                    },
                    (Value::Bool(false), false) => quote!(__private::nothing(#key)?;),
                    (_, true) => schema::call(quote!(self.#name.as_ref()), extra, key),
                    (_, false) => {
                        schema::call(quote!(::std::option::Option::Some(&self.#name)), extra, key)
                    }
                }
            });
            quote!(#rules #extra)
        });
        // Read, the object was checked as it came (unknown keys and all); built in Rust, its
        // JSON is.
        let whole = def.constraints.extra.as_ref().map(|extra| {
            let call = schema::call(quote!(::std::option::Option::Some(self)), extra, "");
            quote!(if deep { #call })
        });
        let size = struct_size_rules(&def.constraints).map(|rules| {
            // The keys present: the fields always written, the optional ones that are set, and
            // the other keys.
            let written = |f: &&Field| f.required || f.default.is_some();
            let always = s.fields.iter().filter(written).count();
            let mut terms: Vec<TokenStream> = Vec::new();
            if always > 0 {
                let always = Literal::usize_unsuffixed(always);
                terms.push(quote!(#always));
            }
            for field in s.fields.iter().filter(|f| !written(f)) {
                let name = ident(&field.name);
                terms.push(if field.tri_state {
                    quote!(usize::from(!self.#name.is_absent()))
                } else {
                    quote!(usize::from(self.#name.is_some()))
                });
            }
            if let Some(a) = &s.additional {
                let name = ident(&a.name);
                terms.push(quote!(self.#name.len()));
            }
            if terms.is_empty() {
                terms.push(quote!(0));
            }
            quote!(__private::size(#(#terms)+*, #rules)?;)
        });
        let nested: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|field| self.holds(&field.ty))
            .map(|field| {
                let name = ident(&field.name);
                let key = &field.key;
                quote!(__private::nested(&self.#name, #key)?;)
            })
            .chain(
                s.additional
                    .as_ref()
                    .filter(|a| self.holds(&a.value))
                    .map(|a| {
                        let name = ident(&a.name);
                        quote!(__private::nested(&self.#name, "")?;)
                    }),
            )
            .collect();
        let own = quote!(#(#own)* #size #whole);
        validate_impl(def, own, nested, whole.is_some())
    }

    /// `impl Validate` of a union: the rules of the alternative it holds.
    pub fn for_union(&self, def: &TypeDef) -> TokenStream {
        let TypeKind::Union(u) = &def.kind else {
            return TokenStream::new();
        };
        let own = def
            .constraints
            .extra
            .as_ref()
            .filter(|_| union_has_own_rules(def))
            .map(|extra| schema::call(quote!(::std::option::Option::Some(self)), extra, ""));
        let arms: Vec<TokenStream> = u
            .variants
            .iter()
            .filter(|v| self.holds(&v.ty))
            .map(|v| {
                let variant = ident(&v.name);
                quote!(Self::#variant(value) => __private::nested(value, "")?,)
            })
            .collect();
        let nested = (!arms.is_empty()).then(|| {
            quote! {
                #[allow(unreachable_patterns)]
                match self {
                    #(#arms)*
                    _ => {}
                }
            }
        });
        validate_impl(def, quote!(#own), nested.into_iter().collect(), false)
    }

    /// `impl Validate` of a newtype: the rules of its schema on the value it wraps.
    pub fn for_newtype(&self, model: &Model, def: &TypeDef, inner: &TypeRef) -> TokenStream {
        let own = rules_tokens(&applicable(model, inner, &def.constraints))
            .map(|rules| quote!(__private::rules(&self.0, #rules, "")?;));
        let extra = def.constraints.extra.as_ref().map(|extra| match extra {
            Value::Bool(false) => quote!(__private::nothing("")?;),
            _ => schema::call(quote!(::std::option::Option::Some(&self.0)), extra, ""),
        });
        let own = quote!(#own #extra);
        let nested = if self.holds(inner) {
            vec![quote!(__private::nested(&self.0, "")?;)]
        } else {
            Vec::new()
        };
        validate_impl(def, own, nested, false)
    }
}

fn validate_impl(
    def: &TypeDef,
    own: TokenStream,
    nested: Vec<TokenStream>,
    own_reads_deep: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let nested = (!nested.is_empty()).then(|| {
        quote! {
            if deep {
                #(#nested)*
            }
        }
    });
    let deep = if nested.is_some() || own_reads_deep {
        quote!(deep)
    } else {
        quote!(_deep)
    };
    quote! {
        impl Validate for #name {
            fn check(&self, #deep: bool) -> ::std::result::Result<(), ValidationError> {
                #own
                #nested
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// A newtype whose schema has rules: its value is private, made by `new` (or `TryFrom`) and
/// read through `Deref` or `into_inner`, so that a value that breaks the rules cannot be made
/// by accident; reading JSON checks the same rules. Its doc comment is printed apart, as for
/// every type.
#[allow(clippy::too_many_arguments)]
pub fn checked_newtype(
    model: &Model,
    def: &TypeDef,
    inner: &TypeRef,
    allow_missing_docs: TokenStream,
    derive_schemars: TokenStream,
    schemars_doc: TokenStream,
    schemars_with: TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let inner_ty = emit_rust::rust_type(model, inner);
    // An integer reads as JSON Schema counts integers (`1.0` is one), through the support module.
    let read = match inner {
        TypeRef::Integer(_) => quote!(<#inner_ty as __private::Integer>::read),
        _ => quote!(::serde::Deserialize::deserialize),
    };
    quote! {
        #allow_missing_docs
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
        #derive_schemars
        #schemars_doc
        #[serde(transparent)]
        pub struct #name(#schemars_with #inner_ty);

        impl #name {
            /// The value, if it keeps the rules of the schema.
            pub fn new(value: #inner_ty) -> ::std::result::Result<Self, ValidationError> {
                let value = Self(value);
                value.validate()?;
                ::std::result::Result::Ok(value)
            }

            /// The value inside.
            pub fn into_inner(self) -> #inner_ty {
                self.0
            }
        }

        impl ::std::ops::Deref for #name {
            type Target = #inner_ty;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl ::std::convert::TryFrom<#inner_ty> for #name {
            type Error = ValidationError;

            fn try_from(value: #inner_ty) -> ::std::result::Result<Self, ValidationError> {
                Self::new(value)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                __private::valid(Self(#read(deserializer)?))
            }
        }
    }
}

/// Whether a newtype's schema has rules that apply to the value it wraps: its value is then
/// private, made by `new` / `TryFrom`, and read through `Deref`.
pub fn is_checked_newtype(model: &Model, def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Newtype(inner) => {
            def.constraints.extra.is_some()
                || !applicable(model, inner, &def.constraints).is_empty()
        }
        _ => false,
    }
}

/// Whether a union checks rules of its own (kept keywords, `oneOf`'s exclusivity) when it is
/// read; only those whose serde impls are derived (not tagged by a property of their own).
pub fn union_has_own_rules(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Union(u) if !matches!(u.tagging, Tagging::Internal { .. }))
        && def.constraints.extra.is_some()
}

/// Whether a struct checks rules of its own when it is read.
pub fn struct_has_own_rules(model: &Model, def: &TypeDef) -> bool {
    matches!(def.kind, TypeKind::Struct(_)) && has_own_rules(model, def)
}

fn has_own_rules(model: &Model, def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => {
            struct_size_rules(&def.constraints).is_some()
                || def.constraints.extra.is_some()
                || s.fields.iter().any(|f| {
                    f.constraints.extra.is_some()
                        || !applicable(model, &f.ty, &f.constraints).is_empty()
                })
        }
        TypeKind::Newtype(_) => is_checked_newtype(model, def),
        TypeKind::Union(_) => union_has_own_rules(def),
        _ => false,
    }
}

/// The rules a field of this struct type reads from the key counts of its schema.
fn struct_size_rules(c: &Constraints) -> Option<TokenStream> {
    rules_tokens(&Constraints {
        min_properties: c.min_properties,
        max_properties: c.max_properties,
        ..Constraints::default()
    })
}

/// Whether a value of `ty` holds, somewhere inside it, a value of a type that checks rules.
fn holds_checked(validates: &[bool], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => validates[id.0],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            holds_checked(validates, inner)
        }
        _ => false,
    }
}

/// The part of `c` that a value of `ty` can break (and a `Check` impl exists for): the rest
/// is documentation only.
pub fn applicable(model: &Model, ty: &TypeRef, c: &Constraints) -> Constraints {
    applicable_through(
        &|id| match &model.get(id).kind {
            TypeKind::Alias(inner) => Some(inner),
            _ => None,
        },
        ty,
        c,
    )
}

/// Whether some of the rules `c` apply to a value of `ty`, a type that is no alias.
pub fn any_applies(ty: &TypeRef, c: &Constraints) -> bool {
    c.extra.is_some() || !applicable_through(&|_| None, ty, c).is_empty()
}

/// [`applicable`], with `alias` telling what a named type stands for when it is an alias.
fn applicable_through<'m>(
    alias: &dyn Fn(TypeId) -> Option<&'m TypeRef>,
    ty: &TypeRef,
    c: &Constraints,
) -> Constraints {
    let strings = |c: &Constraints| Constraints {
        min_length: c.min_length,
        max_length: c.max_length,
        pattern: c.pattern.clone().filter(|p| pattern_compiles(p)),
        ..Constraints::default()
    };
    let numbers = |c: &Constraints| Constraints {
        allowed: c.allowed.clone(),
        minimum: c.minimum,
        maximum: c.maximum,
        exclusive_minimum: c.exclusive_minimum,
        exclusive_maximum: c.exclusive_maximum,
        multiple_of: c.multiple_of.filter(|m| *m > 0.0),
        ..Constraints::default()
    };
    let arrays = |c: &Constraints| Constraints {
        min_items: c.min_items,
        max_items: c.max_items,
        unique_items: c.unique_items,
        ..Constraints::default()
    };
    let objects = |c: &Constraints| Constraints {
        min_properties: c.min_properties,
        max_properties: c.max_properties,
        ..Constraints::default()
    };
    match ty {
        TypeRef::Nullable(inner) => applicable_through(alias, inner, c),
        TypeRef::Any => {
            let (s, n, a, o) = (strings(c), numbers(c), arrays(c), objects(c));
            Constraints {
                min_length: s.min_length,
                max_length: s.max_length,
                pattern: s.pattern,
                min_items: a.min_items,
                max_items: a.max_items,
                unique_items: a.unique_items,
                min_properties: o.min_properties,
                max_properties: o.max_properties,
                ..n
            }
        }
        TypeRef::String(StringFormat::Plain) => strings(c),
        TypeRef::Integer(_) | TypeRef::Number(_) => numbers(c),
        TypeRef::Boolean => Constraints {
            allowed: c.allowed.clone(),
            ..Constraints::default()
        },
        TypeRef::Array(_) => arrays(c),
        TypeRef::Map(_) => objects(c),
        // An alias stands for its type: the rules apply to that.
        TypeRef::Named(id) => match alias(*id) {
            Some(inner) => applicable_through(alias, inner, c),
            None => Constraints::default(),
        },
        _ => Constraints::default(),
    }
}

/// Whether the generated code's regex engine (regress, ECMA-262 syntax) accepts the pattern,
/// with the `u` flag or without; a pattern it refuses is documented, not checked.
pub fn pattern_compiles(pattern: &str) -> bool {
    pattern_flags(pattern).is_some()
}

/// The flags the pattern compiles with: `u` (Unicode, as JSON Schema means) where it can.
fn pattern_flags(pattern: &str) -> Option<&'static str> {
    ["u", ""]
        .into_iter()
        .find(|flags| regress::Regex::with_flags(pattern, *flags).is_ok())
}

/// `&__private::Rules::NONE.max_length(64)...`, or `None` when no rule is set.
fn rules_tokens(c: &Constraints) -> Option<TokenStream> {
    let mut calls = Vec::new();
    let uint = |n: u64| Literal::u64_unsuffixed(n);
    let float = |x: f64| Literal::f64_unsuffixed(x);
    let push_u = |calls: &mut Vec<TokenStream>, name: &str, value: Option<u64>| {
        if let Some(n) = value {
            let method = quote::format_ident!("{name}");
            let n = uint(n);
            calls.push(quote!(.#method(#n)));
        }
    };
    push_u(&mut calls, "min_length", c.min_length);
    push_u(&mut calls, "max_length", c.max_length);
    if let Some(pattern) = &c.pattern {
        let unicode = pattern_flags(pattern) == Some("u");
        calls.push(quote! {
            .pattern({
                static PATTERN: __private::Pattern = __private::Pattern::new(#pattern, #unicode);
                &PATTERN
            })
        });
    }
    for (name, value) in [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive_minimum", c.exclusive_minimum),
        ("exclusive_maximum", c.exclusive_maximum),
        ("multiple_of", c.multiple_of),
    ] {
        if let Some(x) = value.filter(|x| x.is_finite()) {
            let method = quote::format_ident!("{name}");
            let x = float(x);
            calls.push(quote!(.#method(#x)));
        }
    }
    push_u(&mut calls, "min_items", c.min_items);
    push_u(&mut calls, "max_items", c.max_items);
    if c.unique_items {
        calls.push(quote!(.unique_items()));
    }
    push_u(&mut calls, "min_properties", c.min_properties);
    push_u(&mut calls, "max_properties", c.max_properties);
    if !c.allowed.is_empty() {
        let json = Value::Array(c.allowed.clone()).to_string();
        calls.push(quote! {
            .allowed({
                static VALUES: __private::Values = __private::Values::new(#json);
                &VALUES
            })
        });
    }
    (!calls.is_empty()).then(|| quote!(&__private::Rules::NONE #(#calls)*))
}

/// Whether a JSON value keeps the rules `c` (as the generated code checks them), for the
/// examples that snippets build checked values from.
pub fn value_keeps(c: &Constraints, value: &Value) -> bool {
    if let Some(extra) = &c.extra {
        // Keywords the generator does not evaluate: no example is trusted to keep them, but
        // for an empty object, which keywords on the keys present cannot break.
        let on_keys = |k: &String| {
            matches!(
                k.as_str(),
                "patternProperties" | "additionalProperties" | "properties" | "propertyNames"
            )
        };
        let empty = value.as_object().is_some_and(|o| o.is_empty());
        if !(empty && extra.as_object().is_some_and(|e| e.keys().all(on_keys))) {
            return false;
        }
    }
    let count_in = |n: usize, min: Option<u64>, max: Option<u64>| {
        let n = n as u64;
        min.is_none_or(|min| n >= min) && max.is_none_or(|max| n <= max)
    };
    let kind_keeps = match value {
        Value::String(s) => {
            count_in(s.chars().count(), c.min_length, c.max_length)
                && c.pattern.as_deref().is_none_or(|p| {
                    pattern_flags(p)
                        .and_then(|flags| regress::Regex::with_flags(p, flags).ok())
                        .is_none_or(|regex| regex.find(s).is_some())
                })
        }
        Value::Number(n) => n.as_f64().is_some_and(|x| {
            c.minimum.is_none_or(|m| x >= m)
                && c.maximum.is_none_or(|m| x <= m)
                && c.exclusive_minimum.is_none_or(|m| x > m)
                && c.exclusive_maximum.is_none_or(|m| x < m)
                && c.multiple_of.filter(|m| *m > 0.0).is_none_or(|m| {
                    let q = x / m;
                    q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
                })
        }),
        Value::Array(items) => {
            count_in(items.len(), c.min_items, c.max_items)
                && (!c.unique_items
                    || items
                        .iter()
                        .enumerate()
                        .all(|(i, item)| !items[..i].contains(item)))
        }
        Value::Object(map) => count_in(map.len(), c.min_properties, c.max_properties),
        Value::Null | Value::Bool(_) => true,
    };
    kind_keeps
        && (c.allowed.is_empty()
            || value.is_null()
            || c.allowed.iter().any(|a| same_json(a, value)))
}

/// JSON equality as the generated code decides it: numbers by value (`1` and `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}
