//! The image step of the driver: every image an article shows (in its body, or as its lead
//! image) or an edition (in its introduction or notes) found and probed (header only), each body,
//! introduction and note given responsive pictures, each article its
//! lead image and the image its shared links show, and the plan of image files and social cards
//! (`ImagePlan`) that `make` carries out beside the pages, through the persistent cache.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::parse::Assets;
use crate::core::diagnostic::{Checked, Diagnostic, Diagnostics, Pos, closest};
use crate::core::output::Body;
use crate::core::urls::{self, BaseUrl};
use crate::media::{self, CardStyle, Format, Probe, Variant};
use crate::parse::links::{self, WrittenIn};
use crate::parse::picture::{self, Picture};
use crate::site::editions::Item;
use crate::site::{Article, Edition, LeadImage, ShareImage, Site};
use crate::source::load::Asset;
use crate::source::theme::CARD_FILE;

use crate::source::load::CACHE_DIR;

/// The files the image step needs to find images: content/'s files and where each goes, the
/// static files, the theme's card and fonts.
pub(super) struct Inputs<'a> {
    pub(super) assets: &'a Assets,
    pub(super) content: &'a [Asset],
    pub(super) static_files: &'a BTreeMap<String, Body>,
    pub(super) theme_files: &'a BTreeMap<String, Body>,
    /// The theme named is not there (reported already): its card style is not looked for.
    pub(super) theme_missing: bool,
    pub(super) root: &'a Path,
}

/// The image files and cards a build makes.
pub struct ImagePlan {
    pub jobs: Vec<ImageJob>,
    pub cards: Vec<CardJob>,
    settings: media::Settings,
    style: Option<Arc<CardStyle>>,
    /// The style's fingerprint (a hash of its colours and font), made once: every card's key.
    style_key: media::Key,
    cache: Arc<media::Cache>,
}

/// One source image and every file made of it.
pub struct ImageJob {
    pub source: Body,
    pub probe: Probe,
    /// Output path of each variant, in the order `media::process` makes them.
    pub outputs: Vec<(String, Variant)>,
    /// Output paths that hold a copy of `outputs[i]`: the image at its own name, so that a link
    /// to the file finds its largest size (never the original, which may carry metadata).
    pub copies: Vec<(String, usize)>,
    /// Where the image is first referenced, and how, for a problem found when it is decoded.
    pub display: PathBuf,
    pub pos: Pos,
    pub written: String,
}

/// One article's social card.
pub struct CardJob {
    pub output: String,
    pub site: String,
    pub topic: Option<String>,
    pub headline: String,
    pub date: String,
    pub display: PathBuf,
}

/// The files made of one image: (output path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;
/// Sharing crops: site path, width, height.
type Crops = Vec<(String, u32, u32)>;
/// Output path of each image → its picture and its sharing crops.
type Pictures = FxHashMap<String, (Picture, Crops)>;

/// Where an image reference leads.
enum Found {
    /// A file of the site: its output path and its file.
    File(String, Body),
    /// An http(s) URL, shown as it is.
    External(String),
    /// No file: the message's hint, and whether the URL was root-relative (`/images/x.png`,
    /// which content imported from elsewhere is full of, and which a host may serve from
    /// outside the site: a warning, as for any link).
    Missing(String, bool),
}

/// Who shows an image: an article, or an edition (in its introduction or a note).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Article(usize),
    Edition(usize),
}

impl Owner {
    /// The file the image is written in, for its problems.
    fn display(self, site: &Site) -> &Path {
        match self {
            Owner::Article(i) => &site.articles[i].display,
            Owner::Edition(i) => &site.editions[i].display,
        }
    }
}

/// An image an article or edition shows, and where its reference stands.
struct Reference {
    owner: Owner,
    pos: Pos,
    lead: bool,
    found: Found,
    written: String,
}

impl ImagePlan {
    fn empty(settings: media::Settings) -> ImagePlan {
        ImagePlan {
            jobs: Vec::new(),
            cards: Vec::new(),
            settings,
            style: None,
            style_key: media::Key([0; 32]),
            cache: Arc::new(media::Cache::disabled()),
        }
    }

    /// The output paths that hold a processed image at its own name.
    pub fn copies(&self) -> impl Iterator<Item = &str> {
        self.jobs
            .iter()
            .flat_map(|job| job.copies.iter().map(|(path, _)| path.as_str()))
    }

