"""What bench/serve.py runs under gunicorn: the product app plus a minimal Jinja "hello"
page at /bench/hola, the baseline every page's requests/s is compared with.

The route exists only in this module (`gunicorn ... bench.hello_app:app`); the app that
wsgi.py, the tests and production build never has it.
"""

import os

from flask import Blueprint, render_template, send_file

from bench.probe import HELLO_PATH
from dulcevicio import create_app

hello = Blueprint("bench", __name__, template_folder="templates")


@hello.route(HELLO_PATH)
def hola():
    return render_template("bench/hello.html", title="Hola", message="¡Hola desde DulceVicio!")


@hello.route("/bench/archivo.pdf")
def plain_file():
    """The baseline of bench/book_stamp.py and bench/certificates.py: a file (BENCH_FILE)
    sent from disk as it is, the way LocalStorage.send serves one."""
    return send_file(os.environ["BENCH_FILE"], conditional=True, max_age=0, as_attachment=True)


def create_bench_app(*args, **kwargs):
    app = create_app(*args, **kwargs)
    app.register_blueprint(hello)
    return app


app = create_bench_app()
