/**
 * Server metrics with Micrometer, exposed in the Prometheus text format on a plain-HTTP listener of
 * their own ({@link ist.spike.server.metrics.MetricsEndpoint}); {@link
 * ist.spike.server.metrics.RefusalCounter} is the hook protection limits call when they refuse a
 * request.
 */
package ist.spike.server.metrics;