    /// Makes one job's files (from the cache when it has them): (output path, bytes), and how
    /// many images were decoded.
    pub fn make_job(&self, job: &ImageJob) -> Result<(Files, media::Stats), Diagnostic> {
        let problem = |e: media::MediaError| {
            Diagnostic::error(&job.display, job.pos, format!("the image `{}`: {e}", job.written))
        };
        let bytes = job.source.read().map_err(|e| {
            Diagnostic::error(
                &job.display,
                job.pos,
                format!(
                    "the image could not be read: {}",
                    crate::core::diagnostic::io_reason(&e)
                ),
            )
        })?;
        let variants: Vec<Variant> = job.outputs.iter().map(|(_, v)| *v).collect();
        let (made, stats) =
            media::process_cached(&self.cache, &bytes, &job.probe, &variants, &self.settings).map_err(problem)?;
        let mut files: Files = Vec::with_capacity(made.len() + job.copies.len());
        for (path, i) in &job.copies {
            if let Some(bytes) = made.get(*i) {
                files.push((path.clone(), bytes.clone()));
            }
        }
        files.extend(job.outputs.iter().map(|(path, _)| path.clone()).zip(made));
        Ok((files, stats))
    }

    /// Makes one card (from the cache when it has it).
    pub fn make_card(&self, card: &CardJob) -> Result<(Vec<u8>, bool), Diagnostic> {
        let Some(style) = &self.style else {
            return Err(Diagnostic::error(
                &card.display,
                None,
                "the theme has no social card style",
            ));
        };
        let text = media::CardText {
            site: &card.site,
            topic: card.topic.as_deref(),
            headline: &card.headline,
            date: &card.date,
        };
        let key = media::card_key(&text, &self.style_key);
        if let Some(bytes) = self.cache.get(&key) {
            return Ok((bytes, false));
        }
        let bytes = media::card(&text, style)
            .map_err(|e| Diagnostic::error(&card.display, None, format!("its social card could not be made: {e}")))?;
        // A card that cannot be stored is drawn again next time; this build is right either way.
        let _ = self.cache.put(&key, &bytes);
        Ok((bytes, true))
    }
}

/// The image step: finds and probes every image the site's articles show, rewrites their bodies'
/// `<img>` into responsive pictures, sets each article's lead and share image, and plans the
/// files. With `images: off`, it only shows lead images as written.
pub(super) fn plan(site: &mut Site, inputs: &Inputs<'_>, diagnostics: &mut Diagnostics) -> ImagePlan {
    let config = &site.config.images;
    let settings = media::Settings {
        widths: config.widths.clone(),
        quality: config.quality,
        max_pixels: config.max_pixels,
    };
    let mut plan = ImagePlan::empty(settings);
    let (process, cards) = (config.process, config.social_cards);
    let references = references(site, inputs);
    if !process {
        for reference in references.into_iter().filter(|r| r.lead) {
            let Owner::Article(a) = reference.owner else { continue };
            let article = &mut site.articles[a];
            let src = match reference.found {
                Found::File(output, _) => site.config.base_url.url(&output),
                Found::External(url) => url,
                Found::Missing(..) => reference.written,
            };
            article.image = lead_image(article, None, src, Vec::new(), &site.config);
        }
        return plan;
    }
    let cache_dir = inputs.root.join(CACHE_DIR).join("images");
    let opened = match cache_outside(inputs.root) {
        Some(why) => Err(why),
        None => media::Cache::open(&cache_dir).map_err(|e| e.to_string()),
    };
    plan.cache = Arc::new(match opened {
        Ok(cache) => cache,
        Err(e) => {
            diagnostics.push(
                Diagnostic::warning(&cache_dir, None, format!("{e}; images are made without a cache"))
                    .with_hint("make the site's folder writable, or delete .gazette-cache/"),
            );
            media::Cache::disabled()
        }
    });
    // Every image file a page shows: an article's or edition's, and an author's picture.
    let clashing = clashing_names(
        references
            .iter()
            .filter_map(|r| match &r.found {
                Found::File(output, _) => Some(output.as_str()),
                _ => None,
            })
            .chain(site.authors.iter().filter_map(|a| a.image.as_deref())),
    );
    let planning = Planning {
        settings: &plan.settings,
        clashing: &clashing,
    };
    let pictures = probe_all(site, &references, &planning, diagnostics, &mut plan.jobs);
    apply(site, &references, &pictures);
    author_pictures(site, inputs, &planning, diagnostics, &mut plan.jobs);
    diagnostics.extend(sizes_made_twice(&plan.jobs));
    if cards && !inputs.theme_missing {
        let theme_dir = inputs.root.join("themes").join(&site.config.theme);
        if let Some(mut style) = card_style(inputs.theme_files, &theme_dir).into_value(diagnostics) {
            // The site's own accent (custom.css) over the theme's card.yaml: one brand colour.
            if let Some(accent) = &site.accent {
                style.accent = accent.rgb();
            }
            plan.cards = card_jobs(site, &style, diagnostics);
            plan.style_key = style.fingerprint();
            plan.style = Some(Arc::new(style));
        }
    }
    plan
}

