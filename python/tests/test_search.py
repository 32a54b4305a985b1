"""Full-text search: Bundle.search, Searcher across bundles, pack(index=True), index_bundle."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import newsarc


def article(uri: str, headline: str, paragraphs: list[str], date: str,
            bylines: tuple[str, ...] = (), keywords: tuple[str, ...] = ()) -> dict:
    return {"uri": uri, "headline": headline, "body": paragraphs, "firstcreated": date,
            "bylines": list(bylines), "keywords": list(keywords)}


CORPUS = [
    article("urn:test:cafe", "Un café crème à Montréal",
            ["Le Café Étoile a rouvert ses portes après l'été.",
             "Its owner spoke of a strategic alliance with the bakery."],
            "2019-06-30", bylines=("Zoë Kim",), keywords=("economy",)),
    article("urn:test:ferry", "부산–제주 여객선 운항 재개",
            ["부산과 제주를 잇는 여객선이 1일 정오부터 운항을 재개했다."],
            "2024-03-01T12:10:00+09:00", bylines=("김민지",)),
    article("urn:test:harbour", "Harbour at dawn",
            ["Fishing boats leave before sunrise; the cafe opens later. 🌼 Émile waves."],
            "2020-02-29"),
]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "indexed.newsarc"
    assert newsarc.pack(path, CORPUS, index=True, jobs=1) == 3
    return path


@pytest.fixture()
def plain(tmp_path) -> Path:
    path = tmp_path / "plain.newsarc"
    newsarc.pack(path, [article("urn:test:plain", "Ferry timetable",
                                ["Ferries to Jeju leave at noon."], "2024-03-02")], jobs=1)
    return path


def ids(hits) -> list[str]:
    return [hit.id for hit in hits]


def test_a_korean_word_is_found_inside_longer_text(indexed):
    with newsarc.open(indexed) as bundle:
        assert bundle.has_search_index
        hits = bundle.search("여객선")
        assert ids(hits) == ["urn:test:ferry"]
        assert hits.matches == 1
        hit = hits[0]
        assert hit.bundle is bundle and hit.bundle_index == 0
        assert hit.position == bundle.find("urn:test:ferry")
        assert hit.headline == "부산–제주 여객선 운항 재개"
        assert hit.date == "2024-03-01T12:10:00+09:00"
        assert hit.date_at is not None and hit.date_at.year == 2024
        assert hit.bylines == ["김민지"]
        assert 1 <= hit.percent <= 100
        assert ids(bundle.search("여객")) == ["urn:test:ferry"]
        assert ids(bundle.search("서울")) == []


def test_highlights_are_str_indices_of_the_matched_words(indexed):
    with newsarc.open(indexed) as bundle:
        korean = bundle.search("여객선")[0]
        assert korean.highlights, korean
        start, end = korean.highlights[0]
        # Byte offsets would be three times these: each Hangul syllable is three UTF-8 bytes.
        assert korean.snippet[start:end] == "여객선"
        # After an emoji (4 bytes, 1 character) and an accented letter (2 bytes, 1 character).
        waves = bundle.search("waves")[0]
        assert waves.highlighted == ["waves"]
        start, end = waves.highlights[0]
        assert waves.snippet.index("waves") == start and end == start + 5
        assert len(waves.snippet[:start].encode()) == start + 3 + 1
        for hit in bundle.search("cafe OR 여객선 OR emile"):
            assert hit.snippet
            last = 0
            for start, end in hit.highlights:
                assert last <= start < end <= len(hit.snippet)
                last = end


def test_an_accented_word_is_highlighted_as_written(indexed):
    with newsarc.open(indexed) as bundle:
        assert bundle.search("montreal")[0].highlighted == ["Montréal"]


def test_accents_and_case_fold_both_ways(indexed):
    with newsarc.open(indexed) as bundle:
        assert ids(bundle.search("cafe")) == ids(bundle.search("CAFÉ"))
        assert set(ids(bundle.search("café"))) == {"urn:test:cafe", "urn:test:harbour"}
        assert ids(bundle.search("etoile")) == ["urn:test:cafe"]
        assert ids(bundle.search("emile")) == ["urn:test:harbour"]
        hit = bundle.search("montreal")[0]
        assert hit.id == "urn:test:cafe" and hit.bylines == ["Zoë Kim"]


def test_fields_dates_orders_and_pages(indexed):
    with newsarc.open(indexed) as bundle:
        assert ids(bundle.search("headline:cafe")) == ["urn:test:cafe"]
        assert ids(bundle.search("byline:kim")) == ["urn:test:cafe"]
        assert ids(bundle.search("keyword:economy")) == ["urn:test:cafe"]
        assert ids(bundle.search("cafe date:2020..2020")) == ["urn:test:harbour"]
        assert ids(bundle.search("date:2019-06-01..2019-06-30")) == ["urn:test:cafe"]
        assert ids(bundle.search("cafe", order="newest")) == ["urn:test:harbour", "urn:test:cafe"]
        assert ids(bundle.search("cafe", order="oldest")) == ["urn:test:cafe", "urn:test:harbour"]
        assert ids(bundle.search("cafe", order="oldest", offset=1, limit=1)) == [
            "urn:test:harbour"]
        bare = bundle.search("여객선", snippet_bytes=0)[0]
        assert bare.snippet == "" and bare.highlights == []
        short = bundle.search("재개했다", snippet_bytes=20)[0]
        assert 0 < len(short.snippet.encode()) <= 20
        assert short.cut_before or short.cut_after


def test_a_bad_query_raises_invalid_argument(indexed):
    with newsarc.open(indexed) as bundle:
        with pytest.raises(newsarc.InvalidArgument, match="query"):
            bundle.search("cafe AND (")
        with pytest.raises(newsarc.InvalidArgument):
            bundle.search("date:2019-13..2020")
        with pytest.raises(newsarc.InvalidArgument, match="order"):
            bundle.search("cafe", order="sideways")  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            bundle.search("cafe", limit=-1)


def test_a_bundle_without_an_index_raises_not_found(indexed, plain):
    with newsarc.open(plain) as bundle:
        assert not bundle.has_search_index
        with pytest.raises(newsarc.NotFound, match="plain.newsarc"):
            bundle.search("ferry")
        with newsarc.open(indexed) as other, pytest.raises(newsarc.NotFound):
            newsarc.Searcher([other, bundle])


def test_a_searcher_across_bundles_after_index_bundle(indexed, plain, keys):
    state = newsarc.index_bundle(plain, sign=keys.secret, signer="tests")
    assert state == 1
    with newsarc.open(indexed) as first, newsarc.open(plain) as second:
        assert second.has_search_index
        assert "tests" in second.signatures[0].trusted_comment
        searcher = newsarc.Searcher([first, second])
        assert searcher.indexed_states() == [0, 1]
        hits = searcher.search("ferry OR 여객선")
        assert sorted((hit.id, hit.bundle_index) for hit in hits) == [
            ("urn:test:ferry", 0), ("urn:test:plain", 1)]
        for hit in hits:
            assert hit.bundle is searcher.bundles[hit.bundle_index]
        assert ids(newsarc.search([first, second], "jeju")) == ["urn:test:plain"]
    # The searcher keeps what it reads alive once the bundles are closed.
    assert ids(searcher.search("timetable")) == ["urn:test:plain"]


def test_searches_from_several_threads(indexed):
    with newsarc.open(indexed) as bundle:
        searcher = newsarc.Searcher(bundle)
        wrong = []

        def run() -> None:
            for _ in range(20):
                if ids(searcher.search("cafe", order="oldest")) != ["urn:test:cafe",
                                                                    "urn:test:harbour"]:
                    wrong.append(1)

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not wrong


def test_a_closed_bundle_refuses_search(indexed):
    bundle = newsarc.open(indexed)
    assert bundle.search("cafe")
    bundle.close()
    with pytest.raises(ValueError):
        bundle.search("cafe")


def test_a_damaged_index_raises_corruption(indexed):
    data = bytearray(indexed.read_bytes())
    at = data.find(b"Xapian Glass")  # the index, a glass database stored raw, starts so
    assert at > 0
    assert newsarc.Bundle.from_bytes(bytes(data), "intact").search("cafe")
    data[at + 48] ^= 0x20
    with pytest.raises(newsarc.Corruption, match="damaged"):
        newsarc.Bundle.from_bytes(bytes(data), "damaged").search("cafe")
