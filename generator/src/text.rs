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

fn longest_run(text: &str, c: char) -> usize {
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
    fn table_cells_cannot_break_the_table() {
        assert_eq!(
            table_cell("a | b\nc <script>"),
            "a \\| b<br/>c &lt;script&gt;"
        );
        assert_eq!(table_cell("x\r\ny\u{0}"), "x<br/>y");
        assert_eq!(table_cell(r"a\|b\"), r"a\\\|b\\");
    }
}
