#!/usr/bin/env bash
# A/B of one pipeline step's CPU (dev.tributary.bench.StepCpu) between two builds, rounds alternating which goes
# first, one fresh JVM per side and round. Each directory holds tributary.jar and tributary-bench.jar (copy them
# from bootstrap/target and bench/target after `./mvnw -B -q -Pbench -pl bench -am package -DskipTests`).
#   bench/ab.sh <dir A> <dir B> <step: count|transform|stage|aggregate> [rounds=5] [seconds=10] [warmup seconds=8]
# The bench jar of B drives both sides (StepCpu uses only APIs both have). Prints every round and the load average.
set -euo pipefail
a=$1 b=$2 step=$3 rounds=${4:-5} seconds=${5:-10} warmup=${6:-8}
side() {
  java -Xmx1g -cp "$1/tributary.jar:$b/tributary-bench.jar" dev.tributary.bench.StepCpu "$step" "$seconds" "$warmup"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then first=$a second=$b; else first=$b second=$a; fi
  for d in "$first" "$second"; do
    echo "round $r $( [[ $d == "$a" ]] && echo A || echo B ): $(side "$d") (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
