package ist.spike.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstRequestsTest {
  private final FirstRequests rounds =
      new FirstRequests(new double[] {90.0, 4.0, 3.0}, new double[] {30.0, 2.0, 1.0});

  @Test
  void firstPutAndGet_areTheFirstRoundsLatencies() {
    assertThat(rounds.firstPut()).isEqualTo(90.0);
    assertThat(rounds.firstGet()).isEqualTo(30.0);
  }

  @Test
  void totalMillis_addsEveryPutAndGet() {
    assertThat(rounds.totalMillis()).isEqualTo(130.0);
  }

  @Test
  void toString_givesTheFiguresTheExperimentPrints() {
    assertThat(rounds).hasToString("first put 90.0 ms, first get 30.0 ms, 3 rounds 130.0 ms");
  }
}
