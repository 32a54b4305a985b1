"""Remote bundles: an http:// URL read with range requests from range_server.py (the remote
reading tests' server, tests/support/remote) on 127.0.0.1, started and stopped here: the same
articles and bytes as the local file, verification, and each server fault as newsarc.IOError."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import newsarc
from conftest import SOURCE


@pytest.fixture(scope="module")
def server(tmp_path_factory, bundle_path):
    """The folder's URL prefix: /files/NAME and the fault modes range_server.py lists."""
    folder = tmp_path_factory.mktemp("site")
    shutil.copy(bundle_path, folder / "b.newsarc")
    state = tmp_path_factory.mktemp("server")
    port_file = state / "port"
    env = dict(os.environ, no_proxy="127.0.0.1", NO_PROXY="127.0.0.1")
    process = subprocess.Popen(
        [sys.executable, str(SOURCE / "tests/support/remote/range_server.py"), "--folder",
         str(folder), "--port-file", str(port_file), "--log", str(state / "log")], env=env)
    try:
        for _ in range(100):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.1)
        url = f"http://127.0.0.1:{port_file.read_text()}"
        yield url
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")


def requests_so_far(server: str) -> int:
    with urllib.request.urlopen(f"{server}/count") as answer:
        return int(answer.read())


def test_a_url_reads_as_the_local_file(server, bundle_path):
    url = f"{server}/files/b.newsarc"
    with newsarc.open(bundle_path) as local, newsarc.open(url) as remote:
        assert remote.name == url
        assert len(remote) == len(local)
        assert list(remote) == list(local)
        for summary in local:
            article = remote.article(summary.id)
            assert article == local.article(summary.id)
            for item in article.images + article.attachments:
                assert remote.read(item) == local.read(item)
                with remote.open_content(item) as stream:
                    assert stream.read() == local.read(item)


def test_one_article_costs_a_few_requests(server, bundle_path):
    before = requests_so_far(server)
    with newsarc.open(f"{server}/files/b.newsarc") as remote:
        remote.article(remote.summary(0).id)
    assert requests_so_far(server) - before <= 4


def test_verify_a_url(server, keys):
    url = f"{server}/files/b.newsarc"
    assert newsarc.verify(url, keys.public).ok
    assert newsarc.verify(url, keys.public, quick=True).ok
    with newsarc.open(url) as remote:
        assert remote.verify(keys.public).ok
    other = newsarc.generate_keypair()
    assert not newsarc.verify(url, other.public, quick=True).ok


@pytest.mark.parametrize("path, message", [
    ("/norange/b.newsarc", "does not answer range requests"),
    ("/files/none.newsarc", "HTTP status 404"),
    ("/status500/b.newsarc", "HTTP status 500"),
    ("/drop/b.newsarc", "after 3 attempts"),
])
def test_server_faults_are_io_errors(server, path, message):
    with pytest.raises(newsarc.IOError, match=message) as caught:
        newsarc.open(server + path)
    assert caught.value.file == server + path
    with pytest.raises(newsarc.IOError, match=message):
        newsarc.verify(server + path)


def test_a_file_changed_on_the_server_is_never_mixed(server, bundle_path):
    assert bundle_path.stat().st_size > 128 << 10  # more than the first request brings
    url = f"{server}/changing/b.newsarc"
    with pytest.raises(newsarc.IOError, match="changed on the server"):
        newsarc.verify(url, quick=True)
    with pytest.raises(newsarc.IOError, match="changed on the server"):
        with newsarc.open(url) as remote:
            for summary in remote:
                for item in remote.article(summary.id).images:
                    remote.read(item)


def test_a_url_is_not_a_path(tmp_path):
    with pytest.raises(newsarc.IOError):
        newsarc.open("http://127.0.0.1:9/none.newsarc")
    assert not Path("http:").exists()
