/** A real PostgreSQL server for tests, from the embedded binaries published on Maven Central. */
package ist.spike.testkit.pg;
