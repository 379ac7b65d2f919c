package dev.presign;

import dev.presign.config.OperatorSettings;
import dev.presign.http.AbuseLimits;
import dev.presign.http.AccessReviewer;
import dev.presign.http.HttpApi;
import dev.presign.http.NamespaceRateLimiter;
import dev.presign.http.TokenAuthenticator;
import dev.presign.http.TtlCache;
import dev.presign.http.UploadNames;
import dev.presign.http.UploadRequestIndex;
import dev.presign.http.UploadsApi;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import dev.presign.reconciler.HeadObjectBudget;
import dev.presign.reconciler.ReconcileTimings;
import dev.presign.reconciler.UploadClassReconciler;
import dev.presign.reconciler.UploadRequestReconciler;
import dev.presign.s3.CredentialsResolver;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.S3ClientCache;
import dev.presign.s3.SecretCache;
import dev.presign.s3.SecretCredentialsLoader;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.SigningKeyCache;
import dev.presign.uploads.ClassCredentials;
import dev.presign.uploads.ConditionSetter;
import dev.presign.uploads.ConditionalStatusWriter;
import dev.presign.uploads.EventRecorder;
import dev.presign.uploads.LabelSelectorMatcher;
import dev.presign.uploads.NamespaceLabels;
import dev.presign.uploads.UploadConfirmer;
import dev.presign.uploads.UploadIssuer;
import dev.presign.uploads.UploadMetrics;
import dev.presign.uploads.UploadPolicy;
import dev.presign.uploads.UploadRequestStatuses;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
  private final LeaseLoss leaseLoss;
  private final UploadMetrics metrics;
  private final EventRecorder events;
  private final UploadRequestIndex index;
  private final KubernetesClient apiClient;
  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final HttpApi httpApi;
  private HttpServer httpServer;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  public PresignOperator(
      OperatorSettings settings,
      KubernetesClient client,
      Clock clock,
      PrometheusMeterRegistry registry,
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
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    ConditionSetter conditions = new ConditionSetter(clock);
    this.events = new EventRecorder(client, clock);
    UploadPolicy policy = new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());
    ObjectUrlPresigner urlPresigner = new ObjectUrlPresigner(clock);
    UploadIssuer issuer =
        new UploadIssuer(
            UploadPlanner.create(),
            policy,
            new PostPolicySigner(clock, new SigningKeyCache()),
            urlPresigner);
    UploadConfirmer confirmer = new UploadConfirmer(objectStore);
    UploadRequestStatuses statuses = new UploadRequestStatuses(conditions);
    HeadObjectBudget headBudget = new HeadObjectBudget(settings.headObjectPerSecond());
    io.micrometer.core.instrument.Gauge.builder(
            "presign_head_object_backlog", headBudget, HeadObjectBudget::backlog)
        .description(
            "Issued uploads waiting for their turn to be looked at with HeadObject"
                + " (PRESIGN_HEAD_OBJECT_PER_SECOND)")
        .register(registry);
    UploadRequestReconciler requests =
        new UploadRequestReconciler(
            clock,
            policy,
            issuer,
            confirmer,
            statuses,
            events,
            classCredentials,
            new NamespaceLabels(client),
            timings,
            metrics,
            headBudget,
            new ConditionalStatusWriter(client));
    UploadClassReconciler classes =
        new UploadClassReconciler(
            clock,
            classCredentials,
            objectStore,
            conditions,
            events,
            timings,
            settings.credentialsNamespaces());

    this.leaseLoss = new LeaseLoss(this::stopReconciling);
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
                o.withLeaderElectionConfiguration(leaderElection(settings, leaseLoss));
              }
            });
    this.index = new UploadRequestIndex(client, settings.watchNamespaces());
    // HTTP callers are better served by a quick 503 + Retry-After than by fabric8's long retry
    // loop.
    this.apiClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(1)
                    .withRequestTimeout(5_000)
                    .build())
            .build();
    this.vertx = Vertx.vertx();
    this.workers = vertx.createSharedWorkerExecutor("presign-api", 32);
    UploadsApi uploads =
        new UploadsApi(
            vertx,
            workers,
            new TokenAuthenticator(
                apiClient,
                settings.tokenAudience(),
                new TtlCache<>(clock, settings.authCacheTtl(), 10_000)),
            new AccessReviewer(apiClient, new TtlCache<>(clock, settings.authCacheTtl(), 10_000)),
            index,
            apiClient,
            classCredentials,
            confirmer,
            statuses,
            urlPresigner,
            new ContentTypePolicy(),
            clock,
            settings.issueTimeout(),
            events,
            new AbuseLimits(
                new NamespaceRateLimiter(
                    settings.requestsPerSecondPerNamespace(),
                    settings.requestBurstPerNamespace(),
                    System::nanoTime),
                index,
                settings.maxOutstandingPerNamespace()),
            new UploadNames());
    this.httpApi = new HttpApi(uploads, registry, index::isSynced, () -> !leaseLoss.happened());

    operator.register(classes);
    operator.register(
        requests,
        o -> {
          if (!settings.watchNamespaces().isEmpty()) {
            o.settingNamespaces(settings.watchNamespaces());
          }
        });
  }

  private static LeaderElectionConfiguration leaderElection(
      OperatorSettings settings, LeaseLoss leaseLoss) {
    Duration lease = settings.leaseDuration();
    Duration renew = lease.multipliedBy(2).dividedBy(3);
    Duration retry = lease.dividedBy(5).isZero() ? Duration.ofSeconds(1) : lease.dividedBy(5);
    String identity =
        System.getenv()
            .getOrDefault("POD_NAME", "presign-" + UUID.randomUUID().toString().substring(0, 8));
    // exitOnStopLeading=false: losing the lease must not System.exit a process that still serves
    // HTTP; LeaseLoss stops the reconcilers instead (JOSDK would keep them running).
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.operatorNamespace(),
        lease,
        renew,
        retry,
        identity,
        new LeaderCallbacks(() -> {}, leaseLoss::onStopLeading, leader -> {}),
        false);
  }

  /** After a lost Lease: the reconcilers stop; caches for HTTP and the HTTP API keep running. */
  private void stopReconciling() {
    operator.stop();
  }

  /** Starts caches, the HTTP API (every replica) and the reconcilers (the leader). */
  public void start() {
    secrets.start();
    index.start();
    httpServer =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(settings.httpHost()).setPort(settings.httpPort()))
            .requestHandler(httpApi.router(vertx))
            .invalidRequestHandler(HttpApi::invalidRequest)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    operator.start();
  }

  /** The port the HTTP API listens on (useful with port 0). */
  public int httpPort() {
    return httpServer.actualPort();
  }

  private static void await(io.vertx.core.Future<Void> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Shutting down: nothing more to do than carry on closing the rest.
    }
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
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    leaseLoss.closing();
    if (httpServer != null) {
      await(httpServer.close());
    }
    operator.stop();
    events.close();
    index.close();
    apiClient.close();
    workers.close();
    await(vertx.close());
    secrets.close();
    s3Clients.close();
    defaultChain.close();
  }
}
