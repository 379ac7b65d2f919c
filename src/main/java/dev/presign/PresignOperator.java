package dev.presign;

import dev.presign.config.OperatorSettings;
import dev.presign.http.AbuseLimits;
import dev.presign.http.AccessReviewer;
import dev.presign.http.CallerAccess;
import dev.presign.http.CompanionHandlers;
import dev.presign.http.CreateAdmission;
import dev.presign.http.FormView;
import dev.presign.http.HttpApi;
import dev.presign.http.NamespaceRateLimiter;
import dev.presign.http.ReviewGate;
import dev.presign.http.TokenAuthenticator;
import dev.presign.http.TtlCache;
import dev.presign.http.UploadCreation;
import dev.presign.http.UploadHandlers;
import dev.presign.http.UploadNames;
import dev.presign.http.UploadRequestIndex;
import dev.presign.naming.ContentDisposition;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.ControlCharacterFilter;
import dev.presign.naming.InlineTypes;
import dev.presign.naming.UploadPlanner;
import dev.presign.notify.CompletionNotifier;
import dev.presign.notify.EventDelivery;
import dev.presign.notify.EventSignature;
import dev.presign.notify.NotificationLimits;
import dev.presign.notify.NotificationMetrics;
import dev.presign.notify.NotificationRecords;
import dev.presign.notify.NotifyUrlCheck;
import dev.presign.notify.SigningKeys;
import dev.presign.notify.UploadEventFactory;
import dev.presign.notify.WebhookPoster;
import dev.presign.reconciler.HeadObjectBudget;
import dev.presign.reconciler.ReconcileTimings;
import dev.presign.reconciler.UploadClassReconciler;
import dev.presign.reconciler.UploadRequestCopies;
import dev.presign.reconciler.UploadRequestReconciler;
import dev.presign.s3.BucketConfigStore;
import dev.presign.s3.CompletionTimeout;
import dev.presign.s3.CredentialsResolver;
import dev.presign.s3.HttpCorsPreflight;
import dev.presign.s3.HttpHeadObject;
import dev.presign.s3.MultipartStore;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.S3BucketConfigStore;
import dev.presign.s3.S3ClientCache;
import dev.presign.s3.SecretCache;
import dev.presign.s3.SecretCredentialsLoader;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.SigningKeyCache;
import dev.presign.uploads.AbortRetry;
import dev.presign.uploads.BucketCorsSettings;
import dev.presign.uploads.CachedUploadRequests;
import dev.presign.uploads.ClassBucketConfiguration;
import dev.presign.uploads.ClassCredentials;
import dev.presign.uploads.ClassInformer;
import dev.presign.uploads.ConditionSetter;
import dev.presign.uploads.ConditionalStatusWriter;
import dev.presign.uploads.EventRecorder;
import dev.presign.uploads.FormIssue;
import dev.presign.uploads.FormSecrets;
import dev.presign.uploads.IssueOnReceipt;
import dev.presign.uploads.IssueReadiness;
import dev.presign.uploads.LabelSelectorMatcher;
import dev.presign.uploads.MultipartAborts;
import dev.presign.uploads.MultipartFinalizer;
import dev.presign.uploads.MultipartLifecycleSettings;
import dev.presign.uploads.MultipartStarter;
import dev.presign.uploads.MultipartUploads;
import dev.presign.uploads.NamespaceLabels;
import dev.presign.uploads.UploadCancellation;
import dev.presign.uploads.UploadCompletion;
import dev.presign.uploads.UploadConfirmer;
import dev.presign.uploads.UploadDownloads;
import dev.presign.uploads.UploadIssuer;
import dev.presign.uploads.UploadMetrics;
import dev.presign.uploads.UploadPolicy;
import dev.presign.uploads.UploadReporter;
import dev.presign.uploads.UploadRequestReader;
import dev.presign.uploads.UploadRequestStatuses;
import dev.presign.uploads.UploadTargets;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Wiring only: settings → clients → the upload domain → front doors (reconcilers, HTTP API). Every
 * object is built here, in small factory methods, and handed to the ones that need it, so each
 * class can be built the same way in a test.
 */
