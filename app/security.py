"""Security headers and the session-free form token used by the embedded form."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from itsdangerous import BadSignature, SignatureExpired, Signer, URLSafeTimedSerializer

EMBED_BLUEPRINT = "embed"
STAMP_SALT = "intresseanmalan-render-time"
TOKEN_SALT = "intresseanmalan-embed-form"  # noqa: S105 - a namespace, not a secret


def content_security_policy(frame_ancestors: str) -> str:
    """The CSP for a page; only `frame-ancestors` differs between pages."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",  # no inline script anywhere
            "style-src 'self'",
            "img-src 'self' data:",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def add_security_headers(response: Response) -> Response:
    """Headers that make the browser refuse what this site never needs."""
    if request.blueprint == EMBED_BLUEPRINT:
        # Only the embed pages may be framed, and only by the configured origins.
        allowed = " ".join(["'self'", *current_app.config["FRAME_ANCESTORS"]])
        response.headers.setdefault("Content-Security-Policy", content_security_policy(allowed))
    else:
        response.headers.setdefault("Content-Security-Policy", content_security_policy("'none'"))
        response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
    )
    return response


def init_security(app: Flask) -> None:
    """Register the header hook."""
    app.after_request(add_security_headers)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_form_token(submission_id: str) -> str:
    """A signed, time-stamped token bound to one rendered form (no cookie needed)."""
    return _serializer().dumps({"sid": submission_id})


def check_form_token(token: str, submission_id: str) -> str:
    """'ok', 'expired' (a person who took long; show the form again) or 'invalid'."""
    serializer = _serializer()
    outcome = "ok"
    try:
        data = serializer.loads(token, max_age=current_app.config["EMBED_TOKEN_MAX_AGE"])
    except SignatureExpired:
        outcome = "expired"
        signed, data = serializer.loads_unsafe(token)  # genuine, only too old
        if not signed:
            return "invalid"
    except BadSignature:
        return "invalid"
    bound = isinstance(data, dict) and data.get("sid") == submission_id
    return outcome if bound else "invalid"


def same_origin_post() -> bool:
    """False when the browser says the POST came from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        # Older browsers send no Origin; the signed token still binds the post to our form.
        return origin is None
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _stamper() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=STAMP_SALT)


def issue_render_stamp() -> str:
    """A signed record of when a form was rendered, in milliseconds (the time trap)."""
    return _stamper().sign(str(time.time_ns() // 1_000_000)).decode()


def seconds_since_render(stamp: str | None) -> float | None:
    """How long ago a form with this stamp was rendered; None when the stamp is not ours."""
    if not stamp:
        return None
    try:
        rendered_ms = int(_stamper().unsign(stamp))
    except (BadSignature, ValueError):
        return None
    return (time.time_ns() // 1_000_000 - rendered_ms) / 1000
