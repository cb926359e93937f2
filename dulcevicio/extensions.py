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