public final class PresignOperator implements AutoCloseable {
  /**
   * Bound of each auth cache (~200 bytes an entry): random tokens can fill the rejections cache,
   * never memory, and never the acceptances.
   */
  private static final int AUTH_CACHE_ENTRIES = 10_000;

  /**
   * How long a token the API server accepted keeps its place in the known lane of the {@link
   * ReviewGate}: the lifetime of a default projected ServiceAccount token.
   */
  private static final Duration KNOWN_TOKEN_TTL = Duration.ofHours(1);

  private final OperatorSettings settings;
  private final KubernetesClient client;
  private final Clock clock;
  private final SecretCache secrets;
  private final S3ClientCache s3Clients;
  private final S3ClientCache s3CompleteClients;
  private final DefaultCredentialsProvider defaultChain;
  private final ClassCredentials classCredentials;
  private final ObjectStore objectStore;
  private final BucketConfigStore bucketConfigStore;
  private final MultipartStore multipartStore;
  private final UploadMetrics metrics;
  private final EventRecorder events;
  private final ClassInformer classInformer;
  private final AtomicBoolean leading;
  private final CompletionNotifier notifier;
  private final Domain domain;
  private final CachedUploadRequests cachedRequests = new CachedUploadRequests();
  private final UploadRequestIndex index;
  private final KubernetesClient apiClient;
  private final LeaseLoss leaseLoss;
  private final Operator operator;
  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final HttpApi httpApi;
  private HttpServer httpServer;
  private final AtomicBoolean closed = new AtomicBoolean();

  public PresignOperator(
      OperatorSettings settings,
      KubernetesClient client,
      Clock clock,
      PrometheusMeterRegistry registry,
      ReconcileTimings timings) {
    this.settings = settings;
    this.client = client;
    this.clock = clock;
    this.secrets = new SecretCache(client, settings.credentialsNamespaces());
    this.s3Clients = new S3ClientCache(settings.s3CallTimeout());
    this.defaultChain = DefaultCredentialsProvider.builder().build();
    this.classCredentials =
        new ClassCredentials(
            new CredentialsResolver(new SecretCredentialsLoader(secrets::get), defaultChain),
            settings.credentialsNamespaces());
    // S3 checks a signature's time against its own clock: HeadObject signs with the real time,
    // as the SDK client did, whatever clock the rest of the operator is given.
    this.objectStore =
        new ObjectStore(
            s3Clients,
            new HttpHeadObject(
                new ObjectUrlPresigner(Clock.systemUTC()), settings.s3CallTimeout()));
    this.bucketConfigStore = new S3BucketConfigStore(s3Clients);
    this.s3CompleteClients =
        S3ClientCache.forSingleLongCalls(
            settings.s3CallTimeout(), CompletionTimeout.DEFAULT.ceiling());
    this.multipartStore =
        new MultipartStore(s3Clients, s3CompleteClients, CompletionTimeout.DEFAULT);
    this.metrics = new UploadMetrics(registry);
    bindJvmMetrics(registry);
    this.events = new EventRecorder(client, clock);
    // HTTP callers are better served by a quick 503 + Retry-After than by fabric8's long retry
    // loop; the reconcilers keep the default client with its retries.
    this.apiClient = failFastClient(client);
    this.classInformer = new ClassInformer(client);
    this.index = new UploadRequestIndex(client, settings.watchNamespaces(), cachedRequests);
    // Without leader election this replica is the one sender; with it, the Lease decides.
    this.leading = new AtomicBoolean(!settings.leaderElection());
    this.notifier = notifier(registry);
    this.domain = domain(apiClient);
    this.leaseLoss = new LeaseLoss(this::stopReconciling);
    this.operator = operator(registry, timings);
    this.vertx = Vertx.vertx();
    this.workers = vertx.createSharedWorkerExecutor("presign-api", 32);
    this.httpApi = httpApi(registry);
  }

