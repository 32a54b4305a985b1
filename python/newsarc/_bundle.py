"""Reading a bundle (archive_news/reader.h): :class:`Bundle`, :func:`open`, content streams."""

from __future__ import annotations

import io
import os
from typing import Any, Iterator, Union

from . import _core
from ._errors import InvalidArgument
from ._keys import KeyLike
from ._model import (Article, ArticleSummary, Attachment, BundleInfo, Content, Image, Signature,
                     State, Timestamp)
from ._search import Order, SearchResults, run_search
from ._verify import VerifyReport, options as _verify_options

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
"""A bundle's path, or its bytes."""

_BATCH = 8192  # summaries fetched a call: one descent of the index per batch

_LIMITS = ("max_signature_section_size", "max_timestamp_section_size", "max_content_size",
           "max_record_size", "max_cluster_size", "traversal_factor", "nesting_limit",
           "max_window_log")


def limits_of(limits: dict[str, Any]) -> dict[str, Any]:
    """The reader limits given as keywords, checked by name."""
    unknown = sorted(set(limits) - set(_LIMITS))
    if unknown:
        raise TypeError(f"unknown reader limit(s): {', '.join(unknown)}; "
                        f"known: {', '.join(_LIMITS)}")
    return limits


def _content_of(item: Image | Attachment | Content) -> Content:
    content = item if isinstance(item, Content) else item.content
    if not isinstance(content, Content):
        raise InvalidArgument("this image or attachment was not read from a bundle: "
                              "it holds its bytes already")
    return content


def is_url(source: object) -> bool:
    """True for an ``http://`` or ``https://`` URL: read with HTTP range requests, never taken
    for a local path."""
    return isinstance(source, str) and _core.is_remote_url(source)


