"""Gunicorn in production: `gunicorn -c gunicorn.conf.py reflex.wsgi` (README "Deploying").

Threaded workers (`gthread`): a request waiting on the database holds a thread, not a whole process, so a slow page
does not stop the others. Sized for the machine: one process per core, GUNICORN_THREADS threads each (each thread
borrows a connection from the process's pool: keep DATABASE_POOL_MAX_SIZE at least that high).

A request's queries are cancelled by PostgreSQL after DATABASE_STATEMENT_TIMEOUT seconds (the person gets a "try
again" page); gunicorn's own timeout, which kills a worker that stops answering, is set above it so that it never
cuts a request PostgreSQL would have ended cleanly.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", 20))) + 10
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
