# Multi-stage build of the ChatArchive server (and the chatarchive CLI beside it).
# Build:  docker build -t chatarchive .      Run: see docker-compose.yml.

# --- 1. build -----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused while only code changes.
COPY Directory.Build.props Directory.Packages.props ChatArchive.Workflows.sln ./
COPY src/ src/
RUN dotnet restore src/ChatArchive.Server/ChatArchive.Server.csproj \
 && dotnet restore src/ChatArchive.Cli/ChatArchive.Cli.csproj
RUN dotnet publish src/ChatArchive.Server/ChatArchive.Server.csproj -c Release --no-restore -o /out/server \
 && dotnet publish src/ChatArchive.Cli/ChatArchive.Cli.csproj -c Release --no-restore -o /out/cli

# --- 1b. the real Elsa Studio from npm (served at /studio; never committed) ------------------------
FROM node:20-bookworm-slim AS studio
WORKDIR /studio
COPY studio/package.json ./
RUN npm install --omit=dev --no-audit --no-fund

# --- 1c. the web application's CSS (NL Design System Rijkshuisstijl) and htmx from npm (never committed) ----
FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/site.css ./
RUN npm install --omit=dev --no-audit --no-fund

# --- 2. runtime: ASP.NET Core runtime only, non-root user ----------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG APP_UID=10001
# The coverage PDF (/dekking/afdrukken.pdf, chatarchive coverage --pdf) is set in DejaVu Sans.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
# The data folder and its sub-folders exist in the image owned by the service user, so fresh named
# volumes mounted there (raw-export vault, sealed archive) inherit that ownership.
RUN groupadd --system --gid ${APP_UID} chatarchive \
 && useradd --system --uid ${APP_UID} --gid chatarchive --home-dir /var/lib/chatarchive --shell /usr/sbin/nologin chatarchive \
 && mkdir -p /var/lib/chatarchive/vault /var/lib/chatarchive/archive \
 && chown -R chatarchive:chatarchive /var/lib/chatarchive
WORKDIR /app
COPY --from=build /out/server/ ./
COPY --from=build /out/cli/ ./cli/
# Workflow templates imported at start-up, and the Studio package.
COPY workflows/ ./workflows/
COPY --from=studio /studio/node_modules/@elsa-workflows/elsa-studio-wasm/ ./studio/elsa-studio-wasm/
COPY --from=web /web/ ./web/
# Production mode: PostgreSQL, no demo data, no development sign-in. The image holds no secret: the database
# connection, ChatArchive__Auth__SigningKey and the sealing keys come from the environment (docker-compose.yml),
# and the server refuses to start without them.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ChatArchive__Database__Provider=PostgreSql \
    ChatArchive__DemoData=false \
    ChatArchive__Auth__DevelopmentSignIn=false \
    ChatArchive__DataFolder=/var/lib/chatarchive \
    ChatArchive__Workflows__WorkflowsFolder=/app/workflows \
    ChatArchive__Studio__PackagePath=/app/studio/elsa-studio-wasm \
    ChatArchive__Web__AssetsFolder=/app/web \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER chatarchive
EXPOSE 8080
ENTRYPOINT ["dotnet", "ChatArchive.Server.dll"]
