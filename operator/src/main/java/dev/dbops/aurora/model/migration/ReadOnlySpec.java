package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How the source is made read-only. */
public class ReadOnlySpec {

  @JsonPropertyDescription("Seconds existing sessions may finish before they are terminated.")
  @Min(0)
  @Max(3600)
  @Default("30")
  private Integer gracePeriodSeconds;

  public Integer getGracePeriodSeconds() {
    return gracePeriodSeconds;
  }

  public void setGracePeriodSeconds(Integer gracePeriodSeconds) {
    this.gracePeriodSeconds = gracePeriodSeconds;
  }
}
