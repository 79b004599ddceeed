"""What the sandbox knows: its accounts and offices, what it accepted, and the faults to inject."""

from __future__ import annotations

import hmac
import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.data import OfficeData, office_data


@dataclass
class Fault:
    """Answer the next `count` matching calls with `status` (or only delay them when status is
    None); `count` 0 means until cleared. `path` (a prefix) and `customer_id` narrow it."""

    count: int = 1
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    body: Any = None
    path: str | None = None
    customer_id: str | None = None

    def matches(self, path: str, customer_id: str | None) -> bool:
        """Whether this fault applies to a call of `path` for `customer_id`."""
        if self.path is not None and not path.startswith(self.path):
            return False
        return self.customer_id is None or self.customer_id == customer_id


@dataclass
class SandboxState:
    """Accounts (customer id -> (username, password), each with its office's data), what was
    accepted, the contacts known and the faults to inject."""

    accounts: Mapping[str, tuple[str, str]]
    received: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    calls: int = 0
    call_log: list[tuple[str | None, str]] = field(default_factory=list)  # (customer, path)
    lock: threading.Lock = field(default_factory=threading.Lock)
    offices: dict[str, OfficeData] = field(init=False, repr=False)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _by_key: dict[tuple[str, ...], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.accounts = dict(self.accounts)
        self.offices = {cid: office_data(i, cid) for i, cid in enumerate(self.accounts)}

    def customers_for(self, username: str, password: str) -> set[str]:
        """The customer ids these credentials belong to (empty: they match no account)."""
        found = set()
        for customer_id, (user, secret) in self.accounts.items():
            same_user = hmac.compare_digest(username.encode(), user.encode())
            same_password = hmac.compare_digest(password.encode(), secret.encode())
            if same_user and same_password:
                found.add(customer_id)
        return found

    def office(self, customer_id: str | None) -> OfficeData | None:
        """The office data of a customer id, None when the sandbox has no such customer."""
        return self.offices.get(customer_id or "")

    def replace_areas(
        self, customer_id: str, areas: list[dict[str, Any]], municipalities: list | None
    ) -> None:
        """Serve these areas (and municipalities, when given) for one customer."""
        with self.lock:
            office = self.offices[customer_id]
            office.areas = areas
            if municipalities is not None:
                office.municipalities = municipalities

    def restore_areas(self, customer_id: str) -> None:
        """Serve the customer's built-in areas and municipalities again."""
        index = list(self.accounts).index(customer_id)
        builtin = office_data(index, customer_id)
        self.replace_areas(customer_id, builtin.areas, builtin.municipalities)

    def next_fault(self, path: str = "", customer_id: str | None = None) -> Fault | None:
        """The first fault that matches this call, used up by one."""
        with self.lock:
            self.calls += 1
            self.call_log.append((customer_id, path))
            for fault in self.faults:
                if not fault.matches(path, customer_id):
                    continue
                if fault.count > 0:
                    fault.count -= 1
                    if fault.count == 0:
                        self.faults.remove(fault)
                return fault
            return None

    def calls_by_customer(self) -> dict[str | None, dict[str, int]]:
        """How many times each path was called, per customer id."""
        with self.lock:
            counted: dict[str | None, dict[str, int]] = {}
            for customer_id, path in self.call_log:
                paths = counted.setdefault(customer_id, {})
                paths[path] = paths.get(path, 0) + 1
            return counted

    def clear_received(self) -> None:
        """Forget every registration and contact."""
        with self.lock:
            self.received.clear()
            self.rejected.clear()
            self.contacts.clear()
            self._by_key.clear()

    def accept(self, payload: dict[str, Any], account: str = "") -> str:
        """Store an accepted payload with the account (Basic username) that sent it, matching
        the person as Vitec's duplicate check does."""
        person = payload.get("updatePerson", {})
        with self.lock:
            contact_id = self._find_contact(person)
            if contact_id is None:
                contact_id = f"KONTAKT-{next(self._ids)}"
                self.contacts.append({"contactId": contact_id, "person": person})
                self._index(contact_id, person)
            self.received.append(
                {
                    "receivedAt": datetime.now(UTC).isoformat(),
                    "contactId": contact_id,
                    "account": account,
                    "payload": payload,
                }
            )
            return contact_id

    @staticmethod
    def _keys(person: dict[str, Any]) -> list[tuple[str, ...]]:
        """Vitec's duplicate keys: personnummer, then name plus one phone or e-mail."""
        keys: list[tuple[str, ...]] = []
        if person.get("socialSecurityNumber"):
            keys.append(("ssn", person["socialSecurityNumber"]))
        first, last = person.get("firstName"), person.get("lastName")
        if first:
            channels = {person.get("telePhone"), person.get("cellPhone")}
            channels.add((person.get("email") or {}).get("emailAddress"))
            keys += [("name", first, last or "", c) for c in channels if c]
        return keys

    def _index(self, contact_id: str, person: dict[str, Any]) -> None:
        self._by_key[("contactId", contact_id)] = contact_id
        for key in self._keys(person):
            self._by_key.setdefault(key, contact_id)

    def _find_contact(self, person: dict[str, Any]) -> str | None:
        if person.get("contactId") and ("contactId", person["contactId"]) in self._by_key:
            return person["contactId"]
        for key in self._keys(person):
            if key in self._by_key:
                return self._by_key[key]
        return None
