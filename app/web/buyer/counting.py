"""Feeding the demand counters from the form views: which registrations and form views count,
and which site the embedded form was shown on. No cookie, no address, no fingerprint in the
counters: only the channel, the office, the day and the embedding site's origin (a view counts
once per address a day, checked against a daily hash: app.web.buyer.views_seen). The embedded
form on the service's own pages (the live example on /inbaddning) is no host site: it counts as
the website's channel."""

from __future__ import annotations

import atexit
import logging
import weakref
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlsplit

from flask import current_app, g, request

from app.core.clock import STOCKHOLM
from app.insight import counters
from app.insight.buffer import DemandBuffer
from app.insight.counters import OTHER_SITE, UNKNOWN_SITE
from app.intake.mapping import Answers
from app.intake.recount import Counting
from app.vitec.offices import Office
from app.web.buyer import views_seen
from app.web.company import framing_origins
from app.web.settings import settings
from app.wiring.services import delivery

log = logging.getLogger(__name__)

WEB, EMBED = "web", "embed"
HOST_PARAM = "fran"  # the embedding site, carried from the form's GET to its post


def _close(buffer: weakref.ref) -> None:
    if (alive := buffer()) is not None:
        alive.close()


def _buffer() -> DemandBuffer:
    buffer = current_app.extensions.get("demand")
    if buffer is None:
        buffer = DemandBuffer(delivery().engine, settings().demand_flush_seconds)
        buffer = current_app.extensions.setdefault("demand", buffer)
        # Written when the process stops; held weakly, so an app thrown away is not kept.
        atexit.register(_close, weakref.ref(buffer))
    return buffer


def flush() -> None:
    """Write what this process has counted now (before the figures are read)."""
    buffer = current_app.extensions.get("demand")
    if buffer is not None:
        buffer.flush()


def _today() -> date:
    return delivery().clock().astimezone(STOCKHOLM).date()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _own_sites() -> set[str]:
    """The service's own origins: PUBLIC_URL's and the one this request was sent to."""
    return {_origin(settings().public_url), request.host_url.rstrip("/").lower()}


def _allowed_sites() -> set[str]:
    """The sites that may show the embedded form: this one and the office's FRAME_ANCESTORS."""
    return {*_own_sites(), *(o.lower() for o in framing_origins())}


def host_site(channel: str) -> str:
    """The origin of the site the embedded form is shown on: on a GET from the Referer, on a
    post from what the GET put in the form's address (only sites allowed to frame it). Worked
    out once per request: the view count, the form's address and the counters all ask."""
    found = g.setdefault("host_sites", {})
    if channel not in found:
        found[channel] = _host_site(channel)
    return found[channel]


def _host_site(channel: str) -> str:
    if channel != EMBED:
        return UNKNOWN_SITE
    allowed = _allowed_sites()
    if request.method == "POST":
        posted = request.args.get(HOST_PARAM, "").lower()
        return posted if posted in allowed else UNKNOWN_SITE
    referrer = request.headers.get("Referer", "")
    origin = _origin(referrer)
    if not origin:
        return UNKNOWN_SITE
    if origin in _own_sites() and urlsplit(referrer).path.startswith("/embed"):
        return UNKNOWN_SITE  # a page inside the frame: the host is not known from here
    return origin if origin in allowed else OTHER_SITE


def counted_as(channel: str) -> tuple[str, str]:
    """The channel and host site a view or registration is counted under. The embedded form
    on the service's own pages (the example on /inbaddning) is no host site: it counts as the
    website, like the form on the service's own front page."""
    site = host_site(channel)
    if channel == EMBED and site in _own_sites():
        return WEB, UNKNOWN_SITE
    return channel, site


def host_args(channel: str) -> dict[str, str]:
    """What the form's address carries so that its post knows the embedding site."""
    site = host_site(channel)
    return {HOST_PARAM: site} if site not in (UNKNOWN_SITE, OTHER_SITE) else {}


def form_viewed(channel: str, office: Office) -> None:
    """Count a GET of a form page, once per address a day (app.web.buyer.views_seen): a
    dictionary update, written later (app.insight.buffer)."""
    if request.method == "GET":
        key = _traffic_key(channel, office)
        if views_seen.first_today(key):
            _buffer().add_view(key)


def _traffic_key(channel: str, office: Office) -> counters.TrafficKey:
    return counters.TrafficKey(_today(), office.customer_id, *counted_as(channel))


def counting_for(channel: str, office: Office, answers: Answers, bot: bool = False) -> Counting:
    """How these answers are counted: a new registration under this request's day, channel and
    site (a bot's as a bot's); a correction under the day and site of the record counted
    before, as a registration (staff may correct what was taken for spam)."""
    key = _traffic_key(channel, office)
    bounds = settings().demand_price_bands
    buffer = _buffer()
    wish = answers.wish

    def record(previous: Mapping | None) -> Mapping:
        registration = counters.Registration(
            counted=key if previous is None else counters.Counted.from_record(previous).counted,
            area_ids=wish.area_ids,
            housing_types=wish.housing_flags,
            max_price=wish.ranges.get("price", (None, None))[1],
            min_rooms=wish.ranges.get("rooms", (None, None))[0],
            marketing=answers.wish_advertising,
            bot=bot and previous is None,
        )
        return counters.counted(registration, bounds).record()

    def count(previous: Mapping | None, kept: Mapping) -> None:
        before = None if previous is None else counters.Counted.from_record(previous)
        buffer.add(counters.recounted(before, counters.Counted.from_record(kept)))

    return Counting(record, count)
