//! `impl Validate` of a struct or union without rules of its own, printed as text rather than
//! through `syn` and `prettyplease`: most types that validate only pass the call on to the
//! values inside them, one `__private::nested(&self.field, "key")?;` a field of a struct, one
//! `match` arm a variant of a union. The text is exactly what `prettyplease` prints for the
//! tokens of [`Checks::for_struct`] and [`Checks::for_union`]: a statement or arm on its line
//! when it fits, else broken by `prettyplease`'s own algorithm ([`crate::pretty`]). The golden
//! test prints every fixture both ways and holds the two equal.

use proc_macro2::Literal;

use super::Checks;
use crate::model::{Model, Struct, TypeDef, TypeKind};
use crate::pretty::printed_at;
use crate::serde_text::{MARGIN, arm};
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
        let mut body = String::with_capacity(64 * nested.len());
        for (name, key) in &nested {
            nested_call(&mut body, name, key);
        }
        Some(validate_impl(&def.name, &body))
    }

    /// The `impl Validate` of the union `def` after a blank line, when it checks only the
    /// value it holds; `None` when it has rules of its own (left to `prettyplease`).
    pub fn union_text(&self, def: &TypeDef) -> Option<String> {
        let TypeKind::Union(u) = &def.kind else {
            return None;
        };
        if super::union_has_own_rules(def) {
            return None;
        }
        let held: Vec<&str> = u
            .variants
            .iter()
            .filter(|v| self.holds(&v.ty))
            .map(|v| v.name.as_str())
            .collect();
        if held.is_empty() {
            return Some(validate_impl(&def.name, ""));
        }
        let mut body = String::with_capacity(256 + 64 * held.len());
        body.push_str("            #[allow(unreachable_patterns)]\n            match self {\n");
        for variant in held {
            nested_arm(&mut body, variant)?;
        }
        body.push_str("                _ => {}\n            }\n");
        Some(validate_impl(&def.name, &body))
    }
}

/// `impl Validate for name`, whose `check` runs `nested` (statements inside `if deep`) when
/// asked for every level.
fn validate_impl(name: &str, nested: &str) -> String {
    let deep = if nested.is_empty() { "_deep" } else { "deep" };
    let mut out = String::with_capacity(256 + nested.len());
    out.push_str(&format!(
        "\nimpl Validate for {name} {{\n    fn check(&self, {deep}: bool) -> ::std::result::Result<(), ValidationError> {{\n"
    ));
    if !nested.is_empty() {
        out.push_str("        if deep {\n");
        out.push_str(nested);
        out.push_str("        }\n");
    }
    out.push_str("        ::std::result::Result::Ok(())\n    }\n}\n");
    out
}

/// `Self::Variant(value) => __private::nested(value, "")?,`, an arm of the `match` inside
/// `if deep`; `None` when the pattern is too long for its line (left to `prettyplease`).
fn nested_arm(out: &mut String, variant: &str) -> Option<()> {
    const ARM_DEPTH: usize = DEPTH + 1;
    let pattern = format!("Self::{variant}(value)");
    if 4 * ARM_DEPTH + pattern.len() + " => {".len() > MARGIN {
        return None;
    }
    let flat = format!("{pattern} => __private::nested(value, \"\")?,");
    if on_its_line(out, ARM_DEPTH, &flat) {
        return Some(());
    }
    let pattern = Expr::Call(
        Path::new(&["Self", variant]),
        vec![Expr::Path(Path::new(&["value"]))],
    );
    let body = nested(Expr::Path(Path::new(&["value"])), "\"\"".to_string());
    out.push_str(&printed_at(ARM_DEPTH, |p| arm(p, &pattern, &body)));
    Some(())
}

/// `__private::nested(value, key)?`
fn nested(value: Expr<'_>, key: String) -> Expr<'_> {
    Expr::Try(Box::new(Expr::Call(
        Path::new(&["__private", "nested"]),
        vec![value, Expr::Lit(LitKind::Str, key)],
    )))
}

/// Appends `flat` as one line at `depth` when it fits the margin, as `prettyplease` leaves it.
fn on_its_line(out: &mut String, depth: usize, flat: &str) -> bool {
    if 4 * depth + flat.len() > MARGIN {
        return false;
    }
    for _ in 0..depth {
        out.push_str("    ");
    }
    out.push_str(flat);
    out.push('\n');
    true
}

/// `__private::nested(&self.name, "key")?;` inside `if deep`.
fn nested_call(out: &mut String, name: &str, key: &str) {
    let field = format!("self.{name}");
    let key = Literal::string(key).to_string();
    let flat = format!("__private::nested(&{field}, {key})?;");
    if on_its_line(out, DEPTH, &flat) {
        return;
    }
    let call = nested(
        Expr::Ref(false, Box::new(Expr::Path(Path::new(&[&field])))),
        key,
    );
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

    /// What `prettyplease` prints for `tokens`, without its first `head` and last `tail` lines.
    fn inner_lines(tokens: proc_macro2::TokenStream, head: usize, tail: usize) -> String {
        let text = prettyplease::unparse(&syn::parse2(tokens).unwrap());
        let lines: Vec<&str> = text.lines().collect();
        lines[head..lines.len() - tail]
            .iter()
            .map(|line| format!("{line}\n"))
            .collect()
    }

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
        inner_lines(tokens, 3, 4)
    }

    /// The arm as `prettyplease` prints it in the `match` inside `impl`, `fn` and `if deep`.
    fn arm_by_prettyplease(variant: &str) -> String {
        let variant = crate::emit_rust::ident(variant);
        let tokens = quote::quote! {
            impl Validate for T {
                fn check(&self, deep: bool) -> ::std::result::Result<(), ValidationError> {
                    if deep {
                        #[allow(unreachable_patterns)]
                        match self {
                            Self::#variant(value) => __private::nested(value, "")?,
                            _ => {}
                        }
                    }
                    ::std::result::Result::Ok(())
                }
            }
        };
        inner_lines(tokens, 5, 6)
    }

    #[test]
    fn nested_arms_are_printed_as_prettyplease_prints_them() {
        for variant in [
            "Short",
            "BranchProtectionConfigurationEvent",
            "AVariantNameLongEnoughThatItsArmMustBreakOverLines",
        ] {
            let mut text = String::new();
            nested_arm(&mut text, variant).unwrap();
            assert_eq!(text, arm_by_prettyplease(variant), "{variant}");
        }
        let too_long = "V".repeat(80);
        assert!(nested_arm(&mut String::new(), &too_long).is_none());
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
