package io.gev.bench.measure;

import io.gev.bench.Arguments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a benchmark server from the outside: its CPU time from {@code /proc/<pid>/stat} and resident memory from
 * {@code /proc/<pid>/status}, which mean the same for every server; and, through the server's probe port, heap
 * allocation, heap in use and open connections. A meter without a pid or probe answers NaN for what it cannot see.
 */
public final class ServerMeter {

    private final long pid;
    private final int probePort;
    private final long ticksPerSecond;

    /**
     * @param pid            the server's process id, or 0
     * @param probePort      the server's probe port, or 0
     * @param ticksPerSecond the kernel's clock ticks per second ({@code getconf CLK_TCK})
     */
    public ServerMeter(long pid, int probePort, long ticksPerSecond) {
        this.pid = pid;
        this.probePort = probePort;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The meter the load tools' options ask for: {@code --server-pid 0 --probe-port 0 --clk-tck 100}. */
    public static ServerMeter fromOptions(Arguments options) {
        return new ServerMeter(Long.parseLong(options.get("server-pid", "0")), options.getInt("probe-port", 0),
                options.getInt("clk-tck", 100));
    }

    /** User plus system CPU seconds the server has used so far, or NaN. */
    public double cpuSeconds() throws IOException {
        if (pid <= 0) {
            return Double.NaN;
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name may hold spaces: fields are counted after its closing parenthesis (field 2)
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / (double) ticksPerSecond;
    }

    /** The server's resident set in bytes, or NaN. */
    public double residentBytes() throws IOException {
        if (pid <= 0) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Bytes the server has ever allocated on its heap, or NaN. */
    public double allocatedBytes() throws IOException {
        return ask("alloc");
    }

    /** The server's heap in use after full collections, or NaN. */
    public double heapAfterGc() throws IOException {
        return ask("heap");
    }

    /**
     * The server's heap in use after a full collection asked for with {@code jcmd} (for servers without a probe,
     * such as the samples), or NaN without a pid.
     */
    public double heapAfterJcmdGc() throws IOException {
        if (pid <= 0) {
            return Double.NaN;
        }
        jcmd("GC.run");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IOException("no heap figure from jcmd " + pid + " GC.heap_info");
        }
        return Long.parseLong(used.group(1)) * 1024.0;
    }

    /** The server's open connections, or NaN. */
    public double connections() throws IOException {
        return ask("connections");
    }

    private String jcmd(String command) throws IOException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        try {
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while jcmd ran", e);
        } finally {
            jcmd.destroy();
        }
    }

    private double ask(String command) throws IOException {
        if (probePort <= 0) {
            return Double.NaN;
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), probePort);
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            out.println(command);
            return Double.parseDouble(in.readLine());
        }
    }
}
