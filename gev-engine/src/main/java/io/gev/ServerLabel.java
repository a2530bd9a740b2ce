package io.gev;

/**
 * How a server names itself in its log lines and thread names: {@code gev server 'admin' (line framing)} and
 * {@code gev-admin-loop-0}, or {@code gev server (raw framing)} and {@code gev-loop-0} without a name. Thread safe
 * (immutable).
 */
final class ServerLabel {

    private final String name;
    private final String framing;

    /** The label of a server called {@code name} (null: none) framing with {@code protocol} for {@code handler}. */
    ServerLabel(String name, Protocol protocol, Handler handler) {
        this.name = name;
        this.framing = handler instanceof StreamHandler ? "stream" : framing(protocol);
    }

    /**
     * A built-in framing's own description ({@code line}, {@code length-field 4 bytes big-endian}, ...), else the
     * protocol's class name.
     */
    private static String framing(Protocol protocol) {
        try {
            if (protocol.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
                return protocol.toString();
            }
        } catch (NoSuchMethodException impossible) {
            // every class has toString
        }
        String simple = protocol.getClass().getSimpleName();
        return simple.isEmpty() ? protocol.getClass().getName() : simple;
    }

    /** The server's name, or null. */
    String name() {
        return name;
    }

    /** Its framing: {@code line}, {@code raw}, {@code stream}, a protocol's own description or class name. */
    String framing() {
        return framing;
    }

    /** What its thread names start with: {@code gev-admin-}, or {@code gev-} without a name. */
    String threadPrefix() {
        return name == null ? "gev-" : "gev-" + name + "-";
    }

    /** {@code message} about this server: {@code gev server 'admin': message}. */
    String about(String message) {
        return (name == null ? "gev server: " : "gev server '" + name + "': ") + message;
    }

    /** {@code gev server 'admin' (line framing)}. */
    @Override
    public String toString() {
        return (name == null ? "gev server" : "gev server '" + name + "'") + " (" + framing + " framing)";
    }
}
