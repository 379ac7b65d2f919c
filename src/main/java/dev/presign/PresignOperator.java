package dev.presign;

import dev.presign.config.OperatorSettings;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import dev.presign.reconciler.ClassCredentials;
import dev.presign.reconciler.ConditionSetter;
import dev.presign.reconciler.EventRecorder;
import dev.presign.reconciler.LabelSelectorMatcher;
import dev.presign.reconciler.NamespaceLabels;
import dev.presign.reconciler.ReconcileTimings;
import dev.presign.reconciler.UploadClassReconciler;
import dev.presign.reconciler.UploadConfirmer;
import dev.presign.reconciler.UploadIssuer;
import dev.presign.reconciler.UploadMetrics;
import dev.presign.reconciler.UploadPolicy;
import dev.presign.reconciler.UploadRequestReconciler;
import dev.presign.reconciler.UploadRequestStatuses;
import dev.presign.s3.CredentialsResolver;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.S3ClientCache;
import dev.presign.s3.SecretCache;
import dev.presign.s3.SecretCredentialsLoader;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.SigningKeyCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Wiring only: settings → clients → collaborators → reconcilers. Every object is built here and
 * handed to the ones that need it, so each class can be built the same way in a test.
 */
public final class PresignOperator implements AutoCloseable {
  private final OperatorSettings settings;
  private final KubernetesClient client;
  private final SecretCache secrets;
  private final S3ClientCache s3Clients;
  private final DefaultCredentialsProvider defaultChain;
  private final ClassCredentials classCredentials;
  private final ObjectStore objectStore;
  private final Operator operator;
  private final UploadMetrics metrics;

  public PresignOperator(
      OperatorSettings settings,
      KubernetesClient client,
      Clock clock,
      MeterRegistry registry,
      ReconcileTimings timings) {
    this.settings = settings;
    this.client = client;
    this.secrets = new SecretCache(client, settings.credentialsNamespaces());
    this.s3Clients = new S3ClientCache(settings.s3CallTimeout());
    this.defaultChain = DefaultCredentialsProvider.builder().build();
    this.classCredentials =
        new ClassCredentials(
            new CredentialsResolver(new SecretCredentialsLoader(secrets::get), defaultChain),
            settings.credentialsNamespaces());
    this.objectStore = new ObjectStore(s3Clients);
    this.metrics = new UploadMetrics(registry);

    ConditionSetter conditions = new ConditionSetter(clock);
    EventRecorder events = new EventRecorder(client, clock);
    UploadPolicy policy = new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());
    UploadIssuer issuer =
        new UploadIssuer(
            UploadPlanner.create(),
            policy,
            new PostPolicySigner(clock, new SigningKeyCache()),
            new ObjectUrlPresigner(clock));
    UploadRequestReconciler requests =
        new UploadRequestReconciler(
            clock,
            policy,
            issuer,
            new UploadConfirmer(objectStore),
            new UploadRequestStatuses(conditions),
            events,
            classCredentials,
            new NamespaceLabels(client),
            timings,
            metrics);
    UploadClassReconciler classes =
        new UploadClassReconciler(
            clock,
            classCredentials,
            objectStore,
            conditions,
            events,
            timings,
            settings.credentialsNamespaces());

    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(settings));
              }
            });
    operator.register(classes);
    operator.register(
        requests,
        o -> {
          if (!settings.watchNamespaces().isEmpty()) {
            o.settingNamespaces(settings.watchNamespaces());
          }
        });
  }

  private static LeaderElectionConfiguration leaderElection(OperatorSettings settings) {
    Duration lease = settings.leaseDuration();
    Duration renew = lease.multipliedBy(2).dividedBy(3);
    Duration retry = lease.dividedBy(5).isZero() ? Duration.ofSeconds(1) : lease.dividedBy(5);
    String identity =
        System.getenv()
            .getOrDefault("POD_NAME", "presign-" + UUID.randomUUID().toString().substring(0, 8));
    // exitOnStopLeading=false: losing the lease must not System.exit a process that still serves
    // HTTP.
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.operatorNamespace(),
        lease,
        renew,
        retry,
        identity,
        null,
        false);
  }

  public void start() {
    secrets.start();
    operator.start();
  }

  public ClassCredentials classCredentials() {
    return classCredentials;
  }

  public ObjectStore objectStore() {
    return objectStore;
  }

  public UploadMetrics metrics() {
    return metrics;
  }

  public KubernetesClient client() {
    return client;
  }

  public OperatorSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    operator.stop();
    secrets.close();
    s3Clients.close();
    defaultChain.close();
  }
}
