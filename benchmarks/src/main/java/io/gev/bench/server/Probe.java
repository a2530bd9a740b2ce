package io.gev.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * A benchmark server's measuring port: the load tools connect, send one command line and read one number back.
 * {@code alloc} answers the bytes ever allocated on the heap by the whole process, {@code heap} the heap in use after
 * full collections, {@code connections} the server's open connections. It runs on its own daemon thread and is the
 * same for every server measured, so the numbers compare.
 */
public final class Probe {

    private Probe() {
    }

    /** Serves the probe on {@code 127.0.0.1:port} for as long as the process lives. */
    public static void start(int port, LongSupplier connections) throws IOException {
        ServerSocket socket = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(socket, connections), "bench-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void serve(ServerSocket socket, LongSupplier connections) {
        while (true) {
            try (Socket client = socket.accept();
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                String command = in.readLine();
                out.println(switch (command == null ? "" : command.trim()) {
                    case "alloc" -> allocatedBytes();
                    case "heap" -> heapAfterGc();
                    case "connections" -> connections.getAsLong();
                    default -> -1;
                });
            } catch (IOException e) {
                System.err.println("probe: " + e);
            }
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
