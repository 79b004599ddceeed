"""Writes app/settings/typed.py from the declarations, so that each setting is declared once and
read everywhere as a typed attribute (`python -m app.settings.codegen`; a test checks it)."""

from __future__ import annotations

import sys
from pathlib import Path

from app.settings.declarations import SETTINGS, Setting

TARGET = Path(__file__).with_name("typed.py")
# Worked out at start-up from the declared ones (app/settings/loading.py and mail.py).
DERIVED = (
    ("OFFICES", "Offices", "the offices, each with its Vitec login"),
    ("MAIL_SERVER", "SmtpServer | None", "the SMTP server from SMTP_URL"),
    ("MAIL_ENABLED", "bool", "whether any e-mail is sent (or caught in sandbox mode)"),
    ("CLOCK", "Callable[[], datetime] | None", "a clock the tests inject"),
)
HEADER = '''"""The settings as one frozen object of typed attributes. Generated from declarations.py
by `python -m app.settings.codegen`: do not edit by hand (a test compares them)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from app.mail.smtp import SmtpServer
from app.vitec.offices import Offices


@dataclass(frozen=True)
class Settings:
    """Every setting after start-up's checks; read as `settings.public_url`, never by a string."""

'''
FOOTER = '''
    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """The settings from a checked configuration mapping (the app's config)."""
        return cls(**{field.name: config.get(field.name.upper()) for field in fields(cls)})
'''


def python_type(setting: Setting) -> str:
    """The attribute's type: what the setting's parser returns, or None when unset by default."""
    parse = setting.kind.parse
    hint = parse.__annotations__.get("return", "str") if parse is not str else "str"
    return f"{hint} | None" if setting.default is None else hint


def typed_source() -> str:
    """The text of typed.py for the declarations as they are now."""
    lines = [f"    {s.name.lower()}: {python_type(s)}\n" for s in SETTINGS]
    lines.append("    # Worked out at start-up from the ones above.\n")
    lines += [f"    {name.lower()}: {kind}  # {doc}\n" for name, kind, doc in DERIVED]
    return HEADER + "".join(lines) + FOOTER


if __name__ == "__main__":
    TARGET.write_text(typed_source(), encoding="utf-8")
    sys.exit(0)
