"""Speaking to the mail server: the login from SMTP_URL or its own settings, a refused login,
and the password in no log line, row or page."""

from __future__ import annotations

import logging
import ssl

import pytest

from app.mail.smtp import Sender, SmtpConnection, SmtpServer, build_message
from sandbox.mailbox import Mailbox, free_port
from tests.conftest import submit, valid_answers
from tests.mailtests import T0, mail_rows, make_mail_app, send_mail

PASSWORD = "smtp-hemlis-5521"
# aiosmtpd warns that AUTH without TLS is unsafe: true, and fine on loopback in a test.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def locked():
    """An SMTP server that wants a login."""
    mailbox = Mailbox(login=("intresse@soderhus.se", PASSWORD))
    mailbox.start()
    yield mailbox
    mailbox.stop()


@pytest.mark.parametrize("where", ["url", "settings"])
def test_the_login_is_sent_from_the_url_or_its_own_settings(
    where, locked, sandbox, database_url, clock
):
    if where == "url":
        login = {"SMTP_URL": f"smtp://intresse%40soderhus.se:{PASSWORD}@127.0.0.1:{locked.port}"}
    else:
        login = {"SMTP_USERNAME": "intresse@soderhus.se", "SMTP_PASSWORD": PASSWORD}
    app = make_mail_app(sandbox, database_url, locked, clock, **login)
    submit(app.test_client(), "/", data=valid_answers())
    assert send_mail(app) == 1
    assert locked.logins == ["intresse@soderhus.se"]
    assert len(locked.received()) == 1


def test_a_refused_login_keeps_the_mail_and_says_so_without_the_password(
    locked, sandbox, database_url, clock, caplog
):
    caplog.set_level(logging.DEBUG)
    wrong = "fel-losen-3307"
    app = make_mail_app(
        sandbox,
        database_url,
        locked,
        clock,
        SMTP_URL=f"smtp://intresse:{wrong}@127.0.0.1:{locked.port}",
    )
    submit(app.test_client(), "/", data=valid_answers())
    assert send_mail(app) == 1
    [row] = mail_rows(app)
    assert row["status"] == "retrying" and "inloggningen" in row["last_error"]
    assert (row["next_attempt_at"] - clock()).total_seconds() == app.config["DELIVERY_AUTH_RETRY"]
    assert locked.received() == []
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "refused the login" in logged
    assert wrong not in logged + str(row)


def test_the_password_of_an_unreachable_server_is_in_no_log_line(
    sandbox, database_url, clock, caplog
):
    caplog.set_level(logging.DEBUG)
    nowhere = Mailbox(port=free_port())  # nothing listens there
    url = f"smtps://anna:{PASSWORD}@127.0.0.1:{nowhere.port}"
    app = make_mail_app(sandbox, database_url, nowhere, clock, SMTP_URL=url)
    submit(app.test_client(), "/", data=valid_answers())
    assert send_mail(app) == 1
    [row] = mail_rows(app)
    assert row["status"] == "retrying"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "mail server unavailable" in logged
    assert PASSWORD not in logged + str(row)
    assert PASSWORD not in repr(app.config["MAIL_SERVER"])
    assert PASSWORD not in app.test_client().get("/finns-inte").get_data(as_text=True)


def self_signed(folder) -> str:
    """A certificate for 127.0.0.1 (and its key) in one PEM file; returns its path."""
    from datetime import UTC, datetime, timedelta
    from ipaddress import ip_address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "smtp.pem"
    path.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(path)


@pytest.mark.parametrize(("scheme", "implicit"), [("smtp+starttls", False), ("smtps", True)])
def test_starttls_and_smtps_encrypt_and_check_the_certificate(scheme, implicit, tmp_path):
    pem = self_signed(tmp_path)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(pem)
    mailbox = Mailbox(tls=server_tls, implicit_tls=implicit)
    mailbox.start()
    try:
        server = SmtpServer.from_url(f"{scheme}://127.0.0.1:{mailbox.port}")
        sender = Sender("Söderhus Mäkleri <noreply@soderhus.se>")
        message = build_message(
            sender, ["a@example.se"], "Ämne", "Text", "<p>HTML</p>", "<1@soderhus.se>", T0
        )
        trusting = ssl.create_default_context(cafile=pem)
        with SmtpConnection(server, 5, tls_context=trusting) as connection:
            connection.send(message)
        assert len(mailbox.received()) == 1
        # The default context does not trust a self-signed certificate: nothing is sent.
        with pytest.raises(ssl.SSLCertVerificationError), SmtpConnection(server, 5) as connection:
            connection.send(message)
        assert len(mailbox.received()) == 1
    finally:
        mailbox.stop()
