"""The baseline for the benchmark: a bare Flask app under the same server and database.

GET / serves a static page of BARE_PAGE_BYTES bytes; POST /submit stores the request body in
the same kind of database the outbox uses and redirects, as the real form does.
"""

from __future__ import annotations

import os
import tempfile
import uuid

from flask import Flask, redirect, request
from sqlalchemy import Column, LargeBinary, MetaData, String, Table, insert

from app.core.db import database_url, make_engine

metadata = MetaData()
bodies = Table(
    "bare_bodies", metadata, Column("id", String(32), primary_key=True), Column("body", LargeBinary)
)


def create_app() -> Flask:
    app = Flask(__name__)
    page = ("<!doctype html>" + "x" * int(os.environ.get("BARE_PAGE_BYTES", "15000"))).encode()
    engine = make_engine(database_url(os.environ["DATABASE_URL"], tempfile.gettempdir()))
    metadata.create_all(engine)

    @app.get("/")
    def index():
        return page, 200, {"Content-Type": "text/html; charset=utf-8"}

    @app.post("/submit")
    def submit():
        with engine.begin() as conn:
            conn.execute(insert(bodies).values(id=uuid.uuid4().hex, body=request.get_data()))
        return redirect("/tack")

    return app
