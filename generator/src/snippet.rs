//! Example Usage snippets: Rust code that builds a value of a type from the schema's examples,
//! then the first enum member, then fixed placeholders. Built with `quote!` and printed by
//! `prettyplease`, like the types themselves; the test suite compiles and runs every snippet.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit_rust::ident;
use crate::model::{Field, Model, NumberKind, StringFormat, Tagging, TypeId, TypeKind, TypeRef};
use crate::validate;

/// How deep snippets build nested values before falling back to defaults.
const MAX_DEPTH: usize = 6;

/// The snippet for a named type: `use` lines and `let value = ...;`, as formatted Rust; `None`
/// when no value of the type can exist (its schema accepts nothing).
pub fn for_type(model: &Model, crate_name: &str, id: TypeId) -> Option<String> {
    let mut builder = Builder::new(model);
    let def = model.get(id);
    let example = def
        .docs
        .examples
        .iter()
        .find(|e| validate::check(model, &TypeRef::Named(id), false, e).is_ok());
    let value = builder.named(id, example, 0);
    builder.used.insert(id);
    let name = ident(&def.name);
    builder.finish(crate_name, quote!(let value: #name = #value;))
}

/// One snippet per alternative of a union: `let value = Union::Variant(...);`; `None` when the
/// alternative cannot hold a value.
pub fn for_union_variant(
    model: &Model,
    crate_name: &str,
    id: TypeId,
    variant: usize,
) -> Option<String> {
    let mut builder = Builder::new(model);
    builder.used.insert(id);
    let def = model.get(id);
    let TypeKind::Union(union) = &def.kind else {
        return None;
    };
    let v = union.variants.get(variant)?;
    let name = ident(&def.name);
    let variant_name = ident(&v.name);
    if v.ty == TypeRef::Null && union.tagging != Tagging::Untagged {
        return builder.finish(crate_name, quote!(let value = #name::#variant_name;));
    }
    let mut inner = builder.value(&v.ty, v.docs.examples.first(), "", 0);
    if v.boxed {
        inner = quote!(Box::new(#inner));
    }
    builder.finish(
        crate_name,
        quote!(let value = #name::#variant_name(#inner);),
    )
}

fn render(
    model: &Model,
    crate_name: &str,
    used: &BTreeSet<TypeId>,
    statement: TokenStream,
) -> String {
    let crate_path = crate_name.split("::").map(ident);
    let mut names: Vec<_> = used.iter().map(|id| model.get(*id).name.clone()).collect();
    names.sort();
    let imports = names.iter().map(|n| ident(n));
    let tokens = quote! {
        fn snippet() {
            use #(#crate_path)::*::{#(#imports),*};

            #statement
        }
    };
    let file: syn::File = match syn::parse2(tokens) {
        Ok(file) => file,
        Err(_) => return String::new(),
    };
    let printed = prettyplease::unparse(&file);
    // Keep the body of `fn snippet`, dedented, with the blank line after the imports.
    let lines: Vec<&str> = printed.lines().collect();
    let body = &lines[1..lines.len().saturating_sub(1)];
    let mut out = String::new();
    for (i, line) in body.iter().enumerate() {
        out.push_str(line.strip_prefix("    ").unwrap_or(line));
        out.push('\n');
        if i == 0 {
            out.push('\n');
        }
    }
    out
}

struct Builder<'a> {
    model: &'a Model,
    used: BTreeSet<TypeId>,
    /// A value was needed of a type that has none (an enum without values), or that the
    /// snippet cannot build without an example (a type the user chose for a format).
    impossible: bool,
}

impl<'a> Builder<'a> {
    fn new(model: &'a Model) -> Self {
        Builder {
            model,
            used: BTreeSet::new(),
            impossible: false,
        }
    }

    /// The snippet around `statement`, or `None` when a value it needs cannot exist.
    fn finish(&self, crate_name: &str, statement: TokenStream) -> Option<String> {
        (!self.impossible).then(|| render(self.model, crate_name, &self.used, statement))
    }

    fn named(&mut self, id: TypeId, example: Option<&Value>, depth: usize) -> TokenStream {
        let def = self.model.get(id);
        // An alias is written as the type it names (with the alias's example, if it has one).
        if let TypeKind::Alias(inner) = &def.kind {
            let model = self.model;
            let fits = |e: &&Value| validate::check(model, inner, false, e).is_ok();
            let example = example.or_else(|| def.docs.examples.iter().find(fits));
            return self.value(inner, example, "", depth + 1);
        }
        self.used.insert(id);
        let name = ident(&def.name);
        if depth > MAX_DEPTH {
            return quote!(Default::default());
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                let object = example.and_then(Value::as_object);
                let fields: Vec<TokenStream> = s
                    .fields
                    .iter()
                    .map(|field| {
                        let field_name = ident(&field.name);
                        let value =
                            self.field_value(field, object.and_then(|o| o.get(&field.key)), depth);
                        quote!(#field_name: #value,)
                    })
                    .collect();
                let additional = s.additional.as_ref().map(|additional| {
                    let field_name = ident(&additional.name);
                    let extra: serde_json::Map<String, Value> = object
                        .map(|o| {
                            o.iter()
                                .filter(|(k, _)| !s.fields.iter().any(|f| &f.key == *k))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect()
                        })
                        .unwrap_or_default();
                    let value = if extra.is_empty() {
                        quote!(Default::default())
                    } else {
                        self.map_value(&additional.value, &extra, depth)
                    };
                    quote!(#field_name: #value,)
                });
                quote!(#name { #(#fields)* #additional })
            }
            TypeKind::Enum(e) => {
                let chosen = example.and_then(Value::as_str);
                match chosen
                    .and_then(|s| e.variants.iter().find(|v| v.value == s))
                    .or(e.variants.first())
                {
                    Some(variant) if chosen.is_none_or(|s| s == variant.value || !e.open) => {
                        let variant = ident(&variant.name);
                        quote!(#name::#variant)
                    }
                    _ if e.open => {
                        let text = chosen.unwrap_or_default();
                        quote!(#name::Unrecognized(#text.to_owned()))
                    }
                    _ => {
                        self.impossible = true;
                        quote!(#name)
                    }
                }
            }
            TypeKind::Map(inner) => match example.and_then(Value::as_object) {
                Some(object) if !object.is_empty() => {
                    let map = self.map_value(inner, object, depth);
                    quote!(#name(#map))
                }
                _ => quote!(#name::default()),
            },
            TypeKind::Alias(_) => quote!(Default::default()),
            TypeKind::Newtype(inner) => {
                let inner = self.value(inner, example, "", depth + 1);
                quote!(#name(#inner))
            }
            TypeKind::Union(u) => {
                let wrapped = matches!(u.tagging, Tagging::External | Tagging::Adjacent { .. });
                let (chosen, example) = match example {
                    Some(e) if wrapped => match validate::tagged_choice(u, e) {
                        Ok((index, inner)) => (u.variants.get(index), inner),
                        Err(_) => (u.variants.first(), None),
                    },
                    _ => (
                        example
                            .and_then(|e| {
                                u.variants
                                    .iter()
                                    .find(|v| validate::check(self.model, &v.ty, false, e).is_ok())
                            })
                            .or(u.variants.first()),
                        example,
                    ),
                };
                match chosen {
                    Some(variant) if wrapped && variant.ty == TypeRef::Null => {
                        let variant = ident(&variant.name);
                        quote!(#name::#variant)
                    }
                    Some(variant) => {
                        let mut inner = self.value(&variant.ty, example, "", depth + 1);
                        if variant.boxed {
                            inner = quote!(Box::new(#inner));
                        }
                        let variant = ident(&variant.name);
                        quote!(#name::#variant(#inner))
                    }
                    None => quote!(Default::default()),
                }
            }
        }
    }

    /// A field's value: from the enclosing example, then the field's own valid example, then its
    /// default; optional fields with none of them are `None`.
    fn field_value(
        &mut self,
        field: &Field,
        from_parent: Option<&Value>,
        depth: usize,
    ) -> TokenStream {
        let fits = |v: &&Value| validate::check(self.model, &field.ty, field.nullable, v).is_ok();
        let example = from_parent
            .filter(fits)
            .or_else(|| field.docs.examples.iter().find(fits))
            .or(field.default.as_ref());
        if field.is_option() && example.is_none_or(Value::is_null) {
            return quote!(None);
        }
        let mut value = self.value(&field.ty, example, &field.key, depth + 1);
        if field.boxed {
            value = quote!(Box::new(#value));
        }
        if field.is_option() {
            quote!(Some(#value))
        } else {
            value
        }
    }

    /// A value of `ty`; `key` is the property name, for placeholders such as `"<id>"`.
    fn value(
        &mut self,
        ty: &TypeRef,
        example: Option<&Value>,
        key: &str,
        depth: usize,
    ) -> TokenStream {
        match ty {
            TypeRef::Any => match example {
                Some(value) => {
                    let json = json_tokens(value);
                    quote!(serde_json::json!(#json))
                }
                None => quote!(serde_json::Value::Null),
            },
            TypeRef::Null => quote!(()),
            TypeRef::Boolean => {
                let b = example.and_then(Value::as_bool).unwrap_or(false);
                quote!(#b)
            }
            TypeRef::Integer(_) => {
                let literal = match example.and_then(Value::as_i64) {
                    Some(n) => Literal::i64_unsuffixed(n),
                    None => match example.and_then(Value::as_u64) {
                        Some(n) => Literal::u64_unsuffixed(n),
                        None => Literal::i64_unsuffixed(0),
                    },
                };
                literal_tokens(literal)
            }
            TypeRef::Number(kind) => {
                let n = example
                    .and_then(Value::as_f64)
                    .filter(|n| n.is_finite())
                    .unwrap_or(0.0);
                match kind {
                    NumberKind::F32 => literal_tokens(Literal::f32_unsuffixed(n as f32)),
                    NumberKind::F64 => literal_tokens(Literal::f64_unsuffixed(n)),
                }
            }
            TypeRef::String(StringFormat::Custom { .. }) => match example {
                // Any type that deserializes from the string; the example is the one test
                // value known to be valid for it.
                Some(value) => {
                    let json = json_tokens(value);
                    quote!(serde_json::from_value(serde_json::json!(#json)).unwrap())
                }
                None => {
                    self.impossible = true;
                    quote!(unimplemented!())
                }
            },
            TypeRef::String(format) => {
                let text = match (example.and_then(Value::as_str), format) {
                    (Some(s), _) => s.to_string(),
                    (None, StringFormat::DateTime) => "2024-01-01T00:00:00Z".to_string(),
                    (None, StringFormat::Date) => "2024-01-01".to_string(),
                    (None, StringFormat::Ipv4) => "192.0.2.1".to_string(),
                    (None, StringFormat::Ipv6) => "2001:db8::1".to_string(),
                    (None, StringFormat::Uuid) => {
                        "67e55044-10b1-426f-9247-bb680e5fe0c8".to_string()
                    }
                    (None, StringFormat::Plain | StringFormat::Custom { .. }) => {
                        placeholder(key).to_string()
                    }
                };
                match format {
                    StringFormat::Plain => quote!(#text.to_owned()),
                    _ => quote!(#text.parse().unwrap()),
                }
            }
            TypeRef::Tuple(types) => {
                let items = example.and_then(Value::as_array);
                let values: Vec<TokenStream> = types
                    .iter()
                    .enumerate()
                    .map(|(i, ty)| {
                        self.value(ty, items.and_then(|items| items.get(i)), key, depth + 1)
                    })
                    .collect();
                quote!((#(#values,)*))
            }
            TypeRef::Array(inner) => match example.and_then(Value::as_array) {
                Some(items) if !items.is_empty() => {
                    let items = items
                        .iter()
                        .map(|item| self.value(inner, Some(item), key, depth + 1));
                    quote!(vec![#(#items),*])
                }
                _ => quote!(Vec::new()),
            },
            TypeRef::Map(inner) => match example.and_then(Value::as_object) {
                Some(object) if !object.is_empty() => self.map_value(inner, object, depth),
                _ => quote!(Default::default()),
            },
            TypeRef::Nullable(inner) => match example {
                None | Some(Value::Null) => quote!(None),
                Some(value) => {
                    let value = self.value(inner, Some(value), key, depth);
                    quote!(Some(#value))
                }
            },
            TypeRef::Named(id) => self.named(*id, example, depth),
        }
    }

    fn map_value(
        &mut self,
        inner: &TypeRef,
        object: &serde_json::Map<String, Value>,
        depth: usize,
    ) -> TokenStream {
        let entries = object.iter().map(|(k, v)| {
            let value = self.value(inner, Some(v), k, depth + 1);
            quote!((#k.to_owned(), #value))
        });
        quote!([#(#entries),*].into_iter().collect())
    }
}

/// The placeholder for a string with no example, as Speakeasy writes them.
fn placeholder(key: &str) -> &'static str {
    let lower = key.to_lowercase();
    if lower == "id" || lower.ends_with("_id") || lower.ends_with("id") && key.ends_with("Id") {
        "<id>"
    } else {
        "<value>"
    }
}

/// A literal, with a negative sign as a separate token so that every printer accepts it.
fn literal_tokens(literal: Literal) -> TokenStream {
    let text = literal.to_string();
    match text.strip_prefix('-') {
        Some(positive) => {
            let positive: TokenStream = positive.parse().unwrap_or_default();
            quote!(-#positive)
        }
        None => quote!(#literal),
    }
}

/// JSON as the tokens of a `serde_json::json!` invocation.
fn json_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                literal_tokens(Literal::i64_unsuffixed(i))
            } else if let Some(u) = n.as_u64() {
                literal_tokens(Literal::u64_unsuffixed(u))
            } else {
                literal_tokens(Literal::f64_unsuffixed(
                    n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0),
                ))
            }
        }
        Value::String(s) => quote!(#s),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json_tokens(v);
                quote!(#k: #v)
            });
            quote!({#(#entries),*})
        }
    }
}
