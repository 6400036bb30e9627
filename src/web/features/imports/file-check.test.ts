import { describe, expect, it } from 'vitest';
import { fileProblem, formatBytes, PREVIEW_BYTES, readFilePreview } from './file-check.js';

describe('fileProblem', () => {
  const file = (name: string, size = 10, type = '') => ({ name, size, type });

  it('accepts .csv files whatever type the browser reports', () => {
    expect(fileProblem(file('guests.csv', 10, 'text/csv'))).toBeNull();
    expect(fileProblem(file('GUESTS.CSV', 10, 'application/vnd.ms-excel'))).toBeNull();
    expect(fileProblem(file('guests.csv'))).toBeNull();
  });

  it('accepts a file without extension only when its type says CSV', () => {
    expect(fileProblem(file('export', 10, 'text/csv'))).toBeNull();
    expect(fileProblem(file('export', 10, 'image/png'))).toMatch(/not a CSV file/);
  });

  it('refuses other files, and explains what to do with a spreadsheet', () => {
    expect(fileProblem(file('photo.png', 10, 'image/png'))).toBe(
      '“photo.png” is not a CSV file. Choose a file ending in .csv.',
    );
    expect(fileProblem(file('guests.xlsx'))).toMatch(/Save the sheet as CSV/);
    expect(fileProblem(file('notes.txt', 10, 'text/plain'))).toMatch(/not a CSV file/);
  });

  it('refuses an empty file', () => {
    expect(fileProblem(file('guests.csv', 0, 'text/csv'))).toMatch(/“guests.csv” is empty/);
  });
});

describe('readFilePreview', () => {
  it('reads a small file whole', async () => {
    const result = await readFilePreview(new Blob(['email,name\nann@example.com,Ann\n']));
    expect(result.preview?.complete).toBe(true);
    expect(result.preview?.rows).toEqual([{ line: 2, cells: ['ann@example.com', 'Ann'] }]);
    expect(result.notUtf8).toBe(false);
  });

  it('reads only the start of a big file and drops the row cut off', async () => {
    const row = 'someone@example.com,Somebody Long Name\n';
    const rows = Math.ceil((2 * PREVIEW_BYTES) / row.length);
    const result = await readFilePreview(new Blob([`email,name\n${row.repeat(rows)}`]));
    const preview = result.preview;
    expect(preview?.complete).toBe(false);
    expect(preview?.rows.length).toBe(Math.floor((PREVIEW_BYTES - 11) / row.length));
    expect(preview?.rows.every((r) => r.cells[1] === 'Somebody Long Name')).toBe(true);
  });

  it('is not fooled by a multi-byte character cut at the slice end', async () => {
    const head = 'name\n';
    const filler = 'a'.repeat(PREVIEW_BYTES - head.length - 1);
    const result = await readFilePreview(new Blob([`${head}${filler}é\n`]));
    expect(result.notUtf8).toBe(false);
  });

  it('notices text that is not UTF-8 and binary files', async () => {
    const latin1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]); // "name\nJosé\n" in Latin-1
    expect((await readFilePreview(new Blob([latin1]))).notUtf8).toBe(true);
    expect((await readFilePreview(new Blob(['a\u0000b']))).binary).toBe(true);
  });
});

describe('formatBytes', () => {
  it('picks a unit people read', () => {
    expect(formatBytes(0, 'en-GB')).toBe('0 bytes');
    expect(formatBytes(532, 'en-GB')).toBe('532 bytes');
    expect(formatBytes(1_234_567, 'en-GB')).toBe('1.2 MB');
    expect(formatBytes(64_000, 'en-GB')).toBe('64 kB');
    expect(formatBytes(1_500, 'de-DE')).toBe('1,5 kB');
  });
});
