#!/usr/bin/env bash
# Starts the sample Keycloak for Neighbourhood Workspace (realm "neighbourhood") in the foreground.
#
# This is the one place that knows how to run Keycloak: the workspace start script and the Java test
# kit (care.neighbourhood.testkit.KeycloakTestServer) both call it. The process replaces this shell
# (exec), so a caller can stop Keycloak by the pid it started.
#
#   scripts/keycloak.sh           start Keycloak (downloads/unpacks it with Maven on first use)
#   scripts/keycloak.sh --check   print the JDK that would be used and exit
#
# Settings (environment, with defaults):
#   KEYCLOAK_PORT=8180               HTTP port; the issuer is http://localhost:$KEYCLOAK_PORT/realms/neighbourhood
#   KEYCLOAK_MANAGEMENT_PORT=8190    management port (health: /health/ready)
#   KEYCLOAK_ADMIN=admin             bootstrap admin of the master realm (sample only)
#   KEYCLOAK_ADMIN_PASSWORD=admin
#   KEYCLOAK_JAVA_HOME               JDK 21+ to run Keycloak with (else $JAVA_HOME if 21+, else the newest under /usr/lib/jvm)
#   KEYCLOAK_REALM_FILE              realm to import (default config/keycloak/neighbourhood-realm.json)
#   SAMPLE_CLIENT_KEYS               where the sample system clients' key pairs are kept (default .runtime/sample-client-keys)
#
# Keycloak imports a realm only when it does not exist yet. A hash of the realm file is kept next to
# Keycloak's data folder; when the file has changed since the last start, the dev database is deleted
# so that the new realm is imported.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIN_JAVA=21

KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-8190}"
KEYCLOAK_ADMIN="${KEYCLOAK_ADMIN:-admin}"
KEYCLOAK_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}"
KEYCLOAK_REALM_FILE="${KEYCLOAK_REALM_FILE:-$REPO_ROOT/config/keycloak/neighbourhood-realm.json}"
SAMPLE_CLIENT_KEYS="${SAMPLE_CLIENT_KEYS:-$REPO_ROOT/.runtime/sample-client-keys}"

