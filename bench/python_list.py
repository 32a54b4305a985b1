#!/usr/bin/python3
"""Iterating a bundle's article summaries from Python against `newsarc list --json`, same
bundle, same machine, same run (issue 18: within 3x of the tool).

A bundle of N tiny articles is written by make_scale_bundle (once; kept in --work), then each
row runs as a whole process several times on a warm page cache; the table prints the median,
the min-max range, peak memory (GNU time, one more run) and the ratio row / `newsarc list
--json`. The Python rows also print the time spent iterating alone, measured inside the process
(without interpreter start-up and import). Standard library only.

  /usr/bin/python3 bench/python_list.py                      # 100,000 articles, 5 runs
  /usr/bin/python3 bench/python_list.py --articles 1000000 --runs 3
  /usr/bin/python3 bench/python_list.py --articles 1000 --runs 1   # smoke run (ctest)
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Each Python row prints the seconds its loop took on stderr's last line.
ITERATE = """
import sys, time, newsarc
start = time.perf_counter()
with newsarc.open(sys.argv[1]) as bundle:
    count = 0
    for summary in bundle:
        count += 1
assert count == int(sys.argv[2]), count
print(time.perf_counter() - start, file=sys.stderr)
"""
TOUCH = """
import sys, time, newsarc
start = time.perf_counter()
with newsarc.open(sys.argv[1]) as bundle:
    size = 0
    for s in bundle:
        size += len(s.id) + len(s.headline) + len(s.bylines) + s.content_size
        s.firstcreated
print(time.perf_counter() - start, file=sys.stderr)
"""


def run(cmd, env=None, wrap=()):
    """Wall seconds of one run of cmd, and its stderr, which must succeed."""
    start = time.perf_counter()
    r = subprocess.run(list(wrap) + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=env)
    seconds = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit("python_list: failed (%d): %s\n%s" % (r.returncode, " ".join(cmd),
                                                       r.stderr.decode(errors="replace")))
    return seconds, r.stderr.decode()


def peak_kib(cmd, env):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        run(cmd, env, ["/usr/bin/time", "-f", "%M", "-o", t.name])
        lines = [l for l in open(t.name).read().split("\n") if l.strip().isdigit()]
        return int(lines[-1]) if lines else 0


def measure(cmd, runs, env):
    """Median and range of the wall time, the median in-process loop time when the command
    prints one, and the peak memory."""
    walls, loops = [], []
    for _ in range(runs):
        seconds, err = run(cmd, env)
        walls.append(seconds)
        last = err.strip().split("\n")[-1] if err.strip() else ""
        if last.replace(".", "", 1).replace("e-", "", 1).isdigit():
            loops.append(float(last))
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "loop": statistics.median(loops) if loops else None,
            "memory": peak_kib(cmd, env)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"),
                        help="build folder with newsarc, make_scale_bundle and python/")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--work", default=tempfile.gettempdir())
    a = parser.parse_args()

    tool = os.path.join(a.build, "newsarc")
    bundle = os.path.join(a.work, "python-list-%d.newsarc" % a.articles)
    if not os.path.exists(bundle):
        subprocess.run([os.path.join(a.build, "make_scale_bundle"), str(a.articles), bundle],
                       check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, PYTHONPATH=os.path.join(a.build, "python"))
    run([tool, "list", "--json", bundle], env)  # warm the page cache
    rows = [
        ("newsarc list --json > /dev/null", [tool, "list", "--json", bundle]),
        ("python: for summary in bundle", [a.python, "-c", ITERATE, bundle, str(a.articles)]),
        ("python: same, reading 5 fields", [a.python, "-c", TOUCH, bundle]),
        ("python: start-up and import only", [a.python, "-c", "import newsarc"]),
    ]
    results = [(name, measure(cmd, a.runs, env)) for name, cmd in rows]
    base = results[0][1]["median"]
    print("%s articles, %d runs each, medians (min-max); ratio to newsarc list --json"
          % (format(a.articles, ","), a.runs))
    print("%-36s %10s %19s %12s %10s %7s" % ("", "wall", "range", "in-process", "peak", "ratio"))
    for name, r in results:
        loop = "%.3f s" % r["loop"] if r["loop"] is not None else "-"
        print("%-36s %8.3f s %8.3f-%.3f s %12s %7d MiB %6.2fx" % (
            name, r["median"], r["min"], r["max"], loop, r["memory"] // 1024,
            r["median"] / base))


if __name__ == "__main__":
    main()
