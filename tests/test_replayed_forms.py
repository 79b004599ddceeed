"""Replayed forms and input that should not be kept: one rendered form cannot mint fresh
submission ids, a stale form is not taken, refused posts count toward their own address's
limit (never the overall one: tests/test_form_limits.py), and only the form's own fields (each
value once, only offered values) are kept and sent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app import outbox
from tests.conftest import hidden_fields, make_app, valid_answers


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def rendered(client, path: str = "/") -> dict:
    return hidden_fields(client.get(path).get_data(as_text=True))


def stored_rows(app) -> list[dict]:
    return outbox.listing(app.extensions["delivery"].engine)


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_one_rendered_form_cannot_mint_fresh_submission_ids(app, client, sandbox, path):
    fields = rendered(client, path)
    codes = [
        client.post(
            path, data={**valid_answers(), **fields, "submission_id": uuid.uuid4().hex}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [403, 403, 403, 403]
    assert stored_rows(app) == []
    assert app.extensions["delivery"].worker().drain() == 0
    assert sandbox.received() == []
    # The form's own id is still taken, once.
    assert client.post(path, data={**valid_answers(), **fields}).status_code == 302
    assert [row["id"] for row in stored_rows(app)] == [fields["submission_id"]]


def test_a_form_older_than_the_token_age_is_stale(sandbox, database_url):
    clock = Clock()
    app = make_app(sandbox.url, database_url, CLOCK=clock, EMBED_TOKEN_MAX_AGE=3600.0)
    client = app.test_client()
    fields = rendered(client)
    clock.now += timedelta(hours=1, seconds=1)
    response = client.post("/", data={**valid_answers(), **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "behöver det skickas igen" in page
    assert stored_rows(app) == []
    renewed = hidden_fields(page)
    assert renewed["form_token"] != fields["form_token"]
    assert renewed["submission_id"] == fields["submission_id"]
    clock.now += timedelta(minutes=59)  # the renewed token counts from now
    assert client.post("/", data={**valid_answers(), **renewed}).status_code == 302
    assert len(stored_rows(app)) == 1


def test_refused_posts_count_toward_the_per_address_limit(sandbox, database_url):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="3 per minute")
    client = app.test_client()
    forged = {**rendered(client), "form_token": "eyJzaWQiOiJ4In0.forged"}
    assert client.post("/", data={**valid_answers(), **forged}).status_code == 403
    minted = {**rendered(client), "submission_id": uuid.uuid4().hex}
    assert client.post("/", data={**valid_answers(), **minted}).status_code == 403
    foreign = {"Origin": "https://angripare.example", "Sec-Fetch-Site": "cross-site"}
    response = client.post("/", data={**valid_answers(), **rendered(client)}, headers=foreign)
    assert response.status_code == 403
    # Three refused posts used up the address's limit: a genuine one now waits.
    assert client.post("/", data={**valid_answers(), **rendered(client)}).status_code == 429
    other = {"REMOTE_ADDR": "10.9.8.7"}
    fields = hidden_fields(client.get("/", environ_base=other).get_data(as_text=True))
    assert client.post("/", data={**valid_answers(), **fields}, environ_base=other).status_code == (
        302
    )
    assert len(stored_rows(app)) == 1


def sealed(app, submission_id: str) -> tuple[dict, dict]:
    """The stored typed answers and payload of one row, opened."""
    row = outbox.get(app.extensions["delivery"].engine, submission_id)
    sealer = app.extensions["delivery"].sealer
    return sealer.open(row["answers"]), sealer.open(row["payload"])


def test_a_field_the_form_does_not_have_is_not_kept(app, client):
    fields = rendered(client)
    extra = {
        "is_admin": "ja-admin-7431",
        "customerId": "M00001",
        "password": "hemligt-lösen-5520",
        "userId": "HAN-FEJK-3",
    }
    response = client.post("/", data={**valid_answers(), **fields, **extra})
    assert response.status_code == 302
    typed, payload = sealed(app, fields["submission_id"])
    assert set(typed) <= {field.name for field in app_form_fields(app)}
    for name, value in extra.items():
        assert name not in typed
        assert value not in str(typed) and value not in str(payload)
    assert typed["first_name"] == ["Åsa"] and typed["areas"] == ["OMR-SOD", "OMR-RAS"]


def app_form_fields(app):
    from app.intake.forms import InterestForm

    with app.test_request_context("/"):
        return list(InterestForm(meta={"csrf": False}))


def test_4000_repeated_areas_are_kept_once_and_never_more_than_offered(app, client, sandbox):
    page = client.get("/").get_data(as_text=True)
    offered = page.count('name="areas"')
    assert offered > 2
    fields = hidden_fields(page)
    areas = ["OMR-SOD"] * 4000 + ["OMR-RAS", "OMR-RAS", "OMR-FINNS-INTE"]
    response = client.post("/", data={**valid_answers(areas=areas), **fields})
    assert response.status_code == 302
    typed, payload = sealed(app, fields["submission_id"])
    assert typed["areas"] == ["OMR-SOD", "OMR-RAS"]
    (wish,) = payload["lookingForAccommodations"]
    assert sorted(wish["areaIds"]) == ["OMR-RAS", "OMR-SOD"]
    assert len(wish["areaIds"]) <= offered
    app.extensions["delivery"].worker().drain()
    (received,) = sandbox.received()
    sent = received["payload"]["lookingForAccommodations"][0]["areaIds"]
    assert sorted(sent) == ["OMR-RAS", "OMR-SOD"]
