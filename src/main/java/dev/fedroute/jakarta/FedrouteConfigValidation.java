package dev.fedroute.jakarta;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A CDI portable extension that checks the Fedroute configuration when the container starts: an
 * invalid value or unknown {@code fedroute.*} key becomes a deployment problem, so the bean
 * container (and the WAR deployment) fails at start-up with the one message of {@link
 * FedrouteConfigurationException}, instead of at the first resolution. Registered through {@code
 * META-INF/services/jakarta.enterprise.inject.spi.Extension}; the container calls it on one thread.
 */
public class FedrouteConfigValidation implements Extension {
  private static final System.Logger LOG =
      System.getLogger(FedrouteConfigValidation.class.getName());

  /** Creates the extension; the container does this through the service loader. */
  public FedrouteConfigValidation() {}

  /**
   * Maps the configuration and reports what is wrong as one deployment problem.
   *
   * @param event the container's event
   */
  void validate(@Observes AfterDeploymentValidation event) {
    try {
      FedrouteConfigMapper.map(ConfigProvider.getConfig());
      LOG.log(Level.DEBUG, "Fedroute configuration is valid");
    } catch (FedrouteConfigurationException e) {
      event.addDeploymentProblem(e);
    } catch (IllegalStateException | LinkageError e) {
      event.addDeploymentProblem(
          new IllegalStateException(
              "Fedroute reads its configuration through MicroProfile Config, but none is"
                  + " available: "
                  + e,
              e));
    }
  }
}
