package dev.dbops.aurora.e2e;

import dev.dbops.aurora.testing.SampleSchema;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Loads the sample shop database into a cluster of the local Aurora for e2e/scenarios/migration.sh:
 * {@code E2eSampleData <aurora-url> <cluster> <master-user> <master-password-env-var>}. The cluster's
 * endpoint comes from DescribeDBClusters, as any client finds it; the password from the environment
 * variable named, so it is not on a command line.
 */
public final class E2eSampleData {
  private E2eSampleData() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: E2eSampleData <aurora-url> <cluster> <master-user> <master-password-env-var>");
      System.exit(2);
    }
    String password = System.getenv(args[3]);
    DBCluster cluster;
    try (RdsClient rds = RdsClient.builder().endpointOverride(URI.create(args[0])).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
      cluster = rds.describeDBClusters(b -> b.dbClusterIdentifier(args[1])).dbClusters().get(0);
    }
    String server = "jdbc:postgresql://" + cluster.endpoint() + ":" + cluster.port() + "/";
    try (Connection c = DriverManager.getConnection(server + "postgres", args[2], password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE shop");
    }
    try (Connection c = DriverManager.getConnection(server + "shop", args[2], password)) {
      SampleSchema.load(c);
    }
    System.out.println("loaded database shop (" + SampleSchema.ORDERS + " orders, role " + SampleSchema.APP_ROLE
        + ") into " + args[1] + " at " + cluster.endpoint() + ":" + cluster.port());
  }
}
