package io.gev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code deploy/k8s} against the samples' {@code application.yml} (and the container environment that
 * overrides it): ports, probes, shutdown timing, HAProxy's frontends and backends, and the environment's names.
 */
class KubernetesManifestsTests {

    private static final Path MANIFESTS = Path.of("k8s");
    private static final Path SAMPLES = Path.of("..", "sample-apps");
    private static final Set<String> DEPLOYED = Set.of("echo-server", "websocket-chat", "push-server",
            "redis-server", "tcp-proxy");
    /** What a pod needs after gev's drain: the web server's own shutdown and the JVM's exit. */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);
    private static final String READINESS = "/actuator/health/readiness";
    private static final String LIVENESS = "/actuator/health/liveness";

    private static Manifests manifests;

    @BeforeAll
    static void read() throws IOException {
        manifests = Manifests.read(MANIFESTS);
    }

    @Test
    void everySampleMeantToRunIsDeployedFromItsImage() {
        assertThat(samples()).containsAll(DEPLOYED);
        for (String sample : samples()) {
            assertThat(SAMPLES.resolve(sample).resolve("pom.xml")).as(sample).exists();
        }
    }

    @Test
    void containerPortsAreTheGevAndManagementPortsOfApplicationYml() throws IOException {
        for (String sample : samples()) {
            Map<String, Object> container = container(sample);
            SampleConfig config = config(sample);
            assertThat(Manifests.containerPort(container, "gev")).as(sample + " gev.port").isEqualTo(
                    config.port("gev.port"));
            assertThat(Manifests.containerPort(container, "management")).as(sample + " server.port").isEqualTo(
                    config.port("server.port"));
        }
    }

    @Test
    void probesAskTheActuatorGroupsOnTheManagementPort() throws IOException {
        for (String sample : samples()) {
            Map<String, Object> container = container(sample);
            SampleConfig config = config(sample);
            assertThat(config.get("management.endpoint.health.probes.enabled")).as(sample).isEqualTo("true");
            assertThat(config.get("management.endpoints.web.exposure.include")).as(sample).contains("health");
            assertThat(config.get("management.endpoint.health.group.readiness.include")).as(sample)
                    .contains("readinessState");
            assertProbe(sample, container, "readinessProbe", READINESS, config.port("server.port"));
            assertProbe(sample, container, "livenessProbe", LIVENESS, config.port("server.port"));
            assertProbe(sample, container, "startupProbe", LIVENESS, config.port("server.port"));
        }
    }

    @Test
    void terminationGraceCoversPreStopAndTheDrain() throws IOException {
        for (String sample : samples()) {
            SampleConfig config = config(sample);
            Map<String, Object> pod = Tree.map(manifests.get("Deployment", sample), "spec", "template", "spec");
            Duration preStop = Duration.ofSeconds(
                    Tree.number(container(sample), "lifecycle", "preStop", "sleep", "seconds"));
            Duration drain = config.duration("gev.shutdown-timeout");
            Duration grace = Duration.ofSeconds(Tree.number(pod, "terminationGracePeriodSeconds"));
            assertThat(grace).as(sample + ": preStop " + preStop + " + gev.shutdown-timeout " + drain + " + margin")
                    .isGreaterThanOrEqualTo(preStop.plus(drain).plus(SHUTDOWN_MARGIN));
            assertThat(config.duration("spring.lifecycle.timeout-per-shutdown-phase"))
                    .as(sample + ": Spring waits for gev's drain").isGreaterThanOrEqualTo(drain);
        }
    }

    @Test
    void servicesSelectTheirDeploymentAndTargetItsPorts() {
        for (Map<String, Object> service : manifests.all("Service")) {
            String name = Tree.text(service, "metadata", "name");
            Map<String, Object> selector = Tree.map(service, "spec", "selector");
            Map<String, Object> deployment = manifests.all("Deployment").stream()
                    .filter(d -> Tree.map(d, "spec", "template", "metadata", "labels").entrySet()
                            .containsAll(selector.entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " selects no Deployment"));
            for (Object port : Tree.list(service, "spec", "ports")) {
                Manifests.containerPort(Manifests.container(deployment), Tree.find(port, "targetPort"));
            }
        }
    }

    @Test
    void haproxyFrontendsAreItsServicePortsAndItsBackendsTheSamplesPods() throws IOException {
        HaproxyConfig haproxy = HaproxyConfig.parse(
                Tree.text(manifests.get("ConfigMap", "haproxy"), "data", "haproxy.cfg"));
        Map<String, Object> proxyContainer = Manifests.container(manifests.get("Deployment", "haproxy"));
        Set<Integer> servicePorts = new TreeSet<>();
        for (Object port : Tree.list(manifests.get("Service", "haproxy"), "spec", "ports")) {
            int target = Manifests.containerPort(proxyContainer, Tree.find(port, "targetPort"));
            assertThat(Tree.number(port, "port")).as("HAProxy Service port %s", port).isEqualTo(target);
            servicePorts.add(target);
        }
        Set<Integer> frontendPorts = new TreeSet<>();
        for (HaproxyConfig.Frontend frontend : haproxy.frontends.values()) {
            if (frontend.backend() != null) {
                assertThat(haproxy.backends).as(frontend.name()).containsKey(frontend.backend());
                frontendPorts.add(frontend.port());
            }
        }
        assertThat(frontendPorts).as("HAProxy's frontends and its Service's ports").isEqualTo(servicePorts);
        assertThat(haproxy.backends).isNotEmpty();
        for (HaproxyConfig.Backend backend : haproxy.backends.values()) {
            assertBackend(backend);
        }
    }

    @Test
    void environmentVariablesNameRealProperties() throws IOException {
        KnownProperties metadata = KnownProperties.fromMetadata();
        for (String sample : samples()) {
            KnownProperties known = metadata.with(config(sample));
            for (String variable : Manifests.env(container(sample)).keySet()) {
                if (!variable.startsWith("JAVA_")) {
                    assertThat(known.bindsTo(variable)).as(sample + ": " + variable + " binds to no property")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void clientsOfOtherServicesNameThemAndTheirPorts() throws IOException {
        Map<String, String> clustered = Map.of("websocket-chat", "chat.cluster.enabled",
                "push-server", "push.cluster.enabled");
        for (Map.Entry<String, String> sample : clustered.entrySet()) {
            SampleConfig config = config(sample.getKey());
            assertThat(config.get(sample.getValue())).as(sample.getKey() + " clustered").isEqualTo("true");
            assertServicePort(config.require("spring.data.redis.host"), config.port("spring.data.redis.port"));
        }
        SampleConfig proxy = config("tcp-proxy");
        String upstream = proxy.require("proxy.upstreams");
        String host = upstream.substring(0, upstream.lastIndexOf(':'));
        int port = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
        assertServicePort(host, port);
        SampleConfig upstreamConfig = config(Tree.text(manifests.get("Service", host), "spec", "selector",
                "app.kubernetes.io/name"));
        assertThat(port).as("the proxy's upstream is the echo instances' gev port")
                .isEqualTo(upstreamConfig.port("gev.port"));
        if ("required".equals(upstreamConfig.get("gev.proxy-protocol"))) {
            assertThat(proxy.get("proxy.send-proxy")).as("its upstream requires PROXY v2").isEqualTo("v2");
        }
    }

    private void assertBackend(HaproxyConfig.Backend backend) throws IOException {
        String suffix = ".default.svc.cluster.local";
        assertThat(backend.host()).as(backend.name()).endsWith(suffix);
        String serviceName = backend.host().substring(0, backend.host().length() - suffix.length());
        Map<String, Object> service = manifests.get("Service", serviceName);
        assertThat(Tree.text(service, "spec", "clusterIP")).as(serviceName + " is headless").isEqualTo("None");
        String sample = Tree.text(service, "spec", "selector", "app.kubernetes.io/name");
        SampleConfig config = config(sample);
        assertServicePort(serviceName, backend.port());
        assertThat(backend.port()).as(backend.name() + ": gev.port of " + sample).isEqualTo(config.port("gev.port"));
        assertThat(backend.checkPort()).as(backend.name() + ": server.port of " + sample)
                .isEqualTo(config.port("server.port"));
        assertThat(backend.checkPath()).as(backend.name()).isEqualTo(READINESS);
        assertThat(backend.sendsProxyV2()).as(backend.name() + " sends PROXY v2 when " + sample + " requires it")
                .isEqualTo("required".equals(config.get("gev.proxy-protocol")));
    }

    private static void assertServicePort(String serviceName, int port) {
        Map<String, Object> service = manifests.get("Service", serviceName);
        assertThat(Tree.list(service, "spec", "ports")).as(serviceName + " ports")
                .anySatisfy(p -> assertThat(Tree.number(p, "port")).isEqualTo(port));
    }

    private static void assertProbe(String sample, Map<String, Object> container, String probe, String path,
            int port) {
        assertThat(Tree.text(container, probe, "httpGet", "path")).as(sample + " " + probe).isEqualTo(path);
        assertThat(Manifests.containerPort(container, Tree.find(container, probe, "httpGet", "port")))
                .as(sample + " " + probe + " port").isEqualTo(port);
    }

    /** The samples the manifests deploy: Deployments of a gev/ image. */
    private static List<String> samples() {
        return manifests.all("Deployment").stream()
                .filter(d -> Tree.text(Manifests.container(d), "image").startsWith("gev/"))
                .map(d -> Tree.text(d, "metadata", "name")).toList();
    }

    private static Map<String, Object> container(String sample) {
        return Manifests.container(manifests.get("Deployment", sample));
    }

    private static SampleConfig config(String sample) throws IOException {
        return SampleConfig.read(SAMPLES.resolve(sample).resolve("src/main/resources/application.yml"),
                Manifests.env(container(sample)));
    }
}
