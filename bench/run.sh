#!/usr/bin/env bash
# bench/run.sh — build-time benchmark of gazette against Hugo and the "floor" (and against itself
# without automatic daily editions: gazette-plain).
#
# Usage:
#   bench/run.sh [N=10000] [RUNS=3]   build benchmark on an N-article synthetic corpus
#   bench/run.sh --serve [N=10000]    `gazette serve` edit-to-reload latency (bench/serve_latency.mjs)
#
# Build benchmark:
#   1. generates the corpus once per N under $BENCH_ROOT/N (gazette = yaml flavor, hugo flavor +
#      the peers/hugo skeleton, zola flavor + peers/zola only when `zola` is on PATH), with
#      ../shared/bench/gen_corpus.py — the same articles for every tool;
#   2. installs what is missing: /usr/bin/time (apt `time`), hugo (apt, Debian's 0.111), and builds
#      the floor (../shared/bench/floor: walk + read + pulldown-cmark + write, nothing else);
#   3. builds gazette (`cargo build --release`) and snapshots the binary, then runs RUNS interleaved
#      rounds (each tool once per round, order rotated per round) under /usr/bin/time -f '%e %M',
#      with each tool's output folder deleted before (outside) the timed run; gazette runs with
#      `build --timings` so its phase times are recorded too;
#   4. prints medians (wall s, peak RSS MB, ratios to hugo and to floor, gazette's phases) and
#      writes them with the machine's details to bench/results-N.md.
#
# Environment: BENCH_ROOT (default /dev/shm/gazette-bench, a RAM disk), HUGO (default hugo),
#              ZOLA (default zola; optional), CHECKS_NODE_DIR (for --serve; see serve_latency.mjs).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KIT=$(cd "$REPO/../shared/bench" && pwd)
CHECKS=$(cd "$REPO/../shared/checks" && pwd)
BENCH_ROOT=${BENCH_ROOT:-/dev/shm/gazette-bench}
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-zola}

MODE=build
if [ "${1:-}" = --serve ]; then MODE=serve; shift; fi
N=${1:-10000}
RUNS=${2:-3}
[[ $N =~ ^[0-9]+$ && $RUNS =~ ^[0-9]+$ && $N -gt 0 && $RUNS -gt 0 ]] ||
    { echo "usage: bench/run.sh [N] [RUNS] | bench/run.sh --serve [N]" >&2; exit 2; }
B=$BENCH_ROOT/$N
mkdir -p "$B"

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

