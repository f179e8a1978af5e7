/**
 * npm run users -- create --username x --role operator --jurisdiction 120106001 [--password ...] [--name ...]
 * npm run users -- reset-password --username x [--password ...]
 * Without --password one is generated and printed once. A thin layer over users.service.ts.
 */
import { parseArgs } from 'node:util';
import { createUserBodySchema, passwordSchema, usernameSchema } from '../../../contracts/auth.ts';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/open.ts';
import { parse } from '../http/validate.ts';
import { createUser, resetPassword } from '../users/users.service.ts';
import { generatePassword } from './passwords.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    jurisdiction: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
  },
});

const generated = values.password === undefined ? generatePassword() : undefined;

async function main(): Promise<string> {
  const command = positionals[0];
  if (command !== 'create' && command !== 'reset-password')
    throw new Error(
      'usage: users create --username x --role r --jurisdiction code | users reset-password --username x',
    );
  const password = values.password ?? generated!;
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (command === 'create') {
      const body = parse(
        createUserBodySchema,
        {
          username: values.username,
          role: values.role,
          jurisdiction: values.jurisdiction ?? '',
          displayName: values.name ?? '',
          password,
        },
        'arguments',
      );
      const user = await createUser(db, body);
      return `created ${user.username} (${user.role}, jurisdiction '${user.jurisdiction}')`;
    }
    const username = parse(usernameSchema, values.username, 'username');
    await resetPassword(db, username, parse(passwordSchema, password, 'password'));
    return `password of ${username} reset; its sessions and API tokens are revoked`;
  } finally {
    await db.close();
  }
}

main().then(
  (msg) => {
    console.log(msg);
    if (generated) console.log(`password (shown once): ${generated}`);
  },
  (err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
