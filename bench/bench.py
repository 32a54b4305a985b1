#!/usr/bin/python3
"""newsarc against tar+zstd, bsdtar, zip and ZIM on the same corpus, same machine, same run.

Every row runs each tool several times on a warm page cache and prints the median, the min-max
range, peak memory (GNU time, /usr/bin/time) and the ratio newsarc / peer for every row (below 1
means newsarc is faster or smaller). Standard library only; the peers come from Debian
(bench/README.md) and are left out when missing.

  /usr/bin/python3 bench/bench.py --corpus DIR            # an existing corpus (gen_corpus.py)
  /usr/bin/python3 bench/bench.py --articles 200          # generate one with ../shared/bench
  /usr/bin/python3 bench/bench.py --scale                 # list, find, verify: 10,000 and 1,000,000
  /usr/bin/python3 bench/bench.py --tiny                  # CI smoke run: samples/ copied 20 times
  /usr/bin/python3 bench/bench.py --goals --runs 3        # the format 2 goals, with peers
  /usr/bin/python3 bench/bench.py --goals --tiny          # their CI smoke run
"""
import argparse
import json
import os
import select
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(cmd, cwd=None):
    """Wall seconds of one run of cmd (a list), which must succeed: the command alone, started
    by this process, so that a command of a few milliseconds is not timed with the start-up of a
    wrapper."""
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    check(r, cmd)
    return seconds


def run_with_memory(cmd, cwd=None, stdout=subprocess.DEVNULL):
    """Wall seconds and peak resident KiB of one run of cmd under GNU time, which forks the
    command from its own small image: a child of this Python process would inherit its peak."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, cwd=cwd,
                           stdout=stdout, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
        check(r, cmd)
        lines = [l for l in open(t.name).read().split("\n") if l.strip().isdigit()]
        return seconds, int(lines[-1]) if lines else 0


def check(result, cmd):
    if result.returncode != 0:
        sys.exit("bench: command failed (%d): %s\n%s" % (result.returncode, " ".join(cmd),
                                                        result.stderr.decode(errors="replace")))


def run_timed(cmd, runs, prepare=None, cwd=None):
    """`runs` wall times of cmd and its peak memory. The first run is under GNU time for the
    memory; its time counts only when the wrapper's milliseconds do not matter (1 s or more)."""
    if prepare:
        prepare()
    seconds, memory = run_with_memory(cmd, cwd)
    samples = [seconds] if seconds >= 1.0 else []
    while len(samples) < runs:
        if prepare:
            prepare()
        samples.append(run_once(cmd, cwd))
    return [(s, memory) for s in samples]


class Row:
    def __init__(self, name, unit="s"):
        self.name, self.unit, self.results = name, unit, {}

    def measure(self, tool, cmd, runs, prepare=None, cwd=None):
        self.results[tool] = run_timed(cmd, runs, prepare, cwd)

    def put(self, tool, value):
        self.results[tool] = [(value, 0)]

    def median(self, tool):
        return statistics.median(s for s, _ in self.results[tool])


def fmt(value, unit):
    if unit == "s":
        if value < 0.1:
            return "%.1f ms" % (value * 1000)
        return "%.3f s" % value if value < 10 else "%.1f s" % value
    if unit == "%":
        return "%.1f%%" % value
    if unit == "GB/s":
        return "%.2f GB/s" % value
    return "%.0f %s" % (value, unit)


def report(rows, out):
    print("| row | tool | median | min-max | peak memory | newsarc / tool |", file=out)
    print("|---|---|---:|---:|---:|---:|", file=out)
    for row in rows:
        ours = row.median("newsarc") if "newsarc" in row.results else None
        for tool, samples in row.results.items():
            values = [s for s, _ in samples]
            median = statistics.median(values)
            memory = max(m for _, m in samples)
            ratio = "" if tool.startswith("newsarc") or not ours or not median else \
                "%.2f" % (ours / median)
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
            # Article folders only: the ninjs documents in samples/ninjs are no article.json.
            if not os.path.isfile(os.path.join(src, "article.json")):
                continue
            dst = os.path.join(articles, "%04d-%s" % (n, name))
            shutil.copytree(src, dst)
            path = os.path.join(dst, "article.json")
            doc = json.load(open(path, encoding="utf-8"))
            doc["uri"] += ":copy%d" % n
            json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)


def without_html(corpus, dest):
    """dest/articles: the corpus's articles without the HTML pages made for ZIM (hard links), so
    that newsarc, tar and zip get the same input: newsarc packs only what article.json names."""
    articles = os.path.join(dest, "articles")
    if os.path.isdir(articles):
        return dest
    for base, _, files in os.walk(os.path.join(corpus, "articles")):
        target = os.path.join(articles, os.path.relpath(base, os.path.join(corpus, "articles")))
        os.makedirs(target, exist_ok=True)
        for f in files:
            if f.endswith(".html"):
                continue
            try:
                os.link(os.path.join(base, f), os.path.join(target, f))
            except OSError:
                shutil.copy2(os.path.join(base, f), os.path.join(target, f))
    return dest


