//! Example Usage snippets: Rust code that builds a value of a type from the schema's examples,
//! then the first enum member, then fixed placeholders. Built as a small expression tree and
//! printed as `prettyplease` prints the same code (see [`crate::pretty`]), like the types
//! themselves; the test suite compiles and runs every snippet.

use std::borrow::Cow;
use std::collections::BTreeSet;

use proc_macro2::Literal;
use serde_json::Value;

use crate::model::{Field, Model, NumberKind, StringFormat, Tagging, TypeId, TypeKind, TypeRef};
use crate::pretty::{BreakToken, INDENT, Printer};
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
/// line after the first line.
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

/// The body of `fn snippet`, dedented, with the blank line after the imports.
fn body_of(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let body = &lines[1..lines.len().saturating_sub(1)];
    let mut out = String::with_capacity(printed.len());
    for (i, line) in body.iter().enumerate() {
        out.push_str(line.strip_prefix("    ").unwrap_or(line));
        out.push('\n');
        if i == 0 {
            out.push('\n');
        }
    }
    out
}

/// An expression of a snippet, in the shapes snippets use. Each prints as prettyplease prints
/// what `syn` parses from the same code; inside a macro (`vec![...]`, `json!(...)`) it prints
/// as the tokens `quote!` makes of it.
enum Expr<'a> {
    /// `a::b::C`
    Path(Path<'a>),
    /// `a::b(args)`
    Call(Path<'a>, Vec<Expr<'a>>),
    /// `receiver.method()`
    Method(Box<Expr<'a>>, &'static str),
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
struct Path<'a> {
    segments: [&'a str; 3],
    len: usize,
}

impl<'a> Path<'a> {
    fn new(segments: &[&'a str]) -> Self {
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
enum LitKind {
    Int,
    Float,
    Str,
}

/// `path(arg)`
fn call<'a>(path: &[&'a str], arg: Expr<'a>) -> Expr<'a> {
    Expr::Call(Path::new(path), vec![arg])
}

/// `path()`
fn call0<'a>(path: &[&'a str]) -> Expr<'a> {
    Expr::Call(Path::new(path), Vec::new())
}

/// `receiver.method()`
fn method<'a>(receiver: Expr<'a>, name: &'static str) -> Expr<'a> {
    Expr::Method(Box::new(receiver), name)
}

/// A string literal.
fn string(text: &str) -> Expr<'static> {
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
        if field.is_option() && example.is_none_or(Value::is_null) {
            return Expr::Path(Path::new(&["None"]));
        }
        let mut value = self.value(&field.ty, example, &field.key, depth + 1);
        if field.boxed {
            value = call(&["Box", "new"], value);
        }
        if field.is_option() {
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

// Printing an expression: the calls prettyplease's `expr` module makes for each kind.

fn expr<'p>(p: &mut Printer<'p>, e: &'p Expr<'p>) {
    match e {
        Expr::Path(segments) => path(p, segments.segments()),
        Expr::Call(func, args) => {
            path(p, func.segments());
            p.word("(");
            call_args(p, args);
            p.word(")");
        }
        Expr::Method(..) => {
            p.cbox(INDENT);
            method_call(p, e);
            p.end();
        }
        Expr::Struct(name, fields) => {
            p.cbox(INDENT);
            p.ibox(-INDENT);
            p.word(*name);
            p.end();
            p.word(" {");
            p.space_if_nonempty();
            for (i, (field, value)) in fields.iter().enumerate() {
                p.word(*field);
                p.word(": ");
                p.ibox(0);
                expr(p, value);
                p.end();
                p.trailing_comma_or_space(i + 1 == fields.len());
            }
            p.offset(-INDENT);
            p.end_with_max_width(34);
            p.word("}");
        }
        Expr::Lit(_, text) => p.word(text.as_str()),
        Expr::Bool(b) => p.word(if *b { "true" } else { "false" }),
        Expr::Neg(text) => {
            p.word("-");
            p.word(text.as_str());
        }
        Expr::Tuple(elems, _) => {
            p.word("(");
            p.cbox(INDENT);
            p.zerobreak();
            for (i, elem) in elems.iter().enumerate() {
                expr(p, elem);
                if elems.len() == 1 {
                    p.word(",");
                    p.zerobreak();
                } else {
                    p.trailing_comma(i + 1 == elems.len());
                }
            }
            p.offset(-INDENT);
            p.end();
            p.word(")");
        }
        Expr::Array(elems) => array(p, elems),
        Expr::Vec(items) => {
            p.word("vec");
            p.word("!");
            macro_body(p, "[", "]", !items.is_empty(), |p, st| {
                comma_separated(p, st, items)
            });
        }
        Expr::Json(value) => {
            path(p, &["serde_json", "json"]);
            p.word("!");
            macro_body(p, "(", ")", true, |p, st| json_tokens(p, st, value));
        }
        Expr::Unimplemented => {
            p.word("unimplemented");
            p.word("!");
            p.word("(");
            p.word(")");
        }
    }
}

