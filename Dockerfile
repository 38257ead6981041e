# syntax=docker/dockerfile:1
# The identity service: built in one stage, run from a small non-root image in the other.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the only one (mongodb-memory-server's) would download a mongod we never use here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY console ./console
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The image's unprivileged "node" user, by number so that runtimes can check it is not root.
USER 1000:1000
EXPOSE 3000
# Liveness, not readiness: "unhealthy" makes orchestrators restart the container, and a database
# outage would then restart every one of them, although each recovers by itself when the database
# returns. /health/ready is for taking an instance out of the load balancer (see the README).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
