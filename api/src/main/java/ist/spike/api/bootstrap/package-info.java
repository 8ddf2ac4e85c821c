/** Records of {@code /v1/bootstrap/verify}, which Bootstrap calls on Nexus. */
package ist.spike.api.bootstrap;
