"""examples/dask_archive_stats.py on a LocalCluster of 2 processes on 127.0.0.1: three bundles
packed here (a file, a folder below a folder, and a URL served by range_server.py), read in ranges
of a few articles by the workers, give exactly the counts a plain loop in this process gives and
the counts the packed dicts imply; the script itself, run once with --json, prints the same."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import newsarc
from conftest import SAMPLES, SOURCE

pytest.importorskip("dask", reason="Dask (Debian's python3-dask) is not installed")
pytest.importorskip("distributed",
                    reason="Dask's distributed scheduler (python3-distributed) is not installed")

EXAMPLE = SOURCE / "examples" / "dask_archive_stats.py"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                   "ALL_PROXY")


def load_example():
    spec = importlib.util.spec_from_file_location("dask_archive_stats", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


stats_example = load_example()

MANY_BYLINES = [f"Reporter {n:02d}" for n in range(20)]  # past the index's 16 names
LONG_BYLINE = "Kim " + "가" * 120                          # 364 bytes: past the index's 256


def article(uri: str, **fields) -> dict:
    return {"uri": uri, "headline": uri.rsplit(":", 1)[-1], "body": ["Text."], **fields}


def first_articles() -> list[dict]:
    """The edge cases: no publisher, an empty one, versioncreated alone, no date at all, a zone
    that puts the UTC time in the next month, a byline named twice in one article, more bylines
    and longer ones than the index keeps."""
    return [
        article("urn:t:1:a", publisher="Busan Daily", firstcreated="2024-03-31T23:30:00-05:00",
                bylines=["Kim Min-ji", "Kim Min-ji", "Lee Ji-woo"]),
        article("urn:t:1:b", versioncreated="2024-04-02T08:00:00Z", bylines=["Lee Ji-woo"]),
        article("urn:t:1:c", publisher="", bylines=[]),
        article("urn:t:1:d", publisher="Busan Daily", firstcreated="2024-03-05",
                versioncreated="2024-05-01T00:00:00Z", bylines=MANY_BYLINES + [LONG_BYLINE]),
    ]


def second_articles() -> list[dict]:
    return [article(f"urn:t:2:{n}", publisher=("Busan Daily", "Seoul Times")[n % 2],
                    firstcreated=f"2023-{1 + n % 3:02d}-1{n}T09:00:00+09:00",
                    bylines=[{"name": "Kim Min-ji", "role": "기자"}] + ["Park Hye-jin"] * (n % 2))
            for n in range(7)]


def third_articles() -> list[dict]:
    return [article(f"urn:t:3:{n}", publisher="Seoul Times", firstcreated="2023-02-01",
                    bylines=["Park Hye-jin"]) for n in range(3)]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, Path]:
    """Three bundles: the sample article folders with the edge cases, 7 articles to
    serve over HTTP, and 3 in a folder below a folder; and a file that is not a bundle."""
    root = tmp_path_factory.mktemp("dask")
    paths = {"first": root / "local" / "first.newsarc",
             "second": root / "site" / "second.newsarc",
             "third": root / "local" / "more" / "third.newsarc",
             "broken": root / "broken" / "broken.newsarc"}
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    newsarc.pack(paths["first"], [SAMPLES, *first_articles()], jobs=1)
    newsarc.pack(paths["second"], second_articles(), jobs=1)
    newsarc.pack(paths["third"], third_articles(), jobs=1)
    paths["broken"].write_bytes(b"not a bundle" * 100)
    return paths


@pytest.fixture(scope="module")
def clean_environment():
    """No proxy: the workers and the script reach 127.0.0.1 and nothing else."""
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXY_VARIABLES:
            patch.delenv(name, raising=False)
        patch.setenv("no_proxy", "127.0.0.1")
        patch.setenv("NO_PROXY", "127.0.0.1")
        yield


@pytest.fixture(scope="module")
def server(bundles, tmp_path_factory, clean_environment) -> str:
    """The URL prefix under which range_server.py serves the "site" folder on 127.0.0.1."""
    state = tmp_path_factory.mktemp("server")
    port_file = state / "port"
    process = subprocess.Popen(
        [sys.executable, str(SOURCE / "tests/support/remote/range_server.py"), "--folder",
         str(bundles["second"].parent), "--port-file", str(port_file), "--log",
         str(state / "log")])
    try:
        for _ in range(100):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port_file.read_text()}/files"
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(scope="module")
def client(clean_environment):
    """A LocalCluster of 2 worker processes, with the example module uploaded to them as one
    would to a remote cluster (its functions are pickled by reference to it)."""
    with stats_example.dask_client(workers=2) as dask_client:
        assert dask_client.scheduler.address.startswith("tcp://127.0.0.1:")
        assert all(address.startswith("tcp://127.0.0.1:")
                   for address in dask_client.scheduler_info()["workers"])
        dask_client.upload_file(str(EXAMPLE))
        yield dask_client


@pytest.fixture(scope="module")
def sources(bundles, server) -> list[str]:
    """A folder (holding first and, one level down, third) and a URL (second)."""
    return stats_example.expand_sources([str(bundles["first"].parent),
                                         f"{server}/second.newsarc"])


def plain_counts(sources: list[str]) -> tuple[int, Counter, Counter]:
    """The counts by a loop in this process over every article of every bundle, written from the
    rules in the example's docstring, not with its functions."""
    months, bylines, total = Counter(), Counter(), 0
    for source in sources:
        with newsarc.open(source) as bundle:
            for summary in bundle:
                item = bundle.article(summary.id)
                when = item.firstcreated or item.versioncreated
                months[(when[:7] if when else "(undated)", item.publisher or "(not stated)")] += 1
                bylines.update(set(byline.name for byline in item.bylines))
                total += 1
    return total, months, bylines


