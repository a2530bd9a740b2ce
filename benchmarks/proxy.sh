# The proxy suite of run.sh, which sources this file and calls proxy_suite and, for RESULTS.md, proxy_report. It
# uses run.sh's settings and helpers (ROOT, BENCH, CP, JAVA, SERVER_JVM, ON_SERVER, ON_CLIENT, SERVER_CPUS,
# CLIENT_CPUS, PORT, PROBE, OUT, ROUNDS, WARMUP, DURATION, CLK_TCK, HELPER_PIDS, SERVER_PID, benchmarks_jar,
# wait_for_port, port_free, stop_server, server_wanted, scenario_wanted, sample_load, measured_note, report).
#
# Every proxy relays to the same upstream, benchmarks/src/main/c/upstream.c (compiled here with gcc): one thread of C
# on epoll, an echo for the ping-pong scenarios and a sink that discards and counts for the bulk stream. The proxy is
# pinned to the server CPU, alone; the load generator and the upstream share the client CPU, so every proxy has the
# same CPU to itself and the same client and upstream to talk to. Before it is measured, each proxy must pass
# RelayCheck (pseudo-random bytes there and back, compared byte for byte); the bulk stream checks that the sink
# counted every byte sent.

PROXY_SERVERS=(haproxy haproxy-splice gev-proxy gev-relay netty-nio netty-epoll)
PROXY_UPSTREAM=$BENCH/target/upstream
ECHO_UPSTREAM_PORT=19201
SINK_UPSTREAM_PORT=19202
PROXY_AGENT=$(benchmarks_jar "$BENCH")
PROXY_STREAM_CONNECTIONS=8
PROXY_STREAM_CHUNK=65536
# Spring Boot takes seconds to start on a loaded machine: a proxy is waited for up to 60 s
PROXY_START_TRIES=1200

# Installs a Debian package that provides a missing command (as the suite's root may), or says what is missing.
need_command() { # command package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
  command -v "$1" >/dev/null || { echo "proxy: needs $1 (the Debian package $2)" >&2; exit 2; }
}

# HAProxy's configuration: mode tcp, one thread, every connection to the one upstream ("splice": option splice-auto,
# HAProxy's kernel-side forwarding with splice(2) where it judges it pays).
haproxy_config() { # upstream-port splice(yes|no)
  cat <<EOF
global
    nbthread 1
    maxconn 4000

defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
$([ "$2" = yes ] && echo "    option splice-auto")

frontend proxy
    bind 127.0.0.1:$PORT
    default_backend upstream

backend upstream
    server upstream 127.0.0.1:$1
EOF
}

# The command of a proxy to the upstream on a port. Sets PROXY_COMMAND and PROXY_PROBE (the probe port, 0 for
# HAProxy, which has no heap). The JVM proxies serve the probe through the benchmarks jar's agent (ProbeAgent).
proxy_command() { # label upstream-port
  local agent=-javaagent:$PROXY_AGENT=$PROBE
  PROXY_PROBE=$PROBE
  case $1 in
    haproxy|haproxy-splice) PROXY_PROBE=0
      haproxy_config "$2" "$([ "$1" = haproxy-splice ] && echo yes || echo no)" >"$BENCH/target/haproxy.cfg"
      PROXY_COMMAND=(haproxy -db -f "$BENCH/target/haproxy.cfg") ;;
    gev-proxy) PROXY_COMMAND=("$JAVA" "${SERVER_JVM[@]}" "$agent"
      -jar "$ROOT/sample-apps/tcp-proxy/target/tcp-proxy.jar" --gev.port=$PORT --gev.loops=1
      "--proxy.upstreams=127.0.0.1:$2" --server.port=0 --logging.level.root=WARN) ;;
    gev-relay) PROXY_COMMAND=("$JAVA" "${SERVER_JVM[@]}" "$agent" -cp "$CP" io.gev.bench.server.GevRelayServer
      --port $PORT --upstream "127.0.0.1:$2" --loops 1) ;;
    netty-nio|netty-epoll) PROXY_COMMAND=("$JAVA" "${SERVER_JVM[@]}" "$agent" -cp "$CP"
      io.gev.bench.server.NettyRelayServer --transport "${1#netty-}" --port $PORT --upstream "127.0.0.1:$2"
      --loops 1) ;;
    *) echo "unknown proxy: $1" >&2; exit 2 ;;
  esac
}

