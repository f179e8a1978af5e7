import { createInterface } from 'node:readline/promises';
import { generatePassword } from '../auth/passwords.ts';
import type { Db } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import { usernameSchema } from '../../../contracts/auth.ts';
import { createFirstAdmin, setupNeeded } from './installation.service.ts';

/**
 * A first start without the demo (DEMO=0) on an installation with no account: says how the first
 * administrator is made — the first-run page, open only from this machine, or the console — and,
 * when the server runs in a terminal, asks for the name here and prints a generated password once.
 * Whichever comes first counts; the other is then told the installation has its administrator.
 */
export async function askForFirstAdmin(db: Db, url: string): Promise<void> {
  if (!(await setupNeeded(db))) return;
  const port = new URL(url).port;
  console.log(
    [
      '[setup] no account yet. Make the first administrator (its jurisdiction: the whole installation):',
      `[setup]   on this machine, open http://localhost:${port}/setup`,
      '[setup]   or: npm run users -- create --username NAME --role admin --jurisdiction ""',
    ].join('\n'),
  );
  if (!process.stdin.isTTY) return;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // the first-run page may be quicker: then the question goes away
  const ac = new AbortController();
  const watch = setInterval(() => {
    void setupNeeded(db).then(
      (needed) => !needed && ac.abort(),
      () => undefined,
    );
  }, 2000);
  watch.unref();
  try {
    for (;;) {
      let typed: string;
      try {
        typed = await rl.question('[setup] or type its user name here (Enter: admin): ', {
          signal: ac.signal,
        });
      } catch {
        console.log('\n[setup] the first administrator was made on the first-run page');
        return;
      }
      const answer = typed.trim() || 'admin';
      const name = usernameSchema.safeParse(answer);
      if (!name.success) {
        console.log(`[setup] ${name.error.issues[0]?.message ?? 'not a user name'}`);
        continue;
      }
      const password = generatePassword();
      try {
        await createFirstAdmin(
          db,
          { username: name.data, displayName: name.data, password },
          { ip: 'console', userAgent: 'server console' },
        );
        console.log(
          `[setup] administrator ${name.data} created; its password (shown once): ${password}\n[setup] change it with npm run users -- reset-password --username ${name.data}`,
        );
      } catch (err) {
        if (err instanceof HttpError && err.code === 'already_set_up') console.log(`[setup] ${err.message}`);
        else throw err;
      }
      return;
    }
  } finally {
    clearInterval(watch);
    rl.close();
  }
}