  /** The upload domain's collaborators, over the given API client. */
  private Domain domain(KubernetesClient writer) {
    ContentTypePolicy contentTypes = new ContentTypePolicy();
    UploadPolicy policy = new UploadPolicy(new LabelSelectorMatcher(), contentTypes);
    ObjectUrlPresigner urlPresigner = new ObjectUrlPresigner(clock);
    UploadPlanner planner = UploadPlanner.create();
    UploadRequestStatuses statuses = new UploadRequestStatuses(new ConditionSetter(clock));
    FormSecrets formSecrets = new FormSecrets(writer);
    UploadReporter reporter =
        new UploadReporter(
            new ConditionalStatusWriter(writer), events, metrics, formSecrets, notifier);
    UploadTargets targets = new UploadTargets(planner, policy);
    UploadRequestReader reader = new UploadRequestReader(writer);
    UploadIssuer issuer =
        new UploadIssuer(
            planner, policy, new PostPolicySigner(clock, new SigningKeyCache()), urlPresigner);
    IssueReadiness readiness = new IssueReadiness(policy, new NamespaceLabels(writer));
    FormIssue forms =
        new FormIssue(issuer, classCredentials, formSecrets, statuses, reporter, metrics);
    UploadCompletion completion =
        new UploadCompletion(
            targets,
            classCredentials,
            new UploadConfirmer(objectStore),
            statuses,
            reporter,
            clock,
            reader);
    MultipartFinalizer finalizer = new MultipartFinalizer(writer);
    MultipartAborts aborts =
        new MultipartAborts(
            targets,
            classCredentials,
            multipartStore,
            finalizer,
            events,
            metrics,
            new AbortRetry(),
            clock);
    return new Domain(
        policy,
        issuer,
        readiness,
        forms,
        new IssueOnReceipt(readiness, forms, statuses, reporter, classInformer.catalog()),
        statuses,
        reporter,
        completion,
        new UploadDownloads(
            targets,
            classCredentials,
            objectStore,
            urlPresigner,
            new ContentDisposition(new ControlCharacterFilter()),
            new InlineTypes()),
        new UploadCancellation(statuses, reporter, reader, aborts, classInformer.catalog()),
        reader,
        contentTypes,
        formSecrets,
        new MultipartUploads(
            targets,
            classInformer.catalog(),
            classCredentials,
            multipartStore,
            objectStore,
            urlPresigner,
            policy,
            completion,
            clock),
        new MultipartStarter(issuer, policy, multipartStore, clock),
        aborts,
        finalizer);
  }

  /**
   * Completion notifications (UploadClass spec.notify): one sender for both domains, sending while
   * this replica leads, writing its records with the operator's own client (default retries).
   */
  private CompletionNotifier notifier(PrometheusMeterRegistry registry) {
    NotificationLimits limits = NotificationLimits.of(settings);
    ContentTypePolicy contentTypes = new ContentTypePolicy();
    return new CompletionNotifier(
        limits,
        classInformer.catalog(),
        new UploadTargets(
            UploadPlanner.create(), new UploadPolicy(new LabelSelectorMatcher(), contentTypes)),
        new EventDelivery(
            new UploadEventFactory(),
            new SigningKeys(secrets::get, settings.credentialsNamespaces()),
            new EventSignature(),
            new WebhookPoster(limits.timeout()),
            new NotifyUrlCheck()),
        new NotificationRecords(
            new ConditionalStatusWriter(client),
            new UploadRequestReader(client),
            new ConditionSetter(clock),
            client),
        clock,
        leading::get,
        index::all,
        new NotificationMetrics(registry));
  }

