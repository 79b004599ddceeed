"""Every setting in one place, read from the environment."""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Mapping
from typing import Any

SANDBOX_USERNAME = "sandbox"
SANDBOX_PASSWORD = "sandbox-losenord"  # noqa: S105 - the sandbox's public test login
SANDBOX_CUSTOMER_ID = "M12345"
SANDBOX_USER_ID = "HAN001"

# Settings that must come from the environment when talking to the real Vitec.
REQUIRED_OUTSIDE_SANDBOX = (
    "SECRET_KEY",
    "OUTBOX_ENCRYPTION_KEYS",
    "VITEC_USERNAME",
    "VITEC_PASSWORD",
    "VITEC_CUSTOMER_ID",
)
DEV_SECRETS_FILE = "dev-secrets.json"


class ConfigError(RuntimeError):
    """Raised at start-up when a required setting is missing or malformed."""


def _env_bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _env_list(value: str | None) -> list[str]:
    if not value:
        return []
    return [part for part in value.replace(",", " ").split() if part]


def _env_float(name: str, value: str | None, default: float) -> float:
    if value is None or value.strip() == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {value!r}") from exc


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(name: str, value: str | None, default: float) -> float:
    """Seconds from '45', '45s', '30m', '12h' or '7d'."""
    if value is None or value.strip() == "":
        return default
    match = _DURATION.match(value.lower())
    if not match:
        raise ConfigError(f"{name} must be a duration like 30s, 15m, 12h or 7d, got {value!r}")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")
_FONT_FAMILY = re.compile(r"^[A-Za-z0-9 ,\"'-]{1,120}$")
_LENGTH = re.compile(r"^\d+(\.\d+)?(rem|em|px)$")


def _origins(name: str, value: str | None) -> list[str]:
    """Space-separated origins such as https://www.maklare.se (no path, no wildcard)."""
    origins = _env_list(value)
    bad = [origin for origin in origins if not _ORIGIN.match(origin)]
    if bad:
        raise ConfigError(f"{name} takes origins like https://www.example.se; not {bad}")
    return origins


def _networks(name: str, value: str) -> list:
    """Address ranges such as '10.0.0.0/8 127.0.0.1/32'."""
    import ipaddress

    try:
        return [ipaddress.ip_network(part, strict=False) for part in _env_list(value)]
    except ValueError as exc:
        raise ConfigError(f"{name} takes addresses or networks, got {value!r}") from exc


def _offices(value: str | None) -> list[tuple[str, str]]:
    """'M12345=Södermalm, M12346=Solna' -> [(customer id, office name)]."""
    offices = []
    for part in (value or "").split(","):
        if part.strip():
            customer_id, _, name = part.partition("=")
            offices.append((customer_id.strip(), name.strip() or customer_id.strip()))
    return offices


def _css_value(name: str, value: str | None, default: str, pattern: re.Pattern) -> str:
    """A value that goes into CSS: checked strictly, since it lands in a stylesheet."""
    if value is None or value.strip() == "":
        return default
    if not pattern.match(value.strip()):
        raise ConfigError(f"{name} has an unusable value {value!r}")
    return value.strip()


