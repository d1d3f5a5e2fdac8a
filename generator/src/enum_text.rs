//! The items of a string enum, closed or open, printed as text rather than through `syn` and
//! `prettyplease`.
//!
//! A string enum is a definition and seven or eight impls of a fixed shape, the same for every
//! enum but for its name, its variants and its lists; parsing their tokens back into a syntax
//! tree only to print them was a tenth of a large schema's generation time. The fixed lines are
//! written out exactly as `prettyplease` prints the tokens of the Rust emitter's `string_enum`;
//! the lists (`ALL`, `VALUES`), an open enum's `match`es and the call that describes the enum
//! to `schemars` go through `prettyplease`'s own line-breaking algorithm ([`crate::pretty`])
//! with the calls it makes for them. The golden test prints every fixture both ways and holds
//! the two equal.

use proc_macro2::Literal;

use crate::model::{Enum, TypeDef, Variant};
use crate::pretty::{INDENT, Printer, printed_at};
use crate::rustdoc;
use crate::serde_text::MARGIN;
use crate::serde_text::match_arms;
use crate::snippet::{self, Expr, LitKind, Path, call, method};
use crate::text;

/// The derive of a closed enum, as `prettyplease` breaks it.
const DERIVE_CLOSED: &str = "#[derive(
    ::std::fmt::Debug,
    ::std::clone::Clone,
    ::std::marker::Copy,
    ::std::cmp::PartialEq,
    ::std::cmp::Eq,
    ::std::cmp::PartialOrd,
    ::std::cmp::Ord,
    ::std::hash::Hash,
)]
";

/// The derive of an open enum (its extra variant holds a `String`: not `Copy`).
const DERIVE_OPEN: &str = "#[derive(
    ::std::fmt::Debug,
    ::std::clone::Clone,
    ::std::cmp::PartialEq,
    ::std::cmp::Eq,
    ::std::cmp::PartialOrd,
    ::std::cmp::Ord,
    ::std::hash::Hash,
)]
";

/// The items of the string enum `def`, each after a blank line and the first after the doc
/// comment `docs`; `None` for what is left to `prettyplease`: an enum without variants, a name
/// too long for the line of its `Deserialize` impl.
pub fn string_enum(
    def: &TypeDef,
    e: &Enum,
    docs: &[String],
    schemars_feature: Option<&str>,
) -> Option<String> {
    let name = def.name.as_str();
    let deserialize = format!("impl<'de> ::serde::Deserialize<'de> for {name} {{");
    if e.variants.is_empty() || deserialize.len() > MARGIN {
        return None;
    }
    let mut out = String::with_capacity(2048 + 64 * e.variants.len());
    out.push('\n');
    rustdoc::push_doc_comment(&mut out, "", docs);
    if docs.is_empty() {
        out.push_str("#[allow(missing_docs)]\n");
    }
    out.push_str(if e.open { DERIVE_OPEN } else { DERIVE_CLOSED });
    out.push_str(&format!("pub enum {name} {{\n"));
    for v in &e.variants {
        let doc = format!("Serialized as {}.", text::inline_code(&v.value));
        rustdoc::push_doc_comment(&mut out, "    ", &[doc]);
        out.push_str(&format!("    {},\n", v.name));
    }
    if e.open {
        out.push_str(&format!(
            "    /// A value the schema does not list, kept as it came.\n    {}(::std::string::String),\n",
            Enum::UNRECOGNIZED
        ));
        open_impls(&mut out, name, e);
    } else {
        closed_impls(&mut out, name, e);
    }
    out.push_str(&format!(
        "
{deserialize}
    fn deserialize<__D: ::serde::Deserializer<'de>>(
        deserializer: __D,
    ) -> ::std::result::Result<Self, __D::Error> {{
        __private::deserialize_{}(deserializer)
    }}
}}

