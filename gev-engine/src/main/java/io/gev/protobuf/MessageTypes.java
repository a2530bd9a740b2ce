package io.gev.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.gev.buffer.RingBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The message types a handler accepts, found by the full name a frame carries while that name is still in the input
 * buffer: an open-addressing table keyed by a hash of the name's bytes, so a lookup allocates nothing. Immutable
 * after construction and so safe to share between event loops.
 */
final class MessageTypes {

    /** The widest type name the envelope's 2-byte length can carry. */
    private static final int MAX_NAME_LENGTH = 0xFFFF;

    private final List<MessageType> types;
    private final MessageType[] table;
    private final Map<Descriptor, byte[]> names = new HashMap<>();

    /**
     * The types of {@code prototypes} (an instance of each accepted type, in order); empty lists, nulls and duplicate
     * full names are refused with an {@link IllegalArgumentException} or {@link NullPointerException}.
     */
    MessageTypes(List<? extends Message> prototypes) {
        if (prototypes == null || prototypes.isEmpty()) {
            throw new IllegalArgumentException("a ProtobufHandler must declare at least one message type");
        }
        types = new ArrayList<>(prototypes.size());
        table = new MessageType[Integer.highestOneBit(prototypes.size()) << 2];
        RingBuffer scratch = new RingBuffer();
        for (Message prototype : prototypes) {
            Descriptor descriptor = Objects.requireNonNull(prototype, "a declared message type is null")
                    .getDescriptorForType();
            byte[] name = nameOf(descriptor);
            scratch.clear();
            scratch.write(name);
            int hash = hash(scratch, 0, name.length);
            int slot = slotOf(scratch, 0, name.length, hash);
            if (table[slot] != null) {
                throw new IllegalArgumentException("message type " + descriptor.getFullName() + " is declared twice");
            }
            MessageType type = new MessageType(prototype, name, hash);
            table[slot] = type;
            types.add(type);
            names.put(descriptor, name);
        }
    }

    /** The UTF-8 full name of {@code type}, refused when it is too long for the envelope. */
    private static byte[] nameOf(Descriptor type) {
        byte[] name = type.getFullName().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the full name of " + type.getFullName().substring(0, 64)
                    + "... is longer than " + MAX_NAME_LENGTH + " bytes");
        }
        return name;
    }

    /** The first declared type: the one varint frames hold. */
    MessageType first() {
        return types.get(0);
    }

    /** The type whose full name is the {@code length} bytes at {@code index} of {@code in}, or null. */
    MessageType find(RingBuffer in, int index, int length) {
        return table[slotOf(in, index, length, hash(in, index, length))];
    }

    /** The slot of the type named by the {@code length} bytes at {@code index}, else the empty slot it would take. */
    private int slotOf(RingBuffer in, int index, int length, int hash) {
        int slot = hash & (table.length - 1);
        while (table[slot] != null && !table[slot].isNamedBy(in, index, length, hash)) {
            slot = (slot + 1) & (table.length - 1);
        }
        return slot;
    }

    /** The UTF-8 full name of {@code type}: shared bytes for a declared type, new ones for any other. */
    byte[] name(Descriptor type) {
        byte[] name = names.get(type);
        return name != null ? name : nameOf(type);
    }

    /** The hash of the {@code length} bytes at {@code index} of {@code in} that places a name in the table. */
    static int hash(RingBuffer in, int index, int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + in.peekByte(index + i);
        }
        return h ^ (h >>> 16);
    }

    /** The full names, in declaration order, for messages that say what is accepted. */
    @Override
    public String toString() {
        return types.toString();
    }
}
