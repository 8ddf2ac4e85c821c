package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.internal.FieldCipher;
import ist.spike.nexus.store.internal.GroupCommitWriter;
import ist.spike.nexus.store.internal.SchemaMigrations;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Encrypted SQLite storage. One writer connection on one thread (group commit), a small pool of
 * read-only connections, WAL and {@code synchronous=FULL} by default.
 *
 * <p>Tables: {@code secret_metadata(path, encrypted_index)} holds each secret's metadata and
 * version states; {@code secret_versions(path, version, encrypted_values)} holds one row per stored
 * version, written once and deleted when pruned; {@code policies(name, encrypted_policy)}; {@code
 * nexus_meta(name, value)} holds the key-check value. Every encrypted field is bound to its table,
 * row and field by associated data.
 */
final class SqliteBackend extends JdbcBackend {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteBackend.class);
  static final String DB_FILE = "spike.db";

  private final Path dbFile;
  private final GroupCommitWriter writer;
  private final BlockingQueue<Connection> readers;
  private final List<Connection> allReaders = new ArrayList<>();

  private SqliteBackend(
      Path dbFile,
      FieldCipher fields,
      SpikeCompatCipher cipher,
      GroupCommitWriter writer,
      int readers) {
    super(fields, cipher);
    this.dbFile = dbFile;
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers);
  }

  static SqliteBackend open(
      BackendConfig config,
      FieldCipher fields,
      SpikeCompatCipher cipher,
      IntConsumer committedBatches) {
    requireNonNull(config, "config");
    Path dbFile = prepareFiles(config.dataDir());
    String url = "jdbc:sqlite:" + dbFile;
    SQLiteConfig writeConfig = baseConfig(config);
    Connection writeConnection = null;
    GroupCommitWriter writer = null;
    try {
      writeConnection = writeConfig.createConnection(url);
      writeConnection.setAutoCommit(false);
      int version = SchemaMigrations.migrate(writeConnection);
      writer =
          new GroupCommitWriter(
              writeConnection, config.maxBatch(), "nexus-sqlite-writer", committedBatches);
      SqliteBackend backend =
          new SqliteBackend(dbFile, fields, cipher, writer, config.readConnections());
      SQLiteConfig readConfig = baseConfig(config);
      readConfig.setReadOnly(true);
      for (int i = 0; i < config.readConnections(); i++) {
        Connection r = readConfig.createConnection(url);
        backend.allReaders.add(r);
        backend.readers.add(r);
      }
      LOG.info(
          "opened SQLite store {} (schema {}, journal {}, synchronous {}, storage key {})",
          dbFile,
          version,
          config.journalMode(),
          config.synchronous(),
          fields.keyIdHex());
      return backend;
    } catch (SQLException e) {
      if (writer != null) {
        writer.close();
      } else if (writeConnection != null) {
        try {
          writeConnection.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new StoreException("cannot open the SQLite database " + dbFile, e);
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.close();
      } else if (writeConnection != null) {
        try {
          writeConnection.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static SQLiteConfig baseConfig(BackendConfig config) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.valueOf(config.journalMode()));
    c.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(config.synchronous().name()));
    c.setBusyTimeout(config.busyTimeoutMillis());
    // pruned and overwritten rows are zeroed in the file, not left in free pages
    c.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    c.enforceForeignKeys(true);
    return c;
  }

  /** Creates the data directory (0700) and an empty database file (0600) if absent. */
  private static Path prepareFiles(Path dataDir) {
    try {
      if (!Files.isDirectory(dataDir)) {
        Files.createDirectories(dataDir);
      }
      setPermissions(dataDir, "rwx------");
      Path db = dataDir.resolve(DB_FILE);
      try {
        Files.createFile(
            db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // existing database
      }
      setPermissions(db, "rw-------");
      return db;
    } catch (IOException e) {
      throw new StoreException("cannot prepare the data directory " + dataDir, e);
    }
  }

  private static void setPermissions(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      LOG.warn("cannot set POSIX permissions on {}; restrict access to it yourself", p);
    }
  }

  @Override
  public BackendKind kind() {
    return BackendKind.SQLITE;
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  protected <T> T write(GroupCommitWriter.Work<T> work) {
    return writer.execute(work);
  }

  @Override
  protected <T> T read(String what, Read<T> read) {
    if (closed) {
      throw new StoreException("the database is closed");
    }
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database connection");
    }
    try {
      return read.run(c);
    } catch (SQLException e) {
      throw new StoreException("database read failed: " + what, e);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public Optional<byte[]> loadKeyCheck() {
    return read(
        "key check",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT value FROM nexus_meta WHERE name = ?")) {
            ps.setString(1, KEY_CHECK);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean hasData() {
    return read(
        "has data",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT EXISTS (SELECT 1 FROM secret_metadata)"
                          + " OR EXISTS (SELECT 1 FROM policies)");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
          }
        });
  }

  @Override
  public StoreExport exportSealed(Clock clock) {
    return read(
        "snapshot",
        c -> {
          Instant startedAt = clock.instant();
          // one read transaction: WAL gives it one snapshot of the database, fixed by its first
          // read
          c.setAutoCommit(false);
          try {
            StoreExport export = tables.export(c, startedAt);
            c.commit();
            return export;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Returns {commits, writes} of the writer so far, for tests and diagnostics. */
  long[] writerStats() {
    return new long[] {writer.commitCount(), writer.writeCount()};
  }

  /** Returns the database file, for tests and diagnostics. */
  Path databaseFile() {
    return dbFile;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // readers first: the writer, closing last, checkpoints the WAL into the database file
    for (Connection r : allReaders) {
      try {
        r.close();
      } catch (SQLException e) {
        LOG.warn("closing a read connection failed", e);
      }
    }
    writer.close();
    closeCiphers();
  }

  @Override
  public String toString() {
    return "SqliteBackend[" + dbFile + "]";
  }
}
