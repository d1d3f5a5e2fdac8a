//! The Rust emitter: the model as Rust source, built with `quote!`, checked by `syn` and printed
//! by `prettyplease`. What most of a file is made of has a fixed shape and is written out as
//! text instead, exactly as `prettyplease` would print it: the serde impls and definitions of
//! structs ([`crate::serde_text`], [`crate::struct_text`]), string enums
//! ([`crate::enum_text`]) and the support code ([`crate::support_text`]);
//! [`RustOptions::prettyplease_only`] turns that off, and the tests compare the two.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use serde_json::Value;

use crate::checks::{self, Checks};
use crate::error::Error;
use crate::facts;
use crate::items_text;
use crate::model::{
    Enum, Field, IntegerKind, Model, NumberKind, StringFormat, Struct, Tagging, TypeDef, TypeId,
    TypeKind, TypeRef, Union,
};
use crate::rustdoc::{self, allow_missing_docs, doc_attrs};
use crate::serde_impls;
use crate::snippet::Snippets;
use crate::text;

/// What the Rust emitter needs besides the model.
#[derive(Debug, Clone)]
pub struct RustOptions {
    /// The comment lines at the top of the file (without `//`).
    pub header: Vec<String>,
    /// The cargo feature behind which `schemars::JsonSchema` is derived; `None` derives nothing.
    pub schemars_feature: Option<String>,
    /// Crate-level documentation (`//!` lines) for a file that is a crate root; empty otherwise.
    pub crate_docs: Vec<String>,
    /// The crate (or module path) the Example Usage doctests `use` (`connect_session`).
    pub crate_name: String,
    /// Prints every item through `syn` and `prettyplease`, also those that are otherwise
    /// written out as text ([`crate::serde_text`], [`crate::enum_text`]): the same file, only
    /// slower, which the tests compare the text with.
    pub prettyplease_only: bool,
}

/// How many types are printed before their texts join the file.
const BATCH: usize = 256;

/// Renders the whole model as one Rust source file.
pub fn emit(model: &Model, options: &RustOptions, snippets: &Snippets) -> Result<String, Error> {
    let checks = Checks::of(model);
    let emitter = Emitter {
        model,
        options,
        checks: &checks,
        snippets,
    };
    let mut out = String::new();
    for line in &options.header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    if !options.crate_docs.is_empty() {
        out.push('\n');
        for line in &options.crate_docs {
            out.push_str(if line.is_empty() { "//!" } else { "//! " });
            out.push_str(line);
            out.push('\n');
        }
    }
    let enums = model
        .types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Enum(_)));
    let structs = model
        .types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Struct(_)));
    let validates = checks.any();
    let integers = serde_impls::integers_read(model);
    let support = || -> Result<String, Error> {
        let mut text = String::new();
        if enums {
            text.push_str(crate::support_text::parse_enum_error());
        }
        if validates {
            items_text::print_items(&mut text, checks::validation_items())?;
        }
        if crate::nullable::used(model) {
            items_text::print_items(
                &mut text,
                crate::nullable::items(validates, options.schemars_feature.as_deref()),
            )?;
        }
        if enums || structs || validates {
            let validation = validates.then(|| {
                checks::support_items(
                    checks.patterns,
                    checks.schemas.then_some(model.schemas.as_slice()),
                )
            });
            text.push_str(&crate::support_text::support_module(
                enums,
                structs,
                &integers,
                validation,
                options.schemars_feature.as_deref(),
            )?);
        }
        Ok(text)
    };
    // Each type's tokens are parsed and printed on their own, so that only one type's syntax
    // tree is in memory at a time (a 60,000-type schema otherwise needs gigabytes), on every
    // core, a batch of types at a time; each batch's texts join the file in the order of the
    // types and are dropped, so that the texts and the file are not all in memory at once. The
    // support module the types share is printed meanwhile on a thread of its own.
    let support = std::thread::scope(|scope| -> Result<String, Error> {
        let helper = (enums || structs || validates)
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, support)
                    .ok()
            })
            .flatten();
        let ids: Vec<TypeId> = (0..model.types.len()).map(TypeId).collect();
        let mut printed = Ok(());
        for (n, batch) in ids.chunks(BATCH).enumerate() {
            let texts = crate::parallel::map(batch, |&id| {
                let (docs, items, serde_text, checks) = emitter.type_def(id)?;
                let pending = rustdoc::take_doc_lines();
                let mut text = String::new();
                items_text::print_documented_items(&mut text, &docs, items, &pending)?;
                text.push_str(&serde_text);
                items_text::print_documented_items(&mut text, &[], checks, &pending)?;
                Ok(text)
            });
            printed = texts
                .into_iter()
                .try_for_each(|text| text.map(|text| out.push_str(&text)));
            if printed.is_err() {
                break;
            }
            // Room for the rest, from the first batch's size and a quarter more: grown by
            // doubling, the file would hold its last two buffers at once.
            if n == 0 && ids.len() > batch.len() {
                out.reserve(out.len() / batch.len() * (ids.len() - batch.len()) * 5 / 4);
            }
        }
        let support = match helper {
            Some(helper) => helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => support(),
        };
        printed.and(support)
    })?;
    out.push_str(&support);
    Ok(out)
}

