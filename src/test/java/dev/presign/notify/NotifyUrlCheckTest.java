package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.api.v1alpha1.SchemaConstraints;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator's own check agrees with the CRD's pattern and rule, and says what is allowed. */
class NotifyUrlCheckTest {
  private static final Pattern CRD_PATTERN = Pattern.compile(SchemaConstraints.NOTIFY_URL_PATTERN);
  private static final Pattern CRD_USERINFO =
      Pattern.compile(SchemaConstraints.ENDPOINT_USERINFO_PATTERN);

  private final NotifyUrlCheck check = new NotifyUrlCheck();

  @ParameterizedTest(name = "{0} is accepted and shown as {1}")
  @CsvSource({
    "http://upload-hooks.shop.svc:8080/presign, http://upload-hooks.shop.svc:8080",
    "http://upload-hooks.shop.svc.cluster.local/hooks?source=presign, http://upload-hooks.shop.svc.cluster.local",
    "https://hooks.example.com, https://hooks.example.com",
    "http://127.0.0.1:9999/hook, http://127.0.0.1:9999",
    "http://[::1]:9999/hook, http://[::1]:9999",
  })
  void accepts(String url, String shown) {
    assertThat(CRD_PATTERN.matcher(url).matches()).as("CRD pattern").isTrue();
    assertThat(CRD_USERINFO.matcher(url).find()).as("CRD userinfo rule").isFalse();
    assertThat(check.shown(check.check(url))).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource({
    "http://user:hunter2@hooks.shop.svc/x, user name or password",
    "https://token@hooks.example.com/, user name or password",
    "ftp://hooks.shop.svc/x, scheme is not http or https",
    "file:///etc/passwd, scheme is not http or https",
    "hooks.shop.svc/x, scheme is not http or https",
    "http://hooks.shop.svc/x#frag, fragment",
    "http:///nohost, no host",
    "'http://hooks shop/x', not a valid URL",
  })
  void refusesNamingTheFieldWithoutEchoingIt(String url, String why) {
    boolean crdAccepts = CRD_PATTERN.matcher(url).matches() && !CRD_USERINFO.matcher(url).find();
    assertThat(crdAccepts).as("the CRD refuses it too").isFalse();
    assertThatThrownBy(() -> check.check(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.notify.url must be http:// or https://")
        .hasMessageContaining(why)
        .hasMessageNotContaining("hunter2");
  }
}
