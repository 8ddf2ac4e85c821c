/** Reading SPIKE's environment: Go-style durations and typed lookups with SPIKE's defaults. */
package ist.spike.identity.config;
