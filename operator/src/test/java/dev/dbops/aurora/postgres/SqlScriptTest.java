package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A team's .sql file split where psql would split it, and nowhere else. */
class SqlScriptTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesDollarQuotesAndComments() {
    String script = """
        -- the monthly report; never ran on the source
        SELECT 'a;b' AS x;
        /* a block; comment */ SELECT $$c;d$$ AS y;
        SELECT $fn$ e $$ ; f $fn$;
        SELECT E'it\\'s;' ;
        SELECT "odd;name" FROM t -- trailing; comment
        ;
        """;

    assertThat(SqlScript.statements(script)).containsExactly(
        "-- the monthly report; never ran on the source\nSELECT 'a;b' AS x",
        "/* a block; comment */ SELECT $$c;d$$ AS y",
        "SELECT $fn$ e $$ ; f $fn$",
        "SELECT E'it\\'s;'",
        "SELECT \"odd;name\" FROM t -- trailing; comment");
  }

  @Test
  void leavesOutEmptyStatementsAndTrailingComments() {
    assertThat(SqlScript.statements(";;\n  ;\nSELECT 1;\n-- the end; nothing here\n/* nor; here */\n"))
        .containsExactly("SELECT 1");
    assertThat(SqlScript.statements("")).isEmpty();
    assertThat(SqlScript.statements("-- only a comment")).isEmpty();
  }

  @Test
  void aLastStatementWithoutSemicolonCounts() {
    assertThat(SqlScript.statements("SELECT 1; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
  }
}