def du(path):
    total = 0
    for base, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
    return total


def have(*binaries):
    return all(shutil.which(b) is not None for b in binaries)


def settled(path):
    """Before each pack run: no output from the run before, and nothing of it left to write back
    to the disk, which would slow down whichever tool runs next."""
    return lambda: (clean(path)(), os.sync())


def warm(*paths):
    """Reads each file once: the read rows run on a warm page cache. newsarc writes its bundle
    with O_DIRECT on ext4 and XFS, so after pack it is on the disk but not in the page cache."""
    for path in paths:
        if os.path.exists(path):
            with open(path, "rb") as f:
                while f.read(1 << 24):
                    pass


def clean(path):
    return lambda: (shutil.rmtree(path, ignore_errors=True),
                    os.path.exists(path) and os.remove(path))


def corpus_rows(corpus, zim_corpus, newsarc, out, runs):
    """The table on one corpus: pack, list, show one, extract one, extract all, verify."""
    articles = sorted(os.listdir(os.path.join(corpus, "articles")))
    middle = articles[len(articles) // 2]
    raw = du(os.path.join(corpus, "articles"))
    peers = {"tar+zstd": have("tar", "zstd"), "bsdtar": have("bsdtar"),
             "zip": have("zip", "unzip"),
             "zim": zim_corpus is not None and have("zimwriterfs", "zimdump", "zimcheck")}
    key_pub, key_sec = os.path.join(out, "k.pub"), os.path.join(out, "k.key")
    subprocess.run([newsarc, "keygen", "-p", key_pub, "-s", key_sec, "--no-password", "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    bundle = os.path.join(out, "c.newsarc")
    tarzst, bsd, zipf, zim = (os.path.join(out, n) for n in ("c.tar.zst", "c.bsd.tar.zst", "c.zip",
                                                             "c.zim"))

    # newsarc's bundle is on the disk when pack ends (fsync); the peers leave theirs in the page
    # cache. "tar+zstd, fsync" is tar+zstd made as durable, by coreutils' `sync FILE`.
    pack = Row("pack")
    pack.measure("newsarc", [newsarc, "pack", corpus, "-o", bundle, "--sign", key_sec, "--force",
                             "--quiet"], runs, prepare=settled(bundle))
    pack.measure("newsarc -j1", [newsarc, "pack", corpus, "-o", bundle, "--sign", key_sec,
                                 "--force", "--quiet", "--jobs", "1"], runs,
                 prepare=settled(bundle))
    if peers["tar+zstd"]:
        pack.measure("tar+zstd", ["tar", "-I", "zstd -3 -T0", "-cf", tarzst, "articles"], runs,
                     prepare=settled(tarzst), cwd=corpus)
        pack.measure("tar+zstd, fsync",
                     ["sh", "-c", 'tar -I "zstd -3 -T0" -cf "$1" articles && sync "$1"', "sh",
                      tarzst], runs, prepare=settled(tarzst), cwd=corpus)
    if peers["bsdtar"]:
        pack.measure("bsdtar", ["bsdtar", "--zstd", "-cf", bsd, "articles"], runs,
                     prepare=settled(bsd), cwd=corpus)
    if peers["zip"]:
        pack.measure("zip", ["zip", "-6", "-r", "-q", zipf, "articles"], runs,
                     prepare=settled(zipf), cwd=corpus)
    if peers["zim"]:
        pack.measure("zim", ["zimwriterfs", "--welcome=index.html", "--illustration=favicon.png",
                             "--language=eng", "--title=bench", "--description=bench",
                             "--creator=bench", "--publisher=bench", "--name=bench", zim_corpus,
                             zim], max(1, runs // 2), prepare=settled(zim))
    warm(bundle, tarzst, bsd, zipf, zim)

    size = Row("size / raw", "%")
    rate = Row("pack rate", "MB/s")
    zim_raw = du(zim_corpus) if peers["zim"] else 0
    for tool, path in [("newsarc", bundle), ("newsarc -j1", bundle), ("tar+zstd", tarzst),
                       ("tar+zstd, fsync", tarzst), ("bsdtar", bsd), ("zip", zipf), ("zim", zim)]:
        if tool in pack.results:
            own_raw = zim_raw if tool == "zim" else raw
            if tool not in ("newsarc -j1", "tar+zstd, fsync"):
                size.put(tool, 100.0 * os.path.getsize(path) / own_raw)
            rate.put(tool, own_raw / 1e6 / pack.median(tool))

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
    show = Row("show one")
    show.measure("newsarc", [newsarc, "show", bundle, one_id], runs)
    if "zip" in pack.results:
        show.measure("zip", ["unzip", "-p", zipf, "articles/%s/article.json" % middle], runs)
    if "zim" in pack.results:
        show.measure("zim", ["zimdump", "show", "--url=articles/%s/index.html" % middle, zim], runs)

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
    every.measure("newsarc", [newsarc, "extract", bundle, "-o", target, "--force", "--quiet"],
                  runs, prepare=clean(target))
    if "tar+zstd" in pack.results:
        every.measure("tar+zstd", ["tar", "-I", "zstd", "-xf", tarzst, "-C", target], runs,
                      prepare=lambda: (clean(target)(), os.makedirs(target)))
    if "zip" in pack.results:
        every.measure("zip", ["unzip", "-q", "-o", zipf, "-d", target], runs, prepare=clean(target))
    clean(target)()

    verify = Row("verify (full)")
    verify.measure("newsarc", [newsarc, "verify", bundle, "--key", key_pub], runs)
    if "tar+zstd" in pack.results:
        verify.measure("zstd -t", ["zstd", "-q", "-t", tarzst], runs)
    if "zip" in pack.results:
        verify.measure("unzip -t", ["unzip", "-q", "-t", zipf], runs)
    if "zim" in pack.results:
        verify.measure("zimcheck -C", ["zimcheck", "-C", zim], max(1, runs // 2))
    if have("minisign"):
        sig = bundle + ".minisig"
        subprocess.run(["minisign", "-S", "-s", key_sec, "-m", bundle, "-x", sig],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        verify.measure("minisign -V", ["minisign", "-q", "-V", "-p", key_pub, "-m", bundle, "-x",
                                       sig], runs)
    checked = Row("verify rate", "GB/s")
    for tool, path in [("newsarc", bundle), ("zstd -t", tarzst), ("unzip -t", zipf),
                       ("zimcheck -C", zim), ("minisign -V", bundle)]:
        if tool in verify.results:
            checked.put(tool, os.path.getsize(path) / 1e9 / verify.median(tool))
    quick = Row("verify --quick")
    quick.measure("newsarc", [newsarc, "verify", bundle, "--key", key_pub, "--quick"], runs)

    header = "corpus: %s, %d articles, %.1f MB raw (newsarc, tar, zip: article.json and the " \
             "files it names)%s" % (corpus, len(articles), raw / 1e6,
                                    ", %.1f MB with the HTML pages (zim)" % (zim_raw / 1e6)
                                    if zim_raw else "")
    return header, [pack, rate, size, listing, show, one, every, verify, checked, quick]


def append_table(newsarc, work, sizes, counts, rounds, runs):
    """Appends (spec/FORMAT.md 15.1): one append of each count of articles (half new versions,
    half new ids, spread over the ids) to a copy of a bundle of each size, median of `runs`
    seconds and the bytes it wrote; then `rounds` appends of 10 articles to the smallest bundle,
    and show and verify --quick there against a bundle of as many articles packed in one go
    (the peer: the same library writing once). The table's lines."""
    generator = os.path.join(os.path.dirname(newsarc), "make_scale_bundle")
    if not os.path.exists(generator):
        sys.exit("bench: %s is missing; build the project first" % generator)
    lines = ["| bundle | appended articles | seconds (median of %d) | bytes written | bytes / article |"
             % runs, "|---:|---:|---:|---:|---:|"]
    copy = os.path.join(work, "append-copy.newsarc")
    for n in sizes:
        base = os.path.join(work, "append-base-%d.newsarc" % n)
        if not os.path.exists(base):
            subprocess.run([generator, str(n), base], stdout=subprocess.DEVNULL, check=True)
        for k in counts:
            seconds, written = [], 0
            for _ in range(runs):
                shutil.copyfile(base, copy)
                out = subprocess.run([generator, "--append", str(k), str(n), copy],
                                     capture_output=True, text=True, check=True).stdout.split()
                seconds.append(float(out[0]))
                written = int(out[1])
            lines.append("| %s | %s | %s | %s | %s |" % (
                format(n, ","), format(k, ","), fmt(statistics.median(seconds), "s"),
                format(written, ","), format(written // k, ",")))
    n = sizes[0]
    grown = os.path.join(work, "append-grown.newsarc")
    shutil.copyfile(os.path.join(work, "append-base-%d.newsarc" % n), grown)
    for r in range(1, rounds + 1):
        subprocess.run([generator, "--append", "10", str(n), grown, str(r)],
                       stdout=subprocess.DEVNULL, check=True)
    total = int(subprocess.run([newsarc, "info", grown], capture_output=True, text=True,
                               check=True).stdout.split("articles:")[1].split()[0])
    packed = os.path.join(work, "append-packed.newsarc")
    subprocess.run([generator, str(total), packed], stdout=subprocess.DEVNULL, check=True)
    one_id = "urn:newsarc:scale:%09d" % (n // 2)
    lines += ["", "| after %d appends of 10 to %s articles (%s articles, %.1f MB; packed at once: "
              "%.1f MB) | appended | packed at once | appended / packed |" % (
                  rounds, format(n, ","), format(total, ","), os.path.getsize(grown) / 1e6,
                  os.path.getsize(packed) / 1e6), "|---|---:|---:|---:|"]
    for name, args in [("show one article", ["show", "{}", one_id]),
                       ("verify --quick", ["verify", "{}", "--quick"])]:
        medians = []
        for path in (grown, packed):
            warm(path)
            cmd = [newsarc] + [path if a == "{}" else a for a in args]
            medians.append(statistics.median(s for s, _ in run_timed(cmd, max(runs, 9))))
        lines.append("| %s | %s | %s | %.2f |" % (name, fmt(medians[0], "s"), fmt(medians[1], "s"),
                                                  medians[0] / medians[1]))
    return lines


def scale_table(newsarc, work, sizes, runs, limit):
    """Writing the bundle (one run, through the library), then list, find by id (show) and
    verify, each whole process, at each size of tiny articles. The table's lines. A run of list
    is stopped after `limit` seconds (bounded_list): its time is then None."""
    generator = os.path.join(os.path.dirname(newsarc), "make_scale_bundle")
    if not os.path.exists(generator):
        sys.exit("bench: %s is missing; build the project first" % generator)
    results = {}
    for n in sizes:
        path = os.path.join(work, "scale-%d.newsarc" % n)
        id_path = path + ".id"
        with open(id_path, "w") as id_file:
            rows = {"write (library, 1 run)": run_with_memory([generator, str(n), path],
                                                              stdout=id_file)}
        one_id = open(id_path).read().strip()
        warm(path)
        _, total, memory = bounded_list([newsarc, "list", path], runs, limit)
        rows["list"] = (total, memory)
        for name, cmd in [("find by id (show)", [newsarc, "show", path, one_id]),
                          ("verify --quick", [newsarc, "verify", path, "--quick"]),
                          ("verify (full)", [newsarc, "verify", path])]:
            samples = run_timed(cmd, runs)
            rows[name] = (statistics.median(s for s, _ in samples), max(m for _, m in samples))
        results[n] = (os.path.getsize(path), rows)
    first, last = sizes[0], sizes[-1]
    lines = ["| check | %s | %s | time ratio |" % tuple("%s articles (%.0f MB)" % (
        format(n, ","), results[n][0] / 1e6) for n in (first, last)), "|---|---:|---:|---:|"]
    for name in results[first][1]:
        (t0, m0), (t1, m1) = results[first][1][name], results[last][1][name]
        shown = lambda t: fmt(t, "s") if t is not None else "> %d s (stopped)" % limit
        lines.append("| %s | %s, %.1f MiB | %s, %.1f MiB | %s |" % (
            name, shown(t0), m0 / 1024, shown(t1), m1 / 1024,
            "%.1f" % (t1 / t0) if t0 and t1 else "-"))
    return lines


def first_byte(cmd):
    """Seconds until the first byte of cmd's standard output reaches a pipe, and until the command
    has ended with all of it read: how soon a listing starts, and how long it takes."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fd = p.stdout.fileno()
    chunk = os.read(fd, 1 << 16)
    first = time.perf_counter() - start
    while chunk:
        chunk = os.read(fd, 1 << 16)
    stderr = p.stderr.read()
    p.wait()
    total = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit("bench: command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd),
                                                        stderr.decode(errors="replace")))
    return first, total


def read_cost(tool, args):
    """read_cost's summary line: pages, bytes, reads, largest read... as a dict of numbers."""
    r = subprocess.run([tool] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench: read_cost failed: %s\n%s" % (" ".join(args), r.stderr))
    line = [l for l in r.stdout.splitlines() if l.startswith("summary:")][-1]
    return {k: int(v) for k, v in (f.split("=") for f in line.split()[1:])}


def mb(n):
    if n < 1e6:
        return "%.1f kB" % (n / 1e3)
    return "%.2f MB" % (n / 1e6) if n < 10e6 else "%.1f MB" % (n / 1e6)


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


def corpus_file_bytes(corpus):
    return du(os.path.join(corpus, "articles"))


def pack_peers(corpus, out, name, newsarc, key_sec, runs):
    """Pack one folder tree with newsarc (signed), tar+zstd -3 -T0 and zip: for each tool present,
    (median seconds, peak KiB, output bytes)."""
    paths = {"newsarc": os.path.join(out, name + ".newsarc"),
             "tar+zstd -3": os.path.join(out, name + ".tar.zst"),
             "zip": os.path.join(out, name + ".zip")}
    cmds = {"newsarc": [newsarc, "pack", corpus, "-o", paths["newsarc"], "--sign", key_sec,
                        "--force", "--quiet"]}
    if have("tar", "zstd"):
        cmds["tar+zstd -3"] = ["tar", "-I", "zstd -3 -T0", "-cf", paths["tar+zstd -3"], "articles"]
    if have("zip"):
        cmds["zip"] = ["zip", "-6", "-r", "-q", paths["zip"], "articles"]
    results = {}
    for tool, cmd in cmds.items():
        samples = run_timed(cmd, runs, prepare=settled(paths[tool]),
                            cwd=None if tool == "newsarc" else corpus)
        results[tool] = (statistics.median(s for s, _ in samples), max(m for _, m in samples),
                         os.path.getsize(paths[tool]))
    return results


def peers_cells(results, index, show, smaller_is_better=True):
    """newsarc's figure, tar's, zip's and newsarc / tar, from pack_peers' results."""
    cells = [show(results[t][index]) if t in results else "-" for t in
             ("newsarc", "tar+zstd -3", "zip")]
    ratio = "%.2f" % (results["newsarc"][index] / results["tar+zstd -3"][index]) \
        if "tar+zstd -3" in results and results["tar+zstd -3"][index] else "-"
    return cells + [ratio]


def list_peers(out, name, newsarc, runs):
    """List what pack_peers wrote, each tool: (median seconds to the first byte in a pipe,
    median seconds to the end with all of it read, output size 0)."""
    paths = {"newsarc": os.path.join(out, name + ".newsarc"),
             "tar+zstd -3": os.path.join(out, name + ".tar.zst"),
             "zip": os.path.join(out, name + ".zip")}
    cmds = {"newsarc": [newsarc, "list", paths["newsarc"]],
            "tar+zstd -3": ["tar", "-I", "zstd", "-tf", paths["tar+zstd -3"]],
            "zip": ["unzip", "-l", paths["zip"]]}
    results = {}
    for tool, cmd in cmds.items():
        if not os.path.exists(paths[tool]):
            continue
        samples = [first_byte(cmd) for _ in range(runs)]
        results[tool] = (statistics.median(f for f, _ in samples),
                         statistics.median(t for _, t in samples), 0)
    return results


def bounded_list(cmd, runs, limit):
    """A listing command that may take very long (`newsarc list` reads the index once a row):
    each run stopped after `limit` seconds. Returns (median seconds to the first byte in a pipe or
    None when none came within the limit, median seconds to the end with all of it read or None
    when a run was stopped, peak KiB of the runs to their end or stop). The first byte is timed
    on runs that are stopped at once after it; the end and the memory on runs under GNU time,
    whose own start-up (about 2 ms) counts in the end's time. The peak memory counts the pages of
    the mapped bundle that the command touched, as resident memory does."""
    firsts = []
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ready, _, _ = select.select([p.stdout], [], [], limit)
        first = time.perf_counter() - start if ready and p.stdout.read(1) else None
        p.kill()
        p.wait()
        p.stdout.close()
        if first is None:
            break
        firsts.append(first)
    totals, memory = [], 0
    for _ in range(runs):
        # Under GNU time, which reports the command's peak even when it is stopped: the command
        # (time's child) is killed at the limit, never time.
        with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
            start = time.perf_counter()
            p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            stopped = False
            while True:
                left = start + limit - time.perf_counter()
                ready, _, _ = select.select([p.stdout], [], [], max(left, 0))
                if not ready:
                    stopped = True
                    with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as children:
                        for child in children.read().split():
                            os.kill(int(child), signal.SIGKILL)
                    break
                if not os.read(p.stdout.fileno(), 1 << 16):
                    break
            p.stdout.close()
            stderr = p.stderr.read()
            p.wait()
            seconds = time.perf_counter() - start
            lines = [l for l in open(t.name).read().split("\n") if l.strip().isdigit()]
            memory = max(memory, int(lines[-1]) if lines else 0)
        if stopped:
            totals = None
            break
        if p.returncode != 0:
            sys.exit("bench: command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd),
                                                            stderr.decode(errors="replace")))
        totals.append(seconds)
    return (statistics.median(firsts) if len(firsts) == runs else None,
            statistics.median(totals) if totals else None, memory)


def list_cell(measured, limit):
    first, total, memory = measured
    over = "> %d s (stopped)" % limit
    return "%s, %s, %s%s" % (fmt(first, "s") if first is not None else over,
                             fmt(total, "s") if total is not None else over,
                             mib(memory), "" if total is not None else " at the stop")


def list_in_process(tool, bundle, runs):
    """list_first_row's medians over `runs` runs: microseconds from main() to the bundle open, to
    the first row written and flushed, to the last."""
    samples = []
    for _ in range(runs):
        r = subprocess.run([tool, bundle], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
        if r.returncode != 0:
            sys.exit("bench: list_first_row failed: %s\n%s" % (bundle, r.stderr))
        line = [l for l in r.stderr.splitlines() if l.startswith("list_first_row:")][-1]
        samples.append({k: int(v) for k, v in (f.split("=") for f in line.split()[1:])})
    medians = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    for k in ("peak_kib", "anon_kib"):
        medians[k] = max(s[k] for s in samples)
    return medians


def scale_rows(args, newsarc, build, out, n_scale, runs):
    """The goal rows on a bundle of n_scale tiny articles written by make_scale_bundle (through
    BundleWriter), once: its peak memory, then verify --quick, list and read_cost on it."""
    generator, coster, lister = (os.path.join(build, n) for n in (
        "make_scale_bundle", "read_cost", "list_first_row"))
    scale = os.path.join(out, "scale-%d.newsarc" % n_scale)
    with open(scale + ".id", "w") as id_file:
        write_seconds, write_kib = run_with_memory([generator, str(n_scale), scale], stdout=id_file)
    one_id = open(scale + ".id").read().strip()
    size = os.path.getsize(scale)
    warm(scale)
    quick = run_timed([newsarc, "verify", scale, "--quick"], runs)
    quick_cost = read_cost(coster, ["--verify-quick", scale])
    limit = args.list_limit
    listing = bounded_list([newsarc, "list", scale], runs, limit)
    json_listing = bounded_list([newsarc, "list", "--json", scale], runs, limit)
    in_process = list_in_process(lister, scale, runs)
    # Three articles, none the middle one (which binary search finds at its first probe): the
    # most reads and bytes of the three.
    prefix, number = one_id.rsplit(":", 1)
    costs = [read_cost(coster, [scale, "%s:%0*d" % (prefix, len(number), n_scale * k // 7)])
             for k in (1, 3, 5)]
    show_cost = {key: max(c[key] for c in costs) for key in costs[0]}
    verify_full = None
    if not args.goals_scale_only:
        verify_full = run_timed([newsarc, "verify", scale], 1)
    sec = lambda v: fmt(v, "s")
    n = format(n_scale, ",")
    none = ["-", "-", "-"]
    rows = [
        ("verify --quick, %s tiny articles (%s bundle)" % (n, mb(size)),
         ["%s, %s touched" % (sec(statistics.median(s for s, _ in quick)),
                              mb(quick_cost["bytes"]))] + none,
         "< 20 ms at 10,000,000 articles"),
        ("pack memory, %s tiny articles (make_scale_bundle: BundleWriter, 1 run: %s)" % (
            n, sec(write_seconds)), [mib(write_kib)] + none, "<= 64 MiB at 10,000,000 articles"),
        ("list, %s articles: first byte in a pipe (whole process), all rows to /dev/null, "
         "peak memory" % n,
         [list_cell(listing, limit)] + none,
         "first row < 10 ms, memory <= 16 MiB, streaming"),
        ("list --json, %s articles: the same" % n, [list_cell(json_listing, limit)] + none,
         "first row < 10 ms, memory <= 16 MiB, streaming"),
        ("list in process (list_first_row: Bundle::open, forEachArticle), %s articles: open, "
         "first row, all, from main(); peak memory (anonymous)" % n,
         ["%s, %s, %s; %s (%s)" % (sec(in_process["open_us"] / 1e6),
                                   sec(in_process["first_row_us"] / 1e6),
                                   sec(in_process["all_us"] / 1e6), mib(in_process["peak_kib"]),
                                   mib(in_process["anon_kib"]))] + none,
          "first row < 10 ms, memory <= 16 MiB, streaming"),
        ("open, find one of %s by id, show it: reads (besides its own bytes), largest read "
         "(besides its own), bytes touched (its own); the most of 3 articles" % n,
         ["%d (%d), %s (%s), %s (%s)" % (
             show_cost["reads"], show_cost["other_reads"],
             "%.0f KiB" % (show_cost["largest"] / 1024),
             "%.0f KiB" % (show_cost["other_largest"] / 1024),
             "%.0f KiB" % (show_cost["bytes"] / 1024),
             "%.0f KiB" % (show_cost["own_bytes"] / 1024))] + none,
         "<= 4 reads, each <= 64 KiB, plus the article's own bytes, whatever N"),
    ]
    if verify_full:
        rows.append(("verify (full), %s articles, 1 run" % n,
                     ["%s, %s" % (sec(verify_full[0][0]), mib(verify_full[0][1]))] + none,
                     "(no goal)"))
    return rows


def goals_table(args, newsarc, work, machine, outputs):
    """The rows of the format 2 goals (bench/README.md), measured on format 2 with the peers in
    the same run. With --tiny: small sizes, one run, and a check that newsarc has a figure in
    every row."""
    build = os.path.dirname(newsarc)
    for name in ("make_scale_bundle", "read_cost", "list_first_row"):
        if not os.path.exists(os.path.join(build, name)):
            sys.exit("bench: %s is missing; build the project first" % os.path.join(build, name))
    make_corpus = os.path.join(ROOT, "bench", "make_corpus.py")
    runs = 1 if args.tiny else args.runs
    n_tiny, n_scale, n_text = (100, 1000, 20) if args.tiny else (
        args.goals_tiny, args.goals_scale, args.goals_text)
    gw = os.path.join(work, "goals")
    if args.tiny:
        shutil.rmtree(gw, ignore_errors=True)
    out = os.path.join(gw, "out")
    os.makedirs(out, exist_ok=True)
    sec = lambda v: fmt(v, "s")

    rows = []
    if not args.goals_scale_only:
        def corpus(kind, source, name):
            path = os.path.join(gw, name)
            if not os.path.isdir(os.path.join(path, "articles")):
                subprocess.run(["/usr/bin/python3", make_corpus, kind, str(source), path],
                               check=True)
            return path

        tiny = corpus("tiny", n_tiny, "tiny-%d" % n_tiny)
        if args.corpus:
            text = corpus("text-only", os.path.abspath(args.corpus),
                          "text-only-%s" % os.path.basename(os.path.abspath(args.corpus)))
        else:
            text = corpus("text", n_text, "text-%d" % n_text)
        n_text = len(os.listdir(os.path.join(text, "articles")))
        key_sec = os.path.join(out, "k.key")
        subprocess.run([newsarc, "keygen", "-p", os.path.join(out, "k.pub"), "-s", key_sec,
                        "--no-password", "--force"], check=True, stdout=subprocess.DEVNULL)
        packed_text = pack_peers(text, out, "text", newsarc, key_sec, runs)
        packed_tiny = pack_peers(tiny, out, "tiny", newsarc, key_sec, runs)
        warm(*(os.path.join(out, "tiny" + e) for e in (".newsarc", ".tar.zst", ".zip")))
        listed_tiny = list_peers(out, "tiny", newsarc, runs)
        text_raw, tiny_raw = corpus_file_bytes(text), corpus_file_bytes(tiny)
        nt = format(n_tiny, ",")
        rows += [
            ("pack memory, %s tiny article folders" % nt, peers_cells(packed_tiny, 1, mib),
             "<= 64 MiB at 10,000,000 articles"),
            ("size, text-only corpus: %s articles, %s of article.json" % (
                format(n_text, ","), mb(text_raw)),
             peers_cells(packed_text, 2, mb), "<= tar+zstd -3 (ratio <= 1)"),
            ("size, %s tiny articles, %s of article.json" % (nt, mb(tiny_raw)),
             peers_cells(packed_tiny, 2, mb), "<= 1.5x tar+zstd -3"),
            ("pack time, text-only corpus (newsarc signs and fsyncs)",
             peers_cells(packed_text, 0, sec), "<= 0.5x tar+zstd -3 (2x as fast)"),
            ("pack time, %s tiny article folders" % nt, peers_cells(packed_tiny, 0, sec),
             "(no goal)"),
            ("list, %s tiny articles: first byte in a pipe (newsarc list, tar -tf, unzip -l)" % nt,
             peers_cells(listed_tiny, 0, sec), "(no goal; see the scale row)"),
            ("list, %s tiny articles: all, to /dev/null" % nt, peers_cells(listed_tiny, 1, sec),
             "(no goal)"),
        ]
    rows = scale_rows(args, newsarc, build, out, n_scale, runs) + rows
    for f in outputs:
        print("format 2 goals, measured on format 2: %d runs each, medians; %s"
              "scale bundle (make_scale_bundle %d); %s\n" % (
                  runs, "" if args.goals_scale_only else
                  "tiny articles (bench/make_corpus.py tiny %d), text-only corpus (%s), " % (
                      n_tiny, "make_corpus.py text-only %s" % args.corpus if args.corpus else
                      "make_corpus.py text %d" % n_text),
                  n_scale, machine), file=f)
        print("| row | newsarc | tar+zstd -3 | zip | newsarc / tar+zstd | goal for format 2 |",
              file=f)
        print("|---|---:|---:|---:|---:|---|", file=f)
        for name, cells, goal in rows:
            print("| %s | %s | %s |" % (name, " | ".join(cells), goal), file=f)
        print("", file=f)
    if args.tiny:
        # read_cost on an article with images and attachments (samples/): its own bytes counted.
        samples = os.path.join(out, "samples.newsarc")
        subprocess.run([newsarc, "pack", os.path.join(ROOT, "samples"), "-o", samples, "--force",
                        "--quiet"], check=True, stdout=subprocess.DEVNULL)
        coster = os.path.join(build, "read_cost")
        seed = read_cost(coster, [samples, "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance"])
        if seed["own_bytes"] < 100000 or seed["bytes"] < seed["own_bytes"]:
            sys.exit("bench: read_cost did not count the sample article's content: %s" % seed)
        missing = [name for name, cells, _ in rows if cells[0] in ("", "-")]
        if missing:
            sys.exit("bench: goal rows without newsarc: %s" % ", ".join(missing))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", help="existing corpus folder (holding articles/)")
    ap.add_argument("--articles", type=int, help="generate a corpus of this many articles")
    ap.add_argument("--tiny", action="store_true", help="smoke run on samples/ copied 20 times")
    ap.add_argument("--scale", action="store_true",
                    help="the scale check only: tiny text articles, 10,000 against 1,000,000")
    ap.add_argument("--scale-sizes", default="10000,1000000", help="sizes for --scale")
    ap.add_argument("--goals", action="store_true",
                    help="the rows of the format 2 goals, with tar+zstd -3 and zip (README.md)")
    ap.add_argument("--goals-tiny", type=int, default=20000,
                    help="tiny article folders for --goals (size, pack memory)")
    ap.add_argument("--goals-scale", type=int, default=1000000,
                    help="tiny articles of the scale bundle for --goals (verify, list, read cost)")
    ap.add_argument("--goals-text", type=int, default=5000,
                    help="generated text-only articles for --goals, unless --corpus is given")
    ap.add_argument("--list-limit", type=int, default=60,
                    help="--goals, --scale: seconds after which a run of newsarc list is stopped")
    ap.add_argument("--goals-scale-only", action="store_true",
                    help="--goals: only the rows of the scale bundle (for 10,000,000 articles)")
    ap.add_argument("--appends", action="store_true",
                    help="appends: 1, 100 and 10,000 articles to bundles of --append-sizes, and "
                         "show and verify --quick after --append-rounds appends of 10")
    ap.add_argument("--append-sizes", default="10000,1000000")
    ap.add_argument("--append-rounds", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--newsarc", default=os.path.join(ROOT, "build", "newsarc"))
    ap.add_argument("--work", help="scratch folder (default: a temporary one)")
    ap.add_argument("--output", help="also write the tables to this file")
    args = ap.parse_args()

    newsarc = os.path.abspath(args.newsarc)
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="newsarc-bench-"))
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    machine = "%s; %s; %d cores" % (
        time.strftime("%Y-%m-%d"),
        subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip(),
        os.cpu_count())
    outputs = [sys.stdout] + ([open(args.output, "w")] if args.output else [])

    if args.goals:
        goals_table(args, newsarc, work, machine, outputs)
        return

    if args.appends:
        lines = append_table(newsarc, work, [int(n) for n in args.append_sizes.split(",")],
                             [1, 100, 10000], args.append_rounds, args.runs)
        for f in outputs:
            print("appends: tiny text-only articles (bench/make_scale_bundle.cpp --append); %s\n"
                  % machine, file=f)
            print("\n".join(lines) + "\n", file=f)
        return

    if args.scale or args.tiny:
        sizes = [100, 1000] if args.tiny else [int(n) for n in args.scale_sizes.split(",")]
        runs = min(args.runs, 2) if args.tiny else args.runs
        scale_work = os.path.join(work, "scale")
        if args.tiny:
            shutil.rmtree(scale_work, ignore_errors=True)
        os.makedirs(scale_work, exist_ok=True)
        lines = scale_table(newsarc, scale_work, sizes, runs, args.list_limit)
        for f in outputs:
            print("scale check: tiny text-only articles (bench/make_scale_bundle.cpp); %d runs "
                  "each, medians; %s\n" % (runs, machine), file=f)
            print("\n".join(lines) + "\n", file=f)
        if args.scale:
            return

    zim_corpus = None
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
    if os.path.exists(os.path.join(corpus, "index.html")):
        zim_corpus = corpus
        corpus = without_html(corpus, os.path.join(work, "plain"))

    header, rows = corpus_rows(corpus, zim_corpus, newsarc, out, args.runs)
    for f in outputs:
        print("%s; %d runs each, warm cache; %s\n" % (header, args.runs, machine), file=f)
        report(rows, f)
    if args.tiny:
        # The smoke run's check: every row measured newsarc.
        missing = [row.name for row in rows if "newsarc" not in row.results]
        if missing:
            sys.exit("bench: rows without newsarc: %s" % ", ".join(missing))


if __name__ == "__main__":
    main()