/// Every image reference of every article (its lead image, then its body's images in order),
/// then of every edition's introduction and notes.
fn references(site: &Site, inputs: &Inputs<'_>) -> Vec<Reference> {
    let content: FxHashMap<&str, &Body> = inputs.content.iter().map(|a| (a.path.as_str(), &a.body)).collect();
    let base = &site.config.base_url;
    let mut found = Vec::new();
    for (i, article) in site.articles.iter().enumerate() {
        if let Some(image) = &article.meta.image {
            found.push(Reference {
                owner: Owner::Article(i),
                pos: image.src_pos,
                lead: true,
                found: find(
                    (&article.source, WrittenIn::Article),
                    &image.src,
                    inputs,
                    &content,
                    base,
                ),
                written: image.src.clone(),
            });
        }
        for link in article.body.links.iter().filter(|l| l.image) {
            found.push(Reference {
                owner: Owner::Article(i),
                pos: Pos::new(article.body_line + link.line - 1, link.column),
                lead: false,
                found: find((&article.source, WrittenIn::Article), &link.url, inputs, &content, base),
                written: link.url.clone(),
            });
        }
    }
    for (i, edition) in site.editions.iter().enumerate() {
        for link in edition.links.iter().filter(|l| l.image) {
            found.push(Reference {
                owner: Owner::Edition(i),
                pos: link.pos,
                lead: false,
                found: find((&edition.source, WrittenIn::Edition), &link.url, inputs, &content, base),
                written: link.url.clone(),
            });
        }
    }
    found
}

/// Where an image URL written in a content file (`source`: its path, and its kind)
/// leads: a file beside it or under content/ (`@/`), a file of static/ (`/images/x.png`), or off
/// the site.
fn find(
    (source, kind): (&str, WrittenIn),
    url: &str,
    inputs: &Inputs<'_>,
    content: &FxHashMap<&str, &Body>,
    base: &BaseUrl,
) -> Found {
    if links::is_external(url) {
        return Found::External(url.to_string());
    }
    if let Some(target) = links::target(source, url) {
        return match (inputs.assets.get(&target.path), content.get(target.path.as_str())) {
            (Some(output), Some(body)) => Found::File(output.clone(), (*body).clone()),
            _ => Found::Missing(
                missing_hint(&target.path, inputs.assets.keys().map(String::as_str), kind),
                false,
            ),
        };
    }
    let path = links::split_fragment(url).0;
    let within = base.prefixed(path).unwrap_or_else(|| path.to_string());
    let site_path = urls::normalize(within.strip_prefix(base.path()).unwrap_or(&within));
    match inputs.static_files.get(&site_path) {
        Some(body) => Found::File(site_path, body.clone()),
        // `/x.png` is static/x.png; the file is content/x.png (a migrated site's `/assets/…`).
        None if inputs.assets.contains_key(&format!("content/{site_path}")) => Found::Missing(
            format!(
                "there is content/{site_path}: write `@/{site_path}` for it (a path with `/` is under static/), or move it to static/"
            ),
            true,
        ),
        None => Found::Missing(
            missing_hint(&site_path, inputs.static_files.keys().map(String::as_str), kind),
            true,
        ),
    }
}

/// A hint for an image file that is not there: the closest file in the same folder, by name.
fn missing_hint<'a>(path: &str, files: impl Iterator<Item = &'a str>, kind: WrittenIn) -> String {
    let split = |p: &'a str| p.rsplit_once('/').unwrap_or(("", p));
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let near: Vec<&str> = files.filter(|f| split(f).0 == folder).map(|f| split(f).1).collect();
    match closest(name, near.iter().copied()) {
        Some(file) => format!("did you mean `{file}`? (it is in {folder}/)"),
        None => {
            format!(
                "put the image beside the {} (a relative path), under content/ (`@/…`) or under static/ (`/…`)",
                kind.noun()
            )
        }
    }
}

