package ist.spike.api.operator;

/** Body of {@code POST /v1/operator/recover}: always {@code {}}. */
public record RecoverRequest() {}
