/**
 * Records of the break-glass routes {@code /v1/operator/recover} and {@code /v1/operator/restore}.
 */
package ist.spike.api.operator;
