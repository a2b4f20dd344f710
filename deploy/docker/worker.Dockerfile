# syntax=docker/dockerfile:1
# The training worker the Kubernetes backend's Jobs run:
#   tuneforge worker --job ID --trainer HOST:PORT
# (the Job's command repeats the whole line, so the entrypoint is only a default).
#
# torch comes from constraints/torch.txt, the one pin (Makefile, docs, this image):
# installed first from the CUDA 12.8 wheel index, then kept as a constraint while the
# package installs. The pip wheels carry their own CUDA runtime and cuDNN, so the
# image only needs the CUDA base layer (driver hooks for the NVIDIA container
# runtime), not the multi-GB -runtime/-cudnn variants.
#
# Build context: the repository root.
#   docker build -f deploy/docker/worker.Dockerfile -t tuneforge/worker .
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu24.04
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128

FROM ${CUDA_IMAGE} AS build
ARG TORCH_INDEX_URL
# Ubuntu's packages are not pinned: their versions leave the archive with every
# security update, so a pin would break the build rather than make it reproducible.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python3 -m venv /opt/tuneforge
ENV PATH=/opt/tuneforge/bin:$PATH
WORKDIR /src
COPY constraints/ constraints/
RUN pip install --no-cache-dir -r constraints/torch.txt --index-url "${TORCH_INDEX_URL}"
COPY pyproject.toml README.md ./
COPY services/ services/
COPY clients/python/ clients/python/
# The worker runs the same runner as the local backend, which imports numpy, scipy,
# numba and pyyaml besides torch and scikit-learn (train): the server extra brings them.
RUN pip install --no-cache-dir -c constraints/torch.txt '.[server,train]'

FROM ${CUDA_IMAGE}
# Unpinned Ubuntu packages: see the build stage.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 tuneforge \
    && useradd --uid 10001 --gid 10001 --no-log-init --create-home \
       --home-dir /var/lib/tuneforge --shell /usr/sbin/nologin tuneforge
COPY --from=build /opt/tuneforge /opt/tuneforge
ENV PATH=/opt/tuneforge/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TUNEFORGE_HOME=/var/lib/tuneforge \
    XDG_CACHE_HOME=/tmp/cache \
    NUMBA_CACHE_DIR=/tmp/numba-cache \
    TRITON_CACHE_DIR=/tmp/triton-cache
# The root filesystem is read-only on Kubernetes and the venv belongs to root: numba's
# kernel cache (cache=True) and other caches go to /tmp, which the pods mount writable.
WORKDIR /var/lib/tuneforge
USER 10001:10001
ENTRYPOINT ["tuneforge", "worker"]
