//! Editions as pages and as email: the views of the editions list, an edition's page, and its
//! email (`email/edition.html`, inlined with css-inline, and `email/edition.txt`, wrapped at 72
//! columns), every URL of an email absolute and, when `editions.utm` asks, tagged.

use std::sync::LazyLock;

use serde::Serialize;
use tera::{Context, Value};
use url::Url;

use super::{DateView, Link, ListPage, Renderer, erased::Page as _, pagination};
use crate::core::diagnostic::Pos;
use crate::core::urls;
use crate::parse::absolute::absolutize_html;
use crate::parse::markdown::sanitize_for_email;
use crate::site::Edition;
use crate::site::editions::{Item, Note};

/// The template of an edition's email, and of its plain-text version.
pub const EMAIL_TEMPLATE: &str = "email/edition.html";
pub const TEXT_TEMPLATE: &str = "email/edition.txt";
/// The column plain-text email is wrapped at.
pub const TEXT_WIDTH: usize = 72;

/// The width of the email's column of text, in pixels: the 600 px frame less its 32 px sides.
pub const EMAIL_COLUMN: u32 = 536;

/// An email's images fit its column: an image wider than the column, or of a width not given
/// (a Markdown image, a photo at full size), gets the column's `width`, which Outlook needs,
/// and a `height` scaled with it (none when its size was not given), so that it keeps its shape
/// and its place is kept while it loads; the theme's `max-width: 100%` and `height: auto` shrink
/// it on a phone. An image narrower than the column keeps its size.
fn fit_images(html: String) -> String {
    fit_to_column(html, false)
}

/// `fit_images` for the editions feeds, which RSS-to-email services paste into their own
/// 600 px templates: a `<picture>` is its `<img>` alone (its WebP `<source>`s dropped: Outlook
/// shows none of them and would take the `<img>`'s full width), fitted to the column.
pub fn fit_feed_images(html: String) -> String {
    fit_to_column(html, true)
}

fn fit_to_column(html: String, pictures: bool) -> String {
    if !html.contains("<img") {
        return html;
    }
    let number = |value: Option<String>| value.and_then(|v| v.trim().parse::<u32>().ok());
    let mut settings = lol_html::RewriteStrSettings::new();
    if pictures {
        settings = settings
            .append_element_content_handler(lol_html::element!("picture", |picture| {
                picture.remove_and_keep_content();
                Ok(())
            }))
            .append_element_content_handler(lol_html::element!("picture > source", |source| {
                source.remove();
                Ok(())
            }));
    }
    let settings = settings.append_element_content_handler(lol_html::element!("img", |img| {
        // Raw HTML's image without `alt` is what Markdown's `![](x.png)` is: one that says
        // nothing (`alt=""`), as mail readers and check_email want every image's `alt`.
        if !img.has_attribute("alt") {
            img.set_attribute("alt", "")?;
        }
        let given = number(img.get_attribute("width"));
        if given.is_none_or(|width| width > EMAIL_COLUMN) {
            img.set_attribute("width", &EMAIL_COLUMN.to_string())?;
            match (given, number(img.get_attribute("height"))) {
                (Some(width), Some(height)) if width > 0 => {
                    let scaled =
                        (u64::from(height) * u64::from(EMAIL_COLUMN) + u64::from(width) / 2) / u64::from(width);
                    img.set_attribute("height", &scaled.max(1).to_string())?;
                }
                _ => img.remove_attribute("height"),
            }
        }
        Ok(())
    }));
    lol_html::rewrite_str(&html, settings).unwrap_or(html)
}

/// An edition as lists show it.
#[derive(Serialize, Clone)]
pub(super) struct EditionCard {
    slug: String,
    title: String,
    url: String,
    date: DateView,
    summary: Option<String>,
    series: Option<String>,
    auto: bool,
    draft: bool,
    /// How many articles and links it carries.
    count: usize,
    /// `count` in words ("5 items", `items`), made once here rather than by `t()` on each page.
    items_label: String,
}

#[derive(Serialize)]
struct ItemView {
    /// `article` or `link`.
    kind: &'static str,
    title: String,
    url: String,
    note: Option<String>,
    note_text: Option<String>,
    topic: Option<Link>,
    outlet: Option<String>,
    summary: Option<String>,
    date: Option<DateView>,
    key: bool,
}

#[derive(Serialize)]
struct SectionView {
    title: Option<String>,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct EditionView {
    #[serde(flatten)]
    card: EditionCard,
    /// The editor's introduction (HTML).
    intro: String,
    intro_text: String,
    sections: Vec<SectionView>,
    /// The older and newer edition of the same series.
    previous: Option<Link>,
    next: Option<Link>,
    /// The web page, absolute (the email's "view in a browser" link).
    web_url: String,
    email_url: String,
    text_url: String,
    /// The feeds of its series (of every edition, for one without a series): absolute in the
    /// email, never UTM-tagged.
    feed_url: String,
    json_feed_url: String,
    /// The email's hidden preheader: `summary`, or the first headlines.
    preheader: String,
    /// Its log of updates and corrections after it went out, oldest first (`updates:`).
    updates: Vec<super::UpdateView>,
    /// The newest correction of the log, which the page and the email show under the title (a
    /// reader of a resent email sees it first: session 34's standards probe).
    latest_correction: Option<super::UpdateView>,
    /// `updated:`, or the latest update's date; none when it has not changed since.
    updated: Option<super::DateView>,
    /// The edition's `extra:`, for the theme.
    extra: serde_json::Value,
}

#[derive(Serialize)]
struct EditionMonth {
    label: String,
    editions: Vec<EditionCard>,
}

#[derive(Serialize)]
struct SeriesFeed {
    name: String,
    feed_url: String,
    json_feed_url: String,
}

#[derive(Serialize)]
struct EditionsData {
    months: Vec<EditionMonth>,
    pagination: Option<pagination::PaginationView>,
    feed_url: String,
    json_feed_url: String,
    series: Vec<SeriesFeed>,
}

#[derive(Serialize)]
struct EditionData {
    edition: EditionView,
}

/// The site's own links of an email, absolute, for `email/edition.html` and `.txt`.
#[derive(Serialize)]
struct EmailLinks {
    home_url: String,
    editions_url: String,
    feed_url: String,
    /// The topics, archive and search pages, and where the static files are: what a text
    /// email, where nothing is made absolute, links as `site.*_url` would be on a page.
    topics_url: String,
    archive_url: String,
    search_url: String,
    static_url: String,
    /// "You are reading <edition> from <a …>site</a>." (`email_reading`), HTML.
    reading: String,
    /// `editions.unsubscribe` as written: an address or the sending service's placeholder.
    unsubscribe_url: Option<String>,
}

#[derive(Serialize)]
struct EmailData<'a> {
    page_title: &'a str,
    edition: &'a Value,
    links: EmailLinks,
    colors: EmailColors<'a>,
}

/// The colours the site gives its pages that the email takes as plain values (a mail client
/// reads no CSS variable): each undefined when the site sets none, for the template's
/// `default(value=…)`.
#[derive(Serialize)]
struct EmailColors<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    accent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accent_dark: Option<&'a str>,
}

