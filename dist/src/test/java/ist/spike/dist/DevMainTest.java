package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.dist.stack.StackOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DevMainTest {
  @Test
  void keeperInterval_default_isWithinTheDevelopmentBound() {
    DevMain main = new DevMain();
    new CommandLine(main).parseArgs();
    assertThat(DevMain.parseDuration("--keeper-interval", main.keeperInterval))
        .isPositive()
        .isLessThanOrEqualTo(StackOptions.MAX_KEEPER_INTERVAL);
  }
}
