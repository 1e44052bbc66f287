//! What a report is about ([`About`] in `report.json`): both texts' slugs,
//! titles, publishers, URLs and dates, the unspun version and the aligner
//! options. The aligner knows only the two texts, so whoever runs it fills
//! this in: `build` from the site's content, `unspun align` from the files.

use crate::align::AlignOptions;
use crate::content::{Rewrite, Source};
use crate::report::{About, AboutText};

/// `unspun` and its version, e.g. `unspun 0.2.0`.
pub fn generator() -> String {
    concat!("unspun ", env!("CARGO_PKG_VERSION")).to_string()
}

/// The aligner options as `[align]` in `site.toml` spells them.
pub fn align_options(options: &AlignOptions) -> serde_json::Value {
    // Plain numbers and booleans: serialising cannot fail.
    serde_json::to_value(options).unwrap_or_default()
}

/// What a site's report on `rewrite` is about.
pub fn of_site_report(source: &Source, rewrite: &Rewrite, options: &AlignOptions) -> About {
    About {
        slug: rewrite.slug.clone(),
        source: AboutText {
            slug: source.slug.clone(),
            title: source.meta.title.clone(),
            url: source.meta.url.clone(),
            publisher: Some(source.meta.publisher.clone()),
            date: Some(source.meta.date.clone()),
        },
        rewrite: AboutText {
            slug: rewrite.slug.clone(),
            title: rewrite.meta.title.clone(),
            url: rewrite.meta.url.clone(),
            publisher: Some(rewrite.meta.site.clone()),
            date: Some(rewrite.meta.date.clone()),
        },
        generator: generator(),
        align_options: align_options(options),
    }
}
