package dev.dbops.aurora.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.CloudWatchOnMoto;
import dev.dbops.aurora.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The image holds one HTTP client for Kubernetes (the JDK's) and one for AWS (URL connection), and the
 * operator works with only those: {@link RuntimeClasspathProbe} runs in a JVM on the runtime classpath
 * (target/runtime-classpath.txt, written by the build from the runtime scope that Jib copies into the
 * image), not on this test's classpath, which test-scope dependencies widen (the Fabric8 mock server
 * brings Vert.x). Without a usable client the AWS SDK fails at the first build of a client that names
 * none, such as the STS client of the IRSA web-identity credentials.
 */
@ExtendWith(MotoServer.class)
class RuntimeHttpClientsTest {
  @Test
  void theRuntimeClasspathHasTheJdkAndUrlConnectionClientsOnlyAndEveryAwsClientWorksWithThem() throws Exception {
    Path token = Files.createTempFile("web-identity", ".jwt");
    Files.writeString(token, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2ln");
    String zone;
    try (Route53Client route53 = Route53Client.builder().region(Region.AWS_GLOBAL)
        .endpointOverride(MotoServer.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build()) {
      zone = route53.createHostedZone(b -> b.name("example.com.").callerReference("probe-" + System.nanoTime()))
          .hostedZone().id();
    }

    List<String> lines;
    try (CloudWatchOnMoto cloudWatch = new CloudWatchOnMoto()) {
      lines = probe(token, zone, cloudWatch.endpoint().toString());
    }

    assertThat(lines).filteredOn(l -> l.startsWith("fabric8-http-factory "))
        .containsExactly("fabric8-http-factory io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory");
    assertThat(lines).filteredOn(l -> l.startsWith("aws-sync-http "))
        .containsExactly("aws-sync-http software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    assertThat(lines).filteredOn(l -> l.startsWith("aws-async-http ")).isEmpty();
    assertThat(lines).contains(
        "fabric8-implicit-client io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl",
        "rds findCluster false",
        "cloudwatch describeAlarms 0",
        "route53 findCname false");
    // Web identity from the environment (h), STS AssumeRoleWithWebIdentity (k), moto's temporary key (ASIA).
    assertThat(lines).contains("aws-credentials h,k ASIA");
  }

  private static List<String> probe(Path token, String zone, String cloudWatch) throws IOException, InterruptedException {
    String runtime = Files.readString(Path.of("target/runtime-classpath.txt")).trim();
    String classpath = String.join(java.io.File.pathSeparator, "target/classes", "target/test-classes", runtime);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        RuntimeClasspathProbe.class.getName(), MotoServer.endpoint().toString(), zone, cloudWatch));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    var env = builder.environment();
    // IRSA as EKS sets it: no keys, a role and a projected token; STS (moto) answers at AWS_ENDPOINT_URL.
    List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")
        .forEach(env::remove);
    env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/aurora-operator");
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
    env.put("AWS_ROLE_SESSION_NAME", "aurora-operator");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL", MotoServer.endpoint().toString());
    env.put("AWS_CONFIG_FILE", "/nonexistent");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
