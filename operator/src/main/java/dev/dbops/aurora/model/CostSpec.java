package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Cost insight from ServerlessDatabaseCapacity. */
public class CostSpec {

  @JsonPropertyDescription("Days of capacity history to sum.")
  @Min(1)
  @Max(63)
  @Default("7")
  private Integer windowDays;

  @JsonPropertyDescription("Price of one ACU-hour in USD for the estimate.")
  @Min(0)
  @Default("0.12")
  private Double pricePerAcuHour;

  public Integer getWindowDays() {
    return windowDays;
  }

  public void setWindowDays(Integer windowDays) {
    this.windowDays = windowDays;
  }

  public Double getPricePerAcuHour() {
    return pricePerAcuHour;
  }

  public void setPricePerAcuHour(Double pricePerAcuHour) {
    this.pricePerAcuHour = pricePerAcuHour;
  }
}
