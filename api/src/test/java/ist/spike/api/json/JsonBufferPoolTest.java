package ist.spike.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Servers handle each request on a new virtual thread: Jackson's buffers must be reused across
 * threads, or every request allocates a fresh set (issue 13: a third of Nexus's allocation on the
 * new-connection path).
 */
class JsonBufferPoolTest {
  @Test
  void mapperBuffers_releasedOnOneThread_reusedOnANewVirtualThread() throws Exception {
    ObjectMapper mapper = SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT);
    RecyclerPool<BufferRecycler> pool = mapper.getFactory()._getRecyclerPool();

    BufferRecycler first = onNewVirtualThread(pool);
    BufferRecycler second = onNewVirtualThread(pool);

    assertThat(second).isSameAs(first);
  }

  @Test
  void pool_isBounded() {
    RecyclerPool<BufferRecycler> pool = SpikeJson.pooledFactoryBuilder().build()._getRecyclerPool();

    assertThat(pool.pooledCount()).isZero();
    for (int i = 0; i < SpikeJson.RECYCLED_BUFFER_SETS + 10; i++) {
      pool.releasePooled(new BufferRecycler().withPool(pool));
    }
    assertThat(pool.pooledCount()).isEqualTo(SpikeJson.RECYCLED_BUFFER_SETS);
  }

  /** Takes a buffer set from the pool on a new virtual thread and gives it back. */
  private static BufferRecycler onNewVirtualThread(RecyclerPool<BufferRecycler> pool)
      throws InterruptedException {
    AtomicReference<BufferRecycler> taken = new AtomicReference<>();
    Thread.ofVirtual()
        .start(
            () -> {
              BufferRecycler r = pool.acquireAndLinkPooled();
              taken.set(r);
              r.releaseToPool();
            })
        .join();
    return taken.get();
  }
}
