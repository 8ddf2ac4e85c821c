/** {@code spike cipher …}: encrypt and decrypt through Nexus (encryption as a service). */
package ist.spike.pilot.cipher;
