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

/// The evaluator, for the `__private` module, with the table of the schemas kept keywords reach
/// through `$ref` ([`crate::model::Model::schemas`]); with `patterns`, `pattern` and
/// `patternProperties` are evaluated with `regress` (else they hold).
pub fn items(patterns: bool, table: &[Value]) -> TokenStream {
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
    let count = table.len();
    let table = table.iter().map(|schema| {
        let json = schema.to_string();
        quote!(Schema::new(#json))
    });
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

            fn get(&self) -> &::serde_json::Value {
                self.parsed.get_or_init(|| ::serde_json::from_str(self.json).unwrap_or(::serde_json::Value::Bool(true)))
            }
        }

        /// The schemas kept keywords refer to: `{"$ref": 3}` is the fourth.
        static SCHEMAS: [Schema; #count] = [#(#table),*];

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
            let schema = schema.get();
            let Some(map) = schema.as_object() else {
                return Ok(());
            };
            let mut seen = Seen::default();
            let failed = map
                .iter()
                .filter(|(keyword, _)| !keyword.starts_with("unevaluated"))
                .chain(map.iter().filter(|(keyword, _)| keyword.starts_with("unevaluated")))
                .find(|(keyword, rule)| !holds(map, keyword, rule, json, &mut seen, 0));
            let Some((keyword, rule)) = failed else {
                return Ok(());
            };
            // Under `properties`, the error names the key whose value breaks its schema.
            let object = json.as_object();
            let property = match (keyword.as_str(), rule, object) {
                ("properties", ::serde_json::Value::Object(schemas), Some(object)) => schemas
                    .iter()
                    .find(|(name, s)| object.get(*name).is_some_and(|v| !valid_against(s, v, 0))),
                _ => None,
            };
            let error = match property {
                Some((name, rule)) => ValidationError { path: String::new(), message: format!("breaks its schema: {}", shown_rule(rule)) }.within(name),
                None => ValidationError { path: String::new(), message: format!("breaks `{keyword}`: {}", shown_rule(rule)) },
            };
            Err(error.within(key))
        }

        /// A rule as a message shows it: its JSON, cut short.
        fn shown_rule(rule: &::serde_json::Value) -> String {
            let text = rule.to_string();
            match text.char_indices().nth(160) {
                Some((end, _)) => format!("{}...", &text[..end]),
                None => text,
            }
        }

        /// What the keywords that held evaluated (the annotations `unevaluatedProperties` and
        /// `unevaluatedItems` read): keys, items before `items`, and single items.
        #[derive(Default)]
        struct Seen {
            keys: ::std::collections::BTreeSet<::std::string::String>,
            prefix: usize,
            items: ::std::collections::BTreeSet<usize>,
        }

        impl Seen {
            fn add(&mut self, other: Seen) {
                self.keys.extend(other.keys);
                self.prefix = self.prefix.max(other.prefix);
                self.items.extend(other.items);
            }

            fn has_item(&self, index: usize) -> bool {
                index < self.prefix || self.items.contains(&index)
            }
        }

        /// Deeper than this, a schema that refers to itself without going into the value is
        /// taken to hold.
        const DEPTH: usize = 256;

        /// Whether `value` is valid against `schema` (boolean schemas, and the keywords below;
        /// others, `format` among them, hold); what it evaluated goes to `seen` when it is.
        fn valid_in(schema: &::serde_json::Value, value: &::serde_json::Value, seen: &mut Seen, depth: usize) -> bool {
            match schema {
                ::serde_json::Value::Bool(valid) => *valid,
                ::serde_json::Value::Object(map) if depth < DEPTH => {
                    let mut own = Seen::default();
                    let valid = map
                        .iter()
                        .filter(|(keyword, _)| !keyword.starts_with("unevaluated"))
                        .chain(map.iter().filter(|(keyword, _)| keyword.starts_with("unevaluated")))
                        .all(|(keyword, rule)| holds(map, keyword, rule, value, &mut own, depth + 1));
                    if valid {
                        seen.add(own);
                    }
                    valid
                }
                _ => true,
            }
        }

        fn valid_against(schema: &::serde_json::Value, value: &::serde_json::Value, depth: usize) -> bool {
            valid_in(schema, value, &mut Seen::default(), depth)
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

        /// Whether one keyword of `map` holds for `value`; what it evaluated goes to `seen`.
        fn holds(map: &::serde_json::Map<String, ::serde_json::Value>, keyword: &str, rule: &::serde_json::Value, value: &::serde_json::Value, seen: &mut Seen, depth: usize) -> bool {
            use ::serde_json::Value;
            match keyword {
                "$ref" => rule
                    .as_u64()
                    .and_then(|index| SCHEMAS.get(index as usize))
                    .is_none_or(|schema| valid_in(schema.get(), value, seen, depth)),
                "type" => match rule {
                    Value::String(name) => is_type(name, value),
                    Value::Array(names) => names.iter().any(|n| n.as_str().is_some_and(|n| is_type(n, value))),
                    _ => true,
                },
                "enum" => rule.as_array().is_none_or(|values| values.iter().any(|v| same_json(v, value))),
                "const" => same_json(rule, value),
                "not" => !valid_against(rule, value, depth),
                "allOf" => rule.as_array().is_none_or(|s| s.iter().all(|s| valid_in(s, value, seen, depth))),
                // Every branch is tried: the annotations of all that hold count.
                "anyOf" => rule.as_array().is_none_or(|s| s.iter().filter(|s| valid_in(s, value, seen, depth)).count() > 0),
                "oneOf" => rule.as_array().is_none_or(|s| {
                    let mut own = Seen::default();
                    let valid = s.iter().filter(|s| valid_in(s, value, &mut own, depth)).count() == 1;
                    if valid {
                        seen.add(own);
                    }
                    valid
                }),
                "if" => match valid_in(rule, value, seen, depth) {
                    true => map.get("then").is_none_or(|s| valid_in(s, value, seen, depth)),
                    false => map.get("else").is_none_or(|s| valid_in(s, value, seen, depth)),
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
                    Value::Array(items) => array_holds(map, keyword, rule, items, seen, depth),
                    Value::Object(object) => object_holds(map, keyword, rule, value, object, seen, depth),
                    _ => true,
                },
            }
        }

        /// The keywords of arrays.
        fn array_holds(map: &::serde_json::Map<String, ::serde_json::Value>, keyword: &str, rule: &::serde_json::Value, items: &[::serde_json::Value], seen: &mut Seen, depth: usize) -> bool {
            use ::serde_json::Value;
            let from = |start: usize, seen: &mut Seen| {
                let valid = items.iter().skip(start).all(|item| valid_against(rule, item, depth));
                if valid {
                    seen.prefix = usize::MAX;
                }
                valid
            };
            let tuple = |schemas: &[Value], seen: &mut Seen| {
                let valid = items.iter().zip(schemas).all(|(item, s)| valid_against(s, item, depth));
                if valid {
                    seen.prefix = seen.prefix.max(schemas.len());
                }
                valid
            };
            match keyword {
                "items" => match rule {
                    Value::Array(schemas) => tuple(schemas, seen),
                    _ => from(map.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len), seen),
                },
                "prefixItems" => rule.as_array().is_none_or(|s| tuple(s, seen)),
                "additionalItems" => match map.get("items") {
                    Some(Value::Array(schemas)) => from(schemas.len(), seen),
                    _ => true,
                },
                "unevaluatedItems" => {
                    let valid = items.iter().enumerate().all(|(i, item)| seen.has_item(i) || valid_against(rule, item, depth));
                    if valid {
                        seen.prefix = usize::MAX;
                    }
                    valid
                }
                "minItems" => count(rule).is_none_or(|n| items.len() as u64 >= n),
                "maxItems" => count(rule).is_none_or(|n| items.len() as u64 <= n),
                "uniqueItems" => rule != &Value::Bool(true)
                    || items.iter().enumerate().all(|(i, a)| items[..i].iter().all(|b| !same_json(a, b))),
                "contains" => {
                    let found: Vec<usize> = (0..items.len()).filter(|&i| valid_against(rule, &items[i], depth)).collect();
                    let min = map.get("minContains").and_then(count).unwrap_or(1);
                    let max = map.get("maxContains").and_then(count);
                    let valid = found.len() as u64 >= min && max.is_none_or(|max| found.len() as u64 <= max);
                    if valid {
                        seen.items.extend(found);
                    }
                    valid
                }
                _ => true,
            }
        }

        /// The keywords of objects.
        fn object_holds(map: &::serde_json::Map<String, ::serde_json::Value>, keyword: &str, rule: &::serde_json::Value, value: &::serde_json::Value, object: &::serde_json::Map<String, ::serde_json::Value>, seen: &mut Seen, depth: usize) -> bool {
            use ::serde_json::Value;
            let evaluated = |keys: Vec<&String>, seen: &mut Seen| seen.keys.extend(keys.into_iter().cloned());
            match keyword {
                "properties" => rule.as_object().is_none_or(|schemas| {
                    let keys: Vec<&String> = object.keys().filter(|key| schemas.contains_key(*key)).collect();
                    let valid = keys.iter().all(|key| valid_against(&schemas[key.as_str()], &object[key.as_str()], depth));
                    evaluated(keys, seen);
                    valid
                }),
                "patternProperties" => rule.as_object().is_none_or(|schemas| {
                    let mut keys = Vec::new();
                    let valid = schemas.iter().all(|(p, s)| {
                        object.iter().filter(|(key, _)| text_matches(p, key)).all(|(key, v)| {
                            keys.push(key);
                            valid_against(s, v, depth)
                        })
                    });
                    evaluated(keys, seen);
                    valid
                }),
                "additionalProperties" => {
                    let keys: Vec<&String> = object.keys().filter(|key| {
                        let named = map.get("properties").and_then(Value::as_object).is_some_and(|p| p.contains_key(*key));
                        let patterned = map.get("patternProperties").and_then(Value::as_object)
                            .is_some_and(|p| p.keys().any(|p| text_matches(p, key)));
                        !named && !patterned
                    }).collect();
                    let valid = keys.iter().all(|key| valid_against(rule, &object[key.as_str()], depth));
                    evaluated(keys, seen);
                    valid
                }
                "unevaluatedProperties" => {
                    let keys: Vec<&String> = object.keys().filter(|key| !seen.keys.contains(*key)).collect();
                    let valid = keys.iter().all(|key| valid_against(rule, &object[key.as_str()], depth));
                    evaluated(keys, seen);
                    valid
                }
                "required" => rule.as_array().is_none_or(|keys| keys.iter().all(|key| key.as_str().is_none_or(|key| object.contains_key(key)))),
                "minProperties" => count(rule).is_none_or(|n| object.len() as u64 >= n),
                "maxProperties" => count(rule).is_none_or(|n| object.len() as u64 <= n),
                "propertyNames" => object.keys().all(|key| valid_against(rule, &Value::String(key.clone()), depth)),
                "dependencies" | "dependentRequired" | "dependentSchemas" => rule.as_object().is_none_or(|deps| {
                    deps.iter().all(|(key, dep)| {
                        !object.contains_key(key)
                            || match dep {
                                Value::Array(keys) => keys.iter().all(|k| k.as_str().is_none_or(|k| object.contains_key(k))),
                                schema => valid_in(schema, value, seen, depth),
                            }
                    })
                }),
                _ => true,
            }
        }
    }
}
