package dev.presign.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmark mains share: {@code --name=value} options and the exit code of a run. */
final class BenchMain {
  interface Run {
    /**
     * @return true when the run passed its checks
     */
    boolean run(Map<String, String> options) throws Exception;
  }

  private BenchMain() {}

  /** Parses the options, runs, and exits 0 (passed), 1 (failed or threw) or 2 (bad arguments). */
  static void exit(String[] args, String failure, Run run) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        System.err.println("unknown argument " + arg);
        System.exit(2);
      }
      int eq = arg.indexOf('=');
      options.put(
          eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
    }
    int code;
    try {
      code = run.run(options) ? 0 : 1;
    } catch (Throwable e) {
      System.out.flush();
      System.err.println(failure + ": " + e);
      e.printStackTrace();
      code = 1;
    }
    // Child JVMs, Vert.x and informer threads must not keep the JVM alive.
    System.exit(code);
  }
}
