# The websocket suite of run.sh, which sources this file and calls websocket_suite and, for RESULTS.md,
# websocket_report. It uses run.sh's settings and helpers (CP, JAVA, SERVER_JVM, ON_SERVER, ON_CLIENT, PORT, PROBE,
# OUT, ROUNDS, WARMUP, DURATION, wait_for_port, port_free, stop_server, server_wanted, scenario_wanted, sample_load,
# measured_note, values_of, report).
#
# Echo: each connection keeps one JSON chat line in flight as a text message (EchoLoad --websocket / --text json),
# against gev's WebSocket plugin, Netty 4.2 (WebSocketServerProtocolHandler) and Node's ws (one process); each also
# with permessage-deflate offered by the client and enabled in the server (labels *-deflate). Broadcast: 10,000
# WebSockets (fewer if the open-files limit is lower), one line at a time sent to all (BroadcastLoad), against gev
# (SharedFrame), gev-each (sendText per recipient), Netty (ChannelGroup.writeAndFlush) and ws (send per client).

WS_VERSION=8.23.1
WS_DIR=$BENCH/target/node
WS_ECHO_SERVERS=(gev gev-deflate netty netty-deflate ws ws-deflate)
WS_BROADCAST_SERVERS=(gev gev-each netty ws)
WS_BROADCAST_SIZE=128

# Installs ws from the npm registry into benchmarks/target/node, once; returns false when Node or npm is missing.
install_ws() {
  command -v node >/dev/null && command -v npm >/dev/null || return 1
  [ "$(node -p "require('$WS_DIR/node_modules/ws/package.json').version" 2>/dev/null)" = "$WS_VERSION" ] && return 0
  mkdir -p "$WS_DIR"
  (cd "$WS_DIR" && npm install --no-audit --no-fund --silent "ws@$WS_VERSION")
}

# The command of a WebSocket server: label (a *-deflate label turns compression on) and mode (echo or broadcast).
# Sets WS_COMMAND and WS_PROBE (the probe port, or 0 for ws, which has none).
ws_server_command() {
  local name=${1%-deflate} deflate=false
  [ "$name" = "$1" ] || deflate=true
  WS_PROBE=$PROBE
  case $name in
    # gev's plugin negotiates permessage-deflate with its default options whenever the client offers it
    gev) WS_COMMAND=("$JAVA" "${SERVER_JVM[@]}" -cp "$CP" io.gev.bench.server.GevWebSocketServer --mode "$2") ;;
    gev-each) WS_COMMAND=("$JAVA" "${SERVER_JVM[@]}" -cp "$CP" io.gev.bench.server.GevWebSocketServer --mode "$2"
      --broadcast each) ;;
    netty) WS_COMMAND=("$JAVA" "${SERVER_JVM[@]}" -cp "$CP" io.gev.bench.server.NettyWebSocketServer --mode "$2"
      --deflate $deflate) ;;
    ws) WS_PROBE=0
      WS_COMMAND=(env "NODE_PATH=$WS_DIR/node_modules" node "$BENCH/node/ws-server.js" $PORT "$2"
        "$([ $deflate = true ] && echo deflate || echo plain)") ;;
    *) echo "unknown WebSocket server: $1" >&2; exit 2 ;;
  esac
  [ "$WS_PROBE" = 0 ] || WS_COMMAND+=(--port $PORT --loops 1 --probe-port "$WS_PROBE")
}

start_ws_server() { # label mode
  port_free $PORT
  port_free $PROBE
  ws_server_command "$@"
  "${ON_SERVER[@]}" "${WS_COMMAND[@]}" >"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  if ! wait_for_port $PORT || { [ "$WS_PROBE" != 0 ] && ! wait_for_port $PROBE; }; then
    echo "server $1 did not start; the end of its log ($OUT/server.log):" >&2
    tail -n 20 "$OUT/server.log" >&2
    exit 1
  fi
}

websocket_suite() {
  rm -f "$OUT/websocket.csv" "$OUT/websocket-broadcast.csv"
  local echo_servers=("${WS_ECHO_SERVERS[@]}") broadcast_servers=("${WS_BROADCAST_SERVERS[@]}")
  if ! install_ws; then
    echo "websocket: no Node.js/npm, or ws@$WS_VERSION did not install: measuring without ws" >&2
    echo_servers=(gev gev-deflate netty netty-deflate) broadcast_servers=(gev gev-each netty)
  fi
  local scenario conns size name round server deflate
  sample_load
  for scenario in "50 64" "50 256" "50 4096" "1000 64" "1000 4096"; do
    read -r conns size <<<"$scenario"
    name="${conns}c ${size}B"
    scenario_wanted "$name" || continue
    for round in $(seq 1 "$ROUNDS"); do
      for server in "${echo_servers[@]}"; do
        server_wanted "$server" || continue
        deflate=false
        [ "${server%-deflate}" = "$server" ] || deflate=true
        start_ws_server "$server" echo
        # the row names the server without -deflate: its transport column says websocket+deflate
        "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" io.gev.bench.load.EchoLoad --websocket / --deflate $deflate --text json \
          --port $PORT --connections "$conns" --size "$size" --depth 1 --warmup "$WARMUP" --duration "$DURATION" \
          --server-pid "$SERVER_PID" --probe-port "$WS_PROBE" --clk-tck "$CLK_TCK" --csv "$OUT/websocket.csv" \
          --scenario "$name" --server "${server%-deflate}" --round "$round" --loops 1 \
          || echo "websocket: $server, $name, round $round failed" >&2
        stop_server
      done
    done
  done
  # each process holds one socket per WebSocket (the load generator also its selector's): both need the limit
  conns=10000
  if [ $((conns + 500)) -gt "$(ulimit -n)" ]; then
    conns=$((($(ulimit -n) - 500) / 1000 * 1000))
    echo "websocket: 10,000 WebSockets need an open-files limit over $(ulimit -n) (raise the hard limit);" \
      "measuring $conns"
  fi
  name="${conns}c ${WS_BROADCAST_SIZE}B"
  for round in $(seq 1 "$ROUNDS"); do
    for server in "${broadcast_servers[@]}"; do
      scenario_wanted "$name" && server_wanted "$server" || continue
      start_ws_server "$server" broadcast
      "${ON_CLIENT[@]}" "$JAVA" -cp "$CP" io.gev.bench.load.BroadcastLoad --websocket / --port $PORT \
        --connections "$conns" --size $WS_BROADCAST_SIZE --sources 4 --warmup "$WARMUP" --duration "$DURATION" \
        --server-pid "$SERVER_PID" --probe-port "$WS_PROBE" --clk-tck "$CLK_TCK" \
        --csv "$OUT/websocket-broadcast.csv" --scenario "$name" --server "$server" --round "$round" \
        || echo "websocket: broadcast to $server, round $round failed" >&2
      stop_server
    done
  done
  measured_note websocket
}

