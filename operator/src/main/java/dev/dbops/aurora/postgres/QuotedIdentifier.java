package dev.dbops.aurora.postgres;

/**
 * Quotes an SQL identifier the way PostgreSQL's quote_ident always would: database, schema and
 * table names come from users and the catalog, so they are never pasted into SQL unquoted.
 */
public final class QuotedIdentifier {

  private QuotedIdentifier() {}

  public static String of(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an SQL identifier must not be empty");
    }
    // A NUL cannot be part of an identifier and would end the string early on the server.
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an SQL identifier must not contain NUL");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** schema.table, each part quoted. */
  public static String qualified(String schema, String name) {
    return of(schema) + "." + of(name);
  }
}
