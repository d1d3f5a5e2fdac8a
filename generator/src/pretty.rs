//! The line-breaking printer of `prettyplease`, for code printed without a syntax tree.
//!
//! Snippets are printed straight from their own small expression model
//! ([`crate::snippet`]) instead of through `quote!`, `syn` and `prettyplease`, which cost a
//! hundred times more. To print exactly what `prettyplease` prints, this is its algorithm
//! (`algorithm.rs` and `convenience.rs` of prettyplease 0.2, MIT OR Apache-2.0, itself
//! adapted from rustc's `pp.rs`, Oppen's pretty printer) with the same margins, and the
//! snippet printer makes the same calls as prettyplease does for each kind of expression.

use std::borrow::Cow;
use std::collections::VecDeque;

/// The width prettyplease fills.
pub const MARGIN: isize = 89;
/// How far blocks indent.
pub const INDENT: isize = 4;
/// The least room a line is given, however deep its indentation.
const MIN_SPACE: isize = 60;
const SIZE_INFINITY: isize = 0xffff;

#[derive(Clone, Copy, PartialEq)]
enum Breaks {
    Consistent,
    Inconsistent,
}

/// A place where the line may break.
#[derive(Clone, Copy, Default)]
pub struct BreakToken {
    /// Indentation added to the next line when it breaks here.
    pub offset: isize,
    /// Spaces printed when it does not break.
    pub blank_space: usize,
    /// Printed before the line break when it breaks.
    pub pre_break: Option<char>,
    /// Printed at the start of the next line when it breaks.
    pub post_break: &'static str,
    /// Printed when it does not break.
    pub no_break: Option<char>,
    /// Dropped when it is the last thing in its box.
    pub if_nonempty: bool,
    /// Never breaks.
    pub never_break: bool,
}

#[derive(Clone, Copy)]
struct BeginToken {
    offset: isize,
    breaks: Breaks,
}

enum Token<'a> {
    String(Cow<'a, str>),
    Break(BreakToken),
    Begin(BeginToken),
    End,
}

#[derive(Copy, Clone)]
enum PrintFrame {
    Fits,
    Broken(usize, Breaks),
}

struct BufEntry<'a> {
    token: Token<'a>,
    size: isize,
}

/// The printer: boxes (`cbox` breaks all its breaks or none, `ibox` as few as fit), words and
/// breaks go in, the text comes out of [`Printer::eof`].
pub struct Printer<'a> {
    out: String,
    /// Room left on the line.
    space: isize,
    /// The tokens not printed yet; `offset` is the absolute index of the first.
    buf: VecDeque<BufEntry<'a>>,
    offset: usize,
    /// Total size of the tokens printed.
    left_total: isize,
    /// Total size of the tokens enqueued, printed or not.
    right_total: isize,
    /// Absolute indices of the open `Begin`s and the breaks after them.
    scan_stack: VecDeque<usize>,
    print_stack: Vec<PrintFrame>,
    indent: usize,
    /// Indentation not written yet, so that no line ends in spaces.
    pending_indentation: usize,
}

impl<'a> Printer<'a> {
    /// An empty printer.
    pub fn new() -> Self {
        Printer {
            out: String::new(),
            space: MARGIN,
            buf: VecDeque::new(),
            offset: 0,
            left_total: 0,
            right_total: 0,
            scan_stack: VecDeque::new(),
            print_stack: Vec::new(),
            indent: 0,
            pending_indentation: 0,
        }
    }

    /// Flushes everything and returns the text.
    pub fn eof(mut self) -> String {
        if !self.scan_stack.is_empty() {
            self.check_stack(0);
            self.advance_left();
        }
        self.out
    }

    fn push(&mut self, entry: BufEntry<'a>) -> usize {
        let index = self.offset + self.buf.len();
        self.buf.push_back(entry);
        index
    }

