"""How a setting's text is read: each kind of value with its parser, which says in Swedish
what was expected."""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.vitec.payload import HOUSING_FLAGS


class ConfigError(RuntimeError):
    """Raised at start-up when a required setting is missing or malformed."""


@dataclass(frozen=True)
class Kind:
    """How a setting's text is read; `parse` raises ValueError with what was expected."""

    name: str
    parse: Callable[[str], Any]


def _bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in {"1", "true", "yes", "ja", "on"}:
        return True
    if lowered in {"0", "false", "no", "nej", "off"}:
        return False
    raise ValueError("ange true eller false")


def _whole(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError("ange ett heltal (0, 1, 2, …)")
    return int(text)


def _number(text: str) -> float:
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError("ange ett tal som 10 eller 2.5")
    return float(text)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds from '45', '45s', '30m', '12h' or '7d'."""
    match = _DURATION.fullmatch(text.lower())
    if not match:
        raise ValueError("ange en tid som 30s, 15m, 12h eller 7d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _words(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")


def _origins(text: str) -> list[str]:
    origins = _words(text)
    bad = [origin for origin in origins if not _ORIGIN.fullmatch(origin)]
    if bad:
        raise ValueError(f"ange ursprung som https://www.example.se (utan sökväg), inte {bad}")
    return origins


def _networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(part, strict=False) for part in _words(text)]


def prefix_length(text: str) -> int:
    value = _whole(text)
    if not 16 <= value <= 128:
        raise ValueError("ange en IPv6-prefixlängd från 16 till 128, som 64 eller 56")
    return value


def _offices(text: str) -> list[tuple[str, str]]:
    """'M12345=Södermalm, M12346=Solna' -> [(customer id, office name)]."""
    offices = []
    for part in text.split(","):
        customer_id, _, name = part.partition("=")
        customer_id = customer_id.strip()
        if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", customer_id):
            raise ValueError("ange kontor som 'M12345=Södermalm, M12346=Solna'")
        offices.append((customer_id, name.strip() or customer_id))
    return offices


def _url(text: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", text):
        raise ValueError("ange en adress som https://connect.maklare.vitec.net")
    return text.rstrip("/")


def _rate(text: str) -> str:
    from limits import parse_many

    try:
        parse_many(text)
    except ValueError:
        raise ValueError("ange en gräns som '20 per hour' eller '600 per minute'") from None
    return text


def choice(*values: str) -> Kind:
    def parse(text: str) -> str:
        if text not in values:
            raise ValueError(f"ange ett av {', '.join(values)}")
        return text

    return Kind(" / ".join(values), parse)


def pattern(name: str, pattern: str, swedish: str) -> Kind:
    """A value that lands in CSS: checked strictly."""

    def parse(text: str) -> str:
        if not re.fullmatch(pattern, text):
            raise ValueError(f"ange {swedish}")
        return text

    return Kind(name, parse)


def _address(text: str) -> str:
    """One e-mail address, optionally with a display name: `Mäklarbyrån <noreply@mb.se>`."""
    from email.utils import parseaddr

    _name, address = parseaddr(text)
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
        raise ValueError("ange en adress som Mäklarbyrån <noreply@maklarbyran.se>")
    return text


def _housing_types(text: str) -> list[str]:
    """'house rowHouse …' -> Vitec's housing flags, each once, in the order given."""
    types = list(dict.fromkeys(_words(text)))
    if not types or any(kind not in HOUSING_FLAGS for kind in types):
        raise ValueError(f"ange Vitecs bostadstyper, några av {' '.join(HOUSING_FLAGS)}")
    return types


# Brokers seldom sell premises (Lokal) or tenancies (Hyresrätt) to private buyers.
DEFAULT_HOUSING_TYPES = tuple(kind for kind in HOUSING_FLAGS if kind not in {"premises", "tenancy"})
HOUSING_TYPES = Kind("Vitec's housing flags", _housing_types)


def _addresses(text: str) -> list[str]:
    return [_address(part) for part in _words(text)]


def price_bands(text: str) -> list[int]:
    """'2000000,4000000,…' -> rising whole kronor, the bounds between price bands."""
    bounds = [_whole(part) for part in _words(text.replace(" ", ","))]
    if not bounds or any(b <= a for a, b in itertools.pairwise(bounds)) or bounds[0] < 1:
        raise ValueError("ange stigande belopp i kronor som 2000000,4000000,6000000")
    return bounds


TEXT, SECRET, URL = Kind("text", str), Kind("secret", str), Kind("URL", _url)
BOOL, WHOLE, NUMBER = (
    Kind("true/false", _bool),
    Kind("whole number", _whole),
    Kind("number", _number),
)
DURATION, RATE = Kind("duration", parse_duration), Kind("rate", _rate)
WORDS, ORIGINS = Kind("list", _words), Kind("origins", _origins)
NETWORKS, OFFICES = Kind("networks", _networks), Kind("offices", _offices)
# SMTP_URL may hold a password: checked in app/settings/mail.py, where no error repeats it.
SMTP_URL, ADDRESS = Kind("SMTP URL (secret)", str), Kind("address", _address)
ADDRESSES = Kind("addresses", _addresses)