say() { echo "keycloak.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# Major version of a java executable, e.g. 25 (prints nothing if it does not run).
java_major() {
  local out
  out="$("$1" -version 2>&1 | sed -n 1p)" || return 0
  # openjdk version "25.0.1" 2025-10-21 / java version "1.8.0_402"
  sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' <<<"$out"
}

# Sets JDK_HOME and JDK_MAJOR, or fails with a one-line hint.
find_jdk() {
  local major
  if [[ -n "${KEYCLOAK_JAVA_HOME:-}" ]]; then
    [[ -x "$KEYCLOAK_JAVA_HOME/bin/java" ]] \
      || die "KEYCLOAK_JAVA_HOME=$KEYCLOAK_JAVA_HOME has no bin/java; point it at a JDK $MIN_JAVA or newer."
    major="$(java_major "$KEYCLOAK_JAVA_HOME/bin/java")"
    [[ -n "$major" && "$major" -ge $MIN_JAVA ]] \
      || die "KEYCLOAK_JAVA_HOME=$KEYCLOAK_JAVA_HOME is Java ${major:-?}; Keycloak needs Java $MIN_JAVA or newer."
    JDK_HOME="$KEYCLOAK_JAVA_HOME"; JDK_MAJOR="$major"; return
  fi
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    major="$(java_major "$JAVA_HOME/bin/java")"
    if [[ -n "$major" && "$major" -ge $MIN_JAVA ]]; then
      JDK_HOME="$JAVA_HOME"; JDK_MAJOR="$major"; return
    fi
  fi
  local best_home="" best_major=0 dir
  for dir in /usr/lib/jvm/*; do
    [[ -x "$dir/bin/java" ]] || continue
    major="$(java_major "$dir/bin/java")"
    [[ -n "$major" ]] || continue
    if (( major >= MIN_JAVA && major > best_major )); then
      best_home="$(cd "$dir" && pwd -P)"; best_major="$major"
    fi
  done
  [[ -n "$best_home" ]] \
    || die "no JDK $MIN_JAVA+ found for Keycloak (JAVA_HOME and /usr/lib/jvm checked): install one (e.g. temurin-25-jdk) or set KEYCLOAK_JAVA_HOME."
  JDK_HOME="$best_home"; JDK_MAJOR="$best_major"
}

find_jdk
if [[ "${1:-}" == "--check" ]]; then
  echo "JDK $JDK_MAJOR at $JDK_HOME"
  exit 0
fi
[[ $# -eq 0 ]] || die "unknown argument '$1' (usage: keycloak.sh [--check])"

# The Keycloak version lives in the root pom only.
KEYCLOAK_VERSION="$(sed -n 's:.*<keycloak.version>\([^<]*\)</keycloak.version>.*:\1:p' "$REPO_ROOT/pom.xml" | sed -n 1p)"
[[ -n "$KEYCLOAK_VERSION" ]] || die "cannot read <keycloak.version> from $REPO_ROOT/pom.xml"
RUNTIME_DIR="$REPO_ROOT/.runtime"
KC_HOME="$RUNTIME_DIR/keycloak-$KEYCLOAK_VERSION"

if [[ ! -f "$KC_HOME/bin/kc.sh" ]]; then
  say "Keycloak $KEYCLOAK_VERSION is not unpacked yet; fetching it with Maven into $RUNTIME_DIR"
  # A stale marker would make Maven believe the distribution is already unpacked.
  rm -f "$RUNTIME_DIR"/.markers/org.keycloak-keycloak-quarkus-dist-*"$KEYCLOAK_VERSION"*.marker
  (cd "$REPO_ROOT" && ./mvnw -q -pl keycloak-server generate-resources) >&2 \
    || die "could not fetch Keycloak $KEYCLOAK_VERSION (./mvnw -pl keycloak-server generate-resources failed)"
  [[ -f "$KC_HOME/bin/kc.sh" ]] || die "Maven ran but $KC_HOME/bin/kc.sh is still missing"
fi

[[ -f "$KEYCLOAK_REALM_FILE" ]] || die "realm file $KEYCLOAK_REALM_FILE not found"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT"; do
  if port_busy "$port"; then
    die "port $port on 127.0.0.1 is already in use (another Keycloak?); stop it or set KEYCLOAK_PORT / KEYCLOAK_MANAGEMENT_PORT."
  fi
done

# The realm as imported: the sample system clients' public keys put in (made on first use, never
# committed; see scripts/SampleClientKeys.java). Their private halves are in $SAMPLE_CLIENT_KEYS.
mkdir -p "$KC_HOME/data/import"
GENERATED_REALM="$KC_HOME/neighbourhood-realm.generated.json"
"$JDK_HOME/bin/java" "$REPO_ROOT/scripts/SampleClientKeys.java" \
  "$SAMPLE_CLIENT_KEYS" "$KEYCLOAK_REALM_FILE" "$GENERATED_REALM" \
  || die "could not make the sample client keys in $SAMPLE_CLIENT_KEYS"

# Re-import the realm when it changed since the last start: the realm file (its hash is what the
# test kit compares with) or the keys put into it.
HASH_FILE="$KC_HOME/neighbourhood-realm.sha256"
KEYS_HASH_FILE="$KC_HOME/neighbourhood-realm-with-keys.sha256"
current_hash="$(sha256sum "$KEYCLOAK_REALM_FILE" | cut -d ' ' -f 1)"
current_keys_hash="$(sha256sum "$GENERATED_REALM" | cut -d ' ' -f 1)"
if [[ "$current_hash" != "$(cat "$HASH_FILE" 2>/dev/null || true)" \
   || "$current_keys_hash" != "$(cat "$KEYS_HASH_FILE" 2>/dev/null || true)" ]]; then
  if [[ -d "$KC_HOME/data/h2" ]]; then
    say "realm changed since the last start: deleting Keycloak's dev database ($KC_HOME/data/h2) so the realm is imported again"
    rm -rf "$KC_HOME/data/h2"
  fi
  echo "$current_hash" >"$HASH_FILE"
  echo "$current_keys_hash" >"$KEYS_HASH_FILE"
fi
mv "$GENERATED_REALM" "$KC_HOME/data/import/neighbourhood-realm.json"

export JAVA_HOME="$JDK_HOME"
export PATH="$JDK_HOME/bin:$PATH"
export KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN"
export KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD"

say "starting Keycloak $KEYCLOAK_VERSION with JDK $JDK_MAJOR ($JDK_HOME) on http://localhost:$KEYCLOAK_PORT (management $KEYCLOAK_MANAGEMENT_PORT)"
exec bash "$KC_HOME/bin/kc.sh" start-dev \
  --http-host=127.0.0.1 \
  --http-port="$KEYCLOAK_PORT" \
  --hostname="http://localhost:$KEYCLOAK_PORT" \
  --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
  --health-enabled=true \
  --import-realm
