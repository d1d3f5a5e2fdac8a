//! Example Usage snippets: Rust code that builds a value of a type from the schema's examples,
//! then the first enum member, then fixed placeholders. Built as a small expression tree and
//! printed as `prettyplease` prints the same code (see [`crate::pretty`]), like the types
//! themselves; the test suite compiles and runs every snippet.

use std::collections::BTreeSet;

use proc_macro2::Literal;
use serde_json::Value;

use crate::checks;
use crate::model::{Field, Model, NumberKind, StringFormat, Tagging, TypeId, TypeKind, TypeRef};
use crate::pretty::{INDENT, Printer};
use crate::validate;

mod print;

use self::print::filled_list;
pub(crate) use self::print::{call_args, expr};

/// How deep snippets build nested values before falling back to defaults.
const MAX_DEPTH: usize = 6;

/// Every snippet of a model, made once (on every core) for both the rustdoc and the pages.
#[derive(Debug, Default)]
pub struct Snippets {
    /// Per type: the snippet of a type that is not a union, or one per alternative of a union.
    of: Vec<Made>,
}

#[derive(Debug)]
enum Made {
    Type(Option<String>),
    Variants(Vec<Option<String>>),
}

impl Snippets {
    /// The snippets of every type of `model`, for doctests that `use crate_name`.
    pub fn of(model: &Model, crate_name: &str) -> Snippets {
        let ids: Vec<TypeId> = (0..model.types.len()).map(TypeId).collect();
        let of = crate::parallel::map(&ids, |&id| match &model.get(id).kind {
            TypeKind::Union(u) => Made::Variants(
                (0..u.variants.len())
                    .map(|i| for_union_variant(model, crate_name, id, i))
                    .collect(),
            ),
            _ => Made::Type(for_type(model, crate_name, id)),
        });
        Snippets { of }
    }

    /// The snippet of a type that is not a union ([`for_type`]).
    pub fn for_type(&self, id: TypeId) -> Option<&str> {
        match self.of.get(id.0) {
            Some(Made::Type(snippet)) => snippet.as_deref(),
            _ => None,
        }
    }

    /// The snippet of an alternative of a union ([`for_union_variant`]).
    pub fn for_union_variant(&self, id: TypeId, variant: usize) -> Option<&str> {
        match self.of.get(id.0) {
            Some(Made::Variants(snippets)) => snippets.get(variant)?.as_deref(),
            _ => None,
        }
    }
}

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
    builder.finish(crate_name, Some(&def.name), &value)
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
    let name = def.name.as_str();
    if v.ty == TypeRef::Null && union.tagging != Tagging::Untagged {
        return builder.finish(crate_name, None, &Expr::Path(Path::new(&[name, &v.name])));
    }
    let mut inner = builder.value(&v.ty, v.docs.examples.first(), "", 0);
    if v.boxed {
        inner = call(&["Box", "new"], inner);
    }
    builder.finish(
        crate_name,
        None,
        &Expr::Call(Path::new(&[name, &v.name]), vec![inner]),
    )
}

/// The snippet `use crate::{...}; let value[: ty] = value;`, printed as prettyplease prints
/// `fn snippet() { ... }`, and then taken out of the function: its body, dedented, with a blank
/// line after the imports.
fn render(
    model: &Model,
    crate_name: &str,
    used: &BTreeSet<TypeId>,
    ty: Option<&str>,
    value: &Expr<'_>,
) -> String {
    let mut names: Vec<&str> = used.iter().map(|id| model.get(*id).name.as_str()).collect();
    names.sort();
    body_of(&print_snippet(crate_name, &names, ty, value))
}

