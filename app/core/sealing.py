"""Personal data at rest: payloads are Fernet-encrypted in the outbox."""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SealError(Exception):
    """A stored payload could not be opened (wrong or missing key)."""


class PayloadSealer:
    """Encrypts with the first key and opens with any, so keys can be rotated."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one OUTBOX_ENCRYPTION_KEYS key is needed")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def seal(self, payload: dict[str, Any]) -> bytes:
        """Encrypt a payload for storage."""
        return self._fernet.encrypt(json.dumps(payload, ensure_ascii=False).encode())

    def open(self, token: bytes) -> dict[str, Any]:
        """Decrypt a stored payload."""
        try:
            # json reads the UTF-8 that seal() wrote straight from the bytes.
            return json.loads(self._fernet.decrypt(bytes(token)))
        except InvalidToken as exc:
            raise SealError("payload cannot be decrypted with the configured keys") from exc


def new_key() -> str:
    """A fresh Fernet key."""
    return Fernet.generate_key().decode()
