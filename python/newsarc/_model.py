"""The article model as Python values (archive_news/article.h), and what a bundle says of itself.

Texts are ``str`` exactly as packed: never trimmed, normalised or re-encoded. An optional field
that is ``None`` was absent from the source; ``""`` was present and empty. Times keep the text
the source wrote (``firstcreated``, ...); ``*_at`` properties give it as a ``datetime`` (a full
date-time, timezone-aware) or a ``date`` (a date alone), parsed only when asked for.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import NamedTuple, Union


def parse_time(text: str | None) -> _dt.date | None:
    """An RFC 3339 time of the model as Python sees it.

    A date-time with its zone (``"2024-03-01T12:10:00+09:00"``) gives an aware
    ``datetime.datetime``, a date alone (``"2019-06-30"``) a ``datetime.date``, ``None`` gives
    ``None``. A time Python cannot represent (a leap second, ``...T23:59:60Z``) gives ``None``:
    the text itself stays the exact value.
    """
    if text is None:
        return None
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text)
        # fromisoformat() of Python 3.11 reads RFC 3339 but for a lower-case "t" or "z".
        return _dt.datetime.fromisoformat(text.replace("t", "T").replace("z", "Z"))
    except ValueError:
        return None


class _Dated:
    """The parsed forms of ``firstcreated`` and ``versioncreated``."""

    __slots__ = ()
    firstcreated: str | None
    versioncreated: str | None

    @property
    def firstcreated_at(self) -> _dt.date | None:
        """``firstcreated`` as a datetime or date (:func:`parse_time`)."""
        return parse_time(self.firstcreated)

    @property
    def versioncreated_at(self) -> _dt.date | None:
        """``versioncreated`` as a datetime or date (:func:`parse_time`)."""
        return parse_time(self.versioncreated)


class ArticleSummary(NamedTuple):
    """One article as the bundle's index describes it, read without its record.

    The index keeps a headline of at most 1024 bytes (``headline_cut`` when the article's is
    longer) and at most 16 byline names of at most 256 bytes each; :meth:`Bundle.article` has
    them whole. ``version`` counts the records this id has had up to this state (1: the first),
    ``state`` is the state that wrote this one.
    """

    id: str
    headline: str
    headline_cut: bool
    firstcreated: str | None
    versioncreated: str | None
    bylines: tuple[str, ...]
    image_count: int
    attachment_count: int
    content_size: int
    version: int
    state: int
    pubstatus: str | None

    @property
    def firstcreated_at(self) -> _dt.date | None:
        """``firstcreated`` as a datetime or date (:func:`parse_time`)."""
        return parse_time(self.firstcreated)

    @property
    def versioncreated_at(self) -> _dt.date | None:
        """``versioncreated`` as a datetime or date (:func:`parse_time`)."""
        return parse_time(self.versioncreated)


@dataclass(slots=True)
class Content:
    """Where an image's or attachment's bytes are: their SHA-256 ``digest`` and ``size`` (raw),
    and the stored extent (``offset``, ``stored_size``, ``compressed``, ``stored_digest``).
    Read the bytes with :meth:`Bundle.read` or :meth:`Bundle.open_content`."""

    digest: bytes
    size: int
    offset: int
    stored_size: int
    compressed: bool
    stored_digest: bytes

    def __repr__(self) -> str:
        return (f"Content(sha256={self.digest.hex()[:16]}..., size={self.size}, "
                f"offset={self.offset}, compressed={self.compressed})")


@dataclass(slots=True)
class Byline:
    """A byline: the name as written, with an optional email and role."""

    name: str
    email: str | None = None
    role: str | None = None


@dataclass(slots=True)
class Image:
    """An image of an article.

    ``name`` is unique within the article (body :class:`ImageBlock` place it by position);
    ``file_name`` is the file name it had in its folder. ``content`` is where a read image's
    bytes are (:class:`Content`); in an image to pack, it is the bytes themselves. ``width`` and
    ``height`` are as the source stated them, 0 when not stated.
    """

    name: str
    file_name: str
    mediatype: str
    caption: str | None = None
    credit: str | None = None
    byline: str | None = None
    alt: str | None = None
    width: int = 0
    height: int = 0
    content: Content | bytes = b""


@dataclass(slots=True)
class Attachment:
    """An attachment of an article (a PDF, a transcript, ...); ``content`` as for :class:`Image`."""

    name: str
    file_name: str
    mediatype: str
    description: str | None = None
    content: Content | bytes = b""


@dataclass(slots=True)
class Paragraph:
    """A body paragraph."""

    text: str


@dataclass(slots=True)
class Heading:
    """A body heading, ``level`` 1 to 6."""

    text: str
    level: int = 2


@dataclass(slots=True)
class Quote:
    """A body quotation, with its attribution when the source gives one."""

    text: str
    attribution: str | None = None


@dataclass(slots=True)
class ImageBlock:
    """The place of ``Article.images[image]`` in the body."""

    image: int


@dataclass(slots=True)
class AttachmentBlock:
    """The place of ``Article.attachments[attachment]`` in the body."""

    attachment: int


Block = Union[Paragraph, Heading, Quote, ImageBlock, AttachmentBlock]


@dataclass(slots=True)
class Article(_Dated):
    """One news article, every field of the model.

    ``uri`` is its id, unique within a bundle. ``extra`` holds the source's other key/value
    pairs in its order. ``pubstatus`` is ``"usable"``, ``"withheld"`` or ``"canceled"``, or
    ``None`` when the source does not say.
    """

    uri: str
    headline: str
    url: str | None = None
    subheadlines: list[str] = field(default_factory=list)
    section: str | None = None
    publisher: str | None = None
    bylines: list[Byline] = field(default_factory=list)
    firstcreated: str | None = None
    versioncreated: str | None = None
    language: str | None = None
    located: str | None = None
    keywords: list[str] = field(default_factory=list)
    copyrightnotice: str | None = None
    usageterms: str | None = None
    body: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    pubstatus: str | None = None

    @property
    def id(self) -> str:
        """The article's id: its ``uri``."""
        return self.uri


