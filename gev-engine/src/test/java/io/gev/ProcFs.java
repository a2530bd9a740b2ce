package io.gev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Readings of a process from Linux's {@code /proc}: its open file descriptors, their limit, and the CPU time of one of
 * its threads. Tests that use it skip themselves where {@link #isAvailable()} is false.
 */
final class ProcFs {

    /** USER_HZ: the unit of the utime and stime fields of {@code stat}, 100 on every Linux architecture gev runs on. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcFs() {
    }

    static boolean isAvailable() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    static long ownPid() {
        return ProcessHandle.current().pid();
    }

    /** File descriptors {@code pid} holds open (for the own process, including the one this call lists with). */
    static int openFileCount(long pid) {
        try (Stream<Path> fds = Files.list(dir(pid).resolve("fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The soft limit of open files of {@code pid} (its {@code ulimit -n}). */
    static long openFileLimit(long pid) {
        for (String line : lines(dir(pid).resolve("limits"))) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                return fields[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[0]);
            }
        }
        throw new IllegalStateException("no open files limit in /proc/" + pid + "/limits");
    }

    /** The id of the thread of {@code pid} whose name (at most 15 characters, as Linux keeps it) is {@code name}. */
    static Optional<Long> threadId(long pid, String name) {
        try (Stream<Path> tasks = Files.list(dir(pid).resolve("task"))) {
            return tasks.filter(task -> name.equals(readTrimmed(task.resolve("comm"))))
                    .map(task -> Long.parseLong(task.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User plus system CPU time of thread {@code tid} of {@code pid}, in milliseconds (10 ms resolution). */
    static long threadCpuMillis(long pid, long tid) {
        String stat = readTrimmed(dir(pid).resolve("task").resolve(Long.toString(tid)).resolve("stat"));
        // "tid (comm) state ppid ...": the name may hold spaces and parentheses, so count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[14 - 3]);
        long stime = Long.parseLong(fields[15 - 3]);
        return (utime + stime) * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    private static Path dir(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readTrimmed(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return ""; // the thread ended while we looked
        }
    }
}