/// `fn snippet() { use crate_name::{names}; let value[: ty] = value; }` as prettyplease
/// prints it.
fn print_snippet(crate_name: &str, names: &[&str], ty: Option<&str>, value: &Expr<'_>) -> String {
    let mut p = Printer::new();
    // `file`, then `item_fn` with an empty signature.
    p.cbox(0);
    p.cbox(INDENT);
    p.word("fn ");
    p.word("snippet");
    p.word("(");
    p.neverbreak();
    p.cbox(0);
    p.zerobreak();
    p.offset(-INDENT);
    p.end();
    p.word(")");
    p.cbox(-INDENT);
    p.end();
    p.nbsp();
    p.word("{");
    p.hardbreak_if_nonempty();
    // `use a::b::{C, D};`
    p.word("use ");
    for segment in crate_name.split("::") {
        p.word(segment);
        p.word("::");
    }
    match names {
        [] => p.word("{}"),
        [one] => p.word(*one),
        _ => filled_list(&mut p, "{", "}", names, |p, name| p.word(*name)),
    }
    p.word(";");
    p.hardbreak();
    // `let value: Ty = ...;`
    p.ibox(0);
    p.word("let ");
    p.word("value");
    if let Some(ty) = ty {
        p.word(": ");
        p.word(ty);
    }
    p.word(" = ");
    p.neverbreak();
    expr(&mut p, value);
    p.end();
    p.word(";");
    p.hardbreak();
    p.offset(-INDENT);
    p.end();
    p.word("}");
    p.hardbreak();
    p.end();
    p.eof()
}

/// The body of `fn snippet`, dedented, with the blank line after the imports (the first
/// statement, one line or, when its names do not fit, several).
fn body_of(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let body = &lines[1..lines.len().saturating_sub(1)];
    let mut out = String::with_capacity(printed.len());
    let mut in_use = true;
    for line in body {
        out.push_str(line.strip_prefix("    ").unwrap_or(line));
        out.push('\n');
        if in_use && line.ends_with(';') {
            out.push('\n');
            in_use = false;
        }
    }
    out
}

/// An expression of a snippet, in the shapes snippets and the written-out serde impls
/// ([`crate::serde_text`]) use. Each prints as prettyplease prints what `syn` parses from the
/// same code; inside a macro (`vec![...]`, `json!(...)`) it prints as the tokens `quote!` makes
/// of it.
pub(crate) enum Expr<'a> {
    /// `a::b::C`
    Path(Path<'a>),
    /// `a::b(args)`
    Call(Path<'a>, Vec<Expr<'a>>),
    /// `receiver.method(args)`
    Method(Box<Expr<'a>>, &'static str, Vec<Expr<'a>>),
    /// `&value`, or `&mut value` when marked.
    Ref(bool, Box<Expr<'a>>),
    /// `value?`
    Try(Box<Expr<'a>>),
    /// The value of a struct literal's field written by its name alone (`Name { value }`).
    Shorthand,
    /// `Name { field: value, ... }`
    Struct(&'a str, Vec<(&'a str, Expr<'a>)>),
    /// A literal, as written.
    Lit(LitKind, String),
    /// `true` or `false`.
    Bool(bool),
    /// `-literal`: a number below zero.
    Neg(String),
    /// `(a, b)`; `trailing` when the tokens have a comma after every element (`(a, b,)`).
    Tuple(Vec<Expr<'a>>, bool),
    /// `[a, b]`
    Array(Vec<Expr<'a>>),
    /// `vec![a, b]`
    Vec(Vec<Expr<'a>>),
    /// `serde_json::json!(value)`
    Json(&'a Value),
    /// `unimplemented!()`
    Unimplemented,
}

/// A path of up to three segments (`serde_json::Value::Null`), kept inline.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    segments: [&'a str; 3],
    len: usize,
}

impl<'a> Path<'a> {
    pub(crate) fn new(segments: &[&'a str]) -> Self {
        let mut inline = [""; 3];
        inline[..segments.len()].copy_from_slice(segments);
        Path {
            segments: inline,
            len: segments.len(),
        }
    }

    fn segments(&self) -> &[&'a str] {
        &self.segments[..self.len]
    }
}

/// What a literal is, as far as printing tells them apart.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum LitKind {
    Int,
    Float,
    Str,
}

/// `path(arg)`
pub(crate) fn call<'a>(path: &[&'a str], arg: Expr<'a>) -> Expr<'a> {
    Expr::Call(Path::new(path), vec![arg])
}

/// `path()`
fn call0<'a>(path: &[&'a str]) -> Expr<'a> {
    Expr::Call(Path::new(path), Vec::new())
}

/// `receiver.method()`
pub(crate) fn method<'a>(receiver: Expr<'a>, name: &'static str) -> Expr<'a> {
    Expr::Method(Box::new(receiver), name, Vec::new())
}

/// A string literal.
pub(crate) fn string(text: &str) -> Expr<'static> {
    Expr::Lit(LitKind::Str, string_literal(text))
}

/// A string literal as `proc_macro2::Literal::string` writes it: characters escaped as by
/// `char::escape_debug`, but `'` as it is and NUL as `\0` (`\x00` before a digit below 8).
fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
    } else {
        let mut chars = text.chars();
        while let Some(ch) = chars.next() {
            if ch == '\0' {
                out.push_str(
                    if chars
                        .as_str()
                        .starts_with(|next| ('0'..='7').contains(&next))
                    {
                        "\\x00"
                    } else {
                        "\\0"
                    },
                );
            } else if ch == '\'' {
                out.push(ch);
            } else {
                out.extend(ch.escape_debug());
            }
        }
    }
    out.push('"');
    out
}

