package dev.dbops.aurora.postgres;

/**
 * The catalog query pg_upgrade runs to refuse a data type (its {@code check_for_data_types_usage} in
 * src/bin/pg_upgrade/version.c of PostgreSQL 15), rewritten to return (schema, table.column, type):
 * the type counts when it is stored anywhere in a user table, materialized view or index, also inside
 * domains, arrays, composite types and ranges, nested to any depth. Types no relation stores (a
 * standalone composite type, a function argument, a view's column) hold no data pg_upgrade must carry,
 * so they do not count; nor do temporary schemas, whose tables an upgrade never keeps.
 */
final class StoredTypeUsage {

  private StoredTypeUsage() {}

  /** @param baseTypes a query returning the oid of each type of interest */
  static String columnsStoring(String baseTypes) {
    return """
        WITH RECURSIVE oids(oid) AS (
          %s
          UNION ALL
          SELECT * FROM (
            WITH x AS (SELECT oid FROM oids)
            SELECT t.oid FROM pg_catalog.pg_type t, x WHERE t.typbasetype = x.oid AND t.typtype = 'd'
            UNION ALL
            SELECT t.oid FROM pg_catalog.pg_type t, x WHERE t.typelem = x.oid AND t.typtype = 'b'
            UNION ALL
            SELECT t.oid FROM pg_catalog.pg_type t, pg_catalog.pg_class c, pg_catalog.pg_attribute a, x
            WHERE t.typtype = 'c' AND t.oid = c.reltype AND c.oid = a.attrelid AND NOT a.attisdropped
              AND a.atttypid = x.oid
            UNION ALL
            SELECT t.oid FROM pg_catalog.pg_type t, pg_catalog.pg_range r, x
            WHERE t.typtype = 'r' AND r.rngtypid = t.oid AND r.rngsubtype = x.oid
          ) nested
        )
        SELECT DISTINCT n.nspname, c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
        WHERE NOT a.attisdropped
          AND a.atttypid IN (SELECT oid FROM oids)
          AND c.relkind IN ('r', 'm', 'i')
          AND n.nspname !~ '^pg_temp_' AND n.nspname !~ '^pg_toast_temp_'
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2
        """.formatted(baseTypes);
  }
}
