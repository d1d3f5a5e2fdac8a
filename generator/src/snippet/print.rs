//! Printing a snippet's expression tree: the calls prettyplease's `expr` module makes for each
//! kind of expression, and the tokens inside `vec![]` and `json!()` as prettyplease prints a
//! macro's tokens.

use std::borrow::Cow;

use proc_macro2::Literal;
use serde_json::Value;

use crate::pretty::{BreakToken, INDENT, Printer};

use super::{Expr, LitKind, string_literal};

pub(crate) fn expr<'p>(p: &mut Printer<'p>, e: &'p Expr<'p>) {
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
                if !matches!(value, Expr::Shorthand) {
                    p.word(": ");
                    p.ibox(0);
                    expr(p, value);
                    p.end();
                }
                p.trailing_comma_or_space(i + 1 == fields.len());
            }
            p.offset(-INDENT);
            p.end_with_max_width(34);
            p.word("}");
        }
        Expr::Ref(mutable, value) => {
            p.word(if *mutable { "&mut " } else { "&" });
            expr(p, value);
        }
        // prettyplease's `expr_try`: what it applies to, at the beginning of a line as a
        // statement puts it, then `?`.
        Expr::Try(value) => {
            expr(p, value);
            p.word("?");
        }
        Expr::Shorthand => {}
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
pub(super) fn filled_list<'p, 'i, T>(
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
pub(crate) fn call_args<'p>(p: &mut Printer<'p>, args: &'p [Expr<'p>]) {
    match args {
        [arg @ (Expr::Struct(..) | Expr::Tuple(..) | Expr::Array(_))] => expr(p, arg),
        _ => consistent_list(p, args),
    }
}

/// prettyplease's `prefix_subexpr_method_call`: the receiver, a break, `.method()`.
fn method_call<'p>(p: &mut Printer<'p>, e: &'p Expr<'p>) {
    let Expr::Method(receiver, name, args) = e else {
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
    call_args(p, args);
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
        '&' => "&",
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
        Expr::Method(receiver, name, args) => {
            tokens(p, st, receiver);
            st.token(p, Token::Punct('.', false));
            st.token(p, Token::Ident(name));
            st.group(p, Delimiter::Parenthesis, !args.is_empty(), |p, st| {
                comma_separated(p, st, args)
            });
        }
        Expr::Shorthand => {}
        Expr::Ref(mutable, value) => {
            st.token(p, Token::Punct('&', false));
            if *mutable {
                st.token(p, Token::Ident("mut"));
            }
            tokens(p, st, value);
        }
        Expr::Try(value) => {
            tokens(p, st, value);
            st.token(p, Token::Punct('?', false));
        }
        Expr::Struct(name, fields) => {
            st.token(p, Token::Ident(name));
            st.group(p, Delimiter::Brace, !fields.is_empty(), |p, st| {
                for (field, value) in fields {
                    st.token(p, Token::Ident(field));
                    if !matches!(value, Expr::Shorthand) {
                        st.token(p, Token::Punct(':', false));
                        tokens(p, st, value);
                    }
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

    use super::super::*;
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
