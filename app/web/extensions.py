"""Module-level extension objects, bound to the app with init_app."""

from flask import request
from flask_compress import Compress
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

# Imported for what it does: from here on memory:// is counted by its SweptMemoryStorage.
from app.web import limits_memory  # noqa: F401
from app.web.addresses import limit_key

compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: each view that needs one says so. Storage from RATELIMIT_STORAGE_URI.
# Keyed by limit_key: an IPv6 client by its network, not by each of its addresses.
limiter = Limiter(key_func=limit_key, default_limits=[])


@limiter.request_filter
def _form_pages() -> bool:
    """The forms count their posts themselves (app.web.buyer.limits), so the
    Limiter's own per-request pass has nothing to do there."""
    return request.blueprint in ("public", "embed")
