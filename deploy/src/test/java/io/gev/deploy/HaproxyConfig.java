package io.gev.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frontends and backends of an HAProxy configuration, as far as the manifests' checks need them: what port a
 * frontend binds and which backend it uses; for a backend, the DNS name and port of its servers, its check port and
 * path, and whether it sends PROXY v2.
 */
final class HaproxyConfig {

    /** A {@code frontend}: {@code bind :port} and {@code default_backend name}. */
    record Frontend(String name, int port, String backend) {
    }

    /** A {@code backend} whose servers come from one {@code server-template}. */
    record Backend(String name, String host, int port, int checkPort, String checkPath, boolean sendsProxyV2) {
    }

    private static final Pattern BIND = Pattern.compile("^bind :(\\d+)$");
    private static final Pattern DEFAULT_BACKEND = Pattern.compile("^default_backend (\\S+)$");
    private static final Pattern HTTPCHK = Pattern.compile("^option httpchk GET (\\S+)$");
    private static final Pattern CHECK_PORT = Pattern.compile("\\bcheck port (\\d+)\\b");
    private static final Pattern TEMPLATE = Pattern.compile("^server-template \\S+ \\d+ ([^:\\s]+):(\\d+)\\b");

    final Map<String, Frontend> frontends = new LinkedHashMap<>();
    final Map<String, Backend> backends = new LinkedHashMap<>();

    /** Parses {@code text}, an {@code haproxy.cfg}. */
    static HaproxyConfig parse(String text) {
        HaproxyConfig config = new HaproxyConfig();
        List<String> section = new ArrayList<>();
        for (String line : (text + "\nend\n").lines().toList()) {
            String bare = line.replaceAll("#.*", "").strip();
            if (!line.startsWith(" ") && !bare.isEmpty()) {
                config.add(section);
                section = new ArrayList<>();
            }
            if (!bare.isEmpty()) {
                section.add(bare);
            }
        }
        return config;
    }

    private void add(List<String> section) {
        if (section.isEmpty()) {
            return;
        }
        String[] head = section.get(0).split(" ");
        if (head[0].equals("frontend")) {
            frontends.put(head[1], new Frontend(head[1], Integer.parseInt(find(section, BIND, 1)),
                    section.stream().anyMatch(l -> l.startsWith("default_backend"))
                            ? find(section, DEFAULT_BACKEND, 1) : null));
        } else if (head[0].equals("backend")) {
            backends.put(head[1], new Backend(head[1], find(section, TEMPLATE, 1),
                    Integer.parseInt(find(section, TEMPLATE, 2)), Integer.parseInt(find(section, CHECK_PORT, 1)),
                    find(section, HTTPCHK, 1),
                    section.stream().anyMatch(l -> l.startsWith("default-server ") && l.contains(" send-proxy-v2"))));
        }
    }

    private static String find(List<String> section, Pattern pattern, int group) {
        for (String line : section) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(group);
            }
        }
        throw new AssertionError("no line like '" + pattern + "' in " + section);
    }
}
