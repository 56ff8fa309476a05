# Kiezledger: the API (gunicorn via `kiezledger serve`), the projection workers, the proxy
# (nginx from Debian) and one-off commands share this image. See docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --create-home --home-dir /home/kiezledger kiezledger

WORKDIR /app
COPY pyproject.toml ./
# Every package the wheel ships (pyproject.toml's [tool.setuptools.packages.find]).
COPY ledger ./ledger
COPY store ./store
COPY projections ./projections
COPY queries ./queries
COPY api ./api
COPY cli ./cli
COPY web ./web
COPY deploy ./deploy
RUN pip install . \
    && mkdir -p /app/var /app/keys \
    && chown kiezledger:kiezledger /app/var /app/keys

USER kiezledger
EXPOSE 8000
CMD ["kiezledger", "serve", "--config", "deploy/gunicorn.conf.py"]
