// A POST held back over a raw socket: its headers go out now, its body only when the test says, so another request
// of the same session can run in between, deterministically.
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface HeldPost {
  /** Sends the body: the server can then finish the request. */
  release(): void;
  /** The response's status and raw text (headers and body). */
  response: Promise<{ status: number | undefined; text: string }>;
}

export function heldPost(server: Server, path: string, cookie: string, fields: Record<string, string>, ms = 5000): HeldPost {
  const { port } = server.address() as AddressInfo;
  const body = new URLSearchParams(fields).toString();
  const socket = connect(port, '127.0.0.1');
  const response = new Promise<{ status: number | undefined; text: string }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ms} ms to the held POST ${path}`));
    }, ms);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // the close below settles
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    });
  });
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
  );
  return { release: () => void socket.write(body), response };
}
