package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What breaks between a source major version (11 or 13) and the target (15), per database. The
 * checks follow the "Migration to Version" sections of the PostgreSQL 12, 14 and 15 release notes
 * and the checks pg_upgrade itself runs, which is what Aurora's major upgrade uses; a blocker found
 * here would otherwise fail the upgrade hours into the migration, with the source already read-only.
 */
public final class UpgradeIncompatibilities {

  /** Objects created by users; the catalog's own have OIDs below FirstNormalObjectId. */
  private static final String USER_OID = "16384";

  private static final String USER_SCHEMA =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'";

  /** Columns (of tables, matviews, indexes, composite types) whose type, array or domain matches. */
  private static String columnsOfTypes(String typeCondition) {
    return """
        WITH bad AS (SELECT t.oid FROM pg_type t WHERE %s),
        affected AS (
          SELECT oid FROM bad
          UNION SELECT t.oid FROM pg_type t WHERE t.typelem IN (SELECT oid FROM bad) AND t.typlen = -1
          UNION SELECT t.oid FROM pg_type t WHERE t.typbasetype IN (SELECT oid FROM bad))
        SELECT n.nspname, c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.attnum > 0 AND NOT a.attisdropped
          AND c.relkind IN ('r', 'm', 'p', 'i', 'c')
          AND %s
          AND a.atttypid IN (SELECT oid FROM affected)
        ORDER BY 1, 2
        """.formatted(typeCondition, USER_SCHEMA);
  }

  private static final String OLD_ARRAY_FUNCTIONS =
      """
      WITH poly AS (SELECT ARRAY['anyarray'::regtype::oid, 'anyelement'::regtype::oid,
                                 'anynonarray'::regtype::oid] AS oids),
      old AS (
        SELECT p.oid FROM pg_proc p, poly
        WHERE p.pronamespace = 'pg_catalog'::regnamespace
          AND p.proname IN ('array_append', 'array_prepend', 'array_cat', 'array_position',
                            'array_positions', 'array_remove', 'array_replace', 'width_bucket')
          AND p.proargtypes::oid[] && poly.oids)
      SELECT n.nspname,
             'aggregate ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
             f.proname
      FROM pg_aggregate a
      JOIN pg_proc p ON p.oid = a.aggfnoid
      JOIN pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_proc f ON f.oid IN (a.aggtransfn::oid, a.aggfinalfn::oid)
      CROSS JOIN poly
      WHERE p.oid >= %1$s AND f.oid IN (SELECT oid FROM old)
        AND (p.proargtypes::oid[] && poly.oids OR a.aggtranstype = ANY (poly.oids))
      UNION ALL
      SELECT n.nspname,
             'operator ' || o.oprname || '(' || format_type(o.oprleft, NULL) || ', '
               || format_type(o.oprright, NULL) || ')',
             f.proname
      FROM pg_operator o
      JOIN pg_namespace n ON n.oid = o.oprnamespace
      JOIN pg_proc f ON f.oid = o.oprcode::oid
      CROSS JOIN poly
      WHERE o.oid >= %1$s AND f.oid IN (SELECT oid FROM old)
        AND (o.oprleft = ANY (poly.oids) OR o.oprright = ANY (poly.oids))
      ORDER BY 1, 2
      """.formatted(USER_OID);