# ---- dependencies ---------------------------------------------------------------------------
APT_UPDATED=
apt_install() {  # apt_install PKG... (waits for another apt run's lock instead of failing)
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$APT_UPDATED" ]; then apt-get -o DPkg::Lock::Timeout=600 update -qq; APT_UPDATED=1; fi
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

if [ "$MODE" = serve ]; then
    gen_corpus yaml "$B/gazette" "$N"
    build_gazette gazette
    NODE_DIR=${CHECKS_NODE_DIR:-$HOME/.cache/site-checks/node}
    [ -d "$NODE_DIR/node_modules/playwright-core" ] && [ -x /usr/bin/chromium ] ||
        "$CHECKS/install_deps.sh" a11y
    exec node "$HERE/serve_latency.mjs" --gazette "$GAZETTE" --root "$B/gazette" --runs 10
fi

[ -x /usr/bin/time ] || { log "installing time"; apt_install time; }
command -v "$HUGO" >/dev/null || { log "installing hugo"; apt_install hugo; }
HAVE_ZOLA=0
if command -v "$ZOLA" >/dev/null; then HAVE_ZOLA=1; fi

gen_corpus yaml "$B/gazette" "$N"
# gazette builds the corpus with automatic daily editions (a page, an email and its plain text for
# every day with articles); gazette-plain builds the same content without them, for the budget
# "editions cost at most 5 %" (issue 14).
# Both build with images off (issue 15's budget: the corpus has no images, and 10,000 social cards
# are the image benchmark's business, bench/images.sh).
grep -q '^editions:' "$B/gazette/site.yaml" || echo 'editions: { auto: daily }' >> "$B/gazette/site.yaml"
grep -q '^images:' "$B/gazette/site.yaml" || echo 'images: off' >> "$B/gazette/site.yaml"
mkdir -p "$B/gazette-plain"
grep -v '^editions:' "$B/gazette/site.yaml" > "$B/gazette-plain/site.yaml"
# A copy made of hard links, not a symbolic link: a build skips a link that leads out of its site.
rm -rf "$B/gazette-plain/content"
cp -al "$B/gazette/content" "$B/gazette-plain/content"
gen_corpus hugo "$B/hugo" "$N"
# Skeletons (config + templates, never content) are copied every time so edits take effect.
rm -rf "$B/hugo/layouts"
cp -r "$KIT/peers/hugo/." "$B/hugo/"
if [ $HAVE_ZOLA = 1 ]; then
    gen_corpus zola "$B/zola" "$N"
    rm -rf "$B/zola/templates"
    cp -r "$KIT/peers/zola/." "$B/zola/"
fi

# The floor: built from a copy (../shared may be read-only and cargo writes Cargo.lock).
log "cargo build --release (floor)"
mkdir -p "$BENCH_ROOT/floor-src"
cp -p "$KIT/floor/Cargo.toml" "$BENCH_ROOT/floor-src/"
cp -rp "$KIT/floor/src" "$BENCH_ROOT/floor-src/"
CARGO_TARGET_DIR=$BENCH_ROOT/floor-target cargo build --release --quiet \
    --manifest-path "$BENCH_ROOT/floor-src/Cargo.toml"
FLOOR=$BENCH_ROOT/floor-target/release/floor

build_gazette gazette

# Both gazette sites must build the same articles: a plain site whose content went missing builds
# in milliseconds and would pass for fast.
articles() { "$GAZETTE" check --root "$1" | sed -n 's/^ok: \([0-9]*\) articles.*/\1/p'; }
if [ "$(articles "$B/gazette")" != "$(articles "$B/gazette-plain")" ] || [ -z "$(articles "$B/gazette")" ]; then
    echo "bench/run.sh: gazette and gazette-plain do not build the same articles" >&2
    exit 1
fi

# ---- runs -----------------------------------------------------------------------------------
TOOLS=(floor hugo gazette gazette-plain)
if [ $HAVE_ZOLA = 1 ]; then TOOLS+=(zola); fi

out_dir() {  # the folder each tool writes (deleted before every run)
    case $1 in
        floor) echo "$B/floor-out" ;;
        hugo) echo "$B/hugo/public" ;;
        gazette) echo "$B/gazette/public" ;;
        gazette-plain) echo "$B/gazette-plain/public" ;;
        zola) echo "$B/zola/public" ;;
    esac
}
set_cmd() {  # sets CMD to the tool's build command
    case $1 in
        floor) CMD=("$FLOOR" "$B/gazette/content" "$B/floor-out") ;;
        hugo) CMD=("$HUGO" --source "$B/hugo" --quiet) ;;
        gazette) CMD=("$GAZETTE" build --root "$B/gazette" --timings) ;;
        gazette-plain) CMD=("$GAZETTE" build --root "$B/gazette-plain") ;;
        zola) CMD=("$ZOLA" --root "$B/zola" build) ;;
    esac
}

RAW=$B/runs.tsv           # round, tool, wall s, max RSS KB, exit status
PHASES=$B/phases.tsv      # round, phase, ms (gazette only)
LOGS=$B/logs
rm -rf "$LOGS"
mkdir -p "$LOGS"
: > "$RAW"
: > "$PHASES"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 { printf "%s%s (%s%% CPU)", sep, $2, $1; sep=", " }')

