"""Sealing a payload at rest: what a sealed token holds, and the errors named for operators."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from app.core.sealing import PayloadSealer, SealError, new_key


def test_a_sealed_payload_keeps_swedish_letters_as_utf8_inside():
    key = new_key()
    token = PayloadSealer([key]).seal({"förnamn": "Åsa", "ort": "Växjö"})
    inside = Fernet(key.encode()).decrypt(token)
    assert inside == '{"förnamn": "Åsa", "ort": "Växjö"}'.encode()
    assert PayloadSealer([key]).open(token) == {"förnamn": "Åsa", "ort": "Växjö"}


def test_sealing_uses_the_first_key_and_opening_any():
    first, second = new_key(), new_key()
    token = PayloadSealer([first, second]).seal({"a": 1})
    assert Fernet(first.encode()).decrypt(token) == b'{"a": 1}'
    assert PayloadSealer([second, first]).open(memoryview(token)) == {"a": 1}


def test_no_key_stops_start_up_with_the_setting_named():
    with pytest.raises(ValueError, match=r"^at least one OUTBOX_ENCRYPTION_KEYS key is needed$"):
        PayloadSealer([])


def test_a_wrong_key_says_the_payload_cannot_be_opened():
    token = PayloadSealer([new_key()]).seal({"a": 1})
    with pytest.raises(SealError, match=r"^payload cannot be decrypted with the configured keys$"):
        PayloadSealer([new_key()]).open(token)
