#!/usr/bin/python3
"""newsarc against tar+zstd, bsdtar, zip and ZIM on the same corpus, same machine, same run.

Every row runs each tool several times on a warm page cache and prints the median, the min-max
range, peak memory (from GNU time) and the ratio newsarc / peer (below 1 means newsarc is faster
or smaller). Standard library only; the peers come from Debian (bench/README.md).

  /usr/bin/python3 bench/bench.py --corpus DIR            # an existing corpus (gen_corpus.py)
  /usr/bin/python3 bench/bench.py --articles 200          # generate one with ../shared/bench
  /usr/bin/python3 bench/bench.py --tiny                  # CI smoke run: samples/ copied 20 times
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_timed(cmd, cwd=None, stdin=None):
    """Wall seconds and peak resident KiB of one run of cmd (a list), which must succeed."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, cwd=cwd,
                           stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
        if r.returncode != 0:
            sys.exit("bench: command failed (%d): %s\n%s" % (r.returncode, " ".join(cmd),
                                                            r.stderr.decode(errors="replace")))
        lines = [l for l in open(t.name).read().split("\n") if l.strip().isdigit()]
        return seconds, int(lines[-1]) if lines else 0


class Row:
    def __init__(self, name, unit="s"):
        self.name, self.unit, self.results = name, unit, {}

    def measure(self, tool, cmd, runs, prepare=None, cwd=None):
        samples = []
        for _ in range(runs):
            if prepare:
                prepare()
            samples.append(run_timed(cmd, cwd=cwd))
        self.results[tool] = samples

    def put(self, tool, value):
        self.results[tool] = [(value, 0)]


def fmt(value, unit):
    if unit == "s":
        return "%.3f s" % value if value < 10 else "%.1f s" % value
    if unit == "%":
        return "%.1f%%" % value
    return "%.0f %s" % (value, unit)


def report(rows, out):
    print("| row | tool | median | min-max | peak memory | newsarc / tool |", file=out)
    print("|---|---|---:|---:|---:|---:|", file=out)
    for row in rows:
        ours = row.results.get("newsarc")
        ours_median = statistics.median(s for s, _ in ours) if ours else None
        for tool, samples in row.results.items():
            values = [s for s, _ in samples]
            median = statistics.median(values)
            memory = max(m for _, m in samples)
            ratio = "" if tool == "newsarc" or not ours_median or not median else \
                "%.2f" % (ours_median / median)
            span = "" if len(values) == 1 else "%s-%s" % (fmt(min(values), row.unit),
                                                           fmt(max(values), row.unit))
            print("| %s | %s | %s | %s | %s | %s |" % (
                row.name, tool, fmt(median, row.unit), span,
                "%.1f MiB" % (memory / 1024) if memory else "", ratio), file=out)


def tiny_corpus(dest, copies):
    """samples/ copied `copies` times with fresh ids: needs nothing outside the repository."""
    articles = os.path.join(dest, "articles")
    for n in range(copies):
        for name in sorted(os.listdir(os.path.join(ROOT, "samples"))):
            src = os.path.join(ROOT, "samples", name)
            if not os.path.isdir(src):
                continue
            dst = os.path.join(articles, "%04d-%s" % (n, name))
            shutil.copytree(src, dst)
            path = os.path.join(dst, "article.json")
            doc = json.load(open(path, encoding="utf-8"))
            doc["uri"] += ":copy%d" % n
            json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)


