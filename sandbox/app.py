"""The built-in Vitec Connect sandbox: Vitec's rules and answers, with fault injection."""

from __future__ import annotations

import base64
import binascii
import hmac
import itertools
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.serving import BaseWSGIServer, make_server

from sandbox import data as sandbox_data
from sandbox.rules import validate_interest


@dataclass
class Fault:
    """Answer the next `count` API calls with `status` (or only delay them when status is None)."""

    count: int = 1
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    body: Any = None


@dataclass
class SandboxState:
    """What the sandbox has accepted, the contacts it knows and the faults it will inject."""

    accounts: dict[str, tuple[str, str]]
    received: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _by_key: dict[tuple[str, ...], str] = field(default_factory=dict)

    def next_fault(self) -> Fault | None:
        with self.lock:
            self.calls += 1
            if not self.faults:
                return None
            fault = self.faults[0]
            if fault.count > 0:
                fault.count -= 1
                if fault.count == 0:
                    self.faults.pop(0)
            return fault

    def accept(self, payload: dict[str, Any]) -> str:
        """Store an accepted payload, matching the person as Vitec's duplicate check does."""
        person = payload.get("updatePerson", {})
        with self.lock:
            contact_id = self._find_contact(person)
            if contact_id is None:
                contact_id = f"KONTAKT-{next(self._ids)}"
                self.contacts.append({"contactId": contact_id, "person": person})
                self._index(contact_id, person)
            self.received.append(
                {
                    "receivedAt": datetime.now(UTC).isoformat(),
                    "contactId": contact_id,
                    "payload": payload,
                }
            )
            return contact_id

    @staticmethod
    def _keys(person: dict[str, Any]) -> list[tuple[str, ...]]:
        """Vitec's duplicate keys: personnummer, then name plus one phone or e-mail."""
        keys: list[tuple[str, ...]] = []
        if person.get("socialSecurityNumber"):
            keys.append(("ssn", person["socialSecurityNumber"]))
        first, last = person.get("firstName"), person.get("lastName")
        if first:
            channels = {person.get("telePhone"), person.get("cellPhone")}
            channels.add((person.get("email") or {}).get("emailAddress"))
            keys += [("name", first, last or "", c) for c in channels if c]
        return keys

    def _index(self, contact_id: str, person: dict[str, Any]) -> None:
        self._by_key[("contactId", contact_id)] = contact_id
        for key in self._keys(person):
            self._by_key.setdefault(key, contact_id)

    def _find_contact(self, person: dict[str, Any]) -> str | None:
        if person.get("contactId") and ("contactId", person["contactId"]) in self._by_key:
            return person["contactId"]
        for key in self._keys(person):
            if key in self._by_key:
                return self._by_key[key]
        return None


def _authorized(state: SandboxState) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    username, _, password = decoded.partition(":")
    return any(
        hmac.compare_digest(username.encode(), user.encode())
        and hmac.compare_digest(password.encode(), secret.encode())
        for user, secret in state.accounts.values()
    )


def _customer_param(*names: str) -> str:
    for name in names:
        value = request.args.get(name)
        if value:
            return value
    return ""


