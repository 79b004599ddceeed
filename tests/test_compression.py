"""The form's style sheet and scripts travel compressed; pages with tokens and answers do not."""

from __future__ import annotations

from pathlib import Path

import brotli
import pytest

STATIC = Path(__file__).resolve().parent.parent / "static"


@pytest.mark.parametrize("name", ["style.css", "form.js", "areas.js", "embed.js"])
def test_static_files_are_sent_compressed_to_a_browser_that_accepts_it(client, name):
    response = client.get(f"/static/{name}", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert brotli.decompress(body) == (STATIC / name).read_bytes()
    assert len(body) < (STATIC / name).stat().st_size / 2


def test_a_client_that_accepts_no_encoding_gets_the_plain_file(client):
    response = client.get("/static/style.css", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (STATIC / "style.css").read_bytes()


@pytest.mark.parametrize("path", ["/", "/inbaddning", "/staff/login"])
def test_pages_are_never_compressed(client, path):
    """Compressing a page that holds a secret token next to text an attacker can choose
    would let the token be guessed from the response sizes (BREACH); pages stay plain."""
    response = client.get(path, headers={"Accept-Encoding": "gzip, br, zstd"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"<!doctype html>" in response.get_data()[:200].lower()