/// How an edition's URLs are written: under the base path for its page, absolute (and tagged)
/// for its email.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Web,
    Email,
}

impl Renderer<'_> {
    /// Edition `e`'s card.
    pub(super) fn edition_card(&self, e: usize) -> EditionCard {
        // Every article of a day's edition shows its card: made once.
        self.data.edition_cards[e]
            .get_or_init(|| self.make_edition_card(e))
            .clone()
    }

    fn make_edition_card(&self, e: usize) -> EditionCard {
        let edition = &self.site.editions[e];
        let count = edition.items.iter().filter(|i| !matches!(i, Item::Section(_))).count();
        EditionCard {
            slug: edition.slug.clone(),
            title: edition.title.clone(),
            url: self.site.config.base_url.url(&edition.permalink()),
            date: DateView::new(&edition.date, self.words().language()),
            summary: edition.summary.clone(),
            series: edition.series_name.clone(),
            auto: edition.auto,
            draft: edition.draft,
            count,
            items_label: self.words().text("items", Some(count as u64), &[]),
        }
    }

    /// The email's footer line, "You are reading … from …", as HTML.
    fn email_reading(&self, edition: &crate::site::Edition, home_url: &str) -> String {
        let mut title = Vec::with_capacity(edition.title.len());
        let _ = tera::escape_html(&edition.title, &mut title);
        let title = String::from_utf8(title).unwrap_or_default();
        let site_link = super::i18n::link_html(home_url, &self.site.config.title);
        self.words()
            .html("email_reading", None, &[("edition", &title), ("site_link", &site_link)])
    }

    /// A site path as a URL in `mode`.
    fn edition_url(&self, path: &str, mode: Mode) -> String {
        let config = &self.site.config;
        match mode {
            Mode::Web => config.base_url.url(path),
            Mode::Email => with_utm(config.base_url.absolute(path), &config.editions.utm),
        }
    }

    /// A feed's address for `mode`: root-relative on the web, absolute in the email (untagged).
    fn feed_url(&self, path: String, mode: Mode) -> String {
        let base = &self.site.config.base_url;
        match mode {
            Mode::Web => base.url(&path),
            Mode::Email => base.absolute(&path),
        }
    }

    fn edition_view(&self, e: usize, mode: Mode) -> EditionView {
        let site = self.site;
        let edition = &site.editions[e];
        let mut card = self.edition_card(e);
        card.url = self.edition_url(&edition.permalink(), mode);
        let page = site.config.base_url.absolute(&edition.permalink());
        // An email carries no script, frame, form or `javascript:` link, whatever the web
        // page keeps of raw HTML (`unsafe_html`): its HTML is cleaned, and its links made
        // absolute.
        let html = |html: &str| match (mode, Url::parse(&page)) {
            (Mode::Web, _) => html.to_string(),
            (Mode::Email, Ok(page)) => fit_images(absolutize_html(&sanitize_for_email(html), &page).into_owned()),
            (Mode::Email, Err(_)) => fit_images(sanitize_for_email(html)),
        };
        // An automatic edition's sections come without titles only when a topic has none.
        let sections: Vec<SectionView> = edition
            .sections()
            .into_iter()
            .map(|section| SectionView {
                title: section.title.map(str::to_string),
                items: section
                    .items
                    .into_iter()
                    .map(|item| self.item_view(item, mode, &html))
                    .collect(),
            })
            .collect();
        let (previous, next) = self.series_neighbours(e, mode);
        let preheader = edition.summary.clone().unwrap_or_else(|| {
            let titles: Vec<&str> = sections
                .iter()
                .flat_map(|s| &s.items)
                .take(3)
                .map(|i| i.title.as_str())
                .collect();
            titles.join(self.words().language().list_separator())
        });
        EditionView {
            card,
            intro: html(&edition.intro),
            intro_text: edition.intro_text.clone(),
            sections,
            previous,
            next,
            web_url: self.edition_url(&edition.permalink(), Mode::Email),
            email_url: self.edition_url(&urls::edition_email(&edition.slug), mode),
            text_url: self.edition_url(&urls::edition_text(&edition.slug), mode),
            feed_url: self.feed_url(
                edition
                    .series
                    .as_deref()
                    .map_or(urls::EDITIONS_ATOM.into(), urls::series_feed),
                mode,
            ),
            json_feed_url: self.feed_url(
                edition
                    .series
                    .as_deref()
                    .map_or(urls::EDITIONS_JSON_FEED.into(), urls::series_json_feed),
                mode,
            ),
            preheader,
            updates: edition
                .updates
                .iter()
                .map(|u| super::update_view(u, self.words()))
                .collect(),
            latest_correction: crate::parse::frontmatter::latest_correction(&edition.updates)
                .map(|u| super::update_view(u, self.words())),
            updated: edition
                .updated
                .as_ref()
                .map(|d| super::DateView::new(d, self.words().language())),
            extra: edition.extra.clone(),
        }
    }

    /// An article or link item as the edition shows it (`html` makes a note's URLs right for
    /// `mode`).
    fn item_view(&self, item: &Item, mode: Mode, html: &dyn Fn(&str) -> String) -> ItemView {
        let site = self.site;
        match item {
            Item::Article { article, note } => {
                let article = &site.articles[*article];
                // A topic with no translation into this language: its page in the default one.
                let elsewhere = || {
                    let topic = super::topics_elsewhere(site, article).next()?;
                    let url = match mode {
                        Mode::Web => topic.url,
                        Mode::Email => {
                            with_utm(site.config.base_url.absolute_url(&topic.url), &site.config.editions.utm)
                        }
                    };
                    Some(Link {
                        title: topic.title,
                        url,
                    })
                };
                let topic = article
                    .topics
                    .first()
                    .map(|&t| Link {
                        title: site.topics[t].meta.title.clone(),
                        url: self.edition_url(&site.topics[t].permalink(), mode),
                    })
                    .or_else(elsewhere);
                ItemView {
                    kind: "article",
                    title: article.meta.title.clone(),
                    url: self.edition_url(&article.permalink, mode),
                    note: note.as_ref().map(|n| html(&n.html)),
                    note_text: note.as_ref().map(|n: &Note| n.text.clone()),
                    topic,
                    outlet: None,
                    summary: Some(article.summary.clone()),
                    date: Some(DateView::new(&article.meta.date, self.words().language())),
                    key: article.meta.key,
                }
            }
            Item::Link {
                url,
                title,
                outlet,
                note,
            } => ItemView {
                kind: "link",
                title: title.clone(),
                url: url.clone(),
                note: note.as_ref().map(|n| html(&n.html)),
                note_text: note.as_ref().map(|n| n.text.clone()),
                topic: None,
                outlet: outlet.clone(),
                summary: None,
                date: None,
                key: false,
            },
            Item::Section(title) => ItemView {
                kind: "section",
                title: title.clone(),
                url: String::new(),
                note: None,
                note_text: None,
                topic: None,
                outlet: None,
                summary: None,
                date: None,
                key: false,
            },
        }
    }

    /// The older and the newer edition of `e`'s series (editions are newest first).
    fn series_neighbours(&self, e: usize, mode: Mode) -> (Option<Link>, Option<Link>) {
        let editions = &self.site.editions;
        let series = &editions[e].series;
        let link = |edition: &Edition| Link {
            title: edition.title.clone(),
            url: self.edition_url(&edition.permalink(), mode),
        };
        let older = editions[e + 1..].iter().find(|o| o.series == *series).map(link);
        let newer = editions[..e].iter().rev().find(|o| o.series == *series).map(link);
        (older, newer)
    }

    pub(super) fn editions_context(&self, page: usize) -> Context {
        let site = self.site;
        let config = &site.config;
        // A site with an edition a day has thousands: they are listed `per_page` a page.
        let total = pagination::page_count(site.editions.len(), config.per_page);
        let words = self.words();
        let description = words.text("editions_description", None, &[]);
        let title = words.text("editions_title", None, &[]) + &self.of_pages(page, total);
        let mut months: Vec<EditionMonth> = Vec::new();
        for e in pagination::page_range(site.editions.len(), config.per_page, page) {
            let edition = &site.editions[e];
            let label = self.words().language().month(edition.date.year(), edition.date.month());
            let card = self.edition_card(e);
            match months.last_mut() {
                Some(month) if month.label == label => month.editions.push(card),
                _ => months.push(EditionMonth {
                    label,
                    editions: vec![card],
                }),
            }
        }
        let page = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&urls::paged(urls::EDITIONS, page)),
            section: "editions",
            data: EditionsData {
                months,
                pagination: pagination::navigation(config, urls::EDITIONS, page, total),
                feed_url: config.base_url.url(urls::EDITIONS_ATOM),
                json_feed_url: config.base_url.url(urls::EDITIONS_JSON_FEED),
                series: crate::site::editions::series(&site.editions)
                    .into_iter()
                    .map(|(slug, name)| SeriesFeed {
                        name: name.to_string(),
                        feed_url: config.base_url.url(&urls::series_feed(slug)),
                        json_feed_url: config.base_url.url(&urls::series_json_feed(slug)),
                    })
                    .collect(),
            },
        };
        page.context()
    }

    pub(super) fn edition_context(&self, e: usize) -> Context {
        let edition = &self.site.editions[e];
        let description = edition.summary.as_deref().unwrap_or(&edition.title);
        let page = ListPage {
            page_title: &edition.title,
            page_description: description,
            canonical: self.absolute(&edition.permalink()),
            section: "edition",
            data: EditionData {
                edition: self.edition_view(e, Mode::Web),
            },
        };
        page.context()
    }

    /// The context of edition `e`'s email, HTML and text alike (the view is made once for both).
    pub(super) fn email_context(&self, e: usize) -> Context {
        let config = &self.site.config;
        let edition = &self.site.editions[e];
        let edition_view = self.data.email_editions[e]
            .get_or_init(|| Value::from_serializable(&self.edition_view(e, Mode::Email)))
            .clone();
        let data = EmailData {
            page_title: &edition.title,
            edition: &edition_view,
            links: EmailLinks {
                reading: self.email_reading(edition, &self.edition_url(urls::HOME, Mode::Email)),
                home_url: self.edition_url(urls::HOME, Mode::Email),
                editions_url: self.edition_url(urls::EDITIONS, Mode::Email),
                feed_url: config.base_url.absolute(urls::EDITIONS_ATOM),
                topics_url: self.edition_url(urls::TOPICS, Mode::Email),
                archive_url: self.edition_url(urls::ARCHIVE, Mode::Email),
                search_url: self.edition_url(urls::SEARCH, Mode::Email),
                static_url: config.static_base().absolute(""),
                unsubscribe_url: config.editions.unsubscribe.clone(),
            },
            colors: EmailColors {
                accent: self.site.accent.as_ref().map(|a| a.accent.as_str()),
                accent_dark: self.site.accent.as_ref().map(|a| a.accent_dark.as_str()),
            },
        };
        data.context()
    }
}

