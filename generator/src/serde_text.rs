//! The written-out serde impls of structs, printed as text rather than through `syn` and
//! `prettyplease`.
//!
//! They are half of a large file's lines, and parsing their tokens back into a syntax tree only
//! to print it was most of the generator's time. Their shape is fixed, so their text is written
//! directly, line by line, exactly as `prettyplease` prints the tokens of
//! [`crate::serde_impls`]: a statement or match arm whose line fits the margin is one line, as
//! `prettyplease` leaves every line that fits; any other piece (a long line, a slot's type, the
//! final `match` that builds the value) is printed by `prettyplease` on its own, at the depth it
//! stands at, and kept for the next piece with the same tokens. A test over the fixture schemas
//! holds this text equal to what `prettyplease` makes of the tokens.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit_rust::integer_name;
use crate::error::Error;
use crate::model::{Field, Model, NumberKind, StringFormat, Struct, TypeDef, TypeRef};
use crate::serde_impls;

/// The width `prettyplease` fills.
const MARGIN: usize = 89;

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
        let flat = field_type_text(model, field).map(|ty| {
            format!("let mut f{i}: ::std::option::Option<{ty}> = ::std::option::Option::None;")
        });
        piece(&mut out, 2, flat.as_deref(), || {
            serde_impls::slot(model, i, field)
        })?;
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
    for (i, field) in s.fields.iter().enumerate() {
        let key = Literal::string(&field.key).to_string();
        let reader = serde_impls::field_reader(field);
        let flat = format!("{key} => __private::{reader}(&mut map, &mut f{i}, {key}),");
        piece(&mut out, 4, Some(&flat), || serde_impls::key_arm(i, field))?;
    }
    let other = serde_impls::other_key(s);
    piece(&mut out, 4, None, || quote!(_ => #other,))?;
    out.push_str("            }?;\n        }\n");
    piece(&mut out, 2, None, || serde_impls::build(def, s, checked))?;
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

/// The type of a field's value as `prettyplease` prints it on one line
/// ([`crate::emit_rust::field_type`]); `None` when it holds a type the user wrote, whose tokens
/// only `prettyplease` knows how to space.
fn field_type_text(model: &Model, field: &Field) -> Option<String> {
    let mut ty = type_text(model, &field.ty)?;
    if field.boxed {
        ty = format!("::std::boxed::Box<{ty}>");
    }
    if field.tri_state {
        ty = format!("Nullable<{ty}>");
    } else if field.is_option() {
        ty = format!("::std::option::Option<{ty}>");
    }
    Some(ty)
}

/// [`crate::emit_rust::rust_type`] as text on one line.
fn type_text(model: &Model, ty: &TypeRef) -> Option<String> {
    Some(match ty {
        TypeRef::Any => "::serde_json::Value".to_string(),
        TypeRef::Null => "()".to_string(),
        TypeRef::Boolean => "bool".to_string(),
        TypeRef::Integer(kind) => integer_name(*kind).to_string(),
        TypeRef::Number(NumberKind::F32) => "f32".to_string(),
        TypeRef::Number(NumberKind::F64) => "f64".to_string(),
        TypeRef::String(format) => match format {
            StringFormat::Plain => "::std::string::String",
            StringFormat::DateTime => "::chrono::DateTime<::chrono::Utc>",
            StringFormat::Date => "::chrono::NaiveDate",
            StringFormat::Ipv4 => "::std::net::Ipv4Addr",
            StringFormat::Ipv6 => "::std::net::Ipv6Addr",
            StringFormat::Uuid => "::uuid::Uuid",
            StringFormat::Custom { .. } => return None,
        }
        .to_string(),
        TypeRef::Tuple(items) => {
            let items = items
                .iter()
                .map(|item| type_text(model, item))
                .collect::<Option<Vec<_>>>()?;
            match items.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", items.join(", ")),
            }
        }
        TypeRef::Array(inner) => format!("::std::vec::Vec<{}>", type_text(model, inner)?),
        TypeRef::Map(inner) if **inner == TypeRef::Any => {
            "::serde_json::Map<::std::string::String, ::serde_json::Value>".to_string()
        }
        TypeRef::Map(inner) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            type_text(model, inner)?
        ),
        TypeRef::Nullable(inner) => {
            format!("::std::option::Option<{}>", type_text(model, inner)?)
        }
        TypeRef::Named(id) => model.get(*id).name.clone(),
    })
}

/// Appends `text` as one line at `depth` levels of indentation.
fn line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push_str("    ");
    }
    out.push_str(text);
    out.push('\n');
}

/// Appends a statement or match arm at `depth` levels: `flat` when it is given and its line
/// fits the margin, else the tokens `tokens` makes, printed by `prettyplease`.
fn piece(
    out: &mut String,
    depth: usize,
    flat: Option<&str>,
    tokens: impl FnOnce() -> TokenStream,
) -> Result<(), Error> {
    if let Some(flat) = flat.filter(|flat| 4 * depth + flat.len() <= MARGIN) {
        line(out, depth, flat);
        return Ok(());
    }
    out.push_str(&printed_piece(depth, tokens())?);
    Ok(())
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
