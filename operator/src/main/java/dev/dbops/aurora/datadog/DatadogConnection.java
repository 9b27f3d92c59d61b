package dev.dbops.aurora.datadog;

import dev.dbops.aurora.aws.SecretValue;
import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom to call Datadog. The keys stay {@link SecretValue}s, whose toString hides them, so
 * logging this record leaks nothing.
 *
 * @param site datadoghq.com, datadoghq.eu, us3.datadoghq.com …
 * @param endpoint replaces https://api.{site} (a local test server); empty for Datadog itself
 */
public record DatadogConnection(String site, SecretValue apiKey, SecretValue applicationKey, Optional<URI> endpoint) {}
