"""A rendered form's token runs out after EMBED_TOKEN_MAX_AGE by the app's clock, moved by hand:
the person then sees the form again with their answers and a fresh token, not an error."""

from __future__ import annotations

import pytest

from tests.clock import FakeClock
from tests.conftest import hidden_fields, make_app, valid_answers

MAX_AGE = 3600


@pytest.mark.parametrize("path", ["/embed", "/"])
def test_a_token_that_ran_out_while_typing_shows_the_form_again_with_a_fresh_token(
    sandbox, database_url, path
):
    clock = FakeClock()
    app = make_app(sandbox.url, database_url, CLOCK=clock, EMBED_TOKEN_MAX_AGE=MAX_AGE)
    client = app.test_client()
    in_time = hidden_fields(client.get(path).get_data(as_text=True))
    too_late = hidden_fields(client.get(path).get_data(as_text=True))

    clock.advance(MAX_AGE)  # exactly the maximum age: still accepted
    response = client.post(path, data={**valid_answers(email="i.tid@example.se"), **in_time})
    assert response.status_code == 302

    clock.advance(1)
    answers = valid_answers(email="sent@example.se")
    response = client.post(path, data={**answers, **too_late})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "behöver det skickas igen" in html
    assert 'value="sent@example.se"' in html and 'value="Öberg"' in html
    renewed = hidden_fields(html)
    assert renewed["submission_id"] == too_late["submission_id"]
    assert renewed["form_token"] != too_late["form_token"]

    assert client.post(path, data={**answers, **renewed}).status_code == 302
    app.extensions["delivery"].worker().drain()
    emails = [r["payload"]["updatePerson"]["email"]["emailAddress"] for r in sandbox.received()]
    assert sorted(emails) == ["i.tid@example.se", "sent@example.se"]
