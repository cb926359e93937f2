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
# Recycle workers now and then so slow memory growth never reaches the dyno's limit. A
# recycled worker boots the app again (about a second), so recycling is rare and the jitter
# wide: with 1000 ± 100 the two workers recycled within a second of each other, nobody
# answered meanwhile, and under load requests timed out (bench/serve.py).
max_requests = 5000
max_requests_jitter = 2500
accesslog = "-"
errorlog = "-"


def post_worker_init(worker):
    """Compile the templates before the worker accepts its first request (see
    dulcevicio.templating.compile_templates): a recycled worker then answers at full speed."""
    from dulcevicio.templating import compile_templates

    compile_templates(worker.wsgi)
