import type { Request, Response } from 'express';
import { paperRecord, type Paper, type PaperRecord } from '../corpus/paper.js';
import { toBibtex } from '../export/bibtex-writer.js';
import { toCsv } from '../export/csv-writer.js';
import { toRis } from '../export/ris-writer.js';
import { EXPORT_FORMATS, EXPORT_TYPES, type ExportFormat } from './export-formats.js';

const WRITERS: Readonly<Record<ExportFormat, (records: readonly PaperRecord[]) => string>> = {
  bibtex: toBibtex,
  ris: toRis,
  csv: toCsv,
};

/** Results to answer as a file: its format, its name without extension, and the papers. */
export interface ExportFile {
  format: ExportFormat;
  name: string;
  papers: Paper[];
}

/**
 * The export a request asks for: `format=` when given, else an Accept header that prefers one
 * of the export types to JSON; null for JSON (also when Accept names nothing this API sends).
 */
export function requestedExport(
  req: Request,
  format: ExportFormat | undefined,
): ExportFormat | null {
  if (format) return format;
  const types = EXPORT_FORMATS.map((f) => EXPORT_TYPES[f].mime);
  const preferred = req.accepts(['application/json', ...types]);
  return EXPORT_FORMATS.find((f) => EXPORT_TYPES[f].mime === preferred) ?? null;
}

/** Sends the papers as an attachment in the file's format (UTF-8). */
export function sendExport(res: Response, file: ExportFile): void {
  const { mime, extension } = EXPORT_TYPES[file.format];
  res.attachment(`${file.name}.${extension}`);
  res.type(`${mime}; charset=utf-8`);
  res.send(WRITERS[file.format](file.papers.map(paperRecord)));
}

/** A file name from free text or an id: ASCII letters, digits and dashes, at most 60. */
export function fileSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'results';
}
