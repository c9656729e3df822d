#!/usr/bin/env bash
# fhir-server against a plain HAPI FHIR JPA server of the same version, side by side on the local
# PostgreSQL: builds what it needs, then runs the benchmark (bench/). Size S by default; M and L are
# opt-in. Settings are passed through, e.g.:
#   scripts/benchmark.sh                      # size S, 1/4/16 clients, 2 interleaved rounds
#   scripts/benchmark.sh -Dbench.size=M -Dbench.clients=1,16
# The report is printed and written to bench/target/bench-<size>-<time>.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not answering on 127.0.0.1:5432"; exit 1; }
scripts/keycloak.sh --check >/dev/null
./mvnw -q -ntp -pl fhir-server,bench -am install -DskipTests
./mvnw -q -ntp -pl bench exec:exec "$@"
