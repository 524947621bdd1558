import { randomBytes } from 'node:crypto';
import { DuplicateError, type Store } from '@flowsync/store';
import { ConfigError, type ServerConfig } from '../config.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

/**
 * Creates the first admin when the store has no user at all: with `config.adminPassword` (from
 * FLOWSYNC_ADMIN_PASSWORD) when set, else with a generated password that is returned (never logged
 * here) for the start command to print once. Never logs a password.
 *
 * @example
 * ```ts
 * const admin = await ensureFirstAdmin(store, config, (line) => console.log(line));
 * if (admin.generatedPassword) console.log(`Sign in as ${admin.email} with ${admin.generatedPassword}`);
 * ```
 */
export async function ensureFirstAdmin(
  store: Store,
  config: Pick<ServerConfig, 'adminEmail' | 'adminPassword'>,
  log: (line: string) => void,
): Promise<{ created: boolean; email: string; generatedPassword?: string }> {
  const email = config.adminEmail.trim();
  if ((await store.users.count()) > 0) return { created: false, email };
  if (config.adminPassword !== undefined && [...config.adminPassword].length < MIN_PASSWORD_LENGTH) {
    throw new ConfigError(`FLOWSYNC_ADMIN_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const generatedPassword =
    config.adminPassword === undefined ? randomBytes(18).toString('base64url') : undefined;
  const password = config.adminPassword ?? generatedPassword ?? '';
  try {
    const user = await store.users.create({
      email,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
      disabled: false,
    });
    await store.audit.append({
      actor: 'system',
      action: 'user.create',
      subject: `user:${user.id}`,
      detail: { email, role: 'admin', firstAdmin: true },
    });
  } catch (error) {
    // Another process starting on the same store created it first.
    if (error instanceof DuplicateError) return { created: false, email };
    throw error;
  }
  log(
    generatedPassword === undefined
      ? `Created the first admin account ${email} with the password from FLOWSYNC_ADMIN_PASSWORD`
      : `Created the first admin account ${email} with a generated password`,
  );
  return generatedPassword === undefined
    ? { created: true, email }
    : { created: true, email, generatedPassword };
}
