#!/usr/bin/env python3
"""Articles per month and publisher, and every byline with its count, over many bundles at once,
in parallel with Dask.

    dask_archive_stats.py [--scheduler ADDRESS | --workers N] [--json]
                          [--articles-per-task N] BUNDLE_OR_URL_OR_FOLDER...

Each argument is a ``.newsarc`` file, a folder (every ``*.newsarc`` below it) or an ``http://`` /
``https://`` URL (read where it is with range requests, as ``newsarc.open`` does). Without
``--scheduler`` a ``distributed.LocalCluster`` of N worker processes runs on this machine,
listening on 127.0.0.1 only; ``--scheduler tcp://host:8786`` uses an existing cluster instead.

Nothing here assumes one machine: a task receives a bundle's path or URL and a range of article
positions, opens the bundle itself, and returns small picklable counts that are merged on the
cluster. Open bundles and file handles never travel between processes. Local paths are made
absolute, so on a cluster they must name the same file on every worker (a shared file system);
URLs need nothing shared.

The counts (docs/PYTHON.md, "Many machines (Dask)"):

- month: the year and month of the article's ``firstcreated`` as the source wrote it, in its own
  time zone (an article of 2024-03-31T23:30-05:00 counts in March, as its readers saw it); else
  of ``versioncreated``; else ``(undated)``.
- publisher: the article's own ``publisher`` field (article.json's ``publisher``, the model's
  ``Article.publisher``); ``(not stated)`` when absent or empty. The bundle's title is not
  taken for it: one bundle may hold many publishers' articles.
- bylines: every byline name exactly as written, counted once per article that carries it (the
  whole list from the article record, not the index's shortened copy).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, TypedDict

import newsarc

UNDATED = "(undated)"
NO_PUBLISHER = "(not stated)"
DEFAULT_ARTICLES_PER_TASK = 5000
_FAN_IN = 16  # partial results merged a task: a tree of merges, not one node receiving them all


class Stats(TypedDict):
    """What one task returns, and what merging gives: plain dicts, lists and Counters, so that
    they pickle alike on every machine whatever code the worker runs."""

    articles: int
    by_month_publisher: Counter[tuple[str, str]]
    bylines: Counter[str]
    errors: list[tuple[str, str]]


class Report(TypedDict):
    """The whole run: the bundles with their article counts (``None``: it did not open), and the
    merged :class:`Stats`."""

    bundles: list[tuple[str, int | None]]
    stats: Stats


def empty_stats() -> Stats:
    """Stats of nothing, the neutral element of :func:`merge_stats`."""
    # A dict literal, not Stats(...): tasks pickled by value from __main__ then carry no class.
    return {"articles": 0, "by_month_publisher": Counter(), "bylines": Counter(), "errors": []}


def is_url(source: str) -> bool:
    """Whether a source is read over HTTP rather than from a file."""
    return source.startswith(("http://", "https://"))


def expand_sources(items: Iterable[str]) -> list[str]:
    """The bundles the arguments name: URLs as given, files and the ``*.newsarc`` files below
    folders as absolute paths (workers may run elsewhere), each once, in the order given (a
    folder's in name order). Raises ``FileNotFoundError`` for a path that does not exist."""
    sources: list[str] = []
    for item in items:
        if is_url(item):
            sources.append(item)
            continue
        path = Path(item).resolve()
        if path.is_dir():
            sources.extend(str(found) for found in sorted(path.rglob("*.newsarc"))
                           if found.is_file())
        elif path.exists():
            sources.append(str(path))
        else:
            raise FileNotFoundError(f"{item}: no such file, folder or URL")
    # A bundle named twice (a file and its folder) would be counted twice.
    return list(dict.fromkeys(sources))


def identity_of(bundle: newsarc.Bundle) -> str:
    """The SHA-256 of the bundle's seal. The seal commits to every article, and a bundle
    rewritten or appended to has another: two opens that see one seal read the same articles."""
    return hashlib.sha256(bundle.seal_bytes()).hexdigest()


def count_articles(source: str) -> tuple[str, int | None, str | None, str | None]:
    """Opens a bundle (its tail alone) and gives ``(source, article count, identity, None)``, or
    ``(source, None, None, error)`` when it cannot be opened."""
    try:
        with newsarc.open(source) as bundle:
            return source, len(bundle), identity_of(bundle), None
    except (newsarc.Error, OSError) as error:
        return source, None, None, str(error)


def plan_tasks(counts: Iterable[tuple[str, int]],
               articles_per_task: int) -> list[tuple[str, int, int]]:
    """Splits each bundle into ranges ``(source, start, stop)`` of at most ``articles_per_task``
    article positions: small bundles are one task each, a big one is read by many workers."""
    if articles_per_task < 1:
        raise ValueError("articles_per_task must be at least 1")
    return [(source, start, min(start + articles_per_task, count))
            for source, count in counts
            for start in range(0, count, articles_per_task)]


def month_of(article: newsarc.Article) -> str:
    """``YYYY-MM`` of the first creation time as written, else of the version's, else
    :data:`UNDATED`. Times of the model are RFC 3339 (a date-time or a date), so the month is
    their first seven characters; no time zone conversion moves an article across months."""
    for text in (article.firstcreated, article.versioncreated):
        if text:
            return text[:7]
    return UNDATED


def publisher_of(article: newsarc.Article) -> str:
    """The article's ``publisher``, or :data:`NO_PUBLISHER`."""
    return article.publisher or NO_PUBLISHER


def byline_names(article: newsarc.Article) -> set[str]:
    """The article's byline names, each once."""
    return {byline.name for byline in article.bylines if byline.name}


def range_stats(source: str, start: int, stop: int, identity: str | None = None) -> Stats:
    """The counts of the articles at positions ``[start, stop)`` of one bundle, opened here.

    ``identity`` is what :func:`count_articles` saw (:func:`identity_of`): every task opens the
    bundle anew, maybe minutes later, and a bundle replaced in between would mix two files'
    positions; such a range is an error instead.

    Reading articles in position order decodes each cluster once (the reader keeps the last
    one); over HTTP the task fetches the bundle's tail, the index pages over its range and the
    clusters holding its articles, never images or attachments. A range that fails counts
    nothing and reports the error, so that no total holds half a range.
    """
    stats = empty_stats()
    try:
        with newsarc.open(source) as bundle:
            if identity is not None and identity_of(bundle) != identity:
                return _failed(source, start, stop,
                               "the bundle changed since its articles were counted")
            for position in range(start, stop):
                article = bundle.article(position)
                stats["by_month_publisher"][(month_of(article), publisher_of(article))] += 1
                stats["bylines"].update(byline_names(article))
                stats["articles"] += 1
    except (newsarc.Error, OSError) as error:
        return _failed(source, start, stop, str(error))
    return stats


def _failed(source: str, start: int, stop: int, error: str) -> Stats:
    stats = empty_stats()
    stats["errors"].append((f"{source} [{start}:{stop})", error))
    return stats


def merge_stats(*parts: Stats) -> Stats:
    """The sum of partial counts (associative and commutative: any merge tree gives the same)."""
    total = empty_stats()
    for part in parts:
        total["articles"] += part["articles"]
        total["by_month_publisher"].update(part["by_month_publisher"])
        total["bylines"].update(part["bylines"])
        total["errors"].extend(part["errors"])
    return total


def collect(client: Any, sources: Sequence[str],
            articles_per_task: int = DEFAULT_ARTICLES_PER_TASK) -> Report:
    """Runs the counts of ``sources`` on the cluster behind a ``distributed.Client``.

    Two rounds: each bundle's article count (one task a bundle: its tail), then one task per
    range of :func:`plan_tasks`, whose results are merged on the workers in a tree of
    :func:`merge_stats` tasks; only the final, small result comes back here.
    """
    # pure=False: a bundle may be rewritten between two runs on a long-lived cluster, so no
    # result is reused by key.
    counted = client.gather(client.map(count_articles, list(sources), pure=False))
    bundles = [(source, count) for source, count, _, _ in counted]
    identities = {source: identity for source, _, identity, _ in counted}
    open_errors = [(source, error) for source, _, _, error in counted if error is not None]
    ranges = [(source, start, stop, identities[source]) for source, start, stop
              in plan_tasks(((source, count) for source, count in bundles if count),
                            articles_per_task)]
    futures = client.map(range_stats, *zip(*ranges), pure=False) if ranges else []
    while len(futures) > 1:
        futures = [client.submit(merge_stats, *futures[i:i + _FAN_IN], pure=False)
                   for i in range(0, len(futures), _FAN_IN)]
    stats = futures[0].result() if futures else empty_stats()
    stats["errors"][:0] = open_errors
    return Report(bundles=bundles, stats=stats)


def collect_locally(sources: Sequence[str]) -> Report:
    """The same counts in this process, without Dask: one range per bundle."""
    counted = [count_articles(source) for source in sources]
    bundles = [(source, count) for source, count, _, _ in counted]
    stats = merge_stats(*(range_stats(source, 0, count, identity)
                          for source, count, identity, _ in counted if count))
    stats["errors"][:0] = [(source, error) for source, _, _, error in counted if error is not None]
    return Report(bundles=bundles, stats=stats)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client`` of the cluster at ``scheduler``, or of a new ``LocalCluster`` of
    ``workers`` single-threaded processes whose every port is on 127.0.0.1 (nothing listens
    beyond this machine), closed on leaving."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # One thread a process: the counting is Python code, which holds the GIL between reads.
    # The scheduler and each worker serve HTTP (health, metrics, a dashboard when bokeh is
    # installed) even with no dashboard address, and then on every interface: keep them on
    # loopback too.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address="127.0.0.1:0",
                      worker_dashboard_address="127.0.0.1:0") as cluster, \
            Client(cluster) as client:
        yield client


