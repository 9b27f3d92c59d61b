package dev.dbops.aurora.postgres;

/**
 * What the carry-over did to one sequence.
 *
 * @param sequence database.schema.name
 * @param ownedBy the column a serial or identity sequence belongs to, as schema.table.column; empty for a free one
 * @param blueNext the value blue's next nextval would return; null when blue's sequence is exhausted
 * @param greenNextBefore green's next value before the carry-over; null when the sequence is missing on green
 * @param greenNextAfter green's next value after it; null when the sequence is missing on green
 */
public record CarriedSequence(
    String sequence,
    String ownedBy,
    Outcome outcome,
    Long blueNext,
    Long greenNextBefore,
    Long greenNextAfter) {

  public enum Outcome {
    /** green's sequence was moved forward with setval. */
    MOVED,
    /** green's sequence already stood at or past the target: left as it was. */
    ALREADY_AHEAD,
    /** blue has the sequence, green has not: schema drift, for the caller to stop on. */
    MISSING_ON_GREEN,
    /** the two sides count in opposite directions: schema drift, left as it was. */
    DIRECTION_DIFFERS,
    /** blue's sequence cannot hand out another value, or the target is past green's bound: left as it was. */
    OUT_OF_RANGE
  }
}
