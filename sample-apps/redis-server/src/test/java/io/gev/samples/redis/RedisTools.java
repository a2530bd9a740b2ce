package io.gev.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Redis clients of the Debian package {@code redis-tools} ({@code redis-cli}, {@code redis-benchmark})
 * as processes, bounded by a timeout. A missing client fails the test and says what to install: CI installs it.
 */
final class RedisTools {

    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(20);

    private RedisTools() {
    }

    /** What a process printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * {@code redis-cli -h 127.0.0.1 -p port --no-raw args...}: formatted output ({@code (integer) 1}, {@code (nil)},
     * {@code (error) ...}) although stdout is not a terminal. Asserts it exits 0 and returns stdout without its
     * final newline.
     */
    static String cli(int port, String... args) {
        Result result = run(null, CLI_TIMEOUT, cliCommand(port, args));
        assertThat(result.exitCode()).as("redis-cli exit code; stderr: %s", result.stderr()).isZero();
        return stripFinalNewline(result.stdout());
    }

    /**
     * {@code redis-cli ... --no-raw args...} with {@code stdin} as its input: one command per line, or RESP with
     * {@code --pipe}.
     */
    static Result cliWithInput(int port, String stdin, String... args) {
        return run(stdin, CLI_TIMEOUT, cliCommand(port, args));
    }

    /** Runs {@code command}, feeding it {@code stdin} (or nothing), for at most {@code timeout}. */
    static Result run(String stdin, Duration timeout, List<String> command) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("redis-tools");
            File in = dir.resolve("stdin").toFile();
            File out = dir.resolve("stdout").toFile();
            File err = dir.resolve("stderr").toFile();
            Files.writeString(in.toPath(), stdin == null ? "" : stdin, StandardCharsets.ISO_8859_1);
            Process process = start(new ProcessBuilder(command).redirectInput(in).redirectOutput(out)
                    .redirectError(err));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("%s did not finish within %s; it printed: %s", command, timeout, read(out) + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** A command as a multibulk request of ASCII words: what {@code redis-cli --pipe} reads, and what it sends. */
    static String multibulk(String... words) {
        StringBuilder out = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            out.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
        }
        return out.toString();
    }

    private static List<String> cliCommand(int port, String... args) {
        List<String> command = new ArrayList<>(
                List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--no-raw"));
        command.addAll(List.of(args));
        return command;
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError(builder.command().get(0) + " cannot be run (" + e.getMessage()
                    + "): install the Debian package redis-tools "
                    + "(apt-get install --no-install-recommends redis-tools)", e);
        }
    }

    private static String read(File file) throws IOException {
        return Files.readString(file.toPath(), StandardCharsets.ISO_8859_1);
    }

    private static String stripFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
