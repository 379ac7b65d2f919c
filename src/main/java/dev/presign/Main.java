package dev.presign;

public final class Main {
  public static void main(String[] args) {}
}
