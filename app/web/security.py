"""Security headers, and the session-free token the buyer's forms carry."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, request
from itsdangerous import BadSignature, URLSafeSerializer

from app.web.company import framing_origins

EMBED_BLUEPRINT = "embed"
TOKEN_SALT = "intresseanmalan-form"  # noqa: S105 - a namespace, not a secret


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


# Every page but the embedded ones may be framed by none: made once, not on every response.
_UNFRAMED_CSP = content_security_policy("'none'")


def add_security_headers(response: Response) -> Response:
    """Headers that make the browser refuse what this site never needs."""
    if request.blueprint == EMBED_BLUEPRINT:
        # Only the embed pages may be framed, and only by the origins of the office ?kontor=
        # names (its own FRAME_ANCESTORS_<ID>, else FRAME_ANCESTORS).
        allowed = " ".join(["'self'", *framing_origins()])
        response.headers.setdefault("Content-Security-Policy", content_security_policy(allowed))
    else:
        response.headers.setdefault("Content-Security-Policy", _UNFRAMED_CSP)
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


@dataclass(frozen=True)
class TokenCheck:
    """A form token's verdict: 'ok', 'expired' (genuine but too old: show the form again) or
    'invalid'; with the time the form was first rendered, in epoch milliseconds."""

    verdict: str
    rendered_ms: int | None = None
    # The form was shown again because it came back sooner than the time trap allows: the
    # person has pressed the button a second time, so the trap does not hold it again.
    pressed_again: bool = False


class FormTokens:
    """The forms' cookie-free token: a signature over the submission id and the time the form
    was first rendered. It binds a post to one rendered form (no fresh ids from one page) and
    times it (the time trap, and expiry)."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt=TOKEN_SALT)

    def issue(self, submission_id: str, rendered_ms: int, pressed_again: bool = False) -> str:
        """A token for this submission id, rendered at this moment (`pressed_again`: shown
        again after a post the time trap held, so the next post is not held)."""
        data = {"sid": submission_id, "ms": rendered_ms}
        if pressed_again:
            data["again"] = 1
        return self._serializer.dumps(data)

    def check(self, token: str, submission_id: str, now_ms: int, max_age: float) -> TokenCheck:
        """Whether a posted token belongs to this submission id and is still fresh."""
        try:
            data = self._serializer.loads(token)
        except BadSignature:
            return TokenCheck("invalid")
        if not isinstance(data, dict) or data.get("sid") != submission_id:
            return TokenCheck("invalid")
        rendered_ms = data.get("ms")
        if not isinstance(rendered_ms, int) or rendered_ms > now_ms + 60_000:
            return TokenCheck("invalid")
        if now_ms - rendered_ms > max_age * 1000:
            return TokenCheck("expired", rendered_ms)
        return TokenCheck("ok", rendered_ms, data.get("again") == 1)


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
