//! The repository's own sample site: it builds, is big enough, and its HTML is valid.

use crate::common::{gazette, repo, run_checker, stderr, stdout, tree};

#[test]
fn sample_site_builds_with_enough_content() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let run = gazette(&repo(), &["build", "--output", out_dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let summary = stdout(&run);
    let articles: usize = summary.split(' ').next().unwrap().parse().unwrap();
    assert!(articles >= 12, "{summary}");
    let topics = std::fs::read_to_string(out_dir.join("topics/index.html")).unwrap();
    let topics = topics.matches("class=\"topic-box\"").count();
    assert!(topics >= 4, "the topics page lists {topics} topics");
    assert!(summary.contains("1 draft left out"), "{summary}");
    assert!(
        stderr(&run).is_empty(),
        "the sample site builds without warnings:\n{}",
        stderr(&run)
    );
    let files = tree(&out_dir);
    for page in [
        "index.html",
        "404.html",
        "topics/index.html",
        "tags/index.html",
        "archive/index.html",
        "archive/2024/06/index.html",
        "authors/index.html",
        "authors/min-ji-park/index.html",
        "authors/joon-ho-lee/atom.xml",
    ] {
        assert!(files.contains_key(page), "{page} is missing");
    }
    // The topic timeline lists only its own articles, oldest event first, with display dates.
    let topic = String::from_utf8(files["topics/russia-north-korea/index.html"].clone()).unwrap();
    let sanctions = String::from_utf8(files["topics/sanctions/index.html"].clone()).unwrap();
    assert!(
        topic.contains(">July 2000</time>"),
        "the display date of the 2000 visit is shown"
    );
    // Two authors (issue 15): a byline names both, and site.yaml's default covers the rest.
    let pact = String::from_utf8(files["2024/06/putin-and-kim-sign-mutual-defence-pact/index.html"].clone()).unwrap();
    assert!(
        pact.contains(">Min-ji Park</a>, Korea correspondent, and <a"),
        "the pact's byline"
    );
    let explainer = String::from_utf8(files["2024/06/what-each-side-gets/index.html"].clone()).unwrap();
    assert!(explainer.contains("<p class=\"byline\">By <a href=\"/briefings/authors/min-ji-park/\""));
    let first = topic.find("2000-07").unwrap();
    let later = topic.find("datetime=\"2024-06-19\"").unwrap();
    assert!(first < later, "event-date order");
    assert!(
        !sanctions.contains("Putin returns to Pyongyang"),
        "a topic page shows only its own articles"
    );
}

#[test]
fn sample_site_html_is_valid_for_the_w3c_checker() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let run = gazette(&repo(), &["build", "--output", out_dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let Some((passed, report)) = run_checker("check_html.sh", &[out_dir.as_os_str()]) else {
        return;
    };
    assert!(passed, "W3C checker found errors:\n{report}");
    assert!(report.contains("check_html: OK 0 errors"), "{report}");
}

#[test]
fn golden_fixture_html_is_valid_for_the_w3c_checker() {
    let expected = crate::common::fixture("basic/expected");
    let Some((passed, report)) = run_checker("check_html.sh", &[expected.as_os_str()]) else {
        return;
    };
    assert!(passed, "W3C checker found errors:\n{report}");
    assert!(report.contains("check_html: OK 0 errors"), "{report}");
}

/// Regression: the sample declared no icon, so a browser asked for `/favicon.ico` on every page
/// and got a 404 (the site lives under /briefings/). Every web page now links one that exists.
#[test]
fn every_sample_page_links_an_icon_the_site_has() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let run = gazette(&repo(), &["build", "--output", out_dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let files = tree(&out_dir);
    let pages = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.ends_with("email.html"));
    let mut seen = 0;
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias, which only redirects
        }
        let icon = html
            .split("<link rel=\"icon\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{path} links no icon"));
        let file = icon.strip_prefix("/briefings/").unwrap_or(icon);
        assert!(files.contains_key(file), "{path}: the icon {icon} is not in the output");
        seen += 1;
    }
    assert!(seen > 50, "{seen} pages");
}

