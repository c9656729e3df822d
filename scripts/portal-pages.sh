#!/usr/bin/env bash
# Server time and FHIR calls of the team portal's caseload, triage board and person's page with the
# synthetic neighbourhood of size M (10,000 people, 50,000 Tasks) in fhir-server on the local
# PostgreSQL, for a member of staff with 2,000 people on their caseload (bench/, PortalPageTimes).
# The first run loads its own database through the FHIR API (several minutes); later runs reuse it.
# Settings are passed through as JVM properties, e.g.:
#   scripts/portal-pages.sh                                   # 3 warm-up rounds, 20 measured
#   scripts/portal-pages.sh -Dbench.portal.requests=50 -Dbench.portal.database=my_portal_m
# The report is printed and written to docs/benchmarks/portal-pages-<size>-<date>.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not answering on 127.0.0.1:5432"; exit 1; }
scripts/keycloak.sh --check >/dev/null
./mvnw -q -ntp -pl fhir-server,team-portal,bench -am install -DskipTests
./mvnw -q -ntp -pl bench exec:exec \
  -Dexec.args="-Xmx1g -classpath %classpath $* care.neighbourhood.bench.portal.PortalPageTimes"
