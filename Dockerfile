#  One image with every vanphong binary, built on Debian 12.
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gcc make cmake pkg-config libzmq3-dev libczmq-dev libmsgpack-dev libsqlite3-dev libsodium-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY include include
COPY common common
COPY proto proto
COPY services services
COPY bench bench
COPY tests tests
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j"$(nproc)" \
    && mkdir -p /out && find build/services -maxdepth 2 -type f -name 'vp-*' -perm -u+x -exec cp {} /out/ \;

FROM debian:12-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libzmq5 libczmq4 libmsgpackc2 libsqlite3-0 libsodium23 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /data vanphong \
    && mkdir -p /data /keys && chown vanphong /data /keys
COPY --from=build /out/ /usr/local/bin/
COPY scripts/gen-keys /usr/local/bin/gen-keys
ENV VP_BIN=/usr/local/bin
USER vanphong
WORKDIR /data
