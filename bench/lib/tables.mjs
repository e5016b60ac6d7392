// Generic tables for bench/flash-sale.mjs and bench/checkout.mjs (bench/lib/report.mjs's are
// bench:pages-specific). columns: [{ head, get(row) → string, left? }].

export function textTableOf(columns, rows) {
  const body = rows.map((r) => columns.map((c) => String(c.get(r))));
  const widths = columns.map((c, i) => Math.max(c.head.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((cell, i) => (columns[i].left ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(columns.map((c) => c.head)), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function markdownTableOf(columns, rows) {
  return [
    `| ${columns.map((c) => c.head).join(' | ')} |`,
    `| ${columns.map((c) => (c.left ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => String(c.get(r)).replaceAll('|', '\\|')).join(' | ')} |`),
  ].join('\n');
}
