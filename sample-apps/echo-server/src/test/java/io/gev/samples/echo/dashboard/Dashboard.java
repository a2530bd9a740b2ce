package io.gev.samples.echo.dashboard;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus queries of a Grafana dashboard JSON: every panel target's {@code expr} (rows nest panels, so all
 * of them at any depth) and every query variable's {@code label_values(selector, label)}.
 */
final class Dashboard {

    /** A query, where it is in the dashboard, and a label its result must carry (a variable's label, or none). */
    record Query(String where, String promQl, Set<String> resultLabels) {
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Dashboard() {
    }

    static List<Query> queries(Path file) throws IOException {
        String json = Files.readString(file);
        List<Query> queries = new ArrayList<>();
        List<Map<String, Object>> panels = JsonPath.read(json, "$..panels[?(@.targets)]");
        for (Map<String, Object> panel : panels) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
            for (Map<String, Object> target : targets) {
                queries.add(new Query("panel '" + panel.get("title") + "' target " + target.get("refId"),
                        (String) target.get("expr"), Set.of()));
            }
        }
        List<Map<String, Object>> variables = JsonPath.read(json, "$.templating.list[?(@.type == 'query')]");
        for (Map<String, Object> variable : variables) {
            String definition = (String) variable.get("definition");
            Matcher m = LABEL_VALUES.matcher(definition);
            if (!m.matches()) {
                throw new IllegalArgumentException("variable " + variable.get("name") + ": not label_values(...)");
            }
            queries.add(new Query("variable " + variable.get("name"), m.group(1), Set.of(m.group(2))));
        }
        return queries;
    }
}
