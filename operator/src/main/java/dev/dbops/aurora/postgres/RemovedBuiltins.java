package dev.dbops.aurora.postgres;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Built-in functions, operators and catalog columns that PostgreSQL 13 has and 15 does not. pg_upgrade
 * restores the schema from a dump, as SQL text: an expression stored in a view, rule, column default,
 * check constraint, index, trigger condition, policy, domain or function argument default that names
 * one of them fails to restore, and with it the whole upgrade — after {@code pg_upgrade --check} passed.
 *
 * <p>The lists are the difference between the catalogs of PostgreSQL 13.23 and 15.20 (pg_proc by
 * regprocedure, pg_operator by regoperator, columns of pg_catalog relations), keeping what a dump
 * cannot name on 15. Functions that only changed signature (array_append to anycompatible, lag, lead,
 * pg_terminate_backend) still resolve by name on 15, so they are not here; the encoding-conversion
 * functions are covered by the user-encoding-conversions check.
 */
final class RemovedBuiltins {

  /** A built-in the dump would name, and what to write instead. */
  record Removed(String signature, String instead) {}

  static final List<Removed> FUNCTIONS = List.of(
      new Removed("numeric_fac(bigint)", "factorial(n)"),
      new Removed("pg_start_backup(text,boolean,boolean)", "pg_backup_start(label, fast)"),
      new Removed("pg_stop_backup()", "pg_backup_stop()"),
      new Removed("pg_stop_backup(boolean,boolean)", "pg_backup_stop(wait_for_archive)"),
      new Removed("pg_backup_start_time()", "nothing: exclusive backups are gone"),
      new Removed("pg_is_in_backup()", "nothing: exclusive backups are gone"),
      new Removed("path_center(path)", "@@ polygon(path)"),
      new Removed("point(path)", "point(polygon(path))"),
      new Removed("close_lb(line,box)", "nothing: it was never implemented"),
      new Removed("close_sl(lseg,line)", "nothing: it was never implemented"),
      new Removed("dist_bl(box,line)", "nothing: it was never implemented"),
      new Removed("dist_lb(line,box)", "nothing: it was never implemented"),
      new Removed("currtid(oid,tid)", "currtid2(text,tid)"));

  static final List<Removed> OPERATORS = List.of(
      new Removed("!(bigint,NONE)", "factorial(n)"),
      new Removed("!!(NONE,bigint)", "factorial(n)"),
      new Removed("@(box,box)", "<@"),
      new Removed("@(circle,circle)", "<@"),
      new Removed("@(lseg,box)", "<@"),
      new Removed("@(lseg,line)", "<@"),
      new Removed("@(point,box)", "<@"),
      new Removed("@(point,circle)", "<@"),
      new Removed("@(point,line)", "<@"),
      new Removed("@(point,lseg)", "<@"),
      new Removed("@(point,path)", "<@"),
      new Removed("@(point,polygon)", "<@"),
      new Removed("@(polygon,polygon)", "<@"),
      new Removed("~(box,box)", "@>"),
      new Removed("~(circle,circle)", "@>"),
      new Removed("~(circle,point)", "@>"),
      new Removed("~(path,point)", "@>"),
      new Removed("~(polygon,point)", "@>"),
      new Removed("~(polygon,polygon)", "@>"),
      new Removed("~(aclitem[],aclitem)", "@>"),
      new Removed("@@(NONE,path)", "@@ polygon(path)"),
      new Removed("##(line,box)", "nothing: it was never implemented"),
      new Removed("##(lseg,line)", "nothing: it was never implemented"),
      new Removed("<->(box,line)", "nothing: it was never implemented"),
      new Removed("<->(line,box)", "nothing: it was never implemented"));

  /** Catalog columns 15 dropped; only views and rules can read another relation's columns. */
  static final List<Removed> COLUMNS = List.of(
      new Removed("pg_database.datlastsysoid", "nothing: 15 dropped it"),
      new Removed("pg_stat_ssl.compression", "nothing: SSL compression is gone"));

  private RemovedBuiltins() {}

