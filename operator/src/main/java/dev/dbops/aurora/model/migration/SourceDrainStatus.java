package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Application sessions left on the source after cutover, and their end. */
public class SourceDrainStatus {

  @JsonPropertyDescription("When the grace period began (the cutover's switch).")
  private String switchedAt;

  @JsonPropertyDescription("Sessions are terminated only after this time.")
  private String graceEndsAt;

  @JsonPropertyDescription("Recent counts, newest last (at most 10).")
  private List<SessionSample> samples = new ArrayList<>();

  @JsonPropertyDescription("When the sessions left after the grace period were terminated (recorded before the call).")
  private String terminatingAt;

  @JsonPropertyDescription("How many sessions were terminated.")
  private Integer terminated;

  @JsonPropertyDescription("When no application session was left on the source.")
  private String zeroAt;

  public String getSwitchedAt() {
    return switchedAt;
  }

  public void setSwitchedAt(String switchedAt) {
    this.switchedAt = switchedAt;
  }

  public String getGraceEndsAt() {
    return graceEndsAt;
  }

  public void setGraceEndsAt(String graceEndsAt) {
    this.graceEndsAt = graceEndsAt;
  }

  public List<SessionSample> getSamples() {
    return samples;
  }

  public void setSamples(List<SessionSample> samples) {
    this.samples = samples == null ? new ArrayList<>() : samples;
  }

  public String getTerminatingAt() {
    return terminatingAt;
  }

  public void setTerminatingAt(String terminatingAt) {
    this.terminatingAt = terminatingAt;
  }

  public Integer getTerminated() {
    return terminated;
  }

  public void setTerminated(Integer terminated) {
    this.terminated = terminated;
  }

  public String getZeroAt() {
    return zeroAt;
  }

  public void setZeroAt(String zeroAt) {
    this.zeroAt = zeroAt;
  }
}