fn path<'p>(p: &mut Printer<'p>, segments: &[&'p str]) {
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            p.word("::");
        }
        p.word(*segment);
    }
}

/// prettyplease's `expr_array`.
fn array<'p>(p: &mut Printer<'p>, elems: &'p [Expr<'p>]) {
    if elems.is_empty() {
        p.word("[]");
    } else if elems
        .iter()
        .all(|e| matches!(e, Expr::Lit(LitKind::Int, _) | Expr::Bool(_)))
    {
        filled_list(p, "[", "]", elems, |p, elem| expr(p, elem));
    } else {
        p.word("[");
        consistent_list(p, elems);
        p.word("]");
    }
}

/// Items that all break or none, one a line with a trailing comma when they do, as
/// prettyplease prints the arguments of a call and the items of an array.
fn consistent_list<'p>(p: &mut Printer<'p>, items: &'p [Expr<'p>]) {
    p.cbox(INDENT);
    p.zerobreak();
    for (i, item) in items.iter().enumerate() {
        expr(p, item);
        p.trailing_comma(i + 1 == items.len());
    }
    p.offset(-INDENT);
    p.end();
}

/// A list that fills its lines before it breaks them, as prettyplease prints the names of a
/// `use` group and arrays of numbers: `{a, b, c}`, or its items over several lines with a
/// trailing comma.
fn filled_list<'p, 'i, T>(
    p: &mut Printer<'p>,
    open: &'static str,
    close: &'static str,
    items: &'i [T],
    item: impl Fn(&mut Printer<'p>, &'i T),
) {
    p.cbox(INDENT);
    p.word(open);
    p.zerobreak();
    p.ibox(0);
    for (i, it) in items.iter().enumerate() {
        item(p, it);
        if i + 1 < items.len() {
            p.word(",");
            p.space();
        }
    }
    p.end();
    p.trailing_comma(true);
    p.offset(-INDENT);
    p.word(close);
    p.end();
}

/// prettyplease's `call_args`: a single block-like argument (a struct, tuple or array) hugs
/// the parentheses.
fn call_args<'p>(p: &mut Printer<'p>, args: &'p [Expr<'p>]) {
    match args {
        [arg @ (Expr::Struct(..) | Expr::Tuple(..) | Expr::Array(_))] => expr(p, arg),
        _ => consistent_list(p, args),
    }
}

/// prettyplease's `prefix_subexpr_method_call`: the receiver, a break, `.method()`.
fn method_call<'p>(p: &mut Printer<'p>, e: &'p Expr<'p>) {
    let Expr::Method(receiver, name) = e else {
        return;
    };
    prefix_subexpr(p, receiver);
    let no_break = p.ends_with('.').then_some(' ');
    p.scan_break(BreakToken {
        no_break,
        ..BreakToken::default()
    });
    p.word(".");
    p.word(*name);
    p.cbox(0);
    p.word("(");
    call_args(p, &[]);
    p.word(")");
    p.end();
}

