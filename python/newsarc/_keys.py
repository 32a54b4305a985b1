"""Minisign keys: public keys to verify with, secret keys to sign with (archive_news/keys.h).

Keys made by ``minisign -G`` or ``newsarc keygen`` work here, and keys made here work with them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, NamedTuple, Union

from . import _core

Password = Union[str, Callable[[], str], None]
"""A secret key's password: the text, a function asked for it only if the key is encrypted, or
``None`` for an unencrypted key."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A minisign Ed25519 public key: its ``key_id`` (hex, as minisign prints it) and the
    ``text`` of its ``.pub`` file."""

    key_id: str
    text: str

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> PublicKey:
        """Reads a ``.pub`` file. Raises :class:`InvalidArgument` when it is not a public key."""
        return cls(*_core.load_public_key(os.fspath(path)))

    @classmethod
    def from_text(cls, text: str, source: str = "public key") -> PublicKey:
        """Parses a ``.pub`` file's text or its base64 line alone (as ``minisign -P`` takes)."""
        return cls(*_core.parse_public_key(text, source))

    def save(self, path: str | os.PathLike[str], overwrite: bool = False) -> None:
        """Writes the ``.pub`` file; an existing file is refused unless ``overwrite``."""
        _core.save_public_key(self.text, os.fspath(path), overwrite)

    def __repr__(self) -> str:
        return f"PublicKey(key_id={self.key_id!r})"


class SecretKey:
    """A minisign Ed25519 secret key, to sign bundles with (:func:`newsarc.pack`).

    Its bytes stay in the library's locked memory, wiped when the key is garbage collected;
    Python never holds them.
    """

    __slots__ = ("_handle",)

    def __init__(self, handle: _core.SecretKeyHandle) -> None:
        self._handle = handle

    @classmethod
    def load(cls, path: str | os.PathLike[str], password: Password = None) -> SecretKey:
        """Reads a secret key file, decrypting it with ``password`` when it is encrypted.

        Raises :class:`BadSignature` for a wrong password and :class:`InvalidArgument` for an
        encrypted key without one or a file that is not a secret key.
        """
        return cls(_core.load_secret_key(os.fspath(path), password))

    @classmethod
    def from_text(cls, text: str, password: Password = None,
                  source: str = "secret key") -> SecretKey:
        """Parses a secret key file's text, as :meth:`load`."""
        return cls(_core.parse_secret_key(text, source, password))

    @property
    def key_id(self) -> str:
        """The key id in hex, as minisign prints it."""
        return self._handle.key_id

    @property
    def public_key(self) -> PublicKey:
        """The matching public key."""
        return PublicKey(self.key_id, self._handle.public_key_text())

    def save(self, path: str | os.PathLike[str], password: str | None,
             overwrite: bool = False) -> None:
        """Writes the key file (mode 0600), encrypted with ``password`` (scrypt, as minisign
        does) or, with ``None``, unencrypted."""
        self._handle.save(os.fspath(path), password, overwrite)

    def __repr__(self) -> str:
        return f"SecretKey(key_id={self.key_id!r})"


class KeyPair(NamedTuple):
    """A public key and its secret key."""

    public: PublicKey
    secret: SecretKey


def generate_keypair() -> KeyPair:
    """A new random key pair, as ``newsarc keygen`` and ``minisign -G`` make."""
    public_text, handle = _core.generate_keypair()
    secret = SecretKey(handle)
    return KeyPair(PublicKey(secret.key_id, public_text), secret)


KeyLike = Union[PublicKey, str, "os.PathLike[str]"]
"""A public key, or the path of its ``.pub`` file."""


def public_key_text(key: KeyLike) -> str:
    """The ``.pub`` text of a key given as a :class:`PublicKey` or a path."""
    if isinstance(key, PublicKey):
        return key.text
    return PublicKey.load(key).text
