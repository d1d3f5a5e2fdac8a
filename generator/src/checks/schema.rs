//! The evaluation of the keywords no Rust type carries (`not`, `if`/`then`/`else`, `contains`,
//! `propertyNames`, `dependencies`, ...), written once into a file's `__private` module: the
//! value is turned into its JSON and checked against the schema object the generator kept for
//! it ([`crate::model::Constraints::extra`]).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// Whether a kept schema uses `pattern` or `patternProperties` (the evaluation then needs
/// `regress`).
pub fn mentions_pattern(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| {
            ((key == "pattern" && value.is_string())
                || (key == "patternProperties" && value.is_object()))
                || mentions_pattern(value)
        }),
        Value::Array(items) => items.iter().any(mentions_pattern),
        _ => false,
    }
}

/// `__private::schema(value, &SCHEMA, key)?;` for a value (an `Option<&T>` expression).
pub fn call(value: TokenStream, schema: &Value, key: &str) -> TokenStream {
    let schema = static_ref(schema);
    quote!(__private::schema(#value, #schema, #key)?;)
}

/// `{ static SCHEMA: __private::Schema = ...; &SCHEMA }`: the kept schema, parsed once.
pub fn static_ref(schema: &Value) -> TokenStream {
    let json = schema.to_string();
    quote! {
        {
            static SCHEMA: __private::Schema = __private::Schema::new(#json);
            &SCHEMA
        }
    }
}

/// The evaluator, for the `__private` module; with `patterns`, `pattern` and
/// `patternProperties` are evaluated with `regress` (else they hold).
pub fn items(patterns: bool) -> TokenStream {
    let matches = if patterns {
        quote! {
            ::regress::Regex::with_flags(pattern, "u")
                .or_else(|_| ::regress::Regex::new(pattern))
                .map_or(true, |regex| regex.find(text).is_some())
        }
    } else {
        // No kept schema has a pattern: none is ever asked for.
        quote! {
            let _ = (pattern, text);
            true
        }
    };
    quote! {
        /// A schema (as JSON text) that a value's JSON is checked against, parsed once.
        pub struct Schema {
            json: &'static str,
            parsed: ::std::sync::OnceLock<::serde_json::Value>,
        }

        impl Schema {
            pub const fn new(json: &'static str) -> Self {
                Self { json, parsed: ::std::sync::OnceLock::new() }
            }
        }

        /// Checks the JSON of a present value against the keywords its Rust type does not carry;
        /// the error names the first keyword that fails.
        pub fn schema<T: ::serde::Serialize + ?Sized>(value: Option<&T>, schema: &Schema, key: &str) -> Result<(), ValidationError> {
            let Some(value) = value else {
                return Ok(());
            };
            match ::serde_json::to_value(value) {
                Ok(value) => json(&value, schema, key),
                Err(_) => Ok(()),
            }
        }

        /// Checks JSON as read (unknown keys and all) against kept keywords.
        pub fn json(json: &::serde_json::Value, schema: &Schema, key: &str) -> Result<(), ValidationError> {
            use ::serde_json::Value;
            let schema = schema.parsed.get_or_init(|| ::serde_json::from_str(schema.json).unwrap_or(Value::Bool(true)));
            let Some(map) = schema.as_object() else {
                return Ok(());
            };
            match map.iter().find(|(keyword, rule)| !holds(map, keyword, rule, json)) {
                None => Ok(()),
                Some((keyword, rule)) => Err(ValidationError {
                    path: String::new(),
                    message: format!("breaks `{keyword}`: {rule}"),
                }
                .within(key)),
            }
        }

        /// Whether `value` is valid against `schema` (boolean schemas, and the keywords below;
        /// others, `format` among them, hold).
        fn valid_against(schema: &::serde_json::Value, value: &::serde_json::Value) -> bool {
            match schema {
                ::serde_json::Value::Bool(valid) => *valid,
                ::serde_json::Value::Object(map) => map.iter().all(|(keyword, rule)| holds(map, keyword, rule, value)),
                _ => true,
            }
        }

        fn is_type(name: &str, value: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            match (name, value) {
                ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("object", Value::Object(_)) => true,
                ("array", Value::Array(_)) | ("string", Value::String(_)) | ("number", Value::Number(_)) => true,
                ("integer", Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0),
                _ => false,
            }
        }

        fn count(rule: &::serde_json::Value) -> Option<u64> {
            rule.as_u64().or_else(|| rule.as_f64().filter(|x| *x >= 0.0).map(|x| x as u64))
        }

        fn text_matches(pattern: &str, text: &str) -> bool {
            #matches
        }

        /// Whether one keyword of `map` holds for `value`.
        fn holds(map: &::serde_json::Map<String, ::serde_json::Value>, keyword: &str, rule: &::serde_json::Value, value: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            let all = |rule: &Value, f: &dyn Fn(&Value) -> bool| rule.as_array().is_none_or(|s| s.iter().all(f));
            match keyword {
                "type" => match rule {
                    Value::String(name) => is_type(name, value),
                    Value::Array(names) => names.iter().any(|n| n.as_str().is_some_and(|n| is_type(n, value))),
                    _ => true,
                },
                "enum" => rule.as_array().is_none_or(|values| values.iter().any(|v| same_json(v, value))),
                "const" => same_json(rule, value),
                "not" => !valid_against(rule, value),
                "allOf" => all(rule, &|s| valid_against(s, value)),
                "anyOf" => rule.as_array().is_none_or(|s| s.iter().any(|s| valid_against(s, value))),
                "oneOf" => rule.as_array().is_none_or(|s| s.iter().filter(|s| valid_against(s, value)).count() == 1),
                "if" => match valid_against(rule, value) {
                    true => map.get("then").is_none_or(|s| valid_against(s, value)),
                    false => map.get("else").is_none_or(|s| valid_against(s, value)),
                },
                _ => match value {
                    Value::String(text) => match keyword {
                        "minLength" => count(rule).is_none_or(|n| text.chars().count() as u64 >= n),
                        "maxLength" => count(rule).is_none_or(|n| text.chars().count() as u64 <= n),
                        "pattern" => rule.as_str().is_none_or(|p| text_matches(p, text)),
                        _ => true,
                    },
                    Value::Number(n) => {
                        let Some(x) = n.as_f64() else { return true };
                        let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
                        match (keyword, rule.as_f64()) {
                            ("minimum", Some(m)) => if flag("exclusiveMinimum") { x > m } else { x >= m },
                            ("maximum", Some(m)) => if flag("exclusiveMaximum") { x < m } else { x <= m },
                            ("exclusiveMinimum", Some(m)) => x > m,
                            ("exclusiveMaximum", Some(m)) => x < m,
                            ("multipleOf", Some(m)) if m > 0.0 => {
                                let q = x / m;
                                q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
                            }
                            _ => true,
                        }
                    }
                    Value::Array(items) => match keyword {
                        "items" => match rule {
                            Value::Array(schemas) => items.iter().zip(schemas).all(|(item, s)| valid_against(s, item)),
                            schema => {
                                let skip = map.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len);
                                items.iter().skip(skip).all(|item| valid_against(schema, item))
                            }
                        },
                        "prefixItems" => rule.as_array().is_none_or(|s| items.iter().zip(s).all(|(item, s)| valid_against(s, item))),
                        "additionalItems" => match map.get("items") {
                            Some(Value::Array(schemas)) => items.iter().skip(schemas.len()).all(|item| valid_against(rule, item)),
                            _ => true,
                        },
                        "minItems" => count(rule).is_none_or(|n| items.len() as u64 >= n),
                        "maxItems" => count(rule).is_none_or(|n| items.len() as u64 <= n),
                        "uniqueItems" => rule != &Value::Bool(true)
                            || items.iter().enumerate().all(|(i, a)| items[..i].iter().all(|b| !same_json(a, b))),
                        "contains" => {
                            let found = items.iter().filter(|item| valid_against(rule, item)).count() as u64;
                            let min = map.get("minContains").and_then(count).unwrap_or(1);
                            let max = map.get("maxContains").and_then(count);
                            found >= min && max.is_none_or(|max| found <= max)
                        }
                        _ => true,
                    },
                    Value::Object(object) => match keyword {
                        "properties" => rule.as_object().is_none_or(|schemas| {
                            schemas.iter().all(|(key, s)| object.get(key).is_none_or(|v| valid_against(s, v)))
                        }),
                        "patternProperties" => rule.as_object().is_none_or(|schemas| {
                            schemas.iter().all(|(p, s)| object.iter().all(|(key, v)| !text_matches(p, key) || valid_against(s, v)))
                        }),
                        "additionalProperties" => object.iter().all(|(key, v)| {
                            let named = map.get("properties").and_then(Value::as_object).is_some_and(|p| p.contains_key(key));
                            let patterned = map.get("patternProperties").and_then(Value::as_object)
                                .is_some_and(|p| p.keys().any(|p| text_matches(p, key)));
                            named || patterned || valid_against(rule, v)
                        }),
                        "required" => all(rule, &|key| key.as_str().is_none_or(|key| object.contains_key(key))),
                        "minProperties" => count(rule).is_none_or(|n| object.len() as u64 >= n),
                        "maxProperties" => count(rule).is_none_or(|n| object.len() as u64 <= n),
                        "propertyNames" => object.keys().all(|key| valid_against(rule, &Value::String(key.clone()))),
                        "dependencies" | "dependentRequired" | "dependentSchemas" => rule.as_object().is_none_or(|deps| {
                            deps.iter().all(|(key, dep)| {
                                !object.contains_key(key)
                                    || match dep {
                                        Value::Array(keys) => keys.iter().all(|k| k.as_str().is_none_or(|k| object.contains_key(k))),
                                        schema => valid_against(schema, value),
                                    }
                            })
                        }),
                        _ => true,
                    },
                    _ => true,
                },
            }
        }
    }
}