log "N=$N, $RUNS interleaved rounds of: ${TOOLS[*]} (load average $LOAD_BEFORE)"
FAILED=0
for ((round = 0; round < RUNS; round++)); do
    k=${#TOOLS[@]}
    for ((i = 0; i < k; i++)); do
        tool=${TOOLS[$(((i + round) % k))]}
        out=$(out_dir "$tool")
        rm -rf "$out" "$(dirname "$out")/.$(basename "$out").gazette-new"
        if [ "$tool" = hugo ]; then rm -rf "$B/hugo/resources"; fi
        sync
        set_cmd "$tool"
        stem=$LOGS/$tool.$round
        if /usr/bin/time -o "$stem.time" -f '%e %M' "${CMD[@]}" > "$stem.out" 2> "$stem.err"; then
            status=0
        else
            status=$?
            FAILED=1
            log "$tool FAILED (exit $status) in round $((round + 1)); last lines of $stem.err:"
            tail -n 15 "$stem.err" >&2
        fi
        read -r wall rss < <(grep -E '^[0-9.]+ [0-9]+$' "$stem.time" | tail -n 1) || { wall=0 rss=0; }
        printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$tool" "$wall" "$rss" "$status" >> "$RAW"
        printf '   round %d  %-8s %6.2f s  %7.1f MB%s\n' $((round + 1)) "$tool" "$wall" \
            "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$([ $status = 0 ] || echo "  FAILED ($status)")" >&2
        if [ "$tool" = gazette ]; then
            awk -v r="$round" '/^  [a-z]+ +[0-9.]+ ms$/ { print r "\t" $1 "\t" $2 }' "$stem.err" >> "$PHASES"
        fi
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report ---------------------------------------------------------------------------------
tool_version() {
    case $1 in
        floor) echo "pulldown-cmark $(grep -A1 '^name = "pulldown-cmark"' "$BENCH_ROOT/floor-src/Cargo.lock" |
                     sed -n 's/^version = "\(.*\)"/\1/p'), rayon, $(nproc) threads" ;;
        hugo) "$HUGO" version | head -n 1 ;;
        gazette-plain) echo "the same binary, automatic editions off" ;;
        gazette) echo "$("$GAZETTE" --version) (binary sha256 $(sha256sum "$GAZETTE" | cut -c1-12)," \
                     "built $(date -r "$GAZETTE" '+%Y-%m-%d %H:%M'))" ;;
        zola) "$ZOLA" --version ;;
    esac
}
VERSIONS=$(for t in "${TOOLS[@]}"; do printf '%s\t%s\n' "$t" "$(tool_version "$t" 2>&1 | head -n 1)"; done)
GAZETTE_SUMMARY=$(tail -n 1 "$LOGS/gazette.0.out" 2>/dev/null || true)
OUTPUTS=$(for t in "${TOOLS[@]}"; do
    d=$(out_dir "$t")
    if [ -d "$d" ]; then
        printf '%s %s files (%s HTML), ' "$t" "$(find "$d" -type f | wc -l)" "$(find "$d" -name '*.html' | wc -l)"
    fi
done | sed 's/, $//')

python3 "$HERE/summarize.py" \
    --n "$N" --runs "$RUNS" --raw "$RAW" --phases "$PHASES" --md "$HERE/results-$N.md" \
    --versions "$VERSIONS" --load "$LOAD_BEFORE" --load-after "$LOAD_AFTER" --busy "$BUSY" \
    --corpus "$B" --gazette-summary "$GAZETTE_SUMMARY" --outputs "$OUTPUTS"
EMAILS=$(find "$B/gazette/public/editions" -name email.html 2>/dev/null | wc -l)
LARGEST=$(find "$B/gazette/public/editions" -name email.html -printf '%s\n' 2>/dev/null | sort -n | tail -n 1)
python3 - "$RAW" "$EMAILS" "${LARGEST:-0}" <<'PY' | tee -a "$HERE/results-$N.md"
import statistics, sys
raw, emails, largest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
walls = {}
for line in open(raw, encoding="utf-8"):
    _, tool, wall, _, status = line.rstrip("\n").split("\t")
    if status == "0":
        walls.setdefault(tool, []).append(float(wall))
if "gazette" in walls and "gazette-plain" in walls:
    with_, without = statistics.median(walls["gazette"]), statistics.median(walls["gazette-plain"])
    print(f"\nautomatic daily editions: {with_:.2f} s with, {without:.2f} s without ({(with_ / without - 1) * 100:+.1f} %); "
          f"{emails} emails, the largest {largest / 1024:.1f} KB (Gmail clips at 102 KB)")
PY
rm -rf "$B/floor-out"  # the other outputs stay for inspection
exit $FAILED