  /**
   * Every stored expression of user objects as (schema, object, node tree as text). Built-ins are
   * pinned, so pg_depend records no use of them: the stored tree names them by OID instead
   * ({@code :funcid N}, {@code :opno N}).
   */
  private static final String STORED_EXPRESSIONS =
      """
      SELECT n.nspname, c.relname AS object, r.ev_action::text AS tree
      FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL
      SELECT n.nspname, c.relname || '.' || a.attname || ' default', d.adbin::text
      FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      UNION ALL
      SELECT n.nspname, coalesce(c.relname, t.typname) || ' constraint ' || k.conname, k.conbin::text
      FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
      LEFT JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
      WHERE k.conbin IS NOT NULL
      UNION ALL
      SELECT n.nspname, 'index ' || c.relname, coalesce(i.indexprs::text, '') || coalesce(i.indpred::text, '')
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indexprs IS NOT NULL OR i.indpred IS NOT NULL
      UNION ALL
      SELECT n.nspname, c.relname || ' trigger ' || g.tgname, g.tgqual::text
      FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE g.tgqual IS NOT NULL
      UNION ALL
      SELECT n.nspname, c.relname || ' policy ' || p.polname,
             coalesce(p.polqual::text, '') || coalesce(p.polwithcheck::text, '')
      FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL
      SELECT n.nspname, c.relname || ' partition key', p.partexprs::text
      FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE p.partexprs IS NOT NULL
      UNION ALL
      SELECT n.nspname, 'type ' || t.typname || ' default', t.typdefaultbin::text
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typdefaultbin IS NOT NULL
      UNION ALL
      SELECT n.nspname, 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') defaults',
             p.proargdefaults::text
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.proargdefaults IS NOT NULL
      """;

  /** (schema, object, "function f(…) (use …)") for each stored expression naming a removed built-in. */
  static final String USES =
      """
      WITH removed(kind, token, what, instead) AS (
        SELECT 'function', ':funcid ' || p.oid || ' ', p.oid::regprocedure::text, v.instead
        FROM pg_proc p JOIN (VALUES %s) v(signature, instead) ON p.oid::regprocedure::text = v.signature
        WHERE p.oid < 16384
        UNION ALL
        SELECT 'operator', ':opno ' || o.oid || ' ', o.oid::regoperator::text, v.instead
        FROM pg_operator o JOIN (VALUES %s) v(signature, instead) ON o.oid::regoperator::text = v.signature
        WHERE o.oid < 16384),
      expressions AS (%s)
      SELECT DISTINCT e.nspname, e.object, r.kind || ' ' || r.what || ' (use ' || r.instead || ')'
      FROM expressions e JOIN removed r ON strpos(e.tree, r.token) > 0
      WHERE e.nspname NOT IN ('pg_catalog', 'information_schema') AND e.nspname !~ '^pg_(toast_)?temp_'
      ORDER BY 1, 2, 3
      """.formatted(values(FUNCTIONS), values(OPERATORS), STORED_EXPRESSIONS);

  /**
   * Views and rules reading a removed catalog column: the relation shows in the stored tree by OID, the
   * column in the deparsed definition by name (a tree names columns only by number).
   */
  static final String COLUMN_USES =
      """
      SELECT DISTINCT n.nspname, c.relname, v.signature || ' (' || v.instead || ')'
      FROM pg_rewrite r
      JOIN pg_class c ON c.oid = r.ev_class
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN (VALUES %s) v(signature, instead) ON true
      JOIN pg_class catalog ON catalog.relnamespace = 'pg_catalog'::regnamespace
        AND catalog.relname = split_part(v.signature, '.', 1)
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND strpos(r.ev_action::text, ':relid ' || catalog.oid || ' ') > 0
        AND pg_get_ruledef(r.oid) ~ ('\\m' || split_part(v.signature, '.', 2) || '\\M')
      ORDER BY 1, 2
      """.formatted(values(COLUMNS));

  private static String values(List<Removed> removed) {
    return removed.stream()
        .map(r -> "('" + r.signature() + "', '" + r.instead().replace("'", "''") + "')")
        .collect(Collectors.joining(", "));
  }
}
