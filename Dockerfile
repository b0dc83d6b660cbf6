#  One image with every vanphong program, built on Debian 12 (docs/deploy.md).
#
#  No secret is in it: the deployment's keys are made at install time
#  (`docker compose run --rm keys`) into deploy/keys on the host, and each
#  container mounts only its own (see docker-compose.yml); .dockerignore
#  keeps deploy/, var/ and any keys folder out of the build context.

FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gcc libc6-dev make cmake pkg-config \
        libzmq3-dev libczmq-dev libmsgpack-dev libsqlite3-dev libsodium-dev \
        libcurl4-openssl-dev libical-dev libmicrohttpd-dev libssl-dev libnats-dev \
        libcairo2-dev libpango1.0-dev libfontconfig-dev libxml2-dev libxlsxwriter-dev libzip-dev \
        libgnutls28-dev libpoppler-glib-dev libtesseract-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
#  The whole source tree is configured (CMakeLists.txt names every folder);
#  only the programs under services/ are built.
COPY CMakeLists.txt ./
COPY include include
COPY common common
COPY proto proto
COPY services services
COPY bench bench
COPY tests tests
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
    && make -C build/services -j"$(nproc)" \
    && mkdir -p /out \
    && find build/services -mindepth 2 -maxdepth 2 -type f -perm -u+x \
            \( -name 'vp-*' -o -name 'vpctl' \) -exec cp {} /out/ \; \
    && ls /out

#  Runtime: the shared libraries the programs link (tests/compose_run.py
#  checks each against this list), certificates for SMTP over TLS and
#  webhooks (libcurl), zone data for VP_TZ, curl for vp-web's HTTPS
#  healthcheck.
FROM debian:12-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libzmq5 libczmq4 libmsgpackc2 libsqlite3-0 libsodium23 libcurl4 libical3 libmicrohttpd12 libnats3.4 \
        libssl3 libengine-pkcs11-openssl \
        libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libglib2.0-0 libfontconfig1 libxml2 libxlsxwriter4 libzip4 fonts-dejavu-core \
        libgnutls30 libpoppler-glib8 libtesseract5 liblept5 tesseract-ocr-vie \
        ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 vanphong \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
               --shell /usr/sbin/nologin vanphong \
    && mkdir -p /data/backup /keys/public \
    && chown -R vanphong:vanphong /data
COPY --from=build /out/ /usr/local/bin/
#  gen-keys finds vp-keygen through VP_BIN; the healthchecks run vpctl.
COPY scripts/gen-keys /usr/local/bin/gen-keys
ENV VP_BIN=/usr/local/bin \
    VP_DATA_DIR=/data \
    VP_KEYS_DIR=/keys
USER vanphong
WORKDIR /data
CMD ["vpctl", "--help"]
