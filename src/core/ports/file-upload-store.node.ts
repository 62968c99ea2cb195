import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { assertKey, type UploadMeta, type UploadStore } from './upload-store';

/**
 * Uploads as files in a folder (the Node host uses `<dataDir>/uploads`): `<key>.upload` holds the
 * bytes, written to a temporary name first; `<key>.json` the meta, written last (an upload
 * without it does not exist).
 */
export function createFileUploadStore(folder: string): UploadStore {
  const paths = (key: string) => {
    assertKey(key);
    return { data: join(folder, `${key}.upload`), meta: join(folder, `${key}.json`) };
  };
  return {
    async put(key, body, meta) {
      const p = paths(key);
      await mkdir(folder, { recursive: true });
      const partial = `${p.data}.partial`;
      let bytes = 0;
      const counted = body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            bytes += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      try {
        await counted.pipeTo(Writable.toWeb(createWriteStream(partial)));
        await rename(partial, p.data);
        await writeFile(p.meta, JSON.stringify(meta));
      } catch (error) {
        await rm(partial, { force: true });
        await rm(p.meta, { force: true });
        throw error;
      }
      return { bytes };
    },
    async open(key) {
      const p = paths(key);
      let meta: UploadMeta;
      try {
        meta = JSON.parse(await readFile(p.meta, 'utf8')) as UploadMeta;
      } catch {
        return null;
      }
      const body = Readable.toWeb(
        createReadStream(p.data),
      ) as unknown as ReadableStream<Uint8Array>;
      return { body, meta };
    },
    async delete(key) {
      const p = paths(key);
      await rm(p.data, { force: true });
      await rm(p.meta, { force: true });
    },
  };
}
