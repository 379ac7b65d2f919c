package dev.presign.bench;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.PostPolicyRequest;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.PresignedPost;
import dev.presign.signing.SigningCredentials;
import dev.presign.signing.SigningKeyCache;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signatures per second of {@link PostPolicySigner} against the least work any SigV4 POST signer
 * must do: base64 of a prebuilt policy, one HMAC-SHA256 with an already-keyed {@link Mac}, and hex.
 * Run with {@code scripts/bench-signer.sh}; see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignerBenchmark {
  private PostPolicySigner signer;
  private PostPolicyRequest request;
  private SigningCredentials credentials;
  private BucketEndpoint endpoint;
  private Mac baselineMac;
  private byte[] baselinePolicyJson;

  @Setup
  public void setUp() throws Exception {
    signer = new PostPolicySigner(Clock.systemUTC(), new SigningKeyCache());
    request =
        PostPolicyRequest.of(
            "bench-bucket",
            "media/uploads/6654c734ccab8f440ff0825eb443dc7f-lorem-ipsum.pdf",
            "application/pdf",
            77000,
            Duration.ofHours(1));
    credentials =
        SigningCredentials.permanent(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    endpoint = BucketEndpoint.aws("us-east-1", null);
    PresignedPost sample = signer.sign(request, credentials, endpoint);
    baselinePolicyJson = Base64.getDecoder().decode(sample.fields().get("policy"));
    baselineMac = Mac.getInstance("HmacSHA256");
    baselineMac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
  }

  @Benchmark
  public String baselineHmacBase64Hex() {
    String policy = Base64.getEncoder().encodeToString(baselinePolicyJson);
    return HexFormat.of()
        .formatHex(baselineMac.doFinal(policy.getBytes(StandardCharsets.US_ASCII)));
  }

  @Benchmark
  public PresignedPost presignPost() {
    return signer.sign(request, credentials, endpoint);
  }
}
