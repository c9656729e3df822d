#!/usr/bin/env bash
# Starts the workspace as a cluster on this machine: several fhir-server replicas and several
# team-portal replicas on one PostgreSQL, behind HAProxy, which sends each request to a replica whose
# readiness probe answers. Every replica runs under a supervisor that starts it again if it stops.
# Keycloak is started too unless KEYCLOAK_ISSUER names one. Stops everything on Ctrl-C.
#
# Settings (environment, with defaults):
#   WORKSPACE_REPLICAS=2       how many fhir-servers, and how many portals
#   FHIR_SERVER_PORT=8080      the load balancer's FHIR address (http://localhost:8080/fhir)
#   PORTAL_PORT=8081           the load balancer's portal address
#   REPLICA_PORTS=9080         replica n of fhir-server listens on REPLICA_PORTS+n, of the portal on
#                              REPLICA_PORTS+100+n (127.0.0.1 only)
#   DB_URL=jdbc:postgresql://127.0.0.1:5432/neighbourhood             the record (created if missing)
#   SESSIONS_DB_URL=jdbc:postgresql://127.0.0.1:5432/neighbourhood_sessions   the portals' sessions
#   DB_USER=postgres, DB_PASSWORD=
#   KEYCLOAK_PORT=8180, KEYCLOAK_ISSUER (use an existing realm instead of starting Keycloak)
#   SAMPLE_DATA=true           the first replica loads config/sample-data (idempotent)
#   SKIP_BUILD=false           true: run what is built
#   CLUSTER_DIR=.runtime/cluster   logs, HAProxy's configuration, and each replica's pid file
#                              (<name>.pid holds the running process; kill it and it is restarted)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

REPLICAS="${WORKSPACE_REPLICAS:-2}"
FHIR_SERVER_PORT="${FHIR_SERVER_PORT:-8080}"
PORTAL_PORT="${PORTAL_PORT:-8081}"
REPLICA_PORTS="${REPLICA_PORTS:-9080}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
DB_URL="${DB_URL:-jdbc:postgresql://127.0.0.1:5432/neighbourhood}"
SESSIONS_DB_URL="${SESSIONS_DB_URL:-jdbc:postgresql://127.0.0.1:5432/neighbourhood_sessions}"
DB_USER="${DB_USER:-postgres}"
SAMPLE_DATA="${SAMPLE_DATA:-true}"
SKIP_BUILD="${SKIP_BUILD:-false}"
CLUSTER_DIR="$(mkdir -p "${CLUSTER_DIR:-$ROOT/.runtime/cluster}" && cd "${CLUSTER_DIR:-$ROOT/.runtime/cluster}" && pwd)"
VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | sed -n 1p)"
FHIR_JAR="${FHIR_JAR:-$ROOT/fhir-server/target/fhir-server-$VERSION.jar}"
PORTAL_JAR="${PORTAL_JAR:-$ROOT/team-portal/target/team-portal-$VERSION.jar}"
JAVA_OPTS="${JAVA_OPTS:--Xmx768m}"

