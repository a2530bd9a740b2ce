package io.gev.samples.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an append-only file into the keyspace, on start, before the server accepts connections. Its records are
 * RESP commands: {@code SET key value [PXAT ms]}, {@code DEL key...}, {@code FLUSHALL} (and {@code SELECT 0}). As
 * Redis does with {@code aof-load-truncated yes}, a file that ends in the middle of a record (a crash while writing
 * it) is loaded up to its last whole record and cut there, with a warning naming the offset; a record that is
 * malformed or unknown is not skipped: loading fails with an {@link IllegalStateException} naming the file and offset.
 */
final class AofLoader {

    private static final Logger log = LoggerFactory.getLogger(AofLoader.class);
    private static final int MAX_WORDS = 1 << 20;
    private static final int MAX_LENGTH = 512 << 20;

    /** The file ended inside a record. */
    private static final class Truncated extends Exception {
        Truncated() {
            super(null, null, false, false);
        }
    }

    private final Path file;
    private final Keyspace keyspace;
    private InputStream in;
    private long offset;

    private AofLoader(Path file, Keyspace keyspace) {
        this.file = file;
        this.keyspace = keyspace;
    }

    /** Replays {@code file}, if it exists, into {@code keyspace}; returns the number of records loaded. */
    static long load(Path file, Keyspace keyspace) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return new AofLoader(file, keyspace).load();
    }

    private long load() throws IOException {
        long records = 0;
        long recordStart = 0;
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in = stream;
            while (true) {
                recordStart = offset;
                int first = read();
                if (first < 0) {
                    return records;
                }
                apply(readRecord(first, recordStart), recordStart);
                records++;
            }
        } catch (Truncated e) {
            log.warn("!!! The append only file {} ends in the middle of a record: loaded the {} records before"
                    + " offset {} and truncating the file at that offset"
                    + " (as Redis does with aof-load-truncated yes) !!!",
                    file, records, recordStart);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(recordStart);
                channel.force(false);
            }
            return records;
        }
    }

    private List<byte[]> readRecord(int first, long recordStart) throws IOException, Truncated {
        if (first != '*') {
            throw corrupt(recordStart, "expected '*', found byte " + first);
        }
        long words = readNumber(recordStart);
        if (words < 1 || words > MAX_WORDS) {
            throw corrupt(recordStart, "bad number of words " + words);
        }
        List<byte[]> args = new ArrayList<>((int) words);
        for (int i = 0; i < words; i++) {
            long at = offset;
            int marker = read();
            if (marker < 0) {
                throw new Truncated();
            }
            if (marker != '$') {
                throw corrupt(at, "expected '$', found byte " + marker);
            }
            long length = readNumber(at);
            if (length < 0 || length > MAX_LENGTH) {
                throw corrupt(at, "bad bulk length " + length);
            }
            byte[] arg = in.readNBytes((int) length);
            offset += arg.length;
            if (arg.length < length) {
                throw new Truncated();
            }
            expectLineEnd(at);
            args.add(arg);
        }
        return args;
    }

    /** Digits up to CRLF. */
    private long readNumber(long at) throws IOException, Truncated {
        long value = 0;
        int digits = 0;
        for (int b = read(); b != '\r'; b = read()) {
            if (b < 0) {
                throw new Truncated();
            }
            if (b < '0' || b > '9' || ++digits > 18) {
                throw corrupt(at, "bad number");
            }
            value = value * 10 + (b - '0');
        }
        int lf = read();
        if (lf < 0) {
            throw new Truncated();
        }
        if (lf != '\n' || digits == 0) {
            throw corrupt(at, "bad number");
        }
        return value;
    }

    private void expectLineEnd(long at) throws IOException, Truncated {
        int cr = read();
        int lf = cr < 0 ? -1 : read();
        if (lf < 0) {
            throw new Truncated();
        }
        if (cr != '\r' || lf != '\n') {
            throw corrupt(at, "bulk string not followed by CRLF");
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            offset++;
        }
        return b;
    }

    private void apply(List<byte[]> args, long at) {
        String name = new String(args.get(0), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        int words = args.size();
        switch (name) {
            case "SET" -> {
                boolean pxat = words == 5
                        && "PXAT".equalsIgnoreCase(new String(args.get(3), StandardCharsets.ISO_8859_1));
                if (words != 3 && !pxat) {
                    throw corrupt(at, "SET record of an unknown form");
                }
                keyspace.set(args.get(1), args.get(2), pxat ? expireAt(args.get(4), at) : Keyspace.NO_DEADLINE,
                        SetCondition.ALWAYS, false);
            }
            case "DEL" -> args.subList(1, words).forEach(keyspace::delete);
            case "FLUSHALL" -> keyspace.clear();
            case "SELECT" -> {
                if (words != 2 || !"0".equals(new String(args.get(1), StandardCharsets.ISO_8859_1))) {
                    throw corrupt(at, "only database 0 exists");
                }
            }
            default -> throw corrupt(at, "unknown command '" + name + "'");
        }
    }

    private long expireAt(byte[] time, long at) {
        try {
            long value = Longs.parse(time);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw corrupt(at, "bad PXAT time");
        }
    }

    private IllegalStateException corrupt(long at, String what) {
        return new IllegalStateException("Bad file format reading the append only file " + file + " at offset " + at
                + " (" + what + "): the server does not start on a partial dataset. Make a backup of the file, then"
                + " cut it at that offset to load what precedes it");
    }
}
