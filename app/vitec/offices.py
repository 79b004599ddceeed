"""The broker's offices: each its own Vitec customer id, name and login (kept server-side)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Office:
    """One office as configured."""

    customer_id: str
    name: str
    username: str = field(repr=False)
    password: str = field(repr=False)
    user_id: str | None = None


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
