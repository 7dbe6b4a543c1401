package dev.fedroute.internal.wellknown;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.fedroute.ServerName;
import dev.fedroute.WellKnownResult.Failure;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzing of the {@code .well-known/matrix/server} body parser: any bytes give a delegation to a
 * valid server name, or a problem with the code {@code invalid_json} or {@code invalid_m_server};
 * the parser never throws. Regression inputs:
 * src/test/resources/dev/fedroute/internal/wellknown/WellKnownBodyFuzzTestInputs.
 */
@Tag("fuzz")
class WellKnownBodyFuzzTest {

  @FuzzTest(maxDuration = "3m")
  void wellKnownBody(@NotNull byte[] body) {
    WellKnownParser.Parsed parsed = WellKnownParser.parse(body);

    if (parsed.delegates()) {
      assertThat(ServerName.parse(parsed.mServer()).text()).isEqualTo(parsed.mServer());
      assertThat(parsed.problem()).isNull();
      assertThat(parsed.failure()).isNull();
    } else {
      assertThat(parsed.problem()).isNotBlank();
      assertThat(parsed.failure()).isIn(Failure.INVALID_JSON, Failure.INVALID_M_SERVER);
    }
  }
}
