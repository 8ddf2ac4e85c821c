package ist.spike.nexus.store;

final class MemoryBackendTest extends BackendContractTest {
  @Override
  BackendKind kind() {
    return BackendKind.MEMORY;
  }
}
