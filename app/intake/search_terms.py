"""What the desk's search index holds for a registration and what a staff member's search looks
for, normalised alike: each word of the name lower-cased without diacritics (so "Oberg" finds
"Öberg", as in the buyer's area search), the whole e-mail address lower-cased, phone numbers in
E.164 through the form's own phone normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from sqlalchemy import Engine

from app import outbox
from app.core.sealing import PayloadSealer, SealError
from app.core.spoken_reference import read_reference, spoken_reference
from app.intake.validators import InvalidValue, parse_phone, phone_e164
from app.outbox import search_index
from app.outbox.search_index import EMAIL, NAME, PHONE, REFERENCE, Term

NAME_FIELDS = ("first_name", "last_name")
EMAIL_FIELDS = ("email",)
PHONE_FIELDS = ("cell_phone", "home_phone", "work_phone", "other_phone")

_WORD = re.compile(r"[^\W_]+")  # letters and digits: hyphens, apostrophes and spaces split
_PHONE_LIKE = re.compile(r"[\d\s()+\-./]+")


def folded(text: str) -> str:
    """Text lower-cased without its diacritics, as the buyer's area search compares: 'Öberg'
    and 'Oberg' are both 'oberg'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_words(text: str) -> list[str]:
    """The words of a name as the index keeps them: 'Per-Olof' is 'per' and 'olof', 'Öberg'
    is 'oberg'."""
    return _WORD.findall(folded(text))


def email_key(text: str) -> str:
    """A whole e-mail address as the index keeps it."""
    return unicodedata.normalize("NFC", text.strip()).casefold()


def phone_key(text: str) -> str:
    """A phone number in E.164, read as the form reads it (Swedish by default); InvalidValue
    with the form's message when it is not a number."""
    return phone_e164(parse_phone(text))


def registration_terms(
    typed: Mapping[str, list[str]], read_phones: Mapping[str, str] | None = None
) -> list[Term]:
    """The terms to index for a registration, from the answers as typed (`read_phones`: the
    E.164 form of phone numbers as typed, where the form has read them already)."""
    read = read_phones or {}
    terms: list[Term] = []
    for name in NAME_FIELDS:
        for value in typed.get(name, []):
            terms += [(NAME, word) for word in name_words(value)]
    for name in EMAIL_FIELDS:
        terms += [(EMAIL, email_key(value)) for value in typed.get(name, []) if value.strip()]
    for name in PHONE_FIELDS:
        for value in typed.get(name, []):
            if value in read:
                terms.append((PHONE, read[value]))
                continue
            try:
                terms.append((PHONE, phone_key(value)))
            except InvalidValue:
                continue  # the form refused it, so it was never stored as a number
    return list(dict.fromkeys(terms))


def reference_term(submission_id: str) -> Term:
    """The index's term for the reference the buyer's receipt gives (`HBS-QUX`)."""
    return (REFERENCE, spoken_reference(submission_id))


def query_terms(query: str) -> list[Term]:
    """What a search looks for: the receipt's reference, an e-mail address (it has an @), a
    phone number (only digits and separators) or the words of a name; every term must match.
    InvalidValue when a phone number is not one."""
    query = query.strip()
    reference = read_reference(query)
    if reference is not None:
        return [(REFERENCE, reference)]
    if "@" in query:
        return [(EMAIL, email_key(query))]
    if _PHONE_LIKE.fullmatch(query) and sum(ch.isdigit() for ch in query) >= 5:
        return [(PHONE, phone_key(query))]
    return [(NAME, word) for word in dict.fromkeys(name_words(query))]


def reindex(
    engine: Engine, sealer: PayloadSealer, keys: search_index.SearchKeys
) -> tuple[int, int]:
    """Index every registration that still has its typed answers, under the writing key: rows
    stored before the index existed, or after a key rotation. (indexed, unreadable)."""
    indexed = unreadable = 0
    for submission_id, sealed in outbox.sealed_answers(engine).items():
        try:
            typed = sealer.open(sealed)
        except SealError:
            unreadable += 1
            continue
        terms = [*registration_terms(typed), reference_term(submission_id)]
        search_index.store(engine, keys, submission_id, terms)
        indexed += 1
    return indexed, unreadable
