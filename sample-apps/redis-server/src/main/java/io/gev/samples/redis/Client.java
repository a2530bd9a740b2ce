package io.gev.samples.redis;

import io.gev.Connection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection's session: its id, the protocol it speaks (RESP2 until {@code HELLO 3}), the name and library
 * it gave and the last command it ran. {@link RespProtocol} makes it when the connection opens and keeps it as the
 * connection's {@link Connection#context()}.
 *
 * <p>Written on the connection's loop thread only. {@link #describe()} ({@code CLIENT LIST}) may read it from another
 * loop: the names are published safely (volatile), the last command and its time are a snapshot that may be a moment
 * old.
 */
public final class Client {

    private static final AtomicLong IDS = new AtomicLong();

    private final Connection connection;
    private final long id = IDS.incrementAndGet();
    private final RecentClock clock;
    private final long createdMillis;
    private final WaitingReplies waitingReplies;
    private boolean resp3;
    private volatile String name = "";
    private volatile String libraryName = "";
    private volatile String libraryVersion = "";
    /** Upper case, {@code CLIENT|LIST} for a subcommand; {@code NULL} before the first command, as Redis shows it. */
    private String lastCommand = "NULL";
    private long lastCommandMillis;

    Client(Connection connection, RecentClock clock) {
        this.connection = connection;
        this.clock = clock;
        this.createdMillis = clock.millis();
        this.lastCommandMillis = createdMillis;
        this.waitingReplies = new WaitingReplies(connection);
    }

    /** The client of {@code connection}; on its loop thread. */
    static Client of(Connection connection) {
        return (Client) connection.context();
    }

    /** The connection; any thread. */
    public Connection connection() {
        return connection;
    }

    /** The id {@code CLIENT ID} reports: unique in this process, increasing; any thread. */
    public long id() {
        return id;
    }

    /** The replies that wait for the append-only file before they may leave; on the loop thread. */
    WaitingReplies waitingReplies() {
        return waitingReplies;
    }

    /** Whether replies are encoded in RESP3 ({@code HELLO 3}), else in RESP2; on the loop thread. */
    public boolean resp3() {
        return resp3;
    }

    /** Sets the protocol of the replies that follow: 3 for RESP3, 2 for RESP2; on the loop thread. */
    public void protocol(int version) {
        this.resp3 = version == 3;
    }

    /** The protocol version: 2 or 3; on the loop thread. */
    public int protocol() {
        return resp3 ? 3 : 2;
    }

    /** The name of {@code CLIENT SETNAME} or {@code HELLO ... SETNAME}; empty when none was given; any thread. */
    public String name() {
        return name;
    }

    /** Sets the name ({@code ""}: none); on the loop thread. */
    public void name(String name) {
        this.name = name;
    }

    /** The library name of {@code CLIENT SETINFO LIB-NAME}; empty when none was given; any thread. */
    public String libraryName() {
        return libraryName;
    }

    /** Sets the library name ({@code ""}: none); on the loop thread. */
    public void libraryName(String libraryName) {
        this.libraryName = libraryName;
    }

    /** The library version of {@code CLIENT SETINFO LIB-VER}; empty when none was given; any thread. */
    public String libraryVersion() {
        return libraryVersion;
    }

    /** Sets the library version ({@code ""}: none); on the loop thread. */
    public void libraryVersion(String libraryVersion) {
        this.libraryVersion = libraryVersion;
    }

    /**
     * Records that the command called {@code command} (upper case) runs now, by the {@link RecentClock}; on the loop
     * thread.
     */
    public void ran(String command) {
        lastCommand = command;
        lastCommandMillis = clock.millis();
    }

    /**
     * The client as a line of {@code CLIENT LIST} and {@code CLIENT INFO}, in Redis's format and field order, with
     * the fields that apply here; any thread.
     */
    public String describe() {
        long now = clock.millis();
        return "id=" + id
                + " addr=" + address(connection.peerAddress())
                + " laddr=" + address(connection.localAddress())
                + " name=" + name
                + " age=" + TimeUnit.MILLISECONDS.toSeconds(now - createdMillis)
                + " idle=" + TimeUnit.MILLISECONDS.toSeconds(now - lastCommandMillis)
                + " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1"
                + " cmd=" + lastCommand.toLowerCase(Locale.ROOT)
                + " user=default redir=-1 resp=" + protocol()
                + " lib-name=" + libraryName
                + " lib-ver=" + libraryVersion
                + "\n";
    }

    /** {@code ip:port} as Redis writes it, an IPv6 address in brackets. */
    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
