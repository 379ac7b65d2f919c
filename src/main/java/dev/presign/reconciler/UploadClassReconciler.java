package dev.presign.reconciler;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassStatus;
import dev.presign.s3.BucketProbe;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.ResolvedCredentials;
import dev.presign.signing.InvalidRequestException;
import dev.presign.uploads.ClassBucketConfiguration;
import dev.presign.uploads.ClassCredentials;
import dev.presign.uploads.ConditionSetter;
import dev.presign.uploads.ConditionalStatusWriter;
import dev.presign.uploads.EventRecorder;
import dev.presign.uploads.UploadIssuer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps an UploadClass's {@code Ready} condition true to life: resolve its credentials, probe its
 * bucket with HeadBucket, report, and probe again periodically and whenever its Secret changes.
 *
 * <p>Also when a status that is not Ready appears, whoever wrote it ({@link DoubtfulStatus}).
 */
@ControllerConfiguration(
    name = "uploadclasses",
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = UploadClassReconciler.DoubtfulStatus.class))
public final class UploadClassReconciler implements Reconciler<UploadClass> {
  private static final String BY_SECRET_INDEX = "bySecret";

  private final Clock clock;
  private final ClassCredentials classCredentials;
  private final ObjectStore store;
  private final ConditionSetter conditions;
  private final EventRecorder events;
  private final ReconcileTimings timings;
  private final Set<String> credentialsNamespaces;
  private final ConditionalStatusWriter statusWriter;
  private final ClassBucketConfiguration bucketConfiguration;

  public UploadClassReconciler(
      Clock clock,
      ClassCredentials classCredentials,
      ObjectStore store,
      ConditionSetter conditions,
      EventRecorder events,
      ReconcileTimings timings,
      Set<String> credentialsNamespaces,
      ConditionalStatusWriter statusWriter,
      ClassBucketConfiguration bucketConfiguration) {
    this.clock = clock;
    this.classCredentials = classCredentials;
    this.store = store;
    this.conditions = conditions;
    this.events = events;
    this.timings = timings;
    this.credentialsNamespaces = credentialsNamespaces;
    this.statusWriter = statusWriter;
    this.bucketConfiguration = bucketConfiguration;
  }

  /**
   * The class changes worth a probe: a new spec (generation), and a new status that is not Ready.
   * Requests wait while their class is not Ready, so such a status is checked at once, whoever
   * wrote it: a deposed leader that wakes up from a pause with a probe that timed out while it was
   * frozen writes Ready=False after the new leader's probe, and it would otherwise stand until the
   * next periodic probe (minutes) with every new request Pending behind it. A Ready status holds
   * nothing back and waits for the next probe as before, so the leader's own Ready writes cost
   * nothing; its own not-Ready writes cost one more probe, which finds the same and writes nothing.
   */
  static final class DoubtfulStatus implements OnUpdateFilter<UploadClass> {
    @Override
    public boolean accept(UploadClass now, UploadClass before) {
      Long generation = now.getMetadata().getGeneration();
      Long previous = before.getMetadata().getGeneration();
      if (generation == null || previous == null || previous < generation) {
        return true;
      }
      if (now.isMarkedForDeletion() && !before.isMarkedForDeletion()) {
        return true;
      }
      return !Objects.equals(now.getStatus(), before.getStatus())
          && (now.getStatus() == null || !now.getStatus().isReady());
    }
  }

  @Override
  public List<EventSource<?, UploadClass>> prepareEventSources(
      EventSourceContext<UploadClass> context) {
    IndexerResourceCache<UploadClass> classes = context.getPrimaryCache();
    classes.addIndexer(
        BY_SECRET_INDEX,
        c ->
            c.getSpec() == null
                ? List.of()
                : c.getSpec()
                    .credentialsSecretRef()
                    .map(r -> List.of(r.getNamespace() + "/" + r.getName()))
                    .orElse(List.of()));
    InformerEventSource<Secret, UploadClass> secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, UploadClass.class)
                .withName("credential-secrets")
                .withNamespaces(credentialsNamespaces)
                .withSecondaryToPrimaryMapper(
                    secret ->
                        classes
                            .byIndex(
                                BY_SECRET_INDEX,
                                secret.getMetadata().getNamespace()
                                    + "/"
                                    + secret.getMetadata().getName())
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    return List.of(secrets);
  }

  /**
   * An Event when CORSReady or MultipartLifecycleReady changes status or reason (a changed message
   * alone, e.g. another origin listed, is in the status only). Not while the class waits to be
   * Ready: its Ready event says why.
   */
  private void recordBucketConfigurationChanges(
      UploadClass uploadClass, UploadClassStatus current, UploadClassStatus next) {
    for (String type :
        List.of(BucketConditions.CORS_READY, BucketConditions.MULTIPART_LIFECYCLE_READY)) {
      Optional<Condition> now = next.findCondition(type);
      if (now.isEmpty() || BucketConditions.CLASS_NOT_READY.equals(now.get().getReason())) {
        continue;
      }
      Optional<Condition> was = current.findCondition(type);
      if (was.isPresent()
          && Objects.equals(was.get().getStatus(), now.get().getStatus())
          && Objects.equals(was.get().getReason(), now.get().getReason())) {
        continue;
      }
      events.record(
          uploadClass,
          // Unknown (a store without the API, no permission to read) is no fault by itself.
          ConditionTypes.STATUS_FALSE.equals(now.get().getStatus())
              ? EventRecorder.WARNING
              : EventRecorder.NORMAL,
          type + now.get().getReason(),
          now.get().getMessage());
    }
  }

