"""Reading: every field comes back exactly as packed, summaries agree with the tool, content as
bytes and as files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess

import pytest

import newsarc
from conftest import full_article

ID = "urn:newsarc:test:2024-03-01:전체"


def test_every_field_round_trips_exactly(bundle_path, photo, pdf):
    expected = newsarc.article_from_dict(full_article(photo, pdf))
    with newsarc.open(bundle_path) as bundle:
        article = bundle.article(ID)
    assert article.uri == ID and article.id == ID
    assert article.headline == "부산–제주 여객선\u00a0운항 재개  🌼"
    assert article.subheadlines == ["첫째 부제", "\u1100\u1161 decomposed", ""]
    assert article.usageterms == "tests only\r\n"
    assert article.versioncreated == "2024-03-02T08:00:00Z"
    assert article.bylines == [newsarc.Byline("김민지", "minji@example.kr", "기자"),
                               newsarc.Byline("Lee Ji-woo")]
    assert list(article.extra.items()) == [("z-last", "first in order"), ("a-first", "second")]
    assert article.body == [newsarc.Paragraph("첫 문단."), newsarc.Heading("승객 안내", 3),
                            newsarc.Quote("정상 운항", "부산항만공사"), newsarc.ImageBlock(0),
                            newsarc.AttachmentBlock(0), newsarc.Paragraph("마지막 문단 ")]
    # Every field but the content, which the reader gives as where the bytes are.
    for item in article.images + article.attachments:
        assert isinstance(item.content, newsarc.Content)
        item.content = b""
    for item in expected.images + expected.attachments:
        item.content = b""
    assert article == expected


def test_times_parse_without_changing_the_text(bundle_path):
    with newsarc.open(bundle_path) as bundle:
        article = bundle.article(ID)
        alliance = bundle.article("urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance")
    assert article.firstcreated == "2024-03-01T12:10:00+09:00"
    assert article.firstcreated_at == dt.datetime(2024, 3, 1, 3, 10, tzinfo=dt.timezone.utc)
    assert article.firstcreated_at.utcoffset() == dt.timedelta(hours=9)
    assert alliance.firstcreated == "2019-06-30"
    assert alliance.firstcreated_at == dt.date(2019, 6, 30)
    assert not isinstance(alliance.firstcreated_at, dt.datetime)
    assert alliance.versioncreated is None and alliance.versioncreated_at is None
    assert newsarc.parse_time("2016-12-31T23:59:60Z") is None


def test_summaries_agree_with_the_articles(bundle_path):
    with newsarc.open(bundle_path) as bundle:
        summaries = list(bundle)
        assert len(summaries) == len(bundle) == 3
        assert [s.id for s in summaries] == sorted(s.id for s in summaries)
        for index, summary in enumerate(summaries):
            article = bundle.article(index)
            assert summary.id == article.uri
            assert summary.headline == article.headline and not summary.headline_cut
            assert summary.firstcreated == article.firstcreated
            assert list(summary.bylines) == [b.name for b in article.bylines]
            assert summary.image_count == len(article.images)
            assert summary.attachment_count == len(article.attachments)
            assert bundle.summary(index) == summary
        assert list(bundle.summaries(2)) == summaries[2:]
        assert list(bundle.summaries(3)) == []


def test_summaries_match_newsarc_list_json(bundle_path, tool):
    if tool is None:
        pytest.skip("NEWSARC_TOOL is set by ctest")
    output = subprocess.run([tool, "list", "--json", str(bundle_path)], check=True,
                            capture_output=True).stdout.decode()
    rows = [json.loads(line) for line in output.splitlines()]
    with newsarc.open(bundle_path) as bundle:
        ours = [{"id": s.id, "headline": s.headline, "bylines": list(s.bylines),
                 "images": s.image_count, "attachments": s.attachment_count,
                 "size": s.content_size} for s in bundle]
    theirs = [{key: row[key] for key in ("id", "headline", "bylines", "images", "attachments",
                                         "size")} for row in rows]
    assert ours == theirs


def test_find_get_contains(bundle_path):
    with newsarc.open(bundle_path) as bundle:
        index = bundle.find(ID)
        assert index is not None and bundle.summary(index).id == ID
        assert ID in bundle and "urn:none" not in bundle and 3 not in bundle
        assert bundle.find("urn:none") is None
        assert bundle.get("urn:none") is None
        assert bundle.get(ID) == bundle.article(index)


def test_content_as_bytes_and_as_files(bundle_path, photo, pdf):
    with newsarc.open(bundle_path) as bundle:
        article = bundle.article(ID)
        image, attachment = article.images[0], article.attachments[0]
        assert not image.content.compressed and attachment.content.compressed
        assert bundle.read(image) == photo
        assert bundle.read(attachment.content) == pdf
        assert image.content.digest == hashlib.sha256(photo).digest()
        for item, data in ((image, photo), (attachment, pdf)):
            with bundle.open_content(item) as file:
                assert isinstance(file, io.BufferedReader)
                assert file.read(10) == data[:10]
                file.seek(-100, io.SEEK_END)
                assert file.read() == data[-100:]
                file.seek(1000)
                assert file.read(4096) == data[1000:5096]
                assert file.tell() == 5096


def test_read_one_image_makes_one_bytes_object_of_its_size(bundle_path, photo):
    import tracemalloc
    with newsarc.open(bundle_path) as bundle:
        image = bundle.article(ID).images[0]
        tracemalloc.start()
        data = bundle.read(image)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert data == photo
    assert peak < len(photo) + 4096  # the bytes object, nothing of the same size beside it


def test_bytes_and_earlier_reads_outlive_close(bundle_path, photo):
    data = bundle_path.read_bytes()
    bundle = newsarc.Bundle.from_bytes(bytearray(data), name="in memory")
    assert bundle.name == "in memory" and len(bundle) == 3
    image = bundle.article(ID).images[0]
    stream = bundle.open_content(image)
    bundle.close()
    assert stream.read() == photo
    with pytest.raises(ValueError, match="closed"):
        bundle.read(image)


def test_context_manager_closes(bundle_path):
    with newsarc.open(bundle_path) as bundle:
        assert not bundle.closed
    assert bundle.closed
    assert "closed" in repr(bundle)
    for call in (lambda: len(bundle), lambda: list(bundle), lambda: bundle.article(0),
                 lambda: bundle.info):
        with pytest.raises(ValueError):
            call()


def test_bundle_information_signatures_and_history(bundle_path, keys):
    with newsarc.open(bundle_path) as bundle:
        info = bundle.info
        assert info.title == "newsarc tests" and info.article_count == 3
        assert info.format_major == 2 and info.file_size == bundle_path.stat().st_size
        assert isinstance(info.created_at, dt.datetime)
        [signature] = bundle.signatures
        assert signature.algorithm == "ed25519" and signature.key_id == keys.public.key_id
        assert f"signer:key {keys.public.key_id}" in signature.trusted_comment
        assert bundle.timestamps == []
        [state] = bundle.history()
        assert state.sequence == 0 and state.article_count == 3 and len(state.seal_digest) == 64
        assert bundle.at_state(0).info.bundle_id == info.bundle_id
        with pytest.raises(newsarc.NotFound):
            bundle.at_state(1)
        assert [v.version for v in bundle.versions(ID)] == [1]
        assert bundle.versions("urn:none") == []
        assert "struct Seal" in bundle.schema_text()
        assert len(bundle.seal_bytes()) > 0


def test_extract_writes_an_article_folder(bundle_path, tmp_path, photo):
    with newsarc.open(bundle_path) as bundle:
        bundle.extract(ID, tmp_path / "out")
        assert (tmp_path / "out" / "ferry.jpg").read_bytes() == photo
        folder = json.loads((tmp_path / "out" / "article.json").read_text(encoding="utf-8"))
        assert folder["headline"] == "부산–제주 여객선\u00a0운항 재개  🌼"
        with pytest.raises(newsarc.NotFound):
            bundle.extract("urn:none", tmp_path / "none")


def test_iteration_across_batches(bundle_path, monkeypatch):
    from newsarc import _bundle
    with newsarc.open(bundle_path) as bundle:
        whole = list(bundle)
        for batch in (1, 2):
            monkeypatch.setattr(_bundle, "_BATCH", batch)
            assert list(bundle) == whole
            assert list(bundle.summaries(1)) == whole[1:]


def test_threads_read_one_bundle(bundle_path, photo):
    from concurrent.futures import ThreadPoolExecutor
    with newsarc.open(bundle_path) as bundle:
        def work(_: int) -> tuple:
            article = bundle.article(ID)
            return [s.id for s in bundle], article, bundle.read(article.images[0])
        results = list(ThreadPoolExecutor(4).map(work, range(16)))
    assert all(result == results[0] for result in results)
    assert results[0][2] == photo


def test_history_of_an_appended_bundle(tmp_path, tool):
    if tool is None:
        pytest.skip("NEWSARC_TOOL is set by ctest")
    path = tmp_path / "appended.newsarc"
    newsarc.pack(path, [{"uri": "urn:x:1", "headline": "first"}])
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "article.json").write_text(json.dumps({"uri": "urn:x:1", "headline": "second"}),
                                        encoding="utf-8")
    subprocess.run([tool, "append", str(path), str(newer)], check=True, capture_output=True)
    with newsarc.open(path) as bundle:
        assert [state.sequence for state in bundle.history()] == [0, 1]
        assert bundle.info.state == 1
        assert [(v.version, v.headline) for v in bundle.versions("urn:x:1")] == [
            (1, "first"), (2, "second")]
        assert bundle.article("urn:x:1").headline == "second"
        with bundle.at_state(0) as first:
            assert first.article("urn:x:1").headline == "first"


@pytest.mark.parametrize("folder", ["busan-ferries", "seed-article"])
def test_sample_folders_come_back_as_their_article_json(tmp_path, folder):
    from conftest import SAMPLES
    source = SAMPLES / folder
    expected = newsarc.article_from_dict(
        json.loads((source / "article.json").read_text(encoding="utf-8")), base=str(source))
    newsarc.pack(tmp_path / "one.newsarc", [source])
    with newsarc.open(tmp_path / "one.newsarc") as bundle:
        article = bundle.article(0)
        for item in article.images + article.attachments:
            item.content = bundle.read(item)
    assert article == expected
