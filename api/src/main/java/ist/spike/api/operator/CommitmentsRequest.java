package ist.spike.api.operator;

/** Body of {@code POST /v1/operator/commitments}: always {@code {}}. */
public record CommitmentsRequest() {}
