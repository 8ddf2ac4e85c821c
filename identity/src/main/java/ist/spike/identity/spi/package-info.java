/** Service interfaces that optional artifacts implement (the Workload API connector). */
package ist.spike.identity.spi;