  /** JOSDK with both reconcilers registered and, if asked, leader election. */
  private Operator operator(PrometheusMeterRegistry registry, ReconcileTimings timings) {
    HeadObjectBudget headBudget = new HeadObjectBudget(settings.headObjectPerSecond());
    Gauge.builder("presign_head_object_backlog", headBudget, HeadObjectBudget::backlog)
        .description(
            "Issued uploads waiting for their turn to be looked at with HeadObject"
                + " (PRESIGN_HEAD_OBJECT_PER_SECOND)")
        .register(registry);
    // The reconcilers write with the operator's own client (default retries): same domain, other
    // client.
    Domain reconciling = domain(client);
    UploadRequestReconciler requests =
        new UploadRequestReconciler(
            clock,
            reconciling.readiness(),
            reconciling.forms(),
            reconciling.completion(),
            reconciling.statuses(),
            reconciling.reporter(),
            classCredentials,
            timings,
            headBudget,
            reconciling.multipartStarter(),
            reconciling.multipartAborts(),
            reconciling.multipartFinalizer());
    UploadClassReconciler classes =
        new UploadClassReconciler(
            clock,
            classCredentials,
            objectStore,
            new ConditionSetter(clock),
            events,
            timings,
            settings.credentialsNamespaces(),
            new ConditionalStatusWriter(client),
            new ClassBucketConfiguration(
                new BucketCorsSettings(
                    bucketConfigStore, new HttpCorsPreflight(settings.s3CallTimeout())),
                new MultipartLifecycleSettings(bucketConfigStore),
                new ConditionSetter(clock)));
    Operator built =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withResourceCloner(new UploadRequestCopies(client.getKubernetesSerialization()))
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    leaderElection(settings, this::startedLeading, this::stoppedLeading));
              }
            });
    built.register(classes);
    built.register(
        requests,
        o -> {
          o.withInformerListLimit(cachedRequests.listPageSize());
          if (settings.watchNamespaces().size() <= 1) {
            // JOSDK 5.2 hands the one store it is given to each namespace's informer, and a relist
            // of one would drop the others' entries: pruned copies only with one informer.
            o.withItemStore(cachedRequests.itemStore());
          }
          if (!settings.watchNamespaces().isEmpty()) {
            o.settingNamespaces(settings.watchNamespaces());
          }
        });
    return built;
  }

  /**
   * The HTTP API: the seed's upload endpoints and the Companion routes, thin handlers over the
   * domain that share one caller check (caches, limits) and one creation path.
   */
  private HttpApi httpApi(PrometheusMeterRegistry registry) {
    CallerAccess access = callerAccess();
    UploadCreation creation =
        new UploadCreation(
            vertx,
            apiClient,
            index,
            domain.reader(),
            domain.onReceipt(),
            new UploadNames(),
            settings.issueTimeout());
    FormView forms = new FormView(domain.formSecrets());
    // One bound for every way to create an upload over HTTP.
    CreateAdmission admission = new CreateAdmission(settings.maxCreatesInFlight(), registry);
    return new HttpApi(
        new UploadHandlers(
            workers,
            access,
            creation,
            domain.completion(),
            domain.downloads(),
            domain.cancellation(),
            domain.reader(),
            classInformer.catalog(),
            domain.contentTypes(),
            forms,
            admission),
        new CompanionHandlers(
            workers,
            access,
            creation,
            domain.cancellation(),
            domain.multipart(),
            classInformer.catalog(),
            domain.contentTypes(),
            forms,
            domain.reader(),
            clock,
            admission),
        registry,
        () -> index.isSynced() && classInformer.isSynced(),
        () -> !leaseLoss.happened());
  }

  /** Who calls the HTTP API and what it may do, within its namespace's limits. */
  private CallerAccess callerAccess() {
    // Keyed by the caller's address: the same bounded token-bucket map as for namespaces.
    ReviewGate gate =
        new ReviewGate(
            settings.tokenReviewsInFlight(),
            new NamespaceRateLimiter(
                settings.tokenReviewsPerSecondPerSource(),
                settings.tokenReviewBurstPerSource(),
                System::nanoTime),
            new TtlCache<>(clock, KNOWN_TOKEN_TTL, AUTH_CACHE_ENTRIES));
    TokenAuthenticator authenticator =
        new TokenAuthenticator(
            apiClient,
            settings.tokenAudience(),
            new TtlCache<>(clock, settings.authCacheTtl(), AUTH_CACHE_ENTRIES),
            new TtlCache<>(clock, settings.authCacheTtl(), AUTH_CACHE_ENTRIES),
            gate);
    AccessReviewer reviewer =
        new AccessReviewer(
            apiClient, new TtlCache<>(clock, settings.authCacheTtl(), AUTH_CACHE_ENTRIES));
    AbuseLimits limits =
        new AbuseLimits(
            new NamespaceRateLimiter(
                settings.requestsPerSecondPerNamespace(),
                settings.requestBurstPerNamespace(),
                System::nanoTime),
            index,
            settings.maxOutstandingPerNamespace());
    return new CallerAccess(authenticator, reviewer, index, limits);
  }

  private static KubernetesClient failFastClient(KubernetesClient client) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(1)
                .withRequestTimeout(5_000)
                .build())
        .build();
  }

  private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** The upload domain, built once per API client. */
  private record Domain(
      UploadPolicy policy,
      UploadIssuer issuer,
      IssueReadiness readiness,
      FormIssue forms,
      IssueOnReceipt onReceipt,
      UploadRequestStatuses statuses,
      UploadReporter reporter,
      UploadCompletion completion,
      UploadDownloads downloads,
      UploadCancellation cancellation,
      UploadRequestReader reader,
      ContentTypePolicy contentTypes,
      FormSecrets formSecrets,
      MultipartUploads multipart,
      MultipartStarter multipartStarter,
      MultipartAborts multipartAborts,
      MultipartFinalizer multipartFinalizer) {}

  private void startedLeading() {
    leading.set(true);
    notifier.sweepSoon();
  }

  private void stoppedLeading() {
    leading.set(false);
    leaseLoss.onStopLeading();
  }

  private static LeaderElectionConfiguration leaderElection(
      OperatorSettings settings, Runnable onStartLeading, Runnable onStopLeading) {
    Duration lease = settings.leaseDuration();
    Duration renew = lease.multipliedBy(2).dividedBy(3);
    Duration retry = lease.dividedBy(5).isZero() ? Duration.ofSeconds(1) : lease.dividedBy(5);
    String identity =
        settings.podName().isBlank()
            ? "presign-" + UUID.randomUUID().toString().substring(0, 8)
            : settings.podName();
    // exitOnStopLeading=false: losing the lease must not System.exit a process that still serves
    // HTTP; LeaseLoss stops the reconcilers instead (JOSDK would keep them running).
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.operatorNamespace(),
        lease,
        renew,
        retry,
        identity,
        new LeaderCallbacks(onStartLeading, onStopLeading, leader -> {}),
        false);
  }

  /** After a lost Lease: the reconcilers stop; caches for HTTP and the HTTP API keep running. */
  private void stopReconciling() {
    operator.stop();
  }

  /** Starts caches, the HTTP API (every replica) and the reconcilers (the leader). */
  public void start() {
    secrets.start();
    classInformer.start();
    index.start();
    notifier.start();
    httpServer =
        vertx
            .createHttpServer(
                HttpApi.serverOptions(
                    settings.httpHost(), settings.httpPort(), settings.httpIdleTimeout()))
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

  /** The one cancel path (the HTTP API's DELETE calls it too). */
  public UploadCancellation cancellation() {
    return domain.cancellation();
  }

  /** The multipart facade the HTTP API's Companion routes call (signing, listing, completing). */
  public MultipartUploads multipartUploads() {
    return domain.multipart();
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
    // Senders first: no attempt starts after this; one under way stays owed (Notified Unknown).
    notifier.close();
    operator.stop();
    events.close();
    index.close();
    classInformer.close();
    apiClient.close();
    workers.close();
    await(vertx.close());
    secrets.close();
    s3Clients.close();
    s3CompleteClients.close();
    defaultChain.close();
  }
}