/// `url` with the `utm_*` parameters added to its query (before any fragment).
fn with_utm(url: String, utm: &[(String, String)]) -> String {
    if utm.is_empty() {
        return url;
    }
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url.as_str(), None),
    };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in utm {
        query.append_pair(&format!("utm_{name}"), value);
    }
    let separator = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{separator}{}", query.finish());
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// How an email is inlined: nothing fetched, every `<style>` replaced by the one css-inline
/// writes with the at-rules, declarations minified, `width` attributes kept for Outlook.
fn inline_options() -> css_inline::InlineOptions<'static> {
    css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .keep_style_tags(false)
        .keep_at_rules(true)
        .minify_css(true)
        .apply_width_attributes(true)
}

/// An email's HTML with its stylesheet inlined into `style` attributes (what clients that drop
/// `<style>` keep); at-rules (`@media`, dark mode) stay in a `<style>` for the clients that read
/// them. `Err` carries css-inline's message.
pub fn inline_css(html: &str) -> Result<String, String> {
    let inlined = match head_stylesheet(html) {
        // The same rules in the same order, given beside the document rather than in it: the
        // HTML parser then has no stylesheet to read character by character (most of its work
        // on an email), and the output is the same.
        Some((before, css, after)) => {
            let mut rest = String::with_capacity(before.len() + after.len());
            rest.push_str(before);
            rest.push_str(after);
            inline_options()
                .extra_css(Some(css.into()))
                .build()
                .inline(&rest)
                .map_err(|e| e.to_string())?
        }
        None => inline_in_place(html)?,
    };
    Ok(kept_styles_last_in_head(inlined))
}

/// The first brace out of place in the `<style>` elements of an email's template, with its
/// line and column, what is wrong and how to fix it: a rule left open or a `}` that closes
/// nothing. css-inline reads such a stylesheet without an error, but drops the rules after the
/// mistake (a missing `}` took every `@media` rule, the phone and dark-mode styles, out of the
/// email, silently). Comments, strings and the template's own `{{ }}`, `{% %}` and `{# #}` are
/// passed over.
pub fn unclosed_rules(template: &str) -> Option<(Pos, String, String)> {
    stylesheets(template)
        .into_iter()
        .find_map(|css| brace_mistake(template, css))
}

/// The byte ranges of `template`'s `<style>` elements' contents.
fn stylesheets(template: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = find_ascii_ci(&template[from..], "<style").map(|at| from + at) {
        let body = template[open..].find('>').map_or(template.len(), |end| open + end + 1);
        let close = find_ascii_ci(&template[body..], "</style").map_or(template.len(), |at| body + at);
        found.push(body..close);
        from = close.max(body);
        if from >= template.len() {
            break;
        }
    }
    found
}

