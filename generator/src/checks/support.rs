//! The items a generated file has once: its public error types and `Validate` at the top, and
//! the generic checking code in its `__private` module.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// The public items of a file some type of which checks rules: `ValidationError` and
/// `Validate`.
pub fn validation_items() -> TokenStream {
    quote! {
        /// A value that breaks a rule of its schema: where it is and which rule it breaks.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct ValidationError {
            path: ::std::string::String,
            message: ::std::string::String,
        }

        impl ValidationError {
            /// The JSON pointer of the value that breaks the rule, from the value checked
            /// (empty for that value itself): `/labels/3`.
            pub fn path(&self) -> &str {
                &self.path
            }

            /// The value and the rule it breaks: `"..." is longer than maxLength 64`.
            pub fn message(&self) -> &str {
                &self.message
            }

            /// The same error, for the value that holds this one under `key`.
            fn within(mut self, key: &str) -> Self {
                if !key.is_empty() {
                    self.path = ::std::format!("/{}{}", key.replace('~', "~0").replace('/', "~1"), self.path);
                }
                self
            }
        }

        impl ::std::fmt::Display for ValidationError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                if self.path.is_empty() {
                    f.write_str(&self.message)
                } else {
                    write!(f, "{}: {}", self.path, self.message)
                }
            }
        }

        impl ::std::error::Error for ValidationError {}

        /// A type whose schema has rules its Rust type cannot carry (lengths, patterns, bounds,
        /// counts). Reading JSON checks them; a value built in Rust is checked by `validate`.
        pub trait Validate {
            /// Checks the value, and every value inside it, against their schemas' rules.
            fn validate(&self) -> ::std::result::Result<(), ValidationError> {
                self.check(true)
            }

            /// Checks the value's own rules, and with `deep` those of every value inside it.
            #[doc(hidden)]
            fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError>;
        }

        impl<T: Validate> Validate for ::std::option::Option<T> {
            fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                match self {
                    ::std::option::Option::Some(value) => value.check(deep),
                    ::std::option::Option::None => ::std::result::Result::Ok(()),
                }
            }
        }

        impl<T: Validate> Validate for ::std::boxed::Box<T> {
            fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                (**self).check(deep)
            }
        }

        impl<T: Validate> Validate for ::std::vec::Vec<T> {
            fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                for (index, value) in self.iter().enumerate() {
                    value.check(deep).map_err(|e| e.within(&index.to_string()))?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl<T: Validate> Validate for ::std::collections::BTreeMap<::std::string::String, T> {
            fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                for (key, value) in self {
                    value.check(deep).map_err(|e| e.within(key))?;
                }
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// The checking code of the `__private` module; with `patterns`, the `regress` regexes; with
/// `schemas` (the table of schemas kept keywords refer to), the evaluation of kept keywords.
pub fn support_items(patterns: bool, schemas: Option<&[Value]>) -> TokenStream {
    let schema_items = schemas.map(|table| super::schema::items(patterns, table));
    let pattern_field = patterns.then(|| quote!(pattern: Option<&'static Pattern>,));
    let pattern_none = patterns.then(|| quote!(pattern: None,));
    let pattern_method = patterns.then(|| {
        quote! {
            pub const fn pattern(mut self, pattern: &'static Pattern) -> Self {
                self.pattern = Some(pattern);
                self
            }
        }
    });
    let pattern_check = patterns.then(|| {
        quote! {
            if let Some(pattern) = rules.pattern {
                if !pattern.matches(value) {
                    return Err(format!("{} does not match the pattern {:?}", shown(value), pattern.source));
                }
            }
        }
    });
    let pattern_type = patterns.then(|| {
        quote! {
            /// A `pattern` (ECMA-262 syntax), compiled the first time it is used.
            pub struct Pattern {
                source: &'static str,
                unicode: bool,
                regex: ::std::sync::OnceLock<Option<::regress::Regex>>,
            }

            impl Pattern {
                pub const fn new(source: &'static str, unicode: bool) -> Self {
                    Self { source, unicode, regex: ::std::sync::OnceLock::new() }
                }

                fn matches(&self, text: &str) -> bool {
                    let flags = if self.unicode { "u" } else { "" };
                    self.regex
                        .get_or_init(|| ::regress::Regex::with_flags(self.source, flags).ok())
                        .as_ref()
                        .is_none_or(|regex| regex.find(text).is_some())
                }
            }
        }
    });
    quote! {
        use super::{Validate, ValidationError};

        /// The check of a schema that is `false`, for a value present under `key`: no value is
        /// valid.
        pub fn nothing(key: &str) -> Result<(), ValidationError> {
            Err(ValidationError {
                path: String::new(),
                message: "no value is valid here: the schema is `false`".to_string(),
            }
            .within(key))
        }

        /// The rules of one schema that a value is checked against.
        pub struct Rules {
            min_length: Option<u64>,
            max_length: Option<u64>,
            #pattern_field
            minimum: Option<f64>,
            maximum: Option<f64>,
            exclusive_minimum: Option<f64>,
            exclusive_maximum: Option<f64>,
            multiple_of: Option<f64>,
            min_items: Option<u64>,
            max_items: Option<u64>,
            unique_items: bool,
            min_properties: Option<u64>,
            max_properties: Option<u64>,
            allowed: Option<&'static Values>,
        }

        impl Rules {
            pub const NONE: Rules = Rules {
                min_length: None,
                max_length: None,
                #pattern_none
                minimum: None,
                maximum: None,
                exclusive_minimum: None,
                exclusive_maximum: None,
                multiple_of: None,
                min_items: None,
                max_items: None,
                unique_items: false,
                min_properties: None,
                max_properties: None,
                allowed: None,
            };

            pub const fn min_length(mut self, n: u64) -> Self {
                self.min_length = Some(n);
                self
            }

            pub const fn max_length(mut self, n: u64) -> Self {
                self.max_length = Some(n);
                self
            }

            #pattern_method

            pub const fn minimum(mut self, x: f64) -> Self {
                self.minimum = Some(x);
                self
            }

            pub const fn maximum(mut self, x: f64) -> Self {
                self.maximum = Some(x);
                self
            }

            pub const fn exclusive_minimum(mut self, x: f64) -> Self {
                self.exclusive_minimum = Some(x);
                self
            }

            pub const fn exclusive_maximum(mut self, x: f64) -> Self {
                self.exclusive_maximum = Some(x);
                self
            }

            pub const fn multiple_of(mut self, x: f64) -> Self {
                self.multiple_of = Some(x);
                self
            }

            pub const fn min_items(mut self, n: u64) -> Self {
                self.min_items = Some(n);
                self
            }

            pub const fn max_items(mut self, n: u64) -> Self {
                self.max_items = Some(n);
                self
            }

            pub const fn unique_items(mut self) -> Self {
                self.unique_items = true;
                self
            }

            pub const fn min_properties(mut self, n: u64) -> Self {
                self.min_properties = Some(n);
                self
            }

            pub const fn max_properties(mut self, n: u64) -> Self {
                self.max_properties = Some(n);
                self
            }

            pub const fn allowed(mut self, values: &'static Values) -> Self {
                self.allowed = Some(values);
                self
            }
        }

        /// The values of an `enum` or `const` (as JSON text), parsed the first time they are used.
        pub struct Values {
            json: &'static str,
            parsed: ::std::sync::OnceLock<Vec<::serde_json::Value>>,
        }

        impl Values {
            pub const fn new(json: &'static str) -> Self {
                Self { json, parsed: ::std::sync::OnceLock::new() }
            }

            fn list(&self) -> &[::serde_json::Value] {
                self.parsed.get_or_init(|| ::serde_json::from_str(self.json).unwrap_or_default())
            }
        }

        /// The error when `value` is none of the allowed values.
        fn allowed(rules: &Rules, is: impl Fn(&::serde_json::Value) -> bool, shown: impl fmt::Display) -> Result<(), String> {
            match rules.allowed {
                Some(values) if !values.list().iter().any(is) => Err(match values.list() {
                    [one] => format!("{shown} is not {one}, the only value allowed"),
                    _ => format!("{shown} is not one of {}", values.json),
                }),
                _ => Ok(()),
            }
        }

        #pattern_type

        /// A Rust type that rules can apply to.
        pub trait Check {
            fn check_rules(&self, rules: &Rules) -> Result<(), String>;
        }

        impl Check for String {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                text(self, rules)
            }
        }

        impl<T: Check> Check for Option<T> {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                self.as_ref().map_or(Ok(()), |value| value.check_rules(rules))
            }
        }

        impl<T: Check> Check for Box<T> {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                (**self).check_rules(rules)
            }
        }

        macro_rules! numbers {
            ($($t:ty)*) => {$(
                impl Check for $t {
                    fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                        number(*self as f64, rules)
                    }
                }
            )*};
        }

        numbers!(i8 i16 i32 i64 u8 u16 u32 u64 f32 f64);

        impl Check for bool {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                allowed(rules, |v| v.as_bool() == Some(*self), self)
            }
        }

        impl<T: PartialEq> Check for Vec<T> {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                items(self, rules, T::eq)
            }
        }

        impl<V> Check for ::std::collections::BTreeMap<String, V> {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                properties(self.len(), rules)
            }
        }

        impl Check for ::serde_json::Map<String, ::serde_json::Value> {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                properties(self.len(), rules)
            }
        }

        /// Any JSON value: the rules for its kind.
        impl Check for ::serde_json::Value {
            fn check_rules(&self, rules: &Rules) -> Result<(), String> {
                use ::serde_json::Value;
                match self {
                    Value::String(value) => text(value, rules)?,
                    // A number's own rules, and `enum` below.
                    Value::Number(value) => return value.as_f64().map_or(Ok(()), |value| number(value, rules)),
                    Value::Array(values) => items(values, rules, same_json)?,
                    Value::Object(map) => properties(map.len(), rules)?,
                    Value::Null | Value::Bool(_) => {}
                }
                allowed(rules, |v| same_json(v, self), self)
            }
        }

        /// A value in a message: quoted, and cut after 40 characters.
        fn shown(value: &str) -> String {
            match value.char_indices().nth(40) {
                Some((end, _)) => format!("{:?}...", &value[..end]),
                None => format!("{value:?}"),
            }
        }

        fn text(value: &str, rules: &Rules) -> Result<(), String> {
            if rules.min_length.is_some() || rules.max_length.is_some() {
                // JSON Schema counts Unicode code points.
                let length = value.chars().count() as u64;
                if let Some(min) = rules.min_length.filter(|min| length < *min) {
                    return Err(format!("{} is shorter than minLength {min}", shown(value)));
                }
                if let Some(max) = rules.max_length.filter(|max| length > *max) {
                    return Err(format!("{} is longer than maxLength {max}", shown(value)));
                }
            }
            #pattern_check
            Ok(())
        }

        fn number(value: f64, rules: &Rules) -> Result<(), String> {
            allowed(rules, |v| v.as_f64() == Some(value), value)?;
            if let Some(min) = rules.minimum.filter(|min| value < *min) {
                return Err(format!("{value} is less than minimum {min}"));
            }
            if let Some(max) = rules.maximum.filter(|max| value > *max) {
                return Err(format!("{value} is greater than maximum {max}"));
            }
            if let Some(min) = rules.exclusive_minimum.filter(|min| value <= *min) {
                return Err(format!("{value} is not greater than exclusiveMinimum {min}"));
            }
            if let Some(max) = rules.exclusive_maximum.filter(|max| value >= *max) {
                return Err(format!("{value} is not less than exclusiveMaximum {max}"));
            }
            if let Some(step) = rules.multiple_of {
                // A quotient within rounding error of an integer is a multiple; one too large
                // to be represented is not.
                let quotient = value / step;
                if !quotient.is_finite() || (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0) {
                    return Err(format!("{value} is not a multiple of {step}"));
                }
            }
            Ok(())
        }

        fn items<T>(values: &[T], rules: &Rules, same: fn(&T, &T) -> bool) -> Result<(), String> {
            let count = values.len() as u64;
            if let Some(min) = rules.min_items.filter(|min| count < *min) {
                return Err(format!("has {count} items, fewer than minItems {min}"));
            }
            if let Some(max) = rules.max_items.filter(|max| count > *max) {
                return Err(format!("has {count} items, more than maxItems {max}"));
            }
            if rules.unique_items {
                for (i, value) in values.iter().enumerate() {
                    if let Some(j) = values[..i].iter().position(|other| same(other, value)) {
                        return Err(format!("items {j} and {i} are equal, and uniqueItems forbids it"));
                    }
                }
            }
            Ok(())
        }

        fn properties(count: usize, rules: &Rules) -> Result<(), String> {
            let count = count as u64;
            if let Some(min) = rules.min_properties.filter(|min| count < *min) {
                return Err(format!("has {count} properties, fewer than minProperties {min}"));
            }
            if let Some(max) = rules.max_properties.filter(|max| count > *max) {
                return Err(format!("has {count} properties, more than maxProperties {max}"));
            }
            Ok(())
        }

        /// JSON equality: numbers equal by value (`1` and `1.0`), objects whatever their key order.
        fn same_json(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            match (a, b) {
                (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                    (Some(a), Some(b), _, _) => a == b,
                    (_, _, Some(a), Some(b)) => a == b,
                    _ => a.as_f64() == b.as_f64(),
                },
                (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b)),
                (Value::Object(a), Value::Object(b)) => {
                    a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same_json(a, b)))
                }
                _ => a == b,
            }
        }

        /// Checks a value's rules; the error names the key that holds it.
        pub fn rules<T: Check + ?Sized>(value: &T, rules: &Rules, key: &str) -> Result<(), ValidationError> {
            value
                .check_rules(rules)
                .map_err(|message| ValidationError { path: String::new(), message }.within(key))
        }

        /// Checks the key count of a struct's object.
        pub fn size(count: usize, rules: &Rules) -> Result<(), ValidationError> {
            properties(count, rules).map_err(|message| ValidationError { path: String::new(), message })
        }

        /// Checks every rule inside a value; the error's path starts at the key that holds it.
        pub fn nested<T: Validate + ?Sized>(value: &T, key: &str) -> Result<(), ValidationError> {
            value.check(true).map_err(|e| e.within(key))
        }

        #schema_items

        /// A value just read, if its own rules hold (what is inside it was checked as it was read).
        pub fn valid<T: Validate, E: ::serde::de::Error>(value: T) -> Result<T, E> {
            match value.check(false) {
                Ok(()) => Ok(value),
                Err(error) => Err(E::custom(error)),
            }
        }
    }
}
