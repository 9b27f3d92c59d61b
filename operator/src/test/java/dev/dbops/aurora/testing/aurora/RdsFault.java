package dev.dbops.aurora.testing.aurora;

/**
 * An RDS error answer, as AWS words it: the code (e.g. InvalidDBClusterStateFault), the message and the
 * HTTP status (400 for the caller's mistakes, 500 when the data plane itself failed).
 */
public final class RdsFault extends RuntimeException {
  private final String code;
  private final int httpStatus;

  public RdsFault(String code, String message) {
    this(code, message, 400);
  }

  public RdsFault(String code, String message, int httpStatus) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The error document RDS's Query API answers with. */
  public String toXml() {
    return "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>"
        + (httpStatus < 500 ? "Sender" : "Receiver") + "</Type><Code>" + RdsXml.escape(code) + "</Code><Message>"
        + RdsXml.escape(getMessage()) + "</Message></Error><RequestId>local-aurora</RequestId></ErrorResponse>";
  }
}
