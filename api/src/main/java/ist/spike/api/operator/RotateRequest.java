package ist.spike.api.operator;

/**
 * Body of {@code POST /v1/operator/rotate} (start a root-key rotation) and of {@code
 * ?action=status} (its progress); our extension (ADR-0162): always {@code {}}.
 */
public record RotateRequest() {}
