"""The declarations: each setting once, with its type, default and check, grouped by concern."""

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
    raise ValueError("expected true or false")


def _whole(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError("expected a whole number (0, 1, 2, …)")
    return int(text)


def _number(text: str) -> float:
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError("expected a number such as 10 or 2.5")
    return float(text)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds from '45', '45s', '30m', '12h' or '7d'."""
    match = _DURATION.fullmatch(text.lower())
    if not match:
        raise ValueError("expected a duration such as 30s, 15m, 12h or 7d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _words(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")


def _origins(text: str) -> list[str]:
    origins = _words(text)
    bad = [origin for origin in origins if not _ORIGIN.fullmatch(origin)]
    if bad:
        raise ValueError(f"expected origins like https://www.example.se (no path), not {bad}")
    return origins


def _networks(text: str) -> list:
    return [ipaddress.ip_network(part, strict=False) for part in _words(text)]


def _offices(text: str) -> list[tuple[str, str]]:
    """'M12345=Södermalm, M12346=Solna' -> [(customer id, office name)]."""
    offices = []
    for part in text.split(","):
        customer_id, _, name = part.partition("=")
        customer_id = customer_id.strip()
        if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", customer_id):
            raise ValueError("expected 'M12345=Södermalm, M12346=Solna'")
        offices.append((customer_id, name.strip() or customer_id))
    return offices


def _url(text: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", text):
        raise ValueError("expected an address such as https://connect.maklare.vitec.net")
    return text.rstrip("/")


def _rate(text: str) -> str:
    from limits import parse_many

    parse_many(text)  # raises ValueError on anything it cannot read
    return text


def _choice(*values: str) -> Kind:
    def parse(text: str) -> str:
        if text not in values:
            raise ValueError(f"expected one of {', '.join(values)}")
        return text

    return Kind(" / ".join(values), parse)


def _pattern(name: str, pattern: str) -> Kind:
    """A value that lands in CSS: checked strictly."""

    def parse(text: str) -> str:
        if not re.fullmatch(pattern, text):
            raise ValueError(f"expected {name}")
        return text

    return Kind(name, parse)


def _address(text: str) -> str:
    """One e-mail address, optionally with a display name: `Mäklarbyrån <noreply@mb.se>`."""
    from email.utils import parseaddr

    _name, address = parseaddr(text)
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
        raise ValueError("expected an address such as Mäklarbyrån <noreply@maklarbyran.se>")
    return text


def _housing_types(text: str) -> list[str]:
    """'house rowHouse …' -> Vitec's housing flags, each once, in the order given."""
    types = list(dict.fromkeys(_words(text)))
    if not types or any(kind not in HOUSING_FLAGS for kind in types):
        raise ValueError(f"expected Vitec's housing flags, some of {' '.join(HOUSING_FLAGS)}")
    return types


# Brokers seldom sell premises (Lokal) or tenancies (Hyresrätt) to private buyers.
DEFAULT_HOUSING_TYPES = tuple(kind for kind in HOUSING_FLAGS if kind not in {"premises", "tenancy"})


def _addresses(text: str) -> list[str]:
    return [_address(part) for part in _words(text)]


def _price_bands(text: str) -> list[int]:
    """'2000000,4000000,…' -> rising whole kronor, the bounds between price bands."""
    bounds = [_whole(part) for part in _words(text.replace(" ", ","))]
    if not bounds or any(b <= a for a, b in itertools.pairwise(bounds)) or bounds[0] < 1:
        raise ValueError("expected rising amounts in kronor such as 2000000,4000000,6000000")
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


@dataclass(frozen=True)
class Setting:
    """One environment variable: what it means, how it is read, its default."""

    name: str
    kind: Kind
    default: Any
    doc: str
    group: str
    required: bool = False  # outside sandbox mode
    shown_default: str | None = None  # for the README when the value itself says little

    def read(self, raw: str | None) -> Any:
        """The typed value of `raw` (the environment's text), or the default."""
        if raw is None or not raw.strip():
            default = self.default
            if isinstance(default, str) and self.kind in (NETWORKS, WORDS, ORIGINS):
                return self.kind.parse(default)
            return list(default) if isinstance(default, tuple) else default
        try:
            return self.kind.parse(raw.strip())
        except ValueError as exc:
            raise ConfigError(f"{self.name}: {exc}; got {raw!r}") from exc

    @property
    def default_text(self) -> str:
        if self.shown_default is not None:
            return self.shown_default
        if self.default is None or self.default == ():
            return "unset"
        if isinstance(self.default, bool):
            return "`true`" if self.default else "`false`"
        if isinstance(self.default, float) and self.default.is_integer():
            return f"`{int(self.default)}`"
        return f"`{self.default}`"


def _group(group: str, *rows: tuple) -> list[Setting]:
    return [Setting(*row[:4], group, *row[4:]) for row in rows]


# fmt: off
SETTINGS: tuple[Setting, ...] = (
    *_group(
        "Vitec Connect",
        ("VITEC_BASE_URL", URL, None, "Vitec Connect's address, `https://connect.maklare.vitec.net`"),
        ("VITEC_SANDBOX", BOOL, False, "`true`: run against the built-in sandbox (local runs, tests, demos; never production). One of this and `VITEC_BASE_URL` must be set"),
        ("VITEC_CUSTOMER_ID", TEXT, None, "the default office's customer id (`M12345`, `G2`)"),
        ("VITEC_OFFICES", OFFICES, (), "every office: `M12345=Södermalm, M12346=Solna`; the first (or `VITEC_CUSTOMER_ID`) is the default", False, "the one `VITEC_CUSTOMER_ID`"),
        ("VITEC_USERNAME", TEXT, None, "Basic-auth user; `VITEC_USERNAME_<ID>` overrides it for one office"),
        ("VITEC_PASSWORD", SECRET, None, "its password; `VITEC_PASSWORD_<ID>` for one office (e.g. `VITEC_PASSWORD_M12346`)"),
        ("VITEC_USER_ID", TEXT, None, "the handläggare new contacts are tied to; `VITEC_USER_ID_<ID>` for one office"),
        ("VITEC_CATEGORY_IDS", WORDS, (), "person category ids given to new contacts"),
        ("VITEC_NOTIFY_USER", BOOL, False, "notify the handläggare (needs `VITEC_USER_ID`)"),
        ("VITEC_WATCHED", _choice("Yes", "No", "NotAsked"), "Yes", "should Vitec match and watch the interest"),
        ("VITEC_CONNECT_TIMEOUT", NUMBER, 3.05, "seconds to connect, on every Vitec call"),
        ("VITEC_READ_TIMEOUT", NUMBER, 10.0, "seconds to wait for an answer, on every Vitec call"),
        ("AREAS_FILE", TEXT, None, "JSON file `{\"areas\": [...], \"municipalities\": [...]}` in Vitec's shapes, used before any list was had from Vitec"),
        ("AREAS_CACHE_SECONDS", DURATION, 300.0, "how long reference data (areas, users, …) is cached per office"),
    ),
    *_group(
        "Secrets and storage",
        ("SECRET_KEY", SECRET, None, "signs sessions and form tokens", True),
        ("OUTBOX_ENCRYPTION_KEYS", WORDS, (), "Fernet keys for personal data at rest; the first encrypts, all decrypt (rotation)", True),
        ("DATABASE_URL", TEXT, None, "`postgresql://user:pw@host/db`", False, "an SQLite file in `instance/`"),
    ),
    *_group(
        "The forms",
        ("BROKER_NAME", TEXT, "Mäklarbyrån", "the broker's name as the pages show it"),
        ("PUBLIC_URL", URL, None, "the service's public address, e.g. `https://intresse.maklarbyran.se`; links written for other sites and for e-mails are made from it, never from a request's `Host`", True, "required (`http://127.0.0.1:5000` in sandbox mode)"),
        ("PRIVACY_POLICY_URL", TEXT, "/integritet", "the privacy policy the consent links to"),
        ("HOUSING_TYPES", Kind("Vitec's housing flags", _housing_types), DEFAULT_HOUSING_TYPES, "the housing types the buyer's form offers, in this order, as Vitec's flags: `house`, `rowHouse`, `housingCooperative`, `cottage`, `plot`, `farm`, `premises` (Lokal), `tenancy` (Hyresrätt), `foreignProperty`, `otherHousing`; the staff form offers every type", False, "all but `premises` and `tenancy`"),
        ("CONSENT_TEXT", TEXT, "Jag samtycker till att {broker} behandlar mina uppgifter för att hantera min intresseanmälan.", "consent text of the public forms (`{broker}` is replaced)", False, "Swedish default"),
        ("MARKETING_TEXT", TEXT, "Jag vill få nyheter och erbjudanden från {broker}.", "the news-and-offers text of the public forms", False, "Swedish default"),
        ("STAFF_CONSENT_TEXT", TEXT, "Personen har fått information om hur {broker} behandlar personuppgifter och har samtyckt.", "the consent text staff confirm", False, "Swedish default"),
        ("STAFF_MARKETING_TEXT", TEXT, "Personen vill få nyheter och erbjudanden.", "the news-and-offers text on the staff form", False, "Swedish default"),
        ("FORM_MIN_SECONDS", NUMBER, 3.0, "a post sooner than this after rendering is a bot's (`0`: time trap off)"),
        ("FORM_RATE_LIMIT", RATE, "20 per hour", "posts of the forms per address"),
        ("FORM_RATE_LIMIT_GLOBAL", RATE, "600 per minute", "posts of the forms from all addresses together"),
        ("EMBED_TOKEN_MAX_AGE", DURATION, 4 * 3600.0, "how long a rendered form's signed token is valid", False, "`4h`"),
        ("FRAME_ANCESTORS", ORIGINS, (), "origins that may frame `/embed`, space separated", False, "none (only this site)"),
        ("EMBED_ACCENT_COLOR", _pattern("a colour like #0b5c4d", r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?"), "#0b5c4d", "the embed's accent colour"),
        ("EMBED_FONT_FAMILY", _pattern("a font list", r"[A-Za-z0-9 ,\"'-]{1,120}"), "inherit", "the embed's font"),
        ("EMBED_SPACING", _pattern("a length like 1rem", r"\d+(\.\d+)?(rem|em|px)"), "1rem", "the embed's spacing"),
    ),
    *_group(
        "Delivery to Vitec",
        ("DELIVERY_IN_PROCESS", BOOL, False, "run a delivery worker inside the web process (`make run`)"),
        ("DELIVERY_CONCURRENCY", WHOLE, 3, "requests to Vitec at once, per worker process"),
        ("DELIVERY_RATE", NUMBER, 10.0, "requests a second to Vitec per worker process (`0`: no limit)"),
        ("DELIVERY_BATCH_SIZE", WHOLE, 20, "rows a worker claims at a time"),
        ("DELIVERY_LEASE_SECONDS", DURATION, 300.0, "how long a claim holds"),
        ("DELIVERY_BACKOFF_BASE", DURATION, 5.0, "first retry delay (exponential, full jitter)"),
        ("DELIVERY_BACKOFF_CAP", DURATION, 3600.0, "longest retry delay"),
        ("DELIVERY_AUTH_RETRY", DURATION, 900.0, "retry interval while Vitec answers 401/403"),
        ("DELIVERY_MAX_AGE", DURATION, 7 * 86400.0, "after this a still failing row is `dead`", False, "`7d`"),
        ("DELIVERY_POLL_SECONDS", DURATION, 1.0, "how often an idle worker looks for due rows"),
        ("READY_MAX_WAITING_SECONDS", DURATION, 3600.0, "`/readyz` fails when the oldest waiting row is older", False, "`1h`"),
    ),
    *_group(
        "E-mail",
        ("SMTP_URL", SMTP_URL, None, "the mail server: `smtp://host:25`, `smtps://host:465` (TLS), `smtp+starttls://host:587` or `smtp://host:587?starttls=true`; a user and password may be given as `smtps://user:password@host`. Unset: no e-mail (in sandbox mode the sandbox catches it)"),
        ("SMTP_USERNAME", TEXT, None, "the mail server's user, when not in `SMTP_URL`"),
        ("SMTP_PASSWORD", SECRET, None, "its password, when not in `SMTP_URL`"),
        ("SMTP_TIMEOUT", NUMBER, 10.0, "seconds to wait for the mail server, on every step"),
        ("MAIL_FROM", ADDRESS, None, "the sender of every e-mail, `Mäklarbyrån <noreply@maklarbyran.se>` (needed with `SMTP_URL`)"),
        ("MAIL_REPLY_TO", ADDRESS, None, "where replies to the receipt go, e.g. `info@maklarbyran.se`"),
        ("RECEIPT_ENABLED", BOOL, None, "send the buyer a receipt of the registration", False, "`true` when e-mail is set up"),
        ("RECEIPT_MAX_PER_DAY", WHOLE, 3, "receipts to one address in 24 hours, at most"),
        ("ALERT_EMAIL", ADDRESSES, (), "who is told when Vitec refuses a registration or the login, or one turns dead: one or more addresses"),
        ("ALERT_INTERVAL", DURATION, 900.0, "alarms are collected into one e-mail per interval", False, "`15m`"),
    ),
    *_group(
        "Privacy",
        ("DELIVERED_RETENTION_DAYS", NUMBER, 7.0, "days a delivered registration's personal data is kept"),
        ("RETENTION_DAYS", NUMBER, 365.0, "days any registration's personal data is kept"),
    ),
    *_group(
        "The broker (privacy page and receipt)",
        ("BROKER_ORG_NUMBER", TEXT, None, "the broker's organisation number, on `/integritet`; required outside sandbox mode while `PRIVACY_POLICY_URL` is `/integritet`", False, "unset (an example in sandbox mode)"),
        ("BROKER_ADDRESS", TEXT, None, "the broker's postal address, on `/integritet` (required likewise) and in the receipt (needed with receipts)", False, "unset (an example in sandbox mode)"),
        ("BROKER_EMAIL", TEXT, None, "where a buyer writes about their data, on `/integritet` (required likewise)", False, "unset (an example in sandbox mode)"),
        ("BROKER_CONTACT", TEXT, None, "how buyers reach the broker, in the receipt: `08-123 45 67, info@maklarbyran.se`", False, "unset (an example in sandbox mode)"),
    ),
    *_group(
        "Seller leads",
        ("VALUATION_TASK_ID", TEXT, None, "predefined Vitec task (from `GET /Task/GetTasks`) created for the office's handläggare when a buyer asks for a free valuation; unset: the question is not asked"),
    ),
    *_group(
        "Efterfrågan (statistics)",
        ("DEMAND_PRICE_BANDS", Kind("kronor, rising", _price_bands), (2_000_000, 4_000_000, 6_000_000, 10_000_000), "the bounds of the price bands the statistics put each highest price in (`under 2 Mkr`, `2–4 Mkr`, …, `över 10 Mkr`)", False, "`2000000,4000000,6000000,10000000`"),
        ("DEMAND_FLUSH_SECONDS", DURATION, 10.0, "form views and registrations are added up in memory and written to the statistics this often (`0`: each at once)"),
    ),
    *_group(
        "Staff and limits",
        ("LOGIN_RATE_LIMIT", RATE, "10 per 5 minutes", "staff login attempts per address"),
        ("RATELIMIT_STORAGE_URI", TEXT, "memory://", "where limits are counted, e.g. `redis://127.0.0.1:6379`"),
        ("RATELIMIT_KEY_PREFIX", TEXT, "intresseanmalan", "prefix of the limit keys (several services on one Redis)"),
        ("SESSION_COOKIE_SECURE", BOOL, None, "cookies only over HTTPS", False, "`true`, except in sandbox mode"),
        ("PROXY_FIX_HOPS", WHOLE, 0, "how many reverse proxies to trust for the client address, scheme and host"),
    ),
    *_group(
        "Staff sessions and hosts",
        ("STAFF_IDLE_TIMEOUT", DURATION, 1800.0, "a staff session unused this long ends", False, "`30m`"),
        ("STAFF_SESSION_MAX_AGE", DURATION, 12 * 3600.0, "a staff session ends this long after the login, in use or not", False, "`12h`"),
        ("TRUSTED_HOSTS", WORDS, (), "the host names the service answers to (`intresse.maklarbyran.se`; `.maklarbyran.se` for every subdomain); any other `Host` gets a 400", False, "any host"),
    ),
    *_group(
        "Operations",
        ("LOG_FORMAT", _choice("json", "text"), "json", "one JSON line per event, or text for reading by eye"),
        ("METRICS_ALLOWED", NETWORKS, "127.0.0.1/32 ::1/128", "who may read `/metrics`: addresses or networks"),
        ("METRICS_TOKEN", SECRET, None, "or a bearer token that may"),
        ("BIND", TEXT, "0.0.0.0:8000", "gunicorn's address"),
        ("WEB_CONCURRENCY", WHOLE, 2, "gunicorn workers"),
        ("GUNICORN_THREADS", WHOLE, 4, "threads per gunicorn worker"),
    ),
)
# fmt: on

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
