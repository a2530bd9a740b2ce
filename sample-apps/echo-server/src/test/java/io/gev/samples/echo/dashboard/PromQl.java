package io.gev.samples.echo.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The series selectors of a PromQL expression, as far as a dashboard check needs them: each metric name with its
 * label matchers, the labels the expression groups by, and whether a counter function ({@code rate}, {@code irate},
 * {@code increase}) reads it. Grafana variables ({@code $server}, {@code $__rate_interval}) may appear where
 * Grafana allows them. A selector without a metric name ({@code {__name__=...}}) is rejected: the check could not
 * see what it selects.
 */
final class PromQl {

    /** A label matcher; {@code literal} when its value is a plain string (no Grafana variable, no regex). */
    record Matcher(String label, String op, String value) {

        boolean literal() {
            return op.equals("=") && !value.contains("$");
        }
    }

    /** One series selector, with the grouping labels of the whole expression it appears in. */
    record Selector(String metric, List<Matcher> matchers, Set<String> groupingLabels, boolean readAsCounter) {
    }

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    private static final Set<String> OPERATORS = Set.of("and", "or", "unless", "bool", "offset", "atan2");

    private static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase", "resets");

    private final String text;

    private final Deque<String> enclosing = new ArrayDeque<>();

    private final List<Selector> selectors = new ArrayList<>();

    private final Set<String> grouping = new LinkedHashSet<>();

    private int pos;

    private PromQl(String text) {
        this.text = text;
    }

    /** The selectors of {@code expression}; throws {@link IllegalArgumentException} on what it cannot read. */
    static List<Selector> selectors(String expression) {
        PromQl parser = new PromQl(expression);
        parser.parse();
        return parser.selectors.stream()
                .map(s -> new Selector(s.metric(), s.matchers(), Set.copyOf(parser.grouping), s.readAsCounter()))
                .toList();
    }

    private void parse() {
        String pendingFunction = "";
        while (skipSpace()) {
            char c = text.charAt(pos);
            if (isIdentifierStart(c)) {
                String word = identifier();
                String keyword = word.toLowerCase();
                if (GROUPING.contains(keyword)) {
                    groupingLabels(); // the aggregation before it still waits for its '('
                }
                else if (AGGREGATIONS.contains(keyword) || peek() == '(') {
                    pendingFunction = word;
                }
                else {
                    pendingFunction = "";
                    if (!OPERATORS.contains(keyword)) {
                        selector(word);
                    }
                }
            }
            else if (c == '(') {
                enclosing.push(pendingFunction);
                pendingFunction = "";
                pos++;
            }
            else if (c == ')') {
                if (enclosing.isEmpty()) {
                    throw error("unbalanced ')'");
                }
                enclosing.pop();
                pos++;
            }
            else if (c == '{') {
                throw error("a selector without a metric name");
            }
            else {
                skipOther(c);
            }
        }
        if (!enclosing.isEmpty()) {
            throw error("unbalanced '('");
        }
    }

    private void selector(String metric) {
        List<Matcher> matchers = new ArrayList<>();
        if (peek() == '{') {
            list('}', () -> {
                String label = identifier();
                skipSpace();
                String op = operator();
                skipSpace();
                matchers.add(new Matcher(label, op, string()));
            });
        }
        boolean counter = enclosing.stream().anyMatch(COUNTER_FUNCTIONS::contains);
        selectors.add(new Selector(metric, List.copyOf(matchers), Set.of(), counter));
    }

    private void groupingLabels() {
        if (peek() == '(') { // group_left may have no labels
            list(')', () -> grouping.add(identifier()));
        }
    }

    /** Reads a comma-separated list from its opening bracket to {@code close}, {@code element} reading each item. */
    private void list(char close, Runnable element) {
        skipSpace();
        pos++;
        while (peek() != close) {
            if (!skipSpace()) {
                throw error("'" + close + "' missing");
            }
            if (text.charAt(pos) == ',') {
                pos++;
            }
            else {
                element.run();
            }
        }
        skipSpace();
        pos++;
    }

    private void skipOther(char c) {
        if (c == '"' || c == '\'' || c == '`') {
            string();
        }
        else if (c == '[') {
            int end = text.indexOf(']', pos);
            if (end < 0) {
                throw error("unclosed '['");
            }
            pos = end + 1;
        }
        else if (c == '$' || Character.isDigit(c)) {
            pos++; // a Grafana variable, a number or a duration: the word that follows is no metric
            while (pos < text.length()
                    && (isIdentifierPart(text.charAt(pos)) || "{}.".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
        }
        else {
            pos++;
        }
    }

    private String operator() {
        for (String op : new String[] { "=~", "!~", "!=", "=" }) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        throw error("a label matcher operator");
    }

    private String string() {
        char quote = text.charAt(pos);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw error("a quoted string");
        }
        StringBuilder value = new StringBuilder();
        for (pos++; pos < text.length(); pos++) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return value.toString();
            }
            if (c == '\\' && quote != '`' && pos + 1 < text.length()) {
                c = text.charAt(++pos);
            }
            value.append(c);
        }
        throw error("unclosed string");
    }

    private String identifier() {
        int start = pos;
        if (pos >= text.length() || !isIdentifierStart(text.charAt(pos))) {
            throw error("a name");
        }
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** The next character that is not white space, without consuming it; 0 at the end. */
    private char peek() {
        int p = pos;
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p < text.length() ? text.charAt(p) : 0;
    }

    private boolean skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length();
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("PromQL: " + what + " at " + pos + " in: " + text);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c);
    }
}
