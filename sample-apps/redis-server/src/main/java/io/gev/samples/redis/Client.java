package io.gev.samples.redis;

import io.gev.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection's session: its id, the protocol it speaks (RESP2 until {@code HELLO 3}) and the name and
 * library it gave. {@link RespProtocol} makes it when the connection opens and keeps it as the connection's
 * {@link Connection#context()}. Not thread safe: it is used on the connection's loop thread only.
 */
public final class Client {

    private static final AtomicLong IDS = new AtomicLong();

    private final Connection connection;
    private final long id = IDS.incrementAndGet();
    private boolean resp3;
    private String name = "";
    private String libraryName = "";
    private String libraryVersion = "";

    Client(Connection connection) {
        this.connection = connection;
    }

    /** The client of {@code connection}. */
    static Client of(Connection connection) {
        return (Client) connection.context();
    }

    /** The connection. */
    public Connection connection() {
        return connection;
    }

    /** The id {@code CLIENT ID} reports: unique in this process, increasing. */
    public long id() {
        return id;
    }

    /** Whether replies are encoded in RESP3 ({@code HELLO 3}), else in RESP2. */
    public boolean resp3() {
        return resp3;
    }

    /** Sets the protocol of the replies that follow: 3 for RESP3, 2 for RESP2. */
    public void protocol(int version) {
        this.resp3 = version == 3;
    }

    /** The protocol version: 2 or 3. */
    public int protocol() {
        return resp3 ? 3 : 2;
    }

    /** The name of {@code CLIENT SETNAME} or {@code HELLO ... SETNAME}; empty when none was given. */
    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    /** The library name of {@code CLIENT SETINFO LIB-NAME}; empty when none was given. */
    public String libraryName() {
        return libraryName;
    }

    public void libraryName(String libraryName) {
        this.libraryName = libraryName;
    }

    /** The library version of {@code CLIENT SETINFO LIB-VER}; empty when none was given. */
    public String libraryVersion() {
        return libraryVersion;
    }

    public void libraryVersion(String libraryVersion) {
        this.libraryVersion = libraryVersion;
    }
}