def load_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read settings from the environment into a flat dict for app.config."""
    env = os.environ if environ is None else environ
    base_url = (env.get("VITEC_BASE_URL") or "").strip().rstrip("/")
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "VITEC_BASE_URL": base_url or None,
        "VITEC_USERNAME": env.get("VITEC_USERNAME") or None,
        "VITEC_PASSWORD": env.get("VITEC_PASSWORD") or None,
        "VITEC_CUSTOMER_ID": env.get("VITEC_CUSTOMER_ID") or None,
        "VITEC_USER_ID": env.get("VITEC_USER_ID") or None,
        "VITEC_CATEGORY_IDS": _env_list(env.get("VITEC_CATEGORY_IDS")),
        "VITEC_NOTIFY_USER": _env_bool(env.get("VITEC_NOTIFY_USER"), False),
        "VITEC_WATCHED": (env.get("VITEC_WATCHED") or "Yes").strip(),
        "VITEC_CONNECT_TIMEOUT": _env_float(
            "VITEC_CONNECT_TIMEOUT", env.get("VITEC_CONNECT_TIMEOUT"), 3.05
        ),
        "VITEC_READ_TIMEOUT": _env_float("VITEC_READ_TIMEOUT", env.get("VITEC_READ_TIMEOUT"), 10.0),
        "AREAS_FILE": env.get("AREAS_FILE") or None,
        "AREAS_CACHE_SECONDS": _env_float(
            "AREAS_CACHE_SECONDS", env.get("AREAS_CACHE_SECONDS"), 300.0
        ),
        "DATABASE_URL": env.get("DATABASE_URL") or None,
        "OUTBOX_ENCRYPTION_KEYS": _env_list(env.get("OUTBOX_ENCRYPTION_KEYS")),
        "DELIVERY_IN_PROCESS": _env_bool(env.get("DELIVERY_IN_PROCESS"), False),
        "DELIVERY_BATCH_SIZE": int(
            _env_float("DELIVERY_BATCH_SIZE", env.get("DELIVERY_BATCH_SIZE"), 20)
        ),
        "DELIVERY_CONCURRENCY": int(
            _env_float("DELIVERY_CONCURRENCY", env.get("DELIVERY_CONCURRENCY"), 3)
        ),
        "DELIVERY_RATE": _env_float("DELIVERY_RATE", env.get("DELIVERY_RATE"), 10.0),
        "DELIVERY_LEASE_SECONDS": parse_duration(
            "DELIVERY_LEASE_SECONDS", env.get("DELIVERY_LEASE_SECONDS"), 300.0
        ),
        "DELIVERY_BACKOFF_BASE": parse_duration(
            "DELIVERY_BACKOFF_BASE", env.get("DELIVERY_BACKOFF_BASE"), 5.0
        ),
        "DELIVERY_BACKOFF_CAP": parse_duration(
            "DELIVERY_BACKOFF_CAP", env.get("DELIVERY_BACKOFF_CAP"), 3600.0
        ),
        "DELIVERY_AUTH_RETRY": parse_duration(
            "DELIVERY_AUTH_RETRY", env.get("DELIVERY_AUTH_RETRY"), 900.0
        ),
        "DELIVERY_MAX_AGE": parse_duration(
            "DELIVERY_MAX_AGE", env.get("DELIVERY_MAX_AGE"), 7 * 86400.0
        ),
        "DELIVERY_POLL_SECONDS": parse_duration(
            "DELIVERY_POLL_SECONDS", env.get("DELIVERY_POLL_SECONDS"), 1.0
        ),
        "READY_MAX_WAITING_SECONDS": parse_duration(
            "READY_MAX_WAITING_SECONDS", env.get("READY_MAX_WAITING_SECONDS"), 3600.0
        ),
        "DELIVERED_RETENTION_DAYS": _env_float(
            "DELIVERED_RETENTION_DAYS", env.get("DELIVERED_RETENTION_DAYS"), 7.0
        ),
        "BROKER_NAME": env.get("BROKER_NAME") or "Mäklarbyrån",
        "PRIVACY_POLICY_URL": env.get("PRIVACY_POLICY_URL") or "/integritet",
        "CONSENT_TEXT": env.get("CONSENT_TEXT")
        or "Jag samtycker till att {broker} behandlar mina uppgifter för att hantera min "
        "intresseanmälan.",
        "MARKETING_TEXT": env.get("MARKETING_TEXT")
        or "Jag vill få nyheter och erbjudanden från {broker}.",
        "STAFF_CONSENT_TEXT": env.get("STAFF_CONSENT_TEXT")
        or "Personen har fått information om hur {broker} behandlar personuppgifter och har "
        "samtyckt.",
        "STAFF_MARKETING_TEXT": env.get("STAFF_MARKETING_TEXT")
        or "Personen vill få nyheter och erbjudanden.",
        "RETENTION_DAYS": _env_float("RETENTION_DAYS", env.get("RETENTION_DAYS"), 365.0),
        "FORM_MIN_SECONDS": _env_float("FORM_MIN_SECONDS", env.get("FORM_MIN_SECONDS"), 3.0),
        "FORM_RATE_LIMIT": env.get("FORM_RATE_LIMIT") or "20 per hour",
        "FORM_RATE_LIMIT_GLOBAL": env.get("FORM_RATE_LIMIT_GLOBAL") or "600 per minute",
        "RATELIMIT_KEY_PREFIX": env.get("RATELIMIT_KEY_PREFIX") or "intresseanmalan",
        "LOG_FORMAT": (env.get("LOG_FORMAT") or "json").strip().lower(),
        "METRICS_TOKEN": env.get("METRICS_TOKEN") or None,
        "METRICS_ALLOWED_NETWORKS": _networks(
            "METRICS_ALLOWED", env.get("METRICS_ALLOWED") or "127.0.0.1/32 ::1/128"
        ),
        "PROXY_FIX_HOPS": int(_env_float("PROXY_FIX_HOPS", env.get("PROXY_FIX_HOPS"), 0)),
        "SESSION_COOKIE_SECURE": (
            None
            if not env.get("SESSION_COOKIE_SECURE")
            else _env_bool(env.get("SESSION_COOKIE_SECURE"), True)
        ),
        "VITEC_OFFICES": _offices(env.get("VITEC_OFFICES")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT") or "10 per 5 minutes",
        "FRAME_ANCESTORS": _origins("FRAME_ANCESTORS", env.get("FRAME_ANCESTORS")),
        "EMBED_TOKEN_MAX_AGE": parse_duration(
            "EMBED_TOKEN_MAX_AGE", env.get("EMBED_TOKEN_MAX_AGE"), 4 * 3600.0
        ),
        "EMBED_ACCENT_COLOR": _css_value(
            "EMBED_ACCENT_COLOR", env.get("EMBED_ACCENT_COLOR"), "#0b5c4d", _HEX_COLOR
        ),
        "EMBED_FONT_FAMILY": _css_value(
            "EMBED_FONT_FAMILY", env.get("EMBED_FONT_FAMILY"), "inherit", _FONT_FAMILY
        ),
        "EMBED_SPACING": _css_value("EMBED_SPACING", env.get("EMBED_SPACING"), "1rem", _LENGTH),
    }


def _dev_secrets(instance_path: str) -> dict[str, Any]:
    """Secrets generated once for sandbox mode and kept in instance/, so that queued rows
    stay readable and sessions valid across restarts of a local run."""
    path = os.path.join(instance_path, DEV_SECRETS_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        pass
    from cryptography.fernet import Fernet

    values = {
        "SECRET_KEY": secrets.token_hex(32),
        "OUTBOX_ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
    }
    os.makedirs(instance_path, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(values, handle)
    return values


def finalize(config: dict[str, Any], instance_path: str) -> None:
    """Fill sandbox defaults, or fail fast on a missing secret outside sandbox/test mode."""
    sandbox = not config.get("VITEC_BASE_URL")
    config["VITEC_SANDBOX"] = sandbox
    if sandbox:
        config["VITEC_USERNAME"] = config.get("VITEC_USERNAME") or SANDBOX_USERNAME
        config["VITEC_PASSWORD"] = config.get("VITEC_PASSWORD") or SANDBOX_PASSWORD
        config["VITEC_CUSTOMER_ID"] = config.get("VITEC_CUSTOMER_ID") or SANDBOX_CUSTOMER_ID
        config["VITEC_USER_ID"] = config.get("VITEC_USER_ID") or SANDBOX_USER_ID
    elif not config.get("TESTING"):
        missing = [name for name in REQUIRED_OUTSIDE_SANDBOX if not config.get(name)]
        if missing:
            raise ConfigError(
                "VITEC_BASE_URL is set, so these settings are required: "
                + ", ".join(missing)
                + ". Set them in the environment (see README, Konfiguration)."
            )
    if not config.get("SECRET_KEY") or not config.get("OUTBOX_ENCRYPTION_KEYS"):
        # Only reachable in sandbox or test mode.
        if config.get("TESTING"):
            from cryptography.fernet import Fernet

            generated = {
                "SECRET_KEY": secrets.token_hex(32),
                "OUTBOX_ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
            }
        else:
            generated = _dev_secrets(instance_path)
        for name, value in generated.items():
            config[name] = config.get(name) or value
    if config.get("SESSION_COOKIE_SECURE") is None:
        # Secure cookies outside local runs (sandbox mode and tests run over plain HTTP).
        config["SESSION_COOKIE_SECURE"] = not (sandbox or config.get("TESTING"))
    if not config.get("VITEC_OFFICES"):
        config["VITEC_OFFICES"] = [(config["VITEC_CUSTOMER_ID"], config["BROKER_NAME"])]
    if config.get("VITEC_WATCHED") not in {"Yes", "No", "NotAsked"}:
        raise ConfigError("VITEC_WATCHED must be one of Yes, No, NotAsked")
    if config.get("VITEC_NOTIFY_USER") and not config.get("VITEC_USER_ID"):
        raise ConfigError("VITEC_NOTIFY_USER needs VITEC_USER_ID (Vitec's rule)")
