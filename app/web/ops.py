"""Operational endpoints."""

from flask import Blueprint

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
