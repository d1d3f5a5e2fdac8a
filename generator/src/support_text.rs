//! The support code of a generated file as text: what the written-out impls of its types call
//! (its `__private` module) and `ParseEnumError`, emitted once per file.
//!
//! The code is fixed but for the `schemars` feature's name and the integer types a file reads,
//! so it is kept here as text, formatted as `prettyplease` formats it, rather than built with
//! `quote!` and parsed and printed again for every file: for a small schema that was a third
//! of the generator's time. A test holds the text as `prettyplease` prints it. The checking
//! code of files that validate ([`crate::checks::support_items`]) still goes through
//! `prettyplease`: it depends on the rules the file checks.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit_rust::integer_name;
use crate::error::Error;
use crate::model::IntegerKind;

/// The `__private` module of a file, after a blank line: the code its string enums
/// (`enums`), structs (`structs`) and integer fields (`integers`) call, then `validation` (the
/// items of [`crate::checks::support_items`]); with `schemars_feature`, what the `JsonSchema`
/// impls of its enums call.
pub fn support_module(
    enums: bool,
    structs: bool,
    integers: &[IntegerKind],
    validation: Option<TokenStream>,
    schemars_feature: Option<&str>,
) -> Result<String, Error> {
    let mut out = String::from(MODULE);
    if enums {
        out.push_str(ENUMS);
        if let Some(feature) = schemars_feature {
            out.push_str(
                &ENUM_SCHEMA.replace("\"@FEATURE@\"", &Literal::string(feature).to_string()),
            );
        }
    }
    if structs {
        out.push_str(STRUCTS);
    }
    if !integers.is_empty() {
        out.push_str(INTEGER);
        for kind in integers {
            out.push_str(&INTEGER_IMPL.replace("@KIND@", integer_name(*kind)));
        }
        out.push_str(INTEGER_READ);
    }
    if let Some(validation) = validation {
        out.push_str(&module_items(validation)?);
    }
    out.push_str("}\n");
    Ok(out)
}

/// `ParseEnumError` and its impls, each after a blank line.
pub fn parse_enum_error() -> &'static str {
    PARSE_ENUM_ERROR
}

/// The items `tokens` as `prettyplease` prints them inside the `__private` module.
fn module_items(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(quote!(mod __private { #tokens }))
        .map_err(|err| Error::Internal(format!("the generated Rust does not parse: {err}")))?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match lines.get(1..lines.len().saturating_sub(1)) {
        Some(inner) => Ok(inner.concat()),
        None => Err(Error::Internal(format!("unexpected module text: {text}"))),
    }
}

/// The start of the module; `#[allow(dead_code)]` because not every schema has every kind of
/// type.
const MODULE: &str = r##"
/// What the types of this file share: their impls call these functions rather than
/// each repeating the same code.
#[doc(hidden)]
#[allow(dead_code)]
mod __private {
    use ::std::fmt;
"##;

/// What the impls of string enums call (`serde_impls` writes the impls).
const ENUMS: &str = r##"    /// A string enum: its name, and its values as JSON strings in schema order.
    pub trait StringEnum {
        const NAME: &'static str;
        const VALUES: &'static [&'static str];
    }
    /// A closed string enum, whose value `ALL[i]` is written `VALUES[i]`.
    pub trait ClosedEnum: StringEnum + Copy + 'static {
        const ALL: &'static [Self];
    }
    fn find<E: ClosedEnum>(value: &str) -> Option<E> {
        E::VALUES.iter().position(|v| *v == value).map(|i| E::ALL[i])
    }
    /// `FromStr` of a closed enum.
    pub fn parse<E: ClosedEnum>(value: &str) -> Result<E, super::ParseEnumError> {
        find(value).ok_or_else(|| super::ParseEnumError::new(E::NAME, value))
    }
    /// `Deserialize` of a closed enum: one of its strings, or an error that lists them.
    pub fn deserialize_closed<'de, E: ClosedEnum, __D: ::serde::Deserializer<'de>>(
        deserializer: __D,
    ) -> Result<E, __D::Error> {
        struct Closed<E>(::std::marker::PhantomData<E>);
        impl<E: ClosedEnum> ::serde::de::Visitor<'_> for Closed<E> {
            type Value = E;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string, one of the values of {}", E::NAME)
            }
            fn visit_str<Er: ::serde::de::Error>(self, value: &str) -> Result<E, Er> {
                find(value).ok_or_else(|| Er::unknown_variant(value, E::VALUES))
            }
        }
        deserializer.deserialize_str(Closed(::std::marker::PhantomData))
    }
    /// `Deserialize` of an open enum: any string, through its `FromStr`. Read as a
    /// `String` first: through a visitor of its own it measured 15% slower on ConnectSession.
    pub fn deserialize_open<'de, E, __D>(deserializer: __D) -> Result<E, __D::Error>
    where
        E: ::std::str::FromStr<Err = ::std::convert::Infallible>,
        __D: ::serde::Deserializer<'de>,
    {
        let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
        match value.parse() {
            Ok(parsed) => Ok(parsed),
            Err(never) => match never {}
        }
    }
