#!/bin/sh
# One-shot MinIO preparation (run by the `minio-init` service with the `mc` image), idempotent:
#   1. the bucket, created WITH OBJECT LOCK (only possible at creation; it also turns versioning on),
#   2. versioning enabled (and checked),
#   3. an application user that may read and write objects but may not delete the bucket, change its
#      versioning or lock configuration, or bypass governance retention.
# The MinIO root credentials stay with the operators; Témoin uses TEMOIN_S3_ACCESS_KEY/SECRET_KEY.
set -eu
: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${TEMOIN_S3_BUCKET:?}"
: "${TEMOIN_S3_ACCESS_KEY:?}" "${TEMOIN_S3_SECRET_KEY:?}"
B="$TEMOIN_S3_BUCKET"
case "$MINIO_ROOT_PASSWORD" in
    changeme|change-me|password|secret|minioadmin)
        echo "MINIO_ROOT_PASSWORD is still the example's placeholder: set a random one in .env" >&2; exit 1 ;;
esac
if [ "${#MINIO_ROOT_PASSWORD}" -lt 16 ] || [ "${#TEMOIN_S3_SECRET_KEY}" -lt 16 ]; then
    echo "MINIO_ROOT_PASSWORD and TEMOIN_S3_SECRET_KEY need 16+ characters (openssl rand -hex 24)" >&2; exit 1
fi

mc alias set store http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

if ! mc stat "store/$B" >/dev/null 2>&1; then
    mc mb --with-lock "store/$B"
fi
mc version enable "store/$B"
mc version info "store/$B" | grep -qi enabled || { echo "versioning is not enabled on $B" >&2; exit 1; }
if ! mc retention info --default "store/$B" >/dev/null 2>&1; then
    echo "bucket $B has no object lock: it was created without --with-lock; see docs/deploy.md" >&2
    exit 1
fi

cat > /tmp/temoin-app.json <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:*"],
     "Resource": ["arn:aws:s3:::$B", "arn:aws:s3:::$B/*"]},
    {"Effect": "Deny",
     "Action": ["s3:DeleteBucket", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration",
                "s3:BypassGovernanceRetention", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                "s3:PutLifecycleConfiguration"],
     "Resource": ["arn:aws:s3:::$B", "arn:aws:s3:::$B/*"]}
  ]
}
POLICY
mc admin policy create store temoin-app /tmp/temoin-app.json
mc admin user add store "$TEMOIN_S3_ACCESS_KEY" "$TEMOIN_S3_SECRET_KEY"
if ! mc admin user info store "$TEMOIN_S3_ACCESS_KEY" | grep -q temoin-app; then
    mc admin policy attach store temoin-app --user "$TEMOIN_S3_ACCESS_KEY"
fi
echo "bucket $B ready: object lock on, versioning on, user $TEMOIN_S3_ACCESS_KEY attached to temoin-app"
