#!/usr/bin/env bash
# Startup time of the packaged gateway, from launch to the first 200 on /q/health/ready, with and without the
# JDK 25 AOT cache. Build first: ./mvnw verify -Paot   (creates target/quarkus-app/app.aot)
# Usage: bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
APP=target/quarkus-app
PORT=18299
[ -f "$APP/quarkus-run.jar" ] || { echo "build first: ./mvnw verify -Paot" >&2; exit 1; }

# No SMTP and no keys needed: the mock mailer, and a loopback-only port. One store for all runs, so that each start
# after the first is a restart, as in production (the first also creates the schema).
STORE=$(mktemp -d /tmp/mailgate-startup.XXXXXX)
trap 'rm -rf "$STORE"' EXIT
FLAGS=(-Dmailgate.store.path="$STORE" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Dquarkus.mailer.mock=true
       -Dmailgate.auth.enabled=false -Dmailgate.provider=custom -Dquarkus.mailer.login=DISABLED
       -Dquarkus.mailer.from=bench@mailgate.local -Dquarkus.log.level=WARN)

measure() { # $@: extra JVM flags; prints milliseconds to ready
  local start end pid
  start=$(date +%s%N)
  "$JAVA" "$@" "${FLAGS[@]}" -jar "$APP/quarkus-run.jar" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; then break; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

plain=$(for _ in $(seq 1 "$RUNS"); do measure; done | median)
if [ -f "$APP/app.aot" ]; then
  aot=$(for _ in $(seq 1 "$RUNS"); do measure -XX:AOTCache="$APP/app.aot"; done | median)
else
  aot=""
fi
echo "plain JVM: ${plain} ms (median of $RUNS)"
if [ -n "$aot" ]; then
  echo "AOT cache: ${aot} ms (median of $RUNS)"
  awk -v p="$plain" -v a="$aot" 'BEGIN {printf "ratio: %.2fx faster with the AOT cache\n", p / a}'
fi
