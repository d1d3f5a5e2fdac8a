//! `Nullable<T>`: the type of an optional, nullable property when absent and `null` are told
//! apart ([`crate::Config::absent_vs_null`]), emitted once per file that needs it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Model, TypeKind};

/// Whether some field of the model is a `Nullable<T>`.
pub fn used(model: &Model) -> bool {
    model.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.tri_state),
        _ => false,
    })
}

/// `Nullable<T>` with the conveniences of `Option` and its serde impls; with `validates`, the
/// `Validate` and rule-checking impls; with `schemars_feature`, `JsonSchema` (that of
/// `Option<T>`).
pub fn items(validates: bool, schemars_feature: Option<&str>) -> TokenStream {
    let checks = validates.then(|| {
        quote! {
            impl<T: Validate> Validate for Nullable<T> {
                fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                    self.as_ref().map_or(::std::result::Result::Ok(()), |value| value.check(deep))
                }
            }

            impl<T: __private::Check> __private::Check for Nullable<T> {
                fn check_rules(&self, rules: &__private::Rules) -> ::std::result::Result<(), ::std::string::String> {
                    self.as_ref().map_or(::std::result::Result::Ok(()), |value| __private::Check::check_rules(value, rules))
                }
            }
        }
    });
    let schemars = schemars_feature.map(|feature| {
        quote! {
            #[cfg(feature = #feature)]
            impl<T: ::schemars::JsonSchema> ::schemars::JsonSchema for Nullable<T> {
                fn inline_schema() -> bool {
                    true
                }

                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    <::std::option::Option<T> as ::schemars::JsonSchema>::schema_name()
                }

                fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    <::std::option::Option<T> as ::schemars::JsonSchema>::json_schema(generator)
                }
            }
        }
    });
    quote! {
        /// An optional property that may also be `null`: absent, `null` and a value are three
        /// states, kept apart on a round trip (an absent key stays absent, `null` is written back).
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        pub enum Nullable<T> {
            /// The key is not in the object.
            #[default]
            Absent,
            /// The key is there with the value `null`.
            Null,
            /// The key is there with a value.
            Value(T),
        }

        impl<T> Nullable<T> {
            /// Whether the key is absent.
            pub fn is_absent(&self) -> bool {
                matches!(self, Self::Absent)
            }

            /// Whether the key is there with `null`.
            pub fn is_null(&self) -> bool {
                matches!(self, Self::Null)
            }

            /// Whether there is a value.
            pub fn is_value(&self) -> bool {
                matches!(self, Self::Value(_))
            }

            /// The value, if there is one.
            pub fn as_ref(&self) -> ::std::option::Option<&T> {
                match self {
                    Self::Value(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }

            /// The value, if there is one, to change in place.
            pub fn as_mut(&mut self) -> ::std::option::Option<&mut T> {
                match self {
                    Self::Value(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }

            /// The value as an `Option`: absent and `null` are both `None`.
            pub fn into_option(self) -> ::std::option::Option<T> {
                match self {
                    Self::Value(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl<T> ::std::convert::From<T> for Nullable<T> {
            fn from(value: T) -> Self {
                Self::Value(value)
            }
        }

        impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                match self {
                    Self::Value(value) => value.serialize(serializer),
                    _ => serializer.serialize_none(),
                }
            }
        }

        impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                ::std::option::Option::<T>::deserialize(deserializer).map(|value| match value {
                    ::std::option::Option::Some(value) => Self::Value(value),
                    ::std::option::Option::None => Self::Null,
                })
            }
        }

        #checks

        #schemars
    }
}
