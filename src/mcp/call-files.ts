import { AsyncLocalStorage } from 'node:async_hooks';
import { trackIndexFiles } from '../store/index-file.js';

/**
 * The index files a call of the MCP server opened, closed when the call is
 * done. The server lives as long as the agent's session and opens the index
 * cache on every call (to see what other processes wrote since); without
 * this, each call left a file handle open until the process ran out. Calls
 * may overlap, so each one closes only its own.
 */
const opened = new AsyncLocalStorage<Array<{ close(): void }>>();
let installed = false;

export async function withCallFiles<T>(run: () => Promise<T>): Promise<T> {
  if (!installed) {
    trackIndexFiles((file) => opened.getStore()?.push(file));
    installed = true;
  }
  const files: Array<{ close(): void }> = [];
  try {
    return await opened.run(files, run);
  } finally {
    for (const f of files) f.close();
  }
}
