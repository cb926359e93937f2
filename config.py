"""Configuration classes, fed by environment variables and an optional `.env` file."""

import os
from datetime import timedelta

from dotenv import load_dotenv

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
load_dotenv(os.path.join(BASE_DIR, ".env"))

# The development-only fallback key. Production refuses to start with it (see create_app).
DEV_SECRET_KEY = "dev-only-not-secret"
MEGABYTE = 1024 * 1024


def env_flag(name: str, default: bool) -> bool:
    """A yes/no environment variable: 1/true/yes/on or 0/false/no/off; unset: `default`."""
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    return default


def database_url(raw: str | None) -> str | None:
    """Normalise a DATABASE_URL: PaaS providers hand out `postgres://`, we use psycopg 3."""
    if not raw:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
    # None means "SQLite file in the instance folder", resolved by create_app.
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH") or 25 * MEGABYTE)
    # Larger bodies for the routes that need them (see dulcevicio/request_limits.py).
    MAX_RECIPE_UPLOAD_BYTES = 200 * MEGABYTE  # many photos at once, each at most 20 MB
    MAX_TRACE_UPLOAD_BYTES = 100 * MEGABYTE  # a leaked recipe book, photos and all
    MAX_VIDEO_UPLOAD_BYTES = 500 * MEGABYTE  # local storage only; Cloudinary bypasses us
    MAX_BAKE_UPLOAD_BYTES = 65 * MEGABYTE  # a bake's 3 photos, each at most 20 MB
    APP_TIMEZONE = os.environ.get("APP_TIMEZONE", "America/Mexico_City")
    WHATSAPP_CONTACT_NUMBER = os.environ.get("WHATSAPP_CONTACT_NUMBER", "").lstrip("+")
    # The site's own address, for links that leave it (a certificate's QR code): never
    # taken from a request's Host header. Required in production.
    APP_BASE_URL = os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    CLOUDINARY_URL = os.environ.get("CLOUDINARY_URL", "")
    CLOUDINARY_TIMEOUT_SECONDS = 20  # below the router's 30 s
    # Browser uploads: one request up to Cloudinary's 100 MB, else 20 MB chunks (>= 5 MB).
    CLOUDINARY_CHUNKED_ABOVE = 100 * MEGABYTE
    CLOUDINARY_CHUNK_SIZE = 20 * MEGABYTE
    # Local media (when Cloudinary is off). None means instance/uploads, set by create_app.
    UPLOAD_FOLDER = None
    # Stampable recipe books, a per-dyno cache (default: instance/book-cache).
    BOOK_CACHE_FOLDER = None
    # Certificate PDFs, a per-dyno cache (default: instance/certificate-cache).
    CERTIFICATE_CACHE_FOLDER = None
    RATELIMIT_VERIFY = "30 per minute; 300 per hour"  # /verificar, per address
    # The search box asks as the student types (debounced): per address.
    RATELIMIT_SEARCH_SUGGESTIONS = "120 per minute; 2000 per hour"
    # Search answers kept per worker under the index's version (services/search/cache.py);
    # off only to measure searches computed every time (bench/search.py).
    SEARCH_ANSWERS_CACHED = env_flag("SEARCH_ANSWERS_CACHED", default=True)
    # Redis shared by the dynos (production): the public pages' version, kept there for a
    # few seconds, spares a query per visitor page (services/public_pages.py). Without it
    # every visitor page reads the version from the database.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Public pages rendered for visitors, kept per worker under that version.
    PUBLIC_PAGES_CACHED = env_flag("PUBLIC_PAGES_CACHED", default=True)

    # Sessions and cookies (Flask-Login "remember me" capped at 30 days).
    SESSION_COOKIE_NAME = "dulcevicio_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    REMEMBER_COOKIE_NAME = "dulcevicio_remember"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # A CSRF token lives as long as the session: students keep a lesson open for hours.
    WTF_CSRF_TIME_LIMIT = None
    # Use WTForms' own Spanish messages (Flask-WTF's i18n would need Flask-Babel).
    WTF_I18N_ENABLED = False

    PASSWORD_HASH_METHOD = "scrypt:32768:8:3"  # OWASP's scrypt parameters
    INVITATION_LINK_MAX_AGE = timedelta(days=7)
    RESET_LINK_MAX_AGE = timedelta(hours=48)
    # Per-account brute-force guard kept in the database (shared by every worker).
    LOGIN_MAX_FAILURES = 10
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    # Admins' second step (TOTP). Off by default here so the demo admin of `make run` can
    # look around; any admin can turn it on for herself.
    ADMIN_TWO_STEP_REQUIRED = env_flag("ADMIN_TWO_STEP_REQUIRED", default=False)
    TWO_STEP_TRUST_COOKIE = "dv_dispositivo_confiable"

    # Said explicitly: the one Limiter object keeps the last app's setting as its default,
    # so an app built with RATELIMIT_ENABLED=False would switch limits off for later apps.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # No X-RateLimit-* headers: no client of ours reads them, and they cost every limited
    # request two more round trips to the limits' storage (Redis in production); a 429
    # still says when to come back (Retry-After, dulcevicio/errors.py).
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_LOGIN_PER_IP = "30 per 15 minutes"
    RATELIMIT_LOGIN_PER_ACCOUNT = "10 per 15 minutes"
    RATELIMIT_SET_PASSWORD = "20 per hour"
    RATELIMIT_FORUM_POST = "10 per minute; 60 per hour"
    RATELIMIT_BAKE_POST = "5 per minute; 30 per hour"  # each post carries up to 3 photos

    ADMIN_PAGE_SIZE = 25  # rows per page of the admin lists

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BTN_STYLE = "primary"
    FORCE_HTTPS = False
    PROXY_FIX_HOPS = 0


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"
    WTF_CSRF_ENABLED = False
    # Cheap hashing keeps the suite fast; production's method is tested on its own.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Off: each test's database starts again while Redis would remember. Tests of it set
    # it on their apps, and TEST_REDIS_URL on the app processes they start.
    REDIS_URL = os.environ.get("TEST_REDIS_URL") or None


class ProductionConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY")
    APP_BASE_URL = (os.environ.get("APP_BASE_URL") or "").rstrip("/")
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix pins the cookies to this host, https and path /.
    SESSION_COOKIE_NAME = "__Host-dulcevicio_session"
    REMEMBER_COOKIE_NAME = "__Host-dulcevicio_remember"
    REMEMBER_COOKIE_SECURE = True
    TWO_STEP_TRUST_COOKIE = "__Host-dulcevicio_trusted_device"
    ADMIN_TWO_STEP_REQUIRED = env_flag("ADMIN_TWO_STEP_REQUIRED", default=True)
    PREFERRED_URL_SCHEME = "https"
    FORCE_HTTPS = True
    PROXY_FIX_HOPS = 1  # the PaaS router
    # SQL logs and database errors leave bound values out: they hold password hashes,
    # session tokens and whatever people type.
    SQLALCHEMY_ENGINE_OPTIONS = {**Config.SQLALCHEMY_ENGINE_OPTIONS, "hide_parameters": True}


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
