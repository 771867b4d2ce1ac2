# opencti/connector-opencti: the datasets connector, in TypeScript.
FROM node:20-alpine AS build
WORKDIR /opt/opencti-datasets
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY core ./core
COPY sources ./sources
COPY operators ./operators
COPY sinks ./sinks
COPY pipeline ./pipeline
COPY bench ./bench
COPY examples ./examples
COPY index.ts ./
RUN npm run build && npm prune --omit=dev

FROM node:20-alpine
ENV NODE_ENV=production
WORKDIR /opt/opencti-datasets
COPY --from=build /opt/opencti-datasets/node_modules ./node_modules
COPY --from=build /opt/opencti-datasets/dist ./dist
COPY package.json config.yml.sample ./
COPY datasets ./datasets
# Downloads and their validators are cached here (CONFIG_CACHE_DIR); the
# process runs as `node`, which cannot write to the image's folders.
ENV CONFIG_CACHE_DIR=/var/cache/opencti-datasets
RUN mkdir -p /var/cache/opencti-datasets && chown node:node /var/cache/opencti-datasets
USER node
ENTRYPOINT ["node", "dist/pipeline/cli.js"]
CMD ["run"]