  @Override
  public UpdateControl<UploadClass> reconcile(
      UploadClass uploadClass, Context<UploadClass> context) {
    UploadClassStatus current =
        uploadClass.getStatus() == null ? new UploadClassStatus() : uploadClass.getStatus();
    String source;
    BucketProbe probe;
    Optional<java.time.Instant> expiry = Optional.empty();
    ResolvedCredentials credentials = null;
    try {
      credentials = classCredentials.resolve(uploadClass.getSpec());
      source = credentials.source();
      expiry = credentials.credentials().expiry();
      // Expired temporary credentials sign nothing that works; S3 would refuse them (ExpiredToken),
      // and some stores never check: say so rather than probe.
      probe =
          expiry.isPresent() && !expiry.get().isAfter(clock.instant())
              ? BucketProbe.failure(
                  Reasons.CREDENTIALS_EXPIRED,
                  "the temporary credentials from "
                      + source
                      + " expired at "
                      + expiry.get()
                      + (source.startsWith("secret ")
                          ? "; put fresh ones in the Secret (AWS_ACCESS_KEY_ID,"
                              + " AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,"
                              + " AWS_CREDENTIAL_EXPIRATION)"
                          : "; the AWS SDK did not refresh them, check the operator's role"))
              : store.headBucket(
                  UploadIssuer.endpointOf(uploadClass.getSpec()),
                  credentials.credentials(),
                  uploadClass.getSpec().getBucket());
    } catch (CredentialsException e) {
      source =
          uploadClass
              .getSpec()
              .credentialsSecretRef()
              .map(UploadClassStatus::credentialsSourceOf)
              .orElse(UploadClassStatus.DEFAULT_CHAIN_CREDENTIALS_SOURCE);
      probe = BucketProbe.failure(e.reason(), e.getMessage());
    } catch (InvalidRequestException e) {
      // The signer names the field from a request's point of view (uploadClass.spec.endpoint);
      // this condition is the class's own, where it is spec.endpoint. The message never repeats
      // a user name or password that an endpoint carried.
      source = current.getCredentialsSource();
      probe =
          BucketProbe.failure(
              Reasons.INVALID_SPEC,
              e.field().crdPath().replaceFirst("^uploadClass\\.", "") + ": " + e.reason());
    } catch (IllegalArgumentException e) {
      // The S3 client builder's own checks, after the endpoint passed ours (so it has no userinfo).
      source = current.getCredentialsSource();
      probe =
          BucketProbe.failure(
              Reasons.INVALID_SPEC, "spec.endpoint or spec.region: " + e.getMessage());
    }

    UploadClassStatus next = new UploadClassStatus();
    next.setObservedGeneration(uploadClass.getMetadata().getGeneration());
    next.setCredentialsSource(source);
    next.setConditions(
        conditions.set(
            current.getConditions(),
            ConditionTypes.READY,
            probe.ok() ? ConditionTypes.STATUS_TRUE : ConditionTypes.STATUS_FALSE,
            probe.reason(),
            probe.message(),
            uploadClass.getMetadata().getGeneration()));
    next.setConditions(
        bucketConfiguration.update(
            next.getConditions(),
            uploadClass.getMetadata().getName(),
            uploadClass.getSpec(),
            uploadClass.getMetadata().getGeneration(),
            probe.ok() && credentials != null
                ? Optional.of(
                    new ClassBucketConfiguration.ReadyBucket(
                        UploadIssuer.endpointOf(uploadClass.getSpec()), credentials.credentials()))
                : Optional.empty()));
    Optional<Condition> before = current.findCondition(ConditionTypes.READY);
    boolean transitioned =
        before.isEmpty()
            || !Objects.equals(
                before.get().getStatus(),
                next.findCondition(ConditionTypes.READY).get().getStatus())
            || !Objects.equals(before.get().getReason(), probe.reason());
    // The probe time moves only with the condition: a periodic probe that finds nothing new writes
    // nothing.
    next.setLastProbeTime(
        transitioned || current.getLastProbeTime() == null
            ? clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()
            : current.getLastProbeTime());

    java.time.Duration again =
        probe.ok() ? timings.classProbeInterval() : timings.classProbeRetry();
    if (probe.ok() && expiry.isPresent()) {
      // Look again the moment the credentials expire, not up to a probe interval later.
      java.time.Duration untilExpiry =
          java.time.Duration.between(clock.instant(), expiry.get()).plusMillis(100);
      again = untilExpiry.compareTo(again) < 0 ? untilExpiry : again;
    }
    if (next.equals(current)) {
      return UpdateControl.<UploadClass>noUpdate().rescheduleAfter(again);
    }
    if (statusWriter.write(uploadClass, next).isEmpty()) {
      // Changed since read (a spec edit, or our own write whose answer was lost): its event
      // reconciles again with the fresh version.
      return UpdateControl.<UploadClass>noUpdate().rescheduleAfter(timings.classProbeRetry());
    }
    if (transitioned) {
      events.record(
          uploadClass,
          probe.ok() ? EventRecorder.NORMAL : EventRecorder.WARNING,
          probe.reason(),
          probe.message());
    }
    recordBucketConfigurationChanges(uploadClass, current, next);
    return UpdateControl.<UploadClass>noUpdate().rescheduleAfter(again);
  }
}
