"""The declarations: each setting once, with its type, default and check, grouped by concern."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.settings.kinds import (
    ADDRESS,
    ADDRESSES,
    BOOL,
    DEFAULT_HOUSING_TYPES,
    DURATION,
    HOUSING_TYPES,
    NETWORKS,
    NUMBER,
    OFFICES,
    ORIGINS,
    RATE,
    SECRET,
    SMTP_URL,
    TEXT,
    URL,
    WHOLE,
    WORDS,
    ConfigError,
    Kind,
    choice,
    pattern,
    prefix_length,
    price_bands,
)

__all__ = ["BY_NAME", "SETTINGS", "ConfigError", "Setting"]


@dataclass(frozen=True)
class Setting:
    """One environment variable: what it means, how it is read, its default."""

    name: str
    kind: Kind
    default: Any
    doc: str
    group: str
    required: bool = False  # outside sandbox mode
    shown_default: str | None = None  # for docs/configuration.md when the value says little

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
            raise ConfigError(f"{self.name}: {exc}; nu står det {raw!r}") from exc

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
        ("VITEC_WATCHED", choice("Yes", "No", "NotAsked"), "Yes", "should Vitec match and watch the interest"),
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
        ("PUBLIC_URL", URL, None, "the service's public address, e.g. `https://intresse.maklarbyran.se`; links written for other sites and for e-mails are made from it, never from a request's `Host`", True, "required (`http://127.0.0.1:PORT` in sandbox mode)"),
        ("PRIVACY_POLICY_URL", TEXT, "/integritet", "the privacy policy the consent links to"),
        ("HOUSING_TYPES", HOUSING_TYPES, DEFAULT_HOUSING_TYPES, "the housing types the buyer's form offers, in this order, as Vitec's flags: `house`, `rowHouse`, `housingCooperative`, `cottage`, `plot`, `farm`, `premises` (Lokal), `tenancy` (Hyresrätt), `foreignProperty`, `otherHousing`; the staff form offers every type", False, "all but `premises` and `tenancy`"),
        ("CONSENT_TEXT", TEXT, "Jag samtycker till att {broker} behandlar mina uppgifter för att hantera min intresseanmälan.", "consent text of the public forms (`{broker}` is replaced)", False, "Swedish default"),
        ("MARKETING_TEXT", TEXT, "Jag vill få nyheter och erbjudanden från {broker}.", "the news-and-offers text of the public forms", False, "Swedish default"),
        ("STAFF_CONSENT_TEXT", TEXT, "Personen har fått information om hur {broker} behandlar personuppgifter och har samtyckt.", "the consent text staff confirm", False, "Swedish default"),
        ("STAFF_MARKETING_TEXT", TEXT, "Personen vill få nyheter och erbjudanden.", "the news-and-offers text on the staff form", False, "Swedish default"),
        ("FORM_MIN_SECONDS", NUMBER, 3.0, "a post sooner than this after rendering gets the form back, everything kept, to be sent once more (`0`: time trap off)"),
        ("FORM_RATE_LIMIT", RATE, "60 per hour", "rendered forms posted per address (an IPv6 client: per network, see `RATE_LIMIT_IPV6_PREFIX`); a form counts once, correcting its errors is free; sized for many buyers behind one shared address (README: \"Limits, and why these numbers\")"),
        ("FORM_RATE_LIMIT_GLOBAL", RATE, "600 per minute", "rendered forms posted from all addresses together; refused posts do not count"),
        ("EMBED_TOKEN_MAX_AGE", DURATION, 4 * 3600.0, "how long a rendered form's signed token is valid", False, "`4h`"),
        ("FRAME_ANCESTORS", ORIGINS, (), "origins that may frame `/embed`, space separated", False, "none (only this site)"),
        ("EMBED_ACCENT_COLOR", pattern("a colour like #0b5c4d", r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", "en färg som #0b5c4d"), "#0b5c4d", "the embed's accent colour"),
        ("EMBED_FONT_FAMILY", pattern("a font list", r"[A-Za-z0-9 ,\"'-]{1,120}", "en lista med typsnitt"), "inherit", "the embed's font"),
        ("EMBED_SPACING", pattern("a length like 1rem", r"\d+(\.\d+)?(rem|em|px)", "en längd som 1rem"), "1rem", "the embed's spacing"),
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
        ("DELIVERY_AUTH_RETRY", DURATION, 900.0, "retry interval while Vitec answers 401/403; also for e-mail held by a refused login or a template fault"),
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
        ("RECEIPT_MAX_PER_DAY", WHOLE, 3, "receipts to one address in 24 hours, at most (the address counted as delivered: case, a `+tag` and Gmail's dots do not make another)"),
        ("RECEIPT_HOURLY_CEILING", WHOLE, 200, "receipts sent in one clock hour, at most, service-wide; the rest wait for the next hour (never dropped) and `ALERT_EMAIL` is told once. `0`: no ceiling"),
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
        ("DEMAND_PRICE_BANDS", Kind("kronor, rising", price_bands), (2_000_000, 4_000_000, 6_000_000, 10_000_000), "the bounds of the price bands the statistics put each highest price in (`högst 2 Mkr`, `över 2 till och med 4 Mkr`, …, `över 10 Mkr`)", False, "`2000000,4000000,6000000,10000000`"),
        ("DEMAND_FLUSH_SECONDS", DURATION, 10.0, "form views and registrations are added up in memory and written to the statistics this often (`0`: each at once)"),
    ),
    *_group(
        "Staff and limits",
        ("LOGIN_RATE_LIMIT", RATE, "10 per 5 minutes", "staff login attempts per address"),
        ("RATE_LIMIT_IPV6_PREFIX", Kind("prefix length", prefix_length), 64, "an IPv6 client is counted by its network of this many bits, not by each address (a subscriber gets at least a /64 and may use any address in it)"),
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
        ("LOG_FORMAT", choice("json", "text"), "json", "one JSON line per event, or text for reading by eye"),
        ("METRICS_ALLOWED", NETWORKS, "127.0.0.1/32 ::1/128", "who may read `/metrics`: addresses or networks"),
        ("METRICS_TOKEN", SECRET, None, "or a bearer token that may"),
        ("PORT", WHOLE, 5000, "the port `make run` serves on; in sandbox mode `PUBLIC_URL` follows it"),
        ("BIND", TEXT, "0.0.0.0:8000", "gunicorn's address"),
        ("WEB_CONCURRENCY", WHOLE, 2, "gunicorn workers"),
        ("GUNICORN_THREADS", WHOLE, 4, "threads per gunicorn worker"),
    ),
)
# fmt: on

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