"##;

/// The schema of a string enum, behind the `schemars` feature (`@FEATURE@`).
const ENUM_SCHEMA: &str = r##"    /// The schema of a string enum: `{"type": "string", "enum": [...]}`, and for an open
    /// enum that or any other string.
    #[cfg(feature = "@FEATURE@")]
    pub fn enum_schema<E: StringEnum>(
        description: Option<&str>,
        open: bool,
    ) -> ::schemars::Schema {
        let mut listed = ::serde_json::Map::new();
        listed.insert("type".to_owned(), "string".into());
        listed.insert("enum".to_owned(), E::VALUES.iter().copied().collect());
        let mut schema = if open {
            let mut any = ::serde_json::Map::new();
            any.insert("type".to_owned(), "string".into());
            let mut schema = ::serde_json::Map::new();
            schema
                .insert(
                    "anyOf".to_owned(),
                    ::serde_json::Value::Array(vec![listed.into(), any.into()]),
                );
            schema
        } else {
            listed
        };
        if let Some(description) = description {
            schema.insert("description".to_owned(), description.into());
        }
        ::schemars::Schema::from(schema)
    }
"##;

/// What the written-out serde impls of structs call.
const STRUCTS: &str = r##"    /// A key of a JSON object, borrowed from the input where it can be.
    pub struct Key<'de>(::std::borrow::Cow<'de, str>);
    impl Key<'_> {
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }
    impl<'de> ::serde::Deserialize<'de> for Key<'de> {
        fn deserialize<__D: ::serde::Deserializer<'de>>(
            deserializer: __D,
        ) -> Result<Self, __D::Error> {
            struct KeyVisitor;
            impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a string key")
                }
                fn visit_borrowed_str<E: ::serde::de::Error>(
                    self,
                    value: &'de str,
                ) -> Result<Key<'de>, E> {
                    Ok(Key(::std::borrow::Cow::Borrowed(value)))
                }
                fn visit_str<E: ::serde::de::Error>(
                    self,
                    value: &str,
                ) -> Result<Key<'de>, E> {
                    Ok(Key(::std::borrow::Cow::Owned(value.to_owned())))
                }
                fn visit_string<E: ::serde::de::Error>(
                    self,
                    value: String,
                ) -> Result<Key<'de>, E> {
                    Ok(Key(::std::borrow::Cow::Owned(value)))
                }
            }
            deserializer.deserialize_str(KeyVisitor)
        }
    }
    /// A struct read from a JSON object, key by key.
    pub trait Object: Sized {
        const NAME: &'static str;
        fn visit_map<'de, A: ::serde::de::MapAccess<'de>>(
            map: A,
        ) -> Result<Self, A::Error>;
    }
    /// `Deserialize` of a struct: a JSON object (not an array), read by its `visit_map`.
    pub fn deserialize_object<'de, T: Object, __D: ::serde::Deserializer<'de>>(
        deserializer: __D,
    ) -> Result<T, __D::Error> {
        struct Visitor<T>(::std::marker::PhantomData<T>);
        impl<'de, T: Object> ::serde::de::Visitor<'de> for Visitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a {} object", T::NAME)
            }
            fn visit_map<A: ::serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<T, A::Error> {
                T::visit_map(map)
            }
        }
        deserializer.deserialize_map(Visitor(::std::marker::PhantomData))
    }
    /// Reads the value of a property into its slot; a property given twice is an error.
    pub fn field<'de, T, A>(
        map: &mut A,
        slot: &mut Option<T>,
        key: &'static str,
    ) -> Result<(), A::Error>
    where
        T: ::serde::Deserialize<'de>,
        A: ::serde::de::MapAccess<'de>,
    {
        if slot.is_some() {
            return Err(<A::Error as ::serde::de::Error>::duplicate_field(key));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }
    /// The error for the first required property that is absent.
    pub fn missing<E: ::serde::de::Error>(absent: &[(bool, &'static str)]) -> E {
        let key = absent.iter().find(|(absent, _)| *absent).map_or("", |(_, key)| *key);
        E::missing_field(key)
    }
    /// Reads the value of a key the struct keeps among its other keys.
    pub fn other<'de, T, A>(
        map: &mut A,
        others: &mut ::std::collections::BTreeMap<String, T>,
        key: Key<'de>,
    ) -> Result<(), A::Error>
    where
        T: ::serde::Deserialize<'de>,
        A: ::serde::de::MapAccess<'de>,
    {
        let value = map.next_value()?;
        others.insert(key.0.into_owned(), value);
        Ok(())
    }
    /// Skips the value of a key the struct does not name.
    pub fn skip<'de, A: ::serde::de::MapAccess<'de>>(
        map: &mut A,
    ) -> Result<(), A::Error> {
        map.next_value::<::serde::de::IgnoredAny>().map(|_| ())
    }
    /// The error for a key the struct does not name, where the schema allows no other keys.
    pub fn unknown<T, E: ::serde::de::Error>(
        key: &str,
        expected: &'static [&'static str],
    ) -> Result<T, E> {
        Err(E::unknown_field(key, expected))
    }
"##;

/// Integers as JSON Schema counts them: a number with a zero fraction (`1.0`) is one, which
/// serde's impls for `i64` and the like refuse. The trait, implemented for the integer types
/// the file reads ([`INTEGER_IMPL`]) and for `Option`s of them ([`INTEGER_READ`]).
const INTEGER: &str = r##"    /// A type that reads a JSON integer, also when it is written with a zero fraction.
    pub trait Integer: Sized {
        fn read<'de, __D: ::serde::Deserializer<'de>>(
            deserializer: __D,
        ) -> Result<Self, __D::Error>;
    }
"##;

/// The impl of `Integer` for one integer type (`@KIND@`).
const INTEGER_IMPL: &str = r##"    impl Integer for @KIND@ {
        fn read<'de, __D: ::serde::Deserializer<'de>>(
            deserializer: __D,
        ) -> Result<Self, __D::Error> {
            deserializer.deserialize_i64(Whole(::std::marker::PhantomData))
        }
    }
