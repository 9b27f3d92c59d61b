package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tags for what the migration creates: the user's target tags plus the operator's own. */
public final class Tags {
  private Tags() {}

  public static Map<String, String> of(MigrationContext ctx, Map<String, String> own) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (ctx.spec().getTarget().getTags() != null) {
      tags.putAll(ctx.spec().getTarget().getTags());
    }
    tags.putAll(own);
    return tags;
  }
}
