"""Writing a bundle (archive_news/writer.h): :func:`pack` from article folders, dicts and
:class:`Article` objects."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Iterable, Mapping, Union

from . import _core
from ._errors import InvalidArgument
from ._keys import Password, SecretKey
from ._model import (Article, Attachment, AttachmentBlock, Block, Byline, Heading, Image,
                     ImageBlock, Paragraph, Quote)

ArticleSource = Union[str, "os.PathLike[str]", Article, Mapping[str, Any]]
"""An article folder (or a folder of them), an :class:`Article`, or a dict of its fields."""

SignerLike = Union[SecretKey, str, "os.PathLike[str]"]


def _time(value: Any, field: str) -> str | None:
    """A time field: the text as given, or a date or aware datetime in RFC 3339."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise InvalidArgument(f"{field}: a datetime without a timezone is not RFC 3339")
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise InvalidArgument(f"{field}: expected str, date or datetime, not {type(value).__name__}")


def _bytes_of(item: Mapping[str, Any], base: str | None) -> bytes:
    if "content" in item:
        return bytes(item["content"])
    path = item.get("path") or item.get("file")
    if path is None:
        raise InvalidArgument(f"{item.get('name')!r}: give its bytes as 'content' or a 'path'")
    with open(os.path.join(base or "", path), "rb") as file:
        return file.read()


def _block(value: Any, images: list[Image], attachments: list[Attachment]) -> Block:
    if isinstance(value, (Paragraph, Heading, Quote, ImageBlock, AttachmentBlock)):
        return value
    if isinstance(value, str):
        return Paragraph(value)
    if "heading" in value:
        return Heading(value["heading"], value.get("level", 2))
    if "quote" in value:
        return Quote(value["quote"], value.get("attribution"))
    if "paragraph" in value:
        return Paragraph(value["paragraph"])
    for key, items, kind in (("image", images, ImageBlock), ("attachment", attachments,
                                                               AttachmentBlock)):
        if key in value:
            names = [item.name for item in items]
            if value[key] not in names:
                raise InvalidArgument(f"body: {key} {value[key]!r} is not among the article's")
            return kind(names.index(value[key]))
    raise InvalidArgument(f"body: a block {value!r} is none of paragraph, heading, quote, image, "
                          "attachment")


def article_from_dict(fields: Mapping[str, Any], base: str | None = None) -> Article:
    """An :class:`Article` from a dict of its fields (the names of :class:`Article`, or of
    article.json: ``file`` for ``file_name``, ``id`` for ``uri``).

    Bylines are names or dicts; body blocks are strings (paragraphs), block objects or dicts as in
    article.json (``{"heading": ..., "level": 2}``, ``{"quote": ..., "attribution": ...}``,
    ``{"image": name}``). Images and attachments give their bytes as ``content`` or a file
    ``path`` (relative to ``base``). Times may be str (kept exactly), date or aware datetime.
    """
    known = set(Article.__dataclass_fields__) | {"id"}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidArgument(f"article: unknown field(s) {', '.join(unknown)}")
    images = [Image(name=i["name"], file_name=i.get("file_name") or i.get("file") or
                    os.path.basename(i.get("path") or i["name"]),
                    mediatype=i["mediatype"], caption=i.get("caption"), credit=i.get("credit"),
                    byline=i.get("byline"), alt=i.get("alt"), width=i.get("width", 0),
                    height=i.get("height", 0), content=_bytes_of(i, base))
              for i in fields.get("images", ())]
    attachments = [Attachment(name=a["name"], file_name=a.get("file_name") or a.get("file") or
                              os.path.basename(a.get("path") or a["name"]),
                              mediatype=a["mediatype"], description=a.get("description"),
                              content=_bytes_of(a, base))
                   for a in fields.get("attachments", ())]
    bylines = [b if isinstance(b, Byline) else Byline(b) if isinstance(b, str) else Byline(**b)
               for b in fields.get("bylines", ())]
    return Article(
        uri=fields.get("uri", fields.get("id")), headline=fields["headline"],
        url=fields.get("url"), subheadlines=list(fields.get("subheadlines", ())),
        section=fields.get("section"), publisher=fields.get("publisher"), bylines=bylines,
        firstcreated=_time(fields.get("firstcreated"), "firstcreated"),
        versioncreated=_time(fields.get("versioncreated"), "versioncreated"),
        language=fields.get("language"), located=fields.get("located"),
        keywords=list(fields.get("keywords", ())), copyrightnotice=fields.get("copyrightnotice"),
        usageterms=fields.get("usageterms"),
        body=[_block(b, images, attachments) for b in fields.get("body", ())], images=images,
        attachments=attachments, extra=dict(fields.get("extra", {})),
        pubstatus=fields.get("pubstatus"))


