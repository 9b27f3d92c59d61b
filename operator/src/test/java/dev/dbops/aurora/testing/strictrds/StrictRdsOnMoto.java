package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkClusterApi;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.util.Optional;

/**
 * StrictRds in front of the test's moto, and the operator's SDK regions pointed at it as the operator runs
 * them (five-minute inventory refresh, three attempts per call). One per test; closing it closes both.
 */
public final class StrictRdsOnMoto implements AutoCloseable {
  private final StrictRds strict;
  private final SdkAwsRegions regions;

  private StrictRdsOnMoto(StrictRds strict, SdkAwsRegions regions) {
    this.strict = strict;
    this.regions = regions;
  }

  public static StrictRdsOnMoto start(Settings settings, int inventoryPageSize) {
    return start(settings, inventoryPageSize, 3);
  }

  /** As {@link #start(Settings, int)}, with this many attempts per call (the operator's default is 5). */
  public static StrictRdsOnMoto start(Settings settings, int inventoryPageSize, int maxAttempts) {
    StrictRds strict = StrictRds.inFrontOf(MotoServer.endpoint(), settings);
    return new StrictRdsOnMoto(strict, new SdkAwsRegions(
        new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ofMinutes(5), maxAttempts),
        MotoServer.credentials(), inventoryPageSize));
  }

  public StrictRds strict() {
    return strict;
  }

  public SdkAwsRegions regions() {
    return regions;
  }

  public SdkClusterApi clusters() {
    return regions.sdkClusters(MotoServer.REGION);
  }

  @Override
  public void close() {
    regions.close();
    strict.close();
  }
}
