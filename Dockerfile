# One image for every lastmile process: `python -m services.<name>` or `python -m adapters.<name>`
# (docker-compose.yml sets the command). Configuration is environment only (LASTMILE_*).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    LASTMILE_DATA_DIR=/data LASTMILE_METRICS_HOST=0.0.0.0
WORKDIR /app

COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY adapters ./adapters
COPY lastmile ./lastmile
RUN pip install . && useradd --system --uid 10001 lastmile && mkdir /data && chown lastmile /data

USER lastmile
CMD ["lastmile", "--help"]
