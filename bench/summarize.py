#!/usr/bin/env python3
"""Summarise one bench/run.sh build benchmark: print the table, write bench/results-N.md.

Reads the raw runs (TSV: round, tool, wall seconds, max RSS KiB, exit status) and gazette's
`--timings` phases (TSV: round, phase, ms) that run.sh recorded; quotes medians over the
successful runs, ratios to Hugo and to the floor, and the machine's details. Standard library only.
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess

ORDER = ["floor", "gazette", "gazette-plain", "hugo", "zola"]


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total_gb():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return float("nan")


def du_mb(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            if name.endswith(".md"):
                total += os.path.getsize(os.path.join(dirpath, name))
    return total / 1e6


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "–"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ["n", "runs", "raw", "phases", "md", "versions", "load", "load-after", "busy",
                 "corpus", "gazette-summary", "outputs"]:
        ap.add_argument("--" + name, default="")
    a = ap.parse_args()

    runs = {}  # tool -> list of (round, wall, rss_kb, status)
    with open(a.raw, encoding="utf-8") as f:
        for line in f:
            rnd, tool, wall, rss, status = line.rstrip("\n").split("\t")
            runs.setdefault(tool, []).append((int(rnd), float(wall), int(rss), int(status)))
    phases = {}  # phase -> [ms], in first-seen order
    with open(a.phases, encoding="utf-8") as f:
        for line in f:
            _, phase, ms = line.rstrip("\n").split("\t")
            phases.setdefault(phase, []).append(float(ms))
    versions = dict(line.split("\t", 1) for line in a.versions.splitlines() if "\t" in line)

    tools = sorted(runs, key=lambda t: ORDER.index(t) if t in ORDER else len(ORDER))
    med = {}
    for tool in tools:
        ok = [r for r in runs[tool] if r[3] == 0]
        if ok:
            walls = [r[1] for r in ok]
            med[tool] = (statistics.median(walls), statistics.median(r[2] for r in ok) / 1024,
                         min(walls), max(walls), len(ok))
        else:
            med[tool] = None

    def cell(tool, i):
        return med[tool][i] if med.get(tool) else None

    header = ["tool", "wall s (median)", "min–max s", "peak RSS MB (median)",
              "time vs hugo", "RSS vs hugo", "time vs floor", "RSS vs floor", "ok runs"]
    rows = []
    for tool in tools:
        m = med[tool]
        if m is None:
            rows.append([tool, "FAILED", "", "", "", "", "", "", f"0/{len(runs[tool])}"])
            continue
        rows.append([
            tool, f"{m[0]:.2f}", f"{m[2]:.2f}–{m[3]:.2f}", f"{m[1]:.0f}",
            ratio(m[0], cell("hugo", 0)), ratio(m[1], cell("hugo", 1)),
            ratio(m[0], cell("floor", 0)), ratio(m[1], cell("floor", 1)),
            f"{m[4]}/{len(runs[tool])}",
        ])
    phase_rows = [[p, f"{statistics.median(v):.1f}", f"{min(v):.1f}", f"{max(v):.1f}"]
                  for p, v in phases.items()]
    if phases:
        total = [sum(v[i] for v in phases.values() if i < len(v))
                 for i in range(max(len(v) for v in phases.values()))]
        phase_rows.append(["(sum)", f"{statistics.median(total):.1f}", f"{min(total):.1f}",
                           f"{max(total):.1f}"])

    # ---- terminal ----
    def plain(head, body):
        widths = [max(len(str(r[i])) for r in [head] + body) for i in range(len(head))]
        for r in [head] + body:
            print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())

    print(f"\nN={a.n}, {a.runs} interleaved rounds, load average {a.load} → {a.load_after}")
    plain(header, rows)
    if phase_rows:
        print("\ngazette phases (ms, from build --timings)")
        plain(["phase", "median", "min", "max"], phase_rows)
    print(f"\nwritten: {a.md}")

    # ---- Markdown ----
    def md_table(head, body):
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(str(c) for c in r) + " |" for r in body]
        return "\n".join(out)

    now = dt.datetime.now().astimezone()
    kernel = platform.release()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"# Build benchmark: {int(a.n):,} articles",
        "",
        f"Generated by `bench/run.sh {a.n} {a.runs}` on {now:%Y-%m-%d %H:%M %Z}.",
        "",
        f"- **Machine**: {cpu_model()}, `nproc` = {nproc}, {mem_total_gb():.1f} GB RAM, "
        f"Linux {kernel}",
        f"- **Load average** (1/5/15 min) before the runs: {a.load}; after: {a.load_after}"
        + (f"; busy processes at the start: {a.busy}" if a.busy else ""),
        f"- **Corpus**: `{a.corpus}` (RAM disk), {int(a.n):,} articles, "
        f"{du_mb(os.path.join(a.corpus, 'gazette', 'content')):.1f} MB of Markdown, "
        "generated by `../shared/bench/gen_corpus.py` (same articles for every tool)",
        f"- **Method**: {a.runs} interleaved rounds, each tool once per round in rotated order, "
        "under `/usr/bin/time -f '%e %M'`; every output folder is deleted before (outside) its "
        "timed run. Medians over successful runs; ratios are tool ÷ reference "
        "(below 1× = faster / smaller). MB = 2^20 bytes.",
        "",
        "## Results",
        "",
        md_table(header, rows),
        "",
    ]
    if a.gazette_summary or a.outputs:
        lines += [f"Outputs of the last round: {a.outputs}. gazette's summary line: "
                  f"`{a.gazette_summary}`. The Hugo skeleton (`../shared/bench/peers/hugo`) renders "
                  "article, topic, tag, home and 404 pages and one feed; gazette's output also has "
                  "archive pages, per-topic Atom feeds and TimelineJS exports, RSS and JSON feeds, "
                  "redirects, a sitemap and the search index. The floor writes one HTML body per "
                  "article and nothing else.", ""]
    if phase_rows:
        lines += ["## gazette phases (`build --timings`, ms)", "",
                  md_table(["phase", "median", "min", "max"], phase_rows), ""]
    lines += ["## Versions", "", md_table(["tool", "version"], [[t, f"`{v}`"] for t, v in versions.items()]),
              "", "## Every run", "",
              md_table(["round", "tool", "wall s", "peak RSS MB", "exit"],
                       [[r[0] + 1, t, f"{r[1]:.2f}", f"{r[2] / 1024:.0f}", r[3]]
                        for t in tools for r in sorted(runs[t])]),
              ""]
    with open(a.md, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
