"""The embed form without a browser: framing headers, the cookie-free token, prefill."""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_app, submit, thanks_address, valid_answers

HOST = "https://www.maklare.example"


@pytest.fixture
def app(sandbox, database_url):
    return make_app(sandbox.url, database_url, FRAME_ANCESTORS=[HOST], WTF_CSRF_ENABLED=True)


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)


def embed_post(client, data: dict, **headers):
    return submit(client, "/embed", data=data, headers=headers)


def fresh(client) -> dict:
    html = client.get("/embed").get_data(as_text=True)
    return {
        **valid_answers(),
        "form_token": hidden(html, "form_token"),
        "submission_id": hidden(html, "submission_id"),
    }


def test_only_embed_pages_may_be_framed_and_only_by_configured_origins(client):
    embed = client.get("/embed")
    assert f"frame-ancestors 'self' {HOST}" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    for path in ("/", "/tack", "/inbaddning", "/integritet", "/finns-inte"):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_embed_sets_no_cookie_and_needs_none(client, sandbox, deliver):
    response = client.get("/embed")
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    assert "site-header" not in html and 'class="embed"' in html
    data = fresh(client)
    client.delete_cookie("session")
    response = embed_post(client, data, **{"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert thanks_address(response.headers["Location"]) == "/embed/tack"
    assert "Set-Cookie" not in response.headers
    deliver()
    assert len(sandbox.received()) == 1


def test_a_post_from_a_foreign_site_is_refused(client, sandbox, deliver):
    data = fresh(client)
    assert embed_post(client, data, Origin="https://evil.example").status_code == 403
    assert embed_post(client, data, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    deliver()
    assert sandbox.received() == []


@pytest.mark.parametrize(
    "token", ["", "nonsense", "eyJzaWQiOiJ4In0.aaaa.bbbb"], ids=["missing", "garbage", "forged"]
)
def test_a_post_without_a_valid_token_is_refused(client, sandbox, token):
    data = {**fresh(client), "form_token": token}
    response = embed_post(client, data, Origin="http://localhost")
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.get_data(as_text=True)


def test_a_token_for_another_form_is_refused(client):
    data = fresh(client)
    data["submission_id"] = "f" * 32
    assert embed_post(client, data).status_code == 403


def test_validation_errors_in_the_embed_keep_answers(client):
    data = {**fresh(client), "last_name": ""}
    response = embed_post(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv ditt efternamn." in html and 'value="Åsa"' in html
    assert 'data-scroll-host="1"' in html


def test_prefill_from_the_url_ignores_unknown_values(client):
    html = client.get(
        "/embed?omrade=OMR-SOD&omrade=OMR-GAM&omrade=<x>&bostadstyp=house&bostadstyp=slott"
    ).get_data(as_text=True)
    assert re.search(r'id="areas-OMR-SOD" value="OMR-SOD" checked', html)
    assert re.search(r'id="housing_types-house" value="house" checked', html)
    assert "OMR-GAM" not in html and "slott" not in html and "&lt;x&gt;" not in html
    assert not re.search(r'id="areas-OMR-VAS" value="OMR-VAS" checked', html)
    assert re.search(
        r'id="areas-OMR-SOD" value="OMR-SOD" checked',
        client.get("/?omrade=OMR-SOD").get_data(as_text=True),
    )


def test_theme_comes_from_configuration(sandbox, database_url):
    app = make_app(
        sandbox.url, database_url, EMBED_ACCENT_COLOR="#aa0033", EMBED_FONT_FAMILY="Georgia, serif"
    )
    css = app.test_client().get("/embed/tema.css")
    text = css.get_data(as_text=True)
    assert css.headers["Content-Type"].startswith("text/css")
    assert "--accent: #aa0033;" in text and "font-family: Georgia, serif;" in text


def test_bad_theme_or_origin_settings_stop_start_up():
    from app.settings.loading import ConfigError, load_settings

    with pytest.raises(ConfigError):
        load_settings({"EMBED_ACCENT_COLOR": "red;}body{display:none"})
    with pytest.raises(ConfigError):
        load_settings({"FRAME_ANCESTORS": "https://ok.example *"})


def test_the_developer_page_shows_snippet_origins_and_example(client):
    html = client.get("/inbaddning").get_data(as_text=True)
    assert "/static/embed.js" in html and HOST in html
    assert 'data-omraden="OMR-' in html
    assert "<div data-intresseanmalan></div>" in html
