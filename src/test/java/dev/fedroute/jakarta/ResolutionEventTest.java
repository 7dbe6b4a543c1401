package dev.fedroute.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedroute.ErrorCode;
import dev.fedroute.ServerName;
import dev.fedroute.Step;
import dev.fedroute.jakarta.ResolutionEvent.Result;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The event carries exactly the fields of its outcome. */
class ResolutionEventTest {
  private static final ServerName NAME = ServerName.parse("example.org");

  @Test
  void factoriesSetTheFieldsOfTheirOutcome() {
    ResolutionEvent ok = ResolutionEvent.ok(NAME, Step.SRV, true, Duration.ofMillis(3));
    ResolutionEvent error =
        ResolutionEvent.error(NAME, ErrorCode.NO_ADDRESS, false, Duration.ofMillis(4));

    assertThat(ok)
        .isEqualTo(
            new ResolutionEvent(NAME, Result.OK, Step.SRV, null, true, Duration.ofMillis(3)));
    assertThat(error.result()).isEqualTo(Result.ERROR);
    assertThat(error.step()).isNull();
    assertThat(error.errorCode()).isEqualTo(ErrorCode.NO_ADDRESS);
  }

  @Test
  void mismatchedFieldsAreRejected() {
    assertThatThrownBy(() -> new ResolutionEvent(NAME, Result.OK, null, null, false, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ResolutionEvent(
                    NAME, Result.ERROR, Step.SRV, ErrorCode.TIMEOUT, false, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResolutionEvent.ok(NAME, Step.SRV, false, null))
        .isInstanceOf(NullPointerException.class);
  }
}
