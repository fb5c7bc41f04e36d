// What a child process's heap holds after a full garbage collection, read through its inspector (the app
// started with --inspect=127.0.0.1:0). RSS is no measure of what the SDK keeps: it also counts the heap V8
// reserves, and V8 13.6 (Node 24) reserves tens of MB more under load whatever the app does.
import type { RunningApp } from '../../support';

const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

export const INSPECT_LOOPBACK = '--inspect=127.0.0.1:0';

/** Heap in use after a full GC, in MiB. */
export async function heapAfterGcMiB(app: RunningApp): Promise<number> {
  const url = INSPECTOR_URL.exec(app.stderr())?.[1];
  if (url === undefined) throw new Error(`the app has no inspector: start it with ${INSPECT_LOOPBACK}`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
  });
  let nextId = 0;
  const call = (method: string): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
    const id = ++nextId;
    const onMessage = (event: MessageEvent): void => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      if (message.id !== id) return;
      socket.removeEventListener('message', onMessage);
      if (message.error) reject(new Error(`${method}: ${message.error.message}`));
      else resolve(message.result ?? {});
    };
    socket.addEventListener('message', onMessage);
    socket.send(JSON.stringify({ id, method }));
  });
  try {
    await call('HeapProfiler.collectGarbage');
    const { usedSize } = await call('Runtime.getHeapUsage');
    return Number(usedSize) / (1024 * 1024);
  } finally {
    socket.close();
  }
}
