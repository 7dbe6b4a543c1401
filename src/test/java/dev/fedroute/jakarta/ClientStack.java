package dev.fedroute.jakarta;

import jakarta.ws.rs.client.ClientBuilder;
import java.util.function.Supplier;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;

/** The two JAX-RS client implementations every filter test runs with. */
enum ClientStack {
  /** WildFly's client. */
  RESTEASY(ResteasyClientBuilderImpl::new),
  /** Payara's client, with its default HttpURLConnection connector. */
  JERSEY(JerseyClientBuilder::new);

  private final Supplier<ClientBuilder> builders;

  ClientStack(Supplier<ClientBuilder> builders) {
    this.builders = builders;
  }

  /**
   * A supplier of fresh builders of this stack.
   *
   * @return the supplier
   */
  Supplier<ClientBuilder> builders() {
    return builders;
  }
}
