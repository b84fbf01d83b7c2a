import type * as S3 from '@aws-sdk/client-s3';
import type { S3Settings } from '../config.js';
import type { Storage } from './storage.js';

/**
 * Uploads in an S3-compatible bucket (AWS, MinIO, Ceph, Hetzner, …), behind the same interface as the
 * data directory. The SDK is loaded on the first use: an installation on the data directory never
 * loads it, and one on S3 starts its first answer sooner.
 */
export function s3Storage(settings: S3Settings): Storage {
  let loading: Promise<{ sdk: typeof S3; client: S3.S3Client }> | undefined;
  const s3 = () => {
    loading ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        endpoint: settings.endpoint,
        region: settings.region,
        forcePathStyle: settings.forcePathStyle,
        credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      }),
    }));
    return loading;
  };
  const key = (name: string) => `${settings.prefix}${name}`;
  return {
    async put(name, bytes) {
      const { sdk, client } = await s3();
      await client.send(new sdk.PutObjectCommand({ Bucket: settings.bucket, Key: key(name), Body: bytes }));
    },
    async get(name) {
      const { sdk, client } = await s3();
      try {
        const object = await client.send(
          new sdk.GetObjectCommand({ Bucket: settings.bucket, Key: key(name) }),
        );
        return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
      } catch (error) {
        if (error instanceof sdk.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    async delete(name) {
      const { sdk, client } = await s3();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: settings.bucket, Key: key(name) }));
    },
    async *list() {
      const { sdk, client } = await s3();
      let token: string | undefined;
      do {
        const page = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: settings.bucket,
            Prefix: settings.prefix || undefined,
            ContinuationToken: token,
          }),
        );
        for (const object of page.Contents ?? [])
          if (object.Key) yield object.Key.slice(settings.prefix.length);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
