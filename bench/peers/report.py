"""Reads the measurements bench/peers.sh left in OUT and prints the markdown table.

usage: report.py ROOT OUT DATA MODE SIZE_MB SMALL_MB PREFIX_MB "JOBS" REPEAT SECONDS "LOADAVG AT START"

Also writes OUT/results.json (every number, the versions and the machine's load).
"""
import glob
import json
import os
import platform
import subprocess
import statistics
import sys
from importlib import metadata

root, out, data, mode = sys.argv[1:5]
size, small, prefix = (int(x) for x in sys.argv[5:8])
jobs = [int(j) for j in sys.argv[8].split()]
repeat, seconds, load_start = int(sys.argv[9]), int(sys.argv[10]), sys.argv[11].split()


def meta(mb):
    docs, nbytes, repeated = (int(x) for x in open(os.path.join(data, f"{mb}.meta")).read().split())
    return {"docs": docs, "mb": nbytes / 1e6, "repeated_docs": repeated}


def gnu_time(path):
    v = {}
    for line in open(path):
        k, _, val = line.strip().rpartition(": ")
        v[k] = val
    parts = [float(p) for p in v["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")]
    wall = 0.0
    for p in parts:
        wall = wall * 60 + p
    return {
        "wall_s": wall,
        "cpu_s": float(v["User time (seconds)"]) + float(v["System time (seconds)"]),
        "peak_mib": int(v["Maximum resident set size (kbytes)"]) / 1024,
    }


def timed(name, median=False):
    """The fastest of the REPEAT runs (by CPU time), or with `median` their median CPU and wall times
    (for the short prefix runs taken before and after datatrove's long one), with the highest peak memory
    of them and the CPU time of each run."""
    runs = [gnu_time(p) for p in sorted(glob.glob(os.path.join(out, f"{name}.*.time")),
                                        key=lambda p: int(p.rsplit(".", 2)[1]))]
    best = min(runs, key=lambda r: r["cpu_s"])
    if median:
        best = {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "cpu_s")}
    return dict(best, peak_mib=max(r["peak_mib"] for r in runs), runs=len(runs),
                cpu_each=[round(r["cpu_s"], 2) for r in runs])


def ids(mb):
    with open(os.path.join(data, f"{mb}.jsonl"), encoding="utf-8") as f:
        return [json.loads(line)["id"] for line in f]


def garbled_pairs(name, mb):
    """Unordered pairs of document ids garbled reported as duplicates: of any kind, and
    near-duplicates of similarity at least 0.8 (datasketch's threshold)."""
    names = ids(mb)
    key = lambda s: names[int(os.path.basename(s).split(".")[0])] if mode == "dirs" else s  # noqa: E731
    path = os.path.join(out, f"{name}.out")
    if mode == "dirs":
        records = json.load(open(path, encoding="utf-8"))["files"]
    else:
        records = [json.loads(line) for line in open(path, encoding="utf-8") if line.startswith("{")]
    pairs, strict = set(), set()
    for r in records:
        a = key(r.get("id", r.get("path")))
        for d in r.get("duplicates") or []:
            b = key(d.get("id", d.get("path")))
            if a != b:
                pairs.add(tuple(sorted((a, b))))
                if d.get("kind") == "near-duplicate" and d.get("similarity", 0) >= 0.8:
                    strict.add(tuple(sorted((a, b))))
    return pairs, strict


