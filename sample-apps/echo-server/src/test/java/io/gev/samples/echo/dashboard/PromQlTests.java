package io.gev.samples.echo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.gev.samples.echo.dashboard.PromQl.Matcher;
import io.gev.samples.echo.dashboard.PromQl.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard check reads out of a query: metrics, matchers, grouping labels, counter functions. */
class PromQlTests {

    @Test
    void readsTheSelectorOfAnAggregatedRateWithGrafanaVariables() {
        List<Selector> selectors = PromQl.selectors("sum by (instance, server, type) "
                + "(rate(gev_errors_total{ server=~\"$server\" , type=\"decode\" }[$__rate_interval]))");

        assertThat(selectors).singleElement().satisfies(s -> {
            assertThat(s.metric()).isEqualTo("gev_errors_total");
            assertThat(s.matchers()).containsExactly(new Matcher("server", "=~", "$server"),
                    new Matcher("type", "=", "decode"));
            assertThat(s.matchers()).extracting(Matcher::literal).containsExactly(false, true);
            assertThat(s.groupingLabels()).containsExactlyInAnyOrder("instance", "server", "type");
            assertThat(s.readAsCounter()).isTrue();
        });
    }

    @Test
    void groupingAfterTheAggregationAndAGaugeOutsideCounterFunctions() {
        assertThat(PromQl.selectors("max(gev_loop_tasks_pending) by (loop)")).singleElement().satisfies(s -> {
            assertThat(s.metric()).isEqualTo("gev_loop_tasks_pending");
            assertThat(s.matchers()).isEmpty();
            assertThat(s.groupingLabels()).containsExactly("loop");
            assertThat(s.readAsCounter()).isFalse();
        });
    }

    @Test
    void everyOperandOfABinaryExpression() {
        List<Selector> selectors = PromQl.selectors(
                "rate(a_total[5m]) / on (server) group_left gev_b offset 5m > bool 0.5 and c");

        assertThat(selectors).extracting(Selector::metric).containsExactly("a_total", "gev_b", "c");
        assertThat(selectors).extracting(Selector::readAsCounter).containsExactly(true, false, false);
        assertThat(selectors.get(1).groupingLabels()).containsExactly("server");
    }

    @Test
    void stringArgumentsAreNoMetrics() {
        assertThat(PromQl.selectors("label_replace(up{job='x'}, \"dst\", \"$1\", \"src\", \"(.*)\")"))
                .extracting(Selector::metric).containsExactly("up");
    }

    @Test
    void rejectsWhatItCannotCheck() {
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("{__name__=\"gev_errors_total\"}"))
                .withMessageContaining("without a metric name");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("sum(rate(x[1m])"))
                .withMessageContaining("unbalanced");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("x{server=~\"a}"))
                .withMessageContaining("unclosed string");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("sum by (server, loop"))
                .withMessageContaining("')' missing");
    }
}
