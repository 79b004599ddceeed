"""The desk's search index: keyed hashes of a person's normalised name words, e-mail and phone
numbers, stored beside the row, so that staff can find a registration although its answers are
sealed. The table and all SQL on it live here.

The HMAC keys are derived (HKDF-SHA256) from OUTBOX_ENCRYPTION_KEYS, not from SECRET_KEY: the
index is personal data at rest, so it is protected by the same keys as the sealed answers (a
reader with the key could open those anyway), and it keeps working when SECRET_KEY is rotated
to end every session. Without the key a digest cannot be tested against a guessed name or
number. The first key writes; a search tries every configured key, so the index survives a key
rotation as long as the old key is still configured (as the sealed answers need it too).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    delete,
    insert,
    intersect,
    select,
)
from sqlalchemy.sql import Select

from app.core.db import metadata

# Changes go through an Alembic migration in migrations/versions/.
search_terms = Table(
    "search_terms",
    metadata,
    Column("submission_id", String(32), nullable=False),
    Column("digest", LargeBinary(32), nullable=False),  # HMAC-SHA256 of kind + value
    PrimaryKeyConstraint("submission_id", "digest"),
    Index("ix_search_terms_digest", "digest"),
)

# What a term is: a word of the name, the whole e-mail address, a phone number in E.164, the
# receipt's reference (`HBS-QUX`, core.spoken_reference).
NAME, EMAIL, PHONE, REFERENCE = "name", "email", "phone", "reference"
KINDS = (NAME, EMAIL, PHONE, REFERENCE)
_INFO = b"intresseanmalan desk search index v1"

Term = tuple[str, str]  # (kind, normalised value)
# Built once: a registration is indexed on the form's request.
_INSERT = insert(search_terms)


class SearchKeys:
    """HMAC keys for the index, one per configured Fernet key; the first writes."""

    def __init__(self, fernet_keys: list[str]) -> None:
        if not fernet_keys:
            raise ValueError("at least one OUTBOX_ENCRYPTION_KEYS key is needed")
        self._keys = [_derive(key) for key in fernet_keys]

    def digest(self, term: Term, key_index: int = 0) -> bytes:
        """The stored form of a term under one key (the writing key by default)."""
        kind, value = term
        if kind not in KINDS:
            raise ValueError(f"unknown search term kind {kind!r}")
        # The kind is hashed with the value, so a name word never matches an e-mail.
        message = kind.encode() + b"\x00" + value.encode("utf-8")
        return hmac.new(self._keys[key_index], message, hashlib.sha256).digest()

    def digests(self, term: Term) -> list[bytes]:
        """A term's digest under every configured key (what a search looks for)."""
        return [self.digest(term, index) for index in range(len(self._keys))]


def _derive(fernet_key: str) -> bytes:
    material = base64.urlsafe_b64decode(fernet_key.encode())
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)


def digests_of(keys: SearchKeys, terms: Iterable[Term]) -> list[bytes]:
    """A registration's terms as the index stores them (under the writing key), each once."""
    return sorted({keys.digest(term) for term in terms})


def store(engine: Engine, keys: SearchKeys, submission_id: str, terms: Iterable[Term]) -> None:
    """Index a registration's terms in a transaction of its own (reindexing)."""
    digests = digests_of(keys, terms)
    with engine.begin() as conn:
        store_in(conn, submission_id, digests)


def store_in(
    conn: Connection, submission_id: str, digests: list[bytes], replace: bool = True
) -> None:
    """Index a registration (`digests`, from digests_of) inside the caller's transaction (the
    one that stores or corrects the registration), replacing what was indexed for it before
    unless it is new. The digests are made before, so the write lock is not held for them."""
    if replace:
        delete_for(conn, submission_id)
    if digests:
        conn.execute(_INSERT, [{"submission_id": submission_id, "digest": d} for d in digests])


def delete_for(conn: Connection, submission_id: str) -> None:
    """Forget one registration's terms (erasure), inside the caller's transaction."""
    conn.execute(delete(search_terms).where(search_terms.c.submission_id == submission_id))


def delete_among(conn: Connection, submission_ids: Select) -> None:
    """Forget the terms of every registration the select names (retention), inside the
    caller's transaction."""
    conn.execute(delete(search_terms).where(search_terms.c.submission_id.in_(submission_ids)))


def matching(keys: SearchKeys, terms: Iterable[Term]) -> Select:
    """The ids of registrations that have every one of the terms, as a subquery."""
    selects = [
        select(search_terms.c.submission_id).where(search_terms.c.digest.in_(keys.digests(term)))
        for term in dict.fromkeys(terms)
    ]
    if not selects:
        raise ValueError("a search needs at least one term")
    if len(selects) == 1:
        return selects[0]
    return select(intersect(*selects).subquery().c.submission_id)
