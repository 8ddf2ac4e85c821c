package ist.spike.pilot.operator;

import ist.spike.client.transport.NexusEndpoints;
import ist.spike.custody.NexusOperatorClient;
import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.SvidSources;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Opens {@link NexusOperatorClient} with this Pilot's SVID after checking locally, as SPIKE does,
 * that the SVID carries the role the command needs.
 */
final class SvidOperatorApiFactory implements OperatorApiFactory {
  @Override
  public OperatorApi open(Map<String, String> env, Role role) throws OperatorApiException {
    // SPIKE_PILOT_ROLE was applied by PilotMain.run
    SpikeRole needed =
        switch (role) {
          case RECOVER -> SpikeRole.PILOT_RECOVER;
          case RESTORE -> SpikeRole.PILOT_RESTORE;
          case SUPERUSER -> SpikeRole.PILOT_SUPERUSER;
        };
    SpikeRoles roles = SpikeRoles.fromEnv(env);
    Optional<String> missing = ist.spike.pilot.SvidSetting.missing(env);
    if (missing.isPresent()) {
      throw new OperatorApiException(
          Optional.empty(), "cannot load this Pilot's SVID: " + missing.get());
    }
    X509SvidSource source;
    try {
      source = SvidSources.fromEnv(env);
    } catch (RuntimeException e) {
      throw new OperatorApiException(
          Optional.empty(), "cannot load this Pilot's SVID: " + e.getMessage());
    }
    try {
      if (!roles.has(source.svid().spiffeId(), needed)) {
        throw new OperatorApiException(
            Optional.empty(),
            "you need the '"
                + role.name
                + "' role (spiffe://<trust root>/"
                + needed.path()
                + ") but this SVID is "
                + source.svid().spiffeId()
                + (role == Role.SUPERUSER
                    ? "; with bin/spike-dev run it without SPIKE_PILOT_ROLE"
                    : "; with bin/spike-dev run: SPIKE_PILOT_ROLE="
                        + role.name
                        + " bin/spike operator "
                        + role.name));
      }
      Env e = Env.of(env);
      // with several URLs (instances sharing one database, ADR-0093) the first one is used
      URI nexus =
          NexusEndpoints.parse(e.get("SPIKE_NEXUS_API_URL", "https://localhost:8553"))
              .urls()
              .get(0);
      NexusOperatorClient client =
          NexusOperatorClient.create(
              source,
              roles.verifierFor(SpikeRole.NEXUS),
              nexus,
              e.duration("SPIKE_HTTP_CLIENT_TIMEOUT", Duration.ofSeconds(60)));
      return new OperatorApi() {
        @Override
        public java.util.List<ist.spike.crypto.shamir.Shard> recover() throws OperatorApiException {
          return client.recover();
        }

        @Override
        public ist.spike.crypto.shamir.FeldmanCommitments commitments()
            throws OperatorApiException {
          return client.commitments();
        }

        @Override
        public RestoreStatus restore(ist.spike.crypto.shamir.Shard shard)
            throws OperatorApiException {
          return client.restore(shard);
        }

        @Override
        public RotationStatus rotate() throws OperatorApiException {
          return client.rotate();
        }

        @Override
        public RotationStatus rotationStatus() throws OperatorApiException {
          return client.rotationStatus();
        }

        @Override
        public RekeyStatus rekey(int threshold, int shares, boolean confirmRecoveryFiles)
            throws OperatorApiException {
          return client.rekey(threshold, shares, confirmRecoveryFiles);
        }

        @Override
        public RekeyStatus rekeyStatus() throws OperatorApiException {
          return client.rekeyStatus();
        }

        @Override
        public void close() {
          client.close();
          source.close();
        }
      };
    } catch (OperatorApiException | RuntimeException e) {
      source.close();
      throw e;
    }
  }
}