/// prettyplease's `prefix_subexpr`: the receiver of a method call.
fn prefix_subexpr<'p>(p: &mut Printer<'p>, e: &'p Expr<'p>) {
    match e {
        Expr::Call(func, args) => {
            p.cbox(-INDENT);
            path(p, func.segments());
            p.end();
            p.word("(");
            call_args(p, args);
            p.word(")");
        }
        Expr::Method(..) => method_call(p, e),
        _ => {
            p.cbox(-INDENT);
            expr(p, e);
            p.end();
        }
    }
}

/// prettyplease's `mac` for a macro with these delimiters, whose tokens `body` prints.
fn macro_body<'p>(
    p: &mut Printer<'p>,
    open: &'static str,
    close: &'static str,
    nonempty: bool,
    body: impl FnOnce(&mut Printer<'p>, &mut TokenState),
) {
    p.word(open);
    if nonempty {
        p.cbox(INDENT);
        p.zerobreak();
        p.ibox(0);
        body(p, &mut TokenState::new());
        p.end();
        p.zerobreak();
        p.offset(-INDENT);
        p.end();
    }
    p.word(close);
}

// Printing tokens inside a macro: prettyplease's `macro_rules_tokens`, which puts spaces and
// breaks between tokens by what they are, fed the tokens `quote!` makes of each expression.

/// Where the token printer is, as far as snippets' tokens reach its states.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Start,
    Dot,
    Colon,
    Colon2,
    Ident,
    IdentBang,
    Delim,
    Other,
}

struct TokenState {
    state: State,
    previous_is_joint: bool,
}

/// A token, groups aside.
enum Token<'t> {
    Ident(&'t str),
    /// A punctuation character; `true` when joint with the next (`:` of `::`).
    Punct(char, bool),
    Literal(Cow<'t, str>),
}

#[derive(Clone, Copy, PartialEq)]
enum Delimiter {
    Parenthesis,
    Bracket,
    Brace,
}

impl TokenState {
    fn new() -> Self {
        TokenState {
            state: State::Start,
            previous_is_joint: true,
        }
    }

    /// The space or break before a token, then the token.
    fn token<'p>(&mut self, p: &mut Printer<'p>, token: Token<'p>) {
        let state = self.state;
        let (needs_space, next) = match &token {
            Token::Ident(ident) if !is_keyword(ident) => {
                (state != State::Dot && state != State::Colon2, State::Ident)
            }
            Token::Literal(lit) if lit.ends_with('.') => (state != State::Dot, State::Other),
            Token::Literal(_) => (state != State::Dot, State::Ident),
            Token::Punct('!', false) if state == State::Ident => (false, State::IdentBang),
            Token::Punct(':', _) if state == State::Colon => (false, State::Colon2),
            Token::Punct(',' | ';', _) => (false, State::Other),
            Token::Punct('.', _) => (state != State::Ident && state != State::Delim, State::Dot),
            Token::Punct(':', true) => (state != State::Ident, State::Colon),
            Token::Ident(_) | Token::Punct(..) => (true, State::Other),
        };
        if !self.previous_is_joint {
            if needs_space {
                p.space();
            } else if let Token::Punct('.', _) = token {
                p.zerobreak();
            }
        }
        self.previous_is_joint = matches!(token, Token::Punct(_, true));
        match token {
            Token::Ident(text) => p.word(text),
            Token::Literal(text) => p.word(text),
            Token::Punct(ch, _) => p.word(punct(ch)),
        }
        self.state = next;
    }

    /// A group: the space or break before it, its delimiters, and `contents` (printed with a
    /// state of their own) unless it is empty.
    fn group<'p>(
        &mut self,
        p: &mut Printer<'p>,
        delimiter: Delimiter,
        nonempty: bool,
        contents: impl FnOnce(&mut Printer<'p>, &mut TokenState),
    ) {
        let state = self.state;
        let (needs_space, next) = match delimiter {
            Delimiter::Parenthesis | Delimiter::Bracket if state == State::Ident => {
                (false, State::Delim)
            }
            Delimiter::Parenthesis | Delimiter::Bracket if state == State::IdentBang => {
                (false, State::Other)
            }
            Delimiter::Parenthesis | Delimiter::Bracket => (true, State::Delim),
            Delimiter::Brace => (true, State::Other),
        };
        if !self.previous_is_joint && needs_space {
            p.space();
        }
        self.previous_is_joint = false;
        let (open, close) = match delimiter {
            Delimiter::Parenthesis => ("(", ")"),
            Delimiter::Bracket => ("[", "]"),
            Delimiter::Brace => ("{", "}"),
        };
        p.word(open);
        if nonempty {
            if delimiter == Delimiter::Brace {
                p.space();
            }
            contents(p, &mut TokenState::new());
            if delimiter == Delimiter::Brace {
                p.space();
            }
        }
        p.word(close);
        self.state = next;
    }
}

