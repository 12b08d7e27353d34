#!/usr/bin/env bash
# bench/images.sh — the image benchmark of issue 15: 200 photo-like JPEGs of 2–4 megapixels, each
# used by one article, resized to 480/960/1600 px WebP at quality 80; cold and warm build times
# and output bytes, gazette next to Hugo's image processing (`.Resize "<w>x webp q80"`).
#
# Usage: bench/images.sh [RUNS=3]
#   --micro        also run the library micro-benchmark (examples/media_bench.rs: process(), card())
#   --no-gazette   Hugo only (no release build of gazette)
#
# Steps:
#   1. $BENCH_ROOT/images/photo-NNN.jpg: 200 photos made by bench/images/make_photos.py (Pillow +
#      numpy, installed with pip when missing; deterministic; every fifth one stored sideways with
#      EXIF orientation 6). Made once.
#   2. Hugo: $BENCH_ROOT/hugo-images, 200 page bundles, each resizing its photo to the widths up
#      to its own (Hugo would enlarge otherwise), WebP q80. Needs Hugo *extended* (WebP encoding);
#      `hugo version` must say "+extended", else the script compares JPEG instead and says so.
#      Cold = resources/_gen and public removed; warm = the same build again.
#   3. gazette: $BENCH_ROOT/gazette-images, 200 articles with `image:` and a body image (the same
#      photo), `images: { widths: [480, 960, 1600], quality: 80 }`. Cold = .gazette-cache and
#      public removed; warm = again. >>> Runs once `gazette build` processes images (issue 15's
#      pipeline work); until then it reports that the output has no WebP files. <<<
#
# Environment: BENCH_ROOT (default /dev/shm/gazette-bench), HUGO (default hugo).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/dev/shm/gazette-bench}
HUGO=${HUGO:-hugo}
RUNS=3
MICRO=0
GAZETTE_TOO=1
for arg in "$@"; do
    case $arg in
        --micro) MICRO=1 ;;
        --no-gazette) GAZETTE_TOO=0 ;;
        *) RUNS=$arg ;;
    esac
done
N=200
WIDTHS="480 960 1600"
log() { printf '== %s\n' "$*" >&2; }
# seconds ELAPSED: runs the command, prints its wall time in seconds (3 decimals).
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$start $end" | awk '{printf "%.3f", $2 - $1}'
}
bytes_of() { find "$1" -name "*.$2" -printf '%s\n' | awk '{s += $1} END {printf "%.1f MB in %d files", s / 1e6, NR}'; }

# 1. The photos.
IMAGES=$BENCH_ROOT/images
if [ "$(ls "$IMAGES" 2>/dev/null | grep -c '\.jpg$' || true)" -lt $N ]; then
    python3 -c 'import numpy, PIL' 2>/dev/null || pip install --quiet numpy pillow
    log "making $N photos in $IMAGES"
    python3 "$HERE/images/make_photos.py" "$IMAGES" $N
fi

# 2. Hugo.
FORMAT=webp
if ! "$HUGO" version | grep -q extended; then
    FORMAT=jpg
    log "this Hugo is not the extended build: it cannot encode WebP, so both compare JPEG q80"
fi
H=$BENCH_ROOT/hugo-images
if [ ! -d "$H/content" ]; then
    log "making the Hugo site in $H"
    rm -rf "$H.tmp" && mkdir -p "$H.tmp/content/photos" "$H.tmp/layouts/_default"
    cat > "$H.tmp/hugo.toml" <<TOML
baseURL = "https://example.org/"
title = "Image benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
quality = 80
TOML
    cat > "$H.tmp/layouts/_default/single.html" <<HTML
