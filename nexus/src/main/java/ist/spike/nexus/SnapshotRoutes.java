package ist.spike.nexus;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.snapshot.InvalidSnapshotException;
import ist.spike.nexus.snapshot.SnapshotManifest;
import ist.spike.nexus.snapshot.Snapshots;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.StoreExport;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Snapshot routes for the superuser: {@code POST /v1/operator/snapshot} answers the snapshot file
 * ({@code application/octet-stream}); {@code POST /v1/operator/snapshot?action=restore} takes one
 * as its body and restores it into the empty store, answering the manifest.
 */
final class SnapshotRoutes {
  static final String PATH = "/v1/operator/snapshot";

  /** Largest snapshot accepted for restore. */
  static final long MAX_SNAPSHOT_BYTES = 512L << 20;

  private final Supplier<Backend> backend;
  private final Snapshots snapshots;
  private final SpikeRoles roles;

  SnapshotRoutes(Supplier<Backend> backend, Snapshots snapshots, SpikeRoles roles) {
    this.backend = backend;
    this.snapshots = snapshots;
    this.roles = roles;
  }

  List<Route> routes() {
    Guard superuser = Guard.roles(roles, SpikeRole.PILOT_SUPERUSER);
    return List.of(
        Route.of(PATH, "", superuser, this::take),
        Route.of(PATH, "restore", superuser, this::restore).withMaxBodyBytes(MAX_SNAPSHOT_BYTES));
  }

  private SpikeResponse take(SpikeRequest req) throws Exception {
    Backend b = backend.get();
    StoreExport export;
    try {
      export = snapshots.export(b);
    } catch (UnsupportedOperationException e) {
      throw new BadRequestException(e.getMessage());
    }
    req.auditResource("rows", Integer.toString(export.rows().size()));
    return SpikeResponse.stream(
            200, "application/octet-stream", out -> snapshots.write(export, b, out))
        .withHeader("X-Content-Type-Options", "nosniff");
  }

  private SpikeResponse restore(SpikeRequest req) throws Exception {
    Backend b = backend.get();
    SnapshotManifest manifest;
    try (InputStream in = req.bodyStream()) {
      manifest = snapshots.restore(b, in);
    } catch (InvalidSnapshotException e) {
      throw new BadRequestException(e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new BadRequestException(e.getMessage());
    } catch (IllegalStateException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
    req.auditResource("secrets", Long.toString(manifest.secrets()));
    req.auditResource("policies", Long.toString(manifest.policies()));
    return SpikeResponse.json(manifest);
  }
}
