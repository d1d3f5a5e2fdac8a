//! The written-out serde impls of structs, printed as text rather than through `syn` and
//! `prettyplease`.
//!
//! They are half of a large file's lines, and parsing their tokens back into a syntax tree only
//! to print it was most of the generator's time. Their shape is fixed, so their text is written
//! directly, exactly as `prettyplease` prints the tokens of [`crate::serde_impls`]: a statement
//! or match arm whose line fits the margin is one line, as `prettyplease` leaves every line
//! that fits; the slots, the arms and the final `match` that builds the value go through
//! `prettyplease`'s own line-breaking algorithm ([`crate::pretty`]) with the calls it makes for
//! those expressions, so they break where it would break them. What is left to `prettyplease`
//! itself, on its own at the depth it stands at and kept for the next piece with the same
//! tokens: a `Serialize` statement too long for its line and a slot of a type the user chose
//! for a format. A test over the fixture schemas holds this text equal to what `prettyplease`
//! makes of the tokens.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit_rust::{default_fn_name, integer_name};
use crate::error::Error;
use crate::model::{Field, Model, NumberKind, StringFormat, Struct, TypeDef, TypeRef};
use crate::pretty::{BreakToken, INDENT, Printer, printed_at};
use crate::serde_impls;
use crate::snippet::{self, Expr, LitKind, Path, call, method};

/// The width `prettyplease` fills.
pub(crate) const MARGIN: usize = crate::pretty::MARGIN as usize;

