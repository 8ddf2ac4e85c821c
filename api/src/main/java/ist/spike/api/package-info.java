/** SPIKE's wire contract: paths, actions, error codes, request and response records, JSON codec. */
package ist.spike.api;
