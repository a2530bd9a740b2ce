package io.gev.websocket;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket.Listener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what the JDK client receives; text and binary parts are joined into whole messages. */
final class JdkReceived implements Listener {

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            messages.add(binary.toByteArray());
            binary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(java.net.http.WebSocket ws, ByteBuffer message) {
        pongs.add(StandardCharsets.UTF_8.decode(message).toString());
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(java.net.http.WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next whole message (a String or a byte[]), or null after 5 s. */
    Object next() throws InterruptedException {
        return messages.poll(5, TimeUnit.SECONDS);
    }
}
