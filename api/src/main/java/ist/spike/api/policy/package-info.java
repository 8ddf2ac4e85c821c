/**
 * Request and response records of the Nexus policy routes ({@code /v1/acl/policy}). Note SPIKE's
 * spelling: requests use {@code spiffeidPattern}, responses {@code spiffiedPattern}.
 */
package ist.spike.api.policy;
