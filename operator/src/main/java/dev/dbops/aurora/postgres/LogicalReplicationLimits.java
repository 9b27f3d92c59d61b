package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What logical replication from this server would refuse or leave behind, as the catalog shows it. An Aurora
 * PostgreSQL Blue/Green deployment with a major upgrade keeps green in sync by logical replication (Aurora User
 * Guide, "Limitations and considerations for Amazon Aurora blue/green deployments"), so each finding here is
 * something that breaks the application, or is missing on green, after switchover. See docs/blue-green.md.
 */
public final class LogicalReplicationLimits {

  /** Ordinary user tables: not the catalog's, not a temporary schema's, not TOAST. */
  private static final String USER_RELATION =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
          + " AND n.nspname !~ '^pg_temp_' AND c.relpersistence <> 't'";

  private static final String FROM_USER_RELATIONS =
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_RELATION;

  /** Checks of one database, run in each. */
  public static final List<CatalogQueryCheck> PER_DATABASE =
      List.of(
          // A publication FOR ALL TABLES makes UPDATE and DELETE on such a table fail with SQLSTATE 55000
          // ("cannot update table … because it does not have a replica identity and publishes updates").
          new CatalogQueryCheck("tables-without-replica-identity", true, 0,
              """
              SELECT n.nspname, c.relname,
                     CASE c.relreplident WHEN 'd' THEN 'no primary key'
                                         ELSE 'its replica identity index is gone' END
              %s AND c.relkind = 'r' AND c.relpersistence = 'p'
                AND ((c.relreplident = 'd'
                      AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))
                  OR (c.relreplident = 'i'
                      AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident)))
              ORDER BY 1, 2
              """.formatted(FROM_USER_RELATIONS),
              "table %s has %s and no other replica identity: once Blue/Green replication publishes it, every"
                  + " UPDATE and DELETE on it fails",
              "add a primary key, or ALTER TABLE … REPLICA IDENTITY USING INDEX on a unique index of NOT NULL columns;"
                  + " as an explicit opt-in, ALTER TABLE … REPLICA IDENTITY FULL (every update then logs and matches the"
                  + " whole row: more WAL and slower apply on green). The operator never sets it for you"),
          new CatalogQueryCheck("replica-identity-nothing", true, 0,
              """
              SELECT n.nspname, c.relname, ''
              %s AND c.relkind = 'r' AND c.relreplident = 'n'
              ORDER BY 1, 2
              """.formatted(FROM_USER_RELATIONS),
              "table %s is REPLICA IDENTITY NOTHING%s: once Blue/Green replication publishes it, every UPDATE and"
                  + " DELETE on it fails",
              "ALTER TABLE … REPLICA IDENTITY DEFAULT (with a primary key) or USING INDEX; REPLICA IDENTITY FULL only"
                  + " as an explicit opt-in"),
          new CatalogQueryCheck("unlogged-tables", true, 0,
              """
              SELECT n.nspname, c.relname, ''
              %s AND c.relkind IN ('r', 'p') AND c.relpersistence = 'u'
              ORDER BY 1, 2
              """.formatted(FROM_USER_RELATIONS),
              "table %s is UNLOGGED%s: logical replication does not carry it, so green would start with it empty",
              "ALTER TABLE … SET LOGGED, or set rds.logically_replicate_unlogged_tables = 1 in the source's DB cluster"
                  + " parameter group before the deployment (and leave it unchanged until switchover)"),
          new CatalogQueryCheck("large-objects", true, 0,
              """
              SELECT NULL, 'large objects', count(*)::text
              FROM pg_largeobject_metadata HAVING count(*) > 0
              """,
              "the database holds %s (%s): logical replication does not carry them, so they would be missing on green",
              "store the data in bytea columns before migrating, or use the SnapshotRestore strategy"),
          new CatalogQueryCheck("sequences", false, 0,
              """
              SELECT NULL, 'sequences', count(*)::text
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'S' AND %s HAVING count(*) > 0
              """.formatted(USER_RELATION),
              "the database has %s (%s): logical replication does not carry their values",
              "before switchover, each sequence must be set on green past its value on blue (sequence values are not replicated)"),
          new CatalogQueryCheck("materialized-views", false, 0,
              """
              SELECT n.nspname, c.relname, ''
              %s AND c.relkind = 'm'
              ORDER BY 1, 2
              """.formatted(FROM_USER_RELATIONS),
              "materialized view %s%s: REFRESH MATERIALIZED VIEW on blue is not replicated",
              "refresh it on green after switchover (or keep the refresh job pointed at the cluster endpoint, which"
                  + " follows the switchover)"),
          new CatalogQueryCheck("partitioned-tables", false, 0,
              """
              SELECT n.nspname, c.relname, ''
              %s AND c.relkind = 'p' AND NOT c.relispartition
              ORDER BY 1, 2
              """.formatted(FROM_USER_RELATIONS),
              "table %s is partitioned%s: a partition created during the deployment is DDL, which is not replicated;"
                  + " rows routed to it would be missing on green",
              "create the partitions the deployment's duration needs before it starts, and pause partition"
                  + " maintenance (e.g. pg_partman) until switchover"),
          new CatalogQueryCheck("foreign-tables", false, 0,
              """
              SELECT n.nspname, c.relname, s.srvname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
              JOIN pg_foreign_server s ON s.oid = ft.ftserver
              WHERE c.relkind = 'f' AND %s
              ORDER BY 1, 2
              """.formatted(USER_RELATION),
              "foreign table %s (server %s) is not replicated: its rows live on the remote server",
              "make sure green can reach the foreign server with the same user mappings before switchover"),
          new CatalogQueryCheck("existing-publications", true, 0,
              """
              SELECT NULL, 'publication ' || pubname, CASE WHEN puballtables THEN 'FOR ALL TABLES' ELSE 'some tables' END
              FROM pg_publication ORDER BY pubname
              """,
              "%s (%s) exists: the blue cluster of a Blue/Green deployment cannot be a logical replication source",
              "move the consumer elsewhere and DROP PUBLICATION before the deployment; recreate it after switchover"));