# RESULTS.md's WebSocket sections, from websocket.csv and websocket-broadcast.csv
websocket_report() {
  local node chart conns
  node=$(node --version 2>/dev/null || echo "Node.js")
  if [ -f "$OUT/websocket.csv" ]; then
    cat <<EOF

## WebSocket

\`EchoLoad --websocket / --text json\`: each connection keeps one text message in flight, a JSON chat line of the
scenario's size (\`{"id":48213,"user":"mia_417","room":"support","text":"..."}\`, words drawn at random from a
fixed seed, 4,096 different lines), masked as a client must, for ${DURATION} s after a ${WARMUP} s warm-up; one server
loop. \`gev\` is the engine's WebSocket plugin with default options (a text sent back as the UTF-8 bytes it came in,
\`sendText(byte[])\`, no \`String\`, as \`ws\` echoes its \`Buffer\`); \`netty\` is
Netty 4.2 on NIO (\`HttpServerCodec\`, \`HttpObjectAggregator\`, \`WebSocketServerProtocolHandler\`, the frame written
back); \`ws\` is Node's \`ws\` $WS_VERSION in one process ($node), which has no probe: no allocation figure.
Transport \`websocket+deflate\`: the client offers permessage-deflate (the JDK's \`Deflater\`, context takeover) and
the server compresses every reply (gev's defaults, Netty's \`WebSocketServerCompressionHandler\`, ws's
\`perMessageDeflate\` with \`threshold: 0\`: its default leaves messages under 1 KiB uncompressed). \`wire_ratio\` is
the bytes of the server's frames per message byte (below 1: compressed). A server that did not take the offer has
no \`websocket+deflate\` rows.
EOF
    [ ! -f "$OUT/websocket-machine.txt" ] || echo "$(cat "$OUT/websocket-machine.txt")."
    echo
    echo "![WebSocket echo throughput](results/websocket-throughput.png)"
    echo "![WebSocket echo, server CPU per message](results/websocket-cpu.png)"
    echo
    chart="WebSocket echo, server CPU s per million messages (lower is better)"
    report --csv "$OUT/websocket.csv" --group scenario+transport --series server --baseline netty \
      --metrics msgs_per_s,p50_us,p99_us,server_cpu_s_per_M,alloc_b_per_msg,wire_ratio \
      --ratio msgs_per_s --ratio server_cpu_s_per_M \
      --chart "msgs_per_s:$OUT/websocket-throughput.png:WebSocket echo of JSON lines, messages/s (higher is better)" \
      --chart "server_cpu_s_per_M:$OUT/websocket-cpu.png:$chart"
    cat <<EOF

### Compressing a JSON chat stream

The same medians, each server with permessage-deflate against itself without: what compression saves on the wire
(\`wire_ratio\`) and costs in CPU per message.

EOF
    report --csv "$OUT/websocket.csv" --group server+scenario --series transport --baseline websocket \
      --metrics wire_ratio,msgs_per_s,server_cpu_s_per_M,alloc_b_per_msg --ratio server_cpu_s_per_M
  fi
  if [ -f "$OUT/websocket-broadcast.csv" ]; then
    conns=$(values_of "$OUT/websocket-broadcast.csv" connections)
    cat <<EOF

### Broadcast to $conns WebSockets

\`BroadcastLoad\`: $conns WebSockets open (one load thread, four source addresses); the first sends a
$WS_BROADCAST_SIZE B JSON chat line and the server sends it to every open WebSocket, the sender's too (the chat
sample's pattern); the next line goes once all have it. \`p50_ms\`/\`p99_ms\`: from sending a line until the last
WebSocket has it. CPU and allocation are the server's per delivered message. \`gev\` encodes each line once as a
\`SharedFrame\` and sends that frame to each WebSocket; \`gev-each\` calls \`sendText\` per recipient (an encoding
each); \`netty\` uses \`ChannelGroup.writeAndFlush\` (the payload shared, a frame header encoded per channel); \`ws\`
calls \`send\` per client, as its broadcast example does. One server loop.

![Broadcast, server CPU per delivery](results/websocket-broadcast.png)

EOF
    chart="Broadcast, server CPU ns per delivered message (lower is better)"
    report --csv "$OUT/websocket-broadcast.csv" --group scenario --series server --baseline netty \
      --metrics broadcasts_per_s,deliveries_per_s,p50_ms,p99_ms,server_cpu_ns_per_delivery,alloc_b_per_delivery \
      --ratio server_cpu_ns_per_delivery --chart "server_cpu_ns_per_delivery:$OUT/websocket-broadcast.png:$chart"
  fi
}
