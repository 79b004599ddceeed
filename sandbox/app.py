"""The built-in Vitec Connect sandbox: Vitec's rules and answers, with fault injection."""

from __future__ import annotations

import base64
import binascii
import time
from datetime import date
from typing import Any

from flask import Flask, Response, g, jsonify, request

from sandbox.controls import register_controls
from sandbox.estates import estate_ids, viewings_for
from sandbox.mailbox import Mailbox
from sandbox.mailpage import PAGE as MAIL_PAGE
from sandbox.mailpage import register_mail_page
from sandbox.rules import validate_estate_interest, validate_interest
from sandbox.state import Fault, SandboxState

CONTROL_PREFIX = "/_sandbox"
# Where each call names its customer: the query parameter the description gives it.
CUSTOMER_PARAMS = {
    "/Area/GetAreas": "criteria.customerId",
    "/User/GetUser": "criteria.customerId",
    "/Task/GetTasks": "customerId",
    "/Category/GetCategories": "customerId",
    "/Municipality": "customerId",
}
INTEREST_PATH = "/Interest/SendInterestAndContactOnArea"
ESTATE_INTEREST_PATH = "/Interest/SendInterestAndContactOnEstate"
ESTATE_LIST_PATH = "/Estate/GetEstateList"
REQUIREMENT_PREFIX = "/IncreasedRequirement/"
VIEWING_PREFIX = "/Viewing/"


def _credentials() -> tuple[str, str] | None:
    """Username and password of a Basic Authorization header (UTF-8), if well formed."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, _, password = decoded.partition(":")
    return username, password


def _call_customer() -> str | None:
    """The customer id a call asks about: query, path, or the payload's updatePerson."""
    if request.path in CUSTOMER_PARAMS:
        return request.args.get(CUSTOMER_PARAMS[request.path]) or None
    if request.path.startswith(REQUIREMENT_PREFIX):
        return request.path[len(REQUIREMENT_PREFIX) :] or None
    if request.path.startswith(VIEWING_PREFIX):
        return request.path[len(VIEWING_PREFIX) :].partition("/")[0] or None
    payload = request.get_json(silent=True) if request.method == "POST" else None
    if request.path == ESTATE_LIST_PATH:
        customer_id = payload.get("customerId") if isinstance(payload, dict) else None
    elif request.path in (INTEREST_PATH, ESTATE_INTEREST_PATH):
        person = payload.get("updatePerson") if isinstance(payload, dict) else None
        customer_id = person.get("customerId") if isinstance(person, dict) else None
    else:
        return None
    return customer_id if isinstance(customer_id, str) and customer_id.strip() else None


def _fault_response(fault: Fault) -> Response | None:
    if fault.delay:
        time.sleep(fault.delay)
    if fault.status is None:
        return None
    response = jsonify(fault.body or {"Message": f"Sandlådan svarar {fault.status}."})
    response.status_code = fault.status
    if fault.retry_after is not None:
        response.headers["Retry-After"] = str(int(fault.retry_after))
    return response


def _unauthorized() -> Response:
    response = jsonify({"Message": "Authorization has been denied for this request."})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Basic realm="Vitec Connect"'
    return response


def forbidden(customer_id: str | None) -> tuple[Response, int]:
    """Vitec's answer to a question about data the account has no rights to."""
    return jsonify({"Message": f"Saknar behörighet till kund {customer_id or '(ingen)'}."}), 403


def create_sandbox_app(state: SandboxState) -> Flask:
    """A Flask app that answers like Vitec Connect for the calls this service makes."""
    app = Flask("vitec_sandbox")
    app.config["SANDBOX_STATE"] = state

    @app.before_request
    def gate() -> Response | tuple[Response, int] | None:
        if request.path.startswith(CONTROL_PREFIX) or request.path == MAIL_PAGE:
            return None
        g.customer_id = _call_customer()
        fault = state.next_fault(request.path, g.customer_id)
        if fault is not None and (answer := _fault_response(fault)) is not None:
            return answer
        credentials = _credentials()
        g.customers = state.customers_for(*credentials) if credentials else set()
        if not g.customers:
            return _unauthorized()
        return None

    def reference(read: Any):
        """Answer a reference-data call for its customer, or 403 when it is not the account's."""
        customer_id = g.customer_id
        if customer_id not in g.customers or state.office(customer_id) is None:
            return forbidden(customer_id)
        return jsonify(read(state.office(customer_id)))

    def take(validate: Any):
        """Take an interest call as Vitec does: 403 for another account's customer, 400 with
        the errors `validate(payload, office)` finds, else 204."""
        payload = request.get_json(silent=True)
        customer_id = g.customer_id
        if customer_id is not None and (
            customer_id not in g.customers or state.office(customer_id) is None
        ):
            return forbidden(customer_id)
        errors = validate(payload, state.office(customer_id))
        if errors:
            with state.lock:
                state.rejected.append({"payload": payload, "errors": errors})
            return jsonify({"Message": "Begäran är ogiltig.", "ModelState": errors}), 400
        state.accept(payload, account=_credentials()[0])
        return Response(status=204)

    @app.post(INTEREST_PATH)
    def send_interest():
        return take(
            lambda payload, office: validate_interest(
                payload, office.areas_with_polygon() if office else set()
            )
        )

    @app.post(ESTATE_INTEREST_PATH)
    def send_estate_interest():
        return take(
            lambda payload, office: validate_estate_interest(
                payload, estate_ids(office.estates) if office else set()
            )
        )

    @app.post(ESTATE_LIST_PATH)
    def get_estate_list():
        return reference(lambda office: office.estates)

    @app.get("/Viewing/<customer_id>/<estate_id>")
    def get_viewings(customer_id: str, estate_id: str):
        return reference(lambda office: viewings_for(estate_id, date.today()))

    @app.get("/Area/GetAreas")
    def get_areas():
        wanted = request.args.get("criteria.areaId")
        return reference(lambda office: [a for a in office.areas if wanted in (None, a["areaId"])])

    @app.get("/User/GetUser")
    def get_users():
        if g.customer_id is None:  # optional here: then every office of the account
            users = {}
            for customer_id in sorted(g.customers):
                office = state.office(customer_id)
                users.update({u["userId"]: u for u in office.users} if office else {})
            return jsonify(_public_users(users.values()))
        return reference(lambda office: _public_users(office.users))

    @app.get("/Task/GetTasks")
    def get_tasks():
        return reference(lambda office: office.tasks)

    @app.get("/Category/GetCategories")
    def get_categories():
        return reference(lambda office: office.categories)

    @app.get("/Municipality")
    def get_municipalities():
        wanted = request.args.get("id")
        return reference(
            lambda office: [m for m in office.municipalities if wanted in (None, m["id"])]
        )

    @app.get("/IncreasedRequirement/<customer_id>")
    def get_increased_requirements(customer_id: str):
        return reference(lambda office: office.increased_requirements(customer_id))

    register_controls(app, state)
    # The mail catcher: in sandbox mode without SMTP_URL the service's e-mail goes here.
    app.config["SANDBOX_MAILBOX"] = mailbox = Mailbox()
    register_mail_page(app, mailbox)
    return app


def _public_users(users) -> list[dict[str, Any]]:
    """GetUser lists public users only, filtered by criteria.userId and criteria.searchText."""
    wanted = request.args.get("criteria.userId")
    text = (request.args.get("criteria.searchText") or "").lower()
    return [
        u
        for u in users
        if u.get("public")
        and wanted in (None, u["userId"])
        and text in f"{u.get('userName', '')} {u.get('title', '')}".lower()
    ]
