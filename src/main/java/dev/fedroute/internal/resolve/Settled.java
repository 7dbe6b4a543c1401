package dev.fedroute.internal.resolve;

import dev.fedroute.Resolution;
import java.util.concurrent.CompletionException;

/**
 * A finished resolution or its failure, as the resolution cache keeps it. A resolution is kept as
 * the very entry that the hot path serves ({@link ResolutionHits.Hit}), so that a cached name holds
 * one object for both. Failures are cached too, for no time at all, so that concurrent callers
 * share them without the cache treating them as errors of its own.
 */
sealed interface Settled permits ResolutionHits.Hit, Settled.Failed {

  /**
   * The resolution.
   *
   * @return it, or {@code null} for a failure
   */
  Resolution resolution();

  /**
   * The resolution, or its failure thrown.
   *
   * @return the resolution
   * @throws CompletionException around the failure
   */
  Resolution resolutionOrThrow();

  /**
   * A failed resolution.
   *
   * @param failure what it failed with
   */
  record Failed(Throwable failure) implements Settled {
    @Override
    public Resolution resolution() {
      return null;
    }

    @Override
    public Resolution resolutionOrThrow() {
      throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
    }
  }
}
