#!/usr/bin/env bash
# gev's benchmarks, side by side with its peers, in one invocation:
#   echo    gev (byte[] API and StreamHandler) vs Netty 4.2 NIO and native epoll: msg/s, MiB/s, latency, server CPU
#           seconds and heap bytes allocated per message; 50 and 1,000 connections, 64 B and 4 KiB, 1 and 2 loops
#   redis   redis-benchmark -P 128 against the redis-server sample and a real redis-server, also with appendonly yes
#   memory  heap and resident bytes per idle connection at 10,000 and 50,000 connections
#   tls     TLS 1.3 (JDK SSLEngine on every server: gev's TlsOptions, Netty's SslHandler with SslProvider.JDK), each
#           server also in plain TCP in the same rounds: echo 50 connections x 64 B and 4 KiB, 1 loop; and connections/s
#           with 16 dialers (full handshake, one 64 B echo, close). Not part of "all": about 20 minutes on 2 CPUs
#   websocket  WebSocket echo of JSON chat lines (64 B to 4 KiB, 50 and 1,000 connections, 1 loop) against gev's
#           plugin, Netty 4.2's WebSocketServerProtocolHandler and Node's ws, each also with permessage-deflate;
#           broadcast of one line at a time to 10,000 WebSockets (gev's SharedFrame, Netty's ChannelGroup, ws); msg/s,
#           latency, server CPU and heap per message, wire bytes per message byte (benchmarks/websocket.sh; needs
#           Node.js and npm for ws, which it installs into benchmarks/target/node). Not part of "all"
#   proxy   a TCP proxy relaying to one C epoll upstream (benchmarks/proxy.sh): gev's tcp-proxy sample and a bare engine
#           relay against HAProxy (mode tcp, nbthread 1, also with option splice-auto; installed from Debian's packages
#           if missing) and a Netty 4.2 relay like Netty's proxy example (NIO and epoll). Ping-pong 64 B and 4 KiB with
#           50 and 1,000 connections (msg/s, proxy CPU and heap per message), and a bulk stream one way over 8
#           connections (MiB/s, proxy CPU per GiB, heap per MiB). The proxy alone on one CPU, the load generator and
#           the upstream on the other. Not part of "all"
#   jmh     the JMH microbenchmarks with -prof gc (not part of "all": it takes a while)
# Servers and clients run interleaved (A B C A B C ...) for several rounds; the report gives medians and ratios.
# With 2 CPUs the server is pinned to CPU 0 and the load to CPU 1; with more, each gets half.
#
# Usage: benchmarks/run.sh [--rounds N] [--duration S] [--warmup S] [--quick] [--baseline REV] [--servers LIST]
#        [--scenarios LIST] [echo] [redis] [memory] [tls] [websocket] [proxy] [jmh] [all] [report]
#        ("all" is echo redis memory; tls, websocket, proxy and jmh by name)
# ("report" alone rewrites RESULTS.md and the charts from the CSV files already in results/)
# --baseline REV measures a change against an older build in the same rounds: REV (a git revision of this repository,
# e.g. HEAD~3) is exported (git archive) to benchmarks/target/baseline-<sha>/ and its benchmarks module built there
# (once per sha); echo and tls then also run gev@base and gev-stream@base, memory gev@base: the same main class,
# options, JVM flags and pinning as gev and gev-stream, with that build's class path. RESULTS.md gets a table of
# gev against gev@base (and gev-stream against gev-stream@base) after each of those tables.
# --servers and --scenarios narrow the echo, tls, memory, websocket and proxy suites, for more rounds of a focused
# comparison: a comma-separated list of server labels (netty-nio, netty-epoll, gev, gev-stream, gev@base,
# gev-stream@base; websocket: gev, gev-deflate, gev-each, netty, netty-deflate, ws, ws-deflate; proxy: haproxy,
# haproxy-splice, gev-proxy, gev-relay, netty-nio, netty-epoll) and of scenario names as the CSV files and RESULTS.md
# write them ("50c 64B 1L", "1000c 4096B 2L", "16 dialers"; websocket: "50c 256B", "10000c 128B"; proxy: "50c 64B",
# "8c stream").
# Output: benchmarks/results/ (CSV files, PNG charts) and benchmarks/RESULTS.md.
# Needs: a JDK 17+, Maven, for "redis" the Debian packages redis-server and redis-tools, for "proxy" gcc and haproxy.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/benchmarks
OUT=$BENCH/results
ROUNDS=3
DURATION=5
WARMUP=2
BASELINE=
ONLY_SERVERS=
ONLY_SCENARIOS=
SUITES=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --quick) ROUNDS=1; DURATION=2; WARMUP=1 ;;
    --baseline) BASELINE=$2; shift ;;
    --servers) ONLY_SERVERS=$2; shift ;;
    --scenarios) ONLY_SCENARIOS=$2; shift ;;
    echo|redis|memory|tls|websocket|proxy|jmh|report) SUITES+=("$1") ;;
    all) SUITES+=(echo redis memory) ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#SUITES[@]} -gt 0 ] || SUITES=(echo redis memory)
