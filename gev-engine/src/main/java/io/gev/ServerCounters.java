package io.gev;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** {@link ServerStats} summed over the loops' {@link LoopCounters} plus the acceptor's own counts. */
final class ServerCounters implements ServerStats {

    final LongAdder accepted = new LongAdder();
    final LongAdder acceptErrors = new LongAdder();
    final LongAdder stalls = new LongAdder();
    private volatile List<LoopCounters> loops = List.of();
    private volatile ConnectionLimits limits = new ConnectionLimits(0, 0);
    private volatile MemoryBudget budget;

    /** Sums {@code loopCounters} from now on, with the refusals of {@code connectionLimits}. Thread safe. */
    void attach(List<LoopCounters> loopCounters, ConnectionLimits connectionLimits) {
        this.loops = List.copyOf(loopCounters);
        this.limits = connectionLimits;
    }

    /** Reports on {@code memoryBudget} from now on. Thread safe. */
    void attach(MemoryBudget memoryBudget) {
        this.budget = memoryBudget;
    }

    @Override
    public long connectionsRefused(RefusalReason reason) {
        return limits.refused(reason);
    }

    private long sum(int counter) {
        long total = 0;
        for (LoopCounters c : loops) {
            total += c.get(counter);
        }
        return total;
    }

    @Override
    public long connectionsAccepted() {
        return accepted.sum();
    }

    @Override
    public long connectionsClosed() {
        return sum(LoopCounters.CONNECTIONS_CLOSED);
    }

    @Override
    public long bytesRead() {
        return sum(LoopCounters.BYTES_READ);
    }

    @Override
    public long bytesWritten() {
        return sum(LoopCounters.BYTES_WRITTEN);
    }

    @Override
    public long messagesReceived() {
        return sum(LoopCounters.MESSAGES_RECEIVED);
    }

    @Override
    public long messagesSent() {
        return sum(LoopCounters.MESSAGES_SENT);
    }

    @Override
    public long handlerErrors() {
        return sum(LoopCounters.HANDLER_ERRORS);
    }

    @Override
    public long protocolErrors() {
        return sum(LoopCounters.PROTOCOL_ERRORS);
    }

    @Override
    public long ioErrors() {
        return sum(LoopCounters.IO_ERRORS) + acceptErrors.sum();
    }

    @Override
    public long outboundOverflows() {
        return sum(LoopCounters.OUTBOUND_OVERFLOWS);
    }

    @Override
    public long readTimeouts() {
        return sum(LoopCounters.READ_TIMEOUTS);
    }

    @Override
    public long tlsHandshakes() {
        return sum(LoopCounters.TLS_HANDSHAKES);
    }

    @Override
    public long tlsErrors() {
        return sum(LoopCounters.TLS_ERRORS);
    }

    @Override
    public long handshakeTimeouts() {
        return sum(LoopCounters.HANDSHAKE_TIMEOUTS);
    }

    @Override
    public long bufferedBytes() {
        MemoryBudget b = budget;
        return b == null ? 0 : b.buffered();
    }

    @Override
    public long memoryOverruns() {
        MemoryBudget b = budget;
        return sum(LoopCounters.MEMORY_CLOSES) + (b == null ? 0 : b.pauses());
    }

    @Override
    public long loopStalls() {
        return stalls.sum();
    }

    @Override
    public long datagramsDropped() {
        return sum(LoopCounters.DATAGRAMS_DROPPED);
    }

    @Override
    public String toString() {
        return "ServerStats[accepted=" + connectionsAccepted() + ", closed=" + connectionsClosed() + ", bytesRead="
                + bytesRead() + ", bytesWritten=" + bytesWritten() + ", messagesReceived=" + messagesReceived()
                + ", messagesSent=" + messagesSent()
                + ", handlerErrors=" + handlerErrors() + ", protocolErrors=" + protocolErrors() + ", ioErrors="
                + ioErrors() + ", outboundOverflows=" + outboundOverflows() + ", readTimeouts=" + readTimeouts()
                + ", tlsHandshakes=" + tlsHandshakes() + ", tlsErrors=" + tlsErrors() + ", handshakeTimeouts="
                + handshakeTimeouts() + ", bufferedBytes=" + bufferedBytes() + ", memoryOverruns=" + memoryOverruns()
                + ", loopStalls=" + loopStalls() + ", datagramsDropped=" + datagramsDropped() + "]";
    }
}
