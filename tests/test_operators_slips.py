"""Operators' slips: the example deployment puts a proxy in front that sets X-Forwarded-For,
limits counted per process are said out loud at start-up, links for other sites come from
PUBLIC_URL and never from the request's Host, and unknown hosts can be refused."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml

from app import create_app
from app.core.sealing import new_key
from app.settings.loading import ConfigError
from tests.conftest import make_app
from tests.polling import wait_for_http
from tests.test_operations import entrypoint, free_port, production_env

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://intresse.maklarbyran.example"
FORGED = "angripare.example"


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]


def test_compose_publishes_only_a_proxy_that_sets_the_client_address():
    services = compose()
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}, published  # the app's port is reached through the proxy
    assert services["proxy"]["image"].startswith("caddy:2")
    app = services["app"]
    assert app["environment"]["PROXY_FIX_HOPS"] == "1"  # exactly the one proxy in front
    assert "8000" in [str(port) for port in app.get("expose", [])]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    mounted = [v.split(":")[0] for v in services["proxy"]["volumes"]]
    assert "./deploy/Caddyfile" in mounted
    # The proxy replaces whatever X-Forwarded-For a client sent with the address it saw.
    assert re.search(r"reverse_proxy app:8000", caddyfile)
    assert re.search(r"header_up X-Forwarded-For \{remote_host\}", caddyfile)


@pytest.mark.parametrize(
    ("workers", "storage", "warned"),
    [
        (2, "memory://", True),
        (4, "memory://", True),
        (1, "memory://", False),
        (2, "redis://redis.internal:6380/0", False),
    ],
)
def test_limits_per_process_are_named_for_more_than_one_worker(workers, storage, warned):
    from app.core.limits_warning import per_process_limits

    message = per_process_limits(workers, storage)
    assert (message is not None) is warned
    if warned:
        assert "per process" in message and f"{workers}" in message
        assert "RATELIMIT_STORAGE_URI" in message


def web_log(sandbox, tmp_path, workers: int) -> str:
    """Start the production web command (as `make start` and the image do), wait until it
    answers, and return what it logged."""
    port = free_port()
    env = production_env(
        sandbox.url,
        f"sqlite:///{tmp_path / f'w{workers}.db'}",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=workers,
        RATELIMIT_STORAGE_URI="memory://",
    )
    log = tmp_path / f"web-{workers}-{uuid.uuid4().hex[:6]}.log"
    web = entrypoint("web", env, log)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
    finally:
        web.terminate()
        web.wait(timeout=30)
    return log.read_text(encoding="utf-8", errors="replace")


def test_start_up_warns_that_limits_are_per_process_with_two_workers(sandbox, tmp_path):
    two = web_log(sandbox, tmp_path, 2)
    (line,) = [line for line in two.splitlines() if "per process" in line]
    assert "[WARNING]" in line and "RATELIMIT_STORAGE_URI" in line
    one = web_log(sandbox, tmp_path, 1)
    assert "per process" not in one


def test_the_embed_snippet_comes_from_public_url_not_the_host_header(sandbox, database_url):
    app = make_app(sandbox.url, database_url, PUBLIC_URL=PUBLIC, PROXY_FIX_HOPS=1)
    client = app.test_client()
    for headers in ({"Host": FORGED}, {"X-Forwarded-Host": FORGED}):
        html = client.get("/inbaddning", headers=headers).get_data(as_text=True)
        assert f'{PUBLIC}/static/embed.js"' in html
        assert f"{PUBLIC}/embed" in html
        assert FORGED not in html


def production_settings(**overrides) -> dict:
    settings = {
        "VITEC_BASE_URL": "https://connect.example.test",
        "VITEC_USERNAME": "kund",
        "VITEC_PASSWORD": "lösen",
        "VITEC_CUSTOMER_ID": "M1",
        "SECRET_KEY": "s" * 32,
        "OUTBOX_ENCRYPTION_KEYS": [new_key()],
        "DATABASE_URL": "sqlite://",
        "PUBLIC_URL": None,
    }
    settings.update(overrides)
    return settings


def test_public_url_is_required_outside_sandbox_mode():
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        create_app(production_settings())


def test_sandbox_mode_has_a_local_public_url():
    settings = production_settings(VITEC_SANDBOX=True, VITEC_BASE_URL=None)
    assert create_app(settings).config["PUBLIC_URL"] == "http://127.0.0.1:5000"


def test_trusted_hosts_refuse_any_other_host_in_swedish(sandbox, database_url):
    app = make_app(
        sandbox.url,
        database_url,
        PUBLIC_URL=PUBLIC,
        TRUSTED_HOSTS=["intresse.maklarbyran.example"],
        PROXY_FIX_HOPS=1,
    )
    client = app.test_client()
    assert client.get("/", headers={"Host": "intresse.maklarbyran.example"}).status_code == 200
    for headers in ({"Host": FORGED}, {"X-Forwarded-Host": FORGED}):
        response = client.get("/inbaddning", headers=headers)
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert '<html lang="sv">' in body and "Okänd adress" in body
        assert FORGED not in body


def test_trusted_hosts_keep_the_health_check_on_loopback_working(sandbox, database_url):
    app = make_app(
        sandbox.url, database_url, PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["intresse.maklarbyran.example"]
    )
    client = app.test_client()
    # The image's HEALTHCHECK asks for http://127.0.0.1:8000/healthz.
    for host in ("127.0.0.1:8000", "localhost:8000"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    assert client.get("/healthz", headers={"Host": FORGED}).status_code == 400


def test_the_worker_container_has_a_health_check_of_its_own():
    services = compose()
    check = services["worker"].get("healthcheck")
    assert check is not None  # else it inherits the image's web check, which never passes
    command = " ".join(check["test"])
    assert "healthz" not in command and "8000" not in command
    assert check["test"][0] == "CMD"
    assert "outbox alive" in command
