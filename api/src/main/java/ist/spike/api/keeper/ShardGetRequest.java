package ist.spike.api.keeper;

/** Body of {@code POST /v1/store/shard}: always {@code {}}. */
public record ShardGetRequest() {}
