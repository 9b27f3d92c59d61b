package dev.dbops.aurora.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tags to add (or overwrite) so the cluster carries spec.tags plus the owner tag, and tags to remove:
 * only those the operator itself set (status.managedTagKeys) and the spec no longer declares. Tags
 * others put on the cluster (an adopted cluster has many) are never removed. Keys starting with "aws:"
 * belong to AWS and cannot be removed, so they are ignored.
 */
public record TagDiff(Map<String, String> toAdd, List<String> toRemove) {
  static final String FIELD_PREFIX = "tags.";

  public static TagDiff between(Map<String, String> desired, Map<String, String> observed, Set<String> managed) {
    Map<String, String> current = observed == null ? Map.of() : observed;
    Map<String, String> add = new LinkedHashMap<>();
    desired.forEach((k, v) -> {
      if (!v.equals(current.get(k))) {
        add.put(k, v);
      }
    });
    List<String> remove = current.keySet().stream()
        .filter(k -> managed.contains(k) && !desired.containsKey(k) && !k.startsWith("aws:"))
        .sorted()
        .toList();
    return new TagDiff(Map.copyOf(add), remove);
  }

  /**
   * The keys the operator answers for after this pass: every declared key, and every key it set before
   * that is still on the cluster (its removal is pending or was not applied yet).
   */
  public static List<String> managedAfter(
      Map<String, String> desired, Map<String, String> observed, Collection<String> managedBefore) {
    Set<String> keys = new TreeSet<>(desired.keySet());
    if (managedBefore != null && observed != null) {
      managedBefore.stream().filter(observed::containsKey).forEach(keys::add);
    }
    return List.copyOf(keys);
  }

  public boolean isEmpty() {
    return toAdd.isEmpty() && toRemove.isEmpty();
  }

  /** Each tag to write as a drifted field "tags.<key>", with the value AWS shows (or "(none)"). */
  public List<FieldDrift> fields(Map<String, String> observed) {
    Map<String, String> current = observed == null ? Map.of() : observed;
    List<FieldDrift> fields = new ArrayList<>();
    toAdd.keySet().stream().sorted().forEach(k ->
        fields.add(new FieldDrift(FIELD_PREFIX + k, toAdd.get(k), FieldDrift.text(current.get(k)))));
    toRemove.forEach(k -> fields.add(new FieldDrift(FIELD_PREFIX + k, FieldDrift.NONE, current.get(k))));
    return fields;
  }

  /** The same diff without the tags whose fields are listed. */
  public TagDiff without(Set<String> fields) {
    Map<String, String> add = new LinkedHashMap<>(toAdd);
    add.keySet().removeIf(k -> fields.contains(FIELD_PREFIX + k));
    return new TagDiff(Map.copyOf(add), toRemove.stream().filter(k -> !fields.contains(FIELD_PREFIX + k)).toList());
  }
}
