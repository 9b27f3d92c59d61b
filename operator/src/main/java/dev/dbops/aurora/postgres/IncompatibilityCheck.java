package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One thing that breaks, or needs care, when a database moves to a newer PostgreSQL major version. */
public interface IncompatibilityCheck {

  /** Short id quoted in findings, e.g. postfix-operators. */
  String id();

  /** Whether moving from this source major to this target major can hit it at all. */
  boolean appliesTo(int sourceMajor, int targetMajor);

  /** Findings in the database the connection is on, objects named as database.schema.name. */
  List<SchemaFinding> findIn(Connection connection, String database) throws SQLException;
}
