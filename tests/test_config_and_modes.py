"""Configuration from the environment, sandbox mode and any Vitec-like HTTP server."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from app import create_app
from app.core import migrate
from app.settings.loading import ConfigError, load_settings, settings_markdown
from tests.conftest import submit, valid_answers

SEED = json.loads((Path(__file__).parent / "fixtures" / "vitec_seed.json").read_text("utf-8"))


def test_settings_are_read_from_the_environment():
    settings = load_settings(
        {
            "VITEC_BASE_URL": "https://connect.example.test/",
            "VITEC_CATEGORY_IDS": "KAT-1, KAT-2",
            "VITEC_NOTIFY_USER": "ja",
            "BROKER_NAME": "Södermäklarna",
        }
    )
    assert settings["VITEC_BASE_URL"] == "https://connect.example.test"
    assert settings["VITEC_CATEGORY_IDS"] == ["KAT-1", "KAT-2"]
    assert settings["VITEC_NOTIFY_USER"] is True
    assert settings["BROKER_NAME"] == "Södermäklarna"


def test_missing_secrets_stop_start_up_outside_sandbox_and_test_mode(monkeypatch):
    for name in ("SECRET_KEY", "OUTBOX_ENCRYPTION_KEYS", "VITEC_PASSWORD", "VITEC_CUSTOMER_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VITEC_BASE_URL", "https://connect.example.test")
    monkeypatch.setenv("VITEC_USERNAME", "kund")
    with pytest.raises(ConfigError) as caught:
        create_app()
    message = str(caught.value)
    for name in ("SECRET_KEY", "OUTBOX_ENCRYPTION_KEYS", "VITEC_PASSWORD", "VITEC_CUSTOMER_ID"):
        assert name in message
    assert "VITEC_USERNAME" not in message


def test_notify_user_without_a_user_id_is_refused():
    config = {
        "VITEC_BASE_URL": "http://127.0.0.1:9",
        "VITEC_CUSTOMER_ID": "M1",
        "VITEC_USERNAME": "kund",
        "VITEC_PASSWORD": "lösen",
        "VITEC_NOTIFY_USER": True,
        "DATABASE_URL": "sqlite://",
    }
    with pytest.raises(ConfigError, match="VITEC_USER_ID"):
        create_app({"TESTING": True, "VITEC_USER_ID": "", **config})


def test_sandbox_mode_needs_no_configuration_and_says_so(monkeypatch, tmp_path):
    for name in ("VITEC_BASE_URL", "VITEC_USERNAME", "VITEC_PASSWORD", "VITEC_CUSTOMER_ID"):
        monkeypatch.delenv(name, raising=False)
    database = f"sqlite:///{tmp_path / 'sandbox.db'}"
    app = create_app(
        {
            "TESTING": True,
            "VITEC_SANDBOX": True,
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": database,
            "FORM_MIN_SECONDS": 0,
        }
    )
    migrate.upgrade(app.extensions["delivery"].engine)
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    assert "Testläge: anmälningar skickas till ett testsystem" in html
    response = submit(client, "/", data=valid_answers())
    assert response.status_code == 302
    assert app.extensions["delivery"].worker().drain() == 1
    received = client.get("/sandlada/_sandbox/received").get_json()
    assert len(received) == 1
    assert received[0]["payload"]["updatePerson"]["customerId"] == "M12345"
    # The client talked to the sandbox over a real loopback socket.
    assert app.extensions["vitec"].client().base_url.startswith("http://127.0.0.1:")
    app.extensions["sandbox"].stop()


class Recorder(BaseHTTPRequestHandler):
    """A bare HTTP server that records every request and answers like Vitec would."""

    calls: ClassVar[list[dict]] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.calls.append(
            {
                "method": "POST",
                "path": self.path,
                "headers": dict(self.headers),
                "body": self.rfile.read(length),
            }
        )
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        self.calls.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def shape(value):
    """The structure of a JSON value: key sets and types, list items merged."""
    if isinstance(value, dict):
        return {key: shape(child) for key, child in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def test_any_http_server_receives_one_post_with_basic_auth_and_the_seed_shape(tmp_path):
    Recorder.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    areas = tmp_path / "areas.json"
    area = {"areaId": "A1", "areaName": "Söder", "polygon": [{"longitud": 1, "latitud": 1}] * 4}
    areas.write_text(json.dumps({"areas": [area], "municipalities": []}))
    try:
        app = create_app(
            {
                "TESTING": True,
                "FORM_MIN_SECONDS": 0,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'any.db'}",
                "WTF_CSRF_ENABLED": False,
                "VITEC_BASE_URL": f"http://127.0.0.1:{server.server_port}",
                "VITEC_USERNAME": "kund-42",
                "VITEC_PASSWORD": "pw-42",
                "VITEC_CUSTOMER_ID": "M42",
                "VITEC_USER_ID": "",
                "VITEC_CATEGORY_IDS": [],
                "AREAS_FILE": str(areas),
            }
        )
        data = valid_answers(
            areas=["A1"],
            home_phone="08-123 456 78",
            street_address="Götgatan 1",
            zip_code="11846",
            city="Stockholm",
            living_space_min="50",
            plot_area_max="900",
            special_request="Balkong",
            present_estate_type="HousingCooperative",
            present_living_space="48",
            present_rooms="2",
            present_price="3 100 000",
            present_other="Tvåa",
            wish_advertising="y",
        )
        migrate.upgrade(app.extensions["delivery"].engine)
        assert submit(app.test_client(), "/", data=data).status_code == 302
        assert app.extensions["delivery"].worker().drain() == 1
    finally:
        server.shutdown()
    posts = [c for c in Recorder.calls if c["method"] == "POST"]
    assert len(posts) == 1
    post = posts[0]
    assert post["path"] == "/Interest/SendInterestAndContactOnArea"
    assert (
        post["headers"]["Authorization"] == "Basic " + base64.b64encode(b"kund-42:pw-42").decode()
    )
    assert post["headers"]["Content-Type"] == "application/json"
    body = json.loads(post["body"])
    sent, seed = shape(body), shape(SEED)

    def within(part, whole, path="") -> None:
        if isinstance(part, dict):
            assert isinstance(whole, dict), path
            for key in part:
                assert key in whole, f"{path}.{key} is not in the seed"
                within(part[key], whole[key], f"{path}.{key}")
        elif isinstance(part, list):
            assert isinstance(whole, list), path
            for item in part:
                within(item, whole[0], path + "[]")
        else:
            assert part == whole, f"{path}: {part} != {whole}"

    within(sent, seed)
    assert body["updatePerson"]["customerId"] == "M42"
    assert "userId" not in body["updatePerson"]
    assert body["presentAccommodation"]["estateType"] == "HousingCooperative"


def test_the_configuration_table_is_the_declarations():
    doc = Path(__file__).parent.parent / "docs" / "configuration.md"
    text = doc.read_text(encoding="utf-8")
    start = text.index("<!-- settings:start")
    table = text[text.index("\n", start) + 1 : text.index("<!-- settings:end -->")]
    assert table.strip() == settings_markdown().strip()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DELIVERY_CONCURRENCY", "2.7", "heltal"),
        ("DELIVERY_BATCH_SIZE", "-1", "heltal"),
        ("DELIVERY_MAX_AGE", "snart", "tid"),
        ("DELIVERY_RATE", "tio", "ett tal"),
        ("VITEC_NOTIFY_USER", "kanske", "true eller false"),
        ("VITEC_WATCHED", "Ja", "Yes, No, NotAsked"),
        ("VITEC_BASE_URL", "connect.maklare.vitec.net", "adress"),
        ("FORM_RATE_LIMIT", "många", "gräns"),
        ("VITEC_OFFICES", "=Söder, M2=Solna", "M12345=Södermalm"),
    ],
)
def test_a_value_that_does_not_fit_its_type_stops_start_up_naming_it(name, value, expected):
    with pytest.raises(ConfigError, match=name) as caught:
        load_settings({name: value})
    assert expected in str(caught.value)


def test_durations_and_whole_numbers_are_read_strictly():
    settings = load_settings(
        {"DELIVERY_MAX_AGE": "12h", "DELIVERY_CONCURRENCY": "5", "AREAS_CACHE_SECONDS": "90"}
    )
    assert settings["DELIVERY_MAX_AGE"] == 12 * 3600
    assert settings["DELIVERY_CONCURRENCY"] == 5 and isinstance(
        settings["DELIVERY_CONCURRENCY"], int
    )
    assert settings["AREAS_CACHE_SECONDS"] == 90


def test_every_setting_is_declared_once():
    from app.settings.declarations import SETTINGS

    names = [setting.name for setting in SETTINGS]
    assert sorted(names) == sorted(set(names))


def test_the_typed_settings_are_generated_from_the_declarations():
    from app.settings import codegen

    assert codegen.TARGET.read_text(encoding="utf-8") == codegen.typed_source()


def test_the_app_reads_its_settings_as_typed_attributes(app):
    from app.vitec.offices import Offices

    settings = app.extensions["settings"]
    assert settings.secret_key == "test-secret-key"
    assert settings.port == 5000
    assert settings.delivery_rate == 0
    assert settings.vitec_category_ids == ["KAT-1"]
    assert isinstance(settings.offices, Offices)
    assert [office.customer_id for office in settings.offices.all] == ["M99999"]
    with pytest.raises(AttributeError):
        settings.port = 5201