  /** Checks of the whole cluster, run once: subscriptions are a shared catalog. */
  public static final List<CatalogQueryCheck> CLUSTER =
      List.of(
          new CatalogQueryCheck("existing-subscriptions", true, 0,
              """
              SELECT NULL, 'subscription ' || s.subname, 'in database ' || d.datname
              FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid ORDER BY s.subname
              """,
              "%s (%s) exists: the blue cluster of a Blue/Green deployment cannot be a logical replication replica",
              "ALTER SUBSCRIPTION … DISABLE and DROP SUBSCRIPTION before the deployment; recreate it after switchover"));

  /**
   * The databases a Blue/Green deployment replicates: each that takes connections, templates left out (nobody
   * writes there), Aurora's own rdsadmin too.
   */
  public static final String REPLICATED_DATABASES =
      """
      SELECT datname FROM pg_database
      WHERE datallowconn AND NOT datistemplate AND datconnlimit <> -2 AND has_database_privilege(datname, 'CONNECT')
        AND datname <> 'rdsadmin'
      ORDER BY datname
      """;

  private LogicalReplicationLimits() {}

  /** The per-database findings in the connected database, objects named database.schema.name. */
  public static List<SchemaFinding> findIn(Connection connection, String database) throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    for (CatalogQueryCheck check : PER_DATABASE) {
      findings.addAll(check.findIn(connection, database));
    }
    return findings;
  }

  /** The cluster-wide findings, on any database of the cluster. */
  public static List<SchemaFinding> findInCluster(Connection connection) throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    for (CatalogQueryCheck check : CLUSTER) {
      findings.addAll(check.findIn(connection, null));
    }
    return findings;
  }
}
