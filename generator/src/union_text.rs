//! The definition of a union (`pub enum` with one variant an alternative), printed as text
//! rather than through `syn` and `prettyplease`.
//!
//! It is written exactly as `prettyplease` prints the tokens of the Rust emitter's `union`:
//! the type's docs and attributes, then per variant its docs, the attribute that gives
//! `schemars` its title and description, the tag it is renamed to, and `Name(Type),`. What
//! does not take that shape is left to `prettyplease`: a union with rules of its own (its
//! derived impls become inherent functions), a variant of a type the user chose for a format,
//! a line too long for the margin. The impls that follow the definition (an internally tagged
//! union's `Deserialize`) stay with `prettyplease`. The golden test prints every fixture both
//! ways and holds the two equal.

use proc_macro2::Literal;

use crate::model::{Model, Tagging, TypeDef, TypeRef, Union};
use crate::rustdoc::{self, ItemDocs};
use crate::serde_text::{MARGIN, Ty, rust_type};
use crate::struct_text::schemars_metadata;

/// The derive of a union whose serde impls are derived, as `prettyplease` breaks it.
const DERIVE_BOTH: &str = "#[derive(
    ::std::fmt::Debug,
    ::std::clone::Clone,
    ::std::cmp::PartialEq,
    ::serde::Serialize,
    ::serde::Deserialize
)]
";

/// The derive of a union that reads itself (an internally tagged one).
const DERIVE_SERIALIZE: &str = "#[derive(
    ::std::fmt::Debug,
    ::std::clone::Clone,
    ::std::cmp::PartialEq,
    ::serde::Serialize
)]
";

/// The definition of the union `def` with its docs, after a blank line; `None` for what is
/// left to `prettyplease`. `variant_docs` are the docs of its variants, in order.
pub fn definition(
    model: &Model,
    def: &TypeDef,
    u: &Union,
    docs: &ItemDocs,
    variant_docs: &[ItemDocs],
    schemars_feature: Option<&str>,
) -> Option<String> {
    if crate::checks::union_has_own_rules(def) {
        return None;
    }
    let cfg = schemars_feature.map(|feature| format!("feature = {}", Literal::string(feature)));
    let mut out = String::with_capacity(512 + 128 * u.variants.len());
    out.push('\n');
    rustdoc::push_doc_comment(&mut out, "", &docs.lines);
    if docs.lines.is_empty() || variant_docs.iter().any(|d| d.lines.is_empty()) {
        out.push_str("#[allow(missing_docs)]\n");
    }
    let wrapped = matches!(u.tagging, Tagging::External | Tagging::Adjacent { .. });
    out.push_str(match u.tagging {
        Tagging::Internal { .. } => DERIVE_SERIALIZE,
        _ => DERIVE_BOTH,
    });
    if let Some(cfg) = &cfg {
        out.push_str(&format!(
            "#[cfg_attr({cfg}, derive(::schemars::JsonSchema))]\n"
        ));
        schemars_metadata(&mut out, 0, cfg, docs);
    }
    match &u.tagging {
        Tagging::Untagged | Tagging::Internal { .. } => out.push_str("#[serde(untagged)]\n"),
        Tagging::Adjacent { tag, content } => one_line(
            &mut out,
            0,
            format!(
                "#[serde(tag = {}, content = {})]",
                Literal::string(tag),
                Literal::string(content)
            ),
        )?,
        Tagging::External => {}
    }
    out.push_str(&format!("pub enum {} {{\n", def.name));
    for (v, docs) in u.variants.iter().zip(variant_docs) {
        rustdoc::push_doc_comment(&mut out, "    ", &docs.lines);
        if let Some(cfg) = &cfg {
            schemars_metadata(&mut out, 1, cfg, docs);
        }
        if let Some(tag) = v
            .tag_values
            .first()
            .filter(|tag| wrapped && **tag != v.name)
        {
            one_line(
                &mut out,
                1,
                format!("#[serde(rename = {})]", Literal::string(tag)),
            )?;
        }
        if wrapped && v.ty == TypeRef::Null {
            one_line(&mut out, 1, format!("{},", v.name))?;
            continue;
        }
        // A type the user chose for a format carries a `schemars(with)` attribute.
        if v.ty.has_custom_format() && cfg.is_some() {
            return None;
        }
        let mut ty = rust_type(model, &v.ty)?;
        if v.boxed {
            ty = Ty::Generic("::std::boxed::Box", vec![ty]);
        }
        let mut line = format!("{}(", v.name);
        ty.flat(&mut line);
        line.push_str("),");
        one_line(&mut out, 1, line)?;
    }
    out.push_str("}\n");
    Some(out)
}

/// `text` on one line at `depth`; `None` when it does not fit.
fn one_line(out: &mut String, depth: usize, text: String) -> Option<()> {
    if 4 * depth + text.len() > MARGIN {
        return None;
    }
    for _ in 0..depth {
        out.push_str("    ");
    }
    out.push_str(&text);
    out.push('\n');
    Some(())
}
