# syntax=docker/dockerfile:1.7
# One image per service, from the whole workspace:
#   docker build --build-arg SERVICE=gateway -t ghcr.io/learnloop/gateway:0.1.0 .
#   docker build --build-arg SERVICE=users   -t ghcr.io/learnloop/users:0.1.0 .
# SERVICE is `gateway` or a name in subgraphs.json. Each subgraph process also runs its outbox relay
# and event consumers (one holder of the relay lease at a time), so there is no separate worker image.
# docs/deployment.md; tests/deploy/image.spec.ts checks what this file copies and runs.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json subgraphs.json ./
COPY packages/ packages/
COPY subgraphs/ subgraphs/
COPY gateway/ gateway/
COPY clients/ clients/
COPY tests/package.json tests/package.json
COPY schema/ schema/
COPY tools/ tools/
RUN npm ci --no-audit --no-fund && npx tsc -b

# The service's folder, its workspace packages and production dependencies only.
FROM build AS app
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "--build-arg SERVICE=<gateway|subgraph name> is required" >&2; exit 1)
RUN node tools/deploy/image-app.cjs "${SERVICE}" /app

FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE=${SERVICE}
WORKDIR /app
# node:*-slim has the `node` user (uid 1000); the app's files stay root-owned and read-only to it.
COPY --from=app /app /app
USER 1000:1000
# PORT as the chart sets it, else the service's default (/app/.port).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const p = process.env.PORT || require('fs').readFileSync('/app/.port', 'utf8').trim(); fetch('http://127.0.0.1:' + p + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/bin/sh", "-c", "exec node \"/app/$(cat /app/.main)\""]
