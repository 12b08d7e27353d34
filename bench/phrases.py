#!/usr/bin/env python3
"""bench/phrases.py — what the phrase index (`search: { phrases: true }`, the default) costs.

Usage: python3 bench/phrases.py [N=10000] [RUNS=9]

Builds the shared benchmark corpus (../shared/bench/gen_corpus.py, with automatic daily editions
and images off, as bench/run.sh builds it) twice a round, interleaved: as it is, and with
`search: { phrases: false }` added to a copy of its site.yaml. Prints the medians of wall time,
CPU time (user + system) and peak memory (/usr/bin/time), and each build's search index size.
Needs /usr/bin/time (apt `time`) and a release build (`cargo build --release`, run here).
Environment: BENCH_ROOT (default /dev/shm/gazette-bench, a RAM disk).
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
KIT = os.path.join(REPO, "..", "shared", "bench")


def corpus(root, n):
    """The corpus under root (made once), with bench/run.sh's settings."""
    if not os.path.isdir(os.path.join(root, "content")):
        os.makedirs(root, exist_ok=True)
        tmp = os.path.join(root, "content.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(KIT, "gen_corpus.py"), "--n", str(n), "--out", tmp,
                        "--flavor", "yaml"], check=True, stdout=subprocess.DEVNULL)
        os.rename(tmp, os.path.join(root, "content"))
    site = os.path.join(root, "site.yaml")
    text = open(site).read()
    for line in ("editions: { auto: daily }", "images: off"):
        if line.split(":")[0] + ":" not in text:
            text += line + "\n"
    open(site, "w").write(text)


def size(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    bench = os.path.join(os.environ.get("BENCH_ROOT", "/dev/shm/gazette-bench"), str(n))
    on = os.path.join(bench, "gazette")
    corpus(on, n)
    off = os.path.join(bench, "gazette-no-phrases")
    os.makedirs(off, exist_ok=True)
    # Hard links, not a symbolic link: a build skips a link that leads out of its site.
    shutil.rmtree(os.path.join(off, "content"), ignore_errors=True)
    shutil.copytree(os.path.join(on, "content"), os.path.join(off, "content"), copy_function=os.link)
    text = open(os.path.join(on, "site.yaml")).read()
    open(os.path.join(off, "site.yaml"), "w").write(text + "search: { phrases: false }\n")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    gazette = os.path.join(bench, "gazette-phrases-bin")
    shutil.copy2(os.path.join(REPO, "target", "release", "gazette"), gazette)
    variants = {"phrases on (default)": on, "phrases: false": off}
    wall, cpu, memory, index = ({k: [] for k in variants} for _ in range(4))
    for r in range(runs):
        names = list(variants)
        for name in names[r % 2:] + names[:r % 2]:
            out = variants[name] + "-out"
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            run = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", gazette, "build", "--output", out],
                                 cwd=variants[name], capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if run.returncode:
                sys.exit(run.stderr)
            user, system, peak = run.stderr.strip().splitlines()[-1].split()
            wall[name].append(elapsed)
            cpu[name].append(float(user) + float(system))
            memory[name].append(int(peak) / 1024)
            index[name] = size(os.path.join(out, "search"))
    base = "phrases: false"
    print(f"{n} articles, {runs} interleaved rounds (medians)")
    for name in variants:
        w, c, m = (statistics.median(x[name]) for x in (wall, cpu, memory))
        bw, bc, bm = (statistics.median(x[base]) for x in (wall, cpu, memory))
        print(f"  {name:22s} wall {w:.2f} s ({(w / bw - 1) * 100:+.1f} %)  cpu {c:.2f} s ({(c / bc - 1) * 100:+.1f} %)"
              f"  peak {m:.0f} MB ({m - bm:+.0f} MB)  search index {index[name] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
