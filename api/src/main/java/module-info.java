/**
 * SPIKE's wire contract: request and response records, routes, error codes and the Go-compatible
 * JSON codec. {@code ist.spike.api.internal} (the codec's Jackson parts) is not API.
 */
module ist.spike.api {
  requires transitive com.fasterxml.jackson.databind;

  exports ist.spike.api;
  exports ist.spike.api.bootstrap;
  exports ist.spike.api.cipher;
  exports ist.spike.api.json;
  exports ist.spike.api.keeper;
  exports ist.spike.api.operator;
  exports ist.spike.api.policy;
  exports ist.spike.api.secret;
  exports ist.spike.api.transit;

  // Jackson reads the records and builds the codec's serializers reflectively.
  opens ist.spike.api to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.bootstrap to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.cipher to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.internal to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.keeper to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.operator to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.policy to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.secret to
      com.fasterxml.jackson.databind;
  opens ist.spike.api.transit to
      com.fasterxml.jackson.databind;
}
