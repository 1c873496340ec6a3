#!/usr/bin/env bash
# Builds the jar and the bench, runs every benchmark of issue 6 and writes bench/RESULTS.md.
#   bench/run.sh                       the full run (about 25 minutes: ingest, PostgreSQL, end to end, 10-minute soak)
#   bench/run.sh --soak=2m             a shorter soak while developing
#   bench/run.sh --only=ingest,postgres --rounds=5
# Options: see dev.tributary.bench.Bench. Needs wrk (apt-get install wrk) and jcmd (the JDK). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
./mvnw -B -q -Pbench -pl bench -am package -DskipTests
exec java -cp bootstrap/target/tributary.jar:bench/target/tributary-bench.jar dev.tributary.bench.Bench "$@"
