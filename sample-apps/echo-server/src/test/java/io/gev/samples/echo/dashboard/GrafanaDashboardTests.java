package io.gev.samples.echo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gev.samples.echo.dashboard.Dashboard.Query;
import io.gev.samples.echo.dashboard.PromQl.Matcher;
import io.gev.samples.echo.dashboard.PromQl.Selector;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The Grafana dashboard in {@code docs/grafana} against a real scrape of this sample's {@code /actuator/prometheus}
 * after real TCP traffic: every metric a query names is in the scrape, with every label the query matches or
 * groups by (and every literal label value), counter functions read counters, and every gev meter the scrape has
 * is on the dashboard. A renamed meter or tag fails here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "gev.port=0", "gev.host=127.0.0.1" })
@Timeout(30)
class GrafanaDashboardTests {

    /** The dashboard, from this module's directory (the tests' working directory). */
    private static final Path DASHBOARD = Path.of("../../docs/grafana/gev-dashboard.json");

    /** Labels Prometheus adds to every series of a target as it scrapes it: never in the scrape itself. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private static final Map<String, String> DEFAULT_SERVER = Map.of("server", "default");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(IO_TIMEOUT).build();

    @Value("${local.gev.port}")
    int gevPort;

    @Value("${local.server.port}")
    int httpPort;

    @Test
    void everyQueryOfTheDashboardNamesMetersAndLabelsOfARealScrape() throws Exception {
        Scrape scrape = scrapeAfterEchoing(List.of("ping\n", "a longer line of text\n", "x"));
        List<Query> queries = Dashboard.queries(DASHBOARD);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(12);

        Set<String> referenced = new TreeSet<>();
        SoftAssertions softly = new SoftAssertions();
        for (Query query : queries) {
            List<Selector> selectors = PromQl.selectors(query.promQl());
            softly.assertThat(selectors).as("%s selects a metric: %s", query.where(), query.promQl()).isNotEmpty();
            for (Selector selector : selectors) {
                referenced.add(selector.metric());
                check(softly, scrape, query, selector);
            }
        }
        Set<String> gevMetrics = scrape.names().stream().filter(n -> n.startsWith("gev_"))
                .collect(Collectors.toCollection(TreeSet::new));
        softly.assertThat(referenced).as("gev metrics the dashboard shows").containsAll(gevMetrics);
        softly.assertAll();
    }

    private static void check(SoftAssertions softly, Scrape scrape, Query query, Selector selector) {
        String metric = selector.metric();
        String where = query.where() + ", " + metric;
        softly.assertThat(scrape.names()).as("%s: metric in the scrape", where).contains(metric);
        List<Scrape.Sample> series = scrape.series(metric);
        if (series.isEmpty()) {
            return;
        }
        Set<String> labels = new HashSet<>(selector.groupingLabels());
        labels.addAll(query.resultLabels());
        selector.matchers().forEach(m -> labels.add(m.label()));
        labels.removeAll(TARGET_LABELS);
        for (String label : labels) {
            softly.assertThat(series).as("%s: every series has label '%s'", where, label)
                    .allMatch(s -> s.labels().containsKey(label));
        }
        for (Matcher matcher : selector.matchers()) {
            if (matcher.literal() && !TARGET_LABELS.contains(matcher.label())) {
                softly.assertThat(series).as("%s: a series with %s=\"%s\"", where, matcher.label(), matcher.value())
                        .anyMatch(s -> matcher.value().equals(s.labels().get(matcher.label())));
            }
        }
        if (selector.readAsCounter()) {
            softly.assertThat(scrape.type(metric)).as("%s: read by rate or increase", where).isEqualTo("counter");
        }
    }

    /** Echoes {@code messages} over TCP, one at a time, then scrapes once the meters counted all of them. */
    private Scrape scrapeAfterEchoing(List<String> messages) throws Exception {
        Scrape before = scrape();
        long bytes = 0;
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", gevPort), (int) IO_TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            for (String message : messages) {
                byte[] payload = message.getBytes(StandardCharsets.US_ASCII);
                socket.getOutputStream().write(payload);
                assertThat(new String(in.readNBytes(payload.length), StandardCharsets.US_ASCII)).isEqualTo(message);
                bytes += payload.length;
            }
        }
        long sent = bytes;
        return await().atMost(IO_TIMEOUT).until(this::scrape, after -> Stream.of(
                delta(before, after, "gev_messages_received_total") == messages.size(),
                delta(before, after, "gev_messages_sent_total") == messages.size(),
                delta(before, after, "gev_bytes_read_bytes_total") == sent,
                delta(before, after, "gev_bytes_written_bytes_total") == sent,
                delta(before, after, "gev_connections_closed_total") == 1).allMatch(b -> b));
    }

    private static double delta(Scrape before, Scrape after, String name) {
        return after.sum(name, DEFAULT_SERVER) - before.sum(name, DEFAULT_SERVER);
    }

    private Scrape scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/actuator/prometheus")).timeout(IO_TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        return Scrape.parse(response.body());
    }
}