def test_the_local_cluster_listens_on_loopback_alone(client):
    import psutil  # a dependency of distributed

    this = psutil.Process()
    processes = [this, *this.children(recursive=True)]
    worker_pids = set(client.run(os.getpid).values())
    assert len(worker_pids) == 2 and worker_pids <= {process.pid for process in processes}
    listening = [connection.laddr for process in processes
                 for connection in process.connections(kind="inet")
                 if connection.status == psutil.CONN_LISTEN]
    assert listening and {address.ip for address in listening} == {"127.0.0.1"}


def test_sources_are_found_once_with_absolute_paths(bundles, server, sources, monkeypatch):
    url = f"{server}/second.newsarc"
    assert sources == [str(bundles["first"]), str(bundles["third"]), url]
    monkeypatch.chdir(bundles["first"].parent)
    assert stats_example.expand_sources(["first.newsarc", ".", url, url]) == sources
    with pytest.raises(FileNotFoundError, match="missing.newsarc"):
        stats_example.expand_sources(["missing.newsarc"])


def test_big_bundles_are_split_in_ranges():
    assert stats_example.plan_tasks([("a", 5), ("b", 2), ("c", 0)], 2) == [
        ("a", 0, 2), ("a", 2, 4), ("a", 4, 5), ("b", 0, 2)]
    assert stats_example.plan_tasks([("a", 5)], 10) == [("a", 0, 5)]
    with pytest.raises(ValueError):
        stats_example.plan_tasks([("a", 5)], 0)


def test_the_cluster_counts_what_one_process_counts(client, sources):
    total, months, bylines = plain_counts(sources)
    for articles_per_task in (1, 3, 1000):
        report = stats_example.collect(client, sources, articles_per_task)
        stats = report["stats"]
        assert stats["errors"] == []
        assert stats["articles"] == total
        assert stats["by_month_publisher"] == months
        assert stats["bylines"] == bylines
    assert stats_example.collect_locally(sources)["stats"] == stats

    # What the packed dicts imply, whatever the reading: months as written (not UTC), the
    # publisher of the article, every byline of the record, each once per article.
    assert [count for _, count in report["bundles"]] == [
        len(first_articles()) + 2, len(third_articles()), len(second_articles())]
    assert months[("2024-03", "Busan Daily")] == 2
    assert months[("2024-04", "(not stated)")] == 1
    assert months[("(undated)", "(not stated)")] == 1
    assert months[("2023-01", "Busan Daily")] == 2 and months[("2023-01", "Seoul Times")] == 1
    assert months[("2023-02", "Seoul Times")] == 3 + 1 and months[("2023-02", "Busan Daily")] == 1
    assert months[("2019-06", "The Korea Defense Daily")] == 1
    assert bylines["Kim Min-ji"] == 1 + 7
    assert bylines["Lee Ji-woo"] == 2
    assert bylines["Park Hye-jin"] == 3 + 3
    assert all(bylines[name] == 1 for name in MANY_BYLINES + [LONG_BYLINE])


def test_a_bundle_that_fails_is_reported_and_the_others_counted(client, bundles, server):
    sources = [str(bundles["third"]), str(bundles["broken"]), f"{server}/absent.newsarc"]
    report = stats_example.collect(client, sources, 2)
    assert report["bundles"] == [(sources[0], 3), (sources[1], None), (sources[2], None)]
    assert report["stats"]["articles"] == 3
    assert [source for source, _ in report["stats"]["errors"]] == sources[1:]
    assert "404" in report["stats"]["errors"][1][1]
    text = stats_example.to_text(report)
    assert text.startswith("3 articles in 1 bundle, 2 error(s)")
    assert "2023-02  Seoul Times         3" in text


def test_a_bundle_replaced_between_tasks_is_an_error_not_a_mix(tmp_path):
    path = tmp_path / "changing.newsarc"
    newsarc.pack(path, third_articles(), jobs=1)
    source, count, identity, error = stats_example.count_articles(str(path))
    assert (count, error) == (3, None)
    assert stats_example.range_stats(source, 0, 3, identity)["articles"] == 3
    newsarc.pack(path, second_articles(), jobs=1, overwrite=True)  # renamed into place
    stats = stats_example.range_stats(source, 0, 3, identity)
    assert stats["articles"] == 0 and stats["bylines"] == Counter()
    assert stats["errors"] == [(f"{source} [0:3)",
                                "the bundle changed since its articles were counted")]


def test_the_script_prints_the_counts_as_json(sources, clean_environment):
    total, months, bylines = plain_counts(sources)
    run = subprocess.run([sys.executable, str(EXAMPLE), "--workers", "2", "--json",
                          "--articles-per-task", "2", *sources],
                         capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    assert printed["articles"] == total
    assert {(row["month"], row["publisher"]): row["articles"]
            for row in printed["months"]} == months
    assert {row["name"]: row["articles"] for row in printed["bylines"]} == bylines
    assert [row["source"] for row in printed["bundles"]] == sources
    assert printed["errors"] == []
    # Bylines from the most frequent, then by name.
    assert printed["bylines"][0] == {"name": "Kim Min-ji", "articles": 8}


def test_main_uses_a_running_cluster_with_scheduler(client, sources, capsys):
    total, months, _ = plain_counts(sources)
    address = client.scheduler.address
    assert stats_example.main(["--scheduler", address, "--articles-per-task", "4",
                               *sources]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{total} articles in 3 bundles\n")
    assert re.search(rf"^2023-01 +Busan Daily +{months[('2023-01', 'Busan Daily')]}$", text,
                     re.MULTILINE)
    assert re.search(r"^ +8  Kim Min-ji$", text, re.MULTILINE)
    with pytest.raises(SystemExit):
        stats_example.main(["--scheduler", address, "--workers", "2", *sources])
