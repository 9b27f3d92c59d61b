package dev.dbops.aurora.postgres;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Extensions Aurora PostgreSQL 15 supports, for the preflight when no target server is reachable yet
 * (the usual case: the target is restored only after the preflight passed).
 *
 * <p>Source: "Extensions supported for Aurora PostgreSQL 15" in Amazon Aurora's Release Notes for
 * Aurora PostgreSQL, https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Extensions.html
 * The page lists versions per 15.x minor release; only names are kept here because versions move with
 * every minor release, so the "needs ALTER EXTENSION UPDATE" warning compares versions only against a
 * live target. The list was transcribed by hand and can lag the page: AWS adds extensions in minor
 * releases. Notably absent on Aurora (and so blockers): file_fdw, adminpack, plpython*, untrusted
 * languages other than those listed, pageinspect, xml2.
 */
public final class AuroraExtensions {

  private static final Set<String> AURORA_15 =
      Set.of(
          "address_standardizer", "address_standardizer_data_us", "amcheck", "apg_plan_mgmt",
          "aurora_stat_utils", "autoinc", "aws_commons", "aws_lambda", "aws_ml", "aws_s3", "bloom",
          "bool_plperl", "btree_gin", "btree_gist", "citext", "cube", "dblink", "dict_int", "dict_xsyn",
          "earthdistance", "fuzzystrmatch", "h3-pg", "h3_postgis", "hll", "hstore", "hstore_plperl",
          "hypopg", "insert_username", "intagg", "intarray", "ip4r", "isn", "jsonb_plperl", "lo",
          "log_fdw", "ltree", "moddatetime", "old_snapshot", "orafce", "pg_bigm", "pg_buffercache",
          "pg_cron", "pg_freespacemap", "pg_hint_plan", "pg_partman", "pg_prewarm", "pg_proctab",
          "pg_repack", "pg_similarity", "pg_stat_statements", "pg_tle", "pg_trgm", "pg_visibility",
          "pgaudit", "pgcrypto", "pglogical", "pgrouting", "pgrowlocks", "pgstattuple", "pgtap",
          "plcoffee", "plls", "plperl", "plpgsql", "plprofiler", "pltcl", "plv8", "postgis",
          "postgis_raster", "postgis_tiger_geocoder", "postgis_topology", "postgres_fdw", "prefix",
          "rdkit", "rds_tools", "refint", "seg", "sslinfo", "tablefunc", "tcn", "tds_fdw",
          "tsm_system_rows", "tsm_system_time", "unaccent", "uuid-ossp", "vector", "wal2json");

  private AuroraExtensions() {}

  /** The documented list for that major version, when this class knows one. */
  public static Optional<ExtensionCatalog> forMajorVersion(int major) {
    if (major == 15) {
      return Optional.of(new ExtensionCatalog("the documented Aurora PostgreSQL 15 extension list", AURORA_15, Map.of()));
    }
    return Optional.empty();
  }
}
