"""VitecClient: the only code that speaks HTTP to Vitec Connect."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import requests

from app.vitec.payload import InterestAndContactOnArea, InterestOnEstateAndContact

log = logging.getLogger(__name__)

SEND_INTEREST_PATH = "/Interest/SendInterestAndContactOnArea"
SEND_ESTATE_INTEREST_PATH = "/Interest/SendInterestAndContactOnEstate"
ESTATE_LIST_PATH = "/Estate/GetEstateList"


class VitecError(Exception):
    """Base class for every failure talking to Vitec."""

    retryable = False

    def __init__(self, message: str, status: int | None = None, call: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.call = call  # which Vitec call failed, e.g. "GetUser"


class VitecRejected(VitecError):
    """Vitec answered 400: the payload will never succeed unchanged."""

    def __init__(self, message: str, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message, status=400)
        self.field_errors = field_errors or {}


class VitecAuthError(VitecError):
    """Vitec answered 401 or 403: credentials or rights are wrong."""


class VitecUnavailable(VitecError):
    """Vitec is slow, down or asked us to back off: worth retrying later."""

    retryable = True

    def __init__(
        self, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


def parse_validation_body(response: requests.Response) -> VitecRejected:
    """Turn a 400 body into VitecRejected, defensively: Message, ModelState, else text."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()[:500]
        return VitecRejected(text or "Vitec avvisade uppgifterna.")
    if not isinstance(body, dict):
        return VitecRejected(str(body)[:500])
    message = str(body.get("Message") or body.get("message") or "").strip()
    field_errors: dict[str, list[str]] = {}
    model_state = body.get("ModelState") or body.get("modelState") or {}
    if isinstance(model_state, dict):
        for key, value in model_state.items():
            messages = value if isinstance(value, list) else [value]
            field_errors[str(key)] = [str(m) for m in messages if m]
    if not message and field_errors:
        message = next(iter(field_errors.values()))[0]
    return VitecRejected(message or "Vitec avvisade uppgifterna.", field_errors)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # An HTTP date; callers fall back to their own backoff.


class VitecClient:
    """One requests.Session with Basic auth and a timeout on every call."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        observer: Callable[[str, str, float], None] | None = None,
        office: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.office = office  # the customer id these credentials belong to, for logs
        self.observer = observer  # (call, status, seconds) for metrics
        self.timeout = (connect_timeout, read_timeout)
        self.session = requests.Session()
        # UTF-8 as RFC 7617 advises; requests would otherwise encode str as Latin-1.
        self.session.auth = (username.encode("utf-8"), password.encode("utf-8"))
        self.session.headers.update(
            {"Accept": "application/json", "User-Agent": "intresseanmalan/1.0"}
        )

    def __repr__(self) -> str:  # never show the credentials
        return f"VitecClient(base_url={self.base_url!r}, office={self.office!r})"

    def _observe(self, call: str, status: str, started: float) -> None:
        if self.observer is not None:
            self.observer(call, status, time.perf_counter() - started)

    def _request(self, method: str, path: str, call: str, **kwargs: Any) -> requests.Response:
        url = self.base_url + path
        started = time.perf_counter()
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            self._observe(call, "error", started)
            if isinstance(exc, requests.Timeout):
                raise VitecUnavailable("Vitec svarade inte i tid.") from exc
            if isinstance(exc, requests.ConnectionError):
                raise VitecUnavailable("Vitec kunde inte nås.") from exc
            raise VitecUnavailable("Anropet till Vitec misslyckades.") from exc
        status = response.status_code
        self._observe(call, str(status), started)
        log.info("vitec %s %s (office %s) -> %s", method, path, self.office, status)
        if status < 300:
            return response
        if status == 400:
            raise parse_validation_body(response)
        if status in (401, 403):
            # Vitec issues a password per office and function group: name both for the operator.
            log.error(
                "Vitec refused the credentials of office %s for %s (%s)", self.office, call, status
            )
            raise VitecAuthError(
                "Vitec nekade åtkomst (fel användarnamn, lösenord eller behörighet).",
                status=status,
                call=call,
            )
        if status in (408, 429) or status >= 500:
            raise VitecUnavailable(
                f"Vitec svarade {status}.",
                status=status,
                retry_after=_retry_after_seconds(response.headers.get("Retry-After")),
            )
        raise VitecError(f"Oväntat svar från Vitec: {status}.", status=status)

    def send_interest(self, payload: InterestAndContactOnArea) -> None:
        """POST one interest registration; returns on 204, raises a VitecError otherwise."""
        self._request("POST", SEND_INTEREST_PATH, "SendInterestAndContactOnArea", json=payload)

    def send_estate_interest(self, payload: InterestOnEstateAndContact) -> None:
        """POST interest in one home for sale; returns on 204, raises a VitecError otherwise."""
        self._request(
            "POST", SEND_ESTATE_INTEREST_PATH, "SendInterestAndContactOnEstate", json=payload
        )

    def _get_json(self, path: str, params: dict[str, str], call: str) -> Any:
        response = self._request("GET", path, call, params=params)
        return self._json(response)

    @staticmethod
    def _json(response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise VitecUnavailable("Vitec svarade med ogiltig JSON.") from exc

    def get_areas(self, customer_id: str) -> list[dict[str, Any]]:
        """List the customer's areas (GET /Area/GetAreas)."""
        return self._get_json("/Area/GetAreas", {"criteria.customerId": customer_id}, "GetAreas")

    def get_municipalities(self, customer_id: str) -> list[dict[str, Any]]:
        """List municipalities with names (GET /Municipality)."""
        return self._get_json("/Municipality", {"customerId": customer_id}, "Municipality")

    def get_users(self, customer_id: str) -> list[dict[str, Any]]:
        """List the customer's users (handläggare) (GET /User/GetUser)."""
        return self._get_json("/User/GetUser", {"criteria.customerId": customer_id}, "GetUser")

    def get_tasks(self, customer_id: str) -> list[dict[str, Any]]:
        """List predefined tasks (GET /Task/GetTasks)."""
        return self._get_json("/Task/GetTasks", {"customerId": customer_id}, "GetTasks")

    def get_categories(self, customer_id: str) -> dict[str, Any]:
        """Company and person categories (GET /Category/GetCategories)."""
        return self._get_json(
            "/Category/GetCategories", {"customerId": customer_id}, "GetCategories"
        )

    def get_increased_requirements(self, customer_id: str) -> list[dict[str, Any]]:
        """Increased requirements with the estate types each is valid for."""
        return self._get_json(f"/IncreasedRequirement/{customer_id}", {}, "IncreasedRequirement")

    def get_estate_list(self, customer_id: str) -> list[dict[str, Any]]:
        """The office's homes, every status (POST /Estate/GetEstateList): EstateList items."""
        criteria = {"customerId": customer_id}
        return self._json(self._request("POST", ESTATE_LIST_PATH, "GetEstateList", json=criteria))

    def get_viewings(self, customer_id: str, estate_id: str) -> list[dict[str, Any]]:
        """The viewings of one home (GET /Viewing/{customerId}/{estateId})."""
        path = f"/Viewing/{quote(customer_id, safe='')}/{quote(estate_id, safe='')}"
        return self._get_json(path, {}, "Viewing")
