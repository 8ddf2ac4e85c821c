package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.jetty.http.MimeTypes;
import org.junit.jupiter.api.Test;

class SpikeServerSlowClassesTest {
  @Test
  void initializeSlowClasses_fromSeveralThreadsAtOnce_leavesJettysMimeTableWhole()
      throws Exception {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads =
        IntStream.range(0, 4)
            .mapToObj(
                i ->
                    Thread.ofPlatform()
                        .name("slow-classes-" + i)
                        .uncaughtExceptionHandler((t, e) -> failures.add(e))
                        .start(SpikeServer::initializeSlowClasses))
            .toList();
    for (Thread t : threads) {
      t.join();
    }
    SpikeServer.initializeSlowClasses();
    assertThat(failures).isEmpty();
    // the table the server's responses use is the one initialised, with its defaults loaded
    assertThat(MimeTypes.DEFAULTS.getMimeByExtension("x.json")).isEqualTo("application/json");
  }
}
