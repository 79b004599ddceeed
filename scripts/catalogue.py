"""Compile the command line's Swedish catalogue (app/locale/sv/LC_MESSAGES/*.po) into the .mo
file Python's gettext reads: run after editing it (`make catalogue`). Standard library only, so
neither the image nor a fresh clone needs GNU gettext's msgfmt; it reads only what that .po uses
(one-line strings, plural forms, comments)."""

from __future__ import annotations

import ast
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "app" / "locale" / "sv" / "LC_MESSAGES"
SOURCE = FOLDER / "intresseanmalan.po"
TARGET = SOURCE.with_suffix(".mo")


def read_po(text: str) -> dict[str, str]:
    """msgid -> msgstr; a plural entry is keyed and valued by its forms joined with NUL."""
    messages: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    last = ""

    def close() -> None:
        if "msgid" in entry:
            key = "\0".join(entry["msgid"] + entry.get("msgid_plural", []))
            forms = [entry[k] for k in sorted(entry) if k.startswith("msgstr")]
            messages[key] = "\0".join("".join(form) for form in forms)
        entry.clear()

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line:  # a blank line ends an entry
            close()
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):  # a continuation of the keyword before
            entry[last].append(ast.literal_eval(line))
            continue
        keyword, _, quoted = line.partition(" ")
        if keyword == "msgid" and "msgid" in entry:
            close()
        last = keyword
        entry.setdefault(keyword, []).append(ast.literal_eval(quoted))
    close()
    return messages


def compile_po(text: str) -> bytes:
    """The GNU .mo bytes of a .po text: keys sorted, no hash table."""
    messages = sorted((k.encode(), v.encode()) for k, v in read_po(text).items())
    count = len(messages)
    header = 7 * 4
    table = header + 16 * count  # two tables of (length, offset) pairs
    keys = values = b""
    key_index, value_index = [], []
    for key, value in messages:
        key_index.append((len(key), len(keys)))
        keys += key + b"\0"
        value_index.append((len(value), len(values)))
        values += value + b"\0"
    key_start = table
    value_start = key_start + len(keys)
    out = struct.pack("<7I", 0x950412DE, 0, count, header, header + 8 * count, 0, table)
    out += b"".join(struct.pack("<2I", n, key_start + at) for n, at in key_index)
    out += b"".join(struct.pack("<2I", n, value_start + at) for n, at in value_index)
    return out + keys + values


if __name__ == "__main__":
    TARGET.write_bytes(compile_po(SOURCE.read_text(encoding="utf-8")))
