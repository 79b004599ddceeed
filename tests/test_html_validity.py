"""Every page is well-formed HTML (html5lib's strict parser, the HTML standard's parsing rules)
and asks for autofill with tokens its controls may carry. The Nu Html Checker runs on the same
pages with `make check-html`."""

from __future__ import annotations

from html.parser import HTMLParser

import html5lib
import pytest

from tests.conftest import make_app
from tests.pages import every_page

# The autofill field names of the HTML standard (4.10.18.7.1), by the controls they suit.
ONE_LINE = {
    "name", "honorific-prefix", "given-name", "additional-name", "family-name",
    "honorific-suffix", "nickname", "organization-title", "username", "new-password",
    "current-password", "one-time-code", "organization", "address-line1", "address-line2",
    "address-line3", "address-level4", "address-level3", "address-level2", "address-level1",
    "country", "country-name", "postal-code", "cc-name", "cc-given-name", "cc-additional-name",
    "cc-family-name", "cc-number", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-csc", "cc-type",
    "transaction-currency", "transaction-amount", "language", "bday", "bday-day", "bday-month",
    "bday-year", "sex", "url", "photo",
}  # fmt: skip
MULTILINE = {"street-address"}  # a textarea's (or a select's), never an input's
CONTACT = {
    "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local",
    "tel-local-prefix", "tel-local-suffix", "tel-extension", "email", "impp",
}  # fmt: skip
CONTACT_KINDS = {"home", "work", "mobile", "fax", "pager"}


def autocomplete_problem(tag: str, value: str) -> str | None:
    """Why an autocomplete value does not suit its control, or None when it does."""
    tokens = value.lower().split()
    if tokens in (["on"], ["off"]):
        return None
    if tokens and tokens[-1] == "webauthn":
        tokens = tokens[:-1]
    if not tokens:
        return "no field name"
    *modifiers, field = tokens
    if field in MULTILINE and tag == "input":
        return f"{field} is a multiline field; an input takes address-line1"
    if field not in ONE_LINE | MULTILINE | CONTACT:
        return f"{field} is not an autofill field name"
    if modifiers and modifiers[-1] in CONTACT_KINDS:
        if field not in CONTACT:
            return f"{modifiers[-1]} goes only before a contact field"
        modifiers = modifiers[:-1]
    if modifiers and modifiers[-1] in ("shipping", "billing"):
        modifiers = modifiers[:-1]
    if modifiers and modifiers[0].startswith("section-"):
        modifiers = modifiers[1:]
    return f"unexpected {' '.join(modifiers)}" if modifiers else None


class Autofill(HTMLParser):
    """Collects (tag, id, autocomplete) of every control that asks for autofill."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "autocomplete" in attributes and tag in ("input", "textarea", "select", "form"):
            self.found.append((tag, attributes.get("id") or "", attributes["autocomplete"]))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from sandbox import SandboxServer, SandboxState, create_sandbox_app
    from tests.conftest import CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_USER

    state = SandboxState({CUSTOMER_ID: (SANDBOX_USER, SANDBOX_PASSWORD)})
    server = SandboxServer(create_sandbox_app(state))
    url = server.start()
    database = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'outbox.db'}"
    app = make_app(url, database, VALUATION_TASK_ID="UPG-2", FORM_RATE_LIMIT="5 per hour")
    try:
        yield every_page(app)
    finally:
        server.stop()


EXPECTED = (
    "form", "embed", "privacy", "embedding-guide", "error-404", "thanks-without-summary",
    "form-with-errors", "embed-with-errors", "thanks", "embed-thanks", "error-405", "error-403",
    "error-413", "form-429", "staff-login", "staff-desk", "staff-entry", "staff-detail",
    "staff-correction", "staff-erase", "staff-audit", "staff-entry-with-errors",
)  # fmt: skip


def test_every_kind_of_page_is_checked(pages):
    assert set(pages) == set(EXPECTED)
    assert "Det här registrerade vi" in pages["thanks"]
    assert "För många försök" in pages["form-429"]
    assert "Ny intresseanmälan" in pages["staff-entry"]


@pytest.mark.parametrize("name", EXPECTED)
def test_every_page_parses_without_a_single_error(pages, name):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(pages[name])  # raises ParseError at the first departure from the standard


@pytest.mark.parametrize("name", EXPECTED)
def test_every_autocomplete_suits_its_control(pages, name):
    collector = Autofill()
    collector.feed(pages[name])
    problems = [
        (tag, control, value, autocomplete_problem(tag, value))
        for tag, control, value in collector.found
        if autocomplete_problem(tag, value)
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("tag", "value", "fine"),
    [
        ("input", "street-address", False),
        ("textarea", "street-address", True),
        ("input", "address-line1", True),
        ("input", "mobile tel", True),
        ("input", "mobile given-name", False),
        ("input", "postal-code", True),
        ("input", "gatuadress", False),
        ("input", "off", True),
    ],
)
def test_the_autocomplete_check_itself(tag, value, fine):
    assert (autocomplete_problem(tag, value) is None) is fine