/// How many bytes of an image the probe reads first: enough for any header gazette reads.
const HEAD: usize = 256 * 1024;

/// Probes every distinct image file once (on every core), reports the problems at each reference,
/// and plans each good raster image's files. Output path → its picture.
fn probe_all(
    site: &Site,
    references: &[Reference],
    planning: &Planning<'_>,
    diagnostics: &mut Diagnostics,
    jobs: &mut Vec<ImageJob>,
) -> Pictures {
    // Each file once, with whether any article leads with it.
    let mut files: BTreeMap<&str, (&Body, bool, &Reference)> = BTreeMap::new();
    for reference in references {
        match &reference.found {
            Found::File(output, body) => {
                let entry = files.entry(output.as_str()).or_insert((body, false, reference));
                entry.1 |= reference.lead;
            }
            Found::Missing(hint, root_relative) => {
                let display = reference.owner.display(site);
                let message = format!("the image `{}` is not a file of the site", reference.written);
                let diagnostic = if *root_relative && !reference.lead {
                    Diagnostic::warning(display, reference.pos, message)
                } else {
                    Diagnostic::error(display, reference.pos, message)
                };
                diagnostics.push(diagnostic.with_hint(hint.clone()));
            }
            Found::External(_) => {}
        }
    }
    let probed: Vec<(&str, Result<Probe, String>)> = files
        .par_iter()
        .map(|(output, (body, _, _))| (*output, probe_file(body, planning.settings)))
        .collect();
    let mut pictures = FxHashMap::default();
    for (output, probe) in probed {
        let Some(&(body, lead, first)) = files.get(output) else {
            continue;
        };
        let probe = match probe {
            Ok(probe) => probe,
            Err(message) => {
                for reference in references
                    .iter()
                    .filter(|r| matches!(&r.found, Found::File(o, _) if o == output))
                {
                    diagnostics.push(Diagnostic::error(
                        reference.owner.display(site),
                        reference.pos,
                        format!("the image `{}`: {message}", reference.written),
                    ));
                }
                continue;
            }
        };
        if let Some(warning) = misnamed(output, probe.format, &first.written) {
            diagnostics.push(Diagnostic::warning(first.owner.display(site), first.pos, warning.0).with_hint(warning.1));
        }
        if lead && let Some((message, hint)) = unfit_lead(&probe, &first.written) {
            for reference in references
                .iter()
                .filter(|r| r.lead && matches!(&r.found, Found::File(o, _) if o == output))
            {
                diagnostics.push(
                    Diagnostic::warning(reference.owner.display(site), reference.pos, message.clone()).with_hint(hint),
                );
            }
        }
        let base = &site.config.base_url;
        let (job, picture, crops) = plan_file(output, body, probe, lead, planning, base);
        if let Some(mut job) = job {
            job.display = first.owner.display(site).to_path_buf();
            job.pos = first.pos;
            job.written = first.written.clone();
            jobs.push(job);
        }
        if let Some(picture) = picture {
            pictures.insert(output.to_string(), (picture, crops));
        }
    }
    pictures
}

/// Each author's picture, probed and planned like a body image (its existence is the author
/// file's check).
fn author_pictures(
    site: &mut Site,
    inputs: &Inputs<'_>,
    planning: &Planning<'_>,
    diagnostics: &mut Diagnostics,
    jobs: &mut Vec<ImageJob>,
) {
    let by_output: FxHashMap<&str, &str> = inputs.assets.iter().map(|(c, o)| (o.as_str(), c.as_str())).collect();
    let content: FxHashMap<&str, &Body> = inputs.content.iter().map(|a| (a.path.as_str(), &a.body)).collect();
    let base = site.config.base_url.clone();
    for author in &mut site.authors {
        let Some(output) = author.image.clone() else { continue };
        let Some(body) = by_output.get(output.as_str()).and_then(|c| content.get(c)) else {
            continue;
        };
        let (pos, written) = author
            .meta
            .image
            .clone()
            .map_or((Pos::new(1, 1), output.clone()), |(w, p)| (p, w));
        match probe_file(body, planning.settings) {
            Ok(probe) => {
                let (job, picture, _) = plan_file(&output, body, probe, false, planning, &base);
                if let Some(mut job) = job {
                    (job.display, job.pos, job.written) = (author.display.clone(), pos, written);
                    jobs.push(job);
                }
                author.picture = picture;
            }
            Err(message) => diagnostics.push(Diagnostic::error(
                &author.display,
                pos,
                format!("the image `{written}`: {message}"),
            )),
        }
    }
}

