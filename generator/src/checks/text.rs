//! `impl Validate` of a struct without rules of its own, printed as text rather than through
//! `syn` and `prettyplease`: most structs that validate only pass the call on to the values
//! inside them, one `__private::nested(&self.field, "key")?;` a field. The text is exactly
//! what `prettyplease` prints for the tokens of [`Checks::for_struct`]: a statement on its line
//! when it fits, else broken by `prettyplease`'s own algorithm ([`crate::pretty`]). The golden
//! test prints every fixture both ways and holds the two equal.

use proc_macro2::Literal;

use super::Checks;
use crate::model::{Model, Struct, TypeDef};
use crate::pretty::printed_at;
use crate::serde_text::MARGIN;
use crate::snippet::{self, Expr, LitKind, Path};

/// How deep the statements stand: the impl, `fn check`, `if deep`.
const DEPTH: usize = 3;

impl Checks {
    /// The `impl Validate` of the struct `def` after a blank line, when it checks only the
    /// values inside it; `None` when it has rules of its own (left to `prettyplease`).
    pub fn struct_text(&self, model: &Model, def: &TypeDef, s: &Struct) -> Option<String> {
        if super::struct_has_own_rules(model, def) {
            return None;
        }
        let nested: Vec<(&str, &str)> = s
            .fields
            .iter()
            .filter(|field| self.holds(&field.ty))
            .map(|field| (field.name.as_str(), field.key.as_str()))
            .chain(
                s.additional
                    .as_ref()
                    .filter(|a| self.holds(&a.value))
                    .map(|a| (a.name.as_str(), "")),
            )
            .collect();
        let deep = if nested.is_empty() { "_deep" } else { "deep" };
        let mut out = String::with_capacity(256 + 64 * nested.len());
        out.push_str(&format!(
            "\nimpl Validate for {} {{\n    fn check(&self, {deep}: bool) -> ::std::result::Result<(), ValidationError> {{\n",
            def.name
        ));
        if !nested.is_empty() {
            out.push_str("        if deep {\n");
            for (name, key) in nested {
                nested_call(&mut out, name, key);
            }
            out.push_str("        }\n");
        }
        out.push_str("        ::std::result::Result::Ok(())\n    }\n}\n");
        Some(out)
    }
}

/// `__private::nested(&self.name, "key")?;` inside `if deep`.
fn nested_call(out: &mut String, name: &str, key: &str) {
    let field = format!("self.{name}");
    let key = Literal::string(key).to_string();
    let flat = format!("__private::nested(&{field}, {key})?;");
    if 4 * DEPTH + flat.len() <= MARGIN {
        for _ in 0..DEPTH {
            out.push_str("    ");
        }
        out.push_str(&flat);
        out.push('\n');
        return;
    }
    let call = Expr::Try(Box::new(Expr::Call(
        Path::new(&["__private", "nested"]),
        vec![
            Expr::Ref(false, Box::new(Expr::Path(Path::new(&[&field])))),
            Expr::Lit(LitKind::Str, key),
        ],
    )));
    out.push_str(&printed_at(DEPTH, |p| {
        // prettyplease's `stmt` for an expression with its semicolon.
        p.ibox(0);
        snippet::expr(p, &call);
        p.word(";");
        p.end();
        p.hardbreak();
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement as `prettyplease` prints it inside `impl`, `fn` and `if deep`.
    fn by_prettyplease(name: &str, key: &str) -> String {
        let name = crate::emit_rust::ident(name);
        let tokens = quote::quote! {
            impl Validate for T {
                fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                    if deep {
                        __private::nested(&self.#name, #key)?;
                    }
                    ::std::result::Result::Ok(())
                }
            }
        };
        let text = prettyplease::unparse(&syn::parse2(tokens).unwrap());
        let lines: Vec<&str> = text.lines().collect();
        lines[3..lines.len() - 4]
            .iter()
            .map(|line| format!("{line}\n"))
            .collect()
    }

    #[test]
    fn nested_calls_are_printed_as_prettyplease_prints_them() {
        let long = "a_field_name_long_enough_that_the_call_does_not_fit_on_its_line";
        for (name, key) in [
            ("repository", "repository"),
            ("r#type", "type"),
            (long, "short"),
            ("short", long),
            (long, long),
            ("quoted", "a \"key\" with\\escapes"),
            ("additional_properties", ""),
        ] {
            let mut text = String::new();
            nested_call(&mut text, name, key);
            assert_eq!(text, by_prettyplease(name, key), "{name} / {key}");
        }
    }
}
