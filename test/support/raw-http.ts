// Sends raw bytes to a server on loopback and returns what came back, parsed just enough to assert on:
// for requests no HTTP client would send (malformed, oversized, odd Expect values). Bounded in time.
import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when nothing (or no status line) came back before the connection closed. */
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly raw: string;
}

export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const head = split === -1 ? raw : raw.slice(0, split);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      resolve({ status, headers, body: split === -1 ? '' : raw.slice(split + 4), raw });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A complete answer on a connection kept alive: done, no need to wait for the close.
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      if (split === -1) return;
      const head = text.slice(0, split);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
      const chunked = /\r\ntransfer-encoding: *chunked/i.test(head);
      if ((length !== undefined && text.length - split - 4 >= Number(length)) || (chunked && text.endsWith('0\r\n\r\n'))) finish();
    });
    socket.on('error', () => {});
    socket.on('close', finish);
    socket.on('connect', () => socket.write(bytes));
  });
}
