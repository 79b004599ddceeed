"""What `make mutate` (scripts/mutate.py) mutates, the test files run against each module's
mutants, and the survivors left on purpose, each with why no test should catch it: equivalent
mutants (the same behaviour as the code) and boundaries the data never meets."""

from __future__ import annotations

# Module -> the test files that exercise it (only these run against its mutants).
MODULES: dict[str, list[str]] = {
    "app/intake/mapping.py": ["tests/test_mapping.py"],
    "app/vitec/payload.py": [
        "tests/test_staff.py::test_a_requirement_goes_only_with_a_housing_type_it_is_valid_for"
    ],
    "app/intake/validators.py": ["tests/test_validators.py", "tests/test_prices.py"],
    "app/outbox/changes.py": ["tests/test_outbox_guards.py", "tests/test_outbox.py"],
    "app/outbox/queue.py": ["tests/test_outbox_guards.py", "tests/test_outbox.py"],
    "app/outbox/lease.py": ["tests/test_outbox_guards.py", "tests/test_outbox.py"],
    "app/outbox/retention.py": ["tests/test_outbox_guards.py"],
    "app/core/sealing.py": ["tests/test_sealing.py", "tests/test_outbox.py"],
    "app/mail/queue.py": [
        "tests/test_mail_queue.py",
        "tests/test_mail_receipt_caps.py",
        "tests/test_mail_postgres.py",
    ],
    "app/web/security.py": ["tests/test_security_headers.py"],
    "app/staff/accounts.py": ["tests/test_staff_accounts.py"],
    "app/web/staff/session.py": ["tests/test_staff_accounts.py"],
    "app/insight/counters.py": ["tests/test_insight_counters.py"],
    # The receipt: what it says, its caps, and when it is said to be queued.
    "app/mail/receipts.py": [
        "tests/test_mail_receipt.py",
        "tests/test_mail_receipt_caps.py",
        "tests/test_mail_one_address.py",
        "tests/test_mail_wording.py",
        "tests/test_estate_receipt.py",
        "tests/test_office_companies.py",
        "tests/test_one_time_format.py",
    ],
    # A field shared between two requests' forms would show one person's answers to another.
    "app/intake/field_binding.py": ["tests/test_field_binding.py"],
}

# Modules with PostgreSQL-only branches: their mutants meet the PostgreSQL tests too.
ON_POSTGRESQL = {"app/outbox/lease.py", "app/mail/queue.py"}