/// The JSON of `Default::default()` of a type, where it is one (`[]`, `0`, `""`, `null`).
fn empty_value(ty: &TypeRef) -> Option<Value> {
    match ty {
        TypeRef::Nullable(_) => Some(Value::Null),
        TypeRef::Array(_) => Some(Value::Array(Vec::new())),
        TypeRef::Map(_) => Some(Value::Object(serde_json::Map::new())),
        TypeRef::Integer(_) | TypeRef::Number(_) => Some(Value::from(0)),
        TypeRef::String(StringFormat::Plain) => Some(Value::String(String::new())),
        TypeRef::Boolean => Some(Value::Bool(false)),
        _ => None,
    }
}

/// `Default::default()`
fn default<'a>() -> Expr<'a> {
    call0(&["Default", "default"])
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

    /// The snippet that binds `value` (of type `ty`, when given), or `None` when a value it
    /// needs cannot exist.
    fn finish(&self, crate_name: &str, ty: Option<&str>, value: &Expr<'_>) -> Option<String> {
        (!self.impossible).then(|| render(self.model, crate_name, &self.used, ty, value))
    }

    fn named(&mut self, id: TypeId, example: Option<&'a Value>, depth: usize) -> Expr<'a> {
        let model = self.model;
        let def = model.get(id);
        // An alias is written as the type it names (with the alias's example, if it has one).
        if let TypeKind::Alias(inner) = &def.kind {
            let fits = |e: &&Value| validate::check(model, inner, false, e).is_ok();
            let example = example.or_else(|| def.docs.examples.iter().find(fits));
            return self.value(inner, example, "", depth + 1);
        }
        self.used.insert(id);
        let name = def.name.as_str();
        if depth > MAX_DEPTH {
            return default();
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                let object = example.and_then(Value::as_object);
                let mut fields: Vec<(&'a str, Expr<'a>)> = s
                    .fields
                    .iter()
                    .map(|field| {
                        let value =
                            self.field_value(field, object.and_then(|o| o.get(&field.key)), depth);
                        (field.name.as_str(), value)
                    })
                    .collect();
                if let Some(additional) = &s.additional {
                    let extra: Vec<(&'a String, &'a Value)> = object
                        .map(|o| {
                            o.iter()
                                .filter(|(k, _)| !s.fields.iter().any(|f| &f.key == *k))
                                .collect()
                        })
                        .unwrap_or_default();
                    let value = if extra.is_empty() {
                        default()
                    } else {
                        self.map_value(&additional.value, extra, depth)
                    };
                    fields.push((additional.name.as_str(), value));
                }
                Expr::Struct(name, fields)
            }
            TypeKind::Enum(e) => {
                let chosen = example.and_then(Value::as_str);
                match chosen
                    .and_then(|s| e.variants.iter().find(|v| v.value == s))
                    .or(e.variants.first())
                {
                    Some(variant) if chosen.is_none_or(|s| s == variant.value || !e.open) => {
                        Expr::Path(Path::new(&[name, &variant.name]))
                    }
                    _ if e.open => {
                        let text = chosen.unwrap_or_default();
                        call(&[name, "Unrecognized"], method(string(text), "to_owned"))
                    }
                    _ => {
                        self.impossible = true;
                        Expr::Path(Path::new(&[name]))
                    }
                }
            }
            TypeKind::Map(inner) => match example.and_then(Value::as_object) {
                Some(object) if !object.is_empty() => {
                    let map = self.map_value(inner, object.iter().collect(), depth);
                    call(&[name], map)
                }
                _ => call0(&[name, "default"]),
            },
            TypeKind::Alias(_) => default(),
            TypeKind::Newtype(inner) if checks::is_checked_newtype(model, def) => {
                // Made with `new`, which checks the rules: only from an example that keeps them.
                let keeps = |e: &&Value| checks::value_keeps(&def.constraints, e);
                match example
                    .filter(keeps)
                    .or_else(|| def.docs.examples.iter().find(keeps))
                {
                    Some(example) => {
                        let inner = self.value(inner, Some(example), "", depth + 1);
                        method(call(&[name, "new"], inner), "unwrap")
                    }
                    None if empty_value(inner)
                        .is_some_and(|empty| checks::value_keeps(&def.constraints, &empty)) =>
                    {
                        method(call(&[name, "new"], default()), "unwrap")
                    }
                    None => {
                        self.impossible = true;
                        Expr::Unimplemented
                    }
                }
            }
            TypeKind::Newtype(inner) => {
                let inner = self.value(inner, example, "", depth + 1);
                call(&[name], inner)
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
                                    .find(|v| validate::check(model, &v.ty, false, e).is_ok())
                            })
                            .or(u.variants.first()),
                        example,
                    ),
                };
                match chosen {
                    Some(variant) if wrapped && variant.ty == TypeRef::Null => {
                        Expr::Path(Path::new(&[name, &variant.name]))
                    }
                    Some(variant) => {
                        let mut inner = self.value(&variant.ty, example, "", depth + 1);
                        if variant.boxed {
                            inner = call(&["Box", "new"], inner);
                        }
                        call(&[name, &variant.name], inner)
                    }
                    None => default(),
                }
            }
        }
    }

    /// A field's value: from the enclosing example, then the field's own valid example, then its
    /// default; optional fields with none of them are `None`.
    fn field_value(
        &mut self,
        field: &'a Field,
        from_parent: Option<&'a Value>,
        depth: usize,
    ) -> Expr<'a> {
        let model = self.model;
        let fits = |v: &&Value| validate::check(model, &field.ty, field.nullable, v).is_ok();
        let example = from_parent
            .filter(fits)
            .or_else(|| field.docs.examples.iter().find(fits))
            .or(field.default.as_ref());
        if field.tri_state && example.is_none_or(Value::is_null) {
            return default();
        }
        if field.is_option() && example.is_none_or(Value::is_null) {
            return Expr::Path(Path::new(&["None"]));
        }
        let mut value = self.value(&field.ty, example, &field.key, depth + 1);
        if field.boxed {
            value = call(&["Box", "new"], value);
        }
        if field.tri_state {
            method(value, "into")
        } else if field.is_option() {
            call(&["Some"], value)
        } else {
            value
        }
    }

    /// A value of `ty`; `key` is the property name, for placeholders such as `"<id>"`.
    fn value(
        &mut self,
        ty: &'a TypeRef,
        example: Option<&'a Value>,
        key: &str,
        depth: usize,
    ) -> Expr<'a> {
        match ty {
            TypeRef::Any => match example {
                Some(value) => Expr::Json(value),
                None => Expr::Path(Path::new(&["serde_json", "Value", "Null"])),
            },
            TypeRef::Null => Expr::Tuple(Vec::new(), false),
            TypeRef::Boolean => Expr::Bool(example.and_then(Value::as_bool).unwrap_or(false)),
            TypeRef::Integer(_) => {
                let literal = match example.and_then(Value::as_i64) {
                    Some(n) => Literal::i64_unsuffixed(n),
                    None => match example.and_then(Value::as_u64) {
                        Some(n) => Literal::u64_unsuffixed(n),
                        None => Literal::i64_unsuffixed(0),
                    },
                };
                number(LitKind::Int, &literal)
            }
            TypeRef::Number(kind) => {
                let n = example
                    .and_then(Value::as_f64)
                    .filter(|n| n.is_finite())
                    .unwrap_or(0.0);
                match kind {
                    NumberKind::F32 => number(LitKind::Float, &Literal::f32_unsuffixed(n as f32)),
                    NumberKind::F64 => number(LitKind::Float, &Literal::f64_unsuffixed(n)),
                }
            }
            TypeRef::String(StringFormat::Custom { .. }) => match example {
                // Any type that deserializes from the string; the example is the one test
                // value known to be valid for it.
                Some(value) => method(
                    call(&["serde_json", "from_value"], Expr::Json(value)),
                    "unwrap",
                ),
                None => {
                    self.impossible = true;
                    Expr::Unimplemented
                }
            },
            TypeRef::String(format) => {
                let literal = match (example.and_then(Value::as_str), format) {
                    (Some(s), _) => string(s),
                    (None, StringFormat::DateTime) => string("2024-01-01T00:00:00Z"),
                    (None, StringFormat::Date) => string("2024-01-01"),
                    (None, StringFormat::Ipv4) => string("192.0.2.1"),
                    (None, StringFormat::Ipv6) => string("2001:db8::1"),
                    (None, StringFormat::Uuid) => string("67e55044-10b1-426f-9247-bb680e5fe0c8"),
                    (None, StringFormat::Plain | StringFormat::Custom { .. }) => {
                        string(placeholder(key))
                    }
                };
                match format {
                    StringFormat::Plain => method(literal, "to_owned"),
                    _ => method(method(literal, "parse"), "unwrap"),
                }
            }
            TypeRef::Tuple(types) => {
                let items = example.and_then(Value::as_array);
                let values = types
                    .iter()
                    .enumerate()
                    .map(|(i, ty)| {
                        self.value(ty, items.and_then(|items| items.get(i)), key, depth + 1)
                    })
                    .collect();
                Expr::Tuple(values, true)
            }
            TypeRef::Array(inner) => match example.and_then(Value::as_array) {
                Some(items) if !items.is_empty() => Expr::Vec(
                    items
                        .iter()
                        .map(|item| self.value(inner, Some(item), key, depth + 1))
                        .collect(),
                ),
                _ => call0(&["Vec", "new"]),
            },
            TypeRef::Map(inner) => match example.and_then(Value::as_object) {
                Some(object) if !object.is_empty() => {
                    self.map_value(inner, object.iter().collect(), depth)
                }
                _ => default(),
            },
            TypeRef::Nullable(inner) => match example {
                None | Some(Value::Null) => Expr::Path(Path::new(&["None"])),
                Some(value) => {
                    let value = self.value(inner, Some(value), key, depth);
                    call(&["Some"], value)
                }
            },
            TypeRef::Named(id) => self.named(*id, example, depth),
        }
    }

    /// `[(key.to_owned(), value), ...].into_iter().collect()`
    fn map_value(
        &mut self,
        inner: &'a TypeRef,
        entries: Vec<(&'a String, &'a Value)>,
        depth: usize,
    ) -> Expr<'a> {
        let entries = entries
            .into_iter()
            .map(|(k, v)| {
                let value = self.value(inner, Some(v), k, depth + 1);
                Expr::Tuple(vec![method(string(k), "to_owned"), value], false)
            })
            .collect();
        method(method(Expr::Array(entries), "into_iter"), "collect")
    }
}

