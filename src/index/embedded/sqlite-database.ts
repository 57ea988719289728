import Database from 'better-sqlite3';

/**
 * One better-sqlite3 connection with its prepared statements cached (preparing dominates small
 * queries) and the settings every embedded file shares: WAL while written, so a killed job
 * leaves a recoverable file.
 */
export class SqliteDatabase {
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly handle: Database.Database,
    readonly readonly: boolean,
  ) {}

  static open(
    file: string,
    options: { readonly?: boolean; synchronous?: 'NORMAL' | 'FULL' } = {},
  ): SqliteDatabase {
    const readonly = options.readonly ?? false;
    const handle = new Database(file, { readonly, fileMustExist: readonly });
    if (!readonly) {
      handle.pragma('journal_mode = WAL');
      handle.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      handle.pragma('busy_timeout = 5000');
    }
    return new SqliteDatabase(handle, readonly);
  }

  sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.handle.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  /** Runs fn in one transaction: all of it lands, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.handle.transaction(fn)();
  }

  /**
   * Makes the file self-contained (no WAL beside it), so a published version can be opened
   * read-only by any number of servers. Only the main file: an attached one is not this
   * connection's to change.
   */
  seal(): void {
    this.handle.pragma('main.journal_mode = DELETE');
  }

  get isOpen(): boolean {
    return this.handle.open;
  }

  close(): void {
    if (this.handle.open) this.handle.close();
  }
}
