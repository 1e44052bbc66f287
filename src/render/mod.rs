//! Rendering: page contexts, Tera templates and Markdown.
//!
//! The renderer knows templates but not how alignments are computed: it takes
//! finished [`Report`](crate::report::Report)s and library metadata and turns
//! them into page text. Templates are looked up in the site's `templates/`,
//! then `themes/<theme>/templates/`, then the default theme compiled into the
//! binary, so a site with no `themes/` directory still builds. Every page's
//! markup is in those templates; Rust writes only the marks inside a
//! sentence ([`annotate`]) and escapes text ([`escape`]).
//!
//! The modules, from the report down to the pages (each uses only those
//! listed before it):
//!
//! | module | job |
//! |---|---|
//! | `escape`, `urls`, `figures` | escaping, paths and URLs, how numbers read |
//! | `markdown`, `annotate` | the author's Markdown; a sentence's changed words and findings |
//! | `kinds`, `site_context`, `findings`, `marks`, `set_aside`, `rows` | the pieces of a report page's data |
//! | `report_context`, `summary`, `coverage` | a report as its pages see it, and as the listings do |
//! | `templates`, `downloads`, `renderer` | loading the theme; what every page is rendered with |
//! | `report_pages`, `listing_pages`, `feeds`, `data_page` | the pages |

mod annotate;
mod coverage;
mod data_page;
mod downloads;
mod escape;
mod feeds;
mod figures;
mod findings;
mod kinds;
mod listing_pages;
pub mod markdown;
mod marks;
mod renderer;
mod report_context;
mod report_pages;
mod rows;
mod set_aside;
mod site_context;
mod summary;
mod templates;

pub use crate::content::slugify;
pub use annotate::{annotate_sentence, MarkSpan, SentenceSide};
pub use downloads::DataFiles;
pub use escape::{escape_html, push_html_escaped};
pub use figures::plural;
pub use findings::{FindingItem, PlaceLink};
pub use kinds::{kind_counts, KindCount, KindInfo};
pub use renderer::Renderer;
pub use report_context::{report_context, ReportContext, ReportStats};
pub use rows::Row;
pub use site_context::{
    is_web_url, InlineScripts, PageMeta, SiteContext, SourceRef, CSP, INLINE_SCRIPTS,
};
pub use summary::{site_groups, sort_newest_first, ReportSummary};
