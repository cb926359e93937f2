"""Flask extensions, created unbound and wired to the app by the factory."""

from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from dulcevicio.models.base import Base

# Models subclass our own Base (no Flask import); db shares its metadata.
db = SQLAlchemy(metadata=Base.metadata)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
bootstrap = Bootstrap5()


def shared_redis(app=None):
    """The Redis the dynos share (`REDIS_URL`), one client per app and process; None when
    the app (`app`, else the current one) has none. Short timeouts: callers fall back to
    the database when it is slow."""
    if app is None:
        from flask import current_app

        app = current_app._get_current_object()
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get("dulcevicio.redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        app.extensions["dulcevicio.redis"] = client
    return client
