#!/usr/bin/python3
"""Full-text search: newsarc (pack --index, Searcher) against ZIM (zimwriterfs, libzim) on the
same articles, same machine, same run (issue 19, Performance).

For each N of --sizes, on a corpus of N generated text articles (bench/search_corpus.py: a tar
of article folders for newsarc, one HTML page per article for zimwriterfs):

  - pack without and with --index (median of --runs below 500,000 articles, else 1 run), their
    ratio; zimwriterfs without (-j) and with its full-text index, the same;
  - the index's size against the text's (UTF-8 bytes of headline, subheadlines, body, bylines,
    keywords): the index extent for newsarc (Bundle::searchIndex), the ZIM file with minus
    without for ZIM (both indexes are Xapian databases);
  - the latency of 100 queries (search_corpus.QUERY_MIX: common and rare words, two-word AND,
    phrases, byline:, date ranges, Korean words), each run once in one process after an open,
    10 hits with their snippets: build/search_latency (Searcher) and build/zim_search_latency
    (libzim); median and p99 (the 99th of 100), each the median of --runs runs; ZIM has no
    fields and no dates, so it runs 90 of them (byline: as the bare name, no date query), and
    the ratio is taken on those 90;
  - one query as a whole process: `newsarc search BUNDLE QUERY` against `zimsearch ZIM QUERY`.

Ratios are newsarc / ZIM: below 1, newsarc is faster or smaller. Standard library only; the peer
comes from Debian (apt-get install zim-tools libzim-dev) and is left out when missing.

  /usr/bin/python3 bench/search_bench.py                       # 5,000 and 1,000,000 articles
  /usr/bin/python3 bench/search_bench.py --sizes 5000,100000 --runs 3 --output bench/last.md
  /usr/bin/python3 bench/search_bench.py --articles 200 --runs 1    # smoke run, seconds
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench  # noqa: E402  (bench.py: run_timed, settled, warm, fmt)
import search_corpus  # noqa: E402

GOALS = {"index": "index <= 35% of the text", "latency": "< 50 ms at 1,000,000 articles",
         "pack": "pack --index <= 1.5x pack"}


def corpus(work, n, seed, html):
    """The corpus of n articles in work, made unless there (with its HTML pages if `html`)."""
    path = os.path.join(work, "corpus-%d" % n)
    meta = os.path.join(path, "corpus.json")
    if os.path.exists(meta):
        m = json.load(open(meta))
        if m.get("articles") == n and m.get("seed") == seed and (m.get("html") or not html):
            return path, m
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "search_corpus.py"), str(n), path,
                    "--seed", str(seed)] + ([] if html else ["--no-html"]), check=True,
                   stdout=subprocess.DEVNULL)
    return path, json.load(open(meta))


def latency(tool, target, queries, runs):
    """Per query, the median of `runs` runs of the in-process program (microseconds), and the
    hits, matches and snippet bytes of the last run; the open time's median."""
    per_query, opens, last, index = [], [], None, None
    for _ in range(runs):
        r = subprocess.run([tool, target, queries], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("search_bench: %s failed:\n%s" % (tool, r.stderr))
        rows = []
        for line in r.stdout.splitlines():
            fields = dict(f.split("=") for f in line.split()[1:])
            if line.startswith("query "):
                rows.append({k: int(v) for k, v in fields.items()})
            elif line.startswith("open "):
                opens.append(int(fields["us"]))
            elif line.startswith("index "):
                index = {k: int(v) for k, v in fields.items()}
        per_query.append([row["us"] for row in rows])
        last = rows
    us = [statistics.median(run[k] for run in per_query) for k in range(len(last))]
    return {"us": us, "rows": last, "open_us": statistics.median(opens), "index": index}


def lookups(tool, target, runs):
    """Bundle::find, summary() and article() of random ids (build/lookup_latency): the reader's
    part of each hit. The median of `runs` runs of each mean, in microseconds."""
    means = []
    for _ in range(runs):
        r = subprocess.run([tool, target], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("search_bench: %s failed:\n%s" % (tool, r.stderr))
        means.append({k: float(v) for k, v in
                      (f.split("=") for f in r.stdout.split() if "=" in f)})
    return {k: statistics.median(m[k] for m in means)
            for k in ("find_us", "summary_us", "article_us")}


def p99(values):
    """The nearest-rank 99th percentile: the 99th of 100."""
    ordered = sorted(values)
    return ordered[max(0, -(-99 * len(ordered) // 100) - 1)]


def ms(us):
    return "%.2f ms" % (us / 1000) if us < 10000 else "%.1f ms" % (us / 1000)


def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "-"


def measure(args, n, work, newsarc, build, zim_ok):
    with_zim = zim_ok and (args.zim_max is None or n <= args.zim_max)
    path, meta = corpus(work, n, args.seed, with_zim)
    runs = args.runs if n < 500000 else 1
    out = os.path.join(work, "out-%d" % n)
    os.makedirs(out, exist_ok=True)
    table = [line.rstrip("\n").split("\t")
             for line in open(os.path.join(path, "queries.tsv"), encoding="utf-8")]
    nq, zq = os.path.join(out, "queries-newsarc.txt"), os.path.join(out, "queries-zim.txt")
    with open(nq, "w", encoding="utf-8") as f:
        f.write("".join(q + "\n" for _, q, _ in table))
    with open(zq, "w", encoding="utf-8") as f:
        f.write("".join(q + "\n" for _, _, q in table if q != "-"))
    classes = {c: [] for c, _ in search_corpus.QUERY_MIX}
    for k, (c, _, _) in enumerate(table):
        classes[c].append(k)
    result = {"n": n, "meta": meta, "runs": runs, "table": table, "classes": classes,
              "shared": [k for k, (_, _, q) in enumerate(table) if q != "-"], "zim": None}
    if with_zim:
        result["zim"] = zim_peer(args, n, path, out, table, zq, runs)
    if args.zim_only:
        return result

    tar = os.path.join(path, "articles.tar")
    plain, indexed = os.path.join(out, "plain.newsarc"), os.path.join(out, "indexed.newsarc")
    bench.warm(tar)
    result["pack"] = bench.run_timed([newsarc, "pack", tar, "-o", plain, "--force", "--quiet"],
                                     runs, prepare=bench.settled(plain))
    result["pack_ix"] = bench.run_timed([newsarc, "pack", tar, "-o", indexed, "--force",
                                         "--quiet", "--index"], runs,
                                        prepare=bench.settled(indexed))
    bench.warm(plain, indexed)
    result["plain_size"], result["indexed_size"] = os.path.getsize(plain), os.path.getsize(indexed)
    result["ours"] = latency(os.path.join(build, "search_latency"), indexed, nq, runs)
    result["lookup"] = lookups(os.path.join(build, "lookup_latency"), plain, runs)
    # The index extent's own size (Bundle::searchIndex), as search_latency reads it.
    result["index_size"] = result["ours"]["index"]["bytes"]
    result["index_source"] = "its extent; the bundles differ by %s" % bench.mb(
        result["indexed_size"] - result["plain_size"])
    result["cold_query"] = table[0][1]
    result["cold"] = bench.run_timed([newsarc, "search", indexed, table[0][1], "--limit", "10"],
                                     runs)
    # Every figure, per query too, for a closer look (the slowest queries, hits found).
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(result, f, ensure_ascii=False)
    return result


def zim_peer(args, n, path, out, table, zq, runs):
    """zimwriterfs without and with its full-text index, the latency of the queries through
    libzim, zimsearch as a process. Saved to out/zim.json; --reuse-zim takes it from there (a
    measurement of the same corpus made earlier, whose time the report gives)."""
    saved = os.path.join(out, "zim.json")
    if args.reuse_zim and os.path.exists(saved):
        z = json.load(open(saved))
        if z.get("queries") == open(zq, encoding="utf-8").read():
            z["reused"] = True
            return z
    zdir = os.path.join(path, "zim")
    if not os.path.isdir(zdir):
        sys.exit("search_bench: %s has no HTML pages (made with --no-html)" % path)
    zim_plain, zim_ix = os.path.join(out, "plain.zim"), os.path.join(out, "indexed.zim")
    common = ["zimwriterfs", "--welcome=index.html", "--illustration=illustration.png",
              "--language=eng", "--title=search bench", "--description=search bench",
              "--creator=bench", "--publisher=bench", "--name=searchbench"]
    zruns = runs if n <= 20000 else 1
    zpack_ix = bench.run_timed(common + [zdir, zim_ix], zruns, prepare=bench.settled(zim_ix))
    zpack = bench.run_timed(common + ["--withoutFTIndex", zdir, zim_plain], zruns,
                            prepare=bench.settled(zim_plain))
    bench.warm(zim_plain, zim_ix)
    build = os.path.dirname(os.path.abspath(args.newsarc))
    theirs = latency(os.path.join(build, "zim_search_latency"), zim_ix, zq, runs)
    zcold = bench.run_timed(["zimsearch", zim_ix, table[0][2]], runs)
    z = {"pack": zpack, "pack_ix": zpack_ix, "plain_size": os.path.getsize(zim_plain),
         "indexed_size": os.path.getsize(zim_ix), "latency": theirs, "cold": zcold,
         "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
         "queries": open(zq, encoding="utf-8").read()}
    z["index_size"] = z["indexed_size"] - z["plain_size"]
    with open(saved, "w") as f:
        json.dump(z, f)
    return z


def med(samples):
    return statistics.median(s for s, _ in samples)


def peak(samples):
    return max(m for _, m in samples) / 1024


def report(r, machine, f):
    n, meta, z = r["n"], r["meta"], r["zim"]
    text = meta["text_bytes"]
    sec = lambda v: bench.fmt(v, "s")
    print("### %s articles\n" % format(n, ","), file=f)
    print("Corpus: `bench/search_corpus.py %d` (seed %d): %s of text, %s of article.json in a tar, "
          "%s of HTML for ZIM. %d run%s each (medians); %s.\n" % (
              n, meta["seed"], bench.mb(text), bench.mb(meta["tar_bytes"]),
              bench.mb(meta["html_bytes"]), r["runs"], "" if r["runs"] == 1 else "s", machine),
          file=f)
    if z and z.get("reused"):
        print("ZIM's figures: measured on the same corpus and machine at %s, by an earlier run "
              "(`--zim-only`, then `--reuse-zim`).\n" % z["measured"], file=f)
    print("| row | newsarc | ZIM | newsarc / ZIM | goal |", file=f)
    print("|---|---:|---:|---:|---|", file=f)

    def row(name, ours, theirs, rat, goal=""):
        print("| %s | %s | %s | %s | %s |" % (name, ours, theirs if z else "-",
                                              rat if z else "-", goal), file=f)

    p, pi = med(r["pack"]), med(r["pack_ix"])
    zp, zpi = (med(z["pack"]), med(z["pack_ix"])) if z else (None, None)
    row("pack without index (newsarc fsyncs; zimwriterfs -j)", sec(p), zp and sec(zp),
        ratio(p, zp))
    row("pack with index (pack --index; zimwriterfs)", sec(pi), zpi and sec(zpi), ratio(pi, zpi))
    met = "met" if pi / p <= 1.5 else "**not met**"
    row("with index / without", "%.2fx" % (pi / p), z and "%.2fx" % (zpi / zp),
        ratio(pi / p, z and zpi / zp), "<= 1.5x: %s" % met)
    row("pack with index, peak memory", "%.0f MiB" % peak(r["pack_ix"]),
        z and "%.0f MiB" % peak(z["pack_ix"]), ratio(peak(r["pack_ix"]), z and peak(z["pack_ix"])))
    row("file without index", bench.mb(r["plain_size"]), z and bench.mb(z["plain_size"]),
        ratio(r["plain_size"], z and z["plain_size"]))
    row("file with index", bench.mb(r["indexed_size"]), z and bench.mb(z["indexed_size"]),
        ratio(r["indexed_size"], z and z["indexed_size"]))
    share = 100.0 * r["index_size"] / text
    met = "met" if share <= 35 else "**not met**"
    row("index size (newsarc: %s; ZIM: file with minus without)" % r["index_source"],
        bench.mb(r["index_size"]), z and bench.mb(z["index_size"]),
        ratio(r["index_size"], z and z["index_size"]))
    row("index / text", "%.1f%%" % share, z and "%.1f%%" % (100.0 * z["index_size"] / text),
        ratio(r["index_size"], z and z["index_size"]), "<= 35%%: %s" % met)

    us = r["ours"]["us"]
    shared = [us[k] for k in r["shared"]]
    zus = z["latency"]["us"] if z else None
    row("open (in process: open, Searcher, a first search)", ms(r["ours"]["open_us"]),
        z and ms(z["latency"]["open_us"]), ratio(r["ours"]["open_us"],
                                                 z and z["latency"]["open_us"]))
    goal = "< 50 ms at 1,000,000: %s" % ("met" if p99(us) < 50000 else "**not met**") \
        if n >= 1000000 else "(< 50 ms at 1,000,000)"
    row("query, median of %d (all)" % len(us), ms(statistics.median(us)), "-", "-")
    row("query, p99 of %d (all)" % len(us), ms(p99(us)), "-", "-", goal)
    row("query, median of the %d ZIM also runs" % len(shared), ms(statistics.median(shared)),
        z and ms(statistics.median(zus)), ratio(statistics.median(shared),
                                               z and statistics.median(zus)))
    row("query, p99 of the %d" % len(shared), ms(p99(shared)), z and ms(p99(zus)),
        ratio(p99(shared), z and p99(zus)))
    # Per class: the shared queries keep their order in the ZIM list.
    zpos = {k: j for j, k in enumerate(r["shared"])}
    for c, ks in r["classes"].items():
        ours_c = statistics.median(us[k] for k in ks)
        theirs_c = [zus[zpos[k]] for k in ks if k in zpos] if z else []
        ours_hits = sum(1 for k in ks if r["ours"]["rows"][k]["hits"] > 0)
        zim_hits = sum(1 for k in ks if k in zpos and z["latency"]["rows"][zpos[k]]["hits"] > 0) \
            if z else 0
        example = r["table"][ks[0]][1]
        row("query median, %s (%d; e.g. `%s`); queries with hits" % (c, len(ks), example),
            "%s; %d" % (ms(ours_c), ours_hits),
            z and ("%s; %d" % (ms(statistics.median(theirs_c)), zim_hits) if theirs_c else "-"),
            ratio(ours_c, statistics.median(theirs_c)) if theirs_c else "-")
    look = r["lookup"]
    row("a hit's article: find by id, summary, record (`lookup_latency`, random ids)",
        "%.0f / %.1f / %.0f µs" % (look["find_us"], look["summary_us"], look["article_us"]), "-",
        "-")
    cold = med(r["cold"])
    row("one query as a process (`newsarc search`; `zimsearch`), `%s`" % r["cold_query"],
        ms(cold * 1e6), z and ms(med(z["cold"]) * 1e6), ratio(cold, z and med(z["cold"])))
    print("", file=f)


def check(r):
    """The smoke run's checks: figures for newsarc, hits for most queries, snippets with hits."""
    rows = r["ours"]["rows"]
    problems = []
    if len(rows) != len(r["table"]):
        problems.append("%d results for %d queries" % (len(rows), len(r["table"])))
    found = sum(1 for row in rows if row["hits"] > 0)
    if found < 0.8 * len(rows):
        problems.append("only %d of %d queries found an article" % (found, len(rows)))
    if any(row["hits"] > 0 and row["snippet_bytes"] == 0 for row in rows):
        problems.append("hits without a snippet")
    if not all(r["lookup"][k] > 0 for k in ("find_us", "article_us")):
        problems.append("lookup_latency measured nothing")
    if r["index_size"] <= 0:
        problems.append("no index: the bundle packed with --index is not larger")
    if r["zim"] and not any(row["hits"] for row in r["zim"]["latency"]["rows"]):
        problems.append("ZIM found nothing")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="5000,1000000", help="article counts, comma-separated")
    ap.add_argument("--articles", type=int, help="one size only (e.g. 200 for a smoke run)")
    ap.add_argument("--runs", type=int, default=3, help="runs below 500,000 articles (else 1)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--zim-max", type=int,
                    help="leave ZIM out above this many articles (zimwriterfs takes about 6 ms "
                         "an article here)")
    ap.add_argument("--zim-only", action="store_true",
                    help="measure ZIM only and keep its figures in --work for --reuse-zim")
    ap.add_argument("--reuse-zim", action="store_true",
                    help="take ZIM's figures from an earlier --zim-only run on the same corpus "
                         "in --work (the table gives when they were measured)")
    ap.add_argument("--newsarc", default=os.path.join(ROOT, "build", "newsarc"))
    ap.add_argument("--work", help="scratch folder, kept (default: a temporary one, removed)")
    ap.add_argument("--output", help="also write the tables to this file")
    args = ap.parse_args()

    newsarc = os.path.abspath(args.newsarc)
    build = os.path.dirname(newsarc)
    for name in () if args.zim_only else ("search_latency", "lookup_latency"):
        if not os.path.exists(os.path.join(build, name)):
            sys.exit("search_bench: %s is missing; build it (cmake --build build --target "
                     "newsarc search_latency lookup_latency zim_search_latency)"
                     % os.path.join(build, name))
    zim_ok = bench.have("zimwriterfs", "zimsearch") and os.path.exists(
        os.path.join(build, "zim_search_latency"))
    if not zim_ok:
        print("search_bench: ZIM left out (needs zimwriterfs, zimsearch and "
              "build/zim_search_latency: apt-get install zim-tools libzim-dev)", file=sys.stderr)
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="newsarc-search-bench-"))
    os.makedirs(work, exist_ok=True)
    sizes = [args.articles] if args.articles else [int(s) for s in args.sizes.split(",")]
    machine = "%s; %s; %d cores" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip(),
        os.cpu_count())
    outputs = [sys.stdout] + ([open(args.output, "w")] if args.output else [])
    problems = []
    try:
        for n in sizes:
            r = measure(args, n, work, newsarc, build, zim_ok)
            if args.zim_only:
                z = r["zim"] or sys.exit("search_bench: --zim-only without ZIM")
                print("%d articles: ZIM measured and kept in %s: pack %.1f s, with index %.1f s, "
                      "index %s, median query %s" % (
                          n, work, med(z["pack"]), med(z["pack_ix"]), bench.mb(z["index_size"]),
                          ms(statistics.median(z["latency"]["us"]))))
                continue
            for f in outputs:
                report(r, machine, f)
                f.flush()
            problems += ["%d articles: %s" % (n, p) for p in check(r)]
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if problems:
        sys.exit("search_bench: " + "; ".join(problems))


if __name__ == "__main__":
    main()
