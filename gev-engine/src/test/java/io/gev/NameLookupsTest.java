package io.gev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The fixture that watches for name lookups sees one, and does not take a literal for one. */
class NameLookupsTest {

    @Test
    void aLookupIsRecordedAndALiteralIsNot() throws Exception {
        try (NameLookups lookups = NameLookups.record()) {
            Assumptions.assumeTrue(lookups != null, "no security manager on this JDK");
            InetAddress.getByName("127.0.0.1");
            new InetSocketAddress("::1", 80);
            assertThat(lookups.names()).isEmpty();
            try {
                InetAddress.getByName("localhost");
            } catch (java.net.UnknownHostException ignored) {
                // whether it resolves does not matter: it was looked up
            }
            assertThat(lookups.names()).containsExactly("localhost");
        }
    }
}
