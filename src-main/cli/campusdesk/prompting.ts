// Prompts (@inquirer/prompts) with one way out: Esc or Ctrl+C in any prompt throws
// `Cancelled`, which the menu takes as "back to the menu" and a command as "stop quietly".
import { emitKeypressEvents } from 'node:readline';

export class Cancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'Cancelled';
  }
}

/** @inquirer/prompts, loaded at the first prompt (a command run by a script never asks). */
export const prompts = () => import('@inquirer/prompts');

type PromptFn<C, A> = (config: C, context?: { signal?: AbortSignal }) => Promise<A>;

/** Runs one prompt; Esc aborts it, and both Esc and Ctrl+C become `Cancelled`. */
export async function ask<C, A>(prompt: PromptFn<C, A>, config: C): Promise<A> {
  const controller = new AbortController();
  const stdin = process.stdin;
  emitKeypressEvents(stdin);
  const onKey = (_s: string, key: { name?: string } | undefined) => {
    if (key?.name === 'escape') controller.abort();
  };
  stdin.on('keypress', onKey);
  try {
    return await prompt(config, { signal: controller.signal });
  } catch (err) {
    // @inquirer/core's ExitPromptError (Ctrl+C) and AbortPromptError (our Esc), by name.
    const name = (err as Error | null)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw new Cancelled();
    throw err;
  } finally {
    stdin.off('keypress', onKey);
  }
}

/** Everything on stdin (for --password-stdin), without the final line break. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
