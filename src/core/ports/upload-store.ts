/** What an upload was sent with, kept beside its bytes until a job reads it. */
export type UploadMeta = { workspaceId: string } & Record<string, string>;

/**
 * Holds uploaded files between the request that receives them and the job that processes them.
 * Keys are ids the server generated (`[A-Za-z0-9_-]`), never client input.
 */
export type UploadStore = {
  /** Streams `body` into storage; answers the number of bytes stored. */
  put(key: string, body: ReadableStream<Uint8Array>, meta: UploadMeta): Promise<{ bytes: number }>;
  /** The stored bytes (a fresh stream per call) and meta; null when there is no such upload. */
  open(key: string): Promise<{ body: ReadableStream<Uint8Array>; meta: UploadMeta } | null>;
  /** Removes an upload; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
};

const UPLOAD_KEY = /^[A-Za-z0-9_-]{1,100}$/;

/** In memory: tests, and hosts where the request and the job share one process. */
export function createMemoryUploadStore(): UploadStore & { keys(): string[] } {
  const files = new Map<string, { chunks: Uint8Array[]; meta: UploadMeta }>();
  return {
    async put(key, body, meta) {
      assertKey(key);
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        chunks.push(chunk);
        bytes += chunk.byteLength;
      }
      files.set(key, { chunks, meta });
      return { bytes };
    },
    async open(key) {
      const file = files.get(key);
      if (!file) {
        return null;
      }
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = file.chunks[i++];
          if (chunk) {
            controller.enqueue(chunk);
          } else {
            controller.close();
          }
        },
      });
      return { body, meta: file.meta };
    },
    async delete(key) {
      files.delete(key);
    },
    keys: () => [...files.keys()],
  };
}

export function assertKey(key: string): void {
  if (!UPLOAD_KEY.test(key)) {
    throw new Error(`invalid upload key ${JSON.stringify(key)}`);
  }
}
