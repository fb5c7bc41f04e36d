// The time windows the bug list offers (the page's menu and `faultline bugs --window`).
export const WINDOWS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type BugWindow = (typeof WINDOWS)[number];

const WINDOW_MS: Readonly<Record<BugWindow, number>> = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

export function isWindow(value: unknown): value is BugWindow {
  return typeof value === 'string' && (WINDOWS as readonly string[]).includes(value);
}

/** The window ending now (or at `endMs`), in milliseconds since the epoch. */
export function windowRange(window: BugWindow, endMs: number = Date.now()): { startMs: number; endMs: number } {
  return { startMs: endMs - WINDOW_MS[window], endMs };
}
