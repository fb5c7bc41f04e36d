// http-overhead-body-parser: the same app and routes as http-overhead with `express.json()` in front of
// every route, as most Express apps have. The parser sets `req.body` on every request after Express's
// prototype swap, and Faultline does not create `req.body` ahead (see frameworks/express-shapes.ts), so
// this is where the Express shapes help least. Variants: uninstrumented, Faultline with its default and
// with the shapes setting flipped, and the uninstrumented app with only the shapes. Same knobs as http-overhead.
import { SHAPES_FLIPPED, run as runHttpOverhead } from './http-overhead.bench';
import type { RunOptions, VariantResult } from './http-overhead.bench';

export function run(options: RunOptions = {}): Promise<VariantResult[]> {
  return runHttpOverhead({
    ...options,
    bodyParser: true,
    only: options.only ?? ['faultline', `faultline, shapes ${SHAPES_FLIPPED}`, 'uninstrumented, shapes only'],
  });
}