/// Why the cache folder is not used when it is a link that leads out of the site (a cloned
/// repository could carry one): a build writes nothing outside the site and its output.
fn cache_outside(root: &Path) -> Option<String> {
    let cache = root.join(CACHE_DIR);
    let is_link = std::fs::symlink_metadata(&cache).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let (Ok(site), Ok(_)) = (root.canonicalize(), cache.canonicalize()) else {
        return Some(format!("{CACHE_DIR} is a link to nowhere"));
    };
    crate::source::load::outside(&cache, &site)
        .map(|target| format!("{CACHE_DIR} is a link out of the site, to {}", target.display()))
}

/// The fewest pixels a lead image's crops may have to be offered to search engines (Google's
/// minimum for an article's image is 50,000).
const SHARE_MIN_PIXELS: u64 = 50_000;

/// The warning (message, hint) for a lead image too small to show or share (fewer than
/// `SHARE_MIN_PIXELS`), or so long or tall (more than 4 to 1) that cards and crops show a strip.
fn unfit_lead(probe: &Probe, written: &str) -> Option<(String, &'static str)> {
    let (width, height) = (u64::from(probe.width), u64::from(probe.height));
    if width == 0 || height == 0 {
        return None;
    }
    // A vector image (SVG) has no pixels to count: its shape alone matters.
    if probe.format.is_raster() && width * height < SHARE_MIN_PIXELS {
        return Some((
            format!("the lead image `{written}` is {width}×{height} pixels: too small to lead a page or to be shared"),
            "use a picture of at least 50,000 pixels (such as 300×170); 1200 pixels wide serves every screen and card",
        ));
    }
    let (long, short) = (width.max(height), width.min(height));
    (long > short * 4).then(|| {
        (
            format!(
                "the lead image `{written}` is {width}×{height} pixels, {} times as {} as it is {}: cards and crops show a thin strip of it",
                (long + short / 2) / short,
                if width > height { "wide" } else { "tall" },
                if width > height { "high" } else { "wide" },
            ),
            "lead with a picture nearer 16:9 or 4:3, and show the long one in the text",
        )
    })
}

/// The warning (message, hint) for an image whose name says another format than its bytes
/// (`map.jpg` holding a PNG): hosts send it with the type its extension says, and gazette
/// writes its sizes in the format it is.
fn misnamed(output: &str, format: Format, written: &str) -> Option<(String, String)> {
    let extension = output.rsplit_once('.')?.1.to_ascii_lowercase();
    let says = match extension.as_str() {
        "jpg" | "jpeg" | "jpe" | "jfif" => Format::Jpeg,
        "png" => Format::Png,
        "webp" => Format::WebP,
        "gif" => Format::Gif,
        "svg" => Format::Svg,
        _ => return None,
    };
    (says != format).then(|| {
        let stem = written.rsplit_once('.').map_or(written, |(stem, _)| stem);
        (
            format!(
                "the image `{written}` is a {} file named as a {}: hosts send it as {}",
                format.name(),
                says.name(),
                says.mime()
            ),
            format!("rename it `{stem}.{}` (and the references to it)", format.extension()),
        )
    })
}