def create_sandbox_app(state: SandboxState) -> Flask:
    """A Flask app that answers like Vitec Connect for the calls this service makes."""
    app = Flask("vitec_sandbox")
    app.config["SANDBOX_STATE"] = state

    @app.before_request
    def gate() -> Response | tuple[Response, int] | None:
        if request.path.startswith("/_sandbox"):
            return None
        fault = state.next_fault()
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status is not None:
                body = fault.body or {"Message": f"Sandlådan svarar {fault.status}."}
                response = jsonify(body)
                response.status_code = fault.status
                if fault.retry_after is not None:
                    response.headers["Retry-After"] = str(int(fault.retry_after))
                return response
        if not _authorized(state):
            response = jsonify({"Message": "Authorization has been denied for this request."})
            response.status_code = 401
            response.headers["WWW-Authenticate"] = 'Basic realm="Vitec Connect"'
            return response
        return None

    def forbidden(customer_id: str) -> tuple[Response, int]:
        return jsonify({"Message": f"Saknar behörighet till kund {customer_id}."}), 403

    def areas_with_polygon(customer_id: str) -> set[str]:
        if customer_id not in tuple(state.accounts):
            return set()
        return {a["areaId"] for a in sandbox_data.areas() if len(a["polygon"]) >= 4}

    @app.post("/Interest/SendInterestAndContactOnArea")
    def send_interest():
        payload = request.get_json(silent=True)
        person = payload.get("updatePerson") if isinstance(payload, dict) else None
        customer_id = person.get("customerId") if isinstance(person, dict) else None
        known = isinstance(customer_id, str) and customer_id in tuple(state.accounts)
        if isinstance(customer_id, str) and customer_id.strip() and not known:
            return forbidden(customer_id)
        errors = validate_interest(payload, areas_with_polygon(customer_id or ""))
        if errors:
            with state.lock:
                state.rejected.append({"payload": payload, "errors": errors})
            body = {"Message": "Begäran är ogiltig.", "ModelState": errors}
            return jsonify(body), 400
        state.accept(payload)
        return Response(status=204)

    def reference(customer_id: str, data: Any):
        if customer_id not in tuple(state.accounts):
            return forbidden(customer_id)
        return jsonify(data)

    @app.get("/Area/GetAreas")
    def get_areas():
        return reference(_customer_param("criteria.customerId"), sandbox_data.areas())

    @app.get("/User/GetUser")
    def get_users():
        return reference(_customer_param("criteria.customerId"), sandbox_data.USERS)

    @app.get("/Task/GetTasks")
    def get_tasks():
        return reference(_customer_param("customerId"), sandbox_data.TASKS)

    @app.get("/Category/GetCategories")
    def get_categories():
        return reference(_customer_param("customerId"), sandbox_data.CATEGORIES)

    @app.get("/Municipality")
    def get_municipalities():
        return reference(_customer_param("customerId"), sandbox_data.MUNICIPALITIES)

    @app.get("/IncreasedRequirement/<customer_id>")
    def get_increased_requirements(customer_id: str):
        return reference(customer_id, sandbox_data.increased_requirements(customer_id))

    _register_controls(app, state)
    return app


def _register_controls(app: Flask, state: SandboxState) -> None:
    """Endpoints for tests and demos: read what arrived, inject faults."""

    @app.get("/_sandbox/received")
    def received():
        with state.lock:
            return jsonify(list(state.received))

    @app.delete("/_sandbox/received")
    def clear_received():
        with state.lock:
            state.received.clear()
            state.rejected.clear()
            state.contacts.clear()
            state._by_key.clear()
        return Response(status=204)

    @app.post("/_sandbox/faults")
    def add_fault():
        body = request.get_json(silent=True) or {}
        try:
            fault = Fault(
                count=int(body.get("count", 1)),
                status=int(body["status"]) if body.get("status") is not None else None,
                retry_after=float(body["retry_after"])
                if body.get("retry_after") is not None
                else None,
                delay=float(body.get("delay", 0)),
                body=body.get("body"),
            )
        except (TypeError, ValueError):
            return jsonify({"Message": "Ogiltig felbeskrivning."}), 400
        with state.lock:
            state.faults.append(fault)
        return Response(status=204)

    @app.delete("/_sandbox/faults")
    def clear_faults():
        with state.lock:
            state.faults.clear()
        return Response(status=204)


class SandboxServer:
    """Serves a sandbox app on a loopback port in a background thread."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._lock = threading.Lock()

    @property
    def state(self) -> SandboxState:
        return self.app.config["SANDBOX_STATE"]

    def start(self) -> str:
        """Start serving (once) and return the base URL."""
        with self._lock:
            if self._server is None:
                self._server = make_server(self.host, self.port, self.app, threaded=True)
                self.port = self._server.server_port
                thread = threading.Thread(
                    target=self._server.serve_forever,
                    kwargs={"poll_interval": 0.05},  # a quick shutdown between tests
                    name="vitec-sandbox",
                    daemon=True,
                )
                thread.start()
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """Stop serving; a later start() binds again."""
        with self._lock:
            if self._server is not None:
                self._server.shutdown()
                self._server.server_close()
                self._server = None
