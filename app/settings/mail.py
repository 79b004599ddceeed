"""The e-mail settings checked together: what is sent, to whom, through which server."""

from __future__ import annotations

from typing import Any

from app.mail.smtp import SmtpServer
from app.settings.declarations import ConfigError

SANDBOX_MAIL_FROM = "{broker} <noreply@example.com>"


def finalize_mail(config: dict[str, Any], sandbox: bool) -> None:
    """Resolve MAIL_SERVER, MAIL_ENABLED and RECEIPT_ENABLED; stop start-up on a missing or
    inconsistent combination, naming the setting."""
    url = config.get("SMTP_URL")
    username, password = config.get("SMTP_USERNAME"), config.get("SMTP_PASSWORD")
    server = None
    if url:
        try:
            server = SmtpServer.from_url(url, username, password)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None  # the URL may hold a password: not chained
    elif username or password:
        raise ConfigError("SMTP_USERNAME och SMTP_PASSWORD kräver SMTP_URL (e-postservern)")
    # Without a server, sandbox mode keeps the mail in the sandbox's own mailbox.
    catch_in_sandbox = server is None and sandbox
    enabled = server is not None or catch_in_sandbox
    receipts = config.get("RECEIPT_ENABLED")
    receipts = enabled if receipts is None else bool(receipts)
    if receipts and not enabled:
        raise ConfigError("RECEIPT_ENABLED=true kräver SMTP_URL (e-postservern)")
    if config.get("ALERT_EMAIL") and not enabled:
        raise ConfigError("ALERT_EMAIL kräver SMTP_URL (e-postservern)")
    own_alerts = [o.customer_id for o in config["OFFICES"].all if o.company.own_alerts]
    if own_alerts and not enabled:
        raise ConfigError(f"ALERT_EMAIL_{own_alerts[0]} kräver SMTP_URL (e-postservern)")
    if catch_in_sandbox:
        broker = config.get("BROKER_NAME") or "Mäklarbyrån"
        config["MAIL_FROM"] = config.get("MAIL_FROM") or SANDBOX_MAIL_FROM.format(broker=broker)
    missing = []
    if enabled and not config.get("MAIL_FROM"):
        missing.append("MAIL_FROM (avsändaren av e-posten)")
    if receipts and not config.get("BROKER_ADDRESS"):
        missing.append(
            "BROKER_ADDRESS (kvittot säger vart man vänder sig för att ta tillbaka samtycket)"
        )
    if missing:
        raise ConfigError("E-post är inställd, så de här behövs också: " + ", ".join(missing))
    config["MAIL_SERVER"] = server
    config["MAIL_ENABLED"] = enabled
    config["RECEIPT_ENABLED"] = receipts