/// The header of an image file, probed.
fn probe_file(body: &Body, settings: &media::Settings) -> Result<Probe, String> {
    let bytes = match body {
        Body::File(path) => {
            read_head(path).map_err(|e| format!("it could not be read: {}", crate::core::diagnostic::io_reason(&e)))?
        }
        other => other
            .read()
            .map_err(|e| format!("it could not be read: {}", crate::core::diagnostic::io_reason(&e)))?
            .into_owned(),
    };
    match media::probe(&bytes, settings) {
        // A header longer than the part read (a JPEG with a big EXIF thumbnail): read it all.
        Err(_) if bytes.len() == HEAD => {
            let whole = body
                .read()
                .map_err(|e| format!("it could not be read: {}", crate::core::diagnostic::io_reason(&e)))?;
            media::probe(&whole, settings).map_err(|e| e.to_string())
        }
        other => other.map_err(|e| e.to_string()),
    }
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(HEAD);
    std::fs::File::open(path)?.take(HEAD as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// How images are planned: the sizes to make, and the images whose sizes are named with their
/// extension (`clashing_names`).
struct Planning<'a> {
    settings: &'a media::Settings,
    clashing: &'a FxHashSet<String>,
}

/// A warning at each image one of whose sizes has the path of another image's (`map-jpg.png`
/// beside a `map.jpg` and a `map.png`, whose sizes are named `map-jpg-…`): one would overwrite
/// the other.
fn sizes_made_twice(jobs: &[ImageJob]) -> Vec<Diagnostic> {
    let mut made: FxHashMap<&str, &ImageJob> = FxHashMap::default();
    let mut found = Vec::new();
    for job in jobs {
        for (path, _) in &job.outputs {
            if let Some(other) = made.insert(path, job)
                && !std::ptr::eq(other, job)
            {
                found.push(
                    Diagnostic::warning(
                        &job.display,
                        job.pos,
                        format!(
                            "the image `{}` has a size at `{path}`, as `{}` of {} has: one overwrites the other",
                            job.written,
                            other.written,
                            crate::core::diagnostic::display_path(&other.display)
                        ),
                    )
                    .with_hint("rename one of the two images"),
                );
                break;
            }
        }
    }
    found
}

/// The output paths among `outputs` whose name without its extension another one of the same
/// folder shares (`map.jpg` and `map.png`): their sizes (`map-480.webp`) would have the same
/// names, and one image's would overwrite the other's.
fn clashing_names<'a>(outputs: impl Iterator<Item = &'a str>) -> FxHashSet<String> {
    let mut by_stem: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for output in outputs {
        let name_start = output.rfind('/').map_or(0, |i| i + 1);
        let stem = output[name_start..]
            .rfind('.')
            .map_or(output, |dot| &output[..name_start + dot]);
        let same = by_stem.entry(stem).or_default();
        if !same.contains(&output) {
            same.push(output);
        }
    }
    by_stem
        .into_values()
        .filter(|same| same.len() > 1)
        .flatten()
        .map(str::to_string)
        .collect()
}

/// The files made of one image at `output` (none for a GIF or SVG, which are copied), its
/// picture for pages, and its sharing crops when an article leads with it. Its sizes are named
/// from its name without the extension (`map-480.webp`), or with it (`map-jpg-480.webp`) when it
/// is one of `clashing`.
fn plan_file(
    output: &str,
    body: &Body,
    probe: Probe,
    lead: bool,
    planning: &Planning<'_>,
    base: &BaseUrl,
) -> (Option<ImageJob>, Option<Picture>, Crops) {
    let settings = planning.settings;
    let (folder, name) = match output.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), output),
    };
    let stem = match name.rsplit_once('.') {
        Some((stem, extension)) if planning.clashing.contains(output) => format!("{stem}-{extension}"),
        Some((stem, _)) => stem.to_string(),
        None => name.to_string(),
    };
    let path_of = |v: &Variant| format!("{folder}{}", media::file_name(&stem, v));
    if !probe.format.is_raster() {
        // A GIF or SVG is copied as it is; its `<img>` still gets its size (an SVG's from its
        // `width` and `height`, or its `viewBox`).
        let picture = (probe.width > 0 && probe.height > 0).then(|| Picture {
            src: base.url(output),
            width: probe.width,
            height: probe.height,
            own: vec![(base.url(output), probe.width)],
            own_type: probe.format.mime(),
            webp: Vec::new(),
        });
        return (None, picture, Vec::new());
    }
    let mut outputs: Vec<(String, Variant)> = media::variants(&probe, settings)
        .into_iter()
        .map(|v| (path_of(&v), v))
        .collect();
    let own: Vec<(String, u32)> = outputs
        .iter()
        .filter(|(_, v)| v.format == probe.format)
        .map(|(path, v)| (base.url(path), v.width))
        .collect();
    let webp: Vec<(String, u32)> = if probe.format == Format::WebP {
        Vec::new()
    } else {
        outputs
            .iter()
            .filter(|(_, v)| v.format == Format::WebP)
            .map(|(path, v)| (base.url(path), v.width))
            .collect()
    };
    let largest = outputs.iter().rposition(|(_, v)| v.format == probe.format);
    let (Some(largest), Some((src, _))) = (largest, own.last()) else {
        return (None, None, Vec::new());
    };
    let (width, height) = (outputs[largest].1.width, outputs[largest].1.height);
    let picture = Picture {
        src: src.clone(),
        width,
        height,
        own: own.clone(),
        own_type: probe.format.mime(),
        webp,
    };
    let mut crops = Vec::new();
    if lead {
        let (og, ratios) = media::share_variants(&probe);
        for v in og.into_iter().chain(ratios) {
            let path = path_of(&v);
            crops.push((path.clone(), v.width, v.height));
            outputs.push((path, v));
        }
    }
    let job = ImageJob {
        source: body.clone(),
        probe,
        outputs,
        copies: vec![(output.to_string(), largest)],
        display: PathBuf::new(),
        pos: Pos::new(1, 1),
        written: String::new(),
    };
    (Some(job), Some(picture), crops)
}

