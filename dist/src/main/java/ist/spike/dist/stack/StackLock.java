package ist.spike.dist.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code spike-dev} per stack directory: an OS file lock on {@code DIR/spike-dev.lock}, held
 * for the life of the process (the OS releases it when the process dies, even on {@code kill -9}),
 * with the holder's PID in the file so that a second one can say who has it.
 */
public final class StackLock implements AutoCloseable {
  static final String FILE = "spike-dev.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private StackLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of a stack directory (created with 0700 if absent).
   *
   * @param dir the stack directory
   * @return the held lock; close it (or exit) to release it
   * @throws StackStartException if another process holds it; the message names its PID
   * @throws IOException if the lock file cannot be created
   */
  public static StackLock acquire(Path dir) throws StackStartException, IOException {
    Path abs = dir.toAbsolutePath().normalize();
    DevStack.createPrivateDirectory(abs);
    Path file = abs.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      String holder = readPid(channel);
      channel.close();
      throw new StackStartException(
          abs
              + " is in use by another spike-dev (pid "
              + holder
              + "); stop that one first (kill "
              + holder
              + ") or use another --dir");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
        0);
    channel.force(false);
    return new StackLock(channel, lock);
  }

  private static String readPid(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    return text.strip().matches("[0-9]+") ? text.strip() : "unknown";
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }

  /** Whether {@code dir}'s lock file exists (for tests). */
  static boolean exists(Path dir) {
    return Files.exists(dir.resolve(FILE));
  }
}
