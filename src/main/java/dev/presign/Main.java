package dev.presign;

import dev.presign.cli.SignCommand;
import dev.presign.naming.UploadPlanner;
import dev.presign.signing.SigningCredentials;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Entry point: {@code sign} prints one presigned upload; {@code run} starts the operator. */
public final class Main {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar presign-operator.jar <command> [options]",
          "",
          "Commands:",
          "  run      run the operator and its HTTP API (kubeconfig or in-cluster; PRESIGN_* settings)",
          "  sign     print one presigned S3 upload as JSON (see: sign --help)",
          "  help     print this help",
          "");

  private final Map<String, String> env;

  Main(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    int code = new Main(System.getenv()).run(Arrays.asList(args), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  int run(List<String> args, PrintStream out, PrintStream err) {
    String command = args.isEmpty() ? "help" : args.get(0);
    List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
    switch (command) {
      case "sign":
        return new SignCommand(defaultChainCredentials(), env, UploadPlanner.create())
            .run(rest, out, err);
      case "run":
        return OperatorCommand.run(env, rest, err);
      case "help":
      case "--help":
      case "-h":
        out.print(USAGE);
        return 0;
      default:
        err.println(
            "presign-operator: unknown command '" + command + "'; commands are run, sign, help");
        return 2;
    }
  }

  private static Supplier<SigningCredentials> defaultChainCredentials() {
    return () -> {
      try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
        return SigningCredentials.from(provider.resolveCredentials());
      } catch (SdkClientException e) {
        throw new SignCommand.CredentialsUnavailableException(
            "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), or configure a profile");
      }
    };
  }
}