/// The `Serialize`, `Deserialize` and `Object` impls of a struct as [`serde_impls`] makes
/// them, each after a blank line; `None` for the rare shapes (an empty struct, a long name)
/// that are left to `prettyplease` whole.
pub fn struct_impls(
    model: &Model,
    def: &TypeDef,
    s: &Struct,
    checked: bool,
) -> Result<Option<String>, Error> {
    let name = def.name.as_str();
    let name_literal = Literal::string(name).to_string();
    let fits = [
        format!("impl<'de> ::serde::Deserialize<'de> for {name} {{"),
        format!("    const NAME: &'static str = {name_literal};"),
    ]
    .iter()
    .all(|line| line.len() <= MARGIN);
    // A struct that reads its JSON first is rare enough to leave to prettyplease.
    if !fits || s.fields.is_empty() || serde_impls::read_json_first(def, checked).is_some() {
        return Ok(None);
    }
    let mut out = String::with_capacity(256 * (s.fields.len() + 4));
    serialize(&mut out, def, s)?;
    out.push_str(&format!(
        "\nimpl<'de> ::serde::Deserialize<'de> for {name} {{
    fn deserialize<__D: ::serde::Deserializer<'de>>(
        deserializer: __D,
    ) -> ::std::result::Result<Self, __D::Error> {{
        __private::deserialize_object(deserializer)
    }}
}}
\nimpl __private::Object for {name} {{
    const NAME: &'static str = {name_literal};
    fn visit_map<'de, __A: ::serde::de::MapAccess<'de>>(
        mut map: __A,
    ) -> ::std::result::Result<Self, __A::Error> {{
"
    ));
    for (i, field) in s.fields.iter().enumerate() {
        match field_type(model, field) {
            Some(ty) => slot(&mut out, i, ty),
            None => out.push_str(&printed_piece(2, serde_impls::slot(model, i, field))?),
        }
    }
    if let Some(additional) = &s.additional {
        let field = &additional.name;
        line(
            &mut out,
            2,
            &format!("let mut {field} = ::std::collections::BTreeMap::new();"),
        );
    }
    out.push_str(
        "        while let ::std::option::Option::Some(key) = map
            .next_key::<__private::Key<'de>>()?
        {
            match key.as_str() {
",
    );
    let keys: Vec<String> = s
        .fields
        .iter()
        .map(|field| Literal::string(&field.key).to_string())
        .collect();
    let slots: Vec<String> = (0..s.fields.len()).map(|i| format!("f{i}")).collect();
    for (i, field) in s.fields.iter().enumerate() {
        let (key, slot) = (&keys[i], &slots[i]);
        let reader = serde_impls::field_reader(field);
        let flat = format!("{key} => __private::{reader}(&mut map, &mut {slot}, {key}),");
        if 16 + flat.len() <= MARGIN {
            line(&mut out, 4, &flat);
        } else {
            let key = Expr::Lit(LitKind::Str, key.clone());
            let body = Expr::Call(
                Path::new(&["__private", reader]),
                vec![
                    mut_ref("map"),
                    mut_ref(slot),
                    Expr::Lit(LitKind::Str, keys[i].clone()),
                ],
            );
            out.push_str(&printed_at(4, |p| arm(p, &key, &body)));
        }
    }
    other_arm(&mut out, s, &keys);
    out.push_str("            }?;\n        }\n");
    build(&mut out, def, s, checked, &keys, &slots);
    out.push_str("    }\n}\n");
    Ok(Some(out))
}

/// `Serialize`: one map entry per field, then the other keys.
fn serialize(out: &mut String, def: &TypeDef, s: &Struct) -> Result<(), Error> {
    out.push_str(&format!(
        "\nimpl ::serde::Serialize for {} {{
    fn serialize<__S: ::serde::Serializer>(
        &self,
        serializer: __S,
    ) -> ::std::result::Result<__S::Ok, __S::Error> {{
        use ::serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(::std::option::Option::None)?;
",
        def.name
    ));
    for field in &s.fields {
        let key = Literal::string(&field.key).to_string();
        let name = &field.name;
        let lines = if field.required || field.default.is_some() {
            vec![format!("map.serialize_entry({key}, &self.{name})?;")]
        } else if field.tri_state {
            vec![
                format!("if !self.{name}.is_absent() {{"),
                format!("    map.serialize_entry({key}, &self.{name})?;"),
                "}".to_string(),
            ]
        } else {
            vec![
                format!("if let ::std::option::Option::Some(value) = &self.{name} {{"),
                format!("    map.serialize_entry({key}, value)?;"),
                "}".to_string(),
            ]
        };
        lines_or_piece(out, 2, &lines, || serde_impls::serialize_entry(field))?;
    }
    if let Some(additional) = &s.additional {
        let lines = [
            format!("for (key, value) in &self.{} {{", additional.name),
            "    map.serialize_entry(key, value)?;".to_string(),
            "}".to_string(),
        ];
        lines_or_piece(out, 2, &lines, || {
            serde_impls::serialize_additional(additional)
        })?;
    }
    out.push_str("        map.end()\n    }\n}\n");
    Ok(())
}

/// [`piece`] for a statement of several lines: them, when each fits the margin.
fn lines_or_piece(
    out: &mut String,
    depth: usize,
    lines: &[String],
    tokens: impl FnOnce() -> TokenStream,
) -> Result<(), Error> {
    if lines.iter().all(|l| 4 * depth + l.len() <= MARGIN) {
        for l in lines {
            line(out, depth, l);
        }
        return Ok(());
    }
    out.push_str(&printed_piece(depth, tokens())?);
    Ok(())
}

/// The type of a field's value ([`crate::emit_rust::field_type`]); `None` when it holds a
/// type the user wrote, whose tokens only `prettyplease` knows how to space.
pub(crate) fn field_type(model: &Model, field: &Field) -> Option<Ty> {
    let mut ty = rust_type(model, &field.ty)?;
    if field.boxed {
        ty = Ty::Generic("::std::boxed::Box", vec![ty]);
    }
    if field.tri_state {
        ty = Ty::Generic("Nullable", vec![ty]);
    } else if field.is_option() {
        ty = Ty::Generic("::std::option::Option", vec![ty]);
    }
    Some(ty)
}

/// A Rust type, as far as printing tells types apart: paths with their generic arguments, and
/// tuples.
pub(crate) enum Ty {
    Path(String),
    Generic(&'static str, Vec<Ty>),
    Tuple(Vec<Ty>),
}

impl Ty {
    /// The type on one line, as `prettyplease` prints it when it fits.
    pub(crate) fn flat(&self, out: &mut String) {
        let list = |out: &mut String, items: &[Ty]| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                item.flat(out);
            }
        };
        match self {
            Ty::Path(path) => out.push_str(path),
            Ty::Generic(path, args) => {
                out.push_str(path);
                out.push('<');
                list(out, args);
                out.push('>');
            }
            Ty::Tuple(items) => {
                out.push('(');
                list(out, items);
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
        }
    }

    /// prettyplease's `ty` for these types: generic arguments and tuple elements break all
    /// together, one a line, when they do not fit.
    pub(crate) fn print<'a>(&'a self, p: &mut Printer<'a>) {
        let (open, close, items) = match self {
            Ty::Path(path) => return p.word(path.as_str()),
            Ty::Generic(path, args) => {
                p.word(*path);
                ("<", ">", args)
            }
            Ty::Tuple(items) => ("(", ")", items),
        };
        p.word(open);
        p.cbox(INDENT);
        p.zerobreak();
        for (i, item) in items.iter().enumerate() {
            item.print(p);
            if matches!(self, Ty::Tuple(_)) && items.len() == 1 {
                p.word(",");
                p.zerobreak();
            } else {
                p.trailing_comma(i + 1 == items.len());
            }
        }
        p.offset(-INDENT);
        p.end();
        p.word(close);
    }
}

/// [`crate::emit_rust::rust_type`] as a [`Ty`].
pub(crate) fn rust_type(model: &Model, ty: &TypeRef) -> Option<Ty> {
    let path = |path: &str| Some(Ty::Path(path.to_string()));
    match ty {
        TypeRef::Any => path("::serde_json::Value"),
        TypeRef::Null => Some(Ty::Tuple(Vec::new())),
        TypeRef::Boolean => path("bool"),
        TypeRef::Integer(kind) => path(integer_name(*kind)),
        TypeRef::Number(NumberKind::F32) => path("f32"),
        TypeRef::Number(NumberKind::F64) => path("f64"),
        TypeRef::String(format) => match format {
            StringFormat::Plain => path("::std::string::String"),
            StringFormat::DateTime => Some(Ty::Generic(
                "::chrono::DateTime",
                vec![Ty::Path("::chrono::Utc".to_string())],
            )),
            StringFormat::Date => path("::chrono::NaiveDate"),
            StringFormat::Ipv4 => path("::std::net::Ipv4Addr"),
            StringFormat::Ipv6 => path("::std::net::Ipv6Addr"),
            StringFormat::Uuid => path("::uuid::Uuid"),
            StringFormat::Custom { .. } => None,
        },
        TypeRef::Tuple(items) => Some(Ty::Tuple(
            items
                .iter()
                .map(|item| rust_type(model, item))
                .collect::<Option<Vec<_>>>()?,
        )),
        TypeRef::Array(inner) => Some(Ty::Generic(
            "::std::vec::Vec",
            vec![rust_type(model, inner)?],
        )),
        TypeRef::Map(inner) => Some(Ty::Generic(
            if **inner == TypeRef::Any {
                "::serde_json::Map"
            } else {
                "::std::collections::BTreeMap"
            },
            vec![
                Ty::Path("::std::string::String".to_string()),
                rust_type(model, inner)?,
            ],
        )),
        TypeRef::Nullable(inner) => Some(Ty::Generic(
            "::std::option::Option",
            vec![rust_type(model, inner)?],
        )),
        TypeRef::Named(id) => path(&model.get(*id).name),
    }
}

/// `let mut f{i}: ::std::option::Option<ty> = ::std::option::Option::None;` at depth 2.
fn slot(out: &mut String, i: usize, ty: Ty) {
    let ty = Ty::Generic("::std::option::Option", vec![ty]);
    let mut flat = format!("let mut f{i}: ");
    ty.flat(&mut flat);
    flat.push_str(" = ::std::option::Option::None;");
    if 8 + flat.len() <= MARGIN {
        line(out, 2, &flat);
        return;
    }
    let slot = format!("f{i}");
    out.push_str(&printed_at(2, |p| {
        p.ibox(0);
        p.word("let ");
        p.word("mut ");
        p.word(slot.as_str());
        p.word(": ");
        ty.print(p);
        p.word(" = ");
        p.neverbreak();
        p.word("::std::option::Option::None");
        p.end();
        p.word(";");
        p.hardbreak();
    }));
}

/// `&mut name`.
fn mut_ref(name: &str) -> Expr<'_> {
    Expr::Ref(true, Box::new(Expr::Path(Path::new(&[name]))))
}

/// The arm for a key no field names ([`serde_impls::other_key`]), at depth 4.
fn other_arm(out: &mut String, s: &Struct, keys: &[String]) {
    let flat = if let Some(additional) = &s.additional {
        format!(
            "_ => __private::other(&mut map, &mut {}, key),",
            additional.name
        )
    } else if s.deny_unknown_fields {
        format!(
            "_ => __private::unknown(key.as_str(), &[{}]),",
            keys.join(", ")
        )
    } else {
        "_ => __private::skip(&mut map),".to_string()
    };
    if 16 + flat.len() <= MARGIN {
        line(out, 4, &flat);
        return;
    }
    let body = if let Some(additional) = &s.additional {
        Expr::Call(
            Path::new(&["__private::other"]),
            vec![
                mut_ref("map"),
                mut_ref(&additional.name),
                Expr::Path(Path::new(&["key"])),
            ],
        )
    } else if s.deny_unknown_fields {
        let listed = keys
            .iter()
            .map(|key| Expr::Lit(LitKind::Str, key.clone()))
            .collect();
        Expr::Call(
            Path::new(&["__private::unknown"]),
            vec![
                method(Expr::Path(Path::new(&["key"])), "as_str"),
                Expr::Ref(false, Box::new(Expr::Array(listed))),
            ],
        )
    } else {
        call(&["__private::skip"], mut_ref("map"))
    };
    let any = Expr::Path(Path::new(&["_"]));
    out.push_str(&printed_at(4, |p| arm(p, &any, &body)));
}

/// The value built from the slots, or the error for the first required property missing, at
/// depth 2 ([`serde_impls::build`]).
fn build(
    out: &mut String,
    def: &TypeDef,
    s: &Struct,
    checked: bool,
    keys: &[String],
    slots: &[String],
) {
    let name = def.name.as_str();
    let defaults: Vec<String> = s.fields.iter().map(default_fn_name).collect();
    let slot = |i: usize| Expr::Path(Path::new(&[slots[i].as_str()]));
    let mut values: Vec<(&str, Expr)> = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let value = if field.default.is_some() {
                let default = Expr::Path(Path::new(&[name, defaults[i].as_str()]));
                Expr::Method(Box::new(slot(i)), "unwrap_or_else", vec![default])
            } else if field.required {
                slot(i)
            } else if field.tri_state {
                method(slot(i), "unwrap_or_default")
            } else {
                method(slot(i), "flatten")
            };
            (field.name.as_str(), value)
        })
        .collect();
    if let Some(additional) = &s.additional {
        values.push((additional.name.as_str(), Expr::Shorthand));
    }
    let value = Expr::Struct(name, values);
    let built = if checked {
        call(&["__private::valid"], value)
    } else {
        call(&["::std::result::Result::Ok"], value)
    };
    let required: Vec<usize> = (0..s.fields.len())
        .filter(|&i| s.fields[i].required && s.fields[i].default.is_none())
        .collect();
    if required.is_empty() {
        out.push_str(&printed_at(2, |p| {
            p.ibox(0);
            snippet::expr(p, &built);
            p.end();
            p.hardbreak();
        }));
        return;
    }
    let slots_of = || required.iter().map(|&i| slot(i)).collect::<Vec<_>>();
    let scrutinee = Expr::Tuple(slots_of(), true);
    let present = Expr::Tuple(
        required
            .iter()
            .map(|&i| call(&["::std::option::Option::Some"], slot(i)))
            .collect(),
        true,
    );
    let absent = Expr::Tuple(slots_of(), true);
    let listed = required
        .iter()
        .map(|&i| {
            Expr::Tuple(
                vec![
                    method(slot(i), "is_none"),
                    Expr::Lit(LitKind::Str, keys[i].clone()),
                ],
                false,
            )
        })
        .collect();
    let missing = call(
        &["::std::result::Result::Err"],
        call(
            &["__private::missing"],
            Expr::Ref(false, Box::new(Expr::Array(listed))),
        ),
    );
    let arms = [(present, built), (absent, missing)];
    out.push_str(&printed_at(2, |p| {
        // prettyplease's `stmt`.
        p.ibox(0);
        match_arms(p, &scrutinee, &arms);
        p.end();
        p.hardbreak();
    }));
}

/// prettyplease's `expr_match`: `match scrutinee {`, the arms `pattern => body`, `}`.
pub(crate) fn match_arms<'a>(
    p: &mut Printer<'a>,
    scrutinee: &'a Expr<'a>,
    arms: &'a [(Expr<'a>, Expr<'a>)],
) {
    p.ibox(0);
    p.word("match ");
    p.cbox(0);
    snippet::expr(p, scrutinee);
    p.nbsp();
    p.end();
    p.word("{");
    p.neverbreak();
    p.cbox(INDENT);
    p.hardbreak_if_nonempty();
    for (pattern, body) in arms {
        arm(p, pattern, body);
    }
    p.offset(-INDENT);
    p.end();
    p.word("}");
    p.end();
}

