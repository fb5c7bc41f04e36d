// The port a benchmark app reports over IPC once it listens (bench/apps/http-overhead/app.cjs).
import type { ChildProcess } from 'node:child_process';

export function listeningPort(child: ChildProcess, name: string, timeoutMs = 20_000): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not listening within ${timeoutMs / 1000} s`)), timeoutMs);
    child.once('message', (message: { listening?: number }) => {
      clearTimeout(timer);
      if (typeof message.listening === 'number') resolve(message.listening);
      else reject(new Error(`${name}: unexpected message`));
    });
    child.once('exit', (code) => reject(new Error(`${name}: exited with ${code} before listening`)));
  });
}
