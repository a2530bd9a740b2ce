package io.gev.samples.protobuf;

import com.google.protobuf.Message;
import io.gev.Connection;
import io.gev.protobuf.ProtobufHandler;
import io.gev.samples.protobuf.messages.msg1;
import io.gev.samples.protobuf.messages.msg2;
import io.gev.spring.GevHandler;
import java.util.List;

/**
 * Answers a {@code msg1} (a text) with a {@code msg2} holding its length and words, and a {@code msg2} with a
 * {@code msg1} joining its words.
 */
@GevHandler
public class WordsHandler implements ProtobufHandler {

    @Override
    public List<Message> messageTypes() {
        return List.of(msg1.getDefaultInstance(), msg2.getDefaultInstance());
    }

    @Override
    public Object onMessage(Connection connection, Message message) {
        if (message instanceof msg1 text) {
            String value = text.getValue();
            return msg2.newBuilder().setValue(value.length())
                    .addAllWords(value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"))).build();
        }
        msg2 words = (msg2) message;
        return msg1.newBuilder().setValue(String.join(" ", words.getWordsList())).build();
    }
}
