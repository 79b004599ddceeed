"""The e-mail settings: read strictly, checked together, the password never shown."""

from __future__ import annotations

import pytest

from app import create_app
from app.mail.smtp import SmtpServer
from app.settings.loading import ConfigError, load_settings

BASE = {
    "TESTING": True,
    "VITEC_BASE_URL": "http://127.0.0.1:9",
    "VITEC_CUSTOMER_ID": "M1",
    "VITEC_USERNAME": "kund",
    "VITEC_PASSWORD": "lösen",
    "DATABASE_URL": "sqlite://",
}
MAIL = {
    "SMTP_URL": "smtp://127.0.0.1:2525",
    "MAIL_FROM": "Mäklarbyrån <noreply@maklarbyran.se>",
    "BROKER_ADDRESS": "Götgatan 1, 118 46 Stockholm",
    "PUBLIC_URL": "https://intresse.maklarbyran.se",
}


@pytest.mark.parametrize(
    ("url", "host", "port", "security", "user"),
    [
        ("smtp://mail.example.se", "mail.example.se", 25, "plain", None),
        ("smtp://mail.example.se:2525", "mail.example.se", 2525, "plain", None),
        ("smtps://mail.example.se", "mail.example.se", 465, "tls", None),
        ("smtp+starttls://mail.example.se", "mail.example.se", 587, "starttls", None),
        ("smtp://mail.example.se:587?starttls=true", "mail.example.se", 587, "starttls", None),
        (
            "smtps://anna%40mb.se:l%C3%B6sen@mail.example.se:465",
            "mail.example.se",
            465,
            "tls",
            "anna@mb.se",
        ),
    ],
)
def test_the_smtp_url_says_host_port_security_and_login(url, host, port, security, user):
    server = SmtpServer.from_url(url)
    assert (server.host, server.port, server.security, server.username) == (
        host,
        port,
        security,
        user,
    )


def test_the_password_in_the_url_is_decoded_and_never_in_the_repr():
    server = SmtpServer.from_url("smtps://anna:l%C3%B6sen-9931@mail.example.se")
    assert server.password == "lösen-9931"
    assert "lösen" not in repr(server) and "9931" not in str(server)
    assert "l%C3%B6sen" not in repr(server)


def test_user_and_password_may_come_from_their_own_settings():
    server = SmtpServer.from_url("smtp+starttls://mail.example.se", "anna", "hemligt-77")
    assert (server.username, server.password) == ("anna", "hemligt-77")


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"MAIL_FROM": None}, "MAIL_FROM"),
        ({"BROKER_ADDRESS": None}, "BROKER_ADDRESS"),
        ({"SMTP_URL": "smtps://mail.example.se?starttls=true"}, "SMTP_URL"),
        ({"SMTP_URL": "http://mail.example.se"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://anna:hemlis-4410@mail.example.se:port"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://a:b@mail.example.se", "SMTP_USERNAME": "c"}, "SMTP_USERNAME"),
        ({"SMTP_USERNAME": "anna"}, "SMTP_PASSWORD"),
        ({"SMTP_URL": None, "RECEIPT_ENABLED": True}, "SMTP_URL"),
        ({"SMTP_URL": None, "ALERT_EMAIL": ["larm@maklarbyran.se"]}, "SMTP_URL"),
    ],
)
def test_missing_or_inconsistent_mail_settings_stop_start_up_naming_them(overrides, named):
    config = {**BASE, **MAIL, **overrides}
    with pytest.raises(ConfigError, match=named):
        create_app(config)


def test_without_receipts_no_broker_address_is_needed():
    app = create_app({**BASE, **MAIL, "BROKER_ADDRESS": None, "RECEIPT_ENABLED": False})
    assert app.config["RECEIPT_ENABLED"] is False


def test_receipts_are_on_when_smtp_is_configured_and_off_without_it():
    assert create_app({**BASE, **MAIL}).config["RECEIPT_ENABLED"] is True
    assert create_app(BASE).config["RECEIPT_ENABLED"] is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAIL_FROM", "Mäklarbyrån"),
        ("ALERT_EMAIL", "larm@maklarbyran.se inte-en-adress"),
        ("RECEIPT_MAX_PER_DAY", "tre"),
        ("ALERT_INTERVAL", "snart"),
    ],
)
def test_a_mail_setting_that_does_not_fit_stops_start_up_naming_it(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value})


def test_alert_addresses_are_a_list():
    settings = load_settings({"ALERT_EMAIL": "larm@mb.se, jour@mb.se"})
    assert settings["ALERT_EMAIL"] == ["larm@mb.se", "jour@mb.se"]
    assert settings["ALERT_INTERVAL"] == 900.0


def test_a_wrong_smtp_url_is_named_without_repeating_its_password():
    config = {**BASE, **MAIL, "SMTP_URL": "smtp://anna:hemlis-4410@mail.example.se:port"}
    with pytest.raises(ConfigError) as caught:
        create_app(config)
    assert "SMTP_URL" in str(caught.value) and "hemlis-4410" not in str(caught.value)
    assert caught.value.__suppress_context__  # the URL is in no chained error either
