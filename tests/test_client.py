"""VitecClient per status class, with the exact URL, headers and JSON asserted."""

from __future__ import annotations

import base64
import json

import pytest
import requests
import responses

from app.vitec.client import (
    VitecAuthError,
    VitecClient,
    VitecError,
    VitecRejected,
    VitecUnavailable,
)

BASE = "https://vitec.test.invalid"
URL = BASE + "/Interest/SendInterestAndContactOnArea"
PAYLOAD = {"updatePerson": {"firstName": "Åsa", "customerId": "M1"}, "watched": "Yes"}


@pytest.fixture
def client():
    return VitecClient(BASE + "/", "kund-user", "kund-pass", connect_timeout=1, read_timeout=2)


@responses.activate
def test_204_sends_basic_auth_and_exact_json(client):
    responses.post(URL, status=204)
    client.send_interest(PAYLOAD)
    call = responses.calls[0]
    assert call.request.url == URL
    expected = "Basic " + base64.b64encode(b"kund-user:kund-pass").decode()
    assert call.request.headers["Authorization"] == expected
    assert call.request.headers["Content-Type"] == "application/json"
    assert json.loads(call.request.body) == PAYLOAD


@responses.activate
def test_400_model_state_becomes_field_errors(client):
    body = {
        "Message": "The request is invalid.",
        "ModelState": {"interest.UpdatePerson.FirstName": ["Förnamnet är för långt"]},
    }
    responses.post(URL, json=body, status=400)
    with pytest.raises(VitecRejected) as caught:
        client.send_interest(PAYLOAD)
    assert caught.value.field_errors == {
        "interest.UpdatePerson.FirstName": ["Förnamnet är för långt"]
    }
    assert str(caught.value) == "The request is invalid."
    assert not caught.value.retryable


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Kundid krävs", "Kundid krävs"),
        ('{"ModelState": {"x": "Minst en sökpreferens måste anges"}}', "Minst en sökpreferens"),
        ("[1, 2]", "[1, 2]"),
        ("", "Vitec avvisade uppgifterna."),
    ],
)
@responses.activate
def test_400_bodies_of_other_shapes_are_parsed_defensively(client, body, message):
    responses.post(URL, body=body, status=400)
    with pytest.raises(VitecRejected, match=message.replace("[", r"\[").replace("]", r"\]")):
        client.send_interest(PAYLOAD)


@pytest.mark.parametrize("status", [401, 403])
@responses.activate
def test_auth_failures(client, status):
    responses.post(URL, status=status)
    with pytest.raises(VitecAuthError) as caught:
        client.send_interest(PAYLOAD)
    assert caught.value.status == status
    assert not caught.value.retryable


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"),
    [
        (500, {}, None),
        (502, {}, None),
        (503, {"Retry-After": "7"}, 7.0),
        (429, {"Retry-After": "2"}, 2.0),
        (408, {}, None),
    ],
)
@responses.activate
def test_server_side_trouble_is_retryable(client, status, headers, retry_after):
    responses.post(URL, status=status, headers=headers)
    with pytest.raises(VitecUnavailable) as caught:
        client.send_interest(PAYLOAD)
    assert caught.value.retryable
    assert caught.value.status == status
    assert caught.value.retry_after == retry_after


@pytest.mark.parametrize(
    "error", [requests.ConnectTimeout(), requests.ReadTimeout(), requests.ConnectionError()]
)
@responses.activate
def test_network_failures_are_retryable(client, error):
    responses.post(URL, body=error)
    with pytest.raises(VitecUnavailable):
        client.send_interest(PAYLOAD)


@responses.activate
def test_an_unexpected_status_is_an_error_but_not_retryable(client):
    responses.post(URL, status=418)
    with pytest.raises(VitecError) as caught:
        client.send_interest(PAYLOAD)
    assert type(caught.value) is VitecError


@responses.activate
def test_every_call_carries_a_timeout(client, monkeypatch):
    seen = []
    original = client.session.request

    def spy(*args, **kwargs):
        seen.append(kwargs.get("timeout"))
        return original(*args, **kwargs)

    monkeypatch.setattr(client.session, "request", spy)
    responses.post(URL, status=204)
    responses.get(BASE + "/Area/GetAreas", json=[])
    responses.get(BASE + "/Municipality", json=[])
    client.send_interest(PAYLOAD)
    client.get_areas("M1")
    client.get_municipalities("M1")
    assert seen == [(1, 2)] * 3
    assert responses.calls[1].request.url == BASE + "/Area/GetAreas?criteria.customerId=M1"


def test_repr_hides_credentials(client):
    assert "kund-pass" not in repr(client) and "kund-user" not in repr(client)
