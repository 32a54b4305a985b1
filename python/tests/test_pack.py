"""Writing: from article folders, dicts and Article objects; refusals name what is wrong; keys."""

from __future__ import annotations

import subprocess

import pytest

import newsarc
from conftest import SAMPLES


def test_folders_pack_as_the_tool_packs_them(tmp_path, tool):
    ours = tmp_path / "ours.newsarc"
    assert newsarc.pack(ours, [SAMPLES], reproducible=True) == 2
    if tool is None:
        pytest.skip("NEWSARC_TOOL is set by ctest")
    theirs = tmp_path / "theirs.newsarc"
    subprocess.run([tool, "pack", str(SAMPLES / "busan-ferries"), str(SAMPLES / "seed-article"),
                    "-o", str(theirs), "--reproducible"], check=True, capture_output=True)
    with newsarc.open(ours) as a, newsarc.open(theirs) as b:
        assert [a.article(i) for i in range(len(a))] == [b.article(i) for i in range(len(b))]


def test_articles_read_pack_again(tmp_path, bundle_path):
    with newsarc.open(bundle_path) as bundle:
        articles = [bundle.article(i) for i in range(len(bundle))]
        for article in articles:
            for item in article.images + article.attachments:
                item.content = bundle.read(item)
    assert newsarc.pack(tmp_path / "again.newsarc", articles) == len(articles)
    with newsarc.open(tmp_path / "again.newsarc") as again:
        for before in articles:
            after = again.article(before.uri)
            for item in after.images + after.attachments:
                item.content = again.read(item)
            assert after == before


def test_an_invalid_article_names_its_field(tmp_path):
    with pytest.raises(newsarc.InvalidArgument, match="firstcreated"):
        newsarc.pack(tmp_path / "bad.newsarc", [{"uri": "u", "headline": "h",
                                                 "firstcreated": "yesterday"}])
    with pytest.raises(newsarc.InvalidArgument, match="unknown field"):
        newsarc.pack(tmp_path / "bad.newsarc", [{"uri": "u", "headline": "h", "title": "t"}])
    assert not (tmp_path / "bad.newsarc").exists()


def test_an_existing_file_is_kept_unless_overwrite(tmp_path):
    path = tmp_path / "b.newsarc"
    path.write_bytes(b"keep")
    with pytest.raises(newsarc.IOError):
        newsarc.pack(path, [{"uri": "u", "headline": "h"}])
    assert path.read_bytes() == b"keep"
    newsarc.pack(path, [{"uri": "u", "headline": "h"}], overwrite=True)
    assert len(newsarc.open(path)) == 1


def test_key_files_with_a_password(tmp_path):
    pair = newsarc.generate_keypair()
    pair.secret.save(tmp_path / "k.key", password="correct horse")
    with pytest.raises(newsarc.BadSignature):
        newsarc.SecretKey.load(tmp_path / "k.key", password="wrong")
    with pytest.raises(newsarc.InvalidArgument, match="password"):
        newsarc.SecretKey.load(tmp_path / "k.key")
    asked = []
    loaded = newsarc.SecretKey.load(tmp_path / "k.key",
                                    lambda: asked.append(1) or "correct horse")
    assert loaded.key_id == pair.secret.key_id and asked == [1]
    loaded.save(tmp_path / "plain.key", password=None)  # as `minisign -W`: no scrypt to wait for
    path = tmp_path / "signed.newsarc"
    newsarc.pack(path, [{"uri": "u", "headline": "h"}], sign=tmp_path / "plain.key",
                 signer="the archive")
    with newsarc.open(path) as bundle:
        assert bundle.verify(pair.public).ok
        assert "signer:the archive" in bundle.signatures[0].trusted_comment
