// The floors' page: plain HTML of the size the bench asks for (FLOOR_PAGE_BYTES), built once at start.

export function floorPage(): string {
  const bytes = Number(process.env.FLOOR_PAGE_BYTES ?? '3000');
  const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><p>';
  const tail = '</p></body></html>\n';
  return head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}

export function floorPort(): number {
  return Number(process.env.PORT ?? '3000');
}
