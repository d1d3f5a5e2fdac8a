//! Types that wrap others: newtypes (a map, or a value with rules) and unions.

use proc_macro2::TokenStream;
use quote::quote;

use crate::checks;
use crate::error::Error;
use crate::items_text;
use crate::model::{Tagging, TypeDef, TypeId, TypeRef, Union};
use crate::rustdoc::{self, allow_missing_docs, doc_attrs};
use crate::union_text;

use super::Emitter;
use super::types::{ident, rust_type};

impl Emitter<'_> {
    pub(super) fn newtype(
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

    /// A union: its definition written as text ([`crate::union_text`]) and the impls after it
    /// printed, or, for what the text leaves to `prettyplease`, its tokens.
    pub(super) fn union(
        &self,
        id: TypeId,
        u: &Union,
        docs: &rustdoc::ItemDocs,
    ) -> Result<(String, TokenStream), Error> {
        let def = self.model.get(id);
        let variant_docs: Vec<rustdoc::ItemDocs> = (0..u.variants.len())
            .map(|i| rustdoc::variant_docs(self.model, self.snippets, id, i))
            .collect();
        if !self.options.prettyplease_only {
            let feature = self.options.schemars_feature.as_deref();
            let text = union_text::definition(self.model, def, u, docs, &variant_docs, feature);
            if let Some(mut text) = text {
                if let Tagging::Internal { property } = &u.tagging {
                    items_text::print_items(&mut text, tagged_deserialize(def, u, property))?;
                }
                return Ok((text, TokenStream::new()));
            }
        }
        Ok((
            String::new(),
            self.union_tokens(def, u, docs, &variant_docs),
        ))
    }

    fn union_tokens(
        &self,
        def: &TypeDef,
        u: &Union,
        docs: &rustdoc::ItemDocs,
        variant_docs: &[rustdoc::ItemDocs],
    ) -> TokenStream {
        let name = ident(&def.name);
        let undocumented = docs.lines.is_empty() || variant_docs.iter().any(|d| d.lines.is_empty());
        let allow = allow_missing_docs(undocumented);
        let metadata = self.schemars_doc(docs);
        let schemars = self.derive_schemars();
        let wrapped = matches!(u.tagging, Tagging::External | Tagging::Adjacent { .. });
        let variants = u.variants.iter().zip(variant_docs).map(|(v, docs)| {
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
        let deserialize = tagged_deserialize(def, u, property);
        quote! {
            #allow
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::serde::Serialize)]
            #schemars
            #metadata
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            #deserialize
        }
    }
}

/// The `Deserialize` impl of a union tagged by a property its alternatives carry themselves:
/// it looks at the tag first (one attempt, and an error that names the tag).
fn tagged_deserialize(def: &TypeDef, u: &Union, property: &str) -> TokenStream {
    let name = ident(&def.name);
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