/// Whether the generated code uses `chrono` (so a crate around it must depend on it).
pub fn uses_chrono(model: &Model) -> bool {
    uses_format(model, &|f| {
        matches!(f, StringFormat::DateTime | StringFormat::Date)
    })
}

/// Whether the generated code uses `uuid` (so a crate around it must depend on it).
pub fn uses_uuid(model: &Model) -> bool {
    uses_format(model, &|f| matches!(f, StringFormat::Uuid))
}

/// Whether any type of the model holds a string of a format `wanted` accepts.
fn uses_format(model: &Model, wanted: &dyn Fn(&StringFormat) -> bool) -> bool {
    let in_ref = |ty: &TypeRef| {
        let mut found = false;
        ty.visit(&mut |t| {
            if let TypeRef::String(format) = t {
                found |= wanted(format);
            }
        });
        found
    };
    model.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| in_ref(&f.ty))
                || s.additional.as_ref().is_some_and(|a| in_ref(&a.value))
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| in_ref(&v.ty)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) | TypeKind::Alias(ty) => in_ref(ty),
        TypeKind::Enum(_) => false,
    })
}

/// An identifier token for a name from the model (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

struct Emitter<'a> {
    model: &'a Model,
    options: &'a RustOptions,
    checks: &'a Checks,
    snippets: &'a Snippets,
}