"##;

/// What reads integers through [`INTEGER`]. `-2^63` and `2^64` are exact as `f64`s; between
/// them a whole number converts exactly.
const INTEGER_READ: &str = r##"    impl<T: Integer> Integer for Option<T> {
        fn read<'de, __D: ::serde::Deserializer<'de>>(
            deserializer: __D,
        ) -> Result<Self, __D::Error> {
            Ok(
                <Option<Read<T>> as ::serde::Deserialize>::deserialize(deserializer)?
                    .map(|value| value.0),
            )
        }
    }
    /// [`Integer::read`] as a `Deserialize` impl, for `next_value`.
    pub struct Read<T>(pub T);
    impl<'de, T: Integer> ::serde::Deserialize<'de> for Read<T> {
        fn deserialize<__D: ::serde::Deserializer<'de>>(
            deserializer: __D,
        ) -> Result<Self, __D::Error> {
            T::read(deserializer).map(Read)
        }
    }
    /// Reads an integer property into its slot; a property given twice is an error.
    pub fn integer_field<'de, T, A>(
        map: &mut A,
        slot: &mut Option<T>,
        key: &'static str,
    ) -> Result<(), A::Error>
    where
        T: Integer,
        A: ::serde::de::MapAccess<'de>,
    {
        if slot.is_some() {
            return Err(<A::Error as ::serde::de::Error>::duplicate_field(key));
        }
        *slot = Some(map.next_value::<Read<T>>()?.0);
        Ok(())
    }
    struct Whole<T>(::std::marker::PhantomData<T>);
    impl<'de, T: TryFrom<i64> + TryFrom<u64>> ::serde::de::Visitor<'de> for Whole<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }
        fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> Result<T, E> {
            T::try_from(value)
                .map_err(|_| E::invalid_value(
                    ::serde::de::Unexpected::Signed(value),
                    &self,
                ))
        }
        fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> Result<T, E> {
            T::try_from(value)
                .map_err(|_| E::invalid_value(
                    ::serde::de::Unexpected::Unsigned(value),
                    &self,
                ))
        }
        fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> Result<T, E> {
            if value.fract() == 0.0
                && (-9_223_372_036_854_775_808.0..0.0).contains(&value)
            {
                self.visit_i64(value as i64)
            } else if value.fract() == 0.0
                && (0.0..18_446_744_073_709_551_616.0).contains(&value)
            {
                self.visit_u64(value as u64)
            } else {
                Err(E::invalid_type(::serde::de::Unexpected::Float(value), &self))
            }
        }
    }
