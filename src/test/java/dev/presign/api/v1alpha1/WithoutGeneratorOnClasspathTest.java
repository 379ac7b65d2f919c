package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.annotation.Annotation;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * crd-generator-api-v2 is a provided (compile-only) dependency for {@code @SchemaCustomizer}. The
 * model must work without it, as it does in the operator's runtime image.
 */
class WithoutGeneratorOnClasspathTest {

  private static final String GENERATOR_JAR = "crd-generator-api-v2";

  @Test
  void modelLoadsAndSerializesWithoutTheGeneratorJar() throws Exception {
    List<URL> urls = new ArrayList<>();
    boolean removed = false;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (new File(entry).getName().startsWith(GENERATOR_JAR)) {
        removed = true;
      } else {
        urls.add(toUrl(entry));
      }
    }
    assertThat(removed).as("the test classpath has %s", GENERATOR_JAR).isTrue();

    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(loader.getResource("io/fabric8/crdv2/generator/v1/SchemaCustomizer.class"))
          .isNull();
      for (String name :
          List.of("UploadClassSpec", "UploadRequestSpec", "UploadClass", "UploadRequest")) {
        Class<?> type = loader.loadClass("dev.presign.api.v1alpha1." + name);
        assertThat(
                Arrays.stream(type.getAnnotations())
                    .map(Annotation::annotationType)
                    .map(Class::getSimpleName))
            .doesNotContain("SchemaCustomizer");
        Object instance = type.getConstructor().newInstance();
        Object json =
            loader
                .loadClass("io.fabric8.kubernetes.client.utils.Serialization")
                .getMethod("asJson", Object.class)
                .invoke(null, instance);
        assertThat((String) json).as(name).startsWith("{");
      }
    }
  }

  private static URL toUrl(String entry) {
    try {
      return new File(entry).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
