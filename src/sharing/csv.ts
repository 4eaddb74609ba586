/**
 * `/notices.csv`, for spreadsheets: RFC 4180 (comma, double quotes, CRLF), UTF-8 with a byte
 * order mark so that spreadsheets read accents right, one row per notice, lists joined by " ; ".
 * The JSON stays the reference; the CSV is a convenience.
 */
import { NOTICE_KEYS } from '../notices/schema.ts';
import type { ExportedNotice } from './export.ts';

export const CSV_LIST_SEPARATOR = ' ; ';
export const CSV_COLUMNS = ['slug', 'url', ...NOTICE_KEYS.flatMap((key) => (key === 'logo' ? ['logo', 'logo_url'] : [key])), 'description_longue'] as const;

/**
 * A cell a spreadsheet could run as a formula (one beginning with =, +, -, @, a tab or a carriage
 * return: « - HYPERLINK(…) » is evaluated too) gets a leading apostrophe (OWASP's advice).
 */
export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly string[])[], { bom = true } = {}): string {
  return (bom ? '\uFEFF' : '') + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(CSV_LIST_SEPARATOR);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  return String(value);
}

export function noticesCsv(notices: readonly ExportedNotice[]): string {
  const record = (notice: ExportedNotice) => notice as unknown as Record<string, unknown>;
  return toCsv([[...CSV_COLUMNS], ...notices.map((notice) => CSV_COLUMNS.map((column) => defuse(cellOf(record(notice)[column]))))]);
}

/** Reads RFC 4180 text back into rows (the tests check the export with it). */
export function parseCsv(text: string): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (char === '"') throw new Error(`guillemet inattendu, ligne ${rows.length + 1}`);
    else cell += char;
  }
  if (quoted) throw new Error('guillemet non refermé');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
