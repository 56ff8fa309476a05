# gunicorn settings for `kiezledger serve --config deploy/gunicorn.conf.py` (the compose `api`
# service and deploy/systemd/kiezledger-serve.service). Everything else comes from the
# environment (KIEZLEDGER_DATABASE_URL, ...); `kiezledger serve` keeps the application built in
# each worker after the fork (no preload) and counts metrics across the workers.
import os

# Where nginx (deploy/nginx.conf) sends requests.
bind = os.environ.get("KIEZLEDGER_BIND", "0.0.0.0:8000")
# One worker per CPU and one more; each runs `threads` threads (most time is spent waiting
# for PostgreSQL). KIEZLEDGER_WORKERS overrides the count.
workers = int(os.environ.get("KIEZLEDGER_WORKERS") or (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("KIEZLEDGER_THREADS") or 8)
# A worker silent for this long is restarted; on SIGTERM a worker finishes the requests in
# hand within graceful_timeout, then the server exits 0.
timeout = 30
graceful_timeout = 20
# nginx keeps connections to us open between requests.
keepalive = 75
# X-Forwarded-For and -Proto are believed from these addresses only (the proxy).
forwarded_allow_ips = os.environ.get("KIEZLEDGER_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Requests nginx has already limited; these stop a client that bypasses it.
limit_request_line = 8190
limit_request_fields = 100
