package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Reach a database through another host and port than its AWS endpoint (a tunnel, a proxy, or a local test server). */
public class ConnectionOverrideSpec {

  @JsonPropertyDescription("Host to connect to instead of the endpoint's.")
  private String host;

  @JsonPropertyDescription("Port to connect to instead of the endpoint's.")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription("libpq sslmode (default require).")
  @Pattern("^(disable|allow|prefer|require|verify-ca|verify-full)$")
  private String sslMode;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getSslMode() {
    return sslMode;
  }

  public void setSslMode(String sslMode) {
    this.sslMode = sslMode;
  }
}
