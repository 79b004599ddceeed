"""One page of the delivery desk: a state filter, a search by name, e-mail or phone, newest
first in pages; each row named by its person, opened from the sealed answers for display.

What was searched for travels sealed (a Fernet token under the outbox keys) in the desk's URL,
so no name, e-mail or phone number lands in a proxy's log or the browser's history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app import outbox
from app.core.sealing import PayloadSealer, SealError
from app.intake.search_terms import query_terms
from app.intake.validators import InvalidValue, clean_text
from app.outbox import search_index
from app.web.staff.desk_words import FILTERS, describe_row, person_of

PAGE_SIZE = 50
QUERY_MAX = 200
SEARCH_PARAM, PAGE_PARAM, STATUS_PARAM = "sok", "sida", "status"


def seal_query(sealer: PayloadSealer, query: str) -> str:
    """What was searched for, sealed for the desk's URL."""
    return sealer.seal({"q": query}).decode("ascii")


def open_query(sealer: PayloadSealer, token: str) -> str | None:
    """The search a sealed token holds; None when it cannot be opened."""
    try:
        query = sealer.open(token.encode("ascii")).get("q")
    except (SealError, UnicodeEncodeError, ValueError, AttributeError):
        return None
    return query if isinstance(query, str) else None


def clean_query(text: str | None) -> str:
    """A search as typed, tidied and cut to a sane length."""
    return clean_text(text)[:QUERY_MAX]


def page_number(value: str | None) -> int:
    """The page asked for; the first for anything that is not a page number."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1


@dataclass
class DeskPage:
    """What the desk template shows."""

    rows: list[dict]
    current: str  # the state filter's key
    token: str | None  # the sealed search, for links that keep it
    query: str
    page: int
    has_next: bool
    problem: str = ""  # why a search could not be made

    @property
    def first(self) -> int:
        """The number of the page's first row, counted from 1."""
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        """The number of the page's last row."""
        return self.first + len(self.rows) - 1


def build(args: Mapping[str, str], engine, sealer: PayloadSealer, keys) -> DeskPage:
    """The desk page the query string asks for."""
    current = args.get(STATUS_PARAM, "")
    if current not in FILTERS:
        current = ""
    states = FILTERS[current][1]
    token = args.get(SEARCH_PARAM) or None
    page = page_number(args.get(PAGE_PARAM))
    query, among, problem = "", None, ""
    if token:
        query = open_query(sealer, token) or ""
        if query:
            problem, among = _search(query, keys)
        else:
            problem, token = "Sökningen kunde inte läsas. Sök igen.", None
    if problem:
        return DeskPage([], current, token, query, 1, False, problem)
    rows = outbox.listing(
        engine, states, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, among=among
    )
    shown = rows[:PAGE_SIZE]
    answers = outbox.sealed_answers(engine, [row["id"] for row in shown])
    described = [
        {**describe_row(row, sealer), "person": person_of(sealer, answers.get(row["id"]))}
        for row in shown
    ]
    return DeskPage(described, current, token, query, page, len(rows) > PAGE_SIZE)


def _search(query: str, keys: search_index.SearchKeys):
    """(a problem to show, or the ids the search finds as a subquery)."""
    try:
        terms = query_terms(query)
    except InvalidValue as exc:
        return str(exc), None
    if not terms:
        return "Skriv ett namn, en e-postadress eller ett telefonnummer.", None
    return "", search_index.matching(keys, terms)
