"""The settings as one frozen object of typed attributes. Generated from declarations.py
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

    vitec_base_url: str | None
    vitec_sandbox: bool
    vitec_customer_id: str | None
    vitec_offices: list[tuple[str, str]]
    vitec_username: str | None
    vitec_password: str | None
    vitec_user_id: str | None
    vitec_category_ids: list[str]
    vitec_notify_user: bool
    vitec_watched: str
    vitec_connect_timeout: float
    vitec_read_timeout: float
    areas_file: str | None
    areas_cache_seconds: float
    secret_key: str | None
    outbox_encryption_keys: list[str]
    database_url: str | None
    broker_name: str
    public_url: str | None
    privacy_policy_url: str
    housing_types: list[str]
    consent_text: str
    marketing_text: str
    staff_consent_text: str
    staff_marketing_text: str
    form_min_seconds: float
    form_rate_limit: str
    form_rate_limit_global: str
    embed_token_max_age: float
    frame_ancestors: list[str]
    embed_accent_color: str
    embed_font_family: str
    embed_spacing: str
    delivery_in_process: bool
    delivery_concurrency: int
    delivery_rate: float
    delivery_batch_size: int
    delivery_lease_seconds: float
    delivery_backoff_base: float
    delivery_backoff_cap: float
    delivery_auth_retry: float
    delivery_max_age: float
    delivery_poll_seconds: float
    ready_max_waiting_seconds: float
    smtp_url: str | None
    smtp_username: str | None
    smtp_password: str | None
    smtp_timeout: float
    mail_from: str | None
    mail_reply_to: str | None
    receipt_enabled: bool | None
    receipt_max_per_day: int
    receipt_hourly_ceiling: int
    alert_email: list[str]
    alert_interval: float
    delivered_retention_days: float
    retention_days: float
    broker_org_number: str | None
    broker_address: str | None
    broker_email: str | None
    broker_contact: str | None
    valuation_task_id: str | None
    demand_price_bands: list[int]
    demand_flush_seconds: float
    login_rate_limit: str
    rate_limit_ipv6_prefix: int
    ratelimit_storage_uri: str
    ratelimit_key_prefix: str
    session_cookie_secure: bool | None
    proxy_fix_hops: int
    staff_idle_timeout: float
    staff_session_max_age: float
    trusted_hosts: list[str]
    log_format: str
    metrics_allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network]
    metrics_token: str | None
    port: int
    bind: str
    web_concurrency: int
    gunicorn_threads: int
    # Worked out at start-up from the ones above.
    offices: Offices  # the offices, each with its Vitec login
    mail_server: SmtpServer | None  # the SMTP server from SMTP_URL
    mail_enabled: bool  # whether any e-mail is sent (or caught in sandbox mode)
    clock: Callable[[], datetime] | None  # a clock the tests inject

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """The settings from a checked configuration mapping (the app's config)."""
        return cls(**{field.name: config.get(field.name.upper()) for field in fields(cls)})