/// The declarations of the email template's stylesheet that the mail clients that matter
/// ignore, each as (where, what, how to fix it): flexbox and grid layout, `position`, and custom
/// properties (`var()`), which Outlook for Windows and Gmail drop (caniemail.com's data, which
/// `check_email.mjs` reads), so that the email falls apart there though it looks right in a
/// browser. A scan of `name: value` pairs; comments and the template's own tags are passed over.
pub fn unsupported_css(template: &str) -> Vec<(Pos, String, String)> {
    let mut found = Vec::new();
    for css in stylesheets(template) {
        let text = &blank_comments_and_tags(&template[css.clone()]);
        let mut start = 0;
        for (end, c) in text.char_indices().chain([(text.len(), ';')]) {
            if !matches!(c, ';' | '{' | '}') {
                continue;
            }
            let segment = &text[start..end];
            let at = css.start + start + (segment.len() - segment.trim_start().len());
            start = end + 1;
            let Some((name, value)) = segment.split_once(':') else {
                continue;
            };
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
            let problem = match name.as_str() {
                "display" if ["flex", "inline-flex", "grid", "inline-grid"].contains(&value.as_str()) => {
                    Some(format!("`display: {value}`"))
                }
                "position" if value != "static" => Some(format!("`position: {value}`")),
                _ if name.starts_with("grid-") || name.starts_with("flex") => Some(format!("`{name}`")),
                _ if value.contains("var(") => Some("`var()`".to_string()),
                _ => None,
            };
            if let Some(what) = problem {
                found.push((
                    Pos::of_offset(template, at),
                    format!("{what} in the email's stylesheet: Outlook for Windows and Gmail ignore it, so the email looks otherwise there than in a browser"),
                    "lay the email out with tables and widths, and write colours and sizes as values, as the default theme's email does (`check_email.mjs` in gazette's checks names each client)".to_string(),
                ));
            }
        }
    }
    found
}

/// The links the email template writes relative to a page (`href="about/"`, `src="logo.png"`),
/// each as (where, what, how to fix it): a mail client has no page to read them from, so they
/// lead nowhere in the inbox. A path from the site's root, an address with a scheme, a fragment,
/// a template expression and a sending service's placeholder (`*|UNSUB|*`) are not.
pub fn relative_links(template: &str) -> Vec<(Pos, String, String)> {
    let lower = template.to_ascii_lowercase();
    let mut found = Vec::new();
    for attribute in [" href=", " src="] {
        for (at, _) in lower.match_indices(attribute) {
            let start = at + attribute.len();
            let Some(quote @ (b'"' | b'\'')) = template.as_bytes().get(start).copied() else {
                continue;
            };
            let value_at = start + 1;
            let Some(length) = template[value_at..].find(quote as char) else {
                continue;
            };
            let value = template[value_at..value_at + length].trim();
            let written = value.is_empty()
                || value.starts_with(['/', '#', '{'])
                || crate::core::resolve::is_absolute(value)
                || crate::core::resolve::is_placeholder(value);
            if written {
                continue;
            }
            found.push((
                Pos::of_offset(template, value_at),
                format!(
                    "`{value}` in the email template is relative to a page: a mail client has none, so it leads nowhere"
                ),
                format!("write it from the site's root (`{{{{ site.static_url }}}}{value}`) or as a whole address"),
            ));
        }
    }
    found.sort_by_key(|(pos, ..)| (pos.line, pos.column));
    found
}

/// The templates `template` includes or extends, by name (`{% include "partials/x.html" %}`).
pub fn templates_used(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for tag in template.split("{%").skip(1) {
        let tag = tag.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let Some(rest) = tag.strip_prefix("include").or_else(|| tag.strip_prefix("extends")) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote @ ('"' | '\'')) = rest.chars().next() else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            names.push(&rest[1..=end]);
        }
    }
    names
}

/// Whether the email's text (its template and the templates it takes in) declares its character
/// set in a `<meta>`: `<meta charset="utf-8">` or `http-equiv="Content-Type"` with a charset.
pub fn declares_charset(texts: &[&str]) -> bool {
    texts.iter().any(|text| {
        // Not in an HTML comment or a template comment (`<!-- <meta charset> -->`: the review).
        let mut lower = text.to_ascii_lowercase();
        for (open, close) in [("<!--", "-->"), ("{#", "#}")] {
            while let Some(start) = lower.find(open) {
                let end = lower[start..]
                    .find(close)
                    .map_or(lower.len(), |n| start + n + close.len());
                lower.replace_range(start..end, "");
            }
        }
        lower.match_indices("<meta").any(|(at, _)| {
            let tag = &lower[at..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            tag.contains("charset")
        })
    })
}

/// `css` with its comments and the template's own tags (`{{ }}`, `{% %}`, `{# #}`) blanked out,
/// byte for byte: the stylesheet's own text, each part at its own offset.
fn blank_comments_and_tags(css: &str) -> String {
    let bytes = css.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let end = match &bytes[i..] {
            [b'/', b'*', ..] => "*/",
            [b'{', b'{', ..] => "}}",
            [b'{', b'%', ..] => "%}",
            [b'{', b'#', ..] => "#}",
            _ => {
                i += 1;
                continue;
            }
        };
        // From and to ASCII delimiters: whole characters are blanked, and the text stays UTF-8.
        let stop = css[i + 2..].find(end).map_or(css.len(), |n| i + 2 + n + end.len());
        out[i..stop].fill(b' ');
        i = stop;
    }
    String::from_utf8(out).unwrap_or_else(|_| css.to_string())
}

