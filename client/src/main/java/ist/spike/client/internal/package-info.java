/** SDK internals: the HTTP transport. Not API. */
package ist.spike.client.internal;
