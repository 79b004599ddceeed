"""Retention and erasure leave nothing personal: not in any column of any table (sealed values
opened with the configured key), not in the bytes of the SQLite file or its write-ahead log,
not in the audit log; and the files are the owner's only."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, make_url, text

from app import outbox
from app.core.db import database_url, make_engine
from app.core.sealing import PayloadSealer, SealError
from app.outbox.errors import open_last_error
from app.staff import accounts
from tests.conftest import hidden_fields, make_app, submit, valid_answers
from tests.test_staff import logged_in

PERSON = {
    "first_name": "Ingegerd",
    "last_name": "Fjällström",
    "email": "ingegerd.fjallstrom@example.se",
    "cell_phone": "070-765 43 21",
    "street_address": "Lingonstigen 17",
    "zip_code": "12345",
    "city": "Hälleforsnäs",
}
PERSONNUMMER = "811218-9876"
# Everything that would name the person, as typed and as sent to Vitec.
TRACES = (
    "Ingegerd",
    "Fjällström",
    "ingegerd.fjallstrom@example.se",
    "070-765 43 21",
    "Lingonstigen",
    "Hälleforsnäs",
    "811218",
    "19811218-9876",
)
STAFF_EMAIL = "stina@maklarbyran.se"
STAFF_PASSWORD = "ett-långt-lösenord-31"
INTEREST = "/Interest/SendInterestAndContactOnArea"
# Vitec's 400 may quote what it was sent.
ECHOING_400 = {
    "Message": "Begäran är ogiltig.",
    "ModelState": {
        "interest.UpdatePerson.Email": ["ingegerd.fjallstrom@example.se finns redan (Fjällström)"]
    },
}
FERNET = re.compile(rb"gAAAAA[A-Za-z0-9_\-]{40,}={0,2}")


def _texts(value, sealer: PayloadSealer) -> list[str]:
    """A stored value as text; sealed values opened with the configured key."""
    if value is None:
        return []
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        try:
            return [json.dumps(sealer.open(raw), ensure_ascii=False)]
        except SealError:
            return [raw.decode("utf-8", "replace")]
    return [str(value)]


def traces_in_tables(engine, sealer: PayloadSealer) -> list[str]:
    """Every table.column (row id) where a trace of the person is found."""
    found = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():  # noqa: S608
                for column, value in row.items():
                    for stored in _texts(value, sealer):
                        found += [f"{table}.{column}: {t}" for t in TRACES if t in stored]
    return found


def database_files(engine) -> list[Path]:
    path = Path(make_url(str(engine.url)).database)
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


def traces_in_files(engine, sealer: PayloadSealer, sealed_before: list[bytes]) -> list[str]:
    """Traces in the raw bytes of the SQLite file and its -wal: the person's values in plain
    text, any intact sealed value that opens to them, or any piece of the sealed values the
    rows held before."""
    found = []
    for path in database_files(engine):
        data = path.read_bytes()
        found += [f"{path.name}: {t}" for t in TRACES if t.encode() in data]
        for token in FERNET.findall(data):
            for opened in _texts(token, sealer):
                found += [f"{path.name}: sealed {t}" for t in TRACES if t in opened]
        for sealed in sealed_before:
            pieces = [sealed[i : i + 48] for i in range(0, len(sealed) - 48, 48)]
            found += [f"{path.name}: a piece of an old sealed value" for p in pieces if p in data]
    return sorted(set(found))


@pytest.fixture
def app(sandbox, database_url):
    app = make_app(sandbox.url, database_url, DELIVERED_RETENTION_DAYS=0)
    accounts.add(app.extensions["delivery"].engine, STAFF_EMAIL, STAFF_PASSWORD)
    return app


def enter_by_staff(client) -> str:
    page = client.get("/staff/ny").get_data(as_text=True)
    fields = hidden_fields(page)
    data = valid_answers(**PERSON, social_security_number=PERSONNUMMER, obtain_through="Phone")
    assert client.post("/staff/ny", data={**data, **fields}).status_code == 302
    return fields["submission_id"]


def sealed_values(engine) -> list[bytes]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT payload, answers FROM submissions")).all()
    return [bytes(v) for row in rows for v in row if v is not None]


def test_purge_of_delivered_rows_leaves_nothing_personal(app, sandbox, runner):
    engine, sealer = app.extensions["delivery"].engine, app.extensions["delivery"].sealer
    assert submit(app.test_client(), "/", data=valid_answers(**PERSON)).status_code == 302
    enter_by_staff(logged_in(app, STAFF_EMAIL, STAFF_PASSWORD))
    assert app.extensions["delivery"].worker().drain() == 2
    assert outbox.counts(engine)["delivered"] == 2
    before = sealed_values(engine)
    assert traces_in_tables(engine, sealer)  # the scan does see the person before the purge

    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "2 gallrade" in result.output, result.output

    assert traces_in_tables(engine, sealer) == []
    assert traces_in_files(engine, sealer, before) == []
    assert outbox.counts(engine)["delivered"] == 2  # id, times and status stay


def test_erase_leaves_nothing_personal_not_even_vitecs_answer(app, sandbox, runner):
    engine, sealer = app.extensions["delivery"].engine, app.extensions["delivery"].sealer
    client = app.test_client()
    client.get("/")
    sandbox.fail_next(400, body=ECHOING_400, path=INTEREST)
    assert submit(client, "/", data=valid_answers(**PERSON)).status_code == 302
    staff = logged_in(app, STAFF_EMAIL, STAFF_PASSWORD)
    enter_by_staff(staff)
    app.extensions["delivery"].worker().drain()
    # Either row may have met the 400 (the worker sends them side by side).
    (rejected,) = outbox.listing(engine, "rejected")
    (delivered,) = outbox.listing(engine, "delivered")
    assert "Fjällström" not in rejected["last_error"]  # Vitec quoted the person: sealed
    assert "Fjällström" in str(open_last_error(sealer, rejected["last_error"]).fields)
    before = sealed_values(engine)

    assert runner.invoke(args=["privacy", "erase", rejected["id"]]).exit_code == 0
    erase_page = f"/staff/anmalan/{delivered['id']}/radera"
    confirm = staff.get(erase_page).get_data(as_text=True)
    assert staff.post(erase_page, data=hidden_fields(confirm)).status_code == 302

    assert traces_in_tables(engine, sealer) == []
    assert traces_in_files(engine, sealer, before) == []
    detail = staff.get(f"/staff/anmalan/{rejected['id']}").get_data(as_text=True)
    assert "Personuppgifterna är raderade." in detail and "Fjällström" not in detail


def test_sqlite_deletes_securely(app):
    with app.extensions["delivery"].engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


@pytest.fixture
def open_umask():
    previous = os.umask(0)  # the widest: nothing taken away from what a program asks for
    yield
    os.umask(previous)


def test_new_database_files_are_the_owners_only(tmp_path, open_umask):
    instance = tmp_path / "instance"
    engine = make_engine(database_url(None, str(instance)))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x TEXT)")
        conn.exec_driver_sql("INSERT INTO t VALUES ('x')")
    with engine.connect() as conn:  # a reader holds the -wal and -shm files open
        conn.exec_driver_sql("SELECT * FROM t").all()
        files = sorted(instance.iterdir())
        assert [f.name for f in files] == [
            "intresseanmalan.db",
            "intresseanmalan.db-shm",
            "intresseanmalan.db-wal",
        ]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
    engine.dispose()
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert set(modes.values()) == {0o600}, modes


def test_an_existing_database_file_readable_by_others_is_narrowed(tmp_path):
    path = tmp_path / "old.db"
    path.write_bytes(b"")
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_erase_page_says_what_happens_here_and_what_to_do_in_vitec(app, sandbox):
    assert submit(app.test_client(), "/", data=valid_answers(**PERSON)).status_code == 302
    app.extensions["delivery"].worker().drain()
    (row,) = outbox.listing(app.extensions["delivery"].engine, "delivered")
    staff = logged_in(app, STAFF_EMAIL, STAFF_PASSWORD)
    page = staff.get(f"/staff/anmalan/{row['id']}/radera").get_data(as_text=True)
    assert "raderas där" not in page  # nothing here erases anything in Vitec
    assert "Tjänsten kan inte radera något i Vitec" in page
    assert "finns personen kvar som kontakt i Vitec" in page
    assert "Radera kontakten där enligt byråns rutin" in page
    assert "Anmälan levererades till Vitec" in page
    response = staff.post(f"/staff/anmalan/{row['id']}/radera", data=hidden_fields(page))
    after = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Personuppgifterna är raderade här" in after and "i Vitec, radera den där också" in after


def test_an_existing_instance_folder_open_to_others_is_narrowed(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    instance.chmod(0o755)
    database_url(None, str(instance))
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700


def test_the_sandbox_secrets_folder_is_narrowed_when_it_exists(tmp_path, open_umask):
    from app.settings.loading import _dev_secrets

    instance = tmp_path / "instance"
    instance.mkdir(mode=0o777)
    instance.chmod(0o777)
    _dev_secrets(str(instance))
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE((instance / "dev-secrets.json").stat().st_mode) == 0o600


def test_a_database_file_in_a_shared_folder_leaves_the_folder_as_it_was(tmp_path):
    # DATABASE_URL=sqlite:////tmp/app.db must not close /tmp to everyone else: only a folder
    # the service makes for itself (instance/, or a missing one) is its own to narrow.
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    make_engine(f"sqlite:///{shared / 'app.db'}").dispose()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "app.db").stat().st_mode) == 0o600
    made = tmp_path / "new" / "folder"
    make_engine(f"sqlite:///{made / 'app.db'}").dispose()
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
