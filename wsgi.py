"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from dulcevicio import create_app

app = create_app()
