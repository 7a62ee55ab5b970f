// Plain helpers for errors of unknown shape, shared by every layer.

/** An error's message for a log line (an AggregateError's inner messages, joined). */
export function messageOf(err: unknown): string {
  if (err instanceof AggregateError) return err.errors.map(messageOf).join('; ') || err.message;
  return err instanceof Error ? err.message || err.name : String(err);
}
