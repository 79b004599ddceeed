"""Every setting declared once (name, type, default, check), read from the environment."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from app.core.db import private_folder
from app.settings.companies import (
    BUILT_IN_PRIVACY_PAGE,
    COMPANY_OVERRIDES,
    build_companies,
    missing_identity,
)
from app.settings.declarations import SETTINGS, ConfigError, Setting
from app.settings.mail import finalize_mail
from app.vitec.offices import Office, Offices

__all__ = ["SETTINGS", "ConfigError", "Setting", "finalize", "load_settings", "settings_markdown"]

SANDBOX_USERNAME = "sandbox"
SANDBOX_PASSWORD = "sandbox-losenord"  # noqa: S105 - the sandbox's public test login
SANDBOX_CUSTOMER_ID = "M12345"
SANDBOX_USER_ID = "HAN001"
DEV_SECRETS_FILE = "dev-secrets.json"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Per-office overrides: VITEC_USERNAME_M12346, VITEC_PASSWORD_M12346, VITEC_USER_ID_M12346.
OFFICE_OVERRIDES = ("VITEC_USERNAME_", "VITEC_PASSWORD_", "VITEC_USER_ID_")
# The built-in privacy page names the controller; sandbox mode shows these examples.
SANDBOX_BROKER = {
    "BROKER_ORG_NUMBER": "556677-8899",
    "BROKER_ADDRESS": "Exempelgatan 1, 111 22 Stockholm",
    "BROKER_EMAIL": "integritet@maklarbyran.example",
}
SANDBOX_BROKER_CONTACT = "08-123 45 67, info@maklarbyran.example"


def load_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every declared setting (and the per-office overrides) into a flat dict."""
    env = os.environ if environ is None else environ
    values = {setting.name: setting.read(env.get(setting.name)) for setting in SETTINGS}
    for name, value in env.items():
        if name.startswith(OFFICE_OVERRIDES + COMPANY_OVERRIDES) and value.strip():
            values[name] = value.strip()
    return values


