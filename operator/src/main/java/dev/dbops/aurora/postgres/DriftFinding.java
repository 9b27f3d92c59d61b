package dev.dbops.aurora.postgres;

/**
 * One difference between blue's and green's schema.
 *
 * @param code stable id: {@code <kind>-only-on-blue}, {@code <kind>-only-on-green} or {@code <kind>-differs}, where
 *     kind is schema, table, column, index, constraint, view, function, trigger, sequence, type or extension
 * @param object database.schema.name (a column, constraint or trigger: database.schema.table.name; a function with
 *     its input argument types; an extension: database.name)
 * @param blue the object's definition on blue as compared; null when blue lacks it
 * @param green the same on green; null when green lacks it
 */
public record DriftFinding(String code, String object, String blue, String green) {

  public String message() {
    if (blue == null) {
      return object + " exists on green only: " + green;
    }
    if (green == null) {
      return object + " exists on blue only: " + blue;
    }
    return object + " differs: blue has " + blue + ", green has " + green;
  }
}
