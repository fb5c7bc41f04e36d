/** A request target's path without its query string (which may carry a token). */
export function pathWithoutQuery(target: string): string {
  const question = target.indexOf('?');
  return question === -1 ? target : target.slice(0, question);
}
