package io.gev.protobuf;

import com.google.protobuf.Message;
import io.gev.Connection;
import io.gev.protobuf.test.Msg1;
import io.gev.protobuf.test.Msg2;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tests' handler: answers a {@link Msg1} with a {@link Msg2} and a {@link Msg2} with a {@link Msg1}, each derived
 * from the request so that a reply proves which request it answers. Remembers its open connections.
 */
final class SwapHandler implements ProtobufHandler {

    final List<Connection> open = new CopyOnWriteArrayList<>();
    private final List<Message> types;

    /** Accepts Msg1 and Msg2, in that order. */
    SwapHandler() {
        this(Msg1.getDefaultInstance(), Msg2.getDefaultInstance());
    }

    SwapHandler(Message... types) {
        this(List.of(types));
    }

    SwapHandler(List<Message> types) {
        this.types = types;
    }

    /** The reply to {@code request}: the length of its value, tagged with the value itself. */
    static Msg2 answer(Msg1 request) {
        return Msg2.newBuilder().setValue(request.getValue().length()).addTags(request.getValue()).build();
    }

    /** The reply to {@code request}: its tags joined, then its value. */
    static Msg1 answer(Msg2 request) {
        return Msg1.newBuilder().setValue(String.join(",", request.getTagsList()) + "=" + request.getValue()).build();
    }

    /** The reply to either request type. */
    static Message answer(Message request) {
        return request instanceof Msg1 m1 ? answer(m1) : answer((Msg2) request);
    }

    @Override
    public List<Message> messageTypes() {
        return types;
    }

    @Override
    public void onConnect(Connection connection) {
        open.add(connection);
    }

    @Override
    public Object onMessage(Connection connection, Message message) {
        return answer(message);
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(connection);
    }
}