  /** The checks that are one catalog query each; the extension check needs the target's list. */
  public static final List<CatalogQueryCheck> CATALOG_CHECKS =
      List.of(
          new CatalogQueryCheck("postfix-operators", true, 14,
              """
              SELECT n.nspname, 'operator ' || o.oprname || ' (' || format_type(o.oprleft, NULL) || ', NONE)', ''
              FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
              WHERE o.oprright = 0 AND o.oid >= %s
              ORDER BY 1, 2
              """.formatted(USER_OID),
              "%s is a postfix operator%s; PostgreSQL 14 removed postfix operators",
              "drop the operator and rewrite its uses as a function call or prefix operator"),
          // Built-in operators are pinned, so pg_depend records no use of them; the stored rule tree
          // of each view names the operator by OID.
          new CatalogQueryCheck("postfix-operator-uses", true, 14,
              """
              SELECT DISTINCT vn.nspname, v.relname, o.oprname
              FROM pg_rewrite r
              JOIN pg_class v ON v.oid = r.ev_class
              JOIN pg_namespace vn ON vn.oid = v.relnamespace
              JOIN pg_operator o ON o.oprright = 0 AND o.oid < %1$s
                AND r.ev_action::text ~ (':opno ' || o.oid || ' ')
              WHERE vn.nspname NOT IN ('pg_catalog', 'information_schema')
              ORDER BY 1, 2
              """.formatted(USER_OID),
              "view %s uses the built-in postfix operator %s, which PostgreSQL 14 removed",
              "replace n ! with factorial(n) in the view and recreate it"),
          // PostgreSQL 14 dropped the old containment operators @ and ~ (now <@ and @>) of the
          // geometric types; views using them cannot be restored on 14+.
          new CatalogQueryCheck("geometric-containment-operators", true, 14,
              """
              SELECT DISTINCT vn.nspname, v.relname, o.oprname || ' on ' || format_type(o.oprleft, NULL)
              FROM pg_rewrite r
              JOIN pg_class v ON v.oid = r.ev_class
              JOIN pg_namespace vn ON vn.oid = v.relnamespace
              JOIN pg_operator o ON o.oid < %1$s AND o.oprname IN ('@', '~')
                AND o.oprleft IN ('box'::regtype, 'polygon'::regtype, 'circle'::regtype, 'point'::regtype,
                                  'lseg'::regtype, 'path'::regtype)
                AND r.ev_action::text ~ (':opno ' || o.oid || ' ')
              WHERE vn.nspname NOT IN ('pg_catalog', 'information_schema')
              ORDER BY 1, 2
              """.formatted(USER_OID),
              "view %s uses the containment operator %s, which PostgreSQL 14 removed",
              "rewrite a @ b as a <@ b and a ~ b as a @> b, then recreate the view"),
          // The same operators of cube, hstore, intarray and seg survive pg_upgrade (extensions keep
          // their old version) but ALTER EXTENSION … UPDATE drops them, and fails while a view uses them.
          new CatalogQueryCheck("extension-containment-operators", false, 14,
              """
              SELECT DISTINCT vn.nspname, v.relname, o.oprname || ' of ' || e.extname
              FROM pg_depend d
              JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
              JOIN pg_class v ON v.oid = r.ev_class
              JOIN pg_namespace vn ON vn.oid = v.relnamespace
              JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND d.refobjid = o.oid
              JOIN pg_depend ed ON ed.classid = 'pg_operator'::regclass AND ed.objid = o.oid AND ed.deptype = 'e'
              JOIN pg_extension e ON e.oid = ed.refobjid
              WHERE o.oprname IN ('@', '~') AND e.extname IN ('cube', 'hstore', 'intarray', 'seg')
              ORDER BY 1, 2
              """,
              "view %s uses the deprecated operator %s; ALTER EXTENSION … UPDATE after the upgrade will fail on it",
              "rewrite a @ b as a <@ b and a ~ b as a @> b in the view before migrating"),
          new CatalogQueryCheck("anyarray-polymorphics", true, 14, OLD_ARRAY_FUNCTIONS,
              "%s is built on %s with anyarray/anyelement arguments; PostgreSQL 14 changed it to anycompatible…",
              "drop it before the upgrade and recreate it afterwards with anycompatiblearray/anycompatible"),
          new CatalogQueryCheck("python2", true, 15,
              """
              SELECT n.nspname, 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                     l.lanname
              FROM pg_proc p
              JOIN pg_language l ON l.oid = p.prolang
              JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE l.lanname IN ('plpythonu', 'plpython2u')
              UNION ALL
              SELECT NULL, 'language ' || l.lanname, l.lanname
              FROM pg_language l
              WHERE l.lanname IN ('plpythonu', 'plpython2u')
              UNION ALL
              SELECT n.nspname, 'extension ' || e.extname, e.extname
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname ~ '(^|_)plpython2?u$'
              ORDER BY 1, 2
              """,
              "%s uses %s; PostgreSQL 15 removed Python 2 (and Aurora offers no PL/Python)",
              "rewrite the functions in PL/pgSQL (or another language the target offers) and drop the language"),
          new CatalogQueryCheck("reg-type-columns", true, 0,
              columnsOfTypes(
                  "t.typnamespace = 'pg_catalog'::regnamespace AND t.typname IN ('regcollation', 'regconfig',"
                      + " 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure')"),
              "column %s is of type %s, whose stored OIDs pg_upgrade cannot carry over",
              "change the column to text (or to regclass/regrole/regtype, which pg_upgrade accepts) before migrating"),
          new CatalogQueryCheck("tables-with-oids", true, 12,
              """
              SELECT n.nspname, c.relname, ''
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relhasoids AND %s
              ORDER BY 1, 2
              """.formatted(USER_SCHEMA),
              "table %s is WITH OIDS%s; PostgreSQL 12 removed table OIDs",
              "ALTER TABLE … SET WITHOUT OIDS (add an explicit column first if the application reads oid)"),
          new CatalogQueryCheck("removed-datetime-types", true, 12,
              columnsOfTypes(
                  "t.typnamespace = 'pg_catalog'::regnamespace AND t.typname IN ('abstime', 'reltime', 'tinterval')"),
              "column %s is of type %s, which PostgreSQL 12 removed",
              "ALTER the column to timestamptz or interval before migrating"),
          new CatalogQueryCheck("sql-identifier-columns", true, 12,
              columnsOfTypes(
                  "t.typnamespace = 'information_schema'::regnamespace AND t.typname = 'sql_identifier'"),
              "column %s is of type %s, whose storage changed in PostgreSQL 12 so pg_upgrade refuses it",
              "ALTER the column to text or name before migrating"),
          new CatalogQueryCheck("public-schema-create", false, 15,
              """
              SELECT NULL, n.nspname, ''
              FROM pg_namespace n, aclexplode(n.nspacl) acl
              WHERE n.nspname = 'public' AND acl.grantee = 0 AND acl.privilege_type = 'CREATE'
              """,
              "schema %s lets every role CREATE%s; databases created on PostgreSQL 15 no longer grant that",
              "upgraded databases keep the grant, but GRANT CREATE ON SCHEMA public explicitly to the roles"
                  + " that need it in any database you create later"),
          new CatalogQueryCheck("exclusive-backup-functions", false, 15,
              """
              SELECT n.nspname, 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                     substring(p.prosrc from '(?i)pg_(?:start|stop)_backup')
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.oid >= %s AND %s AND p.prosrc ~* 'pg_(start|stop)_backup'
              ORDER BY 1, 2
              """.formatted(USER_OID, USER_SCHEMA),
              "%s calls %s, which PostgreSQL 15 renamed (exclusive backup mode was removed)",
              "call pg_backup_start/pg_backup_stop instead once on 15"));

  private final List<IncompatibilityCheck> checks;

  public UpgradeIncompatibilities(Optional<ExtensionCatalog> targetExtensions) {
    List<IncompatibilityCheck> all = new ArrayList<>(CATALOG_CHECKS);
    targetExtensions.ifPresent(catalog -> all.add(new ExtensionCheck(catalog)));
    this.checks = List.copyOf(all);
  }

  /** Runs every check that applies to this pair of versions against the connected database. */
  public List<SchemaFinding> find(Connection connection, String database, int sourceMajor, int targetMajor)
      throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    for (IncompatibilityCheck check : checks) {
      if (check.appliesTo(sourceMajor, targetMajor)) {
        findings.addAll(check.findIn(connection, database));
      }
    }
    return findings;
  }

  public List<IncompatibilityCheck> checks() {
    return checks;
  }
}