# --- Output ------------------------------------------------------------------------------------

def sorted_rows(stats: Stats) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    """Months in order (then publishers), and bylines from the most frequent (then by name)."""
    months = sorted((month, publisher, count)
                    for (month, publisher), count in stats["by_month_publisher"].items())
    bylines = sorted(stats["bylines"].items(), key=lambda item: (-item[1], item[0]))
    return months, bylines


def to_json(report: Report) -> dict[str, Any]:
    """The report as JSON values (what ``--json`` prints)."""
    stats = report["stats"]
    months, bylines = sorted_rows(stats)
    return {
        "bundles": [{"source": source, "articles": count} for source, count in report["bundles"]],
        "articles": stats["articles"],
        "months": [{"month": month, "publisher": publisher, "articles": count}
                   for month, publisher, count in months],
        "bylines": [{"name": name, "articles": count} for name, count in bylines],
        "errors": [{"source": source, "error": error} for source, error in stats["errors"]],
    }


def _width(text: str) -> int:
    """Terminal columns of a text: Korean, Chinese and Japanese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0
               if unicodedata.combining(ch) else 1 for ch in text)


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[bool]) -> str:
    cells = [list(header)] + [[str(cell) for cell in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        padded = []
        for cell, width, right in zip(row, widths, numeric):
            gap = " " * (width - _width(cell))
            padded.append(gap + cell if right else cell + gap)
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def to_text(report: Report) -> str:
    """The report as readable tables."""
    stats = report["stats"]
    months, bylines = sorted_rows(stats)
    opened = sum(1 for _, count in report["bundles"] if count is not None)
    parts = [f"{stats['articles']} articles in {opened} bundle"
             f"{'' if opened == 1 else 's'}"
             + (f", {len(stats['errors'])} error(s)" if stats["errors"] else ""),
             "",
             "Articles per month and publisher",
             _table(("month", "publisher", "articles"), months, (False, False, True)),
             "",
             f"Bylines ({len(bylines)})",
             _table(("articles", "byline"), ((count, name) for name, count in bylines),
                    (True, False))]
    if stats["errors"]:
        # The library's messages name the file already; a range's label adds the positions.
        parts += ["", "Errors"] + [error if error.startswith(source) else f"{source}: {error}"
                                   for source, error in stats["errors"]]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; exit status 0, 1 when a bundle or range failed, 2 for bad arguments."""
    parser = argparse.ArgumentParser(
        description="Articles per month and publisher, and bylines, over many .newsarc bundles "
                    "in parallel with Dask.")
    parser.add_argument("sources", nargs="+", metavar="BUNDLE_OR_URL_OR_FOLDER",
                        help="a .newsarc file, a folder of them (searched recursively) or an "
                             "http(s) URL")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="an existing Dask scheduler, e.g. tcp://host:8786")
    # default=None, not 2: argparse takes "--workers 2" for the default (the same int object)
    # and would not see it clash with --scheduler.
    where.add_argument("--workers", type=int, metavar="N",
                       help="worker processes of the local cluster (default: 2)")
    parser.add_argument("--articles-per-task", type=int, default=DEFAULT_ARTICLES_PER_TASK,
                        metavar="N", help="largest range of articles one task reads "
                                          f"(default: {DEFAULT_ARTICLES_PER_TASK})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args(argv)
    if args.workers is None:
        args.workers = 2
    if args.workers < 1 or args.articles_per_task < 1:
        parser.error("--workers and --articles-per-task take a number of at least 1")
    try:
        sources = expand_sources(args.sources)
    except FileNotFoundError as error:
        parser.error(str(error))
    if not sources:
        parser.error("no .newsarc bundle found in the arguments")

    with dask_client(args.scheduler, args.workers) as client:
        report = collect(client, sources, args.articles_per_task)
    if args.json:
        json.dump(to_json(report), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(to_text(report))
    return 1 if report["stats"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