def _office_list(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    offices = list(config.get("VITEC_OFFICES") or [])
    default_id = config.get("VITEC_CUSTOMER_ID")
    if not offices:
        return [(default_id, config["BROKER_NAME"])] if default_id else []
    if default_id:
        ids = [customer_id for customer_id, _ in offices]
        if default_id not in ids:
            raise ConfigError(
                f"VITEC_CUSTOMER_ID {default_id} finns inte bland VITEC_OFFICES ({', '.join(ids)})"
            )
        # The default office is the one VITEC_CUSTOMER_ID names: first in the list.
        offices.sort(key=lambda office: office[0] != default_id)
    return offices


def build_offices(config: Mapping[str, Any]) -> tuple[tuple[Office, ...], list[str]]:
    """The configured offices, the default first, each with its own or the default login and
    company; and the names of the settings missing for them."""
    offices, missing = [], []
    listed = _office_list(config)
    companies = build_companies(config, [customer_id for customer_id, _ in listed])
    for (customer_id, name), company in zip(listed, companies, strict=True):
        username = config.get(f"VITEC_USERNAME_{customer_id}") or config.get("VITEC_USERNAME")
        password = config.get(f"VITEC_PASSWORD_{customer_id}") or config.get("VITEC_PASSWORD")
        if not username:
            missing.append(f"VITEC_USERNAME (eller VITEC_USERNAME_{customer_id})")
        if not password:
            missing.append(f"VITEC_PASSWORD (eller VITEC_PASSWORD_{customer_id})")
        user_id = config.get(f"VITEC_USER_ID_{customer_id}") or config.get("VITEC_USER_ID")
        offices.append(Office(customer_id, name, username, password, user_id or None, company))
    if not offices:
        missing.append("VITEC_CUSTOMER_ID (eller VITEC_OFFICES)")
        missing += [n for n in ("VITEC_USERNAME", "VITEC_PASSWORD") if not config.get(n)]
    return tuple(offices), list(dict.fromkeys(missing))


def _dev_secrets(instance_path: str) -> dict[str, Any]:
    """Secrets generated once for sandbox mode and kept in instance/, so that queued rows
    stay readable and sessions valid across restarts of a local run."""
    path = os.path.join(instance_path, DEV_SECRETS_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        pass
    values = _fresh_secrets()
    private_folder(Path(instance_path))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(values, handle)
    return values


def _fresh_secrets() -> dict[str, Any]:
    from cryptography.fernet import Fernet

    return {
        "SECRET_KEY": secrets.token_hex(32),
        "OUTBOX_ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
    }


def _require_a_vitec(config: dict[str, Any]) -> bool:
    """Sandbox mode only when asked for; never a quiet sandbox because a URL was forgotten."""
    sandbox, base_url = bool(config.get("VITEC_SANDBOX")), config.get("VITEC_BASE_URL")
    if sandbox and base_url:
        raise ConfigError(
            "Både VITEC_SANDBOX=true och VITEC_BASE_URL är satta; sätt bara den ena "
            "(VITEC_BASE_URL för Vitec Connect, VITEC_SANDBOX=true för sandlådan)."
        )
    if not sandbox and not base_url:
        raise ConfigError(
            "VITEC_BASE_URL saknas. Sätt VITEC_BASE_URL till Vitec Connects adress "
            "(https://connect.maklare.vitec.net), eller VITEC_SANDBOX=true för att köra mot "
            "den inbyggda sandlådan (bara lokalt och för demo)."
        )
    return sandbox


def finalize(config: dict[str, Any], instance_path: str) -> None:
    """Check the settings together, fill sandbox defaults and build the offices."""
    sandbox = _require_a_vitec(config)
    config["VITEC_SANDBOX"] = sandbox
    testing = bool(config.get("TESTING"))
    if sandbox or testing:
        # Local runs: the address `make run` serves on, so links and the embed snippet work.
        config["PUBLIC_URL"] = config.get("PUBLIC_URL") or f"http://127.0.0.1:{config['PORT']}"
    if sandbox:
        config["VITEC_USERNAME"] = config.get("VITEC_USERNAME") or SANDBOX_USERNAME
        config["VITEC_PASSWORD"] = config.get("VITEC_PASSWORD") or SANDBOX_PASSWORD
        config["VITEC_CUSTOMER_ID"] = config.get("VITEC_CUSTOMER_ID") or SANDBOX_CUSTOMER_ID
        config["VITEC_USER_ID"] = config.get("VITEC_USER_ID") or SANDBOX_USER_ID
        for name, example in SANDBOX_BROKER.items():
            config[name] = config.get(name) or example
        config["BROKER_CONTACT"] = config.get("BROKER_CONTACT") or SANDBOX_BROKER_CONTACT
    offices, missing = build_offices(config)
    if not sandbox and not testing:
        missing = [s.name for s in SETTINGS if s.required and not config.get(s.name)] + missing
        if config.get("PRIVACY_POLICY_URL") == BUILT_IN_PRIVACY_PAGE:
            missing += [name for name in SANDBOX_BROKER if not config.get(name)]
        missing += missing_identity(config, [office.customer_id for office in offices])
    if missing:
        raise ConfigError(
            "De här inställningarna krävs: "
            + ", ".join(missing)
            + ". Sätt dem i miljön (se docs/configuration.md)."
        )
    if not config.get("SECRET_KEY") or not config.get("OUTBOX_ENCRYPTION_KEYS"):
        generated = _fresh_secrets() if testing else _dev_secrets(instance_path)
        for name, value in generated.items():
            config[name] = config.get(name) or value
    if config.get("SESSION_COOKIE_SECURE") is None:
        # Secure cookies outside local runs (sandbox mode and tests run over plain HTTP).
        config["SESSION_COOKIE_SECURE"] = not (sandbox or testing)
    if config.get("TRUSTED_HOSTS"):
        # The service's own checks (the image's HEALTHCHECK, a scraper on the same machine) ask
        # by a loopback name; links are never built from Host, so these names harm nothing.
        trusted = config["TRUSTED_HOSTS"]
        config["TRUSTED_HOSTS"] = [*trusted, *(h for h in LOOPBACK_HOSTS if h not in trusted)]
    config["OFFICES"] = Offices(offices)
    if config.get("VITEC_NOTIFY_USER") and not all(o.user_id for o in config["OFFICES"].all):
        raise ConfigError("VITEC_NOTIFY_USER kräver VITEC_USER_ID (Vitecs regel)")
    finalize_mail(config, sandbox)


def settings_markdown(settings: Iterable[Setting] = SETTINGS) -> str:
    """The settings table of docs/configuration.md, made from the declarations."""
    lines = ["| Variable | Meaning | Type | Default |", "| --- | --- | --- | --- |"]
    group = None
    for setting in settings:
        if setting.group != group:
            group = setting.group
            lines.append(f"| **{group}** | | | |")
        lines.append(
            f"| `{setting.name}` | {setting.doc} | {setting.kind.name} | {setting.default_text} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Check the environment's settings before anything starts (scripts/entrypoint.sh)."""
    import sys

    try:
        finalize(load_settings(), os.path.join(os.getcwd(), "instance"))
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    return 0
