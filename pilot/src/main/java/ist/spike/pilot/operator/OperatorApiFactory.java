package ist.spike.pilot.operator;

import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.util.Map;

/** Opens the operator API with the SVID of a Pilot role, after checking that role locally. */
@FunctionalInterface
interface OperatorApiFactory {
  /** The two break-glass roles, and the superuser (root-key rotation). */
  enum Role {
    RECOVER("recover"),
    RESTORE("restore"),
    SUPERUSER("superuser");

    final String name;

    Role(String name) {
      this.name = name;
    }
  }

  /**
   * @param env the environment
   * @param role the role this command needs
   * @throws OperatorApiException if the SVID is not of that role or cannot be loaded
   */
  OperatorApi open(Map<String, String> env, Role role) throws OperatorApiException;
}