def _signers(sign: SignerLike | Iterable[SignerLike] | None, password: Password) -> list[SecretKey]:
    if sign is None:
        return []
    if isinstance(sign, (SecretKey, str, os.PathLike)):
        sign = [sign]
    return [key if isinstance(key, SecretKey) else SecretKey.load(key, password) for key in sign]


def _add(writer: _core.Writer, source: ArticleSource) -> None:
    if isinstance(source, Article):
        writer.add_article(source)
    elif isinstance(source, Mapping):
        writer.add_article(article_from_dict(source))
    else:
        folders = _core.find_article_folders(os.fspath(source))
        if not folders:
            raise InvalidArgument(f"{os.fspath(source)}: no article.json in it or below it")
        for folder in folders:
            writer.add_folder(folder)


def pack(output: str | os.PathLike[str], articles: Iterable[ArticleSource], *,
         sign: SignerLike | Iterable[SignerLike] | None = None, password: Password = None,
         signer: str | None = None, title: str | None = None, description: str | None = None,
         bundle_id: str | None = None, created: str | _dt.datetime | None = None,
         creator_tool: str | None = None, extra: Mapping[str, str] | None = None,
         compression_level: int = 3, cluster_size: int = 256 << 10,
         train_dictionary: bool = True, jobs: int = 0, reproducible: bool = False,
         overwrite: bool = False, index: bool = False) -> int:
    """Packs articles into a new bundle at ``output``; returns the number of articles.

    ``articles`` may mix article folders (a folder holding ``article.json`` and its files, or a
    folder of such folders, as ``newsarc pack`` takes), :class:`Article` objects whose images and
    attachments hold their bytes in ``content``, and dicts (:func:`article_from_dict`).

    ``sign``: secret keys (:class:`SecretKey`, or paths of key files decrypted with
    ``password``), each signing the seal; ``signer`` goes into their trusted comments (default:
    ``"key <KEYID>"``). The other options are the writer's (``WriterOptions``): the bundle's
    ``title``, ``description``, ``bundle_id`` (default: a random ``urn:uuid:``), ``created``
    (RFC 3339 UTC; default now), ``creator_tool``, ``extra`` pairs, the zstd
    ``compression_level`` (1 to 19), ``cluster_size`` (raw bytes of records compressed together,
    at most 8 MiB), ``train_dictionary``, ``jobs`` (threads; 0: one per core) and
    ``reproducible`` (the same input gives the same bytes). ``index``: store a full-text index
    of the articles (``newsarc pack --index``) for :meth:`Bundle.search` and :class:`Searcher`.

    The bundle is written beside ``output`` and renamed into place at the end: an error leaves
    nothing at ``output``. An existing file is refused (:class:`IOError`) unless ``overwrite``.
    Raises :class:`InvalidArgument` for an invalid article, naming it and the field.
    """
    keys = _signers(sign, password)
    options = {
        "bundle_id": bundle_id, "title": title, "description": description,
        "created": _time(created, "created"), "creator_tool": creator_tool,
        "extra": dict(extra or {}), "compression_level": compression_level,
        "cluster_size": cluster_size, "train_dictionary": train_dictionary, "jobs": jobs,
        "reproducible": reproducible, "search_index": index,
    }
    writer = _core.Writer(os.fspath(output), options, overwrite)
    for source in articles:
        _add(writer, source)
    for key in keys:
        writer.add_signer(key._handle, signer or f"key {key.key_id}")
    count = writer.article_count
    writer.finish()
    return count