class Bundle:
    """An open bundle: its articles, their images and attachments, its signatures and states.

    Opening reads only the bundle's tail; everything else is read when asked for. A bundle is a
    context manager; after :meth:`close` every call raises ``ValueError``, but what was read
    from it (articles, bytes, open content streams, earlier states) stays usable. It may be
    used from several threads: long calls release the GIL.

    ``len(bundle)`` is the number of articles; iterating gives their :class:`ArticleSummary` in
    id order; ``id in bundle`` finds one by id.
    """

    __slots__ = ("_handle", "_searcher", "__weakref__")

    def __init__(self, handle: _core.BundleHandle) -> None:
        """Use :func:`newsarc.open` or :meth:`from_bytes`."""
        self._handle = handle
        # Made by the first search(); the handle, not a Searcher, which would hold this Bundle in
        # a reference cycle and keep the file mapped until the garbage collector runs.
        self._searcher: _core.SearcherHandle | None = None

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview, name: str = "<bytes>",
                   **limits: int) -> Bundle:
        """Opens a bundle held in memory (downloaded, embedded). A ``bytes`` object is read in
        place; other buffers are copied once into one. ``name`` stands for the file in error
        messages. ``limits`` as for :func:`newsarc.open`."""
        data = data if isinstance(data, bytes) else bytes(data)
        return cls(_core.open_bytes(data, name, limits_of(limits)))

    # --- The bundle ---------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The path, or the name given to :meth:`from_bytes`."""
        return self._handle.name

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._handle.closed

    def close(self) -> None:
        """Closes the bundle (unmaps the file once nothing read from it needs it)."""
        self._searcher = None
        self._handle.close()

    def __enter__(self) -> Bundle:
        """The bundle itself, closed when the ``with`` block ends."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Closes the bundle."""
        self.close()

    def __repr__(self) -> str:
        if self.closed:
            return "<newsarc.Bundle closed>"
        return f"<newsarc.Bundle {self.name!r}: {len(self)} articles>"

    @property
    def info(self) -> BundleInfo:
        """The bundle as a whole: id, title, creation time, counts and sizes."""
        return self._handle.info()

    @property
    def signatures(self) -> list[Signature]:
        """The signatures of this state, as stored (checked by :meth:`verify`)."""
        return self._handle.signatures()

    @property
    def timestamps(self) -> list[Timestamp]:
        """The RFC 3161 timestamps of this state, in the order they were added."""
        return self._handle.timestamps()

    def seal_bytes(self) -> bytes:
        """The seal's exact bytes: what every signature signs (``newsarc seal`` exports them)."""
        return self._handle.seal_bytes()

    def schema_text(self) -> str:
        """The Cap'n Proto schema the bundle carries."""
        return self._handle.schema_text()

    # --- Articles -----------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of articles."""
        return self._handle.count()

    def __iter__(self) -> Iterator[ArticleSummary]:
        """Every article's summary, in id order (:meth:`summaries`)."""
        return self.summaries()

    def __contains__(self, article_id: object) -> bool:
        """Whether the bundle has an article with this id."""
        return isinstance(article_id, str) and self.find(article_id) is not None

    def summaries(self, start: int = 0) -> Iterator[ArticleSummary]:
        """The summaries from position ``start`` on, in id order, read from the index alone a
        page at a time: listing a million articles never holds more than a batch."""
        handle = self._handle
        count = handle.count()
        first = start
        while first < count:
            batch = _core.summaries(handle, first, _BATCH)
            yield from batch
            if not batch:
                return
            first += len(batch)

    def summary(self, index: int) -> ArticleSummary:
        """The summary at a position. Raises :class:`NotFound` past the end."""
        return self._handle.summary(index)

    def find(self, article_id: str) -> int | None:
        """The position of the article with this id, or ``None``: a miss is not an error."""
        return self._handle.find(article_id)

    def article(self, key: int | str) -> Article:
        """The whole article at a position (``int``) or with an id (``str``). Raises
        :class:`NotFound` when there is none."""
        if isinstance(key, int):
            return _core.article_at(self._handle, key)
        return _core.article_by_id(self._handle, key)

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or ``None`` when the bundle has none."""
        index = self.find(article_id)
        return None if index is None else _core.article_at(self._handle, index)

    def versions(self, article_id: str) -> list[ArticleSummary]:
        """Every version of an article in the bundle's history, the first first (empty: no
        such id)."""
        return self._handle.versions(article_id)

    # --- Images and attachments ---------------------------------------------------------------

    def read(self, item: Image | Attachment | Content) -> bytes:
        """The bytes of an image or attachment, checked against their SHA-256 digest.

        The ``bytes`` object is allocated at its final size and the bytes are copied or
        decompressed straight into it, with the GIL released. Raises :class:`Corruption` when
        they do not match and :class:`LimitExceeded` past ``max_content_size``.
        """
        return _core.read(self._handle, _content_of(item))

    def open_content(self, item: Image | Attachment | Content) -> io.BufferedReader:
        """A read-only binary file object over an image's or attachment's bytes.

        Content stored raw (images, already-compressed media) is read in place from the file,
        seekable, in memory that does not grow; the format stores compressed content as one
        zstd frame, which is decoded whole (within ``max_content_size``) at the first read.
        """
        return io.BufferedReader(ContentReader(self, item))

    def extract(self, key: int | str, directory: str | os.PathLike[str],
                overwrite: bool = False) -> None:
        """Writes one article as an article folder (``article.json`` and its files), as
        ``newsarc extract`` does. Existing files are refused unless ``overwrite``."""
        index = key if isinstance(key, int) else self.find(key)
        if index is None:
            raise _not_found(self, key)
        _core.extract_article(self._handle, index, os.fspath(directory), overwrite)

    # --- History ------------------------------------------------------------------------------

    def history(self) -> list[State]:
        """The states of the bundle, the first pack's (0) first and this one last."""
        return self._handle.history()

    def at_state(self, sequence: int) -> Bundle:
        """The bundle as state ``sequence`` left it, over the same bytes. Raises
        :class:`NotFound` for a state the bundle does not have."""
        return Bundle(self._handle.at_state(sequence))

    # --- Full-text search ---------------------------------------------------------------------

    @property
    def has_search_index(self) -> bool:
        """True when this state, or an earlier one, holds a full-text index
        (``pack(..., index=True)``, :func:`newsarc.index_bundle`)."""
        return _core.has_search_index(self._handle)

    def search(self, query: str, limit: int = 10, offset: int = 0, order: Order = "relevance",
               snippet_bytes: int = 240) -> SearchResults:
        """Searches this bundle's full-text index as :meth:`Searcher.search` does, with the index
        opened by the first call and kept until :meth:`close`. Raises
        :class:`NotFound` when the bundle has no index, :class:`InvalidArgument` for a query
        that does not parse. To search several bundles as one, use :class:`Searcher`."""
        if self.closed:
            raise ValueError("I/O operation on a closed bundle")
        if self._searcher is None:
            self._searcher = _core.SearcherHandle([self._handle])
        return run_search(self._searcher, [self], query, limit, offset, order, snippet_bytes)

    # --- Verification -------------------------------------------------------------------------

    def verify(self, keys: KeyLike | list[KeyLike] = (), *, keyring: list[KeyLike] = (),
               quick: bool = False, articles: str | list[str] = (),
               ca_roots: list[str | os.PathLike[str]] = (),
               tsa_roots: list[str | os.PathLike[str]] = (), now: int | None = None,
               state: int | None = None) -> VerifyReport:
        """Runs the checks of spec/FORMAT.md, section 11, and returns the report.

        - ``keys``: public keys (:class:`PublicKey` or ``.pub`` paths) that must each have
          signed (check ``trusted-key``); ``keyring``: keys one of which must have signed.
        - ``quick``: the tail alone (header, footer, seal, signatures), in constant time.
        - ``articles``: prove these ids alone, along their path from the seal (check
          ``article``), in time independent of the bundle's size.
        - ``ca_roots``: CA roots (PEM paths or texts) an X.509 signature must chain to;
          ``tsa_roots``: TSA roots the timestamps must chain to; ``now``: the time (seconds
          since 1970) certificates are judged at; ``state``: verify an earlier state.

        A damaged bundle gives failed checks, not an exception.
        """
        return _core.verify_bundle(self._handle, _verify_options(
            keys, keyring, quick, articles, ca_roots, tsa_roots, now, state))


