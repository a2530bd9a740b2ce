package io.gev;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/** {@link ServerStats} summed over the loops' {@link LoopCounters} plus the acceptor's own counts. */
final class ServerCounters implements ServerStats {

    final LongAdder accepted = new LongAdder();
    final LongAdder acceptErrors = new LongAdder();
    private volatile List<LoopCounters> loops = List.of();

    void attach(List<LoopCounters> loopCounters) {
        this.loops = List.copyOf(loopCounters);
    }

    private long sum(ToLongFunction<LoopCounters> field) {
        long total = 0;
        for (LoopCounters c : loops) {
            total += field.applyAsLong(c);
        }
        return total;
    }

    @Override
    public long connectionsAccepted() {
        return accepted.sum();
    }

    @Override
    public long connectionsClosed() {
        return sum(c -> c.connectionsClosed);
    }

    @Override
    public long bytesRead() {
        return sum(c -> c.bytesRead);
    }

    @Override
    public long bytesWritten() {
        return sum(c -> c.bytesWritten);
    }

    @Override
    public long messagesReceived() {
        return sum(c -> c.messagesReceived);
    }

    @Override
    public long handlerErrors() {
        return sum(c -> c.handlerErrors);
    }

    @Override
    public long protocolErrors() {
        return sum(c -> c.protocolErrors);
    }

    @Override
    public long ioErrors() {
        return sum(c -> c.ioErrors) + acceptErrors.sum();
    }

    @Override
    public String toString() {
        return "ServerStats[accepted=" + connectionsAccepted() + ", closed=" + connectionsClosed() + ", bytesRead="
                + bytesRead() + ", bytesWritten=" + bytesWritten() + ", messages=" + messagesReceived()
                + ", handlerErrors=" + handlerErrors() + ", protocolErrors=" + protocolErrors() + ", ioErrors="
                + ioErrors() + "]";
    }
}
