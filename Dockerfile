# Zhenwei gRPC service. Build: docker build -t zhenwei .  Run: docker run -p 50051:50051 zhenwei
# Every RPC needs a token (anonymous screening is off); on first start the server prints an
# admin token once (docker logs). Create more with:
#   docker exec <container> zhenwei token create --role screening --name <platform>
# Keep /var/lib/zhenwei on a volume so tokens survive restarts. For TLS, mount PEM files and
# set ZHENWEI_TLS_CERT_FILE / ZHENWEI_TLS_KEY_FILE (and ZHENWEI_TLS_CLIENT_CA_FILE for mTLS).
FROM python:3.11-slim

# g++ builds pdqhash from its source distribution (no wheels on PyPI).
RUN apt-get update && apt-get install -y --no-install-recommends g++ make \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/zhenwei
COPY pyproject.toml README.md ./
COPY service ./service
COPY lexicons ./lexicons
COPY scripts ./scripts
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir . \
    && bash scripts/install_image_deps.sh /opt/venv/bin/pip

ENV PATH=/opt/venv/bin:$PATH \
    ZHENWEI_LISTEN_ADDR=0.0.0.0:50051 \
    ZHENWEI_LEXICON_DIR=/srv/zhenwei/lexicons \
    ZHENWEI_DATABASE_URL=sqlite:////var/lib/zhenwei/zhenwei.sqlite3 \
    ZHENWEI_ANONYMOUS_SCREENING=0
RUN useradd --system --home /var/lib/zhenwei --create-home zhenwei
USER zhenwei
VOLUME /var/lib/zhenwei
EXPOSE 50051
STOPSIGNAL SIGTERM
CMD ["zhenwei", "serve"]
