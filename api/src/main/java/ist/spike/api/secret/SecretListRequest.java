package ist.spike.api.secret;

/** Body of {@code POST /v1/store/secrets?action=list}: always {@code {}}. */
public record SecretListRequest() {}
