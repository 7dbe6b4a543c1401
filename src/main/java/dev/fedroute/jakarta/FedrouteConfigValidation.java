package dev.fedroute.jakarta;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
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

  private volatile Config mappedConfig;
  private volatile FedrouteConfigMapper.Mapped mapped;

  /** Creates the extension; the container does this through the service loader. */
  public FedrouteConfigValidation() {}

  /**
   * What the deployment's validation mapped, for the bean to use instead of mapping again.
   *
   * @param config the configuration the caller would map
   * @return the mapping of that very configuration, or empty when validation mapped another one (or
   *     none)
   */
  Optional<FedrouteConfigMapper.Mapped> mappingOf(Config config) {
    FedrouteConfigMapper.Mapped result = mapped;
    return result != null && mappedConfig == config ? Optional.of(result) : Optional.empty();
  }

  /**
   * Maps the configuration and reports what is wrong as one deployment problem; a valid mapping is
   * kept for {@link FedrouteResolver}, so the deployment maps (and checks the trust store) once.
   *
   * @param event the container's event
   */
  void validate(@Observes AfterDeploymentValidation event) {
    try {
      Config config = ConfigProvider.getConfig();
      mapped = FedrouteConfigMapper.map(config);
      mappedConfig = config;
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
