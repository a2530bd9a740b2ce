package io.gev.samples.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A script of requests that {@link SideBySideTests} sends to the sample and to a real redis-server, read from a
 * resource file, one request a line ({@code #} starts a comment line). A line is the words of a multibulk request,
 * separated by spaces; a word in double quotes may hold spaces and the escapes {@code \" \\ \r \n \t \xHH}, and
 * {@code ""} is the empty word. A prefix says how the replies compare:
 * <ul>
 * <li>none: byte for byte;</li>
 * <li>{@code unordered:} as a set of elements (KEYS), a map's entries as pairs (CONFIG GET of a glob);</li>
 * <li>{@code scan:} the request is a SCAN from cursor 0, repeated with each returned cursor until 0: the keys of the
 * whole iteration compare as a set;</li>
 * <li>{@code type:} only the type of the reply (a time left that may differ by a millisecond, an id);</li>
 * <li>{@code ignore:} not at all (INFO contents, COMMAND DOCS details);</li>
 * <li>{@code inline:} the rest of the line is sent as it is, followed by CRLF: an inline request, quotes and
 * all, compared byte for byte.</li>
 * </ul>
 */
record SideBySideScript(String name, List<Step> steps) {

    /** How a step's replies compare. */
    enum Comparison {
        EXACT, UNORDERED, SCAN, TYPE, IGNORE
    }

    /**
     * One request.
     *
     * @param line       its line number, for messages
     * @param text       the line as written
     * @param request    the bytes to send
     * @param comparison how the replies compare
     */
    record Step(int line, String text, byte[] request, Comparison comparison) {
    }

    /** Reads the script in resource {@code side-by-side/name}. */
    static SideBySideScript load(String name) throws IOException {
        try (InputStream in = SideBySideScript.class.getResourceAsStream("/side-by-side/" + name)) {
            if (in == null) {
                throw new IOException("no resource side-by-side/" + name);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    steps.add(step(i + 1, line));
                }
            }
            return new SideBySideScript(name, steps);
        }
    }

    private static Step step(int number, String line) {
        Comparison comparison = Comparison.EXACT;
        for (String prefix : new String[] { "unordered:", "scan:", "type:", "ignore:" }) {
            if (line.startsWith(prefix)) {
                comparison = Comparison.valueOf(prefix.substring(0, prefix.length() - 1).toUpperCase());
                line = line.substring(prefix.length()).strip();
            }
        }
        if (line.startsWith("inline:")) {
            String inline = line.substring("inline:".length()).strip() + "\r\n";
            return new Step(number, line, inline.getBytes(StandardCharsets.ISO_8859_1), comparison);
        }
        return new Step(number, line, multibulk(words(line)), comparison);
    }

    /** A multibulk request of {@code words}. */
    static byte[] multibulk(List<byte[]> words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + words.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] word : words) {
            out.writeBytes(("$" + word.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(word);
            out.writeBytes(new byte[] { '\r', '\n' });
        }
        return out.toByteArray();
    }

    /** The words of a line: separated by spaces, double quotes around a word with spaces or escapes. */
    static List<byte[]> words(String line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            if (line.charAt(i) == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char escaped = line.charAt(i++);
                        switch (escaped) {
                            case 'r' -> word.write('\r');
                            case 'n' -> word.write('\n');
                            case 't' -> word.write('\t');
                            case 'x' -> {
                                word.write(Integer.parseInt(line.substring(i, i + 2), 16));
                                i += 2;
                            }
                            default -> word.write(escaped);
                        }
                    } else {
                        word.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                    }
                }
                i++;
            } else {
                int end = line.indexOf(' ', i) < 0 ? line.length() : line.indexOf(' ', i);
                word.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
            words.add(word.toByteArray());
        }
        return words;
    }
}
