/** Files a result list may be answered as, for reference managers and spreadsheets. */
export const EXPORT_FORMATS = ['bibtex', 'ris', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Each format's media type (asked for in Accept, sent as Content-Type) and file extension. */
export const EXPORT_TYPES: Readonly<Record<ExportFormat, { mime: string; extension: string }>> = {
  bibtex: { mime: 'application/x-bibtex', extension: 'bib' },
  ris: { mime: 'application/x-research-info-systems', extension: 'ris' },
  csv: { mime: 'text/csv', extension: 'csv' },
};
