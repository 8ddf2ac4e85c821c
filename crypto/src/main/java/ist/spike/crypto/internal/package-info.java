/** Implementation helpers of the crypto module; not API, may change without notice. */
package ist.spike.crypto.internal;
