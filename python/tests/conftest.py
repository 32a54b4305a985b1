"""Fixtures of the newsarc tests: the repository's sample articles, a key pair, and bundles the
tests pack themselves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import newsarc

SOURCE = Path(os.environ.get("NEWSARC_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SAMPLES = SOURCE / "samples"


@pytest.fixture(scope="session")
def keys() -> newsarc.KeyPair:
    return newsarc.generate_keypair()


@pytest.fixture(scope="session")
def tool() -> str | None:
    """The newsarc tool of the same build, when the test runs from ctest."""
    return os.environ.get("NEWSARC_TOOL")


def full_article(photo: bytes, pdf: bytes) -> dict:
    """An article with every field of the model, in Korean and English, with the kinds of text
    a normaliser would change: a non-breaking space, trailing spaces, a decomposed Hangul
    syllable, an emoji, a CRLF."""
    return {
        "uri": "urn:newsarc:test:2024-03-01:전체",
        "url": "https://example.kr/뉴스/1?a=b&c=d",
        "headline": "부산–제주 여객선\u00a0운항 재개  🌼",
        "subheadlines": ["첫째 부제", "\u1100\u1161 decomposed", ""],
        "section": "지역",
        "publisher": "newsarc tests",
        "bylines": [{"name": "김민지", "email": "minji@example.kr", "role": "기자"},
                    "Lee Ji-woo"],
        "firstcreated": "2024-03-01T12:10:00+09:00",
        "versioncreated": dt.datetime(2024, 3, 2, 8, 0, tzinfo=dt.timezone.utc),
        "language": "ko",
        "located": "부산",
        "keywords": ["부산항", "ferry"],
        "copyrightnotice": "© newsarc",
        "usageterms": "tests only\r\n",
        "body": ["첫 문단.", {"heading": "승객 안내", "level": 3},
                 {"quote": "정상 운항", "attribution": "부산항만공사"}, {"image": "ferry"},
                 {"attachment": "notice"}, "마지막 문단 "],
        "images": [{"name": "ferry", "file": "ferry.jpg", "mediatype": "image/jpeg",
                    "caption": "사진 설명", "credit": "newsarc", "byline": "김민지",
                    "alt": "a ferry", "width": 640, "height": 480, "content": photo}],
        "attachments": [{"name": "notice", "file": "docs/notice.pdf",
                         "mediatype": "application/pdf", "description": "운항 공지",
                         "content": pdf}],
        "extra": {"z-last": "first in order", "a-first": "second"},
        "pubstatus": "usable",
    }


@pytest.fixture(scope="session")
def photo() -> bytes:
    return (SAMPLES / "busan-ferries" / "ferry.jpg").read_bytes()


@pytest.fixture(scope="session")
def pdf() -> bytes:
    # Text compresses: this attachment is stored as a zstd frame, the photo raw.
    return b"%PDF-1.4\n" + "운항 공지 notice\n".encode() * 5000


@pytest.fixture(scope="session")
def bundle_path(tmp_path_factory, keys, photo, pdf) -> Path:
    """The samples and the full article, signed."""
    path = tmp_path_factory.mktemp("bundle") / "test.newsarc"
    newsarc.pack(path, [SAMPLES, full_article(photo, pdf)], sign=keys.secret,
                 title="newsarc tests", jobs=1)
    return path