/// prettyplease's `arm` for a body that is not a block, and the line break after it: `pat =>
/// body,`, or the body between braces on lines of its own when it does not fit.
pub(crate) fn arm<'a>(p: &mut Printer<'a>, pat: &'a Expr<'a>, body: &'a Expr<'a>) {
    p.ibox(0);
    snippet::expr(p, pat);
    p.word(" => ");
    p.neverbreak();
    p.cbox(INDENT);
    p.scan_break(BreakToken {
        pre_break: Some('{'),
        ..BreakToken::default()
    });
    snippet::expr(p, body);
    p.scan_break(BreakToken {
        offset: -INDENT,
        post_break: "}",
        no_break: Some(','),
        ..BreakToken::default()
    });
    p.end();
    p.end();
    p.hardbreak();
}

/// Appends `text` as one line at `depth` levels of indentation.
fn line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push_str("    ");
    }
    out.push_str(text);
    out.push('\n');
}

thread_local! {
    /// Pieces printed by `prettyplease`, by depth and tokens: most slots have a type and a
    /// number that another struct's slot had before.
    static PRINTED: RefCell<HashMap<(usize, String), String>> = RefCell::new(HashMap::new());
}

/// The lines `prettyplease` prints for the statement or match arm `tokens` at `depth` (2: the
/// body of a method, 4: an arm of a `match` inside a loop there).
fn printed_piece(depth: usize, tokens: TokenStream) -> Result<String, Error> {
    let key = (depth, tokens.to_string());
    if let Some(text) = PRINTED.with(|printed| printed.borrow().get(&key).cloned()) {
        return Ok(text);
    }
    let wrapped = match depth {
        2 => quote!(impl __W { fn __w() { #tokens } }),
        4 => quote!(impl __W { fn __w() { loop { match __k { #tokens } } } }),
        _ => return Err(Error::Internal(format!("no wrapper for depth {depth}"))),
    };
    let file: syn::File = syn::parse2(wrapped)
        .map_err(|err| Error::Internal(format!("the generated Rust does not parse: {err}")))?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() < 2 * depth {
        return Err(Error::Internal(format!("unexpected wrapper text: {text}")));
    }
    let inner: String = lines[depth..lines.len() - depth].concat();
    PRINTED.with(|printed| printed.borrow_mut().insert(key, inner.clone()));
    Ok(inner)
}
