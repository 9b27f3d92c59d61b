package dev.dbops.aurora.testing.aurora;

import dev.dbops.aurora.testing.rds.RdsXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * How the data plane shows a Blue/Green deployment in moto's answers: moto makes one AVAILABLE at once and
 * switches it over at once; the status here is the one the data is in (PROVISIONING while green copies,
 * SWITCHOVER_IN_PROGRESS until green serves), in the deployment and in each of its SwitchoverDetails.
 */
final class DeploymentView {
  private DeploymentView() {}

  static boolean rewrite(Document answer, Function<String, Optional<String>> statusOf) {
    boolean changed = false;
    // Create, Switchover and Delete answer one BlueGreenDeployment; Describe answers a list of members.
    List<Element> deployments = new ArrayList<>(RdsXml.all(answer, "BlueGreenDeployment"));
    for (Element list : RdsXml.all(answer, "BlueGreenDeployments")) {
      deployments.addAll(RdsXml.children(list, "member"));
    }
    for (Element deployment : deployments) {
      Optional<String> status = RdsXml.text(deployment, "BlueGreenDeploymentIdentifier").flatMap(statusOf);
      if (status.isEmpty()) {
        continue;
      }
      RdsXml.setText(deployment, "Status", status.get());
      for (Element member : RdsXml.all(deployment, "SwitchoverDetails")) {
        for (Element detail : RdsXml.children(member, "member")) {
          RdsXml.setText(detail, "Status", status.get());
        }
      }
      changed = true;
    }
    return changed;
  }
}