start_proxy() { # label upstream-port
  port_free $PORT
  port_free $PROBE
  proxy_command "$@"
  "${ON_SERVER[@]}" "${PROXY_COMMAND[@]}" >"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  if ! wait_for_port $PORT $PROXY_START_TRIES || { [ "$PROXY_PROBE" != 0 ] && ! wait_for_port $PROBE; }; then
    echo "proxy $1 did not start; the end of its log ($OUT/server.log):" >&2
    tail -n 20 "$OUT/server.log" >&2
    exit 1
  fi
}

start_upstream() { # port mode
  port_free "$1"
  "${ON_CLIENT[@]}" "$PROXY_UPSTREAM" "$1" "$2" >"$OUT/upstream-$2.log" 2>&1 &
  HELPER_PIDS+=($!)
  wait_for_port "$1"
}

proxy_suite() {
  rm -f "$OUT/proxy.csv" "$OUT/proxy-stream.csv"
  need_command haproxy haproxy
  need_command gcc gcc
  gcc -O2 -o "$PROXY_UPSTREAM" "$BENCH/src/main/c/upstream.c"
  start_upstream $ECHO_UPSTREAM_PORT echo
  start_upstream $SINK_UPSTREAM_PORT sink
  local proxies=() server scenario conns size name round
  for server in "${PROXY_SERVERS[@]}"; do
    server_wanted "$server" || continue
    if [ "$server" = gev-relay ] && [ ! -f "$BENCH/src/main/java/io/gev/bench/server/GevRelayServer.java" ]; then
      echo "proxy: no GevRelayServer in this build: gev-relay is not measured" >&2
      continue
    fi
    start_proxy "$server" $ECHO_UPSTREAM_PORT
    if "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" io.gev.bench.load.RelayCheck --port $PORT --server "$server"; then
      proxies+=("$server")
    else
      echo "proxy: $server is not measured" >&2
    fi
    stop_server
  done
  sample_load
  for scenario in "50 64" "50 4096" "1000 64" "1000 4096" "$PROXY_STREAM_CONNECTIONS stream"; do
    read -r conns size <<<"$scenario"
    name="${conns}c ${size}B"
    [ "$size" != stream ] || name="${conns}c stream"
    scenario_wanted "$name" || continue
    for round in $(seq 1 "$ROUNDS"); do
      for server in "${proxies[@]}"; do
        if [ "$size" = stream ]; then
          start_proxy "$server" $SINK_UPSTREAM_PORT
          "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" io.gev.bench.load.StreamLoad --port $PORT --connections "$conns" \
            --chunk $PROXY_STREAM_CHUNK --warmup "$WARMUP" --duration "$DURATION" --server-pid "$SERVER_PID" \
            --probe-port "$PROXY_PROBE" --clk-tck "$CLK_TCK" --csv "$OUT/proxy-stream.csv" --scenario "$name" \
            --server "$server" --round "$round" || echo "proxy: $server, $name, round $round failed" >&2
        else
          start_proxy "$server" $ECHO_UPSTREAM_PORT
          "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" io.gev.bench.load.EchoLoad --port $PORT --connections "$conns" \
            --size "$size" --depth 1 --warmup "$WARMUP" --duration "$DURATION" --server-pid "$SERVER_PID" \
            --probe-port "$PROXY_PROBE" --clk-tck "$CLK_TCK" --csv "$OUT/proxy.csv" --scenario "$name" \
            --server "$server" --round "$round" --loops 1 || echo "proxy: $server, $name, round $round failed" >&2
        fi
        stop_server
      done
    done
  done
  measured_note proxy
  kill "${HELPER_PIDS[@]}" 2>/dev/null || true
  HELPER_PIDS=()
}

