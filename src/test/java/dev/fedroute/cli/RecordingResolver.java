package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.Resolution;
import dev.fedroute.ServerName;
import dev.fedroute.ServerNameResolver;
import dev.fedroute.testing.UncachedResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A resolver for testing the CLI's own wiring (configuration, exit codes, closing, the deadline
 * guard): it records what it was built with and asked, and answers with a given function. The real
 * resolver is used wherever it can answer (see {@link FedrouteCliEndToEndTest}).
 */
final class RecordingResolver implements UncachedResolver {
  final List<FedrouteConfig> configs = new ArrayList<>();
  final List<ServerName> asked = new ArrayList<>();
  private final Function<ServerName, CompletionStage<Resolution>> answer;
  int closed;

  RecordingResolver(Function<ServerName, CompletionStage<Resolution>> answer) {
    this.answer = answer;
  }

  /** A factory that records the configuration and hands out this resolver. */
  Function<FedrouteConfig, ServerNameResolver> factory() {
    return config -> {
      configs.add(config);
      return this;
    };
  }

  /** The one configuration the CLI built. */
  FedrouteConfig config() {
    if (configs.size() != 1) {
      throw new AssertionError("expected one resolver to be built, got " + configs.size());
    }
    return configs.get(0);
  }

  @Override
  public CompletionStage<Resolution> resolve(ServerName serverName) {
    asked.add(serverName);
    return answer.apply(serverName);
  }

  @Override
  public void close() {
    closed++;
  }
}
