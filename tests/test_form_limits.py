"""The posting limits spare real buyers: correcting a form's errors does not use up the
address's quota, many buyers behind one shared address all get through under the default
settings, an IPv6 client is counted by its /64, and refused posts never use up the limit
every address shares; one address posting 200 times is still stopped."""

from __future__ import annotations

import pytest

from app import create_app, outbox
from app.core import migrate
from tests.clock import FakeClock
from tests.conftest import app_config, hidden_fields, make_app, submit, valid_answers

CGNAT = {"REMOTE_ADDR": "198.51.100.7"}  # one carrier-grade NAT address, many phones behind it


def default_limits_app(sandbox, database_url, clock: FakeClock):
    """The app with the declared defaults for the form limits and the time trap (the test
    configuration otherwise lifts the per-address limit and switches the trap off)."""
    config = app_config(sandbox.url, database_url, CLOCK=clock)
    del config["FORM_RATE_LIMIT"], config["FORM_MIN_SECONDS"]
    app = create_app(config)
    migrate.upgrade(app.extensions["delivery"].engine)
    return app


def statuses(app) -> list[str]:
    return [row["status"] for row in outbox.listing(app.extensions["delivery"].engine)]


def test_25_buyers_behind_one_address_each_correcting_a_mistake_are_all_stored_and_sent(
    sandbox, database_url
):
    clock = FakeClock()
    app = default_limits_app(sandbox, database_url, clock)
    for i in range(25):
        phone = app.test_client()
        fields = hidden_fields(phone.get("/", environ_base=CGNAT).get_data(as_text=True))
        clock.advance(30)
        answers = valid_answers(email=f"kopare{i}@example.se")
        mistake = phone.post("/", data={**answers, **fields, "consent": ""}, environ_base=CGNAT)
        assert mistake.status_code == 422, i  # forgot the consent box
        clock.advance(10)
        again = hidden_fields(mistake.get_data(as_text=True))
        corrected = phone.post("/", data={**answers, **again}, environ_base=CGNAT)
        assert corrected.status_code == 302, i
    assert statuses(app) == ["queued"] * 25
    assert app.extensions["delivery"].worker().drain() == 25
    assert len(sandbox.received()) == 25


def test_one_address_posting_200_fresh_forms_is_limited(sandbox, database_url):
    clock = FakeClock()
    app = default_limits_app(sandbox, database_url, clock)
    client = app.test_client()
    codes, last = [], None
    for i in range(200):
        fields = hidden_fields(client.get("/", environ_base=CGNAT).get_data(as_text=True))
        clock.advance(5)
        data = {**valid_answers(email=f"skript{i}@example.se"), **fields}
        last = client.post("/", data=data, environ_base=CGNAT)
        codes.append(last.status_code)
    assert codes == [302] * 60 + [429] * 140
    page = last.get_data(as_text=True)
    assert "För många försök" in page and "Vänta" in page
    assert len(statuses(app)) == 60


def test_one_form_posted_200_times_is_limited(sandbox, database_url):
    clock = FakeClock()
    app = default_limits_app(sandbox, database_url, clock)
    client = app.test_client()
    fields = hidden_fields(client.get("/", environ_base=CGNAT).get_data(as_text=True))
    clock.advance(5)
    codes = []
    for i in range(200):
        data = {**valid_answers(first_name=f"Åsa{'a' * (i % 3)}"), **fields}
        codes.append(client.post("/", data=data, environ_base=CGNAT).status_code)
    # The form counts once and its next ten posts are free (a double click, corrections);
    # past those every post counts, and the address's 60 are used up.
    assert codes == [302] * 70 + [429] * 130


def test_correcting_errors_on_one_form_does_not_use_up_the_address_quota(sandbox, database_url):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="2 per hour")
    client = app.test_client()
    fields = hidden_fields(client.get("/").get_data(as_text=True))
    for _ in range(5):
        wrong = client.post("/", data={**valid_answers(), **fields, "email": "asa@"})
        assert wrong.status_code == 422
    assert client.post("/", data={**valid_answers(), **fields}).status_code == 302
    assert submit(client, "/", data=valid_answers()).status_code == 302  # the second form
    assert submit(client, "/", data=valid_answers()).status_code == 429  # the third
    assert len(statuses(app)) == 2


@pytest.mark.parametrize(
    ("prefix", "other_network_code"),
    [({}, 302), ({"RATE_LIMIT_IPV6_PREFIX": 56}, 429)],
)
def test_ipv6_addresses_of_one_network_share_one_quota(
    sandbox, database_url, prefix, other_network_code
):
    app = make_app(sandbox.url, database_url, FORM_RATE_LIMIT="2 per hour", **prefix)
    client = app.test_client()

    def post_from(address: str) -> int:
        return submit(client, "/", data=valid_answers(), environ_base={"REMOTE_ADDR": address})

    assert post_from("2001:db8:1:2::1").status_code == 302
    assert post_from("2001:db8:1:2:ffff:eeee:dddd:9").status_code == 302
    assert post_from("2001:db8:1:2::abcd").status_code == 429  # the same /64
    assert post_from("2001:db8:1:3::1").status_code == other_network_code  # the next /64
    assert post_from("192.0.2.10").status_code == 302


def test_refused_posts_do_not_use_up_the_limit_every_address_shares(sandbox, database_url):
    app = make_app(
        sandbox.url, database_url, FORM_RATE_LIMIT="1 per hour", FORM_RATE_LIMIT_GLOBAL="3 per hour"
    )
    client = app.test_client()
    foreign = {"Origin": "https://angripare.example", "Sec-Fetch-Site": "cross-site"}
    for i in range(20):  # one client, a fresh address of its own for every post
        address = {"REMOTE_ADDR": f"2001:db8:{i}::1"}
        forged = {**valid_answers(), "form_token": "eyJzaWQiOiJ4In0.forged"}
        assert submit(client, "/", data=forged, environ_base=address).status_code == 403
        address = {"REMOTE_ADDR": f"2001:db8:{i + 100}::1"}
        response = submit(client, "/", data=valid_answers(), headers=foreign, environ_base=address)
        assert response.status_code == 403
    one = {"REMOTE_ADDR": "192.0.2.1"}
    assert submit(client, "/", data=valid_answers(), environ_base=one).status_code == 302
    for _ in range(5):  # past its own limit: refused, and not counted for everyone
        assert submit(client, "/", data=valid_answers(), environ_base=one).status_code == 429
    for address in ("192.0.2.2", "192.0.2.3"):
        response = submit(client, "/", data=valid_answers(), environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 302
    # The three that were taken used up the overall limit; the next buyer waits.
    response = submit(client, "/", data=valid_answers(), environ_base={"REMOTE_ADDR": "192.0.2.4"})
    assert response.status_code == 429
    assert len(statuses(app)) == 3


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),  # an IPv4 client seen through an IPv6 socket
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::", "2001:db8:1:2::/64"),
    ],
)
def test_the_limits_key_an_address_by_its_client(app, address, key):
    from app.web.addresses import limit_key

    with app.test_request_context("/", environ_base={"REMOTE_ADDR": address}):
        assert limit_key() == key
