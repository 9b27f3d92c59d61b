package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.PendingCreates.CLUSTER;
import static dev.dbops.aurora.cluster.PendingCreates.INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.cluster.PendingCreate;
import dev.dbops.aurora.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingCreatesTest {
  private final ManualClock clock = new ManualClock();
  private final PendingCreates pending = new PendingCreates(Duration.ofMinutes(5), clock);

  @Test
  void aMissWithinTheGracePeriodIsAwaitedAndAfterItTheCreateIsAskedAgain() {
    List<PendingCreate> status = pending.asked(null, CLUSTER, "orders-db");

    clock.advance(Duration.ofMinutes(4));
    assertThat(pending.awaited(status, CLUSTER, "orders-db")).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(pending.awaited(status, CLUSTER, "orders-db")).isFalse();
    assertThat(pending.waitedInVain(status, CLUSTER, "orders-db")).isTrue();
  }

  @Test
  void theRequestTimeInStatusKeepsARestartedOperatorWaiting() {
    List<PendingCreate> status = pending.asked(null, INSTANCE, "orders-db-1");
    clock.advance(Duration.ofMinutes(2));

    PendingCreates afterRestart = new PendingCreates(Duration.ofMinutes(5), clock);

    assertThat(afterRestart.awaitedInstances(status)).containsExactly("orders-db-1");
  }

  @Test
  void identifiersAreComparedAsRdsStoresThem() {
    List<PendingCreate> status = pending.asked(null, CLUSTER, "Orders-DB");

    assertThat(pending.awaited(status, CLUSTER, "orders-db")).isTrue();
    assertThat(pending.awaited(status, INSTANCE, "orders-db")).isFalse();
  }

  @Test
  void askingAgainRestartsTheGracePeriod() {
    List<PendingCreate> status = pending.asked(null, INSTANCE, "orders-db-1");
    clock.advance(Duration.ofMinutes(6));

    status = pending.asked(status, INSTANCE, "orders-db-1");

    assertThat(status).hasSize(1);
    assertThat(pending.awaited(status, INSTANCE, "orders-db-1")).isTrue();
  }

  @Test
  void listingTheClusterAndAnInstanceEndsTheirWaitButNotTheOthers() {
    List<PendingCreate> status = pending.asked(null, CLUSTER, "orders-db");
    status = pending.asked(status, INSTANCE, "orders-db-1");
    status = pending.asked(status, INSTANCE, "orders-db-2");

    List<PendingCreate> after = pending.afterListing(status, Set.of("orders-db-1"), Set.of("orders-db-1", "orders-db-2"));

    assertThat(after).extracting(PendingCreate::getKind, PendingCreate::getIdentifier)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(INSTANCE, "orders-db-2"));
    assertThat(pending.afterListing(after, Set.of("orders-db-1", "orders-db-2"), Set.of("orders-db-1", "orders-db-2")))
        .isNull();
  }

  @Test
  void anInstanceTheSpecNoLongerWantsIsNotWaitedFor() {
    List<PendingCreate> status = pending.asked(null, INSTANCE, "orders-db-2");

    assertThat(pending.afterListing(status, Set.of("orders-db-1"), Set.of("orders-db-1"))).isNull();
  }

  @Test
  void aHandEditedTimeIsNotWaitedFor() {
    List<PendingCreate> status = List.of(new PendingCreate(CLUSTER, "orders-db", "yesterday"));

    assertThat(pending.awaited(status, CLUSTER, "orders-db")).isFalse();
  }
}
