"""Every setting in one place, read from the environment."""

from __future__ import annotations

import os
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
    "VITEC_USERNAME",
    "VITEC_PASSWORD",
    "VITEC_CUSTOMER_ID",
)


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
        "BROKER_NAME": env.get("BROKER_NAME") or "Mäklarbyrån",
        "PRIVACY_POLICY_URL": env.get("PRIVACY_POLICY_URL") or "/integritet",
        "CONSENT_TEXT_VERSION": env.get("CONSENT_TEXT_VERSION") or "2026-11",
        "SESSION_COOKIE_SECURE": _env_bool(env.get("SESSION_COOKIE_SECURE"), False),
    }


def finalize(config: dict[str, Any]) -> None:
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
    if not config.get("SECRET_KEY"):
        # Only reachable in sandbox or test mode: a per-process key is fine there.
        config["SECRET_KEY"] = secrets.token_hex(32)
    if config.get("VITEC_WATCHED") not in {"Yes", "No", "NotAsked"}:
        raise ConfigError("VITEC_WATCHED must be one of Yes, No, NotAsked")
    if config.get("VITEC_NOTIFY_USER") and not config.get("VITEC_USER_ID"):
        raise ConfigError("VITEC_NOTIFY_USER needs VITEC_USER_ID (Vitec's rule)")
