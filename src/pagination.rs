//! Listings split into pages: the index of all reports, a source's copies
//! and a publisher's reports. The first page stays where the listing always
//! was (`sources/<slug>/`); page N of it is at `page/N/` below that
//! ([`paths::listing_page`]).

use serde::Serialize;

use crate::paths::{self, PagePath, Urls};

/// Pages linked around the current one when there are too many to list.
const NEIGHBOURS: usize = 2;
/// Up to this many pages, every one is linked.
const ALL_LINKED: usize = 2 * NEIGHBOURS + 5;

/// How many pages `items` fill at `size` a page: always at least one, so
/// that an empty listing still has its page.
pub fn page_count(items: usize, size: usize) -> usize {
    items.div_ceil(size.max(1)).max(1)
}

/// The items on page `number` (from 1).
pub fn page_items<T>(items: &[T], size: usize, number: usize) -> &[T] {
    let size = size.max(1);
    let start = (number.saturating_sub(1) * size).min(items.len());
    &items[start..(start + size).min(items.len())]
}

/// One page of a listing, as templates see it (`pager`).
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the listing has.
    pub count: usize,
    /// Items in the whole listing.
    pub items: usize,
    /// Position (from 1) of this page's first and last items in the listing.
    pub first: usize,
    pub last: usize,
    /// In-site paths of the pages before and after this one.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The pages to link to, in order.
    pub links: Vec<PageLink>,
}

/// A link to one page of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub path: String,
    pub current: bool,
    /// Pages are left out between this link and the one before it.
    pub gap_before: bool,
}

impl Pager {
    /// Page `number` of the listing whose first page is `first`, of `items`
    /// items, `size` a page.
    pub fn new(urls: &Urls, first: &PagePath, number: usize, items: usize, size: usize) -> Pager {
        let count = page_count(items, size);
        let number = number.clamp(1, count);
        let path = |n: usize| urls.path(paths::listing_page(first, n).url());
        let shown = |n: usize| {
            count <= ALL_LINKED || n == 1 || n == count || n.abs_diff(number) <= NEIGHBOURS
        };
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in (1..=count).filter(|&n| shown(n)) {
            links.push(PageLink {
                number: n,
                path: path(n),
                current: n == number,
                gap_before: n > last_shown + 1,
            });
            last_shown = n;
        }
        let first_item = ((number - 1) * size + 1).min(items);
        Pager {
            number,
            count,
            items,
            first: first_item,
            last: (number * size).min(items),
            prev: (number > 1).then(|| path(number - 1)),
            next: (number < count).then(|| path(number + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> Urls {
        let text = "title = \"t\"\nbase_url = \"https://example.org/spin/\"\n";
        let config = crate::config::Config::parse(text, std::path::Path::new("site.toml")).unwrap();
        Urls::new(&config)
    }

    #[test]
    fn the_first_page_stays_where_the_listing_was() {
        let index = paths::index_page();
        assert_eq!(paths::listing_page(&index, 1).file(), "index.html");
        assert_eq!(paths::listing_page(&index, 2).file(), "page/2/index.html");
        let daily = paths::publisher_page("daily");
        assert_eq!(paths::listing_page(&daily, 3).url(), "sites/daily/page/3/");
    }

    #[test]
    fn items_fill_pages_of_the_size_given() {
        let items: Vec<usize> = (0..7).collect();
        assert_eq!(page_count(7, 3), 3);
        assert_eq!(page_count(6, 3), 2);
        assert_eq!(page_count(0, 3), 1, "an empty listing has its page");
        assert_eq!(page_items(&items, 3, 1), [0, 1, 2]);
        assert_eq!(page_items(&items, 3, 3), [6]);
        assert!(page_items(&items, 3, 4).is_empty());
    }

    #[test]
    fn a_page_links_its_neighbours_and_says_what_it_holds() {
        let p = Pager::new(&urls(), &paths::publisher_page("daily"), 2, 7, 3);
        assert_eq!((p.number, p.count, p.first, p.last), (2, 3, 4, 6));
        assert_eq!(p.prev.as_deref(), Some("/spin/sites/daily/"));
        assert_eq!(p.next.as_deref(), Some("/spin/sites/daily/page/3/"));
        let only = Pager::new(&urls(), &paths::index_page(), 1, 2, 50);
        assert_eq!((only.prev, only.next, only.links.len()), (None, None, 1));
    }

    #[test]
    fn long_listings_link_the_ends_and_the_pages_around_this_one() {
        let p = Pager::new(&urls(), &paths::index_page(), 10, 1000, 50);
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 8, 9, 10, 11, 12, 20]);
        let gaps: Vec<bool> = p.links.iter().map(|l| l.gap_before).collect();
        assert_eq!(gaps, [false, true, false, false, false, false, true]);
        assert!(p.links[3].current);
        assert_eq!(p.links[6].path, "/spin/page/20/");
    }
}
