# Intresseanmälan: slim runtime image, non-root. Secrets come from the environment at run time.
# Web:    docker run … image            (migrates, then gunicorn on :8000)
# Worker: docker run … image worker     (python -m app outbox work)
# The base image by its digest (python:3.11-slim, Python 3.11.15 on Debian trixie, the
# multi-platform index): a rebuild gets the same bytes. docs/operations.md says how to move on.
FROM python:3.11-slim@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff AS build
WORKDIR /build
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes --prefix=/install -r requirements.txt

FROM python:3.11-slim@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BIND=0.0.0.0:8000 MALLOC_ARENA_MAX=2
RUN useradd --create-home --uid 10001 app
WORKDIR /srv/app
COPY --from=build /install /usr/local
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY scripts/entrypoint.sh ./scripts/entrypoint.sh
COPY gunicorn.conf.py ./
RUN install -d -m 700 -o app -g app instance
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
ENTRYPOINT ["scripts/entrypoint.sh"]
CMD ["web"]
