"""Which error summaries static/form.js may drop on Back: the buyer's (about answers sent
since), never the staff form's, whose page is fetched afresh and whose errors are current."""

from __future__ import annotations

import re

from tests.conftest import submit, valid_answers
from tests.test_staff import app, log_in, post_entry, staff_entry  # noqa: F401 (fixture)

SUMMARY = re.compile(r'<div class="error-summary"[^>]*>')


def test_only_the_buyers_error_summary_is_marked_stale_on_return(app):  # noqa: F811
    client = app.test_client()
    for path in ("/", "/embed"):
        buyer = submit(client, path, data=valid_answers(first_name=""))
        assert buyer.status_code == 422
        assert "data-stale-on-return" in SUMMARY.search(buyer.get_data(as_text=True))[0]
    log_in(client)
    staff = post_entry(client, staff_entry(first_name=""))
    assert staff.status_code == 422
    assert "data-stale-on-return" not in SUMMARY.search(staff.get_data(as_text=True))[0]
