"""The sandbox's control endpoints for tests and demos, answered on loopback only."""

from __future__ import annotations

import ipaddress
from typing import Any

from flask import Flask, Response, abort, jsonify, request

from sandbox.contract import response_errors
from sandbox.state import Fault, SandboxState

PREFIX = "/_sandbox"
FAULT_KEYS = {"status", "count", "retry_after", "delay", "body", "path", "customer_id"}


def is_loopback(address: str | None) -> bool:
    """Whether a peer address is the machine itself (127.0.0.0/8, ::1, or v4-mapped)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def _optional(body: dict[str, Any], key: str, kind: type) -> Any:
    value = body.get(key)
    return None if value is None else kind(value)


def parse_fault(body: Any) -> Fault:
    """A Fault from a control request's JSON body; ValueError or TypeError when malformed."""
    if not isinstance(body, dict) or set(body) - FAULT_KEYS:
        raise ValueError("unknown fault keys")
    return Fault(
        count=int(body.get("count", 1)),
        status=_optional(body, "status", int),
        retry_after=_optional(body, "retry_after", float),
        delay=float(body.get("delay") or 0),
        body=body.get("body"),
        path=_optional(body, "path", str),
        customer_id=_optional(body, "customer_id", str),
    )


def area_errors(body: Any) -> list[str]:
    """Why a replacement area list is not Vitec's shape (empty when it is)."""
    if not isinstance(body, dict) or not isinstance(body.get("areas"), list):
        return ['Ange {"areas": [...], "municipalities": [...]}.']
    if set(body) - {"areas", "municipalities"}:
        return ["Okända nycklar: " + ", ".join(sorted(set(body) - {"areas", "municipalities"}))]
    problems = response_errors(body["areas"], "/Area/GetAreas")
    messages = [f"areas{list(path)}: {message}" for path, message in problems]
    if "municipalities" in body:
        problems = response_errors(body["municipalities"], "/Municipality")
        messages += [f"municipalities{list(path)}: {message}" for path, message in problems]
    return messages


def register_controls(app: Flask, state: SandboxState) -> None:
    """Endpoints for tests and demos: read what arrived, inject faults, replace areas."""

    @app.before_request
    def loopback_only() -> None:
        if request.path.startswith(PREFIX) and not is_loopback(request.remote_addr):
            abort(404)

    @app.get(f"{PREFIX}/received")
    def received():
        with state.lock:
            return jsonify(list(state.received))

    @app.delete(f"{PREFIX}/received")
    def clear_received():
        state.clear_received()
        return Response(status=204)

    @app.post(f"{PREFIX}/faults")
    def add_fault():
        try:
            fault = parse_fault(request.get_json(silent=True) or {})
        except (TypeError, ValueError):
            return jsonify({"Message": "Ogiltig felbeskrivning."}), 400
        with state.lock:
            state.faults.append(fault)
        return Response(status=204)

    @app.delete(f"{PREFIX}/faults")
    def clear_faults():
        with state.lock:
            state.faults.clear()
        return Response(status=204)

    @app.put(f"{PREFIX}/areas/<customer_id>")
    def replace_areas(customer_id: str):
        if state.office(customer_id) is None:
            return jsonify({"Message": f"Sandlådan har ingen kund {customer_id}."}), 404
        body = request.get_json(silent=True)
        problems = area_errors(body)
        if problems:
            return jsonify(
                {"Message": "Områdena följer inte Vitecs modell.", "Errors": problems}
            ), 400
        state.replace_areas(customer_id, body["areas"], body.get("municipalities"))
        return Response(status=204)

    @app.delete(f"{PREFIX}/areas/<customer_id>")
    def restore_areas(customer_id: str):
        if state.office(customer_id) is None:
            return jsonify({"Message": f"Sandlådan har ingen kund {customer_id}."}), 404
        state.restore_areas(customer_id)
        return Response(status=204)