/// Gives each article its responsive body, lead image and share image.
fn apply(site: &mut Site, references: &[Reference], pictures: &Pictures) {
    let base = site.config.base_url.clone();
    // The pictures by the URL a body's `<img src>` has (the link rewrite put the file's URL there).
    let by_url: FxHashMap<String, &Picture> = pictures
        .iter()
        .map(|(output, (picture, _))| (base.url(output), picture))
        .collect();
    let sized = |html: &str| picture::responsive(html, &|src| by_url.get(src).map(|p| (*p).clone()));
    let mut with_images: Vec<Owner> = references.iter().filter(|r| !r.lead).map(|r| r.owner).collect();
    with_images.dedup();
    for owner in with_images {
        match owner {
            Owner::Article(i) => {
                let article = &mut site.articles[i];
                if let Some(html) = sized(&article.body.html) {
                    let mut body = (*article.body).clone();
                    body.html = html;
                    article.body = Arc::new(body);
                }
            }
            Owner::Edition(e) => size_edition(&mut site.editions[e], &sized),
        }
    }
    for reference in references.iter().filter(|r| r.lead) {
        let Owner::Article(a) = reference.owner else { continue };
        let article = &mut site.articles[a];
        let (picture, src, crops) = match &reference.found {
            Found::File(output, _) => match pictures.get(output) {
                Some((picture, crops)) => (Some(picture.clone()), picture.src.clone(), crops.clone()),
                None => (None, base.url(output), Vec::new()),
            },
            Found::External(url) => (None, url.clone(), Vec::new()),
            Found::Missing(..) => continue,
        };
        // The og:image is the 1200×630 crop, planned first among the crops when the image is big
        // enough.
        let og = crops
            .first()
            .filter(|(path, w, h)| (*w, *h) == (1200, 630) && path.contains("-og."));
        article.share = og.map(|(path, width, height)| ShareImage {
            path: path.clone(),
            width: *width,
            height: *height,
            alt: reference_alt(article),
        });
        // Structured data's crops, when they are big enough for search engines to take.
        let ratios = crops
            .iter()
            .filter(|(path, w, h)| !path.contains("-og.") && u64::from(*w) * u64::from(*h) >= SHARE_MIN_PIXELS)
            .cloned()
            .collect();
        article.image = lead_image(article, picture, src, ratios, &site.config);
    }
}

/// An edition's introduction and notes with their images made responsive (the email takes the
/// largest size and its dimensions from them: `render::editions`).
fn size_edition(edition: &mut Edition, sized: &dyn Fn(&str) -> Option<String>) {
    if let Some(html) = sized(&edition.intro) {
        edition.intro = html;
    }
    for item in &mut edition.items {
        if let Item::Article { note: Some(note), .. } | Item::Link { note: Some(note), .. } = item
            && let Some(html) = sized(&note.html)
        {
            note.html = html;
        }
    }
}

fn reference_alt(article: &Article) -> String {
    article.meta.image.as_ref().map(|i| i.alt.clone()).unwrap_or_default()
}

fn lead_image(
    article: &Article,
    picture: Option<Picture>,
    src: String,
    crops: Crops,
    config: &crate::parse::config::Config,
) -> Option<Arc<LeadImage>> {
    let meta = article.meta.image.as_ref()?;
    Some(Arc::new(LeadImage {
        picture,
        src,
        alt: meta.alt.clone(),
        caption: meta.caption.clone(),
        credit: meta.credit.clone(),
        lang: config.original_language.clone().filter(|_| meta.inherited),
        crops,
    }))
}