",
        if e.open { "open" } else { "closed" }
    ));
    out.push_str(&format!(
        "impl __private::StringEnum for {name} {{
    const NAME: &'static str = {};
",
        Literal::string(name)
    ));
    let values: Vec<Expr> = e
        .variants
        .iter()
        .map(|v| Expr::Lit(LitKind::Str, Literal::string(&v.value).to_string()))
        .collect();
    out.push_str(&list_const("", "VALUES", "&'static [&'static str]", values));
    out.push_str(&format!(
        "}}

impl ::std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}

impl ::serde::Serialize for {name} {{
    fn serialize<__S: ::serde::Serializer>(
        &self,
        serializer: __S,
    ) -> ::std::result::Result<__S::Ok, __S::Error> {{
        serializer.serialize_str(self.as_str())
    }}
}}
"
    ));
    if let Some(feature) = schemars_feature {
        out.push_str(&format!(
            "
#[cfg(feature = {})]
impl ::schemars::JsonSchema for {name} {{
    fn schema_name() -> ::std::borrow::Cow<'static, str> {{
        ::std::borrow::Cow::Borrowed(<Self as __private::StringEnum>::NAME)
    }}
    fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {{
",
            Literal::string(feature)
        ));
        out.push_str(&enum_schema_call(def, e.open));
        out.push_str("    }\n}\n");
    }
    Some(out)
}

/// `{vis}const {name}: {ty} = &[items];` in an impl, as `prettyplease` prints an associated
/// constant: the list breaks, one item a line, when it does not fit.
fn list_const(vis: &'static str, name: &'static str, ty: &'static str, items: Vec<Expr>) -> String {
    let value = Expr::Ref(false, Box::new(Expr::Array(items)));
    printed_at(1, |p| {
        p.cbox(0);
        p.word(vis);
        p.word("const ");
        p.word(name);
        p.word(": ");
        p.word(ty);
        p.word(" = ");
        p.neverbreak();
        snippet::expr(p, &value);
        p.word(";");
        p.end();
        p.hardbreak();
    })
}

/// `__private::enum_schema::<Self>(description, open)`, the body of `json_schema`.
fn enum_schema_call(def: &TypeDef, open: bool) -> String {
    let description = match &def.docs.description {
        Some(d) => call(
            &["::std::option::Option::Some"],
            Expr::Lit(LitKind::Str, Literal::string(d).to_string()),
        ),
        None => Expr::Path(Path::new(&["::std::option::Option::None"])),
    };
    let args = [description, Expr::Bool(open)];
    printed_at(2, |p: &mut Printer| {
        // prettyplease's `stmt`, `expr_call` and `path` with a turbofish.
        p.ibox(0);
        p.word("__private::enum_schema::<");
        p.cbox(INDENT);
        p.zerobreak();
        p.word("Self");
        p.trailing_comma(true);
        p.offset(-INDENT);
        p.end();
        p.word(">");
        p.word("(");
        snippet::call_args(p, &args);
        p.word(")");
        p.end();
        p.hardbreak();
    })
}

/// The end of a closed enum's definition, its `ALL` and `as_str`, `ClosedEnum` and `FromStr`.
fn closed_impls(out: &mut String, name: &str, e: &Enum) {
    out.push_str(&format!(
        "}}\n\nimpl {name} {{\n    /// Every value, in the order the schema lists them.\n"
    ));
    let all: Vec<Expr> = e
        .variants
        .iter()
        .map(|v| Expr::Path(Path::new(&["Self", &v.name])))
        .collect();
    out.push_str(&list_const("pub ", "ALL", "&'static [Self]", all));
    out.push_str(&format!(
        "    /// The JSON string of this value.
    pub fn as_str(&self) -> &'static str {{
        <Self as __private::StringEnum>::VALUES[*self as usize]
    }}
}}

impl __private::ClosedEnum for {name} {{
    const ALL: &'static [Self] = Self::ALL;
}}

impl ::std::str::FromStr for {name} {{
    type Err = ParseEnumError;
    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {{
        __private::parse(value)
    }}
}}
"
    ));
}

/// The end of an open enum's definition, its `as_str` and `FromStr`: a `match` on the listed
/// values each.
fn open_impls(out: &mut String, name: &str, e: &Enum) {
    fn literal(v: &Variant) -> Expr<'static> {
        Expr::Lit(LitKind::Str, Literal::string(&v.value).to_string())
    }
    fn variant(v: &Variant) -> Expr<'_> {
        Expr::Path(Path::new(&["Self", &v.name]))
    }
    let mut as_str: Vec<(Expr, Expr)> = e
        .variants
        .iter()
        .map(|v| (variant(v), literal(v)))
        .collect();
    let value = || Expr::Path(Path::new(&["value"]));
    as_str.push((
        call(&["Self", Enum::UNRECOGNIZED], value()),
        method(value(), "as_str"),
    ));
    let mut parse: Vec<(Expr, Expr)> = e
        .variants
        .iter()
        .map(|v| (literal(v), variant(v)))
        .collect();
    parse.push((
        Expr::Path(Path::new(&["_"])),
        call(&["Self", Enum::UNRECOGNIZED], method(value(), "to_owned")),
    ));
    out.push_str(&format!(
        "}}\n\nimpl {name} {{\n    /// The JSON string of this value.\n    pub fn as_str(&self) -> &str {{\n"
    ));
    let this = Expr::Path(Path::new(&["self"]));
    out.push_str(&printed_at(2, |p| {
        p.ibox(0);
        match_arms(p, &this, &as_str);
        p.end();
        p.hardbreak();
    }));
    out.push_str(&format!(
        "    }}
}}

impl ::std::str::FromStr for {name} {{
    type Err = ::std::convert::Infallible;
    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {{
"
    ));
    let value = value();
    out.push_str(&printed_at(2, |p| {
        // prettyplease's `stmt` and `expr_call`, whose one argument is the `match`.
        p.ibox(0);
        p.word("::std::result::Result::Ok");
        p.word("(");
        p.cbox(INDENT);
        p.zerobreak();
        match_arms(p, &value, &parse);
        p.trailing_comma(true);
        p.offset(-INDENT);
        p.end();
        p.word(")");
        p.end();
        p.hardbreak();
    }));
    out.push_str("    }\n}\n");
}
