//! The definition of a struct whose serde impls are written out ([`crate::serde_text`]),
//! printed as text rather than through `syn` and `prettyplease`.
//!
//! A struct's definition is its attributes and one line per field, with the field's docs and
//! the attribute that tells `schemars` what serde's written-out impls do. They are written
//! exactly as `prettyplease` prints the tokens of the Rust emitter's `structure`: an attribute
//! on one line when it fits, else its arguments one a line, a level deeper at a time; a field's
//! type through `prettyplease`'s own line-breaking algorithm ([`crate::pretty`]). What does
//! not take that shape is left to `prettyplease`: fields with a schema `default` (their
//! functions and `Default` impl) and types the user chose for a format. The golden test prints
//! every fixture both ways and holds the two equal.

use proc_macro2::Literal;

use crate::model::{Field, Model, Struct, TypeDef};
use crate::pretty::printed_at;
use crate::rustdoc::{self, ItemDocs};
use crate::serde_text::{MARGIN, Ty, field_type, rust_type};
use crate::text;

/// The struct `def` with its docs, after a blank line; `None` for what is left to
/// `prettyplease`.
pub fn definition(
    model: &Model,
    def: &TypeDef,
    s: &Struct,
    docs: &ItemDocs,
    schemars_feature: Option<&str>,
) -> Option<String> {
    if s.fields.iter().any(|f| f.default.is_some()) {
        return None;
    }
    let cfg = schemars_feature.map(|feature| format!("feature = {}", Literal::string(feature)));
    let mut out = String::with_capacity(1024 + 256 * s.fields.len());
    out.push('\n');
    rustdoc::push_doc_comment(&mut out, "", &docs.lines);
    let field_docs: Vec<Vec<String>> = s.fields.iter().map(rustdoc::field_docs).collect();
    if docs.lines.is_empty() || field_docs.iter().any(Vec::is_empty) {
        out.push_str("#[allow(missing_docs)]\n");
    }
    let mut derive = vec![
        "::std::fmt::Debug",
        "::std::clone::Clone",
        "::std::cmp::PartialEq",
    ];
    if s.fields.iter().all(Field::is_option) {
        derive.push("::std::default::Default");
    }
    derive_attribute(&mut out, &derive);
    if let Some(cfg) = &cfg {
        out.push_str(&format!(
            "#[cfg_attr({cfg}, derive(::schemars::JsonSchema))]\n"
        ));
        schemars_metadata(&mut out, 0, cfg, docs);
        if s.deny_unknown_fields {
            schemars_attribute(&mut out, 0, cfg, vec!["deny_unknown_fields".to_string()]);
        }
    }
    out.push_str(&format!("pub struct {} {{\n", def.name));
    for (field, docs) in s.fields.iter().zip(&field_docs) {
        rustdoc::push_doc_comment(&mut out, "    ", docs);
        if let Some(cfg) = &cfg {
            let mut args = Vec::new();
            if crate::names::unraw(&field.name) != field.key {
                args.push(format!("rename = {}", Literal::string(&field.key)));
            }
            if !field.required {
                args.push("default".to_string());
                args.push(format!(
                    "skip_serializing_if = {}",
                    Literal::string(if field.tri_state {
                        "Nullable::is_absent"
                    } else {
                        "::std::option::Option::is_none"
                    })
                ));
            }
            if !args.is_empty() {
                schemars_attribute(&mut out, 1, cfg, args);
            }
        }
        field_line(&mut out, &field.name, field_type(model, field)?);
    }
    if let Some(additional) = &s.additional {
        let doc = format!(
            "Every key of the object that the fields above do not name{}, with its value.",
            crate::emit_rust::key_patterns(&def.constraints.key_patterns, &|p| {
                text::inline_code(p)
            })
        );
        rustdoc::push_doc_comment(&mut out, "    ", &[doc]);
        if let Some(cfg) = &cfg {
            schemars_attribute(&mut out, 1, cfg, vec!["flatten".to_string()]);
        }
        let map = Ty::Generic(
            "::std::collections::BTreeMap",
            vec![
                Ty::Path("::std::string::String".to_string()),
                rust_type(model, &additional.value)?,
            ],
        );
        field_line(&mut out, &additional.name, map);
    }
    out.push_str("}\n");
    Some(out)
}

/// `pub name: ty,` at depth 1.
fn field_line(out: &mut String, name: &str, ty: Ty) {
    let mut flat = format!("pub {name}: ");
    ty.flat(&mut flat);
    flat.push(',');
    if 4 + flat.len() <= MARGIN {
        out.push_str("    ");
        out.push_str(&flat);
        out.push('\n');
        return;
    }
    out.push_str(&printed_at(1, |p| {
        p.word("pub ");
        p.word(name);
        p.word(": ");
        ty.print(p);
        p.word(",");
        p.hardbreak();
    }));
}

/// The attribute that tells `schemars` an item's title and description, when its docs go on
/// past them (the Example Usage and tables, which a derive would otherwise put into the
/// schema).
pub(crate) fn schemars_metadata(out: &mut String, depth: usize, cfg: &str, docs: &ItemDocs) {
    if let Some((title, description)) = docs.schemars_metadata() {
        let args = vec![
            format!("title = {}", Literal::string(&title)),
            format!("description = {}", Literal::string(&description)),
        ];
        schemars_attribute(out, depth, cfg, args);
    }
}

/// `#[cfg_attr(cfg, schemars(args))]` at `depth`.
pub(crate) fn schemars_attribute(out: &mut String, depth: usize, cfg: &str, args: Vec<String>) {
    let inner = format!("schemars({})", args.join(", "));
    let indent = "    ".repeat(depth);
    let flat = format!("{indent}#[cfg_attr({cfg}, {inner})]");
    if flat.len() <= MARGIN {
        out.push_str(&flat);
        out.push('\n');
        return;
    }
    out.push_str(&format!("{indent}#[cfg_attr(\n{indent}    {cfg},\n"));
    if indent.len() + 4 + inner.len() <= MARGIN {
        out.push_str(&format!("{indent}    {inner}\n"));
    } else {
        out.push_str(&format!("{indent}    schemars(\n"));
        // An argument too long for its line (a long description) stays whole on its own line,
        // past the margin, as prettyplease leaves a token it cannot break.
        for (i, arg) in args.iter().enumerate() {
            let comma = if i + 1 < args.len() { "," } else { "" };
            out.push_str(&format!("{indent}        {arg}{comma}\n"));
        }
        out.push_str(&format!("{indent}    )\n"));
    }
    out.push_str(&format!("{indent})]\n"));
}

/// `#[derive(paths)]`: one line, or one path a line with a trailing comma.
fn derive_attribute(out: &mut String, paths: &[&str]) {
    let flat = format!("#[derive({})]", paths.join(", "));
    if flat.len() <= MARGIN {
        out.push_str(&flat);
        out.push('\n');
        return;
    }
    out.push_str("#[derive(\n");
    for path in paths {
        out.push_str(&format!("    {path},\n"));
    }
    out.push_str(")]\n");
}
