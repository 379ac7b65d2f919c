package dev.presign.chart;

/** Values files the chart tests render with, besides the chart's own defaults. */
final class TestValues {

  private TestValues() {}

  /** Every optional feature on, and most settings away from their defaults. */
  static final String NON_DEFAULT =
      """
      replicaCount: 3
      image:
        tag: 0.2.0-rc.1
        pullPolicy: Always
      serviceAccount:
        annotations:
          eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/presign-operator
      watchNamespaces: [team-a, team-b]
      credentialsNamespaces: [aws-credentials, presign-system, shared-secrets, aws-credentials]
      tokenAudience: presign
      leaderElection:
        leaseDurationSeconds: 30
      authCacheSeconds: 20
      s3TimeoutSeconds: 7
      classProbeSeconds: 600
      issueTimeoutSeconds: 15
      reconcileThreads: 4
      extraEnv:
        - name: AWS_REGION
          value: eu-west-1
      serviceMonitor:
        enabled: true
        interval: 15s
        labels:
          release: prometheus
      metrics:
        grafanaDashboard:
          enabled: true
          namespace: monitoring
          annotations:
            grafana_folder: Uploads
        prometheusRule:
          enabled: true
          labels:
            release: prometheus
      networkPolicy:
        enabled: true
        ingressNamespaceSelector:
          matchLabels:
            uploads.presign.dev/client: "true"
      uploadClasses:
        - name: default
          default: true
          spec:
            bucket: acme-uploads
            region: eu-west-1
            credentials:
              secretRef:
                name: s3-credentials
            keyPrefix: media/
            allowedUploadTo: [uploads, avatars]
            maxFileSize: 100Mi
            allowedContentTypes: [application/pdf, image/*]
            defaultExpiresInSeconds: 3600
            maxExpiresInSeconds: 604800
            ttlSecondsAfterFinished: 86400
            namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: team-a
            successActionStatus: 201
        - name: irsa
          labels:
            team: platform
          spec:
            bucket: acme-irsa-uploads
            region: us-east-2
        - name: minio
          spec:
            bucket: uploads
            endpoint: http://minio.storage.svc:9000
            addressingStyle: path
            method: PUT
            credentials:
              secretRef:
                namespace: shared-secrets
                name: minio-credentials
      """;
}