say() { printf '%s\n' "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

[[ "$REPLICAS" =~ ^[1-9]$ ]] || die "WORKSPACE_REPLICAS must be 1 to 9, not '$REPLICAS'."
command -v java >/dev/null || die "Java 17 or newer is needed on the PATH."
command -v curl >/dev/null || die "curl is needed (apt-get install -y curl)."
command -v psql >/dev/null || die "psql is needed to prepare the databases (apt-get install -y postgresql-client)."
command -v haproxy >/dev/null || die "HAProxy is needed as the load balancer (apt-get install -y haproxy)."

fhir_port() { echo $((REPLICA_PORTS + $1)); }
portal_port() { echo $((REPLICA_PORTS + 100 + $1)); }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for n in $(seq 1 "$REPLICAS"); do
  for port in "$(fhir_port "$n")" "$(portal_port "$n")"; do
    port_free "$port" || die "port $port is in use; set REPLICA_PORTS to another range."
  done
done
for port in "$FHIR_SERVER_PORT" "$PORTAL_PORT"; do
  port_free "$port" || die "port $port is in use (is the workspace already running?); set FHIR_SERVER_PORT / PORTAL_PORT."
done

if [[ "$SKIP_BUILD" != true ]]; then
  say "building what changed..."
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl keycloak-server,fhir-server,team-portal -am package \
    || die "the build failed; see the output above."
fi
[[ -f "$FHIR_JAR" && -f "$PORTAL_JAR" ]] || die "fhir-server or team-portal is not built; run ./mvnw -DskipTests package."

# ---- databases
ensure_database() { # jdbc-url
  local url="$1" name hostport
  name="${url##*/}"; name="${name%%\?*}"
  hostport="${url#jdbc:postgresql://}"; hostport="${hostport%%/*}"
  local psql=(psql -h "${hostport%%:*}" -p "${hostport##*:}" -U "$DB_USER" -d postgres -v ON_ERROR_STOP=1 -tA)
  PGPASSWORD="${DB_PASSWORD:-}" "${psql[@]}" -c "select 1 from pg_database where datname = '$name'" | grep -q 1 \
    || PGPASSWORD="${DB_PASSWORD:-}" "${psql[@]}" -qc "create database \"$name\"" \
    || die "cannot reach or create the database $url"
}
ensure_database "$DB_URL"
ensure_database "$SESSIONS_DB_URL"

# ---- processes
SUPERVISORS=()
tree() { # pid: the process and all its descendants, deepest first
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do tree "$child"; done
  echo "$1"
}
stop_all() {
  trap - INT TERM EXIT
  touch "$CLUSTER_DIR/stopping"
  say "stopping..."
  local pids=() pid
  for pid in "${SUPERVISORS[@]}"; do mapfile -t -O "${#pids[@]}" pids < <(tree "$pid"); done
  ((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 30); do
    local alive=false
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
    [[ $alive == true ]] || break
    sleep 1
  done
  ((${#pids[@]})) && kill -KILL "${pids[@]}" 2>/dev/null || true
  rm -f "$CLUSTER_DIR"/*.pid "$CLUSTER_DIR/stopping" "$CLUSTER_DIR/ready"
  say "stopped."
}
trap stop_all EXIT
trap 'exit 130' INT TERM
rm -f "$CLUSTER_DIR/stopping" "$CLUSTER_DIR/ready" "$CLUSTER_DIR"/*.pid

# Runs a command and starts it again whenever it stops, until the cluster is stopped; the running
# process's id is in $CLUSTER_DIR/<name>.pid.
supervise() { # name command...
  local name="$1"; shift
  : >"$CLUSTER_DIR/$name.log"
  (
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM
    while [[ ! -f "$CLUSTER_DIR/stopping" ]]; do
      "$@" >>"$CLUSTER_DIR/$name.log" 2>&1 &
      child=$!
      echo "$child" >"$CLUSTER_DIR/$name.pid"
      wait "$child" && code=0 || code=$?
      [[ -f "$CLUSTER_DIR/stopping" ]] && break
      echo "=== $(date -Is) $name stopped (exit $code); starting it again in 2 s" >>"$CLUSTER_DIR/$name.log"
      sleep 2
    done
  ) &
  SUPERVISORS+=($!)
}

await() { # name url timeout-seconds
  local deadline=$((SECONDS + $3))
  until curl -sf -o /dev/null "$2"; do
    ((SECONDS < deadline)) || { tail -n 30 "$CLUSTER_DIR/$1.log" >&2 || true; die "$1 was not ready within $3 s; see $CLUSTER_DIR/$1.log"; }
    sleep 2
  done
  say "$1 is ready"
}

# ---- Keycloak
if [[ -n "${KEYCLOAK_ISSUER:-}" ]]; then
  ISSUER="$KEYCLOAK_ISSUER"
else
  ISSUER="http://localhost:$KEYCLOAK_PORT/realms/neighbourhood"
  if ! curl -sf -o /dev/null "$ISSUER/.well-known/openid-configuration"; then
    scripts/keycloak.sh --check >/dev/null || scripts/keycloak.sh --check
    say "starting Keycloak (log: $CLUSTER_DIR/keycloak.log)"
    KEYCLOAK_PORT="$KEYCLOAK_PORT" supervise keycloak scripts/keycloak.sh
  fi
fi

# ---- the load balancer
fhir_servers="" portals=""
for n in $(seq 1 "$REPLICAS"); do
  fhir_servers+="    server fhir-server-$n 127.0.0.1:$(fhir_port "$n") check\n"
  portals+="    server team-portal-$n 127.0.0.1:$(portal_port "$n") check\n"
done
awk -v fhir_port="$FHIR_SERVER_PORT" -v portal_port="$PORTAL_PORT" -v fhir="$fhir_servers" -v portals="$portals" '
  { gsub("@FHIR_SERVER_PORT@", fhir_port); gsub("@PORTAL_PORT@", portal_port) }
  $1 == "@FHIR_SERVERS@" { printf "%s", fhir; next }
  $1 == "@PORTALS@" { printf "%s", portals; next }
  { print }' config/cluster/haproxy.cfg >"$CLUSTER_DIR/haproxy.cfg"
haproxy -c -q -f "$CLUSTER_DIR/haproxy.cfg" || die "HAProxy refused $CLUSTER_DIR/haproxy.cfg"
say "starting HAProxy on ports $FHIR_SERVER_PORT (FHIR) and $PORTAL_PORT (portal)"
supervise haproxy haproxy -db -f "$CLUSTER_DIR/haproxy.cfg"

# ---- fhir-server replicas: the first prepares the database and loads the sample, then the others join
start_fhir_server() { # n load-sample
  local n="$1"
  # shellcheck disable=SC2086
  supervise "fhir-server-$n" java $JAVA_OPTS -jar "$FHIR_JAR" \
    --server.address=127.0.0.1 --server.port="$(fhir_port "$n")" \
    --spring.profiles.active=postgres --spring.datasource.url="$DB_URL" \
    --spring.datasource.username="$DB_USER" --spring.datasource.password="${DB_PASSWORD:-}" \
    --workspace.data-dir="$CLUSTER_DIR/data-$n" --workspace.security.token.issuer="$ISSUER" \
    --workspace.sample-data.enabled="$2" --workspace.sample-data.directory="$ROOT/config/sample-data" \
    --workspace.access.sharing-agreement="$ROOT/config/sharing/neighbourhood-sharing-agreement.yaml" \
    --workspace.validation.profiles="$ROOT/config/profiles"
}
start_portal() { # n
  local n="$1"
  # shellcheck disable=SC2086
  supervise "team-portal-$n" java $JAVA_OPTS -jar "$PORTAL_JAR" \
    --server.address=127.0.0.1 --server.port="$(portal_port "$n")" \
    --spring.profiles.active=shared-sessions --spring.datasource.url="$SESSIONS_DB_URL" \
    --spring.datasource.username="$DB_USER" --spring.datasource.password="${DB_PASSWORD:-}" \
    --workspace.fhir.base-url="http://localhost:$FHIR_SERVER_PORT/fhir" --workspace.keycloak.issuer="$ISSUER"
}

STARTED=$SECONDS
[[ -n "${KEYCLOAK_ISSUER:-}" ]] || await keycloak "$ISSUER/.well-known/openid-configuration" 240
say "starting fhir-server-1 (log: $CLUSTER_DIR/fhir-server-1.log)"
start_fhir_server 1 "$SAMPLE_DATA"
start_portal 1
await fhir-server-1 "http://127.0.0.1:$(fhir_port 1)/actuator/health/readiness" 300
for n in $(seq 2 "$REPLICAS"); do
  say "starting fhir-server-$n and team-portal-$n"
  start_fhir_server "$n" false
  start_portal "$n"
done
for n in $(seq 1 "$REPLICAS"); do
  [[ $n == 1 ]] || await "fhir-server-$n" "http://127.0.0.1:$(fhir_port "$n")/actuator/health/readiness" 300
  await "team-portal-$n" "http://127.0.0.1:$(portal_port "$n")/actuator/health/readiness" 180
done
await "load balancer (FHIR)" "http://localhost:$FHIR_SERVER_PORT/actuator/health/readiness" 30

cat <<INFO

  Neighbourhood Workspace cluster is ready (in $((SECONDS - STARTED)) s): $REPLICAS fhir-servers and
  $REPLICAS team-portals behind HAProxy, on PostgreSQL ($DB_URL).

    Team portal   http://localhost:$PORTAL_PORT/
    FHIR API      http://localhost:$FHIR_SERVER_PORT/fhir
    Replicas      fhir-server on 127.0.0.1:$(fhir_port 1)..$(fhir_port "$REPLICAS"), team-portal on 127.0.0.1:$(portal_port 1)..$(portal_port "$REPLICAS")

  Log in as any sample persona (see scripts/start-workspace.sh), password: neighbourhood  (sample only)
  Logs and pid files are in $CLUSTER_DIR. A replica that stops is started again. Ctrl-C stops all.

INFO
echo "cluster ready" >"$CLUSTER_DIR/ready"

wait -n "${SUPERVISORS[@]}" || true
say "a supervisor stopped unexpectedly; see $CLUSTER_DIR"
exit 1