_HEADER = "request header names are case-insensitive (werkzeug): the same header"
# Mutant name -> why no test should catch it.
LEFT_ON_PURPOSE: dict[str, str] = {
    **dict.fromkeys(
        [
            *(f"app.insight.counters.x_increments__mutmut_{n}" for n in (4, 9, 14, 27, 31, 34, 37)),
            "app.insight.counters.x_view_increments__mutmut_2",
            "app.insight.counters.x_write__mutmut_22",
            *(
                f"app.insight.counters.x\u01c1Counted\u01c1increments__mutmut_{n}"
                for n in (3, 8, 13, 21, 25, 28, 31)
            ),
        ],
        "each key is added to once in a fresh Counter (areas and types de-duplicated first):"
        " += and = give the same",
    ),
    "app.staff.accounts.x_add__mutmut_21": "select(None) with the same WHERE still finds"
    " the row or none: the same answer",
    "app.staff.accounts.x_by_session_id__mutmut_3": "both need exactly one colon between two"
    " digit runs: partition and rpartition split such an id alike",
    "app.outbox.lease.x_claim_due__mutmut_29": "the re-check in the update only matters if a"
    " row changed after the select, which the lock (SQLite's write lock, FOR UPDATE) prevents",
    **dict.fromkeys(
        ("app.mail.queue.x_add__mutmut_16", "app.mail.queue.x_add__mutmut_17"),
        "attempts has a column default of 0: leaving it out stores the same",
    ),
    **dict.fromkeys(
        ("app.mail.queue.x_receipts_for__mutmut_6", "app.mail.queue.x_receipts_for__mutmut_7"),
        "another prefix still names a lock of its own, apart from the address keys (64 hex"
        " digits, no prefix): the same serialisation",
    ),
    "app.mail.queue.x_serialise__mutmut_9": "int.from_bytes reads big-endian by default"
    " (Python 3.11): the same lock number",
    "app.mail.queue.x_serialise__mutmut_22": "SQL keywords are case-insensitive: the same"
    " statement",
    "app.mail.queue.x_open_batch__mutmut_5": "only a queued row has a batch (the claim clears"
    " it): the status condition never decides",
    **dict.fromkeys(
        ("app.outbox.queue.x_enqueue__mutmut_17", "app.outbox.queue.x_enqueue__mutmut_18"),
        "attempts has a column default of 0: leaving it out stores the same",
    ),
    "app.outbox.queue.x__settle__mutmut_31": "letting go of a lease that is already let go"
    " (lease_until NULL) sets NULL again: the same",
    **dict.fromkeys(
        ("app.outbox.changes.x__erased__mutmut_21", "app.outbox.changes.x__erased__mutmut_23"),
        "a CASE without ELSE gives NULL: the same as else_=None",
    ),
    "app.outbox.changes.x_erase__mutmut_13": "a changed row exists, so the look-up after"
    " `or` gives the same answer",
    "app.outbox.changes.x_erase__mutmut_16": "select(None) with the same WHERE still finds"
    " the row or none: the same answer",
    "app.outbox.changes.x_purge_delivered__mutmut_19": "a delivered row has no last_error"
    " (mark_delivered clears it), so there is nothing left to clear",
    "app.intake.mapping.x__valuation_task__mutmut_6": "only called when a valuation task id"
    " is configured, so the fallback after `or` is never used",
    **dict.fromkeys(
        (
            "app.intake.validators.x__compact__mutmut_7",
            "app.intake.validators.x__compact__mutmut_8",
        ),
        "a minus, typographic or plain, is refused all the same (no negative amounts)",
    ),
    **dict.fromkeys(
        (
            "app.intake.validators.x_phone_as_stored__mutmut_8",
            "app.intake.validators.x_phone_as_stored__mutmut_9",
        ),
        "Vitec's 17-character limit: a valid Swedish number's national form is about 14 characters"
        " at most (090x premium numbers), so the boundary is never met",
    ),
    "app.intake.validators.x_clean_text__mutmut_23": "X is no control character, so adding"
    " it to the set of control characters read as spaces changes nothing",
    "app.intake.validators.x_parse_price__mutmut_39": "0 read as millions is 0 kronor too",
    "app.intake.validators.x_parse_price__mutmut_43": "numbers up to 100 were read as millions"
    " in the branch before, so 0 < and 1 < decide alike",
    "app.intake.validators.x_parse_price__mutmut_58": "Decimal(2) has the same exponent as"
    " Decimal(1): rounded to whole kronor alike",
    "app.intake.validators.x_parse_price__mutmut_72": "str.split() splits at no-break spaces"
    " too, so replacing them first changes nothing",
    "app.core.sealing.xǁPayloadSealerǁseal__mutmut_3": "json reads ensure_ascii=None as"
    " false (the test of the sealed UTF-8 catches ensure_ascii left out, i.e. true)",
    "app.web.security.x_same_origin_post__mutmut_4": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_5": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_17": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_18": _HEADER,
    "app.web.security.x_same_origin_post__mutmut_22": "an Origin of null fails the same-site"
    " comparison below as well (tested: test_only_a_post_from_this_site_counts_as_ours)",
    "app.web.security.x_same_origin_post__mutmut_23": "as _22: null is refused by the"
    " comparison too",
    "app.web.security.x_same_origin_post__mutmut_30": "rstrip of the characters X and /:"
    " a host URL never ends in X",
    **dict.fromkeys(
        [f"app.intake.field_binding.x__prototype__mutmut_{n}" for n in (8, 9, 11, 12)],
        "the prototype is looked up twice, before and after taking the lock; either look-up"
        " alone still finds the one kept (the test of a second form binding nothing anew"
        " catches both gone)",
    ),
    "app.intake.field_binding.x__prototype__mutmut_18": "an empty string in place of None"
    " drops the reference to the request's form just the same; every copy sets its own",
    **dict.fromkeys(
        [f"app.mail.receipts.x_compose__mutmut_{n}" for n in (48, 49, 50)],
        "every caller names each area its form accepts (the form's own choices) and an"
        " estate's receipt has none, so no area falls back to its id",
    ),
    **dict.fromkeys(
        [f"app.mail.receipts.x_normalised_address__mutmut_{n}" for n in (18, 21)],
        "only the part before the first + is kept: split once, twice or at every + alike",
    ),
    "app.mail.receipts.x_normalised_address__mutmut_26": "rstrip of the characters X and .:"
    " the domain is lower-cased before, so only its dots go, as with rstrip('.')",
    **dict.fromkeys(
        [f"app.mail.receipts.x_recipient_key__mutmut_{n}" for n in (10, 11)],
        "the prefix only sets this use of the secret apart: any fixed one counts alike",
    ),
    "app.mail.receipts.xǁQueuedReceiptǁ__init____mutmut_19": "the quota is read only once"
    " the step has run, and the step sets it: its value before is never seen",
}