wants() { [[ " ${SUITES[*]} " == *" $1 "* ]]; }
# whether a server label or a scenario name was asked for (everything is, unless --servers / --scenarios narrowed it)
server_wanted() { [ -z "$ONLY_SERVERS" ] || [[ ",$ONLY_SERVERS," == *",$1,"* ]]; }
scenario_wanted() { [ -z "$ONLY_SCENARIOS" ] || [[ ",$ONLY_SCENARIOS," == *",$1,"* ]]; }
if [ -n "$BASELINE" ] && ! wants echo && ! wants tls && ! wants memory; then
  echo "--baseline applies to the echo, tls and memory suites, and none of them was asked for" >&2; exit 2
fi

# ------------------------------------------------------------------------------------------------- machine setup
CPUS=$(nproc)
# prefixes rather than shell functions, so that $! of a server started in the background is the JVM's own pid
if [ "$CPUS" -ge 2 ]; then
  HALF=$((CPUS / 2))
  SERVER_CPUS=$([ "$HALF" -eq 1 ] && echo 0 || echo "0-$((HALF - 1))")
  CLIENT_CPUS=$([ "$HALF" -eq 1 ] && echo 1 || echo "$HALF-$((CPUS - 1))")
  ON_SERVER=(taskset -c "$SERVER_CPUS")
  ON_CLIENT=(taskset -c "$CLIENT_CPUS")
else
  SERVER_CPUS=all CLIENT_CPUS=all ON_SERVER=() ON_CLIENT=()
fi
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
CLK_TCK=$(getconf CLK_TCK)
JAVA=${JAVA:-java}
SERVER_JVM=(-Xms1g -Xmx1g -XX:+UseG1GC)
PORT=19001
PROBE=19101
# the tls suite's key store (made there) and what the servers are told of it
TLS_STORE=$BENCH/target/tls/bench.p12
TLS_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
TLS_KEYS=(--tls "$TLS_STORE" --tls-password "$TLS_PASSWORD")

CP= BASE_CP=
# a server's class path, main class and arguments (port, loops and probe port included)
server_command() { # label loops [tls]: sets SERVER_CP, SERVER_MAIN and SERVER_ARGS
  local name=$1
  SERVER_CP=$CP
  if [[ $name == *@base ]]; then
    name=${name%@base} SERVER_CP=$BASE_CP
  fi
  case $name in
    gev) SERVER_MAIN=io.gev.bench.server.GevEchoServer SERVER_ARGS=(--api bytes) ;;
    gev-stream) SERVER_MAIN=io.gev.bench.server.GevEchoServer SERVER_ARGS=(--api stream) ;;
    netty-nio) SERVER_MAIN=io.gev.bench.server.NettyEchoServer SERVER_ARGS=(--transport nio) ;;
    netty-epoll) SERVER_MAIN=io.gev.bench.server.NettyEchoServer SERVER_ARGS=(--transport epoll) ;;
    *) echo "unknown server: $1" >&2; exit 2 ;;
  esac
  if [ "${3:-plain}" = tls ]; then
    SERVER_ARGS+=("${TLS_KEYS[@]}")
  fi
  SERVER_ARGS+=(--port $PORT --loops "$2" --probe-port $PROBE)
}

