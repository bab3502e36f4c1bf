# Zhenwei gRPC service. Build: docker build -t zhenwei .  Run: docker run -p 50051:50051 zhenwei
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
    ZHENWEI_DATABASE_URL=sqlite:////var/lib/zhenwei/zhenwei.sqlite3
RUN useradd --system --home /var/lib/zhenwei --create-home zhenwei
USER zhenwei
EXPOSE 50051
STOPSIGNAL SIGTERM
CMD ["zhenwei", "serve"]
