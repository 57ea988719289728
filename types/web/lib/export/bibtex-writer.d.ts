// The page imports the compiled export writer the server serves at /lib/export/; type-checking
// the page sees its source.
export { toBibtex } from '../../../../src/export/bibtex-writer.js';
