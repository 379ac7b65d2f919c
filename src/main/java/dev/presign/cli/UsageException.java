package dev.presign.cli;

/** Bad command-line input: exit code 2 and one line naming the argument and what is allowed. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
