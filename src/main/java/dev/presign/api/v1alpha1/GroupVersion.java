package dev.presign.api.v1alpha1;

/** Names shared by the custom resources of API group {@value #GROUP}, version {@value #VERSION}. */
public final class GroupVersion {

  /** The API group of UploadClass and UploadRequest. */
  public static final String GROUP = "uploads.presign.dev";

  /** The version of this package's resources. */
  public static final String VERSION = "v1alpha1";

  /** The {@code apiVersion} field of this package's resources. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The category both resources belong to: {@code kubectl get uploads} lists them all. */
  public static final String CATEGORY = "uploads";

  private GroupVersion() {}
}