fn punct(ch: char) -> &'static str {
    match ch {
        ':' => ":",
        ',' => ",",
        '.' => ".",
        '!' => "!",
        '-' => "-",
        _ => unreachable!("snippets use no other punctuation"),
    }
}

/// prettyplease's keywords, after which the token printer puts a space.
fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "as" | "async"
            | "await"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

/// `a, b, c` as tokens.
fn comma_separated<'p>(p: &mut Printer<'p>, st: &mut TokenState, items: &'p [Expr<'p>]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            st.token(p, Token::Punct(',', false));
        }
        tokens(p, st, item);
    }
}

fn path_tokens<'p>(p: &mut Printer<'p>, st: &mut TokenState, segments: &[&'p str]) {
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            st.token(p, Token::Punct(':', true));
            st.token(p, Token::Punct(':', false));
        }
        st.token(p, Token::Ident(segment));
    }
}

/// An expression as the tokens `quote!` makes of it.
fn tokens<'p>(p: &mut Printer<'p>, st: &mut TokenState, e: &'p Expr<'p>) {
    match e {
        Expr::Path(segments) => path_tokens(p, st, segments.segments()),
        Expr::Call(func, args) => {
            path_tokens(p, st, func.segments());
            st.group(p, Delimiter::Parenthesis, !args.is_empty(), |p, st| {
                comma_separated(p, st, args)
            });
        }
        Expr::Method(receiver, name) => {
            tokens(p, st, receiver);
            st.token(p, Token::Punct('.', false));
            st.token(p, Token::Ident(name));
            st.group(p, Delimiter::Parenthesis, false, |_, _| {});
        }
        Expr::Struct(name, fields) => {
            st.token(p, Token::Ident(name));
            st.group(p, Delimiter::Brace, !fields.is_empty(), |p, st| {
                for (field, value) in fields {
                    st.token(p, Token::Ident(field));
                    st.token(p, Token::Punct(':', false));
                    tokens(p, st, value);
                    st.token(p, Token::Punct(',', false));
                }
            });
        }
        Expr::Lit(_, text) => st.token(p, Token::Literal(Cow::Borrowed(text))),
        Expr::Bool(b) => st.token(p, Token::Ident(if *b { "true" } else { "false" })),
        Expr::Neg(text) => {
            st.token(p, Token::Punct('-', false));
            st.token(p, Token::Literal(Cow::Borrowed(text)));
        }
        Expr::Tuple(elems, trailing) => {
            st.group(p, Delimiter::Parenthesis, !elems.is_empty(), |p, st| {
                if *trailing {
                    for elem in elems {
                        tokens(p, st, elem);
                        st.token(p, Token::Punct(',', false));
                    }
                } else {
                    comma_separated(p, st, elems);
                }
            });
        }
        Expr::Array(elems) => {
            st.group(p, Delimiter::Bracket, !elems.is_empty(), |p, st| {
                comma_separated(p, st, elems)
            });
        }
        Expr::Vec(items) => {
            st.token(p, Token::Ident("vec"));
            st.token(p, Token::Punct('!', false));
            st.group(p, Delimiter::Bracket, !items.is_empty(), |p, st| {
                comma_separated(p, st, items)
            });
        }
        Expr::Json(value) => {
            path_tokens(p, st, &["serde_json", "json"]);
            st.token(p, Token::Punct('!', false));
            st.group(p, Delimiter::Parenthesis, true, |p, st| {
                json_tokens(p, st, value)
            });
        }
        Expr::Unimplemented => {
            st.token(p, Token::Ident("unimplemented"));
            st.token(p, Token::Punct('!', false));
            st.group(p, Delimiter::Parenthesis, false, |_, _| {});
        }
    }
}

