"""Verification (archive_news/verifier.h): named checks, each reported on its own."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from typing import Any, Iterable

from . import _core
from ._keys import KeyLike, public_key_text


@dataclass(slots=True)
class Check:
    """One check of spec/FORMAT.md, section 11: its ``name`` (``"header"``, ``"seal"``,
    ``"signature"``, ``"trusted-key"``, ``"cluster"``, ``"article"``, ...), whether it
    ``passed``, the ``item`` it concerns, the file ``offset`` when it concerns a place, and the
    ``detail``: what was found and, on failure, what was expected."""

    name: str
    passed: bool
    item: str
    offset: int | None
    detail: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.passed else 'FAIL'}  {self.name}: {self.detail}"


@dataclass(slots=True)
class TimestampFinding:
    """What verification found of one RFC 3161 timestamp (spec/FORMAT.md 11.7).

    ``intact``: well formed, signed by the certificate it carries, over this bundle;
    ``trusted``: its TSA chains to one of ``tsa_roots`` at its time; ``proven``: trusted and still
    valid, or renewed by a proven timestamp (``renewed_by``). Times are seconds since 1970.
    """

    index: int
    tsa: str
    time: int
    time_text: str
    hash: str
    serial: str
    policy: str
    signatures: int
    timestamps: int
    intact: bool
    trusted: bool
    proven: bool
    valid_until: int | None
    renewed_by: int | None


@dataclass(slots=True)
class VerifyReport:
    """The checks run on a bundle. ``ok`` is true when every check passed; a damaged bundle is a
    report with failed checks, not an exception. ``proven_time`` is the earliest time a proven
    timestamp shows the seal existed at (seconds since 1970), ``None`` without one."""

    file: str
    ok: bool
    checks: list[Check]
    timestamps: list[TimestampFinding]
    proven_time: int | None

    def __bool__(self) -> bool:
        return self.ok

    @property
    def failures(self) -> list[Check]:
        """The failed checks only."""
        return [check for check in self.checks if not check.passed]

    @property
    def proven_at(self) -> _dt.datetime | None:
        """``proven_time`` as an aware UTC datetime."""
        if self.proven_time is None:
            return None
        return _dt.datetime.fromtimestamp(self.proven_time, _dt.timezone.utc)

    def __str__(self) -> str:
        lines = [str(check) for check in self.checks]
        lines.append(f"{self.file}: {'verified' if self.ok else 'NOT verified'}")
        return "\n".join(lines)


def _texts(paths_or_texts: Iterable[str | os.PathLike[str]]) -> list[str]:
    """PEM texts: a str holding "-----BEGIN" is the text itself, anything else a file's path."""
    texts = []
    for item in paths_or_texts:
        if isinstance(item, str) and "-----BEGIN" in item:
            texts.append(item)
        else:
            with open(item, encoding="utf-8") as file:
                texts.append(file.read())
    return texts


def options(keys: Iterable[KeyLike] = (), keyring: Iterable[KeyLike] = (), quick: bool = False,
            articles: Iterable[str] = (), ca_roots: Iterable[str | os.PathLike[str]] = (),
            tsa_roots: Iterable[str | os.PathLike[str]] = (), now: int | None = None,
            state: int | None = None) -> dict[str, Any]:
    """The verifier's options as the extension takes them."""
    if isinstance(keys, (str, os.PathLike)) or hasattr(keys, "key_id"):
        keys = [keys]  # type: ignore[list-item]
    return {
        "keys": [public_key_text(key) for key in keys],
        "keyring": [public_key_text(key) for key in keyring],
        "quick": quick,
        "articles": [articles] if isinstance(articles, str) else list(articles),
        "ca_roots": _texts(ca_roots),
        "tsa_roots": _texts(tsa_roots),
        "now": now,
        "state": state,
    }


def verify_source(source: Any, name: str | None, limits: dict[str, Any],
                  verify_options: dict[str, Any]) -> VerifyReport:
    """Verifies a path, a URL or bytes without opening a Bundle (newsarc.verify)."""
    if isinstance(source, str) and _core.is_remote_url(source):
        return _core.verify_url(source, verify_options, limits)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _core.verify_bytes(bytes(source), name or "<bytes>", verify_options, limits)
    return _core.verify_path(os.fspath(source), verify_options, limits)
