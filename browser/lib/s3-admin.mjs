// What an operator of the bucket would check with `aws s3api list-multipart-uploads`: the
// multipart uploads S3 still holds, asked of local mode's S3Proxy with a SigV4-signed GET (S3Proxy
// verifies the signature). The keys are local mode's own (LocalMode, S3ProxyServer): nothing real.
import { createHash, createHmac } from 'node:crypto';
import { S3_ENDPOINT } from './harness.mjs';

const ACCESS_KEY = 'test-access-key';
const SECRET_KEY = 'local-secret-key';
const REGION = 'us-east-1';
const BUCKET = 'uploads';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** The upload ids of every multipart upload in progress in local mode's bucket. */
export async function multipartUploadsInProgress() {
  const url = new URL(`${S3_ENDPOINT}/${BUCKET}?uploads=`);
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256('');
  const headers = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
  const signedHeaders = Object.keys(headers).join(';');
  const canonical = [
    'GET',
    `/${BUCKET}`,
    'uploads=',
    ...Object.entries(headers).map(([name, value]) => `${name}:${value}`),
    '',
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${REGION}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${SECRET_KEY}`, day);
  for (const part of [REGION, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const response = await fetch(url, {
    headers: {
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
      Authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    signal: AbortSignal.timeout(20_000),
  });
  const xml = await response.text();
  if (!response.ok) throw new Error(`ListMultipartUploads answered ${response.status}: ${xml.slice(0, 300)}`);
  return [...xml.matchAll(/<UploadId>([^<]*)<\/UploadId>/g)].map((match) => match[1]);
}
