package dev.dbops.aurora.postgres;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The extensions a target can install, and where known the version CREATE EXTENSION would pick.
 *
 * @param origin where the list comes from, quoted in findings (a documented list or a live server)
 * @param names extensions the target offers
 * @param defaultVersions default version per extension; empty for lists that carry names only
 */
public record ExtensionCatalog(String origin, Set<String> names, Map<String, String> defaultVersions) {

  public ExtensionCatalog {
    names = Set.copyOf(names);
    defaultVersions = Map.copyOf(defaultVersions);
  }

  public boolean offers(String extension) {
    return names.contains(extension);
  }

  public Optional<String> defaultVersion(String extension) {
    return Optional.ofNullable(defaultVersions.get(extension));
  }
}
