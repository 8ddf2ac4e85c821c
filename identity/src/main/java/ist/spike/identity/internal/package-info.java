/** Not API: PEM encoding, owner-only files, the JSSE key and trust managers. */
package ist.spike.identity.internal;
