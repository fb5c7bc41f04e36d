// Public types shared across the core modules.

/** How bad a failure is. Ordered from least to most urgent. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Response mode: production never shows internals, development shows redacted detail. */
export type Mode = 'production' | 'development';
