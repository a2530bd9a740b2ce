package io.gev.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/**
 * HAProxy's stats page ({@link #FRONTEND} in its configuration), read in CSV: how HAProxy sees the servers of a
 * backend. Thread safe.
 */
public final class HaproxyStats {

    /** The port of the stats page that {@link #FRONTEND} binds. */
    public static final int PORT = 8404;
    /** The lines of an HAProxy configuration that serve the stats page on {@link #PORT}. */
    public static final String FRONTEND = """
            frontend stats
                mode http
                bind :%d
                stats enable
                stats uri /stats
            """.formatted(PORT);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private HaproxyStats() {
    }

    /**
     * The servers of {@code backend}, by name, each as its row of the stats ({@code status}, {@code check_status},
     * {@code scur}, {@code stot}, ... by column name), read from {@code haproxy}'s {@link #PORT}, published.
     */
    public static Map<String, Map<String, String>> servers(GenericContainer<?> haproxy, String backend)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://" + haproxy.getHost() + ":" + haproxy.getMappedPort(PORT) + "/stats;csv");
        String[] lines = HTTP.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body().split("\n");
        List<String> columns = Arrays.asList(lines[0].replaceFirst("^# ", "").split(","));
        Map<String, Map<String, String>> servers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size() && c < fields.length; c++) {
                row.put(columns.get(c), fields[c]);
            }
            String name = row.get("svname");
            if (backend.equals(row.get("pxname")) && !"BACKEND".equals(name) && !"FRONTEND".equals(name)) {
                servers.put(name, row);
            }
        }
        return servers;
    }
}
