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
_NEXT_GENERATION = staff_users.c.session_generation + 1


class AccountError(Exception):
    """A staff account could not be created or changed; the message is for the operator."""


@dataclass(frozen=True)
class StaffUser(UserMixin):
    """The Flask-Login user (UserMixin gives is_authenticated and is_anonymous)."""

    id: int
    email: str
    active: bool
    generation: int = 0

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The id a session holds: the account and its session generation, so that raising
        the generation ends every session of the account at once."""
        return f"{self.id}:{self.generation}"


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
            # Re-enabled: sessions from before the account was disabled stay ended.
            conn.execute(
                update(staff_users)
                .where(staff_users.c.email == email)
                .values(session_generation=_NEXT_GENERATION, **values)
            )
    found = by_email(engine, email)
    assert found is not None
    return found


def disable(engine: Engine, email: str) -> bool:
    """Disable an account; its sessions end at once and stay ended if it is enabled again."""
    with engine.begin() as conn:
        result = conn.execute(
            update(staff_users)
            .where(staff_users.c.email == normalize_email(email))
            .values(active=False, session_generation=_NEXT_GENERATION)
        )
    return result.rowcount == 1


def set_password(engine: Engine, email: str, password: str) -> bool:
    """Give an account a new password and end all its sessions; False when there is none."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")
    with engine.begin() as conn:
        result = conn.execute(
            update(staff_users)
            .where(staff_users.c.email == normalize_email(email))
            .values(password_hash=_hasher.hash(password), session_generation=_NEXT_GENERATION)
        )
    return result.rowcount == 1


def end_sessions(engine: Engine, user_id: int) -> None:
    """End every session of the account (logout does this: all its browsers, not only one)."""
    with engine.begin() as conn:
        conn.execute(
            update(staff_users)
            .where(staff_users.c.id == user_id)
            .values(session_generation=_NEXT_GENERATION)
        )


def _user(row) -> StaffUser | None:
    return StaffUser(row.id, row.email, row.active, row.session_generation) if row else None


def by_email(engine: Engine, email: str) -> StaffUser | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_users).where(staff_users.c.email == normalize_email(email))
        ).first()
    return _user(row)


def by_session_id(engine: Engine, session_id: str) -> StaffUser | None:
    """The active user a session's id names, while its generation is current (Flask-Login's
    user loader); None for a session that was ended."""
    key, _, generation = session_id.partition(":")
    if not (key.isdigit() and generation.isdigit()):
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_users).where(
                staff_users.c.id == int(key),
                staff_users.c.active.is_(True),
                staff_users.c.session_generation == int(generation),
            )
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