@dataclass(slots=True)
class BundleInfo:
    """The bundle as a whole, from its seal and information extent.

    ``created`` is RFC 3339 UTC text (``created_at`` parses it). ``content_count`` counts the
    distinct images and attachments; ``raw_bytes`` and ``stored_bytes`` are those of every extent
    but the index and extent-table pages. After appends, the counts of contents, clusters and
    bytes are this state's own (``state`` 0: never appended to).
    """

    bundle_id: str
    title: str | None
    description: str | None
    creator_tool: str
    created: str
    format_major: int
    format_minor: int
    digest_algorithm: str
    article_count: int
    content_count: int
    cluster_count: int
    raw_bytes: int
    stored_bytes: int
    file_size: int
    extra: dict[str, str]
    state: int

    @property
    def created_at(self) -> _dt.date | None:
        """``created`` as a datetime (:func:`parse_time`)."""
        return parse_time(self.created)


@dataclass(slots=True)
class Certificate:
    """The X.509 certificate a CMS signature carries, as it claims to be (RFC 2253 names)."""

    subject: str
    issuer: str
    not_before: str
    not_after: str


@dataclass(slots=True)
class Signature:
    """A signature of the seal, as stored: not checked (:meth:`Bundle.verify` does that).

    ``algorithm`` is ``"ed25519"`` (minisign; ``key_id`` and ``trusted_comment`` set), ``"x509"``
    (CMS; ``certificate`` when it carries one) or ``"unknown"``.
    """

    algorithm: str
    key_id: str | None
    trusted_comment: str | None
    certificate: Certificate | None


@dataclass(slots=True)
class Timestamp:
    """An RFC 3161 timestamp of the bundle, as its token claims (not checked: verify does).

    ``time`` is seconds since 1970 and ``time_text`` the token's time in RFC 3339; both ``None``
    (with ``tsa`` and ``hash``) when the token does not parse. ``signatures`` and ``timestamps``
    are the records it covers besides the seal; ``token`` is the DER TimeStampToken.
    """

    index: int
    tsa: str | None
    time: int | None
    time_text: str | None
    hash: str | None
    signatures: int
    timestamps: int
    token: bytes


@dataclass(slots=True)
class State:
    """One state of a bundle: what the first pack (0) or an append (1, 2, ...) left, the file's
    first ``file_size`` bytes. ``seal_digest`` is hex (what ``newsarc extract --at`` takes)."""

    sequence: int
    created: str
    file_size: int
    article_count: int
    seal_digest: str
    signatures: list[Signature]
