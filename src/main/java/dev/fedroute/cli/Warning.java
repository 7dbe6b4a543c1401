package dev.fedroute.cli;

import java.util.Objects;

/**
 * A hint in plain words: something that works but is worth fixing, or that explains a failure.
 * Immutable.
 *
 * @param code the stable code, for example {@code legacy_srv}
 * @param message the explanation for people
 */
record Warning(String code, String message) {
  /** Checks that both are given. */
  Warning {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
