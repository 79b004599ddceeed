"""The channels' Swedish names come from one place (app/outbox/states.py): the desk, the
alarm e-mail and the statistics all read them from there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app import outbox
from app.insight import report as insight_report
from app.mail.alarms import Alarms, AlarmSettings
from app.mail.smtp import Sender
from app.outbox import states
from app.outbox.worker import Outcome
from app.web.staff import desk_words as desk
from tests.conftest import make_app, submit, valid_answers
from tests.insight_pages import csv_section, log_in, tables

RENAMED = {"web": "hemsidan", "embed": "ramen", "staff": "kontoret"}


@pytest.fixture
def renamed(monkeypatch):
    """The vocabulary changed in its one place, for the length of a test."""
    for key, name in RENAMED.items():
        monkeypatch.setitem(states.CHANNEL_NAMES, key, name)


def test_the_vocabulary_names_every_channel_in_lower_case():
    assert dict(states.CHANNEL_NAMES) == {"web": "webb", "embed": "inbäddad", "staff": "personal"}


def test_the_desk_reads_the_channel_names_from_the_vocabulary(renamed):
    assert desk.channel_name({"channel": "web"}) == "hemsidan"
    assert desk.channel_name({"channel": "embed"}) == "ramen"
    # A staff entry is named by who registered it (issue 24's words), not by its channel.
    assert desk.channel_name({"channel": "staff", "entered_by": "anna@maklarbyran.se"}) == (
        "Registrerad av anna@maklarbyran.se"
    )


def test_the_statistics_read_the_channel_names_from_the_vocabulary(renamed):
    assert insight_report.site_label("web", "") == "Hemsidan"
    assert insight_report.site_label("staff", "") == "Kontoret"
    assert insight_report.site_label("embed", "https://www.maklarbyran.se") == (
        "Ramen på https://www.maklarbyran.se"
    )


def test_the_statistics_page_and_csv_head_their_weeks_with_the_vocabulary(
    renamed, sandbox, database_url
):
    app = make_app(sandbox.url, database_url)
    submit(app.test_client(), "/", valid_answers())
    staff = log_in(app)
    found = tables(staff.get("/staff/statistik?period=4").get_data(as_text=True))
    assert found["tabell-veckor"][0] == ["Vecka", "Hemsidan", "Ramen", "Kontoret", "Totalt"]
    weeks = csv_section(
        staff.get("/staff/statistik/efterfragan.csv?period=4").data, "Anmälningar per vecka"
    )
    assert [row[2] for row in weeks[:3]] == ["Hemsidan", "Ramen", "Kontoret"]


def test_the_alarm_reads_the_channel_names_from_the_vocabulary(renamed, sandbox, database_url):
    app = make_app(sandbox.url, database_url)
    submit(app.test_client(), "/", valid_answers())
    delivery = app.extensions["delivery"]
    (row,) = outbox.listing(delivery.engine)
    alarms = Alarms(
        delivery.engine,
        delivery.sealer,
        Sender("Mäklarbyrån <noreply@maklarbyran.se>"),
        AlarmSettings(("larm@maklarbyran.se",), 300.0, "https://intresse.example", "Mäklarbyrån"),
        lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    entry = alarms.entry(Outcome(row["id"], None, states.DEAD, None, error="inget svar."))
    assert entry["channel"] == "hemsidan"
