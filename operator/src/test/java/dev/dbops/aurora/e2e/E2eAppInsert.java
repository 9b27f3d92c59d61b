package dev.dbops.aurora.e2e;

import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What an application does after the cutover, for e2e/scenarios/migration.sh: {@code E2eAppInsert <host>
 * <port>} connects to database shop as {@link SampleSchema#APP_ROLE} and inserts one row. Prints
 * "accepted" and exits 0, or prints the SQLSTATE and exits 1.
 */
public final class E2eAppInsert {
  private E2eAppInsert() {}

  public static void main(String[] args) {
    String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/shop";
    try (Connection c = DriverManager.getConnection(url, SampleSchema.APP_ROLE, SampleSchema.APP_PASSWORD);
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO shop.audit_log (at, actor, action) VALUES (now(), 'shop_app', 'order')");
      System.out.println(SampleSchema.APP_ROLE + " INSERT at " + args[0] + ":" + args[1] + ": accepted");
    } catch (SQLException e) {
      System.out.println(SampleSchema.APP_ROLE + " INSERT at " + args[0] + ":" + args[1] + ": refused, SQLSTATE "
          + e.getSQLState() + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
      System.exit(1);
    }
  }
}
