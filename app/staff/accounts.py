"""Staff accounts: argon2-hashed passwords, enabled and disabled from the CLI."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import Engine, insert, select, update

from app.staff.tables import staff_users

# argon2id with OWASP's recommended cost (19 MiB, 2 passes): the library default of 64 MiB per
# hash would lift each web worker's peak memory by that much on every login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so timing does not reveal accounts."""
    return _hasher.hash("not-a-real-password")


MIN_PASSWORD_LENGTH = 12


class AccountError(Exception):
    """A staff account could not be created or changed; the message is for the operator."""


@dataclass(frozen=True)
class StaffUser(UserMixin):
    """The Flask-Login user (UserMixin gives is_authenticated, is_anonymous and get_id)."""

    id: int
    email: str
    active: bool

    @property
    def is_active(self) -> bool:
        return self.active


def normalize_email(email: str) -> str:
    return email.strip().lower()


def add(engine: Engine, email: str, password: str) -> StaffUser:
    """Create an enabled account, or re-enable an existing one with a new password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")
    email = normalize_email(email)
    if "@" not in email:
        raise AccountError("Ange en e-postadress.")
    values = {"password_hash": _hasher.hash(password), "active": True}
    with engine.begin() as conn:
        existing = conn.execute(select(staff_users.c.id).where(staff_users.c.email == email))
        if existing.first() is None:
            conn.execute(
                insert(staff_users).values(email=email, created_at=datetime.now(UTC), **values)
            )
        else:
            conn.execute(update(staff_users).where(staff_users.c.email == email).values(**values))
    found = by_email(engine, email)
    assert found is not None
    return found


def disable(engine: Engine, email: str) -> bool:
    """Disable an account; its sessions stop working at the next request."""
    with engine.begin() as conn:
        result = conn.execute(
            update(staff_users)
            .where(staff_users.c.email == normalize_email(email))
            .values(active=False)
        )
    return result.rowcount == 1


def _user(row) -> StaffUser | None:
    return StaffUser(row.id, row.email, row.active) if row else None


def by_email(engine: Engine, email: str) -> StaffUser | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_users).where(staff_users.c.email == normalize_email(email))
        ).first()
    return _user(row)


def by_id(engine: Engine, user_id: str) -> StaffUser | None:
    """The active user with this id, for Flask-Login's user loader."""
    try:
        key = int(user_id)
    except ValueError:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_users).where(staff_users.c.id == key, staff_users.c.active.is_(True))
        ).first()
    return _user(row)


def authenticate(engine: Engine, email: str, password: str) -> StaffUser | None:
    """The active user whose password matches, else None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_users).where(staff_users.c.email == normalize_email(email))
        ).first()
    try:
        _hasher.verify(row.password_hash if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        with engine.begin() as conn:
            conn.execute(
                update(staff_users)
                .where(staff_users.c.id == row.id)
                .values(password_hash=_hasher.hash(password))
            )
    return _user(row)
