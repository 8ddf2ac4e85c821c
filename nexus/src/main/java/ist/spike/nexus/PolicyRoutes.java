package ist.spike.nexus;

import ist.spike.api.policy.PolicyDeleteRequest;
import ist.spike.api.policy.PolicyDeleteResponse;
import ist.spike.api.policy.PolicyListItem;
import ist.spike.api.policy.PolicyListRequest;
import ist.spike.api.policy.PolicyListResponse;
import ist.spike.api.policy.PolicyPutRequest;
import ist.spike.api.policy.PolicyPutResponse;
import ist.spike.api.policy.PolicyReadRequest;
import ist.spike.api.policy.PolicyReadResponse;
import ist.spike.identity.SpiffeId;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.nexus.policy.InvalidPolicyException;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyNotFoundException;
import ist.spike.nexus.policy.PolicyRules;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.NotFoundException;
import ist.spike.server.Route;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The policy routes. Their authorization depends only on the caller (permissions on {@code
 * spike/system/acl}), so it runs in the route guard, before the body is read.
 */
final class PolicyRoutes {
  private static final String PATH = "/v1/acl/policy";

  private final Supplier<PolicyService> policies;
  private final Supplier<DataPlaneAccess> access;

  PolicyRoutes(Supplier<PolicyService> policies, Supplier<DataPlaneAccess> access) {
    this.policies = policies;
    this.access = access;
  }

  List<Route> routes() {
    return List.of(
        Route.of(
                PATH,
                "",
                guard(
                    "superuser or policy write on spike/system/acl",
                    p -> access.get().mayWritePolicies(p)),
                this::put)
            .withErrorBody(PolicyPutResponse::error),
        Route.of(
                PATH,
                "get",
                guard(
                    "superuser or policy read on spike/system/acl",
                    p -> access.get().mayReadPolicies(p)),
                this::get)
            .withErrorBody(PolicyReadResponse::error),
        Route.of(
                PATH,
                "delete",
                guard(
                    "superuser or policy write on spike/system/acl",
                    p -> access.get().mayWritePolicies(p)),
                this::delete)
            .withErrorBody(PolicyDeleteResponse::error),
        Route.of(
                PATH,
                "list",
                guard(
                    "superuser or policy list on spike/system/acl",
                    p -> access.get().mayListPolicies(p)),
                this::list)
            .withErrorBody(PolicyListResponse::error));
  }

  static Guard guard(String description, Predicate<String> check) {
    return new Guard() {
      @Override
      public boolean permits(SpiffeId peer) {
        try {
          return check.test(peer.toString());
        } catch (DataPlaneRoutes.NotReadyUnchecked e) {
          return true; // the handler answers 503
        }
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  private SpikeResponse put(SpikeRequest req) throws Exception {
    PolicyPutRequest body = req.readJson(PolicyPutRequest.class);
    req.auditResource("policy", String.valueOf(body.name()));
    PolicyDraft draft =
        new PolicyDraft(
            body.name(), body.spiffeidPattern(), body.pathPattern(), body.permissions());
    try {
      PolicyRules.checkWireFormat(draft);
      policies.get().upsert(draft);
    } catch (InvalidPolicyException e) {
      throw new BadRequestException(e.getMessage());
    }
    return SpikeResponse.json(PolicyPutResponse.success());
  }

  private SpikeResponse get(SpikeRequest req) throws Exception {
    PolicyReadRequest body = req.readJson(PolicyReadRequest.class);
    req.auditResource("policy_id", String.valueOf(body.id()));
    PolicyRecord p;
    try {
      p = policies.get().get(body.id());
    } catch (InvalidPolicyException e) {
      throw new BadRequestException(e.getMessage());
    } catch (PolicyNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
    return SpikeResponse.json(
        PolicyReadResponse.success(
            p.name(),
            p.spiffeIdPattern(),
            p.pathPattern(),
            p.permissions(),
            SecretRoutes.time(p.createdAt()),
            SecretRoutes.time(p.updatedAt())));
  }

  private SpikeResponse delete(SpikeRequest req) throws Exception {
    PolicyDeleteRequest body = req.readJson(PolicyDeleteRequest.class);
    req.auditResource("policy_id", String.valueOf(body.id()));
    try {
      policies.get().delete(body.id());
    } catch (InvalidPolicyException e) {
      throw new BadRequestException(e.getMessage());
    } catch (PolicyNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    }
    return SpikeResponse.json(PolicyDeleteResponse.success());
  }

  private SpikeResponse list(SpikeRequest req) throws Exception {
    PolicyListRequest body = req.readJson(PolicyListRequest.class);
    List<PolicyListItem> items = new ArrayList<>();
    for (PolicyRecord p : policies.get().list(body.spiffeidPattern(), body.pathPattern())) {
      items.add(new PolicyListItem("", p.name()));
    }
    return SpikeResponse.json(PolicyListResponse.success(items));
  }
}