/// JSON as the tokens of a `serde_json::json!` invocation.
fn json_tokens<'p>(p: &mut Printer<'p>, st: &mut TokenState, value: &'p Value) {
    match value {
        Value::Null => st.token(p, Token::Ident("null")),
        Value::Bool(b) => st.token(p, Token::Ident(if *b { "true" } else { "false" })),
        Value::Number(n) => {
            let literal = if let Some(i) = n.as_i64() {
                Literal::i64_unsuffixed(i)
            } else if let Some(u) = n.as_u64() {
                Literal::u64_unsuffixed(u)
            } else {
                Literal::f64_unsuffixed(n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0))
            };
            let text = literal.to_string();
            match text.strip_prefix('-') {
                Some(positive) => {
                    st.token(p, Token::Punct('-', false));
                    st.token(p, Token::Literal(Cow::Owned(positive.to_string())));
                }
                None => st.token(p, Token::Literal(Cow::Owned(text))),
            }
        }
        Value::String(s) => {
            st.token(p, Token::Literal(Cow::Owned(string_literal(s))));
        }
        Value::Array(items) => {
            st.group(p, Delimiter::Bracket, !items.is_empty(), |p, st| {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        st.token(p, Token::Punct(',', false));
                    }
                    json_tokens(p, st, item);
                }
            });
        }
        Value::Object(map) => {
            st.group(p, Delimiter::Brace, !map.is_empty(), |p, st| {
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        st.token(p, Token::Punct(',', false));
                    }
                    st.token(p, Token::Literal(Cow::Owned(string_literal(k))));
                    st.token(p, Token::Punct(':', false));
                    json_tokens(p, st, v);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    //! The printer against the real thing: random snippets, printed here and by `quote!`,
    //! `syn` and `prettyplease`, must come out the same.

    use super::*;
    use proc_macro2::{Ident, Span, TokenStream};
    use proptest::prelude::*;
    use quote::quote;

    /// An expression that owns its text.
    #[derive(Debug, Clone)]
    enum Spec {
        Path(Vec<String>),
        Call(Vec<String>, Vec<Spec>),
        Method(Box<Spec>, &'static str),
        Struct(String, Vec<(String, Spec)>),
        Int(i64),
        Float(f64),
        Str(String),
        Bool(bool),
        Tuple(Vec<Spec>, bool),
        Array(Vec<Spec>),
        Vec(Vec<Spec>),
        Json(Value),
        Unimplemented,
    }

    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    fn expr_of(spec: &Spec) -> Expr<'_> {
        match spec {
            Spec::Path(p) => Expr::Path(Path::new(&strs(p))),
            Spec::Call(p, args) => {
                Expr::Call(Path::new(&strs(p)), args.iter().map(expr_of).collect())
            }
            Spec::Method(r, m) => method(expr_of(r), m),
            Spec::Struct(n, fields) => Expr::Struct(
                n,
                fields
                    .iter()
                    .map(|(f, v)| (f.as_str(), expr_of(v)))
                    .collect(),
            ),
            Spec::Int(n) => number(LitKind::Int, &Literal::i64_unsuffixed(*n)),
            Spec::Float(n) => number(LitKind::Float, &Literal::f64_unsuffixed(*n)),
            Spec::Str(s) => string(s),
            Spec::Bool(b) => Expr::Bool(*b),
            Spec::Tuple(items, trailing) => {
                Expr::Tuple(items.iter().map(expr_of).collect(), *trailing)
            }
            Spec::Array(items) => Expr::Array(items.iter().map(expr_of).collect()),
            Spec::Vec(items) => Expr::Vec(items.iter().map(expr_of).collect()),
            Spec::Json(v) => Expr::Json(v),
            Spec::Unimplemented => Expr::Unimplemented,
        }
    }

    fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    /// A number as `quote!` was given it: a negative one as `-` and the literal.
    fn literal_tokens(literal: Literal) -> TokenStream {
        let text = literal.to_string();
        match text.strip_prefix('-') {
            Some(positive) => {
                let positive: TokenStream = positive.parse().unwrap();
                quote!(-#positive)
            }
            None => quote!(#literal),
        }
    }

    fn json_tokens(value: &Value) -> TokenStream {
        match value {
            Value::Null => quote!(null),
            Value::Bool(b) => quote!(#b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => literal_tokens(Literal::i64_unsuffixed(i)),
                None => literal_tokens(Literal::f64_unsuffixed(n.as_f64().unwrap())),
            },
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

    fn tokens_of(spec: &Spec) -> TokenStream {
        let path = |p: &[String]| {
            let segments = p.iter().map(|s| ident(s));
            quote!(#(#segments)::*)
        };
        match spec {
            Spec::Path(p) => path(p),
            Spec::Call(p, args) => {
                let p = path(p);
                let args = args.iter().map(tokens_of);
                quote!(#p(#(#args),*))
            }
            Spec::Method(r, m) => {
                let r = tokens_of(r);
                let m = ident(m);
                quote!(#r.#m())
            }
            Spec::Struct(n, fields) => {
                let n = ident(n);
                let fields = fields.iter().map(|(f, v)| {
                    let f = ident(f);
                    let v = tokens_of(v);
                    quote!(#f: #v,)
                });
                quote!(#n { #(#fields)* })
            }
            Spec::Int(n) => literal_tokens(Literal::i64_unsuffixed(*n)),
            Spec::Float(n) => literal_tokens(Literal::f64_unsuffixed(*n)),
            Spec::Str(s) => quote!(#s),
            Spec::Bool(b) => quote!(#b),
            Spec::Tuple(items, true) => {
                let items = items.iter().map(tokens_of);
                quote!((#(#items,)*))
            }
            Spec::Tuple(items, false) => {
                let items = items.iter().map(tokens_of);
                quote!((#(#items),*))
            }
            Spec::Array(items) => {
                let items = items.iter().map(tokens_of);
                quote!([#(#items),*])
            }
            Spec::Vec(items) => {
                let items = items.iter().map(tokens_of);
                quote!(vec![#(#items),*])
            }
            Spec::Json(v) => {
                let json = json_tokens(v);
                quote!(serde_json::json!(#json))
            }
            Spec::Unimplemented => quote!(unimplemented!()),
        }
    }

    fn by_prettyplease(
        crate_name: &str,
        names: &[String],
        ty: Option<&str>,
        spec: &Spec,
    ) -> String {
        let crate_path = crate_name.split("::").map(ident);
        let imports = names.iter().map(|n| ident(n));
        let value = tokens_of(spec);
        let statement = match ty {
            Some(ty) => {
                let ty = ident(ty);
                quote!(let value: #ty = #value;)
            }
            None => quote!(let value = #value;),
        };
        let tokens = quote! {
            fn snippet() {
                use #(#crate_path)::*::{#(#imports),*};

                #statement
            }
        };
        let file: syn::File = syn::parse2(tokens).unwrap();
        prettyplease::unparse(&file)
    }

    fn name(prefix: &'static str) -> impl Strategy<Value = String> + Clone {
        "[a-z_]{0,24}".prop_map(move |s| format!("{prefix}{s}"))
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            ".{0,40}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((".{0,12}", inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    fn spec() -> impl Strategy<Value = Spec> {
        let path = prop::collection::vec(name("P"), 1..4);
        let leaf = prop_oneof![
            path.clone().prop_map(Spec::Path),
            any::<i64>().prop_map(Spec::Int),
            (-1e9f64..1e9).prop_map(Spec::Float),
            ".{0,60}".prop_map(Spec::Str),
            any::<bool>().prop_map(Spec::Bool),
            json().prop_map(Spec::Json),
            Just(Spec::Unimplemented),
            Just(Spec::Tuple(Vec::new(), true)),
            path.clone().prop_map(|p| Spec::Call(p, Vec::new())),
        ];
        leaf.prop_recursive(5, 64, 8, move |inner| {
            let receiver = prop_oneof![
                ".{0,60}".prop_map(Spec::Str),
                (prop::collection::vec(name("P"), 1..4), inner.clone())
                    .prop_map(|(p, arg)| Spec::Call(p, vec![arg])),
                prop::collection::vec(inner.clone(), 0..4).prop_map(Spec::Array),
            ];
            prop_oneof![
                (prop::collection::vec(name("P"), 1..4), inner.clone())
                    .prop_map(|(p, arg)| Spec::Call(p, vec![arg])),
                (
                    receiver,
                    prop::sample::select(vec!["to_owned", "parse", "unwrap"])
                )
                    .prop_map(|(r, m)| Spec::Method(Box::new(r), m))
                    .prop_recursive(2, 4, 1, |m| {
                        (
                            m,
                            prop::sample::select(vec!["unwrap", "into_iter", "collect"]),
                        )
                            .prop_map(|(r, n)| Spec::Method(Box::new(r), n))
                    }),
                (
                    name("T"),
                    prop::collection::vec((name("f_"), inner.clone()), 0..8)
                )
                    .prop_map(|(n, f)| Spec::Struct(n, f)),
                prop::collection::vec(inner.clone(), 0..4).prop_map(|v| Spec::Tuple(v, true)),
                prop::collection::vec(inner.clone(), 2..3).prop_map(|v| Spec::Tuple(v, false)),
                prop::collection::vec(inner.clone(), 1..5).prop_map(Spec::Array),
                prop::collection::vec(inner.clone(), 1..5).prop_map(Spec::Vec),
            ]
        })
    }

    #[test]
    fn placeholders_for_ids() {
        for (key, expect) in [
            ("id", "<id>"),
            ("ID", "<id>"),
            ("user_id", "<id>"),
            ("USER_ID", "<id>"),
            ("userId", "<id>"),
            ("userid", "<value>"),
            ("valid", "<value>"),
            ("paid", "<value>"),
            ("größe_id", "<id>"),
            ("İd", "<value>"),
            ("d", "<value>"),
            ("", "<value>"),
        ] {
            assert_eq!(placeholder(key), expect, "{key}");
            let lower = key.to_lowercase();
            let before = lower == "id"
                || lower.ends_with("_id")
                || lower.ends_with("id") && key.ends_with("Id");
            assert_eq!(before, expect == "<id>", "{key}");
        }
    }

    #[test]
    fn string_literals_are_escaped_as_proc_macro2_escapes_them() {
        for text in [
            "plain",
            "",
            "quote \" and backslash \\ and 'apostrophe'",
            "nul \0 then \x007 and \0x",
            "line\nbreak\ttab\r\u{7}",
            "größe 名前 \u{301}combining \u{200b}zero-width \u{feff}",
            "\u{10ffff}\u{e000}",
        ] {
            assert_eq!(
                string_literal(text),
                Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_string_is_escaped_as_proc_macro2_escapes_it(text in "[\\PC\\x00-\\x1f\\x7f-\\x9f\\u{300}-\\u{36f}0-9'\"]{0,24}") {
            prop_assert_eq!(string_literal(&text), Literal::string(&text).to_string());
        }

        #[test]
        fn prints_as_prettyplease(
            value in spec(),
            names in prop::collection::vec(name("N"), 1..14),
            crate_name in prop::sample::select(vec!["my_types", "a::b", "some_rather_long_crate_name::with::modules"]),
            ty in prop::option::of(name("T")),
        ) {
            let names: Vec<String> = names;
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let ours = print_snippet(crate_name, &refs, ty.as_deref(), &expr_of(&value));
            prop_assert_eq!(ours, by_prettyplease(crate_name, &names, ty.as_deref(), &value));
        }
    }
}
