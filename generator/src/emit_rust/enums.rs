//! String enums printed through tokens, where they are not written out as text
//! ([`crate::enum_text`]).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Enum, TypeDef};
use crate::rustdoc::{allow_missing_docs, doc_attrs};
use crate::text;

use super::Emitter;
use super::types::ident;

impl Emitter<'_> {
    /// the support module ([`crate::support_text::support_module`]), emitted once per file, so that each enum costs little to compile.
    pub(super) fn string_enum(&self, def: &TypeDef, e: &Enum, lines: &[String]) -> TokenStream {
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
}
