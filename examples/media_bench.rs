//! A micro-benchmark of `gazette::media`: `process` over a folder of photos (cold, and through a
//! cache cold then warm) and `card` over 1000 headlines, on a rayon pool of N threads.
//!
//! Usage: cargo run --release --example media_bench -- PHOTO_DIR [THREADS=2] [SAMPLE_CARD.png]
//! (bench/images.sh runs it on its 200 photos).

use std::path::{Path, PathBuf};
use std::time::Instant;

use gazette::media::{self, Cache, CardStyle, CardText, Settings, Stats, Variant};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: media_bench PHOTO_DIR [THREADS=2] [SAMPLE_CARD.png]");
        std::process::exit(2);
    };
    let threads = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(2);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    // MEDIA_BENCH_ONLY=cards skips the photos.
    if std::env::var("MEDIA_BENCH_ONLY").is_ok_and(|v| v == "cards") {
        pool.install(|| cards(args.get(3).map(Path::new)));
        return;
    }
    let photos = read_photos(&dir);
    println!(
        "{} photos, {:.1} MB, {threads} threads",
        photos.len(),
        total(&photos) as f64 / 1e6
    );
    let settings = Settings::default();
    pool.install(|| {
        images(
            &photos,
            &settings,
            "srcset widths, WebP only (as the Hugo benchmark)",
            |p| {
                media::variants(p, &settings)
                    .into_iter()
                    .filter(|v| v.format == media::Format::WebP)
                    .collect()
            },
        );
        images(
            &photos,
            &settings,
            "full plan: WebP + JPEG widths, og:image, 16:9, 4:3, 1:1",
            |p| full_plan(p, &settings),
        );
        cached(&photos, &settings);
        cards(args.get(3).map(Path::new));
    });
}

fn read_photos(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the photo folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("a photo")))
        .collect()
}

fn total(outputs: &[(String, Vec<u8>)]) -> usize {
    outputs.iter().map(|(_, b)| b.len()).sum()
}

fn full_plan(probe: &media::Probe, settings: &Settings) -> Vec<Variant> {
    let (og, crops) = media::share_variants(probe);
    media::variants(probe, settings)
        .into_iter()
        .chain(og)
        .chain(crops)
        .collect()
}

fn images(
    photos: &[(String, Vec<u8>)],
    settings: &Settings,
    what: &str,
    plan: impl Fn(&media::Probe) -> Vec<Variant> + Sync,
) {
    let start = Instant::now();
    let results: Vec<(usize, usize)> = photos
        .par_iter()
        .map(|(name, bytes)| {
            let probe = media::probe(bytes, settings).unwrap_or_else(|e| panic!("{name}: {e}"));
            let plan = plan(&probe);
            let outputs = media::process(bytes, &probe, &plan, settings).unwrap_or_else(|e| panic!("{name}: {e}"));
            (outputs.len(), outputs.iter().map(Vec::len).sum())
        })
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    let files: usize = results.iter().map(|r| r.0).sum();
    let bytes: usize = results.iter().map(|r| r.1).sum();
    println!(
        "process, {what}: {elapsed:.2} s cold, {:.1} ms a photo (wall), {files} files, {:.1} MB",
        elapsed * 1000.0 / photos.len() as f64,
        bytes as f64 / 1e6
    );
}

fn cached(photos: &[(String, Vec<u8>)], settings: &Settings) {
    let dir = std::env::temp_dir().join(format!("gazette-media-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for run in ["cold (writing the cache)", "warm"] {
        let cache = Cache::open(&dir).expect("the cache folder");
        let start = Instant::now();
        let stats = photos
            .par_iter()
            .map(|(name, bytes)| {
                let probe = media::probe(bytes, settings).unwrap_or_else(|e| panic!("{name}: {e}"));
                let plan = full_plan(&probe, settings);
                media::process_cached(&cache, bytes, &probe, &plan, settings)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
                    .1
            })
            .reduce(Stats::default, |mut a, b| {
                a += b;
                a
            });
        println!(
            "process_cached, full plan, {run}: {:.3} s, {stats:?}",
            start.elapsed().as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn cards(sample: Option<&Path>) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let yaml = std::fs::read_to_string(theme.join("card.yaml")).expect("card.yaml");
    let style: CardStyle = gazette::parse::card::parse(
        &theme.join("card.yaml"),
        &yaml,
        &|p| std::fs::read(theme.join(p)).ok(),
        &[],
    )
    .value
    .expect("the style");
    let words = [
        "Putin",
        "and",
        "Kim",
        "sign",
        "a",
        "mutual-defence",
        "pact",
        "as",
        "Seoul",
        "weighs",
        "its",
        "answer",
        "푸틴과",
        "김정은",
        "상호방위조약",
        "서명",
    ];
    let headlines: Vec<String> = (0..1000)
        .map(|i| {
            (0..6 + i % 14)
                .map(|j| words[(i * 7 + j * 3) % words.len()])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let start = Instant::now();
    let sizes: Vec<usize> = headlines
        .par_iter()
        .map(|h| {
            let text = CardText {
                site: "Korea Desk Briefings",
                topic: Some("Russia–North Korea"),
                headline: h,
                date: "21 June 2024",
            };
            media::card(&text, &style).expect("a card").len()
        })
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "card: {} cards in {elapsed:.2} s = {:.0} cards/s, {:.1} KB average, {:.1} KB largest",
        sizes.len(),
        sizes.len() as f64 / elapsed,
        sizes.iter().sum::<usize>() as f64 / sizes.len() as f64 / 1024.0,
        *sizes.iter().max().unwrap_or(&0) as f64 / 1024.0
    );
    if let Some(path) = sample {
        let text = CardText {
            site: "Korea Desk Briefings",
            topic: Some("Russia–North Korea"),
            headline: &headlines[13],
            date: "21 June 2024",
        };
        std::fs::write(path, media::card(&text, &style).expect("a card")).expect("the sample card");
    }
}