/// The placeholder for a string with no example, as Speakeasy writes them.
fn placeholder(key: &str) -> &'static str {
    // Of all characters only ASCII ones lowercase to `_`, `i` or `d`, so these are the tests
    // `id`, `*_id` and `*Id` of the key in lower case, without making it.
    let ends_with = |suffix: &str| {
        key.len() >= suffix.len()
            && key.is_char_boundary(key.len() - suffix.len())
            && key[key.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    if key.eq_ignore_ascii_case("id") || ends_with("_id") || key.ends_with("Id") {
        "<id>"
    } else {
        "<value>"
    }
}

/// A number literal, with a negative sign apart (as `-` and the literal) so that every printer
/// accepts it.
fn number<'a>(kind: LitKind, literal: &Literal) -> Expr<'a> {
    let text = literal.to_string();
    match text.strip_prefix('-') {
        Some(positive) => Expr::Neg(positive.to_string()),
        None => Expr::Lit(kind, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blank_line_follows_imports_that_break_over_lines() {
        let names = [
            "BranchProtectionConfigurationEnabled",
            "BranchProtectionConfigurationEnabledAction",
            "Repository",
            "User",
        ];
        let value = Expr::Path(Path::new(&["Repository", "Default"]));
        let body = body_of(&print_snippet("x", &names, Some("Repository"), &value));
        assert_eq!(
            body,
            "use x::{\n    BranchProtectionConfigurationEnabled, BranchProtectionConfigurationEnabledAction,\n    Repository, User,\n};\n\nlet value: Repository = Repository::Default;\n"
        );
        let body = body_of(&print_snippet("x", &["User"], None, &value));
        assert_eq!(body, "use x::User;\n\nlet value = Repository::Default;\n");
    }
}
