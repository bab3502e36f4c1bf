# Zhenwei gRPC service: a multi-stage image (build tools stay in the first stage).
#   docker build -t zhenwei .
#   docker run -p 50051:50051 -p 9100:9100 -e ZHENWEI_SECRET_KEY=... zhenwei
# Every RPC needs a token (anonymous screening is off, unlike `make serve`); on first start the
# server prints an admin token once (docker logs). Create more with:
#   docker exec <container> zhenwei token create --role screening --name <platform>
# Keep /var/lib/zhenwei on a volume so tokens survive restarts (or use PostgreSQL: see
# docker-compose.yml). For TLS, mount PEM files and set ZHENWEI_TLS_CERT_FILE /
# ZHENWEI_TLS_KEY_FILE (and ZHENWEI_TLS_CLIENT_CA_FILE for mTLS); the HEALTHCHECK below speaks
# plaintext, so with TLS replace it with a TLS-capable probe.
# Not built in CI when no Docker engine is present (the development machine has none).

FROM python:3.11-slim AS build
# g++ builds pdqhash from its source distribution (no wheels on PyPI).
RUN apt-get update && apt-get install -y --no-install-recommends g++ make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY scripts ./scripts
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir . \
    && bash scripts/install_image_deps.sh /opt/venv/bin/pip \
    && find /opt/venv -name '__pycache__' -prune -exec rm -rf {} +

FROM python:3.11-slim AS runtime
# Only the virtual environment (runtime dependencies, no compiler) and the lexicons.
COPY --from=build /opt/venv /opt/venv
COPY lexicons /srv/zhenwei/lexicons
RUN useradd --system --uid 10001 --home /var/lib/zhenwei --create-home zhenwei
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    ZHENWEI_LISTEN_ADDR=0.0.0.0:50051 \
    ZHENWEI_METRICS_ADDR=0.0.0.0:9100 \
    ZHENWEI_LEXICON_DIR=/srv/zhenwei/lexicons \
    ZHENWEI_DATABASE_URL=sqlite:////var/lib/zhenwei/zhenwei.sqlite3 \
    ZHENWEI_ANONYMOUS_SCREENING=0 \
    ZHENWEI_LOG_FORMAT=json
USER zhenwei
WORKDIR /var/lib/zhenwei
VOLUME /var/lib/zhenwei
# 8080: the reviewer console when ZHENWEI_CONSOLE_ADDR=0.0.0.0:8080 is set (off by default)
EXPOSE 50051 9100 8080
# grpc.health.v1 Check on the serving port (SERVING → healthy); each worker builds its engines
# first, hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-m", "service.ops.healthcheck"]
STOPSIGNAL SIGTERM
# `zhenwei serve` runs ZHENWEI_WORKERS processes (default: one per core) and stops them
# gracefully on SIGTERM; give `docker stop` more than ZHENWEI_GRACE_PERIOD_S (docker stop -t 60).
CMD ["zhenwei", "serve"]
