package ist.spike.nexus.policy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** A policy permission. {@link #SUPER} satisfies every wanted set. */
public enum Permission {
  /** Secret get/metadata; policy get (on {@code spike/system/acl}). */
  READ("read"),
  /** Secret put/delete/undelete; policy create/delete (on {@code spike/system/acl}). */
  WRITE("write"),
  /** Secret list (on {@code spike/system/secret}); policy list (on {@code spike/system/acl}). */
  LIST("list"),
  /** Encryption as a service (on {@code spike/system/cipher/exec}). */
  EXECUTE("execute"),
  /** Everything. */
  SUPER("super");

  private final String wireName;

  Permission(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used on the wire and in storage. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name (exact, lower case, as SPIKE).
   *
   * @param name the name
   * @return the permission
   * @throws InvalidPolicyException if unknown
   */
  public static Permission parse(String name) {
    for (Permission p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    throw new InvalidPolicyException(
        "permission '" + name + "' is not one of read, write, list, execute, super");
  }

  /**
   * Returns true if {@code haves} grant every permission in {@code wants}.
   *
   * @param haves the permissions of one policy
   * @param wants the permissions an operation needs
   * @return true if {@code haves} contains {@link #SUPER} or all of {@code wants}
   */
  public static boolean satisfies(Set<Permission> haves, Collection<Permission> wants) {
    return haves.contains(SUPER) || haves.containsAll(wants);
  }

  static Set<Permission> parseAll(Collection<String> names) {
    Set<Permission> set = EnumSet.noneOf(Permission.class);
    for (String n : names) {
      set.add(parse(n));
    }
    return set;
  }
}
