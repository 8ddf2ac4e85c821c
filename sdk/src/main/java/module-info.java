/**
 * The public Java SDK for SPIKE Nexus. Exports the client, its typed errors and the transport;
 * everything else is internal. Needs the JDK, Jackson and the {@code ist.spike.api} and {@code
 * ist.spike.identity} modules; the Workload API add-on is {@code spike-sdk-spiffe}.
 */
module ist.spike.sdk {
  requires transitive ist.spike.api;
  requires transitive ist.spike.identity;
  requires transitive java.net.http;

  exports ist.spike.client;
  exports ist.spike.client.error;
  exports ist.spike.client.transport;

  // Jackson writes the SDK's own request records (check-and-set put).
  opens ist.spike.client to
      com.fasterxml.jackson.databind;
}
