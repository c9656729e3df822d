#!/usr/bin/env bash
# Starts the whole Neighbourhood Workspace on this machine: Keycloak (sample realm), fhir-server (on
# the embedded H2 database, with the sample neighbourhood loaded) and team-portal. Builds first when
# the sources are newer than the built applications. Waits until everything is ready, prints where
# to go and how to log in, and stops everything on Ctrl-C.
#
# Settings (environment, with defaults):
#   FHIR_SERVER_PORT=8080, PORTAL_PORT=8081, KEYCLOAK_PORT=8180 (see scripts/keycloak.sh for more)
#   WORKSPACE_DB=h2            h2 (file under ./data) or postgres (see DB_URL below)
#   DB_URL=jdbc:postgresql://127.0.0.1:5432/neighbourhood, DB_USER=postgres, DB_PASSWORD=
#                              used with WORKSPACE_DB=postgres; the database is created if missing
#   KEYCLOAK_ISSUER            use an existing Keycloak realm instead of starting one, e.g.
#                              https://id.example.org/realms/neighbourhood (import config/keycloak first)
#   SAMPLE_DATA=true           load config/sample-data at start (idempotent)
#   SKIP_BUILD=false           true: run what is built, even if sources are newer
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FHIR_SERVER_PORT="${FHIR_SERVER_PORT:-8080}"
PORTAL_PORT="${PORTAL_PORT:-8081}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
WORKSPACE_DB="${WORKSPACE_DB:-h2}"
SAMPLE_DATA="${SAMPLE_DATA:-true}"
SKIP_BUILD="${SKIP_BUILD:-false}"
LOGS="$ROOT/.runtime/logs"
VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | sed -n 1p)"
FHIR_JAR="$ROOT/fhir-server/target/fhir-server-$VERSION.jar"
PORTAL_JAR="$ROOT/team-portal/target/team-portal-$VERSION.jar"

say() { printf '%s\n' "workspace: $*" >&2; }
die() { say "$*"; exit 1; }

command -v java >/dev/null || die "Java 17 or newer is needed on the PATH."
command -v curl >/dev/null || die "curl is needed (apt-get install -y curl)."

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$FHIR_SERVER_PORT" "$PORTAL_PORT"; do
  port_free "$port" || die "port $port is in use (is the workspace already running?); set FHIR_SERVER_PORT / PORTAL_PORT."
done

needs_build() {
  [[ -f "$FHIR_JAR" && -f "$PORTAL_JAR" ]] || return 0
  local newest
  newest="$(find pom.xml fhir-server/pom.xml fhir-server/src team-portal/pom.xml team-portal/src team-portal/package.json \
    -newer "$FHIR_JAR" -type f -print -quit 2>/dev/null)"
  [[ -n "$newest" ]] && return 0
  newest="$(find team-portal/src team-portal/pom.xml -newer "$PORTAL_JAR" -type f -print -quit 2>/dev/null)"
  [[ -n "$newest" ]]
}

if [[ "$SKIP_BUILD" != true ]] && needs_build; then
  say "building (first time takes a few minutes: dependencies come from Maven Central and npm)..."
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl keycloak-server,fhir-server,team-portal -am package \
    || die "the build failed; see the output above."
fi
[[ -f "$FHIR_JAR" && -f "$PORTAL_JAR" ]] || die "fhir-server or team-portal is not built; run ./mvnw -DskipTests package."

