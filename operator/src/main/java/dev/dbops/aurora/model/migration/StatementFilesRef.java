package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A ConfigMap in the migration's namespace whose keys are .sql files of statements the team supplies. */
public class StatementFilesRef {

  @JsonPropertyDescription("Name of the ConfigMap, in the AuroraMigration's namespace.")
  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Keys to read; each must exist. Default: every key ending in .sql.")
  @Size(max = 50)
  private List<@Size(max = 100) String> keys;

  @JsonPropertyDescription("Database to check the statements in (one of the migrated databases). Default: each "
      + "migrated database.")
  @Size(max = 63)
  private String database;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getKeys() {
    return keys;
  }

  public void setKeys(List<String> keys) {
    this.keys = keys;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }
}
