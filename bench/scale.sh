#!/usr/bin/env bash
# bench/scale.sh — how gazette's build grows from N to 10×N articles (issue 6: "100k articles take
# no more than about 11× the 10k time, and memory grows no faster than linearly").
#
# Usage: bench/scale.sh [N=10000] [RUNS=3]
#
# Generates both corpora once under $BENCH_ROOT (default /dev/shm/gazette-bench, a RAM disk;
# 10×N needs about 0.8 GB per 10,000 articles of Markdown plus its output), builds gazette with
# `cargo build --release`, then runs RUNS interleaved rounds of `gazette build` on each size under
# /usr/bin/time (output folders deleted outside the timed runs; an untimed warm-up build of each
# size first, so both are read from a warm page cache), and prints the median wall time and peak
# memory of each size and their ratios. Peers are not run: at 10×N Hugo needs over 10 GB.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KIT=$(cd "$REPO/../shared/bench" && pwd)
BENCH_ROOT=${BENCH_ROOT:-/dev/shm/gazette-bench}
N=${1:-10000}
RUNS=${2:-3}
[[ $N =~ ^[0-9]+$ && $RUNS =~ ^[0-9]+$ && $N -gt 0 && $RUNS -gt 0 ]] ||
    { echo "usage: bench/scale.sh [N] [RUNS]" >&2; exit 2; }
BIG=$((N * 10))

[ -x /usr/bin/time ] || { echo "bench/scale.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
gen_corpus yaml "$BENCH_ROOT/$N/gazette" "$N"
gen_corpus yaml "$BENCH_ROOT/$BIG/gazette" "$BIG"
# Both sizes without automatic editions (bench/run.sh turns them on in its N-article site): a
# site.yaml without them beside a link to the content.
plain() {  # plain DIR: DIR/gazette-plain, the site of DIR/gazette without `editions:`
    mkdir -p "$1/gazette-plain"
    grep -v '^editions:' "$1/gazette/site.yaml" > "$1/gazette-plain/site.yaml"
    grep -q '^images:' "$1/gazette-plain/site.yaml" || echo 'images: off' >> "$1/gazette-plain/site.yaml"
    # Hard links, not a symbolic link: a build skips a link that leads out of its site.
    rm -rf "$1/gazette-plain/content"
    cp -al "$1/gazette/content" "$1/gazette-plain/content"
    echo "$1/gazette-plain"
}
SMALL_SITE=$(plain "$BENCH_ROOT/$N")
BIG_SITE=$(plain "$BENCH_ROOT/$BIG")
build_gazette gazette-scale

run() {  # run SITE: prints "wall_s max_rss_kb"
    rm -rf "$1/public"
    /usr/bin/time -f '%e %M' -o "$BENCH_ROOT/scale.time" "$GAZETTE" build --root "$1" --quiet
    cat "$BENCH_ROOT/scale.time"
}
run "$SMALL_SITE" > /dev/null
run "$BIG_SITE" > /dev/null
RESULTS=$BENCH_ROOT/scale.tsv
: > "$RESULTS"
for round in $(seq "$RUNS"); do
    for size in "$N" "$BIG"; do
        site=$SMALL_SITE
        [ "$size" = "$BIG" ] && site=$BIG_SITE
        read -r wall rss < <(run "$site")
        echo "round $round: $size articles: $wall s, $((rss / 1024)) MB" >&2
        printf '%s\t%s\t%s\n' "$size" "$wall" "$rss" >> "$RESULTS"
    done
done
rm -rf "$SMALL_SITE/public" "$BIG_SITE/public"

python3 - "$RESULTS" "$N" "$BIG" <<'EOF'
import statistics, sys
rows = [line.split('\t') for line in open(sys.argv[1]) if line.strip()]
small, big = sys.argv[2], sys.argv[3]
def med(size, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == size)
ws, wb = med(small, 1), med(big, 1)
ms, mb = med(small, 2) / 1024, med(big, 2) / 1024
print(f"| articles | wall s (median) | peak RSS MB (median) |")
print(f"|---|---|---|")
print(f"| {int(small):,} | {ws:.2f} | {ms:.0f} |")
print(f"| {int(big):,} | {wb:.2f} | {mb:.0f} |")
print(f"| ratio | {wb / ws:.1f}× | {mb / ms:.1f}× |")
EOF
