package dev.dbops.aurora.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags to add (or overwrite) and to remove so the cluster carries exactly spec.tags plus the owner tag.
 * Keys starting with "aws:" belong to AWS and cannot be removed, so they are ignored.
 */
public record TagDiff(Map<String, String> toAdd, List<String> toRemove) {

  public static TagDiff between(Map<String, String> desired, Map<String, String> observed) {
    Map<String, String> current = observed == null ? Map.of() : observed;
    Map<String, String> add = new LinkedHashMap<>();
    desired.forEach((k, v) -> {
      if (!v.equals(current.get(k))) {
        add.put(k, v);
      }
    });
    List<String> remove = current.keySet().stream()
        .filter(k -> !desired.containsKey(k) && !k.startsWith("aws:"))
        .sorted()
        .toList();
    return new TagDiff(Map.copyOf(add), remove);
  }

  public boolean isEmpty() {
    return toAdd.isEmpty() && toRemove.isEmpty();
  }
}