/// Regression: an article's topics above its headline and the footer's topics were two
/// navigation landmarks of one name ("Topics"), which a screen reader's list of landmarks cannot
/// tell apart (axe: landmark-unique). Every page names its navigation landmarks apart.
#[test]
fn every_sample_pages_navigation_landmarks_have_names_of_their_own() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let run = gazette(&repo(), &["build", "--output", out_dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    for (path, bytes) in tree(&out_dir).iter().filter(|(p, _)| p.ends_with("index.html")) {
        let html = String::from_utf8_lossy(bytes);
        // A `<nav>` without a name counts as the empty name: two of them share it.
        let mut names: Vec<&str> = html
            .split("<nav")
            .skip(1)
            .filter(|tag| tag.starts_with(' ') || tag.starts_with('>'))
            .map(|tag| {
                let tag = tag.split('>').next().unwrap_or_default();
                tag.split("aria-label=\"")
                    .nth(1)
                    .and_then(|n| n.split('"').next())
                    .unwrap_or_default()
            })
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "{path}: {names:?}");
    }
}

/// Issue 15 on the sample site: three lead images, a figure and social cards; every `<img>` has
/// width, height and alt; no output image is wider than the widest source or keeps EXIF data;
/// every article's og:image exists, is 1200×630 and decodes.
#[test]
fn sample_site_images_are_sized_stripped_and_shared() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let run = gazette(&repo(), &["build", "--output", out_dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let files = tree(&out_dir);
    let mut leads = 0;
    let mut cards = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for (i, _) in html.match_indices("<img ") {
            let tag = html[i..].split_once('>').map_or("", |(tag, _)| tag);
            for attribute in [" width=\"", " height=\"", " alt=\""] {
                assert!(tag.contains(attribute), "{path}: {tag} has no{attribute}");
            }
        }
        leads += usize::from(html.contains("<figure class=\"lead-image\">"));
        let Some(og) = html.split("<meta property=\"og:image\" content=\"").nth(1) else {
            continue;
        };
        let url = og.split('"').next().unwrap_or_default();
        let image = url.strip_prefix("https://example.org/briefings/").unwrap_or(url);
        let bytes = files
            .get(image)
            .unwrap_or_else(|| panic!("{path}: og:image {url} is not in the output"));
        let decoded = image::load_from_memory(bytes).expect("the og:image decodes");
        assert_eq!((decoded.width(), decoded.height()), (1200, 630), "{image}");
        assert!(bytes.len() < 300 * 1024, "{image}");
        cards += usize::from(image.ends_with("card.png"));
    }
    assert!(leads >= 3, "three articles lead with an image ({leads})");
    assert!(cards >= 1, "an article without an image shares its card");
    let explainer = String::from_utf8_lossy(&files["2024/06/what-each-side-gets/index.html"]).into_owned();
    assert!(
        explainer.contains("<figure><picture>") && explainer.contains("<figcaption>"),
        "the body figure"
    );
    // The widest image the sample's content has, or a social card's 1200.
    let widest = walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "jpg" || x == "png" || x == "webp")
        })
        .map(|e| image::image_dimensions(e.path()).expect("a source image").0)
        .fold(1200, u32::max);
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".jpg") || p.ends_with(".webp") || p.ends_with(".png"))
    {
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{path} carries EXIF data");
        let width = image::load_from_memory(bytes).expect("decodes").width();
        assert!(
            width <= widest,
            "{path} is {width} wide, more than any source ({widest})"
        );
    }
    // Every src and srcset candidate resolves to a file of the output.
    if let Some((passed, report)) = run_checker(
        "check_links.py",
        &[out_dir.as_os_str(), "https://example.org/briefings/".as_ref()],
    ) {
        assert!(passed, "{report}");
    }
}
