package dev.dbops.aurora.testing.inmemoryrds;

/**
 * The status RDS reports for a resource, including a transition ("creating", "modifying" …) that ends
 * in another status. RDS takes minutes; here a transition takes a number of reads of the resource, so the
 * code under test waits by reading again, as it must on AWS, and the test needs no sleeps: the
 * {@code reads}-th read after the write shows the status the transition ends in.
 */
final class Progress {
  private String status;
  private String endsAs;
  private int readsLeft;
  private int reads;

  Progress(String status) {
    this.status = status;
  }

  String status() {
    return status;
  }

  boolean inTransition() {
    return endsAs != null;
  }

  void begin(String during, String endsAs, int reads) {
    this.status = during;
    this.endsAs = endsAs;
    this.readsLeft = Math.max(1, reads);
    this.reads = this.readsLeft;
  }

  /** One read passes; true when the transition ended with it. */
  boolean read() {
    if (endsAs == null || --readsLeft > 0) {
      return false;
    }
    finish();
    return true;
  }

  /** Ends the transition now, as if all its time had passed. */
  void finish() {
    if (endsAs != null) {
      status = endsAs;
      endsAs = null;
    }
  }

  /** How far the transition has come, 0 to 100, as PercentProgress reports it for snapshots. */
  int percent() {
    return endsAs == null ? 100 : 100 * (reads - readsLeft) / reads;
  }
}
