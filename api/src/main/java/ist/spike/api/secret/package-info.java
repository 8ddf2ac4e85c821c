/** Request and response records of the Nexus secret routes ({@code /v1/store/secrets...}). */
package ist.spike.api.secret;
