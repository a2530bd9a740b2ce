package io.gev.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The WebSocket benchmarks' text: JSON chat messages, each exactly {@code size} bytes of ASCII, such as
 * {@code {"id":48213,"user":"mia_417","room":"support","text":"the build is green again, shall we ship it"}}; the
 * text is words drawn at random, cut to fit. A fixed seed makes every run send the same corpus, and it holds far more
 * than deflate's 32 KiB window, so compression meets it as it would a real stream, not as a repetition. Thread safe
 * (immutable once built).
 */
final class ChatLines {

    /** Lines in the corpus: 4,096 lines of 64 B are 256 KiB, eight windows. */
    static final int COUNT = 4096;

    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
        "judy", "mallory", "mia", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter"};
    private static final String[] ROOMS = {"general", "random", "support", "dev", "ops", "design", "sales"};
    private static final String[] WORDS = ("the a to and is it of in for on that this you i we with be at are was have"
            + " not but so can do will just what if about my your get all up out now when there one how they more"
            + " from build deploy release test tests green red ship fix bug issue review merge branch main server"
            + " client latency socket message queue cache lunch coffee meeting tomorrow today yesterday later soon"
            + " thanks thank please sorry great nice cool yes no maybe sure okay again done working broken slow fast"
            + " looks good bad weird ping pong logs metrics dashboard alert page night call team doc docs link here"
            + " again, shall we ship it? :) lol +1 agreed see above wait what? check this").split(" ");

    private final byte[][] lines;

    ChatLines(int size) {
        SplittableRandom random = new SplittableRandom(17);
        lines = new byte[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            lines[i] = line(random, size);
        }
    }

    /** Copies line {@code index} (modulo the corpus) to {@code dst}, which must have room for it. */
    void copy(int index, ByteBuffer dst) {
        dst.put(lines[Math.floorMod(index, COUNT)]);
    }

    private static byte[] line(SplittableRandom random, int size) {
        String head = "{\"id\":" + random.nextInt(10_000, 100_000) + ",\"user\":\""
                + USERS[random.nextInt(USERS.length)] + "_" + random.nextInt(100, 1000) + "\",\"room\":\""
                + ROOMS[random.nextInt(ROOMS.length)] + "\",\"text\":\"";
        int room = size - head.length() - 2; // the closing "}
        if (room < 1) {
            throw new IllegalArgumentException("a JSON chat line needs more than " + (head.length() + 2) + " bytes");
        }
        StringBuilder text = new StringBuilder(room + 16);
        while (text.length() < room) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        text.setLength(room);
        return (head + text + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
