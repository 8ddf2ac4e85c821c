package ist.spike.api.transit;

/** Body of {@code /v1/transit/keys?action=list}: {@code {}}. */
public record TransitKeyListRequest() {}
