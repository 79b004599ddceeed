"""Helpers for the statistics tests: a settable clock, staff login, reading the page's tables
and the CSV's blocks, and registrations through each channel."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser

from app.staff import accounts
from tests.conftest import hidden_fields, submit

STAFF_EMAIL, STAFF_PASSWORD = "statistik@maklarbyran.se", "ett-långt-lösenord-91"
HOST_SITE = "https://www.maklarbyran.se"
# A Tuesday (ISO week 11) well before today, so that retention cut-offs reach it.
MOMENT = datetime(2025, 3, 11, 9, 0, tzinfo=UTC)


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self, now: datetime = MOMENT) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def visitor(app, n: int):
    """A test client on an address of its own: a form view counts once per address a day."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
    return client


def log_in(app):
    """A test client logged in as a staff member (accounts are made from the CLI in life)."""
    engine = app.extensions["delivery"].engine
    if accounts.by_email(engine, STAFF_EMAIL) is None:
        accounts.add(engine, STAFF_EMAIL, STAFF_PASSWORD)
    client = app.test_client()
    response = client.post("/staff/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    return client


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id"):
            self._table = attributes["id"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data.replace("\u00a0", " "))


def tables(html: str) -> dict[str, list[list[str]]]:
    """Every table of a page that has an id: its rows, each a list of cell texts."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


CSV_HEADER = ["Avsnitt", "Rad", "Kommun", "Mått", "Värde", "Från och med", "Till och med", "Kontor"]


def csv_rows(body: bytes) -> list[list[str]]:
    """The export's one long table under its header, each row of the same eight cells."""
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == CSV_HEADER
    assert all(len(row) == len(CSV_HEADER) for row in rows[1:])
    return rows[1:]


def csv_section(body: bytes, section: str) -> list[list[str]]:
    """One section's rows of the export: row, municipality, measure, value."""
    return [row[1:5] for row in csv_rows(body) if row[0] == section]


def embed_submit(client, data: dict, referrer: str = HOST_SITE + "/kopa-bostad/"):
    """Open the embedded form in a host page (the browser sends the page as Referer) and send
    it to the address the form names."""
    page = client.get("/embed", headers={"Referer": referrer}).get_data(as_text=True)
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', page).group(1))
    return client.post(action, data={**hidden_fields(page), **data})


def staff_submit(client, data: dict):
    """Enter a registration on the staff form."""
    page = client.get("/staff/ny").get_data(as_text=True)
    fields = hidden_fields(page)
    own = {name: fields[name] for name in ("submission_id", "form_token")}
    return client.post("/staff/ny", data={**own, **data})


__all__ = ["submit"]
