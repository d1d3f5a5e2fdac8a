//! Structs printed through tokens, where their serde impls or definitions are not written out
//! as text, and the functions that give absent fields their schema defaults.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use serde_json::Value;

use crate::checks;
use crate::facts;
use crate::model::{Field, Model, StringFormat, Struct, TypeDef, TypeKind, TypeRef};
use crate::rustdoc::{self, allow_missing_docs, doc_attrs};
use crate::serde_impls;
use crate::text;

use super::Emitter;
use super::types::{field_type, ident, rust_type};

impl Emitter<'_> {
    /// A struct and its defaults; with `serde_impls`, its serde impls too.
    pub(super) fn structure(
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
}

/// ` (keys matching `^x-`)` for the map of other keys, when `patternProperties` names patterns.
pub fn key_patterns(patterns: &[String], code: &dyn Fn(&str) -> String) -> String {
    if patterns.is_empty() {
        return String::new();
    }
    let list: Vec<String> = patterns.iter().map(|p| code(p)).collect();
    format!(" (keys matching {})", list.join(" or "))
}

/// The associated function that gives the default of an absent property: `default_` and the
/// field name.
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
