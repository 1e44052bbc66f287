//! Errors a user can cause, each tied to a file and, where there is one, a line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::clean_text::for_terminal;

/// One problem with the user's input, reported with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file at fault, as the user would type it (relative to the site root where possible).
    pub file: PathBuf,
    /// 1-based line, where there is one.
    pub line: Option<usize>,
    /// 1-based column, where there is one.
    pub column: Option<usize>,
    pub message: String,
    /// A suggestion for fixing it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), for_terminal(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", indent_lines(hint))?;
        }
        Ok(())
    }
}

/// A hint's lines after the first indented under it, each made safe for a
/// terminal (a hint may quote content).
fn indent_lines(hint: &str) -> String {
    hint.split('\n')
        .map(|line| for_terminal(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Every problem found in one pass; a build reports them all, not just the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// `Ok(value)` when nothing was found, otherwise the diagnostics sorted
    /// by file and line, each said once (a full disk fails every write with
    /// one same diagnostic).
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0
                .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// How to print diagnostics for a person at a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
}

impl Style {
    /// Colour when stderr is a terminal and `NO_COLOR` is not set.
    pub fn for_stderr() -> Style {
        use std::io::IsTerminal;
        Style {
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

impl Diagnostics {
    /// The diagnostics as a person reads them: each with the offending line of
    /// its file (read relative to `root`) and a caret under the column.
    pub fn render(&self, root: &Path, style: Style) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&style.paint("1;31", "error"));
            out.push_str(": ");
            out.push_str(&style.paint("1", &d.place()));
            out.push_str(": ");
            // Messages quote front matter and paths: escape sequences in
            // them must not reach the terminal.
            out.push_str(&for_terminal(&d.message));
            out.push('\n');
            if let Some(snippet) = d.snippet(root) {
                out.push_str(&style.paint("2", &snippet));
            }
            if let Some(hint) = &d.hint {
                out.push_str(&style.paint("36", "  hint"));
                out.push_str(": ");
                out.push_str(&indent_lines(hint));
                out.push('\n');
            }
        }
        out
    }
}

impl Diagnostic {
    /// `file:line:column`, as far as known.
    pub fn place(&self) -> String {
        let mut place = for_terminal(&self.file.display().to_string()).into_owned();
        if let Some(line) = self.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                place.push_str(&format!(":{column}"));
            }
        }
        place
    }

    /// The offending line with a caret under the column, if the file can be read.
    fn snippet(&self, root: &Path) -> Option<String> {
        let line_no = self.line?;
        let path = if self.file.is_absolute() {
            self.file.clone()
        } else {
            root.join(&self.file)
        };
        let bytes = std::fs::read(&path).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        // Read as content is, so that line numbers of a CR-only file match.
        let text = crate::clean_text::for_content(&text);
        let line = text.lines().nth(line_no.checked_sub(1)?)?;
        // Long lines are cut so a minified or pasted article does not flood the terminal.
        let shown: String = line.chars().take(160).collect();
        let gutter = format!("{line_no:>5} | ");
        let mut snippet = format!("{gutter}{}\n", for_terminal(&shown));
        if let Some(column) = self.column.filter(|c| (1..=161).contains(c)) {
            // As wide as the line as shown, escapes included.
            let before: String = shown.chars().take(column - 1).collect();
            let pad: String = for_terminal(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            snippet.push_str(&format!("{}{pad}^\n", " ".repeat(gutter.len())));
        }
        Some(snippet)
    }
}
