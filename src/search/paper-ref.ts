import type { PaperRef } from '../index/record-store.js';

/**
 * Reads how an API or CLI user names a paper: `doi:10.1103/PhysRevD.76.013009` (any case),
 * `arxiv:0704.0001`, or the paper's id.
 */
export function parsePaperRef(text: string): PaperRef {
  const doi = /^doi:\s*(.+)$/i.exec(text);
  if (doi) return { doi: doi[1] };
  const arxiv = /^arxiv:\s*(.+)$/i.exec(text);
  if (arxiv) return { arxivId: arxiv[1].replace(/v\d+$/, '') };
  return { id: text };
}