mkdir -p "$LOGS" "$ROOT/data"
PIDS=()
kill_tree() { # signal pid: the process and all its descendants
  local child
  for child in $(pgrep -P "$2" 2>/dev/null); do kill_tree "$1" "$child"; done
  kill "-$1" "$2" 2>/dev/null || true
}
stop_all() {
  trap - INT TERM EXIT
  if ((${#PIDS[@]})); then
    say "stopping..."
    for pid in "${PIDS[@]}"; do kill_tree TERM "$pid"; done
    for _ in $(seq 1 30); do
      local alive=false
      for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
      [[ $alive == true ]] || break
      sleep 1
    done
    for pid in "${PIDS[@]}"; do kill_tree KILL "$pid"; done
  fi
  say "stopped."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# ---- Keycloak
if [[ -n "${KEYCLOAK_ISSUER:-}" ]]; then
  ISSUER="$KEYCLOAK_ISSUER"
  say "using the existing Keycloak realm $ISSUER"
else
  ISSUER="http://localhost:$KEYCLOAK_PORT/realms/neighbourhood"
  if curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null; then
    say "Keycloak already answers on port $KEYCLOAK_PORT: using it"
  else
    scripts/keycloak.sh --check >/dev/null || scripts/keycloak.sh --check
    say "starting Keycloak (log: $LOGS/keycloak.log)"
    KEYCLOAK_PORT="$KEYCLOAK_PORT" scripts/keycloak.sh >"$LOGS/keycloak.log" 2>&1 &
    PIDS+=($!)
  fi
fi

# ---- fhir-server
FHIR_ARGS=(--server.port="$FHIR_SERVER_PORT" --workspace.data-dir="$ROOT/data"
  --workspace.security.token.issuer="$ISSUER"
  --workspace.sample-data.enabled="$SAMPLE_DATA" --workspace.sample-data.directory="$ROOT/config/sample-data"
  --workspace.access.sharing-agreement="$ROOT/config/sharing/neighbourhood-sharing-agreement.yaml"
  --workspace.validation.profiles="$ROOT/config/profiles")
if [[ "$WORKSPACE_DB" == postgres ]]; then
  DB_URL="${DB_URL:-jdbc:postgresql://127.0.0.1:5432/neighbourhood}"
  DB_USER="${DB_USER:-postgres}"
  if command -v psql >/dev/null; then
    db_name="${DB_URL##*/}"; db_name="${db_name%%\?*}"
    hostport="${DB_URL#jdbc:postgresql://}"; hostport="${hostport%%/*}"
    PGPASSWORD="${DB_PASSWORD:-}" psql -h "${hostport%%:*}" -p "${hostport##*:}" -U "$DB_USER" -d postgres -tAc \
      "select 1 from pg_database where datname = '$db_name'" | grep -q 1 \
      || PGPASSWORD="${DB_PASSWORD:-}" psql -h "${hostport%%:*}" -p "${hostport##*:}" -U "$DB_USER" -d postgres \
        -qc "create database $db_name" || die "cannot reach or create the database $DB_URL"
  fi
  FHIR_ARGS+=(--spring.profiles.active=postgres --spring.datasource.url="$DB_URL"
    --spring.datasource.username="$DB_USER" --spring.datasource.password="${DB_PASSWORD:-}")
elif [[ "$WORKSPACE_DB" != h2 ]]; then
  die "WORKSPACE_DB must be h2 or postgres, not '$WORKSPACE_DB'."
fi
say "starting fhir-server on the $WORKSPACE_DB database (log: $LOGS/fhir-server.log)"
java -jar "$FHIR_JAR" "${FHIR_ARGS[@]}" >"$LOGS/fhir-server.log" 2>&1 &
PIDS+=($!)

# ---- team-portal
say "starting team-portal (log: $LOGS/team-portal.log)"
java -jar "$PORTAL_JAR" --server.port="$PORTAL_PORT" \
  --workspace.fhir.base-url="http://localhost:$FHIR_SERVER_PORT/fhir" \
  --workspace.keycloak.issuer="$ISSUER" >"$LOGS/team-portal.log" 2>&1 &
PIDS+=($!)

# ---- wait until ready
await() { # name url log timeout-seconds
  local deadline=$((SECONDS + $4))
  until curl -sf -o /dev/null "$2"; do
    for pid in "${PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null || { tail -n 30 "$3" >&2; die "$1 stopped while starting; see $3"; }
    done
    ((SECONDS < deadline)) || { tail -n 30 "$3" >&2; die "$1 was not ready within $4 s; see $3"; }
    sleep 2
  done
  say "$1 is ready"
}
STARTED=$SECONDS
await Keycloak "$ISSUER/.well-known/openid-configuration" "$LOGS/keycloak.log" 240
await fhir-server "http://localhost:$FHIR_SERVER_PORT/actuator/health/readiness" "$LOGS/fhir-server.log" 300
await team-portal "http://localhost:$PORTAL_PORT/actuator/health" "$LOGS/team-portal.log" 120

cat <<INFO

  Neighbourhood Workspace is ready (in $((SECONDS - STARTED)) s).

    Team portal   http://localhost:$PORTAL_PORT/
    FHIR API      http://localhost:$FHIR_SERVER_PORT/fhir  (CapabilityStatement: /fhir/metadata)
    API docs      http://localhost:$FHIR_SERVER_PORT/fhir/swagger-ui/  (OpenAPI: /fhir/api-docs)
    SMART         http://localhost:$FHIR_SERVER_PORT/fhir/.well-known/smart-configuration
    Keycloak      ${ISSUER%/realms/*}/admin  (admin / admin, sample only)

  Log in to the portal as any sample persona; the password of each is: neighbourhood  (sample only)
    nina.patel    community nurse, Northbank Community Health Trust
    omar.hassan   GP, Riverside Medical Practice
    maya.okafor   mental-health practitioner, Northbank Mental Health Trust
    sam.taylor    social worker, City Council Adult Social Care
    grace.lee     care coordinator, Riverside Medical Practice
    ben.carter    support worker, Age Well Northbank
    irene.walsh   information governance officer, Northbank Community Health Trust
    adam.clarke   workspace administrator, Northbank Community Health Trust
  and as a person the team supports, or a carer:
    margaret.ellis  her own plan, team, sharing choices and who has looked at her record
    arthur.bennett  his own plan, team, sharing choices and who has looked at his record
    george.ellis    Margaret's son and carer: sees her plan once she shares it with him

  External systems (SMART Backend Services, private_key_jwt): council-case-system and riverside-ehr,
  their sample keys in .runtime/sample-client-keys/ (see docs/connecting-a-system.md).

  Logs are in .runtime/logs/. Press Ctrl-C to stop everything.

INFO

wait -n "${PIDS[@]}" || true
say "a component stopped unexpectedly; see $LOGS"
exit 1
