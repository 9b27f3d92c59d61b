package dev.dbops.aurora.postgres;

/**
 * Something in a source database that breaks, or needs care, on the way to the target major version.
 *
 * @param check short id of the check, e.g. postfix-operators
 * @param blocker true when the migration must not start until it is fixed
 * @param object the database object, as database.schema.name
 */
public record SchemaFinding(String check, boolean blocker, String object, String message, String advice) {}
