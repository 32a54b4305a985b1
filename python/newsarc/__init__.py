"""newsarc: read, verify and write .newsarc bundles of news articles.

A bundle is one file holding articles (headline, bylines, dates, body) with their images and
attachments, compressed, indexed for random access and signed. This package is the Python face
of the newsarc C++ library; it reads and writes the same files as the ``newsarc`` tool.

Read::

    import newsarc
    with newsarc.open("samples.newsarc") as bundle:
        for summary in bundle:                 # ArticleSummary, in id order, from the index
            print(summary.id, summary.headline)
        article = bundle.article(0)            # Article: every field as Python values
        photo = bundle.read(article.images[0]) # bytes, checked against their digest

Verify, then trust::

    report = bundle.verify(keys=[newsarc.PublicKey.load("archive.pub")])
    if report.ok: ...
    for check in report.failures: print(check)

Write::

    newsarc.pack("out.newsarc", ["samples/"], sign=newsarc.SecretKey.load("archive.key", "pw"))

Search (bundles packed with ``index=True``)::

    for hit in bundle.search("여객선 date:2024"):   # or newsarc.Searcher([b1, b2]).search(...)
        print(hit.id, hit.headline, hit.highlighted)

Errors are :class:`newsarc.Error` subclasses, one per error code of the library
(:class:`Corruption`, :class:`NotFound`, :class:`InvalidArgument`, ...), carrying the file, the
offset and the reason. docs/PYTHON.md is the guide.
"""

from __future__ import annotations

import os

from . import _core
from ._bundle import Bundle, ContentReader, Source, open
from ._errors import (BadSignature, Corruption, Error, ErrorCode, InvalidArgument, IOError,
                      LimitExceeded, NotFound, Unsupported, error_class, make_error)
from ._keys import KeyLike, KeyPair, PublicKey, SecretKey, generate_keypair
from ._model import (Article, ArticleSummary, Attachment, AttachmentBlock, Block, BundleInfo,
                     Byline, Certificate, Content, Heading, Image, ImageBlock, Paragraph, Quote,
                     Signature, State, Timestamp, parse_time)
from ._pack import article_from_dict, pack
from ._search import Searcher, SearchHit, SearchResults, index_bundle, search
from ._verify import Check, TimestampFinding, VerifyReport
from ._verify import options as _verify_options
from ._verify import verify_source as _verify_source

__version__: str = _core.library_version

_core._register_errors(make_error)
_core._register_types({cls.__name__: cls for cls in (
    Article, ArticleSummary, Attachment, AttachmentBlock, BundleInfo, Byline, Certificate, Check,
    Content, Heading, Image, ImageBlock, Paragraph, Quote, SearchHit, Signature, State, Timestamp,
    TimestampFinding, VerifyReport)})


def verify(source: Source, keys: KeyLike | list[KeyLike] = (), *, name: str | None = None,
           keyring: list[KeyLike] = (), quick: bool = False, articles: str | list[str] = (),
           ca_roots: list[str | os.PathLike[str]] = (),
           tsa_roots: list[str | os.PathLike[str]] = (), now: int | None = None,
           state: int | None = None, **limits: int) -> VerifyReport:
    """Verifies a bundle's file, URL or bytes without opening it first, so that a bundle that does
    not even open still gets a report: its first failed check (``header``, ``footer``,
    ``seal-digest`` or ``seal``) says where it breaks. The options are those of
    :meth:`Bundle.verify`; ``name`` stands for bytes in the report; ``limits`` those of
    :func:`open`. Raises :class:`IOError` only when the file cannot be read."""
    from ._bundle import limits_of
    return _verify_source(source, name, limits_of(limits), _verify_options(
        keys, keyring, quick, articles, ca_roots, tsa_roots, now, state))


__all__ = [
    "Article", "ArticleSummary", "Attachment", "AttachmentBlock", "BadSignature", "Block",
    "Bundle", "BundleInfo", "Byline", "Certificate", "Check", "Content", "ContentReader",
    "Corruption", "Error", "ErrorCode", "Heading", "IOError", "Image", "ImageBlock",
    "InvalidArgument", "KeyPair", "LimitExceeded", "NotFound", "Paragraph", "PublicKey", "Quote",
    "SearchHit", "SearchResults", "Searcher", "SecretKey", "Signature", "State", "Timestamp",
    "TimestampFinding", "Unsupported", "VerifyReport", "article_from_dict", "error_class",
    "generate_keypair", "index_bundle", "open", "pack", "parse_time", "search", "verify",
]

# help(newsarc) and tracebacks name the public classes where users find them: newsarc.Article,
# not newsarc._model.Article.
for _name in __all__:
    _object = globals()[_name]
    if getattr(_object, "__module__", "").startswith("newsarc."):
        _object.__module__ = __name__
del _name, _object