def version(pkg):
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def sh(*cmd):
    try:
        return subprocess.run(cmd, cwd=root, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


S, M, P = meta(size), meta(small), meta(prefix)
res = {"mode": mode, "inputs": {"size": S, "small": M, "prefix": P}, "repeat": repeat, "seconds": seconds}
res["versions"] = {p: version(p) for p in ("datatrove", "ftfy", "datasketch", "spacy")}
res["versions"]["garbled"] = sh(os.path.join(root, "target/release/garbled"), "--version")
res["versions"]["garbled_commit"] = sh("git", "describe", "--always", "--dirty")
res["versions"]["wc"] = sh("wc", "--version").splitlines()[0]
res["versions"]["python"] = platform.python_version()
res["machine"] = {"cores": os.cpu_count(), "loadavg_at_start": load_start,
                  "loadavg_at_end": open("/proc/loadavg").read().split()[:3]}

rows = {}
rows["wc-size"] = dict(timed("wc-size"), **S)
rows["wc-prefix"] = dict(timed("wc-prefix"), **P)
for j in jobs:
    rows[f"garbled-size-j{j}"] = dict(timed(f"garbled-size-j{j}"), **S)
    rows[f"garbled-small-j{j}"] = dict(timed(f"garbled-small-j{j}"), **M)
rows["garbled-size-j1-nodup"] = dict(timed("garbled-size-j1-nodup"), **S)
rows["garbled-small-j1-nodup"] = dict(timed("garbled-small-j1-nodup"), **M)
rows["garbled-prefix-j1"] = dict(timed("garbled-prefix-j1", median=True), **P)
rows["garbled-prefix-j1-nodup"] = dict(timed("garbled-prefix-j1-nodup", median=True), **P)
dt = json.load(open(os.path.join(out, "datatrove.json")))
rows["datatrove"] = dict(timed("datatrove"), **P)
rows["datatrove"].update(wall_s=dt["wall_s"], cpu_s=dt["cpu_s"], steps=dt["steps"])
ff = json.load(open(os.path.join(out, "ftfy.json")))
ftfy_peak = timed("ftfy")["peak_mib"]
for k in ("badness", "is_bad"):
    rows[f"ftfy-{k}"] = dict(P, wall_s=ff[k]["wall_s"], cpu_s=ff[k]["cpu_s"], peak_mib=ftfy_peak,
                             docs_flagged=ff[k]["docs_flagged"])
mh = json.load(open(os.path.join(out, "minhash.json")))
rows["minhash"] = dict(timed("minhash"), **P)
rows["minhash"].update(wall_s=mh["wall_s"], cpu_s=mh["cpu_s"], pairs=mh["pairs"])
for r in rows.values():
    r["mb_per_s"] = r["mb"] / max(r["wall_s"], 1e-9)
    r["mb_per_cpu_s"] = r["mb"] / max(r["cpu_s"], 1e-9)
    r["docs_per_s"] = r["docs"] / max(r["wall_s"], 1e-9)
res["rows"] = rows

ds_pairs = {tuple(sorted(line.rstrip("\n").split("\t"))) for line in open(os.path.join(out, "minhash-pairs.tsv"))}
g_pairs, g_strict = garbled_pairs("garbled-prefix-j1", prefix)
dup_cpu = rows["garbled-prefix-j1"]["cpu_s"] - rows["garbled-prefix-j1-nodup"]["cpu_s"]
res["dedup"] = {"datasketch_pairs": len(ds_pairs), "garbled_pairs": len(g_pairs), "both": len(ds_pairs & g_pairs),
                "garbled_near_0.8": len(g_strict), "both_near_0.8": len(ds_pairs & g_strict),
                "garbled_dup_cpu_s": dup_cpu}

g1 = rows.get("garbled-size-j1")
gp = rows["garbled-prefix-j1"]
ratio = lambda a, b: a / b if b else float("nan")  # noqa: E731
checks = []
if g1:
    x = ratio(g1["mb_per_cpu_s"], rows["wc-size"]["mb_per_cpu_s"])
    checks.append(("garbled -j1 ÷ `wc -w`, MB per CPU-second", f"{size} MB", f"{x:.3f} (1/{1 / x:.0f})",
                   "≥ 0.25 (1/4)", x >= 0.25))
x = ratio(gp["mb_per_cpu_s"], rows["datatrove"]["mb_per_cpu_s"])
checks.append(("garbled -j1 ÷ datatrove's 4 filters, MB per CPU-second", f"first {prefix} MB", f"{x:.0f}×", "≥ 200×",
               x >= 200))
x = ratio(gp["mb_per_cpu_s"], rows["ftfy-badness"]["mb_per_cpu_s"])
checks.append(("garbled -j1 (every analyzer) ÷ ftfy `badness` alone", f"first {prefix} MB", f"{x:.2f}×", "—", None))
x = ratio(rows["minhash"]["cpu_s"], dup_cpu)
checks.append(("datasketch MinHashLSH CPU ÷ garbled's duplicate detection CPU", f"first {prefix} MB",
               f"{x:.1f}×" if dup_cpu > 0 else "n/a", "—", None))
for j, nodup in [(j, "") for j in jobs] + [(1, "-nodup")]:
    a, b = rows[f"garbled-small-j{j}{nodup}"]["peak_mib"], rows[f"garbled-size-j{j}{nodup}"]["peak_mib"]
    checks.append((f"garbled -j{j}{' `--no-duplicates`' if nodup else ''} peak RSS, {size} MB ÷ {small} MB of input",
                   f"{b:.0f} ÷ {a:.0f} MiB", f"{b / a:.2f}", "flat (≤ 1.10)", b / a <= 1.10))
if 1 in jobs and 2 in jobs:
    x = ratio(rows["garbled-size-j2"]["mb_per_s"], rows["garbled-size-j1"]["mb_per_s"])
    checks.append(("garbled -j2 ÷ -j1 wall-clock throughput", f"{size} MB", f"{x:.2f}×", "—", None))
res["checks"] = [{"what": c[0], "on": c[1], "measured": c[2], "target": c[3], "met": c[4]} for c in checks]
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(res, f, indent=1, ensure_ascii=False)

how = ("`check --input-format jsonl --no-findings`" if mode == "jsonl"
       else "`check DIR --format json`, one file per document (no JSONL mode in this build)")
lines = [
    f"garbled {res['versions']['garbled'].split()[-1]} ({res['versions']['garbled_commit']}), {how}; "
    f"datatrove {res['versions']['datatrove']} (spaCy {res['versions']['spacy']}), ftfy {res['versions']['ftfy']}, "
    f"datasketch {res['versions']['datasketch']}; {res['versions']['wc']}; Python {res['versions']['python']}.",
    f"Inputs from ../shared/reference: {S['mb']:.0f} MB of text in {S['docs']:,} documents"
    + (f" ({S['repeated_docs']:,} of them repeated with a changed id, as the reference has less text)"
       if S["repeated_docs"] else "")
    + f"; the first {M['mb']:.0f} MB ({M['docs']:,} docs) and the first {P['mb']:.1f} MB ({P['docs']:,} docs) of the"
    f" same stream. {os.cpu_count()} cores, load average {' '.join(load_start)} at the start and"
    f" {' '.join(res['machine']['loadavg_at_end'])} at the end (MB/s depends on it; the comparisons use CPU seconds); "
    f"{'fastest of ' + str(repeat) + ' runs; ' if repeat > 1 else ''}the whole run took {seconds // 60} min {seconds % 60} s.",
    "",
    "| run | input | docs/s | MB/s (wall) | MB per CPU-s | peak RSS |",
    "|---|---|---:|---:|---:|---:|",
]


def row(label, key, note=""):
    r = rows[key]
    timed = r["wall_s"] >= 0.05  # the resolution of /usr/bin/time is 0.01 s
    docs_s = f"{r['docs_per_s']:,.0f}" if timed else "too fast to time"
    mb_s = f"{r['mb_per_s']:.2f}" if timed else ""
    per_cpu = f"{r['mb_per_cpu_s']:.2f}" if r["cpu_s"] >= 0.05 else ""
    lines.append(f"| {label} | {r['mb']:.0f} MB{note} | {docs_s} | {mb_s} | {per_cpu} | {r['peak_mib']:.0f} MiB |")


pre = f"first {P['mb']:.0f} MB"
row("`wc -w`", "wc-size")
for j in jobs:
    row(f"garbled -j{j}, every analyzer", f"garbled-size-j{j}")
for j in jobs:
    row(f"garbled -j{j}, every analyzer", f"garbled-small-j{j}")
row("garbled -j1 `--no-duplicates`", "garbled-size-j1-nodup")
row("garbled -j1 `--no-duplicates`", "garbled-small-j1-nodup")
lines.append(f"| *same-documents prefix, one core* | {pre} | | | | |")
row("`wc -w`", "wc-prefix")
row("garbled -j1, every analyzer", "garbled-prefix-j1")
row("garbled -j1 `--no-duplicates`", "garbled-prefix-j1-nodup")
row("datatrove Gopher rep. + Gopher quality + C4 + FineWeb", "datatrove")
row("ftfy `badness` (all matches)", "ftfy-badness")
row("ftfy `is_bad` (first match)", "ftfy-is_bad")
row("datasketch MinHashLSH (128 perm., 5-grams, 0.8)", "minhash")
lines += ["", "| comparison | on | measured | target | met |", "|---|---|---:|---:|:---:|"]
for c in checks:
    lines.append(f"| {c[0]} | {c[1]} | {c[2]} | {c[3]} | {'' if c[4] is None else ('yes' if c[4] else '**no**')} |")
kept = rows["datatrove"]["steps"]
last = [v for k, v in kept.items() if "FineWeb" in k]
lines += [
    "",
    f"datatrove kept {last[0].get('forwarded', 0) if last else '?'} of {P['docs']:,} documents"
    f" (a document dropped by one filter is not seen by the next). ftfy flagged "
    f"{rows['ftfy-badness']['docs_flagged']} documents. Near-duplicate pairs on the prefix: datasketch "
    f"{len(ds_pairs)}; garbled {len(g_pairs)} of any kind at its default thresholds (near-duplicate from Jaccard"
    f" 0.5, contained, spun-copy), {len(ds_pairs & g_pairs)} of them also datasketch's; {len(g_strict)} near-duplicates"
    f" of similarity ≥ 0.8, {len(ds_pairs & g_strict)} of them also datasketch's. garbled's "
    f"duplicate detection = CPU of the -j1 run less the `--no-duplicates` run ({dup_cpu:.2f} s).",
    "Python peers are timed in-process after their imports (the texts are parsed before the clock starts for ftfy"
    " and datasketch; datatrove's time includes its JSONL reader); garbled and `wc -w` are whole commands.",
]
# The prefix rows are medians of runs taken half before and half after datatrove's one long run.
each = gp["cpu_each"]
half = len(each) // 2
dt_cpu = rows["datatrove"]["cpu_s"]
lines.append(
    f"garbled's prefix rows are the median of {len(each)} runs, {half} just before datatrove and {len(each) - half}"
    f" just after it (CPU s, every analyzer: {', '.join(f'{x:.2f}' for x in each[:half])} before, "
    f"{', '.join(f'{x:.2f}' for x in each[half:])} after; `--no-duplicates`: "
    f"{', '.join(f'{x:.2f}' for x in rows['garbled-prefix-j1-nodup']['cpu_each'])}). Against datatrove's "
    f"{dt_cpu:.0f} CPU-s, the slowest and fastest of them give {dt_cpu / max(each):.0f}× and {dt_cpu / min(each):.0f}×."
)
print("\n".join(lines))