def _not_found(bundle: Bundle, key: object) -> Exception:
    from ._errors import NotFound
    return NotFound(f"{bundle.name}: no article with id {key!r}", bundle.name, None,
                    f"no article with id {key!r}")


class ContentReader(io.RawIOBase):
    """The raw stream under :meth:`Bundle.open_content`: readable and seekable."""

    def __init__(self, bundle: Bundle, item: Image | Attachment | Content) -> None:
        super().__init__()
        self._stream = _core.ContentStream(bundle._handle, _content_of(item))
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed file")
        count = self._stream.read_at(self._position, buffer)
        self._position += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._stream.size}
        position = base[whence] + offset
        if position < 0:
            raise ValueError(f"negative seek position {position}")
        self._position = position
        return position

    def tell(self) -> int:
        return self._position

    @property
    def size(self) -> int:
        """The content's size in bytes."""
        return self._stream.size


def open(source: Source, **limits: int) -> Bundle:  # noqa: A001 - newsarc.open, as io.open
    """Opens a bundle: a path, or its bytes (as :meth:`Bundle.from_bytes`).

    Only the tail is read, in the same time whatever the bundle's size. ``limits`` guard against
    hostile input (the reader's ``ReaderOptions``; each past its value raises
    :class:`LimitExceeded`): ``max_content_size`` (largest image or attachment :meth:`Bundle.read`
    returns, 1 GiB), ``max_record_size`` and ``max_cluster_size`` (16 MiB),
    ``max_signature_section_size`` and ``max_timestamp_section_size`` (1 MiB),
    ``traversal_factor`` (8), ``nesting_limit`` (64), ``max_window_log`` (27).

    An ``http://`` or ``https://`` URL is read where it is, with HTTP range requests: opening
    asks for the file's last 128 KiB and its header, each article for its index pages and
    cluster, each image for its own bytes (blocks fetched are kept in an unlinked temporary file
    for the bundle's life). A file that changes on the server while it is read raises
    :class:`IOError`, as do a server without range support, a 404 or a timeout.

    Raises :class:`IOError` when the file cannot be read, :class:`Corruption` when it is not a
    well-formed bundle, :class:`Unsupported` for an unknown version.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Bundle.from_bytes(source, **limits)
    if is_url(source):
        return Bundle(_core.open_url(source, limits_of(limits)))
    return Bundle(_core.open_file(os.fspath(source), limits_of(limits)))
