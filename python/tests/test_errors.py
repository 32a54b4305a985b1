"""Hostile input and errors: a damaged bundle is a newsarc.Error with its code, file and offset,
never a crash."""

from __future__ import annotations

import random

import pytest

import newsarc


def test_every_code_has_its_class():
    assert [newsarc.error_class(code).__name__ for code in newsarc.ErrorCode] == [
        "Corruption", "BadSignature", "Unsupported", "InvalidArgument", "IOError", "NotFound",
        "LimitExceeded"]
    assert issubclass(newsarc.NotFound, LookupError)
    assert issubclass(newsarc.InvalidArgument, ValueError)
    assert issubclass(newsarc.IOError, OSError)
    assert newsarc.error_class(99) is newsarc.Error


def test_a_missing_file_is_an_io_error(tmp_path):
    with pytest.raises(newsarc.IOError) as caught:
        newsarc.open(tmp_path / "none.newsarc")
    assert caught.value.code == newsarc.ErrorCode.IO_ERROR
    assert caught.value.file == str(tmp_path / "none.newsarc")
    assert str(caught.value).startswith(str(tmp_path / "none.newsarc"))


def test_truncated_bundles_are_errors(bundle_path):
    data = bundle_path.read_bytes()
    for size in (0, 10, 31, 32, 100, len(data) // 2, len(data) - 1):
        with pytest.raises(newsarc.Error) as caught:
            newsarc.Bundle.from_bytes(data[:size], name="cut")
        assert caught.value.code in (newsarc.ErrorCode.CORRUPTION, newsarc.ErrorCode.NOT_FOUND)
        assert caught.value.file == "cut"


def test_random_bytes_and_flipped_bytes_never_crash(bundle_path):
    data = bundle_path.read_bytes()
    rng = random.Random(18)
    with pytest.raises(newsarc.Corruption):
        newsarc.Bundle.from_bytes(bytes(rng.getrandbits(8) for _ in range(4096)))
    for _ in range(150):
        changed = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            changed[rng.randrange(len(changed))] = rng.getrandbits(8)
        try:
            with newsarc.Bundle.from_bytes(changed) as bundle:
                for summary in bundle:
                    article = bundle.article(summary.id)
                    for item in article.images + article.attachments:
                        bundle.read(item)
        except newsarc.Error as error:
            assert str(error) and isinstance(error.code, int)


def test_an_altered_content_object_is_refused(bundle_path):
    import dataclasses
    with newsarc.open(bundle_path) as bundle:
        article = bundle.article("urn:newsarc:test:2024-03-01:전체")
        for content in (article.images[0].content, article.attachments[0].content):
            for change in ({"offset": 0}, {"offset": 1 << 40}, {"offset": content.offset + 1},
                           {"size": 0}, {"size": content.size + 1}, {"size": 1 << 30},
                           {"stored_size": content.stored_size - 1}, {"stored_size": 1 << 40},
                           {"compressed": not content.compressed}, {"digest": bytes(32)},
                           {"stored_digest": bytes(32)}):
                altered = dataclasses.replace(content, **change)
                with pytest.raises(newsarc.Corruption):
                    bundle.read(altered)
                with pytest.raises(newsarc.Corruption):
                    bundle.open_content(altered).read()
            with pytest.raises(newsarc.InvalidArgument, match="32-byte"):
                bundle.read(dataclasses.replace(content, digest=b"short"))


def test_limits_are_enforced_and_named(bundle_path):
    with newsarc.open(bundle_path, max_content_size=1000) as bundle:
        image = bundle.article("urn:newsarc:test:2024-03-01:전체").images[0]
        with pytest.raises(newsarc.LimitExceeded, match="max_content_size"):
            bundle.read(image)
    with pytest.raises(TypeError, match="unknown reader limit"):
        newsarc.open(bundle_path, max_images=1)


def test_misses_raise_not_found(bundle_path):
    with newsarc.open(bundle_path) as bundle:
        with pytest.raises(newsarc.NotFound):
            bundle.article("urn:none")
        with pytest.raises(newsarc.NotFound):
            bundle.article(len(bundle))
        with pytest.raises(newsarc.NotFound):
            bundle.summary(len(bundle))
