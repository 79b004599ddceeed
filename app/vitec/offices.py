"""The broker's offices: each its own Vitec customer id, name and login (kept server-side), and
the company that runs it (the data controller its forms, privacy page and e-mails name)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Company:
    """Who runs an office: its own `BROKER_NAME_<ID>` and the rest, or the service-wide
    settings where it has none. Built once at start-up; never a setting's name downstream."""

    name: str
    org_number: str | None = None
    address: str | None = None
    email: str | None = None
    contact: str | None = None
    privacy_url: str = "/integritet"  # for a non-default office with a company of its own: ?kontor=
    reply_to: str | None = None
    alert_emails: tuple[str, ...] = ()
    frame_ancestors: tuple[str, ...] = ()
    consent_text: str = ""
    marketing_text: str = ""
    staff_consent_text: str = ""
    staff_marketing_text: str = ""
    own_alerts: bool = False  # ALERT_EMAIL_<ID> is set: the office's alarms go there alone
    own_frame_ancestors: bool = False  # FRAME_ANCESTORS_<ID> is set


@dataclass(frozen=True)
class Office:
    """One office as configured."""

    customer_id: str
    name: str
    username: str = field(repr=False)
    password: str = field(repr=False)
    user_id: str | None = None
    company: Company = Company("Mäklarbyrån")


class UnknownOffice(LookupError):
    """A customer id that is not one of the configured offices."""


@dataclass(frozen=True)
class Offices:
    """The configured offices, the default one first."""

    all: tuple[Office, ...]

    @property
    def default(self) -> Office:
        return self.all[0]

    def get(self, customer_id: str | None) -> Office:
        """The office with this customer id (the default for None); UnknownOffice otherwise."""
        if customer_id is None:
            return self.default
        for office in self.all:
            if office.customer_id == customer_id:
                return office
        raise UnknownOffice(customer_id)
