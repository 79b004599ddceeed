"""Each office's company: the broker settings that may be set per office as `<NAME>_<ID>`
(`BROKER_NAME_M12346`), each falling back to the service-wide setting, read once at start-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from app.settings.declarations import BY_NAME, ConfigError
from app.vitec.offices import Company

BUILT_IN_PRIVACY_PAGE = "/integritet"
# The settings an office may have its own of, and the Company field each fills.
COMPANY_SETTINGS = {
    "BROKER_NAME": "name",
    "BROKER_ORG_NUMBER": "org_number",
    "BROKER_ADDRESS": "address",
    "BROKER_EMAIL": "email",
    "BROKER_CONTACT": "contact",
    "PRIVACY_POLICY_URL": "privacy_url",
    "MAIL_REPLY_TO": "reply_to",
    "ALERT_EMAIL": "alert_emails",
    "FRAME_ANCESTORS": "frame_ancestors",
    "CONSENT_TEXT": "consent_text",
    "MARKETING_TEXT": "marketing_text",
    "STAFF_CONSENT_TEXT": "staff_consent_text",
    "STAFF_MARKETING_TEXT": "staff_marketing_text",
}
COMPANY_OVERRIDES = tuple(f"{name}_" for name in COMPANY_SETTINGS)


def _own(config: Mapping[str, Any], name: str, customer_id: str) -> Any:
    """The office's own value of a setting, typed as the service-wide one; None when unset."""
    full = f"{name}_{customer_id}"
    value = config.get(full)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = BY_NAME[name].kind.parse(value.strip())
        except ValueError as exc:
            raise ConfigError(f"{full}: {exc}; nu står det {value!r}") from exc
    return value


def _company(config: Mapping[str, Any], customer_id: str) -> tuple[Company, bool]:
    """The office's company, and whether any of it is the office's own."""
    fields, own_any = {}, False
    for name, field in COMPANY_SETTINGS.items():
        own = _own(config, name, customer_id)
        own_any = own_any or own is not None
        value = config.get(name) if own is None else own
        fields[field] = tuple(value or ()) if isinstance(value, list | tuple) else value
    fields["own_alerts"] = _own(config, "ALERT_EMAIL", customer_id) is not None
    fields["own_frame_ancestors"] = _own(config, "FRAME_ANCESTORS", customer_id) is not None
    return Company(**fields), own_any


def build_companies(config: Mapping[str, Any], customer_ids: Sequence[str]) -> list[Company]:
    """Each office's company, in the order given (the default office first). A non-default
    office whose company differs from the default's links to `/integritet?kontor=<ID>`, the
    built-in page naming its own controller."""
    companies = [_company(config, customer_id) for customer_id in customer_ids]
    if not companies:
        return []
    default = companies[0][0]
    built = [default]
    for customer_id, (company, own_any) in zip(customer_ids[1:], companies[1:], strict=True):
        if own_any and company != default and company.privacy_url == BUILT_IN_PRIVACY_PAGE:
            url = f"{BUILT_IN_PRIVACY_PAGE}?kontor={customer_id}"
            company = replace(company, privacy_url=url)
        built.append(company)
    return built


def missing_identity(config: Mapping[str, Any], customer_ids: Sequence[str]) -> list[str]:
    """The settings an office that names its own company (`BROKER_NAME_<ID>`) lacks: its own
    address (the receipt), and organisation number and e-mail while the built-in page is its
    privacy policy: never one company's name with another's organisation number."""
    missing = []
    for customer_id in customer_ids:
        if _own(config, "BROKER_NAME", customer_id) is None:
            continue
        needed = ["BROKER_ADDRESS"]
        privacy = _own(config, "PRIVACY_POLICY_URL", customer_id) or config.get(
            "PRIVACY_POLICY_URL"
        )
        if privacy == BUILT_IN_PRIVACY_PAGE:
            needed = ["BROKER_ORG_NUMBER", "BROKER_ADDRESS", "BROKER_EMAIL"]
        missing += [
            f"{name}_{customer_id} (BROKER_NAME_{customer_id} är satt)"
            for name in needed
            if _own(config, name, customer_id) is None
        ]
    return missing
