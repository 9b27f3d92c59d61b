package dev.dbops.aurora.aws;

import java.util.Map;

/**
 * What CreateBlueGreenDeployment needs for an Aurora cluster source.
 *
 * @param name the deployment's name (unique in the region: RDS refuses a second with
 *     BlueGreenDeploymentAlreadyExistsFault, which makes a retried create detectable)
 * @param sourceArn the blue cluster's ARN
 * @param targetEngineVersion green's engine version (a major upgrade happens while green is built)
 * @param targetClusterParameterGroup green's DB cluster parameter group, of the target version's family; null
 *     keeps blue's
 */
public record NewBlueGreenDeployment(
    String name,
    String sourceArn,
    String targetEngineVersion,
    String targetClusterParameterGroup,
    Map<String, String> tags) {}
