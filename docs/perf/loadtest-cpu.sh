#!/usr/bin/env bash
# The load tester's CPU per message in steady state, split into user and kernel time:
#   docs/perf/loadtest-cpu.sh JAR [URL] [PROFILE] [CLIENTS]
#   docs/perf/loadtest-cpu.sh load-tester/target/load-tester.jar http://127.0.0.1:8081 echo 100
#   docs/perf/loadtest-cpu.sh load-tester/target/load-tester.jar ws://127.0.0.1:8090/echo rawecho 100
# Runs the profile at a 1 ms interval for 53 s and reads /proc/<pid>/stat at 30 s and 50 s, when
# the JIT has settled (the load tester's own figure covers the whole run phase, compilation
# included). Messages in that window are taken at the run's mean rate.
set -euo pipefail
jar=$1
url=${2:-http://127.0.0.1:8081}
profile=${3:-echo}
clients=${4:-100}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
java -Xms256m -Xmx3g -XX:+UseParallelGC -jar "$jar" -s "$url" -p "$profile" -c "$clients" -i 1 -u 1 -r 53 -d 1 >"$out" 2>&1 &
pid=$!
ticks() { sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12, $13}'; } # utime, stime (USER_HZ = 100)
sleep 30
read -r u0 s0 < <(ticks)
t0=$(date +%s.%N)
sleep 20
read -r u1 s1 < <(ticks)
t1=$(date +%s.%N)
wait "$pid"
rate=$(grep -o 'Throughput=[0-9.]*' "$out" | cut -d= -f2)
awk -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v t0="$t0" -v t1="$t1" -v rate="$rate" -v loadavg="$(cut -d' ' -f1 /proc/loadavg)" \
  -v name="$profile $(basename "$jar")" 'BEGIN {
    msgs = rate * (t1 - t0)
    printf "%s: %.0f msgs/s, CPU per message %.1f us (user %.1f, kernel %.1f), load average %s\n",
      name, rate, (u + s) * 1e4 / msgs, u * 1e4 / msgs, s * 1e4 / msgs, loadavg }'