/// Where `needle` (ASCII) starts in `haystack`, in any case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `unclosed_rules` within one stylesheet, the byte range `css` of `template`.
fn brace_mistake(template: &str, css: std::ops::Range<usize>) -> Option<(Pos, String, String)> {
    let bytes = template.as_bytes();
    let at = |i: usize| Pos::of_offset(template, i);
    // The open rules' braces, innermost last; and an open parenthesis (`@media (max-width:
    // 600px`), which css-inline reads on into the rules after it, as it does an open brace.
    let mut open: Vec<usize> = Vec::new();
    let mut paren: Option<usize> = None;
    let unclosed_paren = |at_paren: usize| {
        (
            at(at_paren),
            "this `(` in the email's stylesheet is never closed: the rules after it are dropped from the email"
                .to_string(),
            "add the `)` that closes it".to_string(),
        )
    };
    let mut i = css.start;
    while i < css.end {
        let rest = &bytes[i..css.end];
        let skip_to = |end: &str| {
            template[i + 2..css.end]
                .find(end)
                .map_or(css.end, |n| i + 2 + n + end.len())
        };
        i = match rest {
            [b'/', b'*', ..] => skip_to("*/"),
            [b'{', b'{', ..] => skip_to("}}"),
            [b'{', b'%', ..] => skip_to("%}"),
            [b'{', b'#', ..] => skip_to("#}"),
            [quote @ (b'"' | b'\''), ..] => {
                // To the closing quote, past a backslash's escaped character (`"\""`).
                let mut end = i + 1;
                while end < css.end && bytes[end] != *quote {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                end + 1
            }
            // A rule's brace within parentheses: one was left open (not `;`, which an unquoted
            // `url(data:…;base64,…)` has).
            [b'{' | b'}', ..] if paren.is_some() => return paren.map(unclosed_paren),
            [b'{', ..] => {
                open.push(i);
                i + 1
            }
            [b'(', ..] => {
                paren = Some(i);
                i + 1
            }
            [b')', ..] => {
                paren = None;
                i + 1
            }
            [b'}', ..] => {
                if open.pop().is_none() {
                    return Some((
                        at(i),
                        "this `}` in the email's stylesheet closes no rule: the rules after it are dropped from the email".to_string(),
                        "remove it, or add the `{` of the rule it was meant to close".to_string(),
                    ));
                }
                i + 1
            }
            _ => i + 1,
        };
    }
    if let Some(p) = paren {
        return Some(unclosed_paren(p));
    }
    let unclosed = open.pop()?;
    // The rule's selector: back to the rule, comment or line before it, within the stylesheet.
    let start = template[css.start..unclosed]
        .rfind(['}', ';', '{', '\n', '/'])
        .map_or(css.start, |i| css.start + i + 1);
    let rule = template[start..unclosed].trim();
    Some((
        at(unclosed),
        format!(
            "the rule `{rule}` in the email's stylesheet is never closed: the rules after it are dropped from the email"
        ),
        "add the `}` that ends it".to_string(),
    ))
}

/// Whether an email, as css-inline writes it (every attribute double-quoted), has a URL written
/// as a path from the site's root (`/briefings/`, as `site.static_url` and `site.logo_url` are) in
/// an `href`, `src` or `background` attribute or a CSS `url()`: a scan, so that the emails that
/// have none (the default theme's) cost no HTML rewrite; text that merely looks like such a URL
/// costs one, which changes nothing.
pub fn has_root_paths(html: &str) -> bool {
    // One scan for `="/`, whose attribute's name then says whether it is a URL (every email
    // is scanned: one pass, not one per name).
    let in_attribute = html.match_indices("=\"/").any(|(at, found)| {
        let name = &html[..at];
        let name = &name[name.rfind(|c: char| c.is_ascii_whitespace()).map_or(0, |i| i + 1)..];
        // A whole name (not `data-src`), and not `//host/…`.
        ["href", "src", "background", "poster"].contains(&name) && !html[at + found.len()..].starts_with('/')
    });
    // A srcset whose candidates (after the first, too) hold one.
    let in_srcset = || {
        html.contains(" srcset=\"")
            && html.match_indices(" srcset=\"").any(|(at, found)| {
                let value = &html[at + found.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                value.split(',').any(crate::parse::absolute::is_root_path)
            })
    };
    in_attribute
        || in_srcset()
        || html.match_indices('(').any(|(at, _)| {
            // `url(` in any case, then the URL, maybe quoted (in an attribute, `&quot;`).
            at >= 3 && html.as_bytes()[at - 3..at].eq_ignore_ascii_case(b"url") && {
                let rest = html[at + 1..].trim_start();
                let rest = ["\"", "'", "&quot;", "&#39;", "&#x27;", "&apos;"]
                    .iter()
                    .find_map(|quote| rest.strip_prefix(quote))
                    .unwrap_or(rest);
                crate::parse::absolute::is_root_path(rest)
            }
        })
}

/// css-inline on the document as it is, its stylesheets read where they stand.
fn inline_in_place(html: &str) -> Result<String, String> {
    static INLINER: LazyLock<css_inline::CSSInliner<'static>> = LazyLock::new(|| inline_options().build());
    INLINER.inline(html).map_err(|e| e.to_string())
}

/// The document around its stylesheet and the stylesheet, when it has exactly one, a plain
/// `<style>` in `<head>` (as the default theme's email has): the text before `<style>`, the
/// rules, the text after `</style>`. `None` for anything else (a second `<style>`, attributes,
/// a comment before it), which css-inline then reads in place.
fn head_stylesheet(html: &str) -> Option<(&str, &str, &str)> {
    let start = html.find("<style>")?;
    let head_end = html.find("</head>")?;
    let css_start = start + "<style>".len();
    let css_end = css_start + html[css_start..].find("</style>")?;
    let after = css_end + "</style>".len();
    let simple = after <= head_end
        && !html[..start].contains("<!--")
        && !html[css_start..css_end].contains("</")
        && !has_style_tag(&html[..start])
        && !has_style_tag(&html[after..]);
    simple.then(|| (&html[..start], &html[css_start..css_end], &html[after..]))
}

/// Whether `html` has a `<style` in any case (HTML tag names are not case-sensitive), found
/// without copying it and looking only where a `<` is: this runs on every email.
fn has_style_tag(html: &str) -> bool {
    let bytes = html.as_bytes();
    html.match_indices('<').any(|(at, _)| {
        bytes
            .get(at..at + "<style".len())
            .is_some_and(|w| w.eq_ignore_ascii_case(b"<style"))
    })
}

/// css-inline puts the `<style>` it keeps first in `<head>`, before `<meta charset>`, which HTML
/// wants within the first 1024 bytes: the block moves to the end of `<head>`.
fn kept_styles_last_in_head(html: String) -> String {
    let (Some(start), Some(head_end)) = (html.find("<style"), html.find("</head>")) else {
        return html;
    };
    let Some(end) = html[start..].find("</style>").map(|e| start + e + "</style>".len()) else {
        return html;
    };
    if end > head_end {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 1);
    out.push_str(&html[..start]);
    out.push_str(&html[end..head_end]);
    out.push_str(&html[start..end]);
    out.push('\n');
    out.push_str(&html[head_end..]);
    out
}

/// Plain text wrapped at `TEXT_WIDTH` columns: a long line is broken at spaces (never inside a
/// word or URL), its continuation lines indented like it, and under a list marker (`- `, `* `,
/// `1. `) aligned with the text after the marker; in a quotation (`> `) after `> ` again. A
/// code line (`is_code`) stays as it is. Trailing spaces go, but for the signature delimiter
/// `-- `, by which mail clients know the footer.
pub fn wrap_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.lines() {
        let line = match line {
            "-- " => line,
            _ => line.trim_end(),
        };
        if textwrap::core::display_width(line) <= TEXT_WIDTH || is_code(line) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent_len = line.len() - line.trim_start().len();
        let rest = &line[indent_len..];
        let marker = list_marker(rest).unwrap_or(0);
        // A quotation's continuation lines are quoted too.
        let hanging = match rest.starts_with("> ") {
            true => format!("{}> ", " ".repeat(indent_len)),
            false => " ".repeat(indent_len + marker),
        };
        // The line's own indent is given as the first line's, and the text without it, so that
        // a first word too long for the line stays on it (textwrap would otherwise start with
        // a line of spaces alone).
        let options = textwrap::Options::new(TEXT_WIDTH)
            .initial_indent(&line[..indent_len])
            .subsequent_indent(&hanging)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::Custom(words_and_ideographs))
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            // Greedy line filling, as mail clients and `fmt` do (the optimal fit costs more).
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
        for piece in textwrap::wrap(rest, options) {
            out.push_str(piece.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Where `line` has a template language's tag, `{{ … }}` or `{% … %}`, from its opening to its
/// closing braces (to the line's end when it is not closed).
fn template_tags(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(open) = line[from..].find(['{']).map(|at| from + at) {
        let after = &line[open + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let end = after[1..]
            .find(close)
            .map_or(line.len(), |at| open + 2 + at + close.len());
        tags.push(open..end);
        from = end;
    }
    tags
}

/// The pieces a line may break between: words between ASCII spaces (a URL is one, never
/// broken), and in a word of Chinese or Japanese, which are written without spaces, the places
/// UAX #14 allows a break next to an ideograph or kana (never before a closing mark such as `。`
/// or after an opening one such as `「`, and never inside a URL written beside them). A word
/// with Hangul keeps together, as Korean is written with spaces.
fn words_and_ideographs(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    // Each word with the spaces after it: a word starts where a space is followed by another
    // character (as textwrap's `AsciiSpace` has it), but not inside a sending service's tag
    // (`{{ unsubscribe_url }}`), which it could no longer read across two lines.
    let tags = template_tags(line);
    let starts = line
        .char_indices()
        .filter(move |&(at, c)| c != ' ' && line[..at].ends_with(' ') && !tags.iter().any(|tag| tag.contains(&at)))
        .map(|(at, _)| at);
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(starts)
        .chain(std::iter::once(line.len()))
        .collect();
    let words: Vec<textwrap::core::Word<'_>> = bounds
        .windows(2)
        .filter(|pair| pair[0] < pair[1])
        .flat_map(|pair| ideograph_pieces(&line[pair[0]..pair[1]]))
        .collect();
    Box::new(words.into_iter())
}

/// A word (with its trailing spaces) cut where a line may break inside it (`words_and_ideographs`).
/// A word with Hangul is cut only when it is wider than a line (a run written without spaces),
/// between its syllables as UAX #14 allows.
fn ideograph_pieces(whole: &str) -> Vec<textwrap::core::Word<'_>> {
    use crate::parse::terms::{is_cjk, is_hangul};
    use textwrap::core::Word;
    let text = whole.trim_end_matches(' ');
    let hangul = text.chars().any(is_hangul);
    if hangul && textwrap::core::display_width(text) <= TEXT_WIDTH {
        return vec![Word::from(whole)];
    }
    let breakable = |c: char| is_cjk(c) && (hangul || !is_hangul(c));
    if !text.chars().any(breakable) {
        return vec![Word::from(whole)];
    }
    let beside_an_ideograph = |at: usize| {
        text[..at].chars().next_back().is_some_and(breakable) || text[at..].chars().next().is_some_and(breakable)
    };
    let cuts = unicode_linebreak::linebreaks(text)
        .map(|(at, _)| at)
        .filter(|&at| at > 0 && at < text.len() && beside_an_ideograph(at));
    let mut start = 0;
    let mut pieces: Vec<Word<'_>> = cuts
        .map(|at| {
            let piece = Word::from(&whole[start..at]);
            start = at;
            piece
        })
        .collect();
    pieces.push(Word::from(&whole[start..]));
    pieces
}

/// The width of the list marker `text` starts with (`- `, `* `, `• `, `12. `), if any.
fn list_marker(text: &str) -> Option<usize> {
    ["- ", "* ", "• "]
        .iter()
        .find(|m| text.starts_with(**m))
        .map(|m| m.chars().count())
        .or_else(|| {
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && text[digits..].starts_with(". ")).then_some(digits + 2)
        })
}

/// A line of a code block, as `markdown::to_plain_text` writes it: four spaces or more before
/// text that is no list item or quotation (a note's text has two).
fn is_code(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    line.len() - rest.len() >= 4 && !rest.starts_with("> ") && list_marker(rest).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_left_open_or_a_brace_too_many_in_the_email_stylesheet_is_found() {
        let theme = include_str!("../../themes/default/templates/email/edition.html");
        assert_eq!(unclosed_rules(theme), None, "the default theme's is whole");
        let open = "<html>\n<head>\n<STYLE>\n.a { color: red; }\n.footer p { margin: 0;\n.b { x: y }\n@media (max-width: 9px) { .c { d: e } }\n</style>";
        let (pos, message, _) = unclosed_rules(open).unwrap();
        assert_eq!((pos.line, pos.column), (5, 11));
        assert!(message.contains("`.footer p`"), "{message}");
        let (pos, message, _) = unclosed_rules("<style>\n.a { b: c }}\n</style>").unwrap();
        assert_eq!((pos.line, pos.column), (2, 12));
        assert!(message.contains("closes no rule"), "{message}");
        // Comments, strings and the template's own braces are not the stylesheet's.
        let fine = "<style>/* { */ .a::after { content: \"}\"; color: {{ c }}; }\n{% if x %}.b { c: d }{% endif %}{# } #}</style><p>{ not css</p>";
        // An escaped quote does not end its string (review).
        assert_eq!(
            unclosed_rules("<style>.q::before { content: \"\\\"{\"; }</style>"),
            None
        );
        assert_eq!(unclosed_rules(fine), None);
        // Regression (session 33's theme probe): an `@media` query's `(` left open took the rules
        // after it out of the email, unsaid.
        let media = "<style>\n.a { b: c }\n@media (max-width:620px { .f p { margin: 0 } }\n.g { h: i }\n</style>";
        let (pos, message, hint) = unclosed_rules(media).unwrap();
        assert_eq!((pos.line, pos.column), (3, 8), "{message}");
        assert!(message.contains("`(`") && hint.contains("`)`"), "{message}");
        assert_eq!(
            unclosed_rules(
                "<style>@media (max-width: 600px) and (prefers-color-scheme: dark) { .a { b: url(data:image/png;base64,iVBO); c: rgba({{ r }}, 0, 0, 0.5) } }</style>"
            ),
            None
        );
    }

    /// Each finding's line, column and what its message quotes first (`display: flex`).
    fn quoted(found: &[(Pos, String, String)]) -> Vec<(usize, usize, &str)> {
        found
            .iter()
            .map(|(pos, message, _)| (pos.line, pos.column, message.split('`').nth(1).unwrap_or_default()))
            .collect()
    }

    /// Regression (session 33's theme probe): flexbox, grid, `position` and `var()` in the email's
    /// stylesheet went out unsaid, though Outlook and Gmail ignore them (`check_email.mjs` found
    /// 84 problems in a build that passed `--strict`).
    #[test]
    fn what_mail_clients_ignore_in_the_email_stylesheet_is_found() {
        let theme = include_str!("../../themes/default/templates/email/edition.html");
        assert_eq!(unsupported_css(theme), [], "the default theme's email has none");
        let template = "<style>\n.row { display: flex; gap: 8px }\n.a { color: var(--brand); position: relative }\n/* display: grid */ .b { position: static; color: {{ accent }} }\n@media (max-width:600px) { .c { display:grid !important } }\n.d { flex-basis: 50% /* half */ }\n</style>";
        let found = unsupported_css(template);
        assert!(
            found
                .iter()
                .all(|(_, message, _)| message.contains("` in the email's stylesheet"))
        );
        assert_eq!(
            quoted(&found),
            [
                (2, 8, "display: flex"),
                (3, 6, "var()"),
                (3, 27, "position: relative"),
                (5, 33, "display: grid"),
                // Regression (review): a value with `%`, `/` or `#`, or a comment after it, hid
                // the declaration from the scan.
                (6, 6, "flex-basis"),
            ]
        );
    }

    /// Regression (session 33's theme probe): an email template without `<meta charset>` went out
    /// unsaid; one in a partial it includes counts.
    #[test]
    fn an_emails_character_set_is_found_in_its_template_or_what_it_takes_in() {
        assert!(declares_charset(&["<head><META Charset=\"utf-8\"></head>"]));
        assert!(declares_charset(&[
            "<head>",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
        ]));
        assert!(!declares_charset(&[
            "<head><meta name=\"viewport\" content=\"width=device-width\"></head><p>charset</p>"
        ]));
        // The review: one commented out says nothing.
        assert!(!declares_charset(&["<head><!-- <meta charset=\"utf-8\"> --></head>"]));
        assert!(!declares_charset(&["<head>{# <meta charset=\"utf-8\"> #}</head>"]));
        assert!(declares_charset(&["<head><!-- x --><meta charset=\"utf-8\"></head>"]));
        assert_eq!(
            templates_used("{%- include \"partials/head.html\" %}<p>{% extends 'base.html' %}{% if x %}"),
            ["partials/head.html", "base.html"]
        );
    }

    /// Regression (session 33's theme probe): `href="../"`, `href="about/"` and `src="logo.png"` in
    /// the email template passed `gazette edition --strict`, though they lead nowhere in the inbox.
    #[test]
    fn an_email_templates_relative_links_are_found() {
        let theme = include_str!("../../themes/default/templates/email/edition.html");
        assert_eq!(relative_links(theme), [], "the default theme's email has none");
        let template = "<a href=\"../\">Up</a> <a HREF='about/'>About</a>\n<img src=\"logo.png\" alt=\"\"> <a href=\"*|UNSUB|*\">x</a> <a href=\"#top\">t</a> <a href=\"{{ links.home_url }}\">h</a> <a href=\"mailto:a@b.c\">m</a> <img src=\"/logo.png\" alt=\"\"> <a href=\"{{{ pm:unsubscribe }}}\">u</a>";
        assert_eq!(
            quoted(&relative_links(template)),
            [(1, 10, "../"), (1, 31, "about/"), (2, 11, "logo.png")]
        );
    }

    #[test]
    fn paths_from_the_root_are_found_in_urls_only() {
        assert!(!has_root_paths(
            "<a href=\"https://x.org/\"><img src=\"cid:a\"></a> <a href=\"//x.org/\">"
        ));
        assert!(!has_root_paths(
            "<img data-src=\"/x.png\"> <a href=\"*|UNSUB|*\"> <a href=\"#top\">"
        ));
        assert!(has_root_paths("<a href=\"/briefings/\">"));
        assert!(has_root_paths("<img alt=\"\" src=\"/logo.svg\">"));
        // An email's background images: the attribute and CSS (review of session 27).
        assert!(has_root_paths("<td background=\"/bg.png\">"));
        assert!(has_root_paths("<img src=\"cid:a\" srcset=\"cid:b 1x, /b.png 2x\">"));
        assert!(has_root_paths("<video poster=\"/p.png\"></video>"));
        assert!(!has_root_paths(
            "<img srcset=\"https://x.org/a.png 1x, //x.org/b.png 2x\">"
        ));
        assert!(has_root_paths("<td style=\"background:URL( &quot;/bg.png&quot;)\">"));
        assert!(has_root_paths("<style>.a{background:url(/bg.png)}</style>"));
        assert!(!has_root_paths(
            "<td style=\"background:url(https://x.org/bg.png)\"> (see url //x) url(//x.org/a.png)"
        ));
    }

    #[test]
    fn kept_styles_follow_the_charset() {
        let html =
            "<html><head><style>@media x {}</style><meta charset=\"utf-8\"><title>t</title></head><body></body></html>";
        let moved = kept_styles_last_in_head(html.to_string());
        assert_eq!(
            moved,
            "<html><head><meta charset=\"utf-8\"><title>t</title><style>@media x {}</style>\n</head><body></body></html>"
        );
        assert!(inline_css(html).unwrap().find("charset").unwrap() < 40);
    }

    /// Guards the stylesheet given beside the document: the same email as css-inline makes of
    /// the document whole, for a stylesheet with a cascade, `!important`, a descendant selector
    /// and at-rules; and only a lone, plain `<style>` in `<head>` is taken out.
    #[test]
    fn a_stylesheet_given_beside_the_document_inlines_as_it_would_in_place() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head>\n<meta charset=\"utf-8\">\n<title>t</title>\n<style>\n\
            p { color: #111; margin: 0 }\n.note { color: #222 !important }\n.cell p { margin: 4px }\n\
            td { padding: 2px }\n@media (max-width:620px){ .cell { padding: 0 !important } }\n\
            @media (prefers-color-scheme:dark){ p { color: #eee !important } }\n</style>\n</head>\n\
            <body><table width=\"600\"><tr><td class=\"cell\"><p class=\"note\" style=\"color: red\">a &amp; b</p>\
            <p>plain</p></td></tr></table></body></html>";
        assert!(head_stylesheet(html).is_some());
        let in_place = kept_styles_last_in_head(inline_in_place(html).unwrap());
        assert_eq!(inline_css(html).unwrap(), in_place);
        assert!(in_place.contains("prefers-color-scheme"), "{in_place}");

        let two = html.replace("</head>", "<style>p { color: blue }</style></head>");
        let with_attribute = html.replace("<style>", "<style media=\"screen\">");
        let after_comment = html.replace("<title>", "<!-- x --><title>");
        let in_body = html.replace("<body>", "<body><style>p { color: blue }</style>");
        let capitals_in_body = html.replace("<body>", "<body><STYLE>p { color: blue }</STYLE>");
        for other in [&two, &with_attribute, &after_comment, &in_body, &capitals_in_body] {
            assert_eq!(head_stylesheet(other), None, "{other}");
        }
    }

    #[test]
    fn utm_parameters_go_before_the_fragment_and_are_encoded() {
        let utm = vec![
            ("source".to_string(), "news letter".to_string()),
            ("medium".to_string(), "email".to_string()),
        ];
        assert_eq!(
            with_utm("https://e.org/a/#x".into(), &utm),
            "https://e.org/a/?utm_source=news+letter&utm_medium=email#x"
        );
        assert_eq!(
            with_utm("https://e.org/?q=1".into(), &utm[1..]),
            "https://e.org/?q=1&utm_medium=email"
        );
        assert_eq!(with_utm("https://e.org/".into(), &[]), "https://e.org/");
    }

    #[test]
    fn text_is_wrapped_at_72_columns_with_hanging_indents_and_urls_whole() {
        let long = format!("- {}", "word ".repeat(30));
        let url = format!("  https://example.org/a-long-path-{}", "x".repeat(90));
        let wrapped = wrap_text(&format!("{long}\n{url}\nshort\n"));
        for line in wrapped.lines() {
            assert!(
                line.chars().count() <= TEXT_WIDTH || line.contains("https://"),
                "{line:?}"
            );
        }
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines[0].starts_with("- word"));
        assert!(lines[1].starts_with("  word"), "{lines:?}");
        assert!(wrapped.contains(&url), "a URL is never broken");
        assert!(
            !wrapped.lines().any(|l| l.trim().is_empty()),
            "no line of spaces alone: {wrapped:?}"
        );
        assert!(wrapped.ends_with("short\n"));
    }

    /// Regression (session 25's editions desk): an image scaled to the email's column lost its
    /// `height`, though its size was known (1400×700 became `width="536"` alone): Outlook then
    /// draws it at its own height. The height is scaled with the width.
    #[test]
    fn an_image_scaled_to_the_column_keeps_its_shape() {
        let fitted = fit_images(
            r#"<img src="a.png" alt="A" width="1400" height="700"><img src="b.png" alt="B"><img src="c.png" alt="C" width="300" height="200">"#.to_string(),
        );
        assert!(
            fitted.contains(r#"<img src="a.png" alt="A" width="536" height="268">"#),
            "{fitted}"
        );
        assert!(fitted.contains(r#"<img src="b.png" alt="B" width="536">"#), "{fitted}");
        assert!(
            fitted.contains(r#"<img src="c.png" alt="C" width="300" height="200">"#),
            "{fitted}"
        );
    }

    /// Regression (editor's probe): raw HTML's `<img>` without `alt` in a note went out without
    /// one, and check_email failed the email ("<img> without alt"); it says nothing, as
    /// Markdown's `![](x.png)` does. A given `alt`, empty or not, stays.
    #[test]
    fn an_image_without_alt_says_nothing() {
        let fitted = fit_images(r#"<img src="a.png"><img src="b.png" alt=""><img src="c.png" alt="C">"#.to_string());
        assert!(fitted.contains(r#"<img src="a.png" alt="" width="536">"#), "{fitted}");
        assert!(fitted.contains(r#"<img src="b.png" alt="" width="536">"#), "{fitted}");
        assert!(fitted.contains(r#"<img src="c.png" alt="C" width="536">"#), "{fitted}");
    }

    /// Regression (session 31's mail probe): a Korean run written without spaces, wider than a
    /// line, stayed one line of 147 columns. It breaks between its syllables; a Korean word that
    /// fits stays whole.
    #[test]
    fn a_korean_run_wider_than_a_line_breaks_between_syllables() {
        use textwrap::core::display_width;
        let run = "부산항파업이사흘째이어지며선박마흔척이대기중이다".repeat(3);
        let text = format!("  통일부 발표에 따르면 {run} 라고 한다.\n");
        let wrapped = wrap_text(&text);
        assert!(wrapped.lines().count() > 1, "{wrapped}");
        for line in wrapped.lines() {
            assert!(
                display_width(line) <= TEXT_WIDTH,
                "{} columns: {line}",
                display_width(line)
            );
        }
        let joined: String = wrapped.lines().map(str::trim).collect::<Vec<_>>().join("");
        assert!(joined.contains(&run), "nothing lost: {wrapped}");
        assert!(wrapped.starts_with("  통일부 발표에 따르면"), "{wrapped}");
    }

    /// Regression (session 25's editions desk): Chinese and Japanese notes, which have no
    /// spaces, were never wrapped (lines of 108 to 154 columns), and a long Chinese headline left
    /// its `- ` alone on a line. They break between ideographs, never before `。` or after `「`;
    /// Korean words and URLs keep whole.
    #[test]
    fn chinese_and_japanese_wrap_at_72_columns_and_korean_words_keep_whole() {
        use textwrap::core::display_width;
        let chinese = format!("  {}\n", "港口罢工进入第三天，四十艘船只在海上等待卸货。".repeat(4));
        let japanese = format!(
            "- {}\n",
            "「港湾のストライキ」が三日目に入り、四十隻の船が沖で待っている。".repeat(3)
        );
        let korean = format!(
            "  {}\n",
            "부산항 파업이 사흘째 이어지며 선박 마흔 척이 대기 중이다. ".repeat(4)
        );
        for text in [&chinese, &japanese, &korean] {
            let wrapped = wrap_text(text);
            assert!(wrapped.lines().count() > 1, "{wrapped}");
            for line in wrapped.lines() {
                assert!(
                    display_width(line) <= TEXT_WIDTH,
                    "{} columns: {line}",
                    display_width(line)
                );
                let rest = line.trim_start_matches([' ', '-']);
                assert!(!rest.starts_with(['。', '，', '、', '」']), "{line}");
                assert!(!line.ends_with(['「']), "{line}");
            }
            let joined: String = wrapped.lines().map(|l| l.trim_start_matches([' ', '-'])).collect();
            let original: String = text
                .trim_start_matches([' ', '-'])
                .chars()
                .filter(|c| *c != '\n')
                .collect();
            if text == &korean {
                // Korean breaks at its spaces only: every word is whole on some line.
                for word in korean.split_whitespace() {
                    assert!(
                        wrapped.lines().any(|l| l.split_whitespace().any(|w| w == word)),
                        "{word}"
                    );
                }
            } else {
                assert_eq!(joined, original.trim_end(), "nothing lost or added");
            }
        }
        let japanese = wrap_text(&japanese);
        assert!(
            japanese.starts_with("- 「港湾"),
            "the marker keeps its text: {japanese}"
        );
        assert!(japanese.lines().skip(1).all(|l| l.starts_with("  ")), "{japanese}");
        let url = format!("  港口罢工 https://example.org/{}\n", "a-b/".repeat(30));
        assert!(wrap_text(&url).contains(&format!("https://example.org/{}", "a-b/".repeat(30))));
        // Regression (review): a URL written right after Chinese, with no space, was cut after
        // `https://`; a Korean word with a Hanja character in it was cut too.
        let address = format!("https://example.org/{}", "a-b/".repeat(12));
        let beside = format!("  {}详见（{address}）。\n", "港口罢工进入第三天。".repeat(6));
        let wrapped = wrap_text(&beside);
        assert!(wrapped.lines().any(|l| l.contains(&address)), "{wrapped}");
        let hanja = format!("  {}\n", "韓國語와 漢字를 섞어 쓴 문장이다 ".repeat(6));
        for word in hanja.split_whitespace() {
            assert!(
                wrap_text(&hanja)
                    .lines()
                    .any(|l| l.split_whitespace().any(|w| w == word)),
                "{word}"
            );
        }
    }

    /// Regression: a wrapped quotation lost its `> ` after the first line.
    #[test]
    fn a_code_line_is_never_wrapped() {
        let code = format!("    {}\n", "x".repeat(40) + " " + &"y".repeat(40));
        assert_eq!(wrap_text(&code), code);
        let note = format!("  {}\n", "word ".repeat(30));
        assert!(wrap_text(&note).lines().count() > 1);
    }

    #[test]
    fn a_quotation_stays_quoted_on_every_line() {
        let wrapped = wrap_text(&format!("> {}\n", "word ".repeat(30)));
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(
            lines.len() > 1 && lines.iter().all(|l| l.starts_with("> word")),
            "{lines:?}"
        );
    }
}
