# presign-operator container image: the shaded jar on a Java 17 runtime, as a non-root user.
#
#   mvn -B package -DskipTests && docker build -t presign-operator:dev .
#
# The jar is built outside the image (no multi-stage build): CI and developers already have
# Maven. The Helm chart runs the image with a read-only root file system and an emptyDir at /tmp.
FROM eclipse-temurin:17-jre

LABEL org.opencontainers.image.title="presign-operator" \
      org.opencontainers.image.description="Kubernetes operator that issues S3 presigned POST uploads for UploadRequest resources" \
      org.opencontainers.image.licenses="Apache-2.0"

COPY target/presign-operator.jar /opt/presign-operator/presign-operator.jar

# The nonroot UID/GID of distroless images; the chart's securityContext uses the same numbers.
USER 65532:65532
# Sized for a small, I/O-bound process (see docs/performance.md); the chart sets the same.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080

ENTRYPOINT ["java", "-jar", "/opt/presign-operator/presign-operator.jar"]
CMD ["run"]
