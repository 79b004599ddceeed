"""The security helpers on a bare Flask app: each header's exact value, the form token's edges
(from the future, at its age limit) and which posts count as coming from this site."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Blueprint, Flask
from itsdangerous import URLSafeSerializer

from app.web.security import FormTokens, TokenCheck, init_security, same_origin_post

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)
EMBED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'self' https://maklare.example https://annan.example"
)


@pytest.fixture
def site():
    """A bare app with the header hook, one ordinary page and one embed page."""
    app = Flask(__name__)
    # Only what the headers read of the settings: one office without framing sites of its own.
    office = SimpleNamespace(company=SimpleNamespace(own_frame_ancestors=False))
    app.extensions["settings"] = SimpleNamespace(
        frame_ancestors=["https://maklare.example", "https://annan.example"],
        offices=SimpleNamespace(get=lambda customer_id: office, default=office),
    )
    init_security(app)
    app.add_url_rule("/", "page", lambda: "sida")
    embed = Blueprint("embed", __name__)
    embed.add_url_rule("/embed", "form", lambda: "inbäddad")
    app.register_blueprint(embed)
    return app


def sent(response) -> dict[str, str]:
    """The headers as they go on the wire, names spelt as sent."""
    return dict(response.headers.to_wsgi_list())


def test_an_ordinary_page_has_exactly_these_headers(site):
    response = site.test_client().get("/")
    assert {name: value for name, value in sent(response).items() if "-" in name} == {
        "Content-Security-Policy": PAGE_CSP,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": "4",
    }


def test_the_embed_may_be_framed_by_the_configured_sites_only(site):
    headers = sent(site.test_client().get("/embed"))
    assert headers["Content-Security-Policy"] == EMBED_CSP
    assert "X-Frame-Options" not in headers
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"


def test_hsts_is_sent_over_https_only(site):
    secure = sent(site.test_client().get("/", base_url="https://localhost"))
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_header_a_view_set_itself_is_kept(site):
    site.add_url_rule("/egen", "own", lambda: ("x", 200, {"Content-Security-Policy": "egen"}))
    assert site.test_client().get("/egen").headers["Content-Security-Policy"] == "egen"


NOW_MS = 1_764_417_600_000
SID = "b" * 32


@pytest.fixture(name="tokens")
def form_tokens() -> FormTokens:
    """Made in the test, not at import (so a change to how they are made is seen)."""
    return FormTokens("test-secret-key")


@pytest.mark.parametrize(
    ("rendered_ms", "verdict"),
    [
        (NOW_MS + 60_001, "invalid"),  # from the future, beyond a clock's minute of skew
        (NOW_MS + 60_000, "ok"),
        (NOW_MS, "ok"),
        (NOW_MS - 3_600_000, "ok"),  # exactly at the age limit
        (NOW_MS - 3_600_001, "expired"),
    ],
)
def test_a_token_is_ok_only_from_a_minute_ahead_to_its_age_limit(tokens, rendered_ms, verdict):
    check = tokens.check(tokens.issue(SID, rendered_ms), SID, NOW_MS, 3600)
    assert check.verdict == verdict
    assert check.rendered_ms == (None if verdict == "invalid" else rendered_ms)


def test_a_token_for_another_form_or_signed_elsewhere_is_invalid(tokens):
    assert tokens.check(tokens.issue(SID, NOW_MS), "c" * 32, NOW_MS, 3600).verdict == "invalid"
    foreign = FormTokens("another-secret").issue(SID, NOW_MS)
    assert tokens.check(foreign, SID, NOW_MS, 3600).verdict == "invalid"
    assert tokens.check("", SID, NOW_MS, 3600).verdict == "invalid"


@pytest.mark.parametrize("data", [[SID, NOW_MS], {"sid": SID}, {"sid": SID, "ms": "1"}])
def test_a_signed_token_of_another_shape_is_invalid(tokens, data):
    token = tokens._serializer.dumps(data)
    assert tokens.check(token, SID, NOW_MS, 3600).verdict == "invalid"


@pytest.mark.parametrize(
    ("headers", "same"),
    [
        ({}, True),  # an older browser: no Origin, no Sec-Fetch-Site
        ({"Origin": "http://localhost"}, True),
        ({"Origin": "http://localhost/"}, True),
        ({"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}, True),
        ({"Sec-Fetch-Site": "none"}, True),  # typed in the address bar
        ({"Origin": "null"}, False),  # a sandboxed frame or a data: page
        ({"Origin": "https://localhost"}, False),
        ({"Origin": "http://localhost:8080"}, False),
        ({"Origin": "https://angripare.example"}, False),
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"}, False),
    ],
)
def test_only_a_post_from_this_site_counts_as_ours(site, headers, same):
    with site.test_request_context("/", method="POST", headers=headers):
        assert same_origin_post() is same


@pytest.mark.parametrize(
    "elsewhere",
    [
        URLSafeSerializer("test-secret-key"),  # itsdangerous's default salt
        URLSafeSerializer("test-secret-key", salt=None),  # no salt at all
        URLSafeSerializer("test-secret-key", salt="cookie-session"),  # Flask's session cookie
    ],
    ids=["default-salt", "no-salt", "session-salt"],
)
def test_a_token_signed_with_the_same_secret_for_another_purpose_is_invalid(tokens, elsewhere):
    token = elsewhere.dumps({"sid": SID, "ms": NOW_MS})
    assert tokens.check(token, SID, NOW_MS, 3600).verdict == "invalid"


def test_a_token_says_whether_the_form_was_shown_again_by_the_time_trap(tokens):
    first = tokens.check(tokens.issue(SID, NOW_MS), SID, NOW_MS + 1_000, 3600)
    again = tokens.check(tokens.issue(SID, NOW_MS, pressed_again=True), SID, NOW_MS + 1_000, 3600)
    assert first == TokenCheck("ok", NOW_MS, False)
    assert again == TokenCheck("ok", NOW_MS, True)
    # Another signer's token that says "again" counts for nothing.
    forged = URLSafeSerializer("another-key", salt="intresseanmalan-form").dumps(
        {"sid": SID, "ms": NOW_MS, "again": 1}
    )
    assert tokens.check(forged, SID, NOW_MS + 1_000, 3600).verdict == "invalid"
