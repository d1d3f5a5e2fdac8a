//! Making schema text safe where it lands: rustdoc comments and Markdown tables. A description
//! can hold anything; nothing in it may inject code, HTML or a doctest, or break a table.

/// A description as rustdoc Markdown: code fences become `text` blocks (never doctests), no line
/// is indented into an indented code block (also a doctest), raw HTML is escaped and control
/// characters dropped.
pub fn rustdoc(text: &str) -> String {
    let text = without_controls(text);
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match fence.clone() {
            Some(open) => {
                if trimmed.starts_with(open.as_str())
                    && trimmed.trim_end().chars().all(|c| open.starts_with(c))
                {
                    fence = None;
                    out.push(open);
                } else {
                    out.push(line.to_string());
                }
            }
            None => {
                if let Some(marker) = fence_marker(trimmed) {
                    out.push(format!("{marker}text"));
                    fence = Some(marker);
                } else {
                    out.push(trimmed.replace('<', "&lt;"));
                }
            }
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    out.join("\n")
}

/// A code span holding `text` verbatim (control characters escaped): as many backticks around it
/// as it needs so that none inside ends it.
pub fn inline_code(text: &str) -> String {
    let text: String = text
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    let longest = longest_run(&text, '`');
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Text for one cell of a Markdown table: one line (`<br/>` for newlines), `|` escaped, HTML
/// escaped, control characters dropped.
pub fn table_cell(text: &str) -> String {
    let text = without_controls(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        for c in line.trim_end().chars() {
            match c {
                '|' => out.push_str("\\|"),
                // GitHub reads every `\|` as an escaped pipe and drops its backslash: a
                // backslash of the text is kept by doubling it.
                '\\' => out.push_str("\\\\"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '`' => out.push_str("\\`"),
                '\t' => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}

/// A table cell ([`table_cell`]) for rustdoc: brackets escaped, so that rustdoc reads no
/// intra-doc link into schema text (`[Type]` would be one, and a broken one), except those of
/// Markdown links to web pages (`[RFC 3339](https://...)`), which stay links; a bare URL becomes
/// an autolink (rustdoc warns about bare ones).
pub fn rustdoc_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            if let Some(link) = web_link(rest) {
                out.push_str(&rest[..link]);
                rest = &rest[link..];
                continue;
            }
        }
        if let Some(url) = bare_url(rest).filter(|_| !out.ends_with('<')) {
            out.push('<');
            out.push_str(&rest[..url]);
            out.push('>');
            rest = &rest[url..];
            continue;
        }
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
        // Whatever follows a word character is inside that word, not the start of a URL.
        if c.is_alphanumeric() || c == '_' || c == '/' || c == '.' {
            let word = rest
                .find(|x: char| {
                    !(x.is_alphanumeric() || x == '_' || x == '/' || x == '.' || x == ':')
                })
                .unwrap_or(rest.len());
            out.push_str(&rest[..word]);
            rest = &rest[word..];
        }
    }
    out
}

/// The length of the Markdown link to a web page at the start of `text` (`[text](https://...)`).
fn web_link(text: &str) -> Option<usize> {
    let close = text.find(']')?;
    let label = &text[1..close];
    if label.contains('[') {
        return None;
    }
    let after = text[close + 1..].strip_prefix('(')?;
    let url = bare_url(after)?;
    after[url..]
        .starts_with(')')
        .then_some(close + 1 + 1 + url + 1)
}

/// The length of the `http://`, `https://` or `mailto:` URL at the start of `text`, which ends
/// at a space, a quote, an escaped character, an entity or a closing bracket, and not on
/// punctuation.
fn bare_url(text: &str) -> Option<usize> {
    if !["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| text.starts_with(scheme))
    {
        return None;
    }
    let end = text
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | '&' | '<' | '>' | ')' | ']' | '`')
        })
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    (url.len() > url.find(':').unwrap_or(0) + 3).then_some(url.len())
}

/// Text for a Markdown paragraph outside tables: HTML escaped, fences neutralised.
pub fn paragraph(text: &str) -> String {
    let text = without_controls(text);
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let escaped = trimmed
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        // A fence here would swallow the rest of the page.
        let escaped = if fence_marker(&escaped).is_some() {
            format!("\\{escaped}")
        } else {
            escaped
        };
        out.push(escaped);
    }
    out.join("\n")
}

/// The first line of a description, for indexes.
pub fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

fn fence_marker(line: &str) -> Option<String> {
    for c in ['`', '~'] {
        let run = line.chars().take_while(|x| *x == c).count();
        if run >= 3 {
            return Some(c.to_string().repeat(run));
        }
    }
    None
}

/// The length of the longest run of `c` in `text`.
pub fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for x in text.chars() {
        if x == c {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// Drops control characters other than newlines and tabs; `\r\n` and `\r` become `\n`.
fn without_controls(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustdoc_neutralises_doctests_and_html() {
        assert_eq!(
            rustdoc("a\n    fn main() {}\n<script>x</script>"),
            "a\nfn main() {}\n&lt;script>x&lt;/script>"
        );
        assert_eq!(
            rustdoc("```\npanic!()\n```\nafter"),
            "```text\npanic!()\n```\nafter"
        );
        assert_eq!(rustdoc("````rust\n  code"), "````text\n  code\n````");
        assert_eq!(rustdoc("bell\u{7} */ end"), "bell */ end");
    }

    #[test]
    fn inline_code_survives_backticks() {
        assert_eq!(inline_code("abc"), "`abc`");
        assert_eq!(inline_code("a`b"), "``a`b``");
        assert_eq!(inline_code("`x"), "`` `x ``");
        assert_eq!(inline_code("a\nb"), "`a\\nb`");
    }

    #[test]
    fn rustdoc_cells_keep_web_links_and_nothing_else() {
        assert_eq!(
            rustdoc_cell("see [RFC 3339](https://x.org/rfc?a=1). [Type] [a](Other)"),
            r"see [RFC 3339](https://x.org/rfc?a=1). \[Type\] \[a\](Other)"
        );
        assert_eq!(
            rustdoc_cell("at https://x.org/a_b. or (http://y.org)"),
            "at <https://x.org/a_b>. or (<http://y.org>)"
        );
        assert_eq!(
            rustdoc_cell(r#"[<br/>"https://x.org"<br/>]"#),
            r#"\[<br/>"<https://x.org>"<br/>\]"#
        );
        assert_eq!(rustdoc_cell("xhttps://a.b http://"), "xhttps://a.b http://");
    }

    #[test]
    fn table_cells_cannot_break_the_table() {
        assert_eq!(
            table_cell("a | b\nc <script>"),
            "a \\| b<br/>c &lt;script&gt;"
        );
        assert_eq!(table_cell("x\r\ny\u{0}"), "x<br/>y");
        assert_eq!(table_cell(r"a\|b\"), r"a\\\|b\\");
    }
}
