package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.client.Client;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.junit.jupiter.api.Test;

/**
 * Jersey's clients get the Apache HttpClient 5 connector (which sends the Host header without any
 * JVM-wide flag); other stacks are left alone. That the Host header then arrives is shown on both
 * stacks by {@code FederationRoutingTest}, whose JVM runs without {@code
 * sun.net.http.allowRestrictedHeaders}.
 */
class JerseyConnectorTest {

  @Test
  void jerseyGetsTheApacheConnector() {
    JerseyClientBuilder builder = new JerseyClientBuilder();

    assertThat(JerseyConnector.choose(builder)).isTrue();
    try (Client client = builder.build()) {
      assertThat(client.getConfiguration().getProperty(JerseyConnector.CONNECTOR_PROVIDER))
          .isEqualTo(JerseyConnector.APACHE5);
      assertThat(client.getConfiguration().getProperty(JerseyConnector.DISABLE_COOKIES))
          .isEqualTo(true);
    }
    assertThat(Boolean.getBoolean("sun.net.http.allowRestrictedHeaders"))
        .as("this JVM does not allow restricted headers")
        .isFalse();
  }

  @Test
  void otherStacksAreLeftAlone() {
    ResteasyClientBuilderImpl builder = new ResteasyClientBuilderImpl();

    assertThat(JerseyConnector.choose(builder)).isFalse();
    try (Client client = builder.build()) {
      assertThat(client.getConfiguration().getProperty(JerseyConnector.CONNECTOR_PROVIDER))
          .isNull();
    }
  }
}