"##;

/// The error of `FromStr` on a closed enum, at the top of the file.
const PARSE_ENUM_ERROR: &str = r##"
/// The error of parsing a string that is none of a closed enum's values.
#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: ::std::string::String,
}

impl ParseEnumError {
    fn new(type_name: &'static str, value: &str) -> Self {
        Self {
            type_name,
            value: value.to_owned(),
        }
    }
    /// The enum that was parsed.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }
    /// The string that matched none of its values.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl ::std::fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "unknown {} value {:?}", self.type_name, self.value)
    }
}

impl ::std::error::Error for ParseEnumError {}
"##;

#[cfg(test)]
mod tests {
    use super::*;

    /// What `prettyplease` makes of `text` parsed as a file.
    fn reprinted(text: &str) -> String {
        prettyplease::unparse(&syn::parse_file(text).expect("the support code parses"))
    }

    #[test]
    fn the_text_is_what_prettyplease_prints() {
        let kinds = [IntegerKind::I8, IntegerKind::U64];
        let validation = quote!(
            pub fn nothing(key: &str) -> Result<(), String> {
                Err(key.to_string())
            }
        );
        for (enums, structs, integers, validation, feature) in [
            (true, true, &kinds[..], Some(validation), Some("schemars")),
            (true, false, &[][..], None, None),
            (false, true, &kinds[..1], None, Some("json-schema")),
        ] {
            let module = support_module(enums, structs, integers, validation, feature).unwrap();
            let module = module.strip_prefix('\n').unwrap();
            assert_eq!(reprinted(module), module);
            assert_eq!(module.matches("impl Integer for ").count(), integers.len());
            assert_eq!(
                module.contains("pub fn enum_schema"),
                enums && feature.is_some()
            );
        }
        let module = support_module(true, false, &[], None, Some("json-schema")).unwrap();
        assert!(module.contains("#[cfg(feature = \"json-schema\")]"));
        let error = parse_enum_error().strip_prefix('\n').unwrap();
        let items: String = error
            .split("\n\n")
            .map(reprinted)
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(items, error);
    }
}