# ------------------------------------------------------------------------------------------------- baseline
BASE_SERVERS=()
if [ -n "$BASELINE" ]; then
  BASE_SHA=$(git -C "$ROOT" rev-parse --verify --quiet "$BASELINE^{commit}") \
    || { echo "--baseline $BASELINE: not a revision of the repository in $ROOT" >&2; exit 2; }
  BASE_NAME="$BASELINE (${BASE_SHA:0:12})"
  BASE_SERVER=benchmarks/src/main/java/io/gev/bench/server/GevEchoServer.java
  base_file() { git -C "$ROOT" show "$BASE_SHA:$1" 2>/dev/null; }
  base_file "$BASE_SERVER" >/dev/null \
    || { echo "--baseline $BASE_NAME: it has no $BASE_SERVER, so no gev echo server to measure" >&2; exit 2; }
  BASE_SERVERS=(gev@base gev-stream@base)
  # The baseline runs with today's arguments, and its Arguments parser ignores a name it is not asked for: an option
  # it does not know would change what is measured without a word. The names it knows are those its GevEchoServer
  # and the io.gev.bench classes that one imports (TlsKeys reads --tls) ask for, options.get("name", ...) and the like.
  base_options=$({
    base_file "$BASE_SERVER"
    base_file "$BASE_SERVER" | sed -n 's/^import io\.gev\.bench\.\([A-Za-z0-9_]*\);.*/\1/p' \
      | while read -r class; do base_file "benchmarks/src/main/java/io/gev/bench/$class.java" || true; done
  } | { grep -oE '\.(get[A-Za-z]*|all)\("[a-z][a-z0-9-]*"' || true; } | sed -E 's/.*\("(.*)"/\1/' | sort -u)
  transports=(plain)
  if wants tls; then transports+=(tls); fi
  unknown=()
  for transport in "${transports[@]}"; do
    for server in "${BASE_SERVERS[@]}"; do
      server_command "$server" 1 "$transport"
      for arg in "${SERVER_ARGS[@]}"; do
        if [[ $arg == --* ]] && ! grep -qxF -- "${arg#--}" <<<"$base_options" \
          && [[ " ${unknown[*]} " != *" $arg "* ]]; then
          unknown+=("$arg")
        fi
      done
    done
  done
  if [ ${#unknown[@]} -gt 0 ]; then
    echo "--baseline $BASE_NAME: its GevEchoServer does not read ${unknown[*]}, which run.sh gives gev@base and" \
      "gev-stream@base as it gives gev and gev-stream (suites asked for: ${SUITES[*]}), so that build cannot be" \
      "measured the same way: pick a later revision, or leave out the suite that needs the option" >&2
    exit 2
  fi
fi

# the benchmarks jar a build made under $1 (its name carries the version of that tree): the newest if several,
# nothing if none
benchmarks_jar() {
  { ls -t "$1"/target/gev-benchmarks-*.jar 2>/dev/null || true; } | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' \
    | head -n 1 || true
}

echo "== building"
# target/lib is the class path's dependencies, copied by the build: an older build's jars left there (another gev
# version) would come first on the class path, so it starts empty
rm -rf "$BENCH/target/lib"
(cd "$ROOT" && mvn -B -ntp -q -pl benchmarks,sample-apps/redis-server,sample-apps/tcp-proxy -am package -DskipTests)
CP="$(benchmarks_jar "$BENCH"):$BENCH/target/lib/*"
mkdir -p "$OUT"
if [ -n "$BASELINE" ]; then
  # exported and built once per sha: .built holds the sha once the build has succeeded
  BASE_DIR=$BENCH/target/baseline-${BASE_SHA:0:12}
  BASE_JAR=$(benchmarks_jar "$BASE_DIR/benchmarks")
  if [ "$(cat "$BASE_DIR/.built" 2>/dev/null)" = "$BASE_SHA" ] && [ -n "$BASE_JAR" ]; then
    echo "== baseline $BASE_NAME: already built in $BASE_DIR"
  else
    echo "== building the baseline $BASE_NAME in $BASE_DIR"
    rm -rf "$BASE_DIR"
    mkdir -p "$BASE_DIR"
    git -C "$ROOT" archive "$BASE_SHA" | tar -x -C "$BASE_DIR"
    (cd "$BASE_DIR" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests) \
      || { echo "--baseline $BASE_NAME: its build failed (in $BASE_DIR)" >&2; exit 2; }
    BASE_JAR=$(benchmarks_jar "$BASE_DIR/benchmarks")
    [ -n "$BASE_JAR" ] || { echo "--baseline $BASE_NAME: its build made no benchmarks jar" >&2; exit 2; }
    echo "$BASE_SHA" >"$BASE_DIR/.built"
  fi
  BASE_CP="$BASE_JAR:$BASE_DIR/benchmarks/target/lib/*"
  # RESULTS.md names it, also when a later "report" alone rewrites it
  echo "$BASELINE ($BASE_SHA, $(git -C "$ROOT" log -1 --format=%s "$BASE_SHA"))" >"$OUT/baseline.txt"
fi

SERVER_PID=
wait_for_port() { # port [tries, 200 unless given: about 10 s]
  for _ in $(seq 1 "${2:-200}"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2; return 1
}
port_free() { # port
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "port $1 is taken: stop what listens there first" >&2; exit 2
  fi
}
start_server() { # label loops [tls]
  port_free $PORT
  port_free $PROBE
  server_command "$@"
  "${ON_SERVER[@]}" "$JAVA" "${SERVER_JVM[@]}" -cp "$SERVER_CP" "$SERVER_MAIN" "${SERVER_ARGS[@]}" \
    >"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  if ! wait_for_port $PORT || ! wait_for_port $PROBE; then
    echo "server $1 did not start; the end of its log ($OUT/server.log):" >&2
    tail -n 20 "$OUT/server.log" >&2
    exit 1
  fi
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
LOAD_SAMPLER=
# other processes a suite keeps running while it measures (the proxy suite's upstreams)
HELPER_PIDS=()
trap 'stop_server; [ -z "$LOAD_SAMPLER" ] || kill "$LOAD_SAMPLER"
  [ ${#HELPER_PIDS[@]} -eq 0 ] || kill "${HELPER_PIDS[@]}"' EXIT
# others' work on the machine skews the numbers: a suite that runs apart from the others samples the 1-minute load
# average every 15 s (sample_load) and writes where and when it was measured to results/SUITE-machine.txt
# (measured_note SUITE), which RESULTS.md quotes in its section, since the other sections may come from other runs
sample_load() {
  (while :; do cut -d' ' -f1 /proc/loadavg; sleep 15; done) >"$OUT/load-samples.txt" &
  LOAD_SAMPLER=$!
}
measured_note() { # suite
  kill "$LOAD_SAMPLER"
  LOAD_SAMPLER=
  {
    echo "Measured with \`benchmarks/run.sh $1 ${BASELINE:+--baseline $BASELINE }--rounds $ROUNDS --duration $DURATION --warmup $WARMUP\` on $(date -u +%Y-%m-%d),"
    echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $CPUS CPUs; 1-minute load average during the suite:"
    sort -n "$OUT/load-samples.txt" | awk '{ v[NR] = $1 } END {
      printf "min %s, median %s, max %s (%d samples, every 15 s)\n", v[1], v[int((NR + 1) / 2)], v[NR], NR }'
  } | tee "$OUT/$1-machine.txt"
  rm -f "$OUT/load-samples.txt"
}
report() { "$JAVA" -Djava.awt.headless=true -cp "$CP" io.gev.bench.report.Report "$@"; }
# After a table of a CSV with the baseline build's rows: each server against its own @base, e.g. gev vs gev@base
against_baseline() { # csv group "servers" report-options...
  local csv=$1 group=$2 servers=$3 server
  shift 3
  for server in $servers; do
    has_server "$csv" "$server@base" || continue
    echo
    echo "\`$server\` against the baseline build (\`$server@base\`: the Baseline revision above, run in the same rounds):"
    echo
    report --csv "$csv" --group "$group" --series server --series-filter "$server@base,$server" \
      --baseline "$server@base" "$@"
  done
}
has_server() { # csv server: whether the csv has rows of that server
  awk -F, -v s="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "server") c = i; next }
    c && $c == s { found = 1; exit } END { exit !found }' "$1"
}
values_of() { # csv column: the column's distinct non-empty values, joined with "/"
  awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } c && $c != "" { print $c }' "$1" \
    | sort -u | paste -sd/ -
}

# ------------------------------------------------------------------------------------------------- echo
ECHO_SERVERS=(netty-nio netty-epoll gev gev-stream "${BASE_SERVERS[@]}")
if wants echo; then
  rm -f "$OUT/echo.csv" "$OUT/echo-pipelined.csv"
  for loops in 1 2; do
    for scenario in "50 64 1" "50 4096 1" "1000 64 1" "1000 4096 1" "50 64 16"; do
      read -r conns size depth <<<"$scenario"
      [ "$depth" -gt 1 ] && [ "$loops" -gt 1 ] && continue # the pipelined case runs with one loop only
      pipelined="" csv=$OUT/echo.csv
      [ "$depth" -eq 1 ] || { pipelined="x$depth "; csv=$OUT/echo-pipelined.csv; }
      name="${conns}c ${size}B ${pipelined}${loops}L"
      scenario_wanted "$name" || continue
      for round in $(seq 1 "$ROUNDS"); do
        for server in "${ECHO_SERVERS[@]}"; do
          server_wanted "$server" || continue
          start_server "$server" "$loops"
          "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" io.gev.bench.load.EchoLoad --port $PORT --connections "$conns" --size "$size" \
            --depth "$depth" --warmup "$WARMUP" --duration "$DURATION" --server-pid "$SERVER_PID" \
            --probe-port $PROBE --clk-tck "$CLK_TCK" --csv "$csv" --scenario "$name" --server "$server" \
            --round "$round" --loops "$loops"
          stop_server
        done
      done
    done
  done
fi

# ------------------------------------------------------------------------------------------------- tls
# One EC P-256 key and self-signed certificate per run, in a PKCS#12 store that every server loads and the load
# generator trusts. The client offers one cipher suite, so that every server does the same work: for a JDK client,
# which lists TLS_AES_256_GCM_SHA384 first, gev (the JDK's server order) would choose AES-256 and Netty (its own list)
# AES-128.
TLS_CIPHER=${TLS_CIPHER:-TLS_AES_128_GCM_SHA256}
TLS_DIALERS=16
TLS_SERVERS=(netty-nio netty-epoll gev gev-stream "${BASE_SERVERS[@]}")
if wants tls; then
  rm -f "$OUT/tls.csv" "$OUT/tls-handshake.csv"
  mkdir -p "$(dirname "$TLS_STORE")"
  rm -f "$TLS_STORE"
  keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -dname CN=localhost \
    -ext san=dns:localhost,ip:127.0.0.1 -validity 7 -storetype PKCS12 -keystore "$TLS_STORE" \
    -storepass "$TLS_PASSWORD" -keypass "$TLS_PASSWORD" 2>/dev/null
  TLS_CLIENT=("${TLS_KEYS[@]}" --tls-protocol TLSv1.3 --tls-cipher "$TLS_CIPHER")
  sample_load
  # JSSE's record and handshake code needs longer than the plain echo path to be compiled: 5 s at the least
  TLS_WARMUP=$((WARMUP > 5 ? WARMUP : 5))
  for scenario in "50 64" "50 4096" "handshake"; do
    read -r conns size <<<"$scenario"
    for round in $(seq 1 "$ROUNDS"); do
      for server in "${TLS_SERVERS[@]}"; do
        for transport in plain tls; do
          client=()
          [ $transport = tls ] && client=("${TLS_CLIENT[@]}")
          server_wanted "$server" || continue
          if [ "$conns" = handshake ]; then
            [ "${server%@base}" = gev-stream ] && continue # the handshake is the same for both gev APIs
            scenario_wanted "$TLS_DIALERS dialers" || continue
            load=(io.gev.bench.load.HandshakeLoad --dialers $TLS_DIALERS --size 64 --warmup-connections 3000
              --csv "$OUT/tls-handshake.csv" --scenario "$TLS_DIALERS dialers")
          else
            scenario_wanted "${conns}c ${size}B 1L" || continue
            load=(io.gev.bench.load.EchoLoad --connections "$conns" --size "$size" --depth 1 --csv "$OUT/tls.csv"
              --scenario "${conns}c ${size}B 1L")
          fi
          start_server "$server" 1 $transport
          # on a machine shared with others a run may fail (a handshake timed out): its row is missing, the suite goes on
          "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" "${load[@]}" --port $PORT --warmup "$TLS_WARMUP" --duration "$DURATION" \
            --server-pid "$SERVER_PID" --probe-port $PROBE --clk-tck "$CLK_TCK" --server "$server" --round "$round" \
            --loops 1 "${client[@]}" || echo "tls: $server, $transport, $scenario, round $round failed" >&2
          stop_server
        done
      done
    done
  done
  measured_note tls
fi

# ------------------------------------------------------------------------------------------------- websocket
source "$BENCH/websocket.sh"
if wants websocket; then
  websocket_suite
fi

# ------------------------------------------------------------------------------------------------- proxy
source "$BENCH/proxy.sh"
if wants proxy; then
  proxy_suite
fi

# ------------------------------------------------------------------------------------------------- redis
if wants redis; then
  command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null \
    || { echo "redis needs the Debian packages redis-server and redis-tools" >&2; exit 2; }
  rm -f "$OUT/redis.csv" "$OUT/redis-aof.csv"
  echo "test,server,round,rps,server_cpu_ns_per_req,client_cpu_pct" >"$OUT/redis.csv"
  echo "test,server,round,rps,server_cpu_ns_per_req,client_cpu_pct,fsyncs_per_s" >"$OUT/redis-aof.csv"
  REDIS_PORT=6391
  CLK_TCK=$(getconf CLK_TCK)
  # user + system CPU ticks of a process, /proc/<pid>/stat fields 14 and 15 (after the command name's parentheses)
  cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
  # both servers fsync with fdatasync(2); perf counts the calls at the kernel's tracepoint, costing the server nothing
  # more than the calls themselves
  COUNT_FSYNCS=
  perf stat -e syscalls:sys_enter_fdatasync -- true >/dev/null 2>&1 && COUNT_FSYNCS=1
  start_redis() { # server appendfsync (no: appendonly off) dir
    port_free $REDIS_PORT
    if [ "$1" = redis-server ]; then
      local aof=(--appendonly no)
      [ "$2" = no ] || aof=(--appendonly yes --appendfsync "$2" --dir "$3")
      "${ON_SERVER[@]}" redis-server --port $REDIS_PORT --save "" "${aof[@]}" --daemonize no >"$OUT/server.log" 2>&1 &
    else
      local aof=(--redis.appendonly=no)
      [ "$2" = no ] || aof=(--redis.appendonly=yes "--redis.appendfsync=$2" "--redis.dir=$3")
      "${ON_SERVER[@]}" "$JAVA" "${SERVER_JVM[@]}" -jar "$ROOT/sample-apps/redis-server/target/redis-server.jar" \
        --gev.port=$REDIS_PORT --gev.loops=1 --logging.level.root=WARN "${aof[@]}" >"$OUT/server.log" 2>&1 &
    fi
    SERVER_PID=$!
    wait_for_port $REDIS_PORT
  }
  # one redis-benchmark run, with the server's CPU, the client's (its share of its one core: near 100 means the client,
  # not the server, set the rate) and fsyncs
  measure_redis() { # test label requests csv server round
    local test=$1 label=$2 requests=$3 csv=$4 server=$5 round=$6 before after line fsyncs= perf_pid= client
    if [ -n "$COUNT_FSYNCS" ]; then
      perf stat -x, -e syscalls:sys_enter_fdatasync -p "$SERVER_PID" -o "$OUT/fsyncs.txt" &
      perf_pid=$!
    fi
    before=$(cpu_ticks $SERVER_PID)
    client=$( { TIMEFORMAT='%R %U %S'; time "${ON_CLIENT[@]}" redis-benchmark -p $REDIS_PORT -P 128 -t "$test" \
      -n "$requests" -c 50 --csv >"$OUT/redis-benchmark.csv"; } 2>&1 )
    after=$(cpu_ticks $SERVER_PID)
    line=$(tr -d '"' <"$OUT/redis-benchmark.csv" | tail -n 1)
    rm -f "$OUT/redis-benchmark.csv"
    if [ -n "$perf_pid" ]; then
      kill -INT $perf_pid; wait $perf_pid 2>/dev/null || true
      fsyncs=$(awk -F, '/sys_enter_fdatasync/ { print $1 }' "$OUT/fsyncs.txt")
    fi
    # requests/s, server CPU ns per request, client CPU %, and for the append-only rows fsyncs per second
    # (calls / run time)
    echo "$line" | awk -F, -v label="$label" -v s="$server" -v r="$round" -v t=$((after - before)) -v hz="$CLK_TCK" \
      -v n="$requests" -v f="$fsyncs" -v aof="$([ "$csv" = "$OUT/redis-aof.csv" ] && echo 1)" -v c="$client" '{
        split(c, ct, " ")
        row = sprintf("%s,%s,%s,%s,%.0f,%.0f", label == "" ? $1 : label, s, r, $2, t * 1e9 / hz / n,
          (ct[2] + ct[3]) * 100 / ct[1])
        if (aof) row = row "," (f == "" ? "" : sprintf("%.0f", f / (n / $2)))
        print row }' | tee -a "$csv"
  }
  for round in $(seq 1 "$ROUNDS"); do
    for server in redis-server gev; do
      start_redis $server no
      # a discarded warm-up pass (the JIT's, and redis's allocator's), then one measured run per test, so that the
      # server's CPU time is known per test
      "${ON_CLIENT[@]}" redis-benchmark -p $REDIS_PORT -P 128 -t ping,set,get -n 500000 -c 50 --csv >/dev/null
      for test in ping_inline ping_mbulk set get; do
        measure_redis $test "" 2000000 "$OUT/redis.csv" $server "$round"
      done
      stop_server
    done
    # SET with the append-only file on, each fsync policy, the file in a new directory each time
    for fsync in everysec always; do
      for server in redis-server gev; do
        aof_dir=$(mktemp -d)
        start_redis $server $fsync "$aof_dir"
        "${ON_CLIENT[@]}" redis-benchmark -p $REDIS_PORT -P 128 -t set -n 300000 -c 50 --csv >/dev/null
        measure_redis set "SET appendfsync $fsync" 1000000 "$OUT/redis-aof.csv" $server "$round"
        stop_server
        rm -rf "$aof_dir"
      done
    done
  done
fi

# ------------------------------------------------------------------------------------------------- memory
if wants memory; then
  rm -f "$OUT/memory.csv"
  FD_LIMIT=$(ulimit -n)
  for conns in 10000 50000; do
    if [ $((conns + 500)) -gt "$FD_LIMIT" ]; then
      # one process holds every server-side socket: it cannot hold more than the open-files limit allows
      fits=$(((FD_LIMIT - 500) / 1000 * 1000))
      echo "memory: $conns connections need an open-files limit over $FD_LIMIT (raise the hard limit); measuring $fits"
      conns=$fits
    fi
    [ "$conns" -ge 1000 ] || continue
    for server in netty-nio netty-epoll gev ${BASELINE:+gev@base}; do
      server_wanted "$server" || continue
      start_server "$server" 1
      "$JAVA" -cp "$CP" io.gev.bench.load.IdleConnections --port $PORT --probe-port $PROBE \
        --server-pid "$SERVER_PID" --connections "$conns" --sources 4 --csv "$OUT/memory.csv" --server "$server"
      stop_server
    done
  done
fi

# ------------------------------------------------------------------------------------------------- jmh
if wants jmh; then
  "${ON_SERVER[@]}" "$JAVA" -cp "$CP" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc \
    -rf csv -rff "$OUT/jmh.csv" | tee "$OUT/jmh.txt"
fi

# ------------------------------------------------------------------------------------------------- report
echo "== report"
{
  echo "# gev benchmark results"
  echo
  echo "Generated by \`benchmarks/run.sh\` from the CSV files in \`results/\`; the last run was \`benchmarks/run.sh ${SUITES[*]} ${BASELINE:+--baseline $BASELINE }--rounds $ROUNDS --duration $DURATION --warmup $WARMUP\` on $(date -u +%Y-%m-%d)."
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $CPUS CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(uname -sr)"
  echo "- Java: $("$JAVA" -version 2>&1 | head -1); server JVM options: ${SERVER_JVM[*]}"
  echo "- Pinning: server on CPU $SERVER_CPUS, load generator on CPU $CLIENT_CPUS (taskset)"
  echo "- Medians of $ROUNDS rounds, servers interleaved within each round; ratios are against the first row of each group."
  for csv in echo echo-pipelined tls tls-handshake memory; do
    if [ -f "$OUT/baseline.txt" ] && [ -f "$OUT/$csv.csv" ] && has_server "$OUT/$csv.csv" gev@base; then
      echo "- Baseline: $(cat "$OUT/baseline.txt")"
      echo "- \`gev@base\` and \`gev-stream@base\` are that revision's build, run like \`gev\` and \`gev-stream\` (same main class, options, JVM options and pinning) in the same rounds."
      break
    fi
  done
  if [ -f "$OUT/echo.csv" ]; then
    echo
    echo "## Echo"
    echo
    echo "\`EchoLoad\`: each connection keeps one message in flight (\`x16\`: sixteen, pipelined) for ${DURATION} s after a ${WARMUP} s warm-up."
    echo "\`gev\` is the \`byte[]\` API (\`Handler.onMessage\` returns the array it got); \`gev-stream\` is the zero-copy \`StreamHandler\`."
    echo "CPU is the server's user + system time from \`/proc/<pid>/stat\` per million messages; allocation is the server JVM's heap allocation per message."
    echo
    echo "![Echo throughput](results/echo-throughput.png)"
    echo "![Server CPU per message](results/echo-cpu.png)"
    echo
    report --csv "$OUT/echo.csv" --group scenario --series server --baseline netty-nio \
      --metrics msgs_per_s,mib_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg \
      --ratio msgs_per_s --ratio server_cpu_s_per_M \
      --chart "msgs_per_s:$OUT/echo-throughput.png:Echo throughput, messages/s (higher is better)" \
      --chart "server_cpu_s_per_M:$OUT/echo-cpu.png:Server CPU seconds per million messages (lower is better)"
    against_baseline "$OUT/echo.csv" scenario "gev gev-stream" \
      --metrics msgs_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg --ratio msgs_per_s --ratio server_cpu_s_per_M
  fi
  if [ -f "$OUT/echo-pipelined.csv" ]; then
    echo
    echo "### Echo, pipelined"
    echo
    echo "Sixteen messages in flight per connection: the server reads and writes many messages per system call."
    echo
    echo "![Echo, pipelined](results/echo-pipelined.png)"
    echo
    report --csv "$OUT/echo-pipelined.csv" --group scenario --series server --baseline netty-nio \
      --metrics msgs_per_s,mib_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg \
      --ratio msgs_per_s --ratio server_cpu_s_per_M \
      --chart "msgs_per_s:$OUT/echo-pipelined.png:Echo, 16 messages in flight per connection, messages/s (higher is better)"
    against_baseline "$OUT/echo-pipelined.csv" scenario "gev gev-stream" \
      --metrics msgs_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg --ratio msgs_per_s --ratio server_cpu_s_per_M
  fi
  if [ -f "$OUT/tls.csv" ]; then
    echo
    echo "## TLS"
    echo
    echo "Every server runs the JDK's own \`SSLEngine\` (JSSE): gev with \`TlsOptions\`, Netty with \`SslHandler\` from"
    echo "\`SslContextBuilder.forServer(...).sslProvider(SslProvider.JDK)\`, over one EC P-256 key and self-signed certificate"
    echo "made for the run. The load generator (\`EchoLoad\`, \`HandshakeLoad\` with \`--tls\`) drives a client \`SSLEngine\` per"
    echo "connection and offers TLS 1.3 with $(values_of "$OUT/tls.csv" cipher) only. Each server also"
    echo "ran in plain TCP in the same rounds (\`transport\` \`plain\`). One loop; ${DURATION} s measured after a $((WARMUP > 5 ? WARMUP : 5)) s warm-up"
    echo "(which starts once every connection is established)."
    [ -f "$OUT/tls-machine.txt" ] && echo "$(cat "$OUT/tls-machine.txt")."
    echo
    echo "![TLS echo throughput](results/tls-throughput.png)"
    echo "![TLS echo, server CPU per message](results/tls-cpu.png)"
    echo
    report --csv "$OUT/tls.csv" --group scenario+transport --series server --baseline netty-nio \
      --metrics msgs_per_s,mib_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg \
      --ratio msgs_per_s --ratio server_cpu_s_per_M \
      --chart "msgs_per_s:$OUT/tls-throughput.png:Echo over TLS 1.3 and plain TCP, 50 connections, messages/s (higher is better)" \
      --chart "server_cpu_s_per_M:$OUT/tls-cpu.png:Echo over TLS 1.3 and plain TCP, server CPU s per million messages (lower is better)"
    echo
    echo "The same medians against Netty epoll:"
    echo
    report --csv "$OUT/tls.csv" --group scenario+transport --series server --baseline netty-epoll \
      --metrics msgs_per_s,server_cpu_s_per_M --ratio msgs_per_s --ratio server_cpu_s_per_M
    against_baseline "$OUT/tls.csv" scenario+transport "gev gev-stream" \
      --metrics msgs_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg --ratio msgs_per_s --ratio server_cpu_s_per_M
    echo
    echo "### What TLS costs each server"
    echo
    echo "The same medians, each server's TLS row against its own plain TCP row."
    echo
    report --csv "$OUT/tls.csv" --group server+scenario --series transport --baseline plain \
      --metrics msgs_per_s,server_cpu_s_per_M,alloc_b_per_msg --ratio msgs_per_s --ratio server_cpu_s_per_M
  fi
  if [ -f "$OUT/tls-handshake.csv" ]; then
    echo
    echo "### Connections per second"
    echo
    echo "\`HandshakeLoad\`: $(values_of "$OUT/tls-handshake.csv" dialers) dialers on one thread, each opening a connection, completing the handshake (TLS: a"
    echo "full TLS 1.3 handshake with $(values_of "$OUT/tls-handshake.csv" cipher), X25519 key exchange and an ECDSA P-256 signature; the client never offers a"
    echo "session to resume, and every server sends one session ticket the client does not use), sending one"
    echo "64 B message, reading its echo, closing (close_notify, then FIN) and, once the server has closed, dialing again."
    echo "Latency is from opening the connection to the echo; CPU and allocation are the server's, per connection. The warm-up"
    echo "lasts until 3,000 connections were made (JSSE's handshake code is compiled after a thousand or so), 60 s at most."
    echo
    report --csv "$OUT/tls-handshake.csv" --group scenario+transport --series server --baseline netty-nio \
      --metrics conns_per_s,p50_us,p99_us,server_cpu_ms_per_conn,alloc_kib_per_conn,failed \
      --ratio conns_per_s --ratio server_cpu_ms_per_conn
    against_baseline "$OUT/tls-handshake.csv" scenario+transport gev \
      --metrics conns_per_s,p50_us,p99_us,server_cpu_ms_per_conn,alloc_kib_per_conn,failed \
      --ratio conns_per_s --ratio server_cpu_ms_per_conn
  fi
  websocket_report
  proxy_report
  if [ -f "$OUT/redis.csv" ]; then
    echo
    echo "## RESP"
    echo
    echo "\`redis-benchmark -P 128 -t TEST -n 2000000 -c 50 --csv\` for each test after a 500,000-request warm-up pass, against \`redis-server --save \"\" --appendonly no\` ($(redis-server --version | awk '{print $3}')) and the redis-server sample with one loop. Server CPU is its user + system time from \`/proc/<pid>/stat\` per request: with one client core, the load generator limits requests/s before a fast server does, so CPU per request is the sharper figure. Client CPU is redis-benchmark's user + system time over its run time: near 100 % the client, not the server, set the rate."
    echo
    echo "![RESP throughput](results/redis.png)"
    echo
    report --csv "$OUT/redis.csv" --group test --series server --baseline redis-server \
      --metrics rps,server_cpu_ns_per_req,client_cpu_pct --ratio rps --ratio server_cpu_ns_per_req \
      --chart "rps:$OUT/redis.png:redis-benchmark -P 128, requests/s (higher is better)"
  fi
  if [ -f "$OUT/redis-aof.csv" ] && [ "$(wc -l <"$OUT/redis-aof.csv")" -gt 1 ]; then
    echo
    echo "### RESP with the append-only file"
    echo
    echo "\`redis-benchmark -P 128 -t set -n 1000000 -c 50\` after a 300,000-request warm-up, \`redis-server --appendonly yes --appendfsync POLICY\` against the sample with \`--redis.appendonly=yes --redis.appendfsync=POLICY\` (one loop), each writing to a new directory of the same disk. fsyncs/s are the server's fdatasync(2) calls per second, counted at the kernel's tracepoint with \`perf stat\` (empty without perf)."
    echo
    report --csv "$OUT/redis-aof.csv" --group test --series server --baseline redis-server \
      --metrics rps,server_cpu_ns_per_req,client_cpu_pct,fsyncs_per_s --ratio rps --ratio server_cpu_ns_per_req
  fi
  if [ -f "$OUT/memory.csv" ]; then
    echo
    echo "## Idle connections"
    echo
    echo "Heap in use after full GCs (and resident set) before and after opening the connections, per connection. One loop."
    echo
    echo "![Heap per idle connection](results/memory.png)"
    echo
    report --csv "$OUT/memory.csv" --group connections --series server --baseline netty-nio \
      --metrics heap_b_per_conn,rss_b_per_conn --ratio heap_b_per_conn \
      --chart "heap_b_per_conn:$OUT/memory.png:Heap bytes per idle connection (lower is better)"
    against_baseline "$OUT/memory.csv" connections gev --metrics heap_b_per_conn,rss_b_per_conn \
      --ratio heap_b_per_conn --ratio rss_b_per_conn
  fi
  if [ -f "$OUT/jmh.txt" ]; then
    echo
    echo "## Microbenchmarks (JMH, -prof gc)"
    echo
    echo '```'
    grep -E '^Benchmark +\(|^[A-Za-z].*(avgt|thrpt)' "$OUT/jmh.txt" | grep -vE 'gc\.(count|time|alloc\.rate )' || true
    echo '```'
  fi
} >"$BENCH/RESULTS.md"
echo "== wrote $BENCH/RESULTS.md"
