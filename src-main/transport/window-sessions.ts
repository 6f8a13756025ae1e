// The session token of each desktop window (by its webContents id), kept in the main process
// so the renderer never holds one; both desktop dispatchers (transport/ipc.ts on this PC's
// database, desktop/hub-forwarder.ts on a hub) keep theirs here. Ending a session is theirs
// to do (`end`): on the local core or over HTTPS.
export class WindowSessions {
  private readonly tokens = new Map<number, string>();
  private readonly end: (token: string) => Promise<void>;

  constructor(end: (token: string) => Promise<void>) {
    this.end = end;
  }

  get(windowId: number): string | undefined { return this.tokens.get(windowId); }
  set(windowId: number, token: string): void { this.tokens.set(windowId, token); }
  delete(windowId: number): void { this.tokens.delete(windowId); }
  has(windowId: number): boolean { return this.tokens.has(windowId); }

  /** A window went away: end its session (best effort) and forget it. */
  async forget(windowId: number): Promise<void> {
    const token = this.tokens.get(windowId);
    this.tokens.delete(windowId);
    if (token) await this.end(token);
  }

  /** Ends every window's session (before the database closes or the app quits). */
  async forgetAll(): Promise<void> {
    for (const id of [...this.tokens.keys()]) await this.forget(id);
  }
}
