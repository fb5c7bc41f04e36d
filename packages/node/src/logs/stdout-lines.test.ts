import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TurnBatchedLines } from './stdout-lines';

function recordingSink(): { writes: string[]; write(bytes: Uint8Array): void } {
  const writes: string[] = [];
  return { writes, write: (bytes) => void writes.push(Buffer.from(bytes).toString('utf8')) };
}

describe('TurnBatchedLines', () => {
  it('writes the lines of one turn in one write, in order, once that turn is over', async () => {
    const sink = recordingSink();
    const lines = new TurnBatchedLines(sink);
    lines.write('{"a":1}\n');
    lines.write('{"b":2}\n');
    expect(sink.writes).toEqual([]);
    await nextTurn();
    expect(sink.writes).toEqual(['{"a":1}\n{"b":2}\n']);
    lines.write('{"c":3}\n');
    await nextTurn();
    expect(sink.writes).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });

  it('writes at once when a turn has logged 64 KiB, so a busy loop cannot hold lines without bound', () => {
    const sink = recordingSink();
    const lines = new TurnBatchedLines(sink);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 64; i += 1) lines.write(line);
    expect(sink.writes).toHaveLength(1);
    expect(sink.writes[0]).toHaveLength(64 * 1024);
  });

  it('keeps every character of lines that are not ASCII, and a line longer than the turn buffer', async () => {
    const sink = recordingSink();
    const lines = new TurnBatchedLines(sink);
    const long = `${'é€😀'.repeat(5000)}\n`;
    lines.write('{"msg":"naïve"}\n');
    lines.write(long);
    lines.write('{"msg":"\u{1F600}"}\n');
    await nextTurn();
    expect(sink.writes).toEqual([`{"msg":"naïve"}\n${long}{"msg":"\u{1F600}"}\n`]);
  });

  it('never throws into the app when the write fails, and goes on writing later lines', async () => {
    let fail = true;
    const written: string[] = [];
    const lines = new TurnBatchedLines({
      write: (bytes) => {
        if (fail) throw Object.assign(new Error('EAGAIN: resource temporarily unavailable'), { code: 'EAGAIN' });
        written.push(Buffer.from(bytes).toString('utf8'));
      },
    });
    lines.write('lost\n');
    await nextTurn();
    fail = false;
    lines.write('kept\n');
    await nextTurn();
    expect(written).toEqual(['kept\n']);
  });

  it('writes what is pending when the process exits in the middle of a turn (process.exit)', () => {
    const script = [
      `const { stdoutLineDestination } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'logs', 'stdout-lines.js'))});`,
      'const lines = stdoutLineDestination();',
      "lines.write('first\\n');",
      "lines.write('second\\n');",
      'process.exit(3);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(child.status).toBe(3);
    expect(child.stdout).toBe('first\nsecond\n');
  });
});