def du(path):
    total = 0
    for base, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", help="existing corpus folder (holding articles/)")
    ap.add_argument("--articles", type=int, help="generate a corpus of this many articles")
    ap.add_argument("--tiny", action="store_true", help="smoke run on samples/ copied 20 times")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--newsarc", default=os.path.join(ROOT, "build", "newsarc"))
    ap.add_argument("--work", help="scratch folder (default: a temporary one)")
    ap.add_argument("--output", help="also write the table to this file")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="newsarc-bench-")
    os.makedirs(work, exist_ok=True)
    if args.tiny:
        corpus = os.path.join(work, "corpus")
        shutil.rmtree(corpus, ignore_errors=True)
        tiny_corpus(corpus, 20)
        args.runs = min(args.runs, 2)
    elif args.corpus:
        corpus = os.path.abspath(args.corpus)
    else:
        corpus = os.path.join(work, "corpus-%d" % (args.articles or 200))
        if not os.path.isdir(corpus):
            gen = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
            subprocess.run(["/usr/bin/python3", gen, corpus, "--articles",
                            str(args.articles or 200), "--seed", "42"], check=True)
    newsarc = os.path.abspath(args.newsarc)
    articles = sorted(os.listdir(os.path.join(corpus, "articles")))
    middle = articles[len(articles) // 2]
    raw = du(os.path.join(corpus, "articles"))
    runs = args.runs
    peers = {t: shutil.which(b) is not None for t, b in
             [("tar+zstd", "zstd"), ("bsdtar", "bsdtar"), ("zip", "zip"), ("zim", "zimwriterfs")]}
    has_html = os.path.exists(os.path.join(corpus, "index.html"))

    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    key_pub, key_sec = os.path.join(out, "k.pub"), os.path.join(out, "k.key")
    subprocess.run([newsarc, "keygen", "-p", key_pub, "-s", key_sec, "--no-password", "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    bundle = os.path.join(out, "c.newsarc")
    tarzst, bsd, zipf, zim = (os.path.join(out, n) for n in ("c.tar.zst", "c.bsd.tar.zst", "c.zip",
                                                             "c.zim"))
    sub = os.path.join("articles")

    def clean(path):
        return lambda: (shutil.rmtree(path, ignore_errors=True), os.path.exists(path) and os.remove(path))

    pack = Row("pack")
    pack.measure("newsarc", [newsarc, "pack", corpus, "-o", bundle, "--sign", key_sec, "--force",
                             "--quiet"], runs)
    if peers["tar+zstd"]:
        pack.measure("tar+zstd", ["tar", "-I", "zstd -3 -T0", "-cf", tarzst, sub], runs, cwd=corpus)
    if peers["bsdtar"]:
        pack.measure("bsdtar", ["bsdtar", "--zstd", "-cf", bsd, sub], runs, cwd=corpus)
    if peers["zip"]:
        pack.measure("zip", ["zip", "-6", "-r", "-q", zipf, sub], runs, prepare=clean(zipf), cwd=corpus)
    if peers["zim"] and has_html:
        pack.measure("zim", ["zimwriterfs", "--welcome=index.html", "--illustration=favicon.png",
                             "--language=eng", "--title=bench", "--description=bench",
                             "--creator=bench", "--publisher=bench", "--name=bench", corpus, zim],
                     max(1, runs // 2), prepare=clean(zim))

    size = Row("size / raw", "%")
    rate = Row("pack rate", "MB/s")
    for tool, path in [("newsarc", bundle), ("tar+zstd", tarzst), ("bsdtar", bsd), ("zip", zipf),
                       ("zim", zim)]:
        if tool in pack.results:
            size.put(tool, 100.0 * os.path.getsize(path) / raw)
            rate.put(tool, raw / 1e6 / statistics.median(s for s, _ in pack.results[tool]))

    listing = Row("list")
    listing.measure("newsarc", [newsarc, "list", bundle], runs)
    if "tar+zstd" in pack.results:
        listing.measure("tar+zstd", ["tar", "-I", "zstd", "-tf", tarzst], runs)
    if "bsdtar" in pack.results:
        listing.measure("bsdtar", ["bsdtar", "-tf", bsd], runs)
    if "zip" in pack.results:
        listing.measure("zip", ["unzip", "-l", zipf], runs)
    if "zim" in pack.results:
        listing.measure("zim", ["zimdump", "list", zim], runs)

    one_id = json.load(open(os.path.join(corpus, "articles", middle, "article.json")))["uri"]
    one = Row("extract one")
    target = os.path.join(out, "one")
    one.measure("newsarc", [newsarc, "extract", bundle, one_id, "-o", target, "--force"], runs,
                prepare=clean(target))
    pattern = "articles/%s/*" % middle
    if "tar+zstd" in pack.results:
        one.measure("tar+zstd", ["tar", "-I", "zstd", "-xf", tarzst, "-C", target, "--wildcards",
                                 pattern], runs, prepare=lambda: os.makedirs(target, exist_ok=True))
    if "bsdtar" in pack.results:
        one.measure("bsdtar", ["bsdtar", "-xf", bsd, "-C", target, pattern], runs,
                    prepare=lambda: os.makedirs(target, exist_ok=True))
    if "zip" in pack.results:
        one.measure("zip", ["unzip", "-q", "-o", zipf, pattern, "-d", target], runs)

    every = Row("extract all")
    every.measure("newsarc", [newsarc, "extract", bundle, "-o", target, "--force"], runs,
                  prepare=clean(target))
    if "tar+zstd" in pack.results:
        every.measure("tar+zstd", ["tar", "-I", "zstd", "-xf", tarzst, "-C", target], runs,
                      prepare=lambda: (clean(target)(), os.makedirs(target)))
    if "zip" in pack.results:
        every.measure("zip", ["unzip", "-q", "-o", zipf, "-d", target], runs, prepare=clean(target))

    verify = Row("verify (full)")
    verify.measure("newsarc", [newsarc, "verify", bundle, "--key", key_pub], runs)
    if "tar+zstd" in pack.results:
        verify.measure("zstd -t", ["zstd", "-q", "-t", tarzst], runs)
    if "zip" in pack.results:
        verify.measure("unzip -t", ["unzip", "-q", "-t", zipf], runs)
    if "zim" in pack.results:
        verify.measure("zimcheck -C", ["zimcheck", "-C", zim], max(1, runs // 2))
    if shutil.which("minisign"):
        sig = bundle + ".minisig"
        subprocess.run(["minisign", "-S", "-s", key_sec, "-m", bundle, "-x", sig],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        verify.measure("minisign -V", ["minisign", "-q", "-V", "-p", key_pub, "-m", bundle, "-x", sig],
                       runs)
    quick = Row("verify --quick")
    quick.measure("newsarc", [newsarc, "verify", bundle, "--key", key_pub, "--quick"], runs)

    rows = [pack, rate, size, listing, one, every, verify, quick]
    header = "corpus: %s, %d articles, %.1f MB raw; %d runs each, warm cache; %s; %s\n" % (
        corpus, len(articles), raw / 1e6, runs, time.strftime("%Y-%m-%d"),
        subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip())
    print(header)
    report(rows, sys.stdout)
    if args.output:
        with open(args.output, "w") as f:
            f.write(header + "\n")
            report(rows, f)


if __name__ == "__main__":
    main()
