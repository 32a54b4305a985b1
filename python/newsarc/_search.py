"""Full-text search (archive_news/search.h): :class:`Searcher`, :class:`SearchHit`,
:func:`search`, :func:`index_bundle`.

Bundles packed with ``pack(..., index=True)`` (``newsarc pack --index``) or indexed afterwards
(:func:`index_bundle`, ``newsarc index``) carry a full-text index. Queries are in Xapian's query
language (docs/SEARCH.md): words, ``"phrases"``, ``AND``/``OR``/``NOT``, ``-word``, ``word*``,
field prefixes (``headline:``, ``subheadline:``, ``body:``, ``byline:``, ``caption:``,
``keyword:``, ``id:``) and date ranges (``date:2019-06-01..2019-06-30``, ``date:2019..2020``).
Case and accents are folded; Korean, Japanese and Chinese words are found without a dictionary.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Literal

from . import _core
from ._keys import Password, SecretKey
from ._model import parse_time

if TYPE_CHECKING:
    from ._bundle import Bundle

Order = Literal["relevance", "newest", "oldest"]


@dataclass(slots=True)
class SearchHit:
    """One article a query found.

    ``bundle`` is the :class:`Bundle` it was found in (``bundle_index`` its place in the
    searcher's list) and ``position`` the article's index there (:meth:`Bundle.article`).
    ``date`` is ``firstcreated``, else ``versioncreated``, as written (``None`` when neither is);
    ``percent`` the relevance against the best hit, 1 to 100.

    ``snippet`` is a piece of the article's text around the best matches (``""`` when
    ``snippet_bytes=0``), and ``highlights`` the ``(start, end)`` ranges of it that match the
    query, in ``str`` indices: ``hit.snippet[start:end]`` is a matched word. ``cut_before`` and
    ``cut_after`` say that text of the article precedes or follows the snippet.
    """

    id: str
    bundle_index: int
    position: int
    headline: str
    date: str | None
    bylines: list[str]
    percent: int
    snippet: str
    highlights: list[tuple[int, int]]
    cut_before: bool
    cut_after: bool
    bundle: Bundle | None = field(default=None, repr=False, compare=False)

    @property
    def date_at(self) -> _dt.date | None:
        """``date`` as a datetime or date (:func:`newsarc.parse_time`)."""
        return parse_time(self.date)

    @property
    def highlighted(self) -> list[str]:
        """The matched pieces of the snippet, in order."""
        return [self.snippet[start:end] for start, end in self.highlights]


class SearchResults(list):  # type: ignore[type-arg]
    """The hits of one search (a ``list`` of :class:`SearchHit`), with ``matches``: the number
    of articles that match in all, across the bundles, estimated (exact when few)."""

    __slots__ = ("matches",)

    def __init__(self, hits: Iterable[SearchHit], matches: int) -> None:
        super().__init__(hits)
        self.matches = matches

    def __repr__(self) -> str:
        return f"SearchResults({list.__repr__(self)}, matches={self.matches})"


def run_search(handle: _core.SearcherHandle, bundles: list[Bundle], query: str, limit: int,
               offset: int, order: str, snippet_bytes: int) -> SearchResults:
    """A search of ``handle``, whose hits point at ``bundles``."""
    if limit < 0 or offset < 0 or snippet_bytes < 0:
        raise ValueError("limit, offset and snippet_bytes must not be negative")
    matches, hits = handle.search(query, offset, limit, order, snippet_bytes)
    for hit in hits:
        hit.bundle = bundles[hit.bundle_index]
    return SearchResults(hits, matches)


class Searcher:
    """Searches one or more open bundles, ranking the hits of all together.

    Opening checks each bundle's index against the digest its seal holds (fetching a remote
    bundle's index whole); keep the searcher for repeated searches. It keeps what it reads alive,
    so the bundles may be closed first. Raises :class:`NotFound` naming a bundle without a search
    index, :class:`Corruption` for an index that is damaged. It may be used from several threads;
    searches release the GIL and run one at a time.
    """

    __slots__ = ("_bundles", "_handle")

    def __init__(self, bundles: Bundle | Iterable[Bundle]) -> None:
        from ._bundle import Bundle
        self._bundles: list[Bundle] = [bundles] if isinstance(bundles, Bundle) else list(bundles)
        if not self._bundles:
            raise ValueError("Searcher: at least one bundle is needed")
        self._handle = _core.SearcherHandle([b._handle for b in self._bundles])

    @property
    def bundles(self) -> list[Bundle]:
        """The bundles, in the order given: :attr:`SearchHit.bundle_index` indexes this."""
        return list(self._bundles)

    def indexed_states(self) -> list[int]:
        """Of each bundle, the state whose articles its index covers: articles appended after it
        are not found until :func:`index_bundle` runs again."""
        return self._handle.indexed_states()

    def search(self, query: str, limit: int = 10, offset: int = 0, order: Order = "relevance",
               snippet_bytes: int = 240) -> SearchResults:
        """The hits of ``query``: at most ``limit`` after skipping ``offset`` (pages of results),
        best first, or by date with ``order="newest"`` or ``"oldest"``; snippets of at most
        ``snippet_bytes`` UTF-8 bytes (0: none, and no article record is read). Raises
        :class:`InvalidArgument` for a query that does not parse, with the reason."""
        return run_search(self._handle, self._bundles, query, limit, offset, order, snippet_bytes)

    def __repr__(self) -> str:
        return f"Searcher({[b.name for b in self._bundles]!r})"


def search(bundles: Bundle | Iterable[Bundle], query: str, limit: int = 10, offset: int = 0,
           order: Order = "relevance", snippet_bytes: int = 240) -> SearchResults:
    """One search across ``bundles`` (:meth:`Searcher.search`). Each call opens the indexes
    again: for repeated searches keep a :class:`Searcher`."""
    return Searcher(bundles).search(query, limit=limit, offset=offset, order=order,
                                    snippet_bytes=snippet_bytes)


def index_bundle(path: str | os.PathLike[str], *,
                 sign: SecretKey | str | os.PathLike[str] | Iterable[
                     SecretKey | str | os.PathLike[str]] | None = None,
                 password: Password = None, signer: str | None = None) -> int:
    """``newsarc index``: appends to the bundle at ``path`` a state that changes no article and
    holds a search index of every article; returns the new state's number. ``sign``,
    ``password`` and ``signer`` as for :func:`newsarc.pack`."""
    from ._pack import _signers
    keys = _signers(sign, password)
    _articles, _bytes, state = _core.index_bundle(
        os.fspath(path), [(key._handle, signer or f"key {key.key_id}") for key in keys])
    return int(state)
