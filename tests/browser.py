"""Shared helpers for browser tests: Debian's Chromium via Playwright, a live app server.
Loaded as a plugin by conftest.py, so every test module has the `browser` fixture."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


BACK_FORWARD_CACHE = {"ignore_default_args": ["--disable-back-forward-cache"]}  # Playwright's off


@contextmanager
def chromium(**launch: Any) -> Iterator[Browser]:
    """Debian's Chromium, headless (never a downloaded browser); `launch`: more options."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **launch
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, shared by a module's tests."""
    with chromium() as launched:
        yield launched


@contextmanager
def serve(app: Flask, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a Flask app on a free loopback port for the duration of the block."""
    server = make_server(host, 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def change_settings(app: Flask, **values: Any) -> None:
    """Change settings of a running app, as a test must once a server's port is known."""
    app.extensions["settings"] = dataclasses.replace(app.extensions["settings"], **values)
    app.config.update({name.upper(): value for name, value in values.items()})


@contextmanager
def served_elsewhere(app: Flask) -> Iterator[str]:
    """Serve the app at http://localhost:<port>, another site than a host page on 127.0.0.1;
    its PUBLIC_URL says so, as in production."""
    with serve(app) as url:
        service_url = url.replace("127.0.0.1", "localhost")
        change_settings(app, public_url=service_url)
        yield service_url


def host_site(
    snippet: str, top: str = "<h1>Välkommen till Mäklarbyrån</h1>", style: str = ""
) -> Flask:
    """A broker's site on another origin: a long page with the snippet in its middle, below
    `top` (a heading, or a header that the host's `style` makes sticky)."""
    host = Flask("host")

    @host.get("/")
    def page():
        return (
            '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Mäklarbyrån</title>'
            f"<style>body{{margin:0;font-family:serif}} {style}</style></head><body>"
            f"{top}<p style='height:600px'>Om oss …</p>"
            f"{snippet}<footer style='height:800px'>Sidfot</footer></body></html>"
        )

    return host


def fill_in_a_buyer(form: Any, housing: str = "Villa", areas: tuple[str, ...] = ()) -> None:
    """Fill in what the buyer's form asks for (name, e-mail, these areas, a housing type,
    consent) on a page, or in an embedded form's frame."""
    form.get_by_label("Förnamn").fill("Åsa")
    form.get_by_label("Efternamn").fill("Öberg")
    form.get_by_label("E-post").fill("asa.oberg@example.se")
    for area in areas:
        form.get_by_label(area).check()
    form.get_by_label(housing).check()
    form.get_by_label("Jag samtycker").check()
