"""A registration's reference as a person reads it aloud: six characters in two groups
(`K7M-4PX`), derived from the submission id, from an alphabet without look-alikes (no 0/O,
1/I/L), so that it survives a phone call and a handwritten note."""

from __future__ import annotations

import re

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
_GROUP = LENGTH // 2
# Typed back by staff: either case, the groups joined by a hyphen or a space, or not at all
# when a digit shows it is no name.
_TYPED = re.compile(rf"([{ALPHABET}]{{{_GROUP}}})[-\s]?([{ALPHABET}]{{{_GROUP}}})", re.IGNORECASE)


def spoken_reference(submission_id: str) -> str:
    """`aaaa…` (32 hex digits) -> `HBS-QUX`: the id's lowest base-31 digits, grouped."""
    number = int(submission_id, 16)
    characters = []
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[digit])
    text = "".join(characters)
    return f"{text[:_GROUP]}-{text[_GROUP:]}"


def read_reference(text: str) -> str | None:
    """The reference typed in `text`, in its written form (`hbs-qux` -> `HBS-QUX`); None when
    `text` is not one. Without the hyphen (`3y5 zmx`, `3y5zmx`) only when it holds a digit:
    six letters are more likely a name ("Ann Eva")."""
    typed = text.strip()
    found = _TYPED.fullmatch(typed)
    if found is None or ("-" not in typed and not any(ch.isdigit() for ch in typed)):
        return None
    return f"{found[1].upper()}-{found[2].upper()}"