    fn entry(&mut self, index: usize) -> &mut BufEntry<'a> {
        &mut self.buf[index - self.offset]
    }

    fn scan_begin(&mut self, token: BeginToken) {
        if self.scan_stack.is_empty() {
            self.left_total = 1;
            self.right_total = 1;
            self.buf.clear();
        }
        let right = self.push(BufEntry {
            token: Token::Begin(token),
            size: -self.right_total,
        });
        self.scan_stack.push_back(right);
    }

    fn scan_end(&mut self) {
        if self.scan_stack.is_empty() {
            self.print_end();
            return;
        }
        if let Some(BufEntry {
            token: Token::Break(break_token),
            ..
        }) = self.buf.back()
        {
            let break_token = *break_token;
            if self.buf.len() >= 2 {
                if let Token::Begin(_) = self.buf[self.buf.len() - 2].token {
                    self.buf.pop_back();
                    self.buf.pop_back();
                    self.scan_stack.pop_back();
                    self.scan_stack.pop_back();
                    self.right_total -= break_token.blank_space as isize;
                    return;
                }
            }
            if break_token.if_nonempty {
                self.buf.pop_back();
                self.scan_stack.pop_back();
                self.right_total -= break_token.blank_space as isize;
            }
        }
        let right = self.push(BufEntry {
            token: Token::End,
            size: -1,
        });
        self.scan_stack.push_back(right);
    }

    /// A break of any kind.
    pub fn scan_break(&mut self, token: BreakToken) {
        if self.scan_stack.is_empty() {
            self.left_total = 1;
            self.right_total = 1;
            self.buf.clear();
        } else {
            self.check_stack(0);
        }
        let right = self.push(BufEntry {
            token: Token::Break(token),
            size: -self.right_total,
        });
        self.scan_stack.push_back(right);
        self.right_total += token.blank_space as isize;
    }

    fn scan_string(&mut self, string: Cow<'a, str>) {
        if self.scan_stack.is_empty() {
            self.print_string(&string);
        } else {
            let len = string.len() as isize;
            self.push(BufEntry {
                token: Token::String(string),
                size: len,
            });
            self.right_total += len;
            self.check_stream();
        }
    }

    /// Adds to the indentation of the break just written (nothing after a box's start).
    pub fn offset(&mut self, offset: isize) {
        if let Some(BufEntry {
            token: Token::Break(token),
            ..
        }) = self.buf.back_mut()
        {
            token.offset += offset;
        }
    }

    /// Ends the box, breaking it when its contents are wider than `max`.
    pub fn end_with_max_width(&mut self, max: isize) {
        let mut depth = 1;
        for &index in self.scan_stack.iter().rev() {
            let entry = &self.buf[index - self.offset];
            match entry.token {
                Token::Begin(_) => {
                    depth -= 1;
                    if depth == 0 {
                        if entry.size < 0 {
                            let actual_width = entry.size + self.right_total;
                            if actual_width > max {
                                self.push(BufEntry {
                                    token: Token::String(Cow::Borrowed("")),
                                    size: SIZE_INFINITY,
                                });
                                self.right_total += SIZE_INFINITY;
                            }
                        }
                        break;
                    }
                }
                Token::End => depth += 1,
                Token::Break(_) | Token::String(_) => {}
            }
        }
        self.scan_end();
    }

    /// Whether the last word written ends with `ch`.
    pub fn ends_with(&self, ch: char) -> bool {
        for entry in self.buf.iter().rev() {
            if let Token::String(token) = &entry.token {
                return token.ends_with(ch);
            }
        }
        self.out.ends_with(ch)
    }

    fn check_stream(&mut self) {
        while self.right_total - self.left_total > self.space {
            if self.scan_stack.front() == Some(&self.offset) {
                self.scan_stack.pop_front();
                if let Some(first) = self.buf.front_mut() {
                    first.size = SIZE_INFINITY;
                }
            }
            self.advance_left();
            if self.buf.is_empty() {
                break;
            }
        }
    }

    fn advance_left(&mut self) {
        while self.buf.front().is_some_and(|first| first.size >= 0) {
            let Some(left) = self.buf.pop_front() else {
                break;
            };
            self.offset += 1;
            match left.token {
                Token::String(string) => {
                    self.left_total += left.size;
                    self.print_string(&string);
                }
                Token::Break(token) => {
                    self.left_total += token.blank_space as isize;
                    self.print_break(token, left.size);
                }
                Token::Begin(token) => self.print_begin(token, left.size),
                Token::End => self.print_end(),
            }
        }
    }

    fn check_stack(&mut self, mut depth: usize) {
        while let Some(&index) = self.scan_stack.back() {
            let right_total = self.right_total;
            let entry = self.entry(index);
            match entry.token {
                Token::Begin(_) => {
                    if depth == 0 {
                        break;
                    }
                    entry.size += right_total;
                    self.scan_stack.pop_back();
                    depth -= 1;
                }
                Token::End => {
                    entry.size = 1;
                    self.scan_stack.pop_back();
                    depth += 1;
                }
                Token::Break(_) => {
                    entry.size += right_total;
                    self.scan_stack.pop_back();
                    if depth == 0 {
                        break;
                    }
                }
                Token::String(_) => unreachable!("strings are never on the scan stack"),
            }
        }
    }

    fn print_begin(&mut self, token: BeginToken, size: isize) {
        if size > self.space {
            self.print_stack
                .push(PrintFrame::Broken(self.indent, token.breaks));
            self.indent = (self.indent as isize + token.offset).max(0) as usize;
        } else {
            self.print_stack.push(PrintFrame::Fits);
        }
    }

    fn print_end(&mut self) {
        if let Some(PrintFrame::Broken(indent, _)) = self.print_stack.pop() {
            self.indent = indent;
        }
    }

    fn print_break(&mut self, token: BreakToken, size: isize) {
        let top = self
            .print_stack
            .last()
            .copied()
            .unwrap_or(PrintFrame::Broken(0, Breaks::Inconsistent));
        let fits = token.never_break
            || match top {
                PrintFrame::Fits => true,
                PrintFrame::Broken(.., Breaks::Consistent) => false,
                PrintFrame::Broken(.., Breaks::Inconsistent) => size <= self.space,
            };
        if fits {
            self.pending_indentation += token.blank_space;
            self.space -= token.blank_space as isize;
            if let Some(no_break) = token.no_break {
                self.out.push(no_break);
                self.space -= no_break.len_utf8() as isize;
            }
        } else {
            if let Some(pre_break) = token.pre_break {
                self.print_indent();
                self.out.push(pre_break);
            }
            self.out.push('\n');
            let indent = self.indent as isize + token.offset;
            self.pending_indentation = indent.max(0) as usize;
            self.space = (MARGIN - indent).max(MIN_SPACE);
            if !token.post_break.is_empty() {
                self.print_indent();
                self.out.push_str(token.post_break);
                self.space -= token.post_break.len() as isize;
            }
        }
    }

    fn print_string(&mut self, string: &str) {
        self.print_indent();
        self.out.push_str(string);
        self.space -= string.len() as isize;
    }

    fn print_indent(&mut self) {
        const SPACES: &str = "                                                                ";
        while self.pending_indentation > 0 {
            let n = self.pending_indentation.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            self.pending_indentation -= n;
        }
    }

    // The calls prettyplease's printing code makes.

    /// Opens a box whose breaks break as few as needed.
    pub fn ibox(&mut self, indent: isize) {
        self.scan_begin(BeginToken {
            offset: indent,
            breaks: Breaks::Inconsistent,
        });
    }

    /// Opens a box whose breaks all break, or none.
    pub fn cbox(&mut self, indent: isize) {
        self.scan_begin(BeginToken {
            offset: indent,
            breaks: Breaks::Consistent,
        });
    }

    /// Closes the innermost box.
    pub fn end(&mut self) {
        self.scan_end();
    }

    /// Text that never breaks.
    pub fn word(&mut self, word: impl Into<Cow<'a, str>>) {
        self.scan_string(word.into());
    }

    fn spaces(&mut self, n: usize) {
        self.scan_break(BreakToken {
            blank_space: n,
            ..BreakToken::default()
        });
    }

    /// Nothing, or a line break.
    pub fn zerobreak(&mut self) {
        self.spaces(0);
    }

    /// A space, or a line break.
    pub fn space(&mut self) {
        self.spaces(1);
    }

    /// A space that never breaks.
    pub fn nbsp(&mut self) {
        self.word(" ");
    }

    /// A line break.
    pub fn hardbreak(&mut self) {
        self.spaces(SIZE_INFINITY as usize);
    }

    /// A space or a line break, dropped at the end of its box.
    pub fn space_if_nonempty(&mut self) {
        self.scan_break(BreakToken {
            blank_space: 1,
            if_nonempty: true,
            ..BreakToken::default()
        });
    }

    /// A line break, dropped at the end of its box.
    pub fn hardbreak_if_nonempty(&mut self) {
        self.scan_break(BreakToken {
            blank_space: SIZE_INFINITY as usize,
            if_nonempty: true,
            ..BreakToken::default()
        });
    }

    /// The separator after a list item: `, ` or a line break; after the last item nothing, or
    /// a comma when the list breaks.
    pub fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.scan_break(BreakToken {
                pre_break: Some(','),
                ..BreakToken::default()
            });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// As [`Printer::trailing_comma`], with a space after the last item when it does not break.
    pub fn trailing_comma_or_space(&mut self, is_last: bool) {
        if is_last {
            self.scan_break(BreakToken {
                blank_space: 1,
                pre_break: Some(','),
                ..BreakToken::default()
            });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// A break that never breaks (it only ends a run of words for the algorithm).
    pub fn neverbreak(&mut self) {
        self.scan_break(BreakToken {
            never_break: true,
            ..BreakToken::default()
        });
    }
}

/// What `prettyplease` prints for a statement or match arm (which `body` feeds the printer,
/// ending with a line break) `depth` blocks deep.
pub fn printed_at<'a>(depth: usize, body: impl FnOnce(&mut Printer<'a>)) -> String {
    let mut p = Printer::new();
    for _ in 0..depth {
        p.word("{");
        p.cbox(INDENT);
        p.hardbreak();
    }
    body(&mut p);
    for _ in 0..depth {
        p.offset(-INDENT);
        p.end();
        p.word("}");
        p.hardbreak();
    }
    let text = p.eof();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match lines.get(depth..lines.len().saturating_sub(depth)) {
        Some(inner) => inner.concat(),
        None => String::new(),
    }
}

impl Default for Printer<'_> {
    fn default() -> Self {
        Printer::new()
    }
}
