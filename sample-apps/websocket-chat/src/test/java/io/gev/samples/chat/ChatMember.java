package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** A chat member on the JDK's {@code java.net.http} WebSocket client: what it heard, and how often it was pinged. */
final class ChatMember implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String name;
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private ChatMember(String name) {
        this.name = name;
    }

    /** Opens {@code /chat?name=name} and waits until the room announced the join to this member. */
    static ChatMember join(int port, String name) {
        ChatMember member = new ChatMember(name);
        URI uri = URI.create("ws://127.0.0.1:" + port + "/chat?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
        member.socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, member).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        member.awaitHeard("* " + name + " joined");
        return member;
    }

    /** Sends {@code text} as one text message, once the previous one was sent. */
    void say(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Sends {@code data} as one binary message, once the previous one was sent. */
    void sendBinary(ByteBuffer data) {
        socket.sendBinary(data, true).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Has every one of {@code members} say {@code message 0} to {@code message count-1}, all at once. */
    static void sayAtOnce(List<ChatMember> members, int count) {
        CompletableFuture.allOf(members.stream()
                .map(m -> CompletableFuture.runAsync(() -> IntStream.range(0, count)
                        .forEach(i -> m.say("message " + i))))
                .toArray(CompletableFuture[]::new))
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The lines other than notices ({@code * ...}) heard so far, in order. */
    List<String> chatLines() {
        return heard.stream().filter(line -> !line.startsWith("* ")).toList();
    }

    /** Asserts that this member heard {@code sender}'s {@code message 0} to {@code message count-1}, in that order. */
    void assertHeardInOrder(ChatMember sender, int count) {
        assertThat(chatLines()).as("%s's lines as %s heard them", sender.name, name)
                .filteredOn(line -> line.startsWith(sender.name + ": "))
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> sender.name + ": message " + i)
                        .toList());
    }

    /** The lines heard so far, in order. */
    List<String> heard() {
        return List.copyOf(heard);
    }

    void awaitHeard(String line) {
        await().atMost(TIMEOUT).until(() -> heard.contains(line));
    }

    int pings() {
        return pings.get();
    }

    /** Completes with the status code of the server's close frame, or exceptionally when the connection failed. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Leaves with a normal close, unless the server closed first, and waits until the WebSocket is closed. */
    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
        }
        closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            heard.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet(); // the client answers with a pong on its own
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
