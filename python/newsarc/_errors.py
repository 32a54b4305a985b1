"""The exceptions of newsarc: one class per error code of the library (archive_news/error.h)."""

from __future__ import annotations

import builtins
import enum


class ErrorCode(enum.IntEnum):
    """The library's pinned error codes: the numbers never change meaning."""

    CORRUPTION = 1
    BAD_SIGNATURE = 2
    UNSUPPORTED = 3
    INVALID_ARGUMENT = 4
    IO_ERROR = 5
    NOT_FOUND = 6
    LIMIT_EXCEEDED = 7


class Error(Exception):
    """Any error of newsarc.

    ``str(error)`` is the library's one-line message, ``"<file>: offset <n>: <reason>"``, which
    names the file, the offset and what was found and expected. The parts are attributes:

    - ``code``: the :class:`ErrorCode`;
    - ``file``: the file (or name of the bytes) concerned, ``""`` when none;
    - ``offset``: the byte offset in it, or ``None``;
    - ``reason``: what was found and what was expected.
    """

    code: ErrorCode = ErrorCode.CORRUPTION

    def __init__(self, message: str, file: str = "", offset: int | None = None,
                 reason: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.offset = offset
        self.reason = message if reason is None else reason


class Corruption(Error):
    """The bytes break a rule of the format: a damaged, truncated or forged bundle."""

    code = ErrorCode.CORRUPTION


class BadSignature(Error):
    """A signature or key does not verify, a required signer is missing, or a password is wrong."""

    code = ErrorCode.BAD_SIGNATURE


class Unsupported(Error):
    """A valid-looking bundle of a version or algorithm this library lacks."""

    code = ErrorCode.UNSUPPORTED


class InvalidArgument(Error, ValueError):
    """The caller's input (an article, an option, a key) is not acceptable."""

    code = ErrorCode.INVALID_ARGUMENT


class IOError(Error, builtins.OSError):  # noqa: A001 - the library's name for the code
    """The operating system refused a read, write, map or rename."""

    code = ErrorCode.IO_ERROR


class NotFound(Error, LookupError):
    """A named item (an article id, a position, a file, a state) does not exist."""

    code = ErrorCode.NOT_FOUND


class LimitExceeded(Error):
    """The input is larger or deeper than a reader limit allows (see :func:`newsarc.open`)."""

    code = ErrorCode.LIMIT_EXCEEDED


_CLASSES: dict[int, type[Error]] = {
    cls.code: cls
    for cls in (Corruption, BadSignature, Unsupported, InvalidArgument, IOError, NotFound,
                LimitExceeded)
}


def error_class(code: int) -> type[Error]:
    """The exception class of an error code; :class:`Error` for a code this version lacks."""
    return _CLASSES.get(code, Error)


def make_error(code: int, message: str, file: str, offset: int | None, reason: str) -> Error:
    """The exception the extension raises for an error of the library."""
    return error_class(code)(message, file, offset, reason)
