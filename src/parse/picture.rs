//! Responsive images in a rendered body: each `<img>` whose file the build processed gets its
//! width and height, `srcset` and `sizes`, lazy loading, and a WebP `<source>` in a `<picture>`.
//! Pure: the caller says what each image URL became.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt::Write as _;

use lol_html::html_content::{ContentType, Element};
use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};

use crate::core::escape::xml_escape;

/// One processed image as pages show it: every size made of it, in its own format and in WebP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The URL of the largest size in the image's own format (the `src`).
    pub src: String,
    /// The pixel size of `src` (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// `(URL, width)` of every size in the image's own format, narrowest first.
    pub own: Vec<(String, u32)>,
    /// Its MIME type (`image/jpeg`).
    pub own_type: &'static str,
    /// `(URL, width)` of every WebP size, narrowest first; empty when the image is a WebP itself.
    pub webp: Vec<(String, u32)>,
}

/// How wide an image in an article's body is shown: the text column, or the whole screen on a
/// phone (the theme's `--measure`).
pub const BODY_SIZES: &str = "(min-width: 43rem) 40rem, 100vw";

impl Picture {
    /// `url 480w, url 960w`.
    pub fn srcset(list: &[(String, u32)]) -> String {
        let mut out = String::new();
        for (url, width) in list {
            if !out.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(out, "{url} {width}w");
        }
        out
    }

    /// The opening of the `<picture>` and its WebP `<source>`, for an `<img>` shown at `sizes`.
    fn opening(&self, sizes: &str) -> String {
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
            xml_escape(&Picture::srcset(&self.webp)),
            xml_escape(sizes)
        )
    }
}

/// `html` with every `<img>` that `picture` knows (by its `src` as written) made responsive:
/// `src` the largest size, `srcset`, `sizes`, `width` and `height` (unless written),
/// `loading="lazy"` and `decoding="async"`, inside a `<picture>` with a WebP `<source>`.
/// `None` when no image changed.
pub fn responsive(html: &str, picture: &dyn Fn(&str) -> Option<Picture>) -> Option<String> {
    let changed = Cell::new(false);
    let mut out = Vec::with_capacity(html.len() + 512);
    let handler = |el: &mut Element<'_, '_>| {
        let Some(found) = el.get_attribute("src").and_then(|src| picture(&src)) else {
            return Ok(());
        };
        changed.set(true);
        set_attributes(el, &found, BODY_SIZES);
        // A `<picture>` only to offer WebP: a GIF, an SVG or a WebP image is an `<img>` alone.
        if !found.webp.is_empty() {
            el.before(&found.opening(BODY_SIZES), ContentType::Html);
            el.after("</picture>", ContentType::Html);
        }
        Ok(())
    };
    let Ok(selector) = "img[src]".parse::<Selector>() else {
        return None;
    };
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler((Cow::Owned(selector), ElementContentHandlers::default().element(handler)));
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    // A handler never fails and no memory limit is set: should the rewriter fail all the same,
    // the body stays as written.
    if rewriter.write(html.as_bytes()).is_err() || rewriter.end().is_err() {
        return None;
    }
    if !changed.get() {
        return None;
    }
    String::from_utf8(out).ok()
}

fn set_attributes(el: &mut Element<'_, '_>, picture: &Picture, sizes: &str) {
    // The values are URLs the build made and numbers; `set_attribute` escapes quotes.
    let _ = el.set_attribute("src", &picture.src);
    if picture.own.len() > 1 {
        let _ = el.set_attribute("srcset", &Picture::srcset(&picture.own));
        let _ = el.set_attribute("sizes", sizes);
    }
    if !el.has_attribute("width") && !el.has_attribute("height") {
        let _ = el.set_attribute("width", &picture.width.to_string());
        let _ = el.set_attribute("height", &picture.height.to_string());
    }
    if !el.has_attribute("alt") {
        let _ = el.set_attribute("alt", "");
    }
    if !el.has_attribute("loading") {
        let _ = el.set_attribute("loading", "lazy");
    }
    if !el.has_attribute("decoding") {
        let _ = el.set_attribute("decoding", "async");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> Picture {
        Picture {
            src: "/a/map-960.jpg".into(),
            width: 960,
            height: 540,
            own: vec![("/a/map-480.jpg".into(), 480), ("/a/map-960.jpg".into(), 960)],
            own_type: "image/jpeg",
            webp: vec![("/a/map-480.webp".into(), 480), ("/a/map-960.webp".into(), 960)],
        }
    }

    fn lookup(src: &str) -> Option<Picture> {
        (src == "/a/map.jpg").then(map)
    }

    #[test]
    fn a_known_image_becomes_a_picture_with_sizes_and_dimensions() {
        let html = "<p>Text <img src=\"/a/map.jpg\" alt=\"A map\" /> more</p>\n";
        let out = responsive(html, &lookup).unwrap();
        assert_eq!(
            out,
            "<p>Text <picture><source type=\"image/webp\" srcset=\"/a/map-480.webp 480w, /a/map-960.webp 960w\" \
             sizes=\"(min-width: 43rem) 40rem, 100vw\"><img src=\"/a/map-960.jpg\" alt=\"A map\" \
             srcset=\"/a/map-480.jpg 480w, /a/map-960.jpg 960w\" sizes=\"(min-width: 43rem) 40rem, 100vw\" \
             width=\"960\" height=\"540\" loading=\"lazy\" decoding=\"async\" /></picture> more</p>\n"
        );
    }

    #[test]
    fn other_images_and_bodies_without_images_are_left_alone() {
        assert_eq!(responsive("<p>No image</p>", &lookup), None);
        assert_eq!(responsive("<img src=\"https://x.org/a.jpg\" alt=\"\">", &lookup), None);
    }

    #[test]
    fn dimensions_an_author_wrote_are_kept() {
        let out = responsive("<img src=\"/a/map.jpg\" width=\"100\" alt=\"m\">", &lookup).unwrap();
        assert!(
            out.contains("width=\"100\"") && !out.contains("height=\"540\""),
            "{out}"
        );
    }
}
