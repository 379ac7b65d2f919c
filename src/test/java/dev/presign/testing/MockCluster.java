package dev.presign.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The fabric8 mock API server in CRUD mode on 127.0.0.1, knowing our CRDs (read from crds/, so the
 * status subresource behaves as declared), recording every request it serves. Tests can put a
 * {@link Function} in front of the CRUD store to answer or fail chosen requests.
 */
public final class MockCluster implements AutoCloseable {
  // The mock server logs every request at INFO through java.util.logging; held strongly, since
  // java.util.logging forgets the level of a logger nobody references.
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Function<RecordedRequest, MockResponse>> interceptors =
      new CopyOnWriteArrayList<>();
  private final InterceptingDispatcher dispatcher;

  /** The CRUD store with the interceptors in front, handing out random uids. */
  private final class InterceptingDispatcher extends KubernetesCrudDispatcher {
    private final RandomUids uids = new RandomUids();

    InterceptingDispatcher(List<CustomResourceDefinitionContext> contexts) {
      super(contexts);
    }

    @Override
    public void processEvent(
        String path,
        AttributeSet pathAttributes,
        AttributeSet oldAttributes,
        GenericKubernetesResource resource,
        String json) {
      super.processEvent(
          path, pathAttributes, oldAttributes, resource, uids.stored(resource, json));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request.getMethod() + " " + request.getPath());
      for (Function<RecordedRequest, MockResponse> interceptor : interceptors) {
        MockResponse answer = interceptor.apply(request);
        if (answer != null) {
          return answer;
        }
      }
      return uids.answered(super.dispatch(request));
    }

    MockResponse store(RecordedRequest request) {
      return uids.answered(super.dispatch(request));
    }
  }

  private MockCluster() throws Exception {
    dispatcher = new InterceptingDispatcher(crdContexts());
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  public static MockCluster start() throws Exception {
    return new MockCluster();
  }

  private static List<CustomResourceDefinitionContext> crdContexts() throws Exception {
    List<CustomResourceDefinitionContext> contexts = new ArrayList<>();
    try (var files = Files.list(Path.of("crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          contexts.add(
              CustomResourceDefinitionContext.fromCrd(
                  Serialization.unmarshal(in, CustomResourceDefinition.class)));
        }
      }
    }
    return contexts;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A new client of the same server (for a second operator instance or a stranger). */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Creates a namespace with the given labels (name=value pairs). */
  public void createNamespace(String name, String... labels) {
    io.fabric8.kubernetes.api.model.NamespaceBuilder namespace =
        new io.fabric8.kubernetes.api.model.NamespaceBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      namespace.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
    }
    client.namespaces().resource(namespace.build()).create();
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  /** Every request so far, as "METHOD /path?query". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public long count(String method, String pathPart) {
    return requests.stream()
        .filter(r -> r.startsWith(method + " ") && r.contains(pathPart))
        .count();
  }

  /** Answers (or fails) requests before the CRUD store sees them; return null to pass one on. */
  public void intercept(Function<RecordedRequest, MockResponse> interceptor) {
    interceptors.add(interceptor);
  }

  /**
   * Hands a request to the CRUD store, past the interceptors: an interceptor that applies a write
   * and then loses the answer (or applies it late) calls this.
   */
  public MockResponse store(RecordedRequest request) {
    return dispatcher.store(request);
  }

  public void removeInterceptor(Function<RecordedRequest, MockResponse> interceptor) {
    interceptors.remove(interceptor);
  }

  public void clearInterceptors() {
    interceptors.clear();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
