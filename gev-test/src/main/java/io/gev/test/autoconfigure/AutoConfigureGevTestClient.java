package io.gev.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Gives a Spring Boot test a {@link io.gev.test.GevTestClient} bean per gev server of the application: the default
 * server's is the primary bean ({@code gevTestClient}), a named server's is qualified by its name
 * ({@code @Qualifier("admin") GevTestClient admin}, bean {@code gevTestClient.admin}). Each connects when first used,
 * to the port the server bound (with {@code gev.port=0}, what it published as {@code local.gev.port}) and with the
 * server's own framing (WebSocket servers are spoken to as a WebSocket client, upgrading on {@code /}); each is closed
 * with the context. TLS and UDP servers get none.
 *
 * <pre>{@code
 * @SpringBootTest(properties = "gev.port=0")
 * @AutoConfigureGevTestClient
 * class EchoTests {
 *     @Autowired GevTestClient client;
 *
 *     @Test
 *     void echoes() {
 *         assertThat(client.send("hello").receiveString()).isEqualTo("hello");
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureGevTestClient {
}
