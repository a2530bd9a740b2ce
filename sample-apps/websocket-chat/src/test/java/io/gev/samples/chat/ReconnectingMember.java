package io.gev.samples.chat;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chat member on the JDK's WebSocket client that reconnects as the chat page does when its connection drops: after
 * 0.5 s, then doubling up to 30 s, and from 0.5 s again once a connection opened. It keeps what it heard, with the
 * number of the connection it heard it on, what it said successfully, and when it was last cut off and back.
 *
 * <p>Thread safe: the WebSocket client's threads deliver, a test's threads say and read.
 */
final class ReconnectingMember implements WebSocket.Listener {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long FIRST_BACKOFF_MILLIS = 500;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ScheduledExecutorService RECONNECTS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "chat-member-reconnects");
        thread.setDaemon(true);
        return thread;
    });

    final String name;
    private final URI uri;
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final List<Said> said = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile int connection;
    private volatile boolean leaving;
    private volatile long droppedAt;
    private volatile long backoff = FIRST_BACKOFF_MILLIS;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private ReconnectingMember(InetSocketAddress balancer, String name) {
        this.name = name;
        this.uri = URI.create("ws://" + balancer.getHostString() + ":" + balancer.getPort() + "/chat?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    /** Joins through {@code balancer} and waits until the room announced the join to this member. */
    static ReconnectingMember join(InetSocketAddress balancer, String name) {
        ReconnectingMember member = new ReconnectingMember(balancer, name);
        member.socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(member.uri, member)
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        member.awaitHeard("* " + name + " joined");
        return member;
    }

    /**
     * Says {@code text} once what this member said before has been sent; recorded in {@link #said()} with the
     * connection it went out on if the send succeeds, dropped if the connection is down or drops.
     */
    synchronized void say(String text) {
        sending = sending.handle((ignored, failure) -> null).thenCompose(ignored -> {
            WebSocket ws = socket;
            int on = connection;
            if (ws == null || ws.isOutputClosed()) {
                return CompletableFuture.completedFuture(null);
            }
            return ws.sendText(text, true).thenRun(() -> said.add(new Said(text, on)));
        });
    }

    /** Waits until everything {@link #say} was given has been sent or dropped. */
    void awaitSent() {
        CompletableFuture<?> last;
        synchronized (this) {
            last = sending;
        }
        last.handle((ignored, failure) -> null).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The lines heard so far, in order. */
    List<Heard> heard() {
        return List.copyOf(heard);
    }

    /** The texts heard so far, in order. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        heard.forEach(h -> lines.add(h.line()));
        return lines;
    }

    /** What this member said successfully, in order. */
    List<Said> said() {
        return List.copyOf(said);
    }

    /** How many connections it opened so far: 1 until it was cut off once and came back. */
    int connection() {
        return connection;
    }

    /** {@link System#nanoTime()} when its last connection dropped, 0 if none did. */
    long droppedAt() {
        return droppedAt;
    }

    void awaitHeard(String line) {
        await().atMost(TIMEOUT).until(() -> lines().contains(line));
    }

    /** Leaves with a normal close and stops reconnecting. */
    void leave() {
        leaving = true;
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> null).join();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (partial) {
            partial.setLength(0);
        }
        socket = webSocket;
        connection++;
        backoff = FIRST_BACKOFF_MILLIS;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                heard.add(new Heard(partial.toString(), connection, System.nanoTime()));
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        dropped();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        dropped();
    }

    private void dropped() {
        if (!leaving) {
            droppedAt = System.nanoTime();
            reconnectLater();
        }
    }

    private void reconnectLater() {
        long delay = backoff;
        backoff = Math.min(delay * 2, MAX_BACKOFF_MILLIS);
        RECONNECTS.schedule(() -> HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, this)
                .whenComplete((ws, failure) -> {
                    if (failure != null && !leaving) {
                        reconnectLater();
                    }
                }), delay, TimeUnit.MILLISECONDS);
    }

    /** A line as heard: its text, on which connection, and {@link System#nanoTime()} when. */
    record Heard(String line, int connection, long nanos) {
    }

    /** A line said, and the connection it went out on. */
    record Said(String line, int connection) {
    }
}