# RESULTS.md's proxy sections, from proxy.csv and proxy-stream.csv
proxy_report() {
  local haproxy connections chunk
  haproxy=$(haproxy -v 2>/dev/null | head -1 | awk '{ print $3 }')
  [ -n "$haproxy" ] || haproxy="(its version unknown here)"
  if [ -f "$OUT/proxy.csv" ] || [ -f "$OUT/proxy-stream.csv" ]; then
    cat <<EOF

## Proxy

Each proxy relays every connection to the same upstream, a one-thread C epoll server
(\`benchmarks/src/main/c/upstream.c\`), and is pinned alone to CPU $SERVER_CPUS; the load generator and the upstream
share CPU $CLIENT_CPUS. \`haproxy\` is HAProxy $haproxy in \`mode tcp\` with \`nbthread 1\`
(\`haproxy-splice\`: also \`option splice-auto\`); \`gev-proxy\` is the tcp-proxy sample's jar with one loop (its
\`application.yml\` otherwise, its actuator on a random HTTP port); \`gev-relay\` is a bare engine relay
(\`GevRelayServer\`, one loop); \`netty-nio\` and \`netty-epoll\` are a Netty 4.2 relay written like Netty's proxy
example (\`NettyRelayServer\`, one event loop). The JVM proxies run with ${SERVER_JVM[*]}; their heap allocation
comes from a probe agent in the same JVM (HAProxy has no heap: blank). Each proxy passed \`RelayCheck\` first
(8 connections x 8 MiB of pseudo-random bytes there and back, compared byte for byte).
CPU is the proxy's user + system time from \`/proc/<pid>/stat\`.
EOF
    [ ! -f "$OUT/proxy-machine.txt" ] || echo "$(cat "$OUT/proxy-machine.txt")."
  fi
  if [ -f "$OUT/proxy.csv" ]; then
    cat <<EOF

### Ping-pong through the proxy

\`EchoLoad\` against the proxy's port, the upstream echoing: each connection keeps one message in flight for
${DURATION} s after a ${WARMUP} s warm-up; a message crosses the proxy twice (there and back).

![Proxy ping-pong throughput](results/proxy-throughput.png)
![Proxy CPU per message](results/proxy-cpu.png)

EOF
    report --csv "$OUT/proxy.csv" --group scenario --series server --baseline haproxy \
      --metrics msgs_per_s,mib_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg \
      --ratio msgs_per_s --ratio server_cpu_s_per_M \
      --chart "msgs_per_s:$OUT/proxy-throughput.png:Ping-pong through a proxy, messages/s (higher is better)" \
      --chart "server_cpu_s_per_M:$OUT/proxy-cpu.png:Proxy CPU seconds per million messages (lower is better)"
  fi
  if [ -f "$OUT/proxy-stream.csv" ]; then
    connections=$(values_of "$OUT/proxy-stream.csv" connections)
    chunk=$(values_of "$OUT/proxy-stream.csv" chunk)
    cat <<EOF

### Bulk stream through the proxy

\`StreamLoad\`: $connections connections each write $chunk B at a time as fast as the proxy takes them, one
direction, to the upstream's sink, which discards them; measured for ${DURATION} s after a
${WARMUP} s warm-up as the bytes the load generator's sockets accepted. Then the load stops and the sink must have
counted every byte each connection sent, or the run fails. CPU is the proxy's per GiB relayed, allocation its heap
per MiB.

![Proxy bulk stream](results/proxy-stream.png)

EOF
    report --csv "$OUT/proxy-stream.csv" --group scenario --series server --baseline haproxy \
      --metrics mib_per_s,server_cpu_s_per_GiB,alloc_b_per_MiB --ratio mib_per_s --ratio server_cpu_s_per_GiB \
      --chart "mib_per_s:$OUT/proxy-stream.png:Bulk stream through a proxy, MiB/s (higher is better)"
  fi
}
