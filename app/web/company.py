"""The company behind the page being served: the office named by ?kontor= (the default office
without it, or for one that is not configured, which its view answers with a 404)."""

from __future__ import annotations

from flask import has_request_context, request

from app.vitec.offices import Company, Office, UnknownOffice
from app.web.settings import settings

OFFICE_PARAM = "kontor"


def requested_office() -> Office:
    """The office ?kontor= names; the default office without one or for an unknown one."""
    offices = settings().offices
    kontor = request.args.get(OFFICE_PARAM) if has_request_context() else None
    try:
        return offices.get(kontor or None)
    except UnknownOffice:
        return offices.default


def requested_company() -> Company:
    """The company named on this page: its heading, title and footer."""
    return requested_office().company


def framing_origins() -> tuple[str, ...]:
    """The sites that may frame the requested office's embed: its own FRAME_ANCESTORS_<ID>, else
    FRAME_ANCESTORS."""
    company = requested_company()
    if company.own_frame_ancestors:
        return company.frame_ancestors
    return tuple(settings().frame_ancestors)