<!doctype html><title>{{ .Title }}</title>
{{ with .Resources.GetMatch "photo.jpg" }}{{ \$img := . }}
{{ range slice $WIDTHS }}{{ if le . \$img.Width }}
<img src="{{ (\$img.Resize (printf "%dx $FORMAT q80" .)).RelPermalink }}" width="{{ . }}" alt="">
{{ end }}{{ end }}{{ end }}
HTML
    printf '<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}{{ .Title }}{{ end }}\n' > "$H.tmp/layouts/_default/list.html"
    for i in $(seq 0 $((N - 1))); do
        n=$(printf '%03d' "$i")
        mkdir -p "$H.tmp/content/photos/$n"
        printf -- '---\ntitle: "Photo %s"\ndate: 2024-06-21\n---\nA photo.\n' "$n" > "$H.tmp/content/photos/$n/index.md"
        cp "$IMAGES/photo-$n.jpg" "$H.tmp/content/photos/$n/photo.jpg"
    done
    mv "$H.tmp" "$H"
fi

# 3. gazette.
G=$BENCH_ROOT/gazette-images
if [ ! -d "$G/content" ]; then
    log "making the gazette site in $G"
    rm -rf "$G.tmp" && mkdir -p "$G.tmp/content/topics"
    cat > "$G.tmp/site.yaml" <<YAML
title: Image benchmark
base_url: https://example.org/
images: { widths: [$(echo $WIDTHS | sed 's/ /, /g')], quality: 80 }
YAML
    printf -- '---\ntitle: Photos\n---\nThe benchmark photos.\n' > "$G.tmp/content/topics/photos.md"
    for i in $(seq 0 $((N - 1))); do
        n=$(printf '%03d' "$i")
        cat > "$G.tmp/content/photo-$n.md" <<MD
---
title: Photo $n
date: 2024-06-21
summary: A benchmark photo.
topics: [photos]
image:
  src: photo-$n.jpg
  alt: Benchmark photo $n
---
A benchmark photo, again in the body:

![Benchmark photo $n](photo-$n.jpg)
MD
        cp "$IMAGES/photo-$n.jpg" "$G.tmp/content/photo-$n.jpg"
    done
    mv "$G.tmp" "$G"
fi

echo "# Image benchmark: $N photos ($(du -sh "$IMAGES" | cut -f1)), widths $WIDTHS, $FORMAT q80, $(nproc) cores"
echo
echo "| tool | cold (s) | warm (s) | output |"
echo "|---|---|---|---|"
hugo_cold=() hugo_warm=()
for _ in $(seq "$RUNS"); do
    rm -rf "$H/resources" "$H/public" "$BENCH_ROOT/hugo-cache"
    hugo_cold+=("$(seconds "$HUGO" --source "$H" --cacheDir "$BENCH_ROOT/hugo-cache" --quiet)")
    hugo_warm+=("$(seconds "$HUGO" --source "$H" --cacheDir "$BENCH_ROOT/hugo-cache" --quiet)")
done
best() { printf '%s\n' "$@" | sort -n | head -1; }
echo "| Hugo $("$HUGO" version | awk '{print $2}') | $(best "${hugo_cold[@]}") | $(best "${hugo_warm[@]}") | $(bytes_of "$H/public" "$FORMAT") |"

# >>> gazette: measured once the pipeline processes images (issue 15). <<<
if [ $GAZETTE_TOO = 1 ]; then
log "cargo build --release (gazette)"
(cd "$REPO" && cargo build --release --quiet)
GAZETTE=$REPO/target/release/gazette
gazette_cold=() gazette_warm=()
for _ in $(seq "$RUNS"); do
    rm -rf "$G/.gazette-cache" "$G/public"
    gazette_cold+=("$(cd "$G" && seconds "$GAZETTE" build)")
    gazette_warm+=("$(cd "$G" && seconds "$GAZETTE" build)")
done
if [ -n "$(find "$G/public" -name '*.webp' -print -quit 2>/dev/null)" ]; then
    echo "| gazette | $(best "${gazette_cold[@]}") | $(best "${gazette_warm[@]}") | $(bytes_of "$G/public" webp) (+ JPEG: $(bytes_of "$G/public" jpg)) |"
else
    echo "| gazette | – | – | no WebP in the output: this gazette does not process images yet |"
fi
fi

if [ $MICRO = 1 ]; then
    echo
    log "the library micro-benchmark (examples/media_bench.rs)"
    (cd "$REPO" && cargo run --release --quiet --example media_bench -- "$IMAGES" 2 "$BENCH_ROOT/sample-card.png")
fi
