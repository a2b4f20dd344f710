# syntax=docker/dockerfile:1
# The tuneforge control plane: `tuneforge serve tuner|trainer|tracker|all` and
# `tuneforge migrate`; the same image runs `mlflow server` (mlflow is a dependency of
# the server extra). Torch-free: the server extra does not pull torch, and the torch
# pin is kept as a constraint so nothing can pull an unpinned one.
#
# Build context: the repository root.
#   docker build -f deploy/docker/control-plane.Dockerfile -t tuneforge/control-plane .
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/tuneforge
ENV PATH=/opt/tuneforge/bin:$PATH
WORKDIR /src
# Only what the package build reads (the context is the whole repository).
COPY constraints/ constraints/
COPY pyproject.toml README.md ./
COPY services/ services/
COPY clients/python/ clients/python/
RUN pip install --no-cache-dir -c constraints/torch.txt '.[server]' \
    && python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is not None)"

FROM ${PYTHON_IMAGE}
RUN groupadd --gid 10001 tuneforge \
    && useradd --uid 10001 --gid 10001 --no-log-init --create-home \
       --home-dir /var/lib/tuneforge --shell /usr/sbin/nologin tuneforge
COPY --from=build /opt/tuneforge /opt/tuneforge
ENV PATH=/opt/tuneforge/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TUNEFORGE_HOME=/var/lib/tuneforge \
    XDG_CACHE_HOME=/tmp/cache \
    NUMBA_CACHE_DIR=/tmp/numba-cache
# The root filesystem is read-only on Kubernetes and the venv belongs to root: numba's
# kernel cache (cache=True) and other caches go to /tmp, which the pods mount writable.
WORKDIR /var/lib/tuneforge
USER 10001:10001
EXPOSE 50051
# No HEALTHCHECK: Kubernetes uses gRPC probes, compose.yaml its own healthcheck.
ENTRYPOINT ["tuneforge"]
CMD ["serve", "all"]
