# bench/lib.sh — what bench/run.sh and bench/scale.sh share (sourced, not run).
# Needs: KIT (../shared/bench), REPO (this repository), BENCH_ROOT.

log() { printf '== %s\n' "$*" >&2; }

# gen_corpus FLAVOR DIR N: DIR/content (and DIR/site.yaml for the yaml flavor) with N articles
# from the shared generator, made once (a half-written corpus is never left in place).
gen_corpus() {
    local flavor=$1 dir=$2 n=$3
    if [ ! -d "$dir/content" ]; then
        log "generating the $flavor corpus (N=$n) in $dir"
        mkdir -p "$dir"
        rm -rf "$dir/content.tmp"
        python3 "$KIT/gen_corpus.py" --n "$n" --out "$dir/content.tmp" --flavor "$flavor" >&2
        mv "$dir/content.tmp" "$dir/content"
    fi
}

# build_gazette NAME: `cargo build --release`, then GAZETTE is a private copy of the binary
# ($BENCH_ROOT/bin/NAME), since others may rebuild target/release meanwhile.
build_gazette() {
    log "cargo build --release (gazette)"
    (cd "$REPO" && cargo build --release --quiet)
    mkdir -p "$BENCH_ROOT/bin"
    cp -p "$REPO/target/release/gazette" "$BENCH_ROOT/bin/$1.tmp"
    mv "$BENCH_ROOT/bin/$1.tmp" "$BENCH_ROOT/bin/$1"
    GAZETTE=$BENCH_ROOT/bin/$1
}
