package io.gev.samples.echo.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scrape in Prometheus' text exposition format (version 0.0.4, what {@code /actuator/prometheus} answers by
 * default): each sample's name, labels and value, and each name's {@code # TYPE}.
 */
final class Scrape {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    private Scrape() {
    }

    static Scrape parse(String text) {
        Scrape scrape = new Scrape();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).trim().split(" ");
                scrape.types.put(parts[0], parts[1]);
            }
            else if (!line.isBlank() && !line.startsWith("#")) {
                Sample sample = sample(line);
                scrape.samples.computeIfAbsent(sample.name(), n -> new ArrayList<>()).add(sample);
            }
        }
        return scrape;
    }

    Set<String> names() {
        return samples.keySet();
    }

    /** The samples of {@code name}; empty when the scrape has none. */
    List<Sample> series(String name) {
        return samples.getOrDefault(name, List.of());
    }

    /** The {@code # TYPE} of {@code name} ({@code counter}, {@code gauge}, ...), or {@code null}. */
    String type(String name) {
        return types.get(name);
    }

    /** The sum of {@code name}'s samples whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return series(name).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        int valueStart;
        if (brace >= 0 && brace < space) {
            valueStart = labels(line, brace + 1, labels) + 1;
        }
        else {
            brace = space;
            valueStart = space;
        }
        String[] rest = line.substring(valueStart).trim().split(" "); // value, then an optional timestamp
        return new Sample(line.substring(0, brace), labels, Double.parseDouble(rest[0]));
    }

    /** Reads {@code name="value",...} from {@code pos} into {@code labels}; returns the position of the '}'. */
    private static int labels(String line, int pos, Map<String, String> labels) {
        while (line.charAt(pos) != '}') {
            if (line.charAt(pos) == ',') {
                pos++;
                continue;
            }
            int eq = line.indexOf("=\"", pos);
            String label = line.substring(pos, eq);
            StringBuilder value = new StringBuilder();
            for (pos = eq + 2; line.charAt(pos) != '"'; pos++) {
                char c = line.charAt(pos);
                if (c == '\\') {
                    c = line.charAt(++pos);
                    value.append(c == 'n' ? '\n' : c);
                }
                else {
                    value.append(c);
                }
            }
            labels.put(label, value.toString());
            pos++;
        }
        return pos;
    }
}
