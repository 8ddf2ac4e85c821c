/**
 * SVIDs from the SPIFFE Workload API (a SPIRE agent) through java-spiffe: the optional {@code
 * ist.spike:spike-sdk-spiffe} artifact. With it on the class path, {@code SPIFFE_ENDPOINT_SOCKET}
 * works for the SDK and the servers; gRPC and Netty come only with it.
 */
package ist.spike.identity.workloadapi;
