"""Gunicorn settings for the PaaS dyno (~512 MB RAM, 30 s router timeout)."""

import os

# Whatever gunicorn serves is production unless told otherwise (the bench sets it).
raw_env = [f"DULCEVICIO_CONFIG={os.environ.get('DULCEVICIO_CONFIG', 'production')}"]
bind = f"0.0.0.0:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Below the router's 30 s, so a stuck request is killed here, with a log line.
timeout = 25
graceful_timeout = 20
# The app is imported once, in the master, and workers are forked from it. A new or
# recycled worker then answers within milliseconds: booting the app in each worker took
# about 1.3 s, and when both workers recycled together nobody answered meanwhile (p99 of
# 0.7-1.3 s in bench/serve.py). The workers also share the master's memory: about 20 MB
# less in all than two workers that each import the app (PSS, bench/serve.py).
preload_app = True
# Recycle workers now and then so slow memory growth never reaches the dyno's limit; the
# jitter keeps the two from recycling at the same moment.
max_requests = 5000
max_requests_jitter = 2500
accesslog = "-"
errorlog = "-"


def when_ready(server):
    """In the master, before any worker is forked: compile every template once (see
    dulcevicio.templating.compile_templates), so that every worker starts with them, then
    freeze what the master holds out of the garbage collector's reach, so that collections
    in the workers do not write to (and so copy) the pages they share with it."""
    import gc

    from dulcevicio.templating import compile_templates

    compile_templates(server.app.wsgi())
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """A forked worker must not reuse database connections it inherited from the master
    (SQLAlchemy's advice for pools across fork): it opens its own."""
    from dulcevicio.extensions import db

    with server.app.wsgi().app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