/// The theme's card style: `card.yaml` (read by `parse::card`) and the font it names;
/// `theme_dir` is the theme's folder, where messages place the file.
fn card_style(theme_files: &BTreeMap<String, Body>, theme_dir: &Path) -> Checked<CardStyle> {
    // The site's own card.yaml, when it has one, is where its mistakes are.
    let path = match theme_files.get(CARD_FILE) {
        Some(Body::File(file)) => file.clone(),
        _ => theme_dir.join(CARD_FILE),
    };
    let missing = || {
        Checked::failed(vec![
            Diagnostic::error(
                &path,
                None,
                "the theme has no card.yaml, so social cards cannot be drawn",
            )
            .with_hint("add card.yaml to the theme or beside site.yaml (see docs/themes.md), or set `images: { social_cards: false }`"),
        ])
    };
    let Some(text) = theme_files.get(CARD_FILE).and_then(|body| body.read().ok()) else {
        return missing();
    };
    let text = String::from_utf8_lossy(&text);
    let load_font = |path: &str| {
        theme_files
            .get(path)
            .and_then(|b| b.read().ok())
            .map(|b| b.into_owned())
    };
    let fonts: Vec<&str> = theme_files
        .keys()
        .map(String::as_str)
        .filter(|name| {
            let name = name.to_ascii_lowercase();
            name.ends_with(".ttf") || name.ends_with(".otf")
        })
        .collect();
    crate::parse::card::parse(&path, &text, &load_font, &fonts)
}

/// A card for each article whose shared links would show no image of its own, when its words can
/// be set in the card's font (`media::card::cannot_draw`); otherwise a warning, and no card.
fn card_jobs(site: &mut Site, style: &CardStyle, diagnostics: &mut Diagnostics) -> Vec<CardJob> {
    let language = crate::core::language::Language::new(&site.config.locale);
    let cards: Vec<(usize, CardJob)> = site
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.share.is_none())
        .map(|(i, article)| {
            let card = CardJob {
                output: urls::card_file(&article.permalink),
                site: site.config.title.clone(),
                topic: article.topics.first().map(|&t| site.topics[t].meta.title.clone()),
                headline: article.meta.title.clone(),
                date: language.date(&article.meta.date.at_day()),
                display: article.display.clone(),
            };
            (i, card)
        })
        .collect();
    // What every card of the language has (the site's title, a date in its words): when those
    // cannot be set (an Arabic site), no card can, and one warning says so for them all.
    if let Some(first) = cards.first().map(|(_, card)| card)
        && let Some(why) = media::card::cannot_draw(&format!("{} {}", first.site, first.date), style)
    {
        let count = cards.len();
        diagnostics.push(
            Diagnostic::warning(
                &first.display,
                None,
                format!(
                    "{why} (in the site's title or its dates in `{}`), so none of the {count} article{} without a lead image here has a social card",
                    site.config.language,
                    if count == 1 { "" } else { "s" }
                ),
            )
            .with_hint("links to them are shared without an image; give an article a lead image of at least 1200×630 to share it, give the cards a font with these characters (a card.yaml beside site.yaml, its `font:` in fonts/), or turn cards off with `images: { social_cards: false }`")
            .web_only(),
        );
        return Vec::new();
    }
    // A card that cannot be set is not made: the article is shared without an image, not with
    // a card that has gaps or scrambled letters.
    let cards: Vec<(usize, CardJob)> = cards.into_iter().filter(|(_, card)| {
        let text = [card.site.as_str(), card.topic.as_deref().unwrap_or(""), &card.headline, &card.date];
        media::card::cannot_draw(&text.join(" "), style)
            .map(|why| {
                diagnostics.push(
                    Diagnostic::warning(&card.display, None, format!("{why}, so this article has no social card: links to it are shared without an image"))
                        .with_hint("give the article a lead image of at least 1200×630, which is shared instead, or give the cards a font with these characters (a card.yaml beside site.yaml, its `font:` in fonts/)")
                        .web_only(),
                );
            })
            .is_none()
    }).collect();
    for (i, card) in &cards {
        let article = &mut site.articles[*i];
        article.share = Some(ShareImage {
            path: card.output.clone(),
            width: media::card::WIDTH,
            height: media::card::HEIGHT,
            alt: article.meta.title.clone(),
        });
    }
    cards.into_iter().map(|(_, card)| card).collect()
}