impl Emitter<'_> {
    /// The items of a type; its doc comment comes apart, as the lines to print before them.
    /// The items of a type; its doc comment comes apart, as the lines to print before them,
    /// and so do the text of its serde impls, printed directly ([`crate::serde_text`]), and the
    /// items of its checks, which follow them.
    fn type_def(
        &self,
        id: TypeId,
    ) -> Result<(Vec<String>, TokenStream, String, TokenStream), Error> {
        let def = self.model.get(id);
        let docs = rustdoc::type_docs(self.model, self.snippets, id);
        let lines = &docs.lines;
        let mut serde_text = String::new();
        let as_text = !self.options.prettyplease_only;
        let items = match &def.kind {
            TypeKind::Struct(s) => {
                let checked = checks::struct_has_own_rules(self.model, def);
                let text = match as_text {
                    true => crate::serde_text::struct_impls(self.model, def, s, checked)?,
                    false => None,
                };
                match text {
                    Some(text) => {
                        let feature = self.options.schemars_feature.as_deref();
                        match crate::struct_text::definition(self.model, def, s, &docs, feature) {
                            // The text holds the definition and its docs, then the impls.
                            Some(definition) => {
                                let checks = self.struct_checks(id, def, s);
                                return Ok((
                                    Vec::new(),
                                    TokenStream::new(),
                                    definition + &text,
                                    checks,
                                ));
                            }
                            None => {
                                serde_text = text;
                                self.structure(def, s, &docs, false)
                            }
                        }
                    }
                    None => self.structure(def, s, &docs, true),
                }
            }
            TypeKind::Enum(e) => {
                let feature = self.options.schemars_feature.as_deref();
                match as_text.then(|| crate::enum_text::string_enum(def, e, lines, feature)) {
                    // The text holds the items and their docs.
                    Some(Some(text)) => {
                        return Ok((Vec::new(), TokenStream::new(), text, TokenStream::new()));
                    }
                    _ => self.string_enum(def, e, lines),
                }
            }
            TypeKind::Map(value) => {
                self.newtype(def, &TypeRef::Map(Box::new(value.clone())), true, &docs)
            }
            TypeKind::Newtype(inner) if checks::is_checked_newtype(self.model, def) => {
                checks::checked_newtype(
                    self.model,
                    def,
                    inner,
                    allow_missing_docs(lines.is_empty()),
                    self.derive_schemars(),
                    self.schemars_doc(&docs),
                    self.schemars_with(inner, |ty| ty),
                )
            }
            TypeKind::Newtype(inner) => self.newtype(def, inner, false, &docs),
            TypeKind::Alias(inner) => {
                let name = ident(&def.name);
                let allow = allow_missing_docs(lines.is_empty());
                let ty = rust_type(self.model, inner);
                quote! {
                    #allow
                    pub type #name = #ty;
                }
            }
            TypeKind::Union(u) => self.union(id, u, &docs),
        };
        let mut checks = TokenStream::new();
        if self.checks.validates(id) {
            checks = match &def.kind {
                TypeKind::Struct(s) => self.struct_checks(id, def, s),
                TypeKind::Union(_) => self.checks.for_union(def),
                TypeKind::Newtype(inner) => self.checks.for_newtype(self.model, def, inner),
                _ => TokenStream::new(),
            };
        }
        Ok((docs.lines, items, serde_text, checks))
    }

    /// The checks of a struct, when it has rules to check.
    fn struct_checks(&self, id: TypeId, def: &TypeDef, s: &Struct) -> TokenStream {
        if self.checks.validates(id) {
            self.checks.for_struct(self.model, def, s)
        } else {
            TokenStream::new()
        }
    }

    /// The title and description a `schemars` derive reads from the schema's docs, said outright
    /// where the doc comment goes on with the Example Usage and tables, which a derive would
    /// otherwise put into the JSON Schema.
    fn schemars_doc(&self, docs: &rustdoc::ItemDocs) -> TokenStream {
        match docs.schemars_metadata() {
            Some((title, description)) => {
                self.schemars_attr(&[quote!(title = #title), quote!(description = #description)])
            }
            None => TokenStream::new(),
        }
    }

    fn derive_schemars(&self) -> TokenStream {
        match &self.options.schemars_feature {
            Some(feature) => {
                quote! { #[cfg_attr(feature = #feature, derive(::schemars::JsonSchema))] }
            }
            None => TokenStream::new(),
        }
    }

    /// `#[schemars(with = ...)]` for a field or variant of type `ty` (wrapped by `wrap`) when it
    /// holds a type the user chose for a format: `schemars` then describes it as a string.
    fn schemars_with(
        &self,
        ty: &TypeRef,
        wrap: impl Fn(TokenStream) -> TokenStream,
    ) -> TokenStream {
        let (Some(feature), Some(stand_in)) = (
            &self.options.schemars_feature,
            schema_stand_in(self.model, ty),
        ) else {
            return TokenStream::new();
        };
        let stand_in = type_text(wrap(stand_in));
        quote!(#[cfg_attr(feature = #feature, schemars(with = #stand_in))])
    }

    /// `#[cfg_attr(feature = "schemars", schemars(args))]`: what `serde` would read from a
    /// derive, said to the `schemars` derive alone (serde's impls are written out).
    fn schemars_attr(&self, args: &[TokenStream]) -> TokenStream {
        match &self.options.schemars_feature {
            Some(feature) if !args.is_empty() => {
                quote!(#[cfg_attr(feature = #feature, schemars(#(#args),*))])
            }
            _ => TokenStream::new(),
        }
    }

    /// A struct and its defaults; with `serde_impls`, its serde impls too.
    fn structure(
        &self,
        def: &TypeDef,
        s: &Struct,
        docs: &rustdoc::ItemDocs,
        serde_impls: bool,
    ) -> TokenStream {
        let name = ident(&def.name);
        let allow = allow_missing_docs(
            docs.lines.is_empty() || s.fields.iter().any(|f| rustdoc::field_docs(f).is_empty()),
        );
        let metadata = self.schemars_doc(docs);
        let schemars = self.derive_schemars();
        let with_defaults: Vec<&Field> = s.fields.iter().filter(|f| f.default.is_some()).collect();
        // Derived when every field starts empty; written out when some start at their schema
        // default, which a derive would not use.
        let all_optional = s
            .fields
            .iter()
            .all(|f| f.is_option() || f.default.is_some());
        let default = if all_optional && with_defaults.is_empty() {
            quote!(::std::default::Default,)
        } else {
            quote!()
        };
        let deny = if s.deny_unknown_fields {
            self.schemars_attr(&[quote!(deny_unknown_fields)])
        } else {
            quote!()
        };
        let fields = s.fields.iter().map(|field| {
            let field_name = ident(&field.name);
            let docs = doc_attrs(&rustdoc::field_docs(field));
            let mut args = Vec::new();
            if crate::names::unraw(&field.name) != field.key {
                let key = &field.key;
                args.push(quote!(rename = #key));
            }
            if field.default.is_some() {
                let path = format!("{}::{}", def.name, default_fn_name(field));
                args.push(quote!(default = #path));
            } else if !field.required {
                args.push(quote!(default));
                args.push(if field.tri_state {
                    quote!(skip_serializing_if = "Nullable::is_absent")
                } else {
                    quote!(skip_serializing_if = "::std::option::Option::is_none")
                });
            }
            let attr = self.schemars_attr(&args);
            let with = self.schemars_with(&field.ty, |ty| field_type(field, ty));
            let ty = field_type(field, rust_type(self.model, &field.ty));
            quote! {
                #docs
                #attr
                #with
                pub #field_name: #ty,
            }
        });
        let additional = s.additional.as_ref().map(|additional| {
            let field_name = ident(&additional.name);
            let value = rust_type(self.model, &additional.value);
            let with = self.schemars_with(
                &additional.value,
                |value| quote!(::std::collections::BTreeMap<::std::string::String, #value>),
            );
            let flatten = self.schemars_attr(&[quote!(flatten)]);
            let doc = doc_attrs(&[format!(
                "Every key of the object that the fields above do not name{}, with its value.",
                key_patterns(&def.constraints.key_patterns, &|p| text::inline_code(p))
            )]);
            quote! {
                #doc
                #flatten
                #with
                pub #field_name: ::std::collections::BTreeMap<::std::string::String, #value>,
            }
        });
        let defaults = self.default_fns(def, s, &with_defaults, all_optional);
        let (serialize, deserialize) = if serde_impls {
            let checked = checks::struct_has_own_rules(self.model, def);
            (
                serde_impls::serialize_struct(def, s),
                serde_impls::deserialize_struct(self.model, def, s, checked),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        quote! {
            #allow
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default)]
            #schemars
            #metadata
            #deny
            pub struct #name {
                #(#fields)*
                #additional
            }

            #defaults

            #serialize

            #deserialize
        }
    }

    /// The functions serde calls for absent properties with a `default`, and `Default` when
    /// every field has a starting value.
    fn default_fns(
        &self,
        def: &TypeDef,
        s: &Struct,
        with_defaults: &[&Field],
        all_optional: bool,
    ) -> TokenStream {
        if with_defaults.is_empty() {
            return TokenStream::new();
        }
        let name = ident(&def.name);
        let fns = with_defaults.iter().map(|field| {
            let fn_name = format_ident!("{}", default_fn_name(field));
            let mut ty = rust_type(self.model, &field.ty);
            if field.boxed {
                ty = quote!(::std::boxed::Box<#ty>);
            }
            let value = field
                .default
                .as_ref()
                .map(|v| default_value(self.model, &field.ty, field.boxed, v))
                .unwrap_or_default();
            let doc = format!(
                "The value of an absent `{}`: {}.",
                field.key.replace('`', "'"),
                text::inline_code(&facts::compact_json(
                    field.default.as_ref().unwrap_or(&Value::Null)
                ))
            );
            let doc = doc_attrs(&[doc]);
            quote! {
                #doc
                pub fn #fn_name() -> #ty {
                    #value
                }
            }
        });
        let default_impl = all_optional.then(|| {
            let inits = s.fields.iter().map(|field| {
                let field_name = ident(&field.name);
                if field.default.is_some() {
                    let fn_name = format_ident!("{}", default_fn_name(field));
                    quote!(#field_name: Self::#fn_name(),)
                } else if field.tri_state {
                    quote!(#field_name: Nullable::Absent,)
                } else {
                    quote!(#field_name: ::std::option::Option::None,)
                }
            });
            let additional = s.additional.as_ref().map(|a| {
                let field_name = ident(&a.name);
                quote!(#field_name: ::std::default::Default::default(),)
            });
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self {
                            #(#inits)*
                            #additional
                        }
                    }
                }
            }
        });
        quote! {
            impl #name {
                #(#fns)*
            }

            #default_impl
        }
    }

    /// A string enum: the type with its variants, and impls that each call the code of
    /// the support module ([`crate::support_text::support_module`]), emitted once per file, so that each enum costs little to compile.
    fn string_enum(&self, def: &TypeDef, e: &Enum, lines: &[String]) -> TokenStream {
        let name = ident(&def.name);
        let type_name = &def.name;
        let allow = allow_missing_docs(lines.is_empty());
        let variants = e.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let docs = doc_attrs(&[format!("Serialized as {}.", text::inline_code(&v.value))]);
            quote! {
                #docs
                #variant,
            }
        });
        let values = e.variants.iter().map(|v| v.value.as_str());
        let schemars = self.enum_json_schema(def, e);
        let support = quote! {
            impl __private::StringEnum for #name {
                const NAME: &'static str = #type_name;
                const VALUES: &'static [&'static str] = &[#(#values),*];
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            #schemars
        };
        if e.open {
            let as_str_arms = e.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let value = &v.value;
                quote!(Self::#variant => #value,)
            });
            let parse_arms = e.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let value = &v.value;
                quote!(#value => Self::#variant,)
            });
            return quote! {
                #allow
                #[derive(
                    ::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd,
                    ::std::cmp::Ord, ::std::hash::Hash,
                )]
                pub enum #name {
                    #(#variants)*
                    /// A value the schema does not list, kept as it came.
                    Unrecognized(::std::string::String),
                }

                impl #name {
                    /// The JSON string of this value.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#as_str_arms)*
                            Self::Unrecognized(value) => value.as_str(),
                        }
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = ::std::convert::Infallible;

                    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                        ::std::result::Result::Ok(match value {
                            #(#parse_arms)*
                            _ => Self::Unrecognized(value.to_owned()),
                        })
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                        __private::deserialize_open(deserializer)
                    }
                }

                #support
            };
        }
        let all = e.variants.iter().map(|v| {
            let variant = ident(&v.name);
            quote!(Self::#variant)
        });
        // The variants are numbered in the order of `VALUES`; an enum without variants has no
        // value to look at.
        let as_str = if e.variants.is_empty() {
            quote!(match *self {})
        } else {
            quote!(<Self as __private::StringEnum>::VALUES[*self as usize])
        };
        quote! {
            #allow
            #[derive(
                ::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq,
                ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash,
            )]
            pub enum #name {
                #(#variants)*
            }

            impl #name {
                /// Every value, in the order the schema lists them.
                pub const ALL: &'static [Self] = &[#(#all),*];

                /// The JSON string of this value.
                pub fn as_str(&self) -> &'static str {
                    #as_str
                }
            }

            impl __private::ClosedEnum for #name {
                const ALL: &'static [Self] = Self::ALL;
            }

            impl ::std::str::FromStr for #name {
                type Err = ParseEnumError;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    __private::parse(value)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    __private::deserialize_closed(deserializer)
                }
            }

            #support
        }
    }

    /// `schemars::JsonSchema`, written out: a derive would describe each documented variant as a
    /// `oneOf` of `const`s, where the source schema has one `enum`.
    fn enum_json_schema(&self, def: &TypeDef, e: &Enum) -> TokenStream {
        let Some(feature) = &self.options.schemars_feature else {
            return TokenStream::new();
        };
        let name = ident(&def.name);
        let open = e.open;
        let description = match &def.docs.description {
            Some(d) => quote!(::std::option::Option::Some(#d)),
            None => quote!(::std::option::Option::None),
        };
        quote! {
            #[cfg(feature = #feature)]
            impl ::schemars::JsonSchema for #name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(<Self as __private::StringEnum>::NAME)
                }

                fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    __private::enum_schema::<Self>(#description, #open)
                }
            }
        }
    }

    fn newtype(
        &self,
        def: &TypeDef,
        inner: &TypeRef,
        default: bool,
        docs: &rustdoc::ItemDocs,
    ) -> TokenStream {
        let name = ident(&def.name);
        let allow = allow_missing_docs(docs.lines.is_empty());
        let metadata = self.schemars_doc(docs);
        let schemars = self.derive_schemars();
        let inner_ty = rust_type(self.model, inner);
        let with = self.schemars_with(inner, |ty| ty);
        let default = if default {
            quote!(::std::default::Default,)
        } else {
            quote!()
        };
        quote! {
            #allow
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
            #schemars
            #metadata
            #[serde(transparent)]
            pub struct #name(#with pub #inner_ty);

            impl ::std::ops::Deref for #name {
                type Target = #inner_ty;

                fn deref(&self) -> &Self::Target {
                    &self.0
                }
            }

            impl ::std::ops::DerefMut for #name {
                fn deref_mut(&mut self) -> &mut Self::Target {
                    &mut self.0
                }
            }

            impl ::std::convert::From<#inner_ty> for #name {
                fn from(value: #inner_ty) -> Self {
                    Self(value)
                }
            }
        }
    }

    fn union(&self, id: TypeId, u: &Union, docs: &rustdoc::ItemDocs) -> TokenStream {
        let def = self.model.get(id);
        let name = ident(&def.name);
        let variant_docs: Vec<rustdoc::ItemDocs> = (0..u.variants.len())
            .map(|i| rustdoc::variant_docs(self.model, self.snippets, id, i))
            .collect();
        let undocumented = docs.lines.is_empty() || variant_docs.iter().any(|d| d.lines.is_empty());
        let allow = allow_missing_docs(undocumented);
        let metadata = self.schemars_doc(docs);
        let schemars = self.derive_schemars();
        let wrapped = matches!(u.tagging, Tagging::External | Tagging::Adjacent { .. });
        let variants = u.variants.iter().zip(&variant_docs).map(|(v, docs)| {
            let variant = ident(&v.name);
            let metadata = self.schemars_doc(docs);
            let docs = doc_attrs(&docs.lines);
            // Externally and adjacently tagged variants are named by their tag.
            let rename = match v.tag_values.first() {
                Some(tag) if wrapped && *tag != v.name => quote!(#[serde(rename = #tag)]),
                _ => TokenStream::new(),
            };
            if wrapped && v.ty == TypeRef::Null {
                return quote! {
                    #docs
                    #metadata
                    #rename
                    #variant,
                };
            }
            let wrap = |ty: TokenStream| {
                if v.boxed {
                    quote!(::std::boxed::Box<#ty>)
                } else {
                    ty
                }
            };
            let with = self.schemars_with(&v.ty, wrap);
            let ty = wrap(rust_type(self.model, &v.ty));
            quote! {
                #docs
                #metadata
                #rename
                #variant(#with #ty),
            }
        });
        let property = match &u.tagging {
            Tagging::Internal { property } => property,
            other => {
                // serde's own representations: derived.
                let representation = match other {
                    Tagging::Untagged => quote!(#[serde(untagged)]),
                    Tagging::Adjacent { tag, content } => {
                        quote!(#[serde(tag = #tag, content = #content)])
                    }
                    _ => TokenStream::new(),
                };
                // With rules of its own (`oneOf`'s exclusivity), the derived impls become
                // inherent functions (`remote = "Self"`) that the trait impls call; reading
                // checks the rules on the JSON first.
                let checked = checks::union_has_own_rules(def);
                let remote = checked.then(|| quote!(#[serde(remote = "Self")]));
                let impls = def.constraints.extra.as_ref().filter(|_| checked).map(|extra| {
                    let schema = checks::schema_ref(extra);
                    quote! {
                        impl ::serde::Serialize for #name {
                            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                                #name::serialize(self, serializer)
                            }
                        }

                        impl<'de> ::serde::Deserialize<'de> for #name {
                            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                                // The rules see the JSON as it is, keys no alternative names included.
                                use ::serde::de::Error as _;
                                let json = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                                __private::json(&json, #schema, "").map_err(__D::Error::custom)?;
                                #name::deserialize(json).map_err(__D::Error::custom)
                            }
                        }
                    }
                });
                return quote! {
                    #allow
                    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                    #schemars
                    #metadata
                    #representation
                    #remote
                    pub enum #name {
                        #(#variants)*
                    }

                    #impls
                };
            }
        };
        // Tagged by a property the alternatives carry themselves: written as they are, read by
        // looking at the tag first (one attempt, and an error that names the tag).
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let values = &v.tag_values;
            let wrap = if v.boxed {
                quote!(|value| Self::#variant(::std::boxed::Box::new(value)))
            } else {
                quote!(Self::#variant)
            };
            quote! {
                #(#values)|* => ::serde_json::from_value(value).map(#wrap).map_err(__D::Error::custom),
            }
        });
        let all: Vec<&String> = u.variants.iter().flat_map(|v| &v.tag_values).collect();
        quote! {
            #allow
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
            #schemars
            #metadata
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                    use ::serde::de::Error as _;
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = match value.get(#property).and_then(::serde_json::Value::as_str) {
                        ::std::option::Option::Some(tag) => tag.to_owned(),
                        ::std::option::Option::None => return ::std::result::Result::Err(__D::Error::missing_field(#property)),
                    };
                    match tag.as_str() {
                        #(#arms)*
                        other => ::std::result::Result::Err(__D::Error::unknown_variant(other, &[#(#all),*])),
                    }
                }
            }
        }
    }
}

/// ` (keys matching `^x-`)` for the map of other keys, when `patternProperties` names patterns.
pub fn key_patterns(patterns: &[String], code: &dyn Fn(&str) -> String) -> String {
    if patterns.is_empty() {
        return String::new();
    }
    let list: Vec<String> = patterns.iter().map(|p| code(p)).collect();
    format!(" (keys matching {})", list.join(" or "))
}

/// The associated function that gives a field its default: `default_` and the field name.
/// The associated function that gives the default of an absent property.
pub fn default_fn_name(field: &Field) -> String {
    format!("default_{}", crate::names::unraw(&field.name))
}

/// An expression of type `ty` (boxed when `boxed`) for the JSON value `value`, which the caller
/// checked against `ty`: literals for scalars and enum members, and otherwise the value read
/// through serde, exactly as deserializing the JSON would read it.
fn default_value(model: &Model, ty: &TypeRef, boxed: bool, value: &Value) -> TokenStream {
    let direct = match (ty, value) {
        (TypeRef::Boolean, Value::Bool(b)) => Some(quote!(#b)),
        // The function's return type gives the literal its type.
        (TypeRef::Integer(_), Value::Number(n)) => n
            .as_i64()
            .map(proc_macro2::Literal::i64_unsuffixed)
            .or_else(|| n.as_u64().map(proc_macro2::Literal::u64_unsuffixed))
            .map(|literal| quote!(#literal)),
        (TypeRef::Number(_), Value::Number(n)) => n.as_f64().map(|n| {
            let literal = proc_macro2::Literal::f64_unsuffixed(n);
            quote!(#literal)
        }),
        (TypeRef::String(StringFormat::Plain), Value::String(s)) => {
            Some(quote!(::std::string::String::from(#s)))
        }
        (&TypeRef::Named(id), Value::String(s)) => match &model.get(id).kind {
            TypeKind::Enum(e) => {
                let name = ident(&model.get(id).name);
                match e.variants.iter().find(|v| &v.value == s) {
                    Some(v) => {
                        let variant = ident(&v.name);
                        Some(quote!(#name::#variant))
                    }
                    None if e.open => {
                        Some(quote!(#name::Unrecognized(::std::string::String::from(#s))))
                    }
                    None => None,
                }
            }
            _ => None,
        },
        _ => None,
    };
    match direct {
        Some(value) if boxed => quote!(::std::boxed::Box::new(#value)),
        Some(value) => value,
        None => {
            let json = value.to_string();
            quote! {
                ::serde_json::from_str(#json)
                    .expect("the default was checked against its schema by schemagen")
            }
        }
    }
}

/// The Rust type of a value, with absolute paths so that no schema name can shadow it.
pub fn rust_type(model: &Model, ty: &TypeRef) -> TokenStream {
    rust_type_as(model, ty, false)
}

/// The type of a struct field that holds `ty`: boxed to break a cycle, an `Option` when it may
/// be absent or `null`.
pub fn field_type(field: &Field, mut ty: TokenStream) -> TokenStream {
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if field.tri_state {
        ty = quote!(Nullable<#ty>);
    } else if field.is_option() {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

/// The type `schemars` describes in place of `ty`: the same, with every type the user chose for
/// a format read as the string it is in JSON (the user's type need not implement `JsonSchema`).
fn schema_stand_in(model: &Model, ty: &TypeRef) -> Option<TokenStream> {
    ty.has_custom_format()
        .then(|| rust_type_as(model, ty, true))
}

/// A type as Rust source, formatted as `prettyplease` formats it (`::std::string::String`, not
/// `:: std :: string :: String`), for attributes that take a type as a string.
fn type_text(ty: TokenStream) -> String {
    let text = ty.to_string();
    let Ok(file) = syn::parse_str::<syn::File>(&format!("type T = {text};")) else {
        return text;
    };
    let printed = prettyplease::unparse(&file);
    printed
        .trim()
        .strip_prefix("type T = ")
        .and_then(|t| t.strip_suffix(';'))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or(text)
}

fn rust_type_as(model: &Model, ty: &TypeRef, custom_as_string: bool) -> TokenStream {
    let rust_type = |ty: &TypeRef| rust_type_as(model, ty, custom_as_string);
    match ty {
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Null => quote!(()),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer(kind) => {
            let name = format_ident!("{}", integer_name(*kind));
            quote!(#name)
        }
        TypeRef::Number(NumberKind::F32) => quote!(f32),
        TypeRef::Number(NumberKind::F64) => quote!(f64),
        TypeRef::String(StringFormat::Plain) => quote!(::std::string::String),
        TypeRef::String(StringFormat::DateTime) => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::String(StringFormat::Date) => quote!(::chrono::NaiveDate),
        TypeRef::String(StringFormat::Ipv4) => quote!(::std::net::Ipv4Addr),
        TypeRef::String(StringFormat::Ipv6) => quote!(::std::net::Ipv6Addr),
        TypeRef::String(StringFormat::Uuid) => quote!(::uuid::Uuid),
        TypeRef::String(StringFormat::Custom { .. }) if custom_as_string => {
            quote!(::std::string::String)
        }
        TypeRef::String(StringFormat::Custom { rust_type, .. }) => rust_type
            .parse()
            .unwrap_or_else(|_| quote!(::std::string::String)),
        TypeRef::Tuple(items) => {
            let items = items.iter().map(&rust_type);
            quote!((#(#items,)*))
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Named(id) => {
            let name = ident(&model.get(*id).name);
            quote!(#name)
        }
    }
}

/// The Rust name of an integer width.
pub fn integer_name(kind: IntegerKind) -> &'static str {
    match kind {
        IntegerKind::I8 => "i8",
        IntegerKind::I16 => "i16",
        IntegerKind::I32 => "i32",
        IntegerKind::I64 => "i64",
        IntegerKind::U8 => "u8",
        IntegerKind::U16 => "u16",
        IntegerKind::U32 => "u32",
        IntegerKind::U64 => "u64",
    }
}
