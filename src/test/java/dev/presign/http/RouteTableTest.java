package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which methods a path allows, as the 405's {@code Allow} header lists them. */
class RouteTableTest {
  private static Vertx vertx;
  private static RouteTable routes;

  @BeforeAll
  static void build() {
    vertx = Vertx.vertx();
    routes = new RouteTable(Router.router(vertx));
    routes.add(HttpMethod.POST, "/api/v1/uploads/", "create");
    routes.add(HttpMethod.POST, "/api/v1/uploads", "create");
    routes.add(HttpMethod.GET, "/api/v1/uploads/:id", "get");
    routes.add(HttpMethod.DELETE, "/api/v1/uploads/:id", "cancel");
    routes.add(HttpMethod.POST, "/api/v1/uploads/:id/complete", "complete");
    routes.add(HttpMethod.GET, "/healthz", "healthz");
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  static Stream<Arguments> paths() {
    return Stream.of(
        Arguments.of("/api/v1/uploads/", List.of(HttpMethod.POST)),
        Arguments.of("/api/v1/uploads", List.of(HttpMethod.POST)),
        Arguments.of("/api/v1/uploads/abc", List.of(HttpMethod.GET, HttpMethod.DELETE)),
        Arguments.of("/api/v1/uploads/abc/", List.of(HttpMethod.GET, HttpMethod.DELETE)),
        Arguments.of("/api/v1/uploads/abc/complete", List.of(HttpMethod.POST)),
        Arguments.of("/api/v1/uploads//complete", List.of()),
        Arguments.of("/api/v1/uploads/abc/other", List.of()),
        Arguments.of("/api/v1/uploads/a/b", List.of()),
        Arguments.of("/healthz", List.of(HttpMethod.GET)),
        Arguments.of("/healthz/x", List.of()),
        Arguments.of("/", List.of()),
        Arguments.of("", List.of()));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("paths")
  void allowed(String path, List<HttpMethod> methods) {
    assertThat(routes.allowed(path)).isEqualTo(methods);
  }
}
