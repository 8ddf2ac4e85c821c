/** Not API: the Jetty handler, bounded body streams, JSON limits, audit records, timeouts. */
package ist.spike.server.internal;
