package dev.presign.hardening;

import java.util.ArrayList;
import java.util.List;

/** Runs every case of a table and reports all that failed, not only the first. */
final class Failures {
  interface Check {
    void run() throws Exception;
  }

  private final List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());

  void check(Check check) throws Exception {
    try {
      check.run();
    } catch (AssertionError e) {
      String message = String.valueOf(e.getMessage()).strip();
      messages.add(message.length() > 600 ? message.substring(0, 600) + "…" : message);
    }
  }

  void assertNone() {
    if (!messages.isEmpty()) {
      List<String> messages = List.copyOf(this.messages);
      throw new AssertionError(
          messages.size() + " case(s) failed:\n- " + String.join("\n- ", messages));
    }
  }
}
