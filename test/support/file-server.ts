/**
 * A local HTTP server that serves one file and misbehaves on request: drops
 * the connection once mid-way, ignores Range, stalls, or answers an error.
 * Stands in for the CIFAR-10 host, which tests cannot reach.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServerOptions {
  /** Honour `Range: bytes=N-` with 206 (default true). */
  supportRange?: boolean;
  /** Destroy the socket after this many body bytes, on the first response only. */
  dropOnceAfter?: number;
  /** Send this many body bytes, then keep the connection open without sending more. */
  stallAfter?: number;
  /** Answer every request with this status and no body. */
  status?: number;
  chunkSize?: number;
}

export interface FileServer {
  url: string;
  /** The Range header of each request received (undefined when none). */
  requests: Array<{ range: string | undefined }>;
  close(): Promise<void>;
}

function write(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

export async function startFileServer(body: Uint8Array, options: FileServerOptions = {}): Promise<FileServer> {
  const { supportRange = true, chunkSize = 16 * 1024 } = options;
  const requests: FileServer['requests'] = [];
  let dropped = false;
  const server = createServer((req, res) => {
    const range = req.headers.range;
    requests.push({ range });
    if (options.status) {
      res.writeHead(options.status).end();
      return;
    }
    const match = range ? /^bytes=(\d+)-$/.exec(range) : null;
    let start = 0;
    if (match && supportRange) {
      start = Number(match[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Length': body.length - start,
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'Accept-Ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'Content-Length': body.length });
    }
    void (async () => {
      let sent = 0;
      for (let offset = start; offset < body.length; offset += chunkSize) {
        if (options.dropOnceAfter !== undefined && !dropped && sent >= options.dropOnceAfter) {
          dropped = true;
          // Let the bytes already written reach the client before the connection dies.
          await new Promise((r) => setTimeout(r, 20));
          res.socket?.destroy();
          return;
        }
        if (options.stallAfter !== undefined && sent >= options.stallAfter) return;
        const chunk = body.subarray(offset, Math.min(offset + chunkSize, body.length));
        await write(res, chunk);
        sent += chunk.length;
      }
      res.end();
    })().catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cifar-10-binary.tar.gz`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
